import PeerRules

/// How a credential's result differs from the previous successful run of the same scope.
public enum ChangeKind: String, Sendable, CaseIterable {
    /// An applicant who now meets every requirement: ready for the board's decision.
    case ready
    case newlyCompliant = "newly_compliant"
    case newlyNonCompliant = "newly_non_compliant"
    case newlyLapsed = "newly_lapsed"
    /// Any other change of verdict.
    case verdictChanged = "verdict_changed"
    /// The same verdict under another version of the rules.
    case ruleVersionChanged = "rule_version_changed"
    case appeared
    case disappeared
}

/// One credential that changed since the previous run.
public struct CredentialChange: Sendable {
    public let workerID: Int
    public let certificationID: Int
    public let key: CredentialKey
    public let number: String?
    public let role: String
    public let kind: ChangeKind
    public let oldVerdict: String?
    public let newVerdict: String?
    public let oldRuleVersion: Day?
    public let newRuleVersion: Day?

    public init(workerID: Int, certificationID: Int, key: CredentialKey, number: String?, role: String, kind: ChangeKind,
                oldVerdict: String?, newVerdict: String?, oldRuleVersion: Day?, newRuleVersion: Day?) {
        self.workerID = workerID
        self.certificationID = certificationID
        self.key = key
        self.number = number
        self.role = role
        self.kind = kind
        self.oldVerdict = oldVerdict
        self.newVerdict = newVerdict
        self.oldRuleVersion = oldRuleVersion
        self.newRuleVersion = newRuleVersion
    }
}

/// A rule file whose contents differ from the previous run's.
public struct RuleFileChange: Sendable {
    public enum Kind: String, Sendable { case changed, added, removed }
    public let path: String
    public let kind: Kind
    public let oldSHA256: String?
    public let newSHA256: String?

    public init(path: String, kind: Kind, oldSHA256: String?, newSHA256: String?) {
        self.path = path
        self.kind = kind
        self.oldSHA256 = oldSHA256
        self.newSHA256 = newSHA256
    }
}

/// The comparison of a run with the previous successful run of its scope.
public struct RunComparison: Sendable {
    /// nil for the first run of a scope: nothing to compare with.
    public let previousRunID: Int?
    public let previousAsOf: Day?
    public let ruleFiles: [RuleFileChange]
    /// Changed credentials by kind of change (every kind present, zero when none).
    public let counts: [ChangeKind: Int]

    public init(previousRunID: Int?, previousAsOf: Day?, ruleFiles: [RuleFileChange], counts: [ChangeKind: Int]) {
        self.previousRunID = previousRunID
        self.previousAsOf = previousAsOf
        self.ruleFiles = ruleFiles
        self.counts = counts
    }

    public var changedCredentials: Int { counts.values.reduce(0, +) }
}
