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

extension Verdict {
    /// Met, or met for now (lapsing inside the horizon, or not yet enforced).
    public var isSatisfied: Bool { self == .met || self == .expiring || self == .warning }

    /// The verdict's place in `allCases`, for counting in arrays.
    public var index: Int {
        switch self {
        case .met: 0
        case .notMet: 1
        case .expiring: 2
        case .insufficientEvidence: 3
        case .dataError: 4
        case .warning: 5
        }
    }
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

/// Why an evidence row counted or did not, as a code reports can group and count by.
public enum EvidenceCode: String, Sendable, CaseIterable {
    case counted
    /// The row is unusable (negative hours, a date after the as-of date, an unknown code).
    case dataError = "data_error"
    /// Dated after the day judged (a holder's issue date).
    case afterReference = "after_reference"
    case outsideWindow = "outside_window"
    case outsideCycle = "outside_cycle"
    /// A renewal period that ended before the credential was issued (initial experience, not renewal).
    case beforeIssue = "before_issue"
    case noProvider = "no_provider"
    case unapprovedProvider = "unapproved_provider"
    case modeNotAccepted = "mode_not_accepted"
    case capReached = "cap_reached"
    /// An exam, level, kind, state or credential this requirement does not accept.
    case notAccepted = "not_accepted"
    case supervisorNotAccepted = "supervisor_not_accepted"
    case notPassed = "not_passed"
    case noScore = "no_score"
    case belowPassMark = "below_pass_mark"
    case attemptsExceeded = "attempts_exceeded"
    /// A later or longer record of the same kind decides instead.
    case superseded
    case noRecoveryStart = "no_recovery_start"
    /// The certification record itself, read by the engine's checks of the certificate.
    case certificate
    case unknownCredential = "unknown_credential"
    case unknownLevel = "unknown_level"
    /// A value that means nothing to the rules (a date at infinity or BC, a NaN number).
    case unreadableValue = "unreadable_value"
}

extension CredentialVerdict {
    /// The verdict's place in `allCases`, for counting in arrays.
    public var index: Int {
        switch self {
        case .compliant: 0
        case .atRisk: 1
        case .nonCompliant: 2
        case .lapsed: 3
        case .suspended: 4
        case .revoked: 5
        case .pending: 6
        case .error: 7
        }
    }
}

/// How one evidence row was used by a requirement: a code, and the sentence for people (notes are
/// made only when a judgement is worded: see `EvaluationDates.explains`).
public struct EvidenceNote: Sendable, Equatable, CustomStringConvertible {
    public let ref: RecordRef
    public let counted: Bool
    public let code: EvidenceCode
    public let note: String

    public init(_ ref: RecordRef, counted: Bool, code: EvidenceCode, _ note: String) {
        self.ref = ref
        self.counted = counted
        self.code = code
        self.note = note
    }

    public var description: String { "\(ref) \(counted ? "counted" : "not counted"): \(note)" }
}

/// What a finding is about: a requirement of the rules, or one of the checks the engine makes of
/// the certificate itself. Typed, so no rule id can pass for a certificate check (a requirement
/// named `certification.period` in a rule file is still a requirement).
public enum FindingSubject: Hashable, Sendable {
    /// A requirement of the rule file, by id (an endorsement's requirements as `endorsement.<id>.<requirement>`).
    case requirement(String)
    case certificationStatus
    case certificationPeriod
    case certificationLevel
    /// A certificate level's maximum term (a provisional certificate), by level id.
    case levelTerm(String)
    /// No rule version in force on the day judged.
    case ruleVersion
    /// No rule file for the credential.
    case unknownCredential
    /// An endorsement the rules do not define, by name.
    case unknownEndorsement(String)
    /// An input value that means nothing to the rules, by row and column (`training_records#7.completed_on`).
    case unreadableValue(RecordRef, column: String)

    /// The id written in reports: a requirement's own id, or the check's fixed name.
    public var id: String {
        switch self {
        case .requirement(let id): id
        case .certificationStatus: "certification.status"
        case .certificationPeriod: "certification.period"
        case .certificationLevel: "certification.level"
        case .levelTerm(let level): "level.\(level).term"
        case .ruleVersion: "rules.version"
        case .unknownCredential: "rules"
        case .unknownEndorsement(let name): "endorsement.\(name)"
        case .unreadableValue(let ref, let column): "input.\(ref).\(column)"
        }
    }

