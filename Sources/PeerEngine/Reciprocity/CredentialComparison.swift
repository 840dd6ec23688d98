import PeerRules

/// `reciprocity compare A B`, from the rule files alone: which initial requirements of B the
/// requirements of A already cover (the same kind, its minimums at least as high), which not and
/// why, and what an agreement between them waives or adds.
public struct CredentialComparison: Sendable {
    public enum Coverage: String, Sendable {
        case covered
        case notCovered = "not_covered"
        /// Waived under the agreement between the two.
        case waived
        /// The receiving board's addition under the agreement: never covered by A.
        case addition
    }
    public struct Line: Sendable {
        public let requirement: Requirement
        public let coverage: Coverage
        /// The requirement of A that covers it, or why none does.
        public let note: String
    }
    public let home: CredentialKey
    public let target: CredentialKey
    public let day: Day
    public let agreement: ReciprocityAgreement?
    public let lines: [Line]

    public init?(book: RuleBook, home: CredentialKey, target: CredentialKey, on day: Day) {
        guard let homeRules = book.credentials[home], let targetRules = book.credentials[target],
              let own = book.requirements(of: homeRules, on: day)?.requirements,
              let wanted = book.requirements(of: targetRules, on: day)?.requirements else { return nil }
        self.home = home
        self.target = target
        self.day = day
        let agreement = book.agreement(from: home, to: target)
        self.agreement = agreement
        let (waives, additions) = agreement?.terms(for: target) ?? ([], [])
        let initial = own.filter { !$0.isRenewal }
        lines = wanted.filter { !$0.isRenewal }.map { requirement in
            if waives.contains(requirement.id) { return Line(requirement: requirement, coverage: .waived, note: "waived under \(agreement!.id)") }
            if additions.contains(requirement.id) {
                return Line(requirement: requirement, coverage: .addition, note: "\(target.state)'s own addition under \(agreement!.id)")
            }
            if let cover = Self.cover(requirement.spec, from: initial, home: home, target: target) {
                return Line(requirement: requirement, coverage: .covered, note: "by \(cover)")
            }
            let sameKind = initial.contains { $0.kind == requirement.kind }
            return Line(requirement: requirement, coverage: .notCovered,
                        note: sameKind ? "\(home)'s \(requirement.kind.rawValue) requirement asks less or other" : "\(home) has no \(requirement.kind.rawValue) requirement")
        }
    }

    /// The home requirements that cover `wanted` ("MD/CPRS training"), or nil: for alternative
    /// paths, every requirement of one path covered.
    static func cover(_ wanted: RequirementSpec, from own: [Requirement], home: CredentialKey, target: CredentialKey) -> String? {
        if case .oneOf(let alternatives) = wanted {
            for path in alternatives.paths {
                let covers = path.requirements.map { cover($0.spec, from: own, home: home, target: target) }
                if covers.allSatisfy({ $0 != nil }) { return "path \(path.id): " + covers.compactMap { $0 }.joined(separator: ", ") }
            }
            return nil
        }
        return own.first { covers($0.spec, wanted, home: home.state, target: target.state) }.map { "\(home) \($0.id)" }
    }

    /// Whether meeting `own` (a requirement of the home credential) also meets `wanted`.
    static func covers(_ own: RequirementSpec, _ wanted: RequirementSpec, home: String, target: String) -> Bool {
        switch (own, wanted) {
        case let (.age(a), .age(b)):
            return (a.minimumYears ?? 0) >= (b.minimumYears ?? 0) && (b.maximumYears.map { max in a.maximumYears.map { $0 <= max } ?? false } ?? true)
        case let (.residency(a), .residency(b)):
            return Set(a.states).isSubset(of: b.states) && (a.basis == b.basis || b.basis == .liveOrWork)
        case let (.education(a), .education(b)):
            guard let lowest = a.acceptedLevels.map(\.rank).min(), a.orCollegeCredits == nil else { return false }
            return b.acceptedLevels.contains { lowest >= $0.rank }
        case let (.livedExperience(a), .livedExperience(b)):
            return Set(a.acceptedKinds).isSubset(of: b.acceptedKinds) && (a.minimumMonthsInRecovery ?? 0) >= (b.minimumMonthsInRecovery ?? 0)
        case let (.training(a), .training(b)):
            // A board's approval of providers is its own: only the hours carry over.
            return a.totalHours >= b.totalHours && b.domainMinimums.allSatisfy { wanted in
                a.domainMinimums.contains { $0.domain == wanted.domain && $0.hours >= wanted.hours }
            } && (b.windowMonths.map { window in a.windowMonths.map { $0 <= window } ?? false } ?? true) && !b.approvedProvidersOnly
        case let (.exam(a), .exam(b)):
            return Set(a.acceptedExams).isSubset(of: b.acceptedExams) && (b.minimumScore.map { mark in a.minimumScore.map { $0 >= mark } ?? false } ?? true)
        case let (.supervisedExperience(a), .supervisedExperience(b)):
            return a.workHours >= b.workHours && a.supervisionHours >= b.supervisionHours && b.supervisorCredentials.isEmpty
        case (.ethics, .ethics):
            // Each state's own code: a signature for another state's is not one for this.
            return home == target
        case let (.backgroundCheck(a), .backgroundCheck(b)):
            return Set(b.checks).isSubset(of: a.checks) && b.withinMonths == nil
        case let (.workExperience(a), .workExperience(b)):
            return a.months >= b.months && (!b.peerWorkOnly || a.peerWorkOnly) && b.withinMonths == nil
        case (.oneOf(let paths), _):
            // The holder met one path, which one is unknown: every path must cover it.
            return paths.paths.allSatisfy { path in path.requirements.contains { covers($0.spec, wanted, home: home, target: target) } }
        default:
            return false
        }
    }
}
