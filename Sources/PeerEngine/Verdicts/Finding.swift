import PeerRules

/// What one requirement (or one of the engine's checks) found: a verdict, what was measured, what
/// is still needed, and how each evidence row was used. Data only: the wording layer makes its
/// sentences, and nothing of the worker's record is kept.
///
/// An immutable value held by reference: every sink of a night reads each finding several times,
/// and a copy of a struct with these fields retained each of them (about a fifth more CPU).
public final class Finding: Sendable {
    public let subject: FindingSubject
    public let verdict: Verdict
    /// The requirement judged; nil for the engine's checks and for findings read back from results.
    public let requirement: Requirement?
    /// The state whose rules were applied (its providers and ethics code are the state's).
    public let state: String
    /// The day the requirement was judged on: the issue date of a held credential's initial
    /// requirements, otherwise the as-of date.
    public let judgedOn: Day?
    public let measurement: Measurement
    /// What is still needed; empty when met.
    public let shortfalls: [Shortfall]
    public let evidence: [EvidenceUse]

    public init(subject: FindingSubject, verdict: Verdict, requirement: Requirement? = nil, state: String, judgedOn: Day? = nil,
                measurement: Measurement, shortfalls: [Shortfall] = [], evidence: [EvidenceUse] = []) {
        self.subject = subject
        self.verdict = verdict
        self.requirement = requirement
        self.state = state
        self.judgedOn = judgedOn
        self.measurement = measurement
        self.shortfalls = shortfalls
        self.evidence = evidence
        if let requirement, case .requirement(let id) = subject, id.utf8.count == requirement.id.utf8.count {
            quotedID = requirement.quotedID
        } else {
            quotedID = nil
        }
    }

    public var requirementID: String { subject.id }

    /// Appends the subject's key (`key`) as a JSON string: from bytes made when the rules were
    /// loaded for a requirement of the credential's own (no endorsement or path prefix).
    public func appendQuotedKey(to bytes: inout [UInt8]) {
        if let quotedID { bytes.append(contentsOf: quotedID) } else { JSONText.appendString(subject.key, to: &bytes) }
    }

    /// The requirement's id as a JSON string when it is the subject's key (no prefix).
    private let quotedID: [UInt8]?

    /// The requirement's kind, or the check's.
    public var kind: String {
        if let requirement { return requirement.kind.rawValue }
        if case .recorded(let recorded) = measurement { return recorded.kind }
        return subject.checkKind
    }

    /// The SAMHSA model standard the requirement maps to.
    public var standard: String? {
        if let requirement { return requirement.standard }
        if case .recorded(let recorded) = measurement { return recorded.standard }
        return nil
    }

    /// Where the rule was written: the requirement's, or a certificate level's.
    public var location: RuleLocation? {
        if let requirement { return requirement.location }
        switch measurement {
        case .levelTerm(let level, _, _, _, _): return level.location
        case .recorded(let recorded): return recorded.location
        default: return nil
        }
    }

    /// Ids of the rule file's `sources:` the requirement cites (resolved against `location.file`).
    public var sources: [String] { requirement?.sources ?? [] }

    /// Whether the finding carries lived-experience data (health information): its measurement and
    /// reason go to the board's own reports only.
    public var isHealthInformation: Bool { requirement?.kind == .livedExperience || kind == RequirementKind.livedExperience.rawValue }
}

public struct CredentialEvaluation: Sendable {
    public let workerID: Int
    public let certification: RecordRef
    public let key: CredentialKey
    /// The board's certificate number, and its level, as recorded.
    public let number: String?
    public let level: String?
    public let role: Role
    /// `valid_from` of the rule version applied.
    public let ruleVersion: Day?
    public let verdict: CredentialVerdict
    public let expiresOn: Day?
    public let findings: [Finding]

    public init(workerID: Int, certification: RecordRef, key: CredentialKey, number: String?, level: String?, role: Role,
                ruleVersion: Day?, verdict: CredentialVerdict, expiresOn: Day?, findings: [Finding]) {
        self.workerID = workerID
        self.certification = certification
        self.key = key
        self.number = number
        self.level = level
        self.role = role
        self.ruleVersion = ruleVersion
        self.verdict = verdict
        self.expiresOn = expiresOn
        self.findings = findings
    }

    /// The finding to act on first: a lapsed period, then data errors, misses, missing evidence,
    /// what lapses soon, what is phasing in; nil when everything is met. Ties go to the rule
    /// file's order. One pass, no copies but the answer: every report asks this of every credential.
    public var firstAction: Finding? {
        func urgency(_ finding: Finding) -> Int {
            switch finding.verdict {
            case .notMet: finding.subject == .certificationPeriod ? 0 : 2
            case .dataError: 1
            case .insufficientEvidence: 3
            case .expiring: 4
            case .warning: 5
            case .met: 6
            }
        }
        var best: (index: Int, urgency: Int)?
        for index in findings.indices where findings[index].verdict != .met {
            let candidate = urgency(findings[index])
            if candidate < best?.urgency ?? Int.max { best = (index, candidate) }
        }
        return best.map { findings[$0.index] }
    }
}

public struct WorkerEvaluation: Sendable {
    public let workerID: Int
    public let workerName: String?
    public let credentials: [CredentialEvaluation]
    /// The worker's pending transfer requests, decided.
    public var transfers: [TransferDecision] = []
    /// Transfer decisions read back from committed results (a night's join reads its shards').
    public var recordedTransfers: [RecordedTransfer] = []
}

extension WorkerEvaluation {
    /// For evaluations read back from committed results.
    public init(workerID: Int, workerName: String?, credentials: [CredentialEvaluation], recordedTransfers: [RecordedTransfer] = []) {
        self.workerID = workerID
        self.workerName = workerName
        self.credentials = credentials
        self.recordedTransfers = recordedTransfers
    }
}