    /// A key no two subjects share: a requirement's id, or `@` and the check's name (no rule id starts
    /// with `@`). Used where findings are listed by id alone (`met`, the results' compact verdicts).
    public var key: String {
        // The fixed checks as literals: every credential has one, and "@" + id would build a string each time.
        switch self {
        case .requirement(let id): id
        case .certificationStatus: "@certification.status"
        case .certificationPeriod: "@certification.period"
        case .certificationLevel: "@certification.level"
        case .ruleVersion: "@rules.version"
        case .unknownCredential: "@rules"
        case .levelTerm, .unknownEndorsement, .unreadableValue: "@" + id
        }
    }

    /// The subject `key` names (nil for a key no subject has): how committed results are read back.
    public init?(key: String) {
        guard key.hasPrefix("@") else {
            self = .requirement(key)
            return
        }
        let id = key.dropFirst()
        switch id {
        case "certification.status": self = .certificationStatus
        case "certification.period": self = .certificationPeriod
        case "certification.level": self = .certificationLevel
        case "rules.version": self = .ruleVersion
        case "rules": self = .unknownCredential
        case _ where id.hasPrefix("level.") && id.hasSuffix(".term"):
            self = .levelTerm(String(id.dropFirst("level.".count).dropLast(".term".count)))
        case _ where id.hasPrefix("endorsement."):
            self = .unknownEndorsement(String(id.dropFirst("endorsement.".count)))
        case _ where id.hasPrefix("input."):
            // input.<table>#<id>.<column>: table and column names hold neither `#` nor `.`.
            let rest = id.dropFirst("input.".count)
            guard let hash = rest.firstIndex(of: "#"), let dot = rest[hash...].firstIndex(of: "."),
                  let row = Int(rest[rest.index(after: hash)..<dot]) else { return nil }
            self = .unreadableValue(RecordRef(table: String(rest[..<hash]), id: row), column: String(rest[rest.index(after: dot)...]))
        default:
            return nil
        }
    }

    /// The subject's type as reports write it, so readers can tell a requirement from a check with the same id.
    public var type: String {
        switch self {
        case .requirement: "requirement"
        case .certificationStatus: "certification_status"
        case .certificationPeriod: "certification_period"
        case .certificationLevel: "certification_level"
        case .levelTerm: "level_term"
        case .ruleVersion: "rule_version"
        case .unknownCredential: "unknown_credential"
        case .unknownEndorsement: "unknown_endorsement"
        case .unreadableValue: "unreadable_value"
        }
    }
}

/// What one requirement measured against what it required, and why that gives its verdict.
///
/// A class, not a struct: a finding is made once and then only read, by every sink of a run; as a
/// reference it is handed on with one retain instead of one for each of its dozen fields (copying
/// findings between the stages cost about a tenth of a run's time at 1,000,000 workers).
public final class Finding: Sendable {
    public let subject: FindingSubject
    public var requirementID: String { subject.id }
    public let verdict: Verdict
    private let origin: Origin
    private let detail: Detail
    /// "24 of 40 training hours"
    public var measured: String { text(\.measured) { $0.measured() } }
    /// "40 training hours"
    public var required: String {
        switch origin {
        case .requirement(let requirement, let state, let judgedOn):
            RequirementWording.required(requirement.spec, state: state, on: judgedOn)
        case .stated(let facts): facts.required()
        }
    }
    /// "16 hours missing; 2 records not counted"
    public var reason: String { text(\.reason) { $0.reason() } }
    /// What would cure a miss, when something would.
    public var cure: String? { text(\.cure) { $0.cure() } }
    /// What to do about it: the cure, or the reason where nothing cures it.
    public var action: String { cure ?? reason }
    /// "training: complete 14 more hours": a first action on one line.
    public var actionLine: String { "\(requirementID): \(action)" }
    public var kind: String {
        switch origin {
        case .requirement(let requirement, _, _): requirement.kind.rawValue
        case .stated(let facts): facts.kind
        }
    }
    public var standard: String? {
        switch origin {
        case .requirement(let requirement, _, _): requirement.standard
        case .stated(let facts): facts.standard
        }
    }
    public var location: RuleLocation? {
        switch origin {
        case .requirement(let requirement, _, _): requirement.location
        case .stated(let facts): facts.location
        }
    }
    /// Ids of the rule file's `sources:` the requirement cites (resolved against `location.file`).
    public var sources: [String] {
        switch origin {
        case .requirement(let requirement, _, _): requirement.sources
        case .stated(let facts): facts.sources
        }
    }
    public var evidence: [EvidenceNote] {
        switch detail {
        case .worded(_, let evidence), .deferred(_, let evidence): evidence
        case .rejudged(let judging, let requirement, let prefix): judging.explained(requirement, prefix: prefix).evidence
        }
    }
    /// What is still needed, as data; empty when met.
    public let shortfalls: [Shortfall]

