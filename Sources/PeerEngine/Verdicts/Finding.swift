import PeerRules

/// The verdict on one requirement.
public enum Verdict: String, Sendable, CaseIterable {
    case met
    case notMet = "not_met"
    /// Met now, but lapses inside the horizon.
    case expiring
    /// The evidence needed to decide is missing; missing data never passes.
    case insufficientEvidence = "insufficient_evidence"
    /// A record is unusable (negative hours, a date after the as-of date, an unknown code).
    case dataError = "data_error"
    /// Not met, but the requirement is still phasing in.
    case warning
}

/// The verdict on one credential (held or applied for).
public enum CredentialVerdict: String, Sendable, CaseIterable {
    case compliant
    case atRisk = "at_risk"
    case nonCompliant = "non_compliant"
    case lapsed
    case suspended
    case revoked
    /// An application that does not yet meet every requirement.
    case pending
    /// Cannot be decided: a data error, or no rule in force. The findings say which.
    case error
}

/// How one evidence row was used by a requirement.
public struct EvidenceNote: Sendable, Hashable, CustomStringConvertible {
    public let ref: RecordRef
    public let counted: Bool
    public let note: String
    public init(_ ref: RecordRef, counted: Bool, _ note: String) {
        self.ref = ref
        self.counted = counted
        self.note = note
    }
    public var description: String { "\(ref) \(counted ? "counted" : "not counted"): \(note)" }
}

/// What one requirement measured against what it required, and why that gives its verdict.
public struct Finding: Sendable {
    public let requirementID: String
    public let kind: String
    public let verdict: Verdict
    /// "24 of 40 training hours"
    public let measured: String
    /// "40 training hours"
    public let required: String
    /// "16 hours missing; 2 records not counted"
    public let reason: String
    /// What would cure a miss, when something would.
    public let cure: String?
    public let standard: String?
    public let location: RuleLocation?
    public let evidence: [EvidenceNote]

    public init(requirementID: String, kind: String, verdict: Verdict, measured: String, required: String, reason: String,
                cure: String? = nil, standard: String? = nil, location: RuleLocation? = nil, evidence: [EvidenceNote] = []) {
        self.requirementID = requirementID
        self.kind = kind
        self.verdict = verdict
        self.measured = measured
        self.required = required
        self.reason = reason
        self.cure = cure
        self.standard = standard
        self.location = location
        self.evidence = evidence
    }
}

/// Holder of a credential, or applicant for one.
public enum Role: String, Sendable { case holder, applicant }

public struct CredentialEvaluation: Sendable {
    public let workerID: Int
    public let certification: RecordRef
    public let key: CredentialKey
    public let role: Role
    /// `valid_from` of the rule version applied.
    public let ruleVersion: Day?
    public let verdict: CredentialVerdict
    public let expiresOn: Day?
    public let findings: [Finding]
}

public struct WorkerEvaluation: Sendable {
    public let workerID: Int
    public let credentials: [CredentialEvaluation]
}
