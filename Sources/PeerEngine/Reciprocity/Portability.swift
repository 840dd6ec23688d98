import PeerRules

/// For each pair (home credential, other credential): how many of the home credential's active
/// holders would be eligible, eligible after additions, or not eligible, and which requirements
/// most often stand in the way. Tallies only: memory depends on the number of credentials, never
/// on the number of workers.
public struct PortabilityMatrix: Sendable {
    public struct Pair: Hashable, Sendable, Comparable {
        public let home: CredentialKey
        public let target: CredentialKey
        public init(home: CredentialKey, target: CredentialKey) {
            self.home = home
            self.target = target
        }
        public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.home, lhs.target) < (rhs.home, rhs.target) }
    }

    public struct Cell: Sendable {
        /// Indexed by `TransferOutcome.allCases`.
        public var counts = [Int](repeating: 0, count: TransferOutcome.allCases.count)
        /// Requirement id → holders for whom it is an unmet addition.
        public var additions: [String: Int] = [:]
        /// Requirement id → holders for whom it is unmet (not an addition).
        public var missing: [String: Int] = [:]

        public func count(_ outcome: TransferOutcome) -> Int { counts[outcome.index] }

        /// The most frequent, ties by id: "training-harm-reduction (12)".
        public static func mostCommon(_ tally: [String: Int], limit: Int = 3) -> [(id: String, count: Int)] {
            tally.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map { ($0.key, $0.value) }
        }

        mutating func merge(_ other: Cell) {
            for index in counts.indices { counts[index] += other.counts[index] }
            additions.merge(other.additions, uniquingKeysWith: +)
            missing.merge(other.missing, uniquingKeysWith: +)
        }
    }

    public private(set) var cells: [Pair: Cell] = [:]
    /// Active holders counted, by home credential.
    public private(set) var holders: [CredentialKey: Int] = [:]
    public let targets: [CredentialKey]

    /// `targets`: the credentials every holder is judged against (all shipped ones).
    public init(targets: [CredentialKey]) { self.targets = targets }

    /// Adds each credential the worker holds in good standing, judged against every other target.
    public mutating func add(_ worker: WorkerRecord, evaluator: Evaluator) {
        for held in worker.certifications where evaluator.book.credentials[held.key] != nil && evaluator.standing(of: held) == nil {
            holders[held.key, default: 0] += 1
            for target in targets where target != held.key {
                let decision = evaluator.transfer(worker, holding: held, to: target)
                let pair = Pair(home: held.key, target: target)
                cells[pair, default: Cell()].counts[decision.outcome.index] += 1
                for requirement in decision.requirements {
                    switch requirement.status {
                    case .addition: cells[pair, default: Cell()].additions[requirement.id, default: 0] += 1
                    case .notMet: cells[pair, default: Cell()].missing[requirement.id, default: 0] += 1
                    case .met, .waived: break
                    }
                }
            }
        }
    }

    /// Adds another partial matrix over the same targets (one per thread).
    public mutating func merge(_ other: PortabilityMatrix) {
        for (pair, cell) in other.cells { cells[pair, default: Cell()].merge(cell) }
        holders.merge(other.holders, uniquingKeysWith: +)
    }
}