    /// Where measured, reason, cure and the evidence notes come from.
    private enum Detail: Sendable {
        /// Worded when judged.
        case worded(Outcome.Wording, evidence: [EvidenceNote])
        /// Worded when read: the engine's checks of the certificate, and findings read back from results.
        case deferred(DeferredText, evidence: [EvidenceNote])
        /// A requirement met, judged for its verdict alone: worded when read, by judging it again with
        /// its wording (the judgement is a pure function of the record, so both judge alike).
        case rejudged(Evaluator.CredentialJudging, Requirement, prefix: String)
    }

    private struct DeferredText: Sendable {
        let measured: @Sendable () -> String
        let reason: @Sendable () -> String
        let cure: @Sendable () -> String?
    }

    /// One of the sentences, from wherever `detail` keeps it.
    private func text<Text>(_ worded: (Outcome.Wording) -> Text, _ deferred: (DeferredText) -> Text) -> Text {
        switch detail {
        case .worded(let wording, _): worded(wording)
        case .deferred(let text, _): deferred(text)
        case .rejudged(let judging, let requirement, let prefix):
            // Judged with words, an outcome always has them.
            worded(judging.explained(requirement, prefix: prefix).wording ?? Outcome.Wording(measured: "", reason: "", cure: nil))
        }
    }

    /// Where the kind, standard, rule location, sources and `required` wording come from. A
    /// requirement's finding points at the requirement instead of copying them: findings are made on
    /// evaluation's thread and freed on the sinks' thread, and each copied field was a reference
    /// count the two threads touched for every finding (the rule's strings are shared by all).
    private enum Origin: Sendable {
        /// A requirement of the rules, judged for a credential of `state` on `judgedOn`.
        case requirement(Requirement, state: String, judgedOn: Day)
        /// The engine's checks of the certificate, and findings read back from committed results.
        case stated(StatedFacts)
    }

    private struct StatedFacts: Sendable {
        let kind: String
        let required: @Sendable () -> String
        let standard: String?
        let location: RuleLocation?
        let sources: [String]
    }

    public init(subject: FindingSubject, kind: String, verdict: Verdict, measured: @autoclosure @escaping @Sendable () -> String,
                required: @autoclosure @escaping @Sendable () -> String, reason: @autoclosure @escaping @Sendable () -> String,
                cure: @autoclosure @escaping @Sendable () -> String? = nil, standard: String? = nil, location: RuleLocation? = nil,
                sources: [String] = [], evidence: [EvidenceNote] = [], shortfalls: [Shortfall] = []) {
        self.subject = subject
        self.verdict = verdict
        origin = .stated(StatedFacts(kind: kind, required: required, standard: standard, location: location, sources: sources))
        detail = .deferred(DeferredText(measured: measured, reason: reason, cure: cure), evidence: evidence)
        self.shortfalls = shortfalls
    }

    /// A requirement's finding: `required` is worded from the requirement, for `state` on `judgedOn`;
    /// an outcome judged without wording is worded from `judging` when read.
    init(_ requirement: Requirement, subject: FindingSubject, state: String, judgedOn: Day, outcome: Outcome,
         judging: Evaluator.CredentialJudging, prefix: String) {
        self.subject = subject
        verdict = outcome.verdict
        origin = .requirement(requirement, state: state, judgedOn: judgedOn)
        detail = outcome.wording.map { .worded($0, evidence: outcome.evidence) } ?? .rejudged(judging, requirement, prefix: prefix)
        shortfalls = outcome.shortfalls
    }
}

/// Holder of a credential, or applicant for one.
public enum Role: String, Sendable { case holder, applicant }

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
            if finding.subject == .certificationPeriod && finding.verdict == .notMet { return 0 }
            switch finding.verdict {
            case .dataError: return 1
            case .notMet: return 2
            case .insufficientEvidence: return 3
            case .expiring: return 4
            case .warning: return 5
            case .met: return 6
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
}

extension WorkerEvaluation {
    /// For evaluations read back from committed results.
    public init(workerID: Int, workerName: String?, credentials: [CredentialEvaluation]) {
        self.workerID = workerID
        self.workerName = workerName
        self.credentials = credentials
    }
}
