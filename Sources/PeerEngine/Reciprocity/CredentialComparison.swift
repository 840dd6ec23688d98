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
        public let basis: CoverageBasis
    }

    /// What covers a requirement of B, or why nothing does.
    public enum CoverageBasis: Sendable {
        case waived(agreement: String)
        /// `state`'s own addition under the agreement.
        case addition(state: String, agreement: String)
        case coveredBy(Cover)
        /// A has a requirement of the same kind that asks less or other.
        case weaker(home: CredentialKey, kind: RequirementKind)
        /// A has no requirement of the kind.
        case absent(home: CredentialKey, kind: RequirementKind)
    }

    /// The home requirements that cover one of B's: one requirement, or each requirement of one of B's paths.
    public indirect enum Cover: Sendable {
        case requirement(home: CredentialKey, id: String)
        case path(id: String, [Cover])
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
            if waives.contains(requirement.id) { return Line(requirement: requirement, coverage: .waived, basis: .waived(agreement: agreement!.id)) }
            if additions.contains(requirement.id) {
                return Line(requirement: requirement, coverage: .addition, basis: .addition(state: target.state, agreement: agreement!.id))
            }
            if let cover = Self.cover(requirement.spec, from: initial, home: home, target: target) {
                return Line(requirement: requirement, coverage: .covered, basis: .coveredBy(cover))
            }
            let sameKind = initial.contains { $0.kind == requirement.kind }
            return Line(requirement: requirement, coverage: .notCovered,
                        basis: sameKind ? .weaker(home: home, kind: requirement.kind) : .absent(home: home, kind: requirement.kind))
        }
    }

    /// The home requirements that cover `wanted`, or nil: for alternative paths, every requirement
    /// of one path covered.
    static func cover(_ wanted: RequirementSpec, from own: [Requirement], home: CredentialKey, target: CredentialKey) -> Cover? {
        if case .oneOf(let alternatives) = wanted {
            for path in alternatives.paths {
                let covers = path.requirements.compactMap { cover($0.spec, from: own, home: home, target: target) }
                if covers.count == path.requirements.count { return .path(id: path.id, covers) }
            }
            return nil
        }
        return own.first { covers($0.spec, wanted, home: home.state, target: target.state) }.map { .requirement(home: home, id: $0.id) }
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
