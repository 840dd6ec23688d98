import PeerRules

/// Names one input row, so a finding can say which evidence counted and which did not.
public struct RecordRef: Hashable, Sendable, CustomStringConvertible {
    public let table: String
    public let id: Int
    public init(table: String, id: Int) {
        self.table = table
        self.id = id
    }
    public var description: String { "\(table)#\(id)" }
}

/// One worker with all of their evidence: what the store streams and the engine evaluates.
///
/// Values are kept as the database holds them (optionals where a legacy import may have left a
/// gap, raw codes where rules define the vocabulary), so the engine, not the reader, decides what
/// is a data error.
public struct WorkerRecord: Sendable, Equatable {
    public var id: Int
    /// As the board records it: shown in the board's own reports, never with lived experience.
    public var name: String?
    public var birthDate: Day?
    public var residenceState: String?
    public var workState: String?
    public var attestations: [LivedExperienceAttestation] = []
    public var education: [EducationRecord] = []
    public var training: [TrainingRecord] = []
    public var exams: [ExamRecord] = []
    public var supervised: [SupervisedExperienceRecord] = []
    public var certifications: [CertificationRecord] = []
    public var continuingEducation: [ContinuingEducationRecord] = []
    public var ethics: [EthicsAttestation] = []
    public var backgroundChecks: [BackgroundCheckRecord] = []
    public var employment: [EmploymentRecord] = []
    public var transferRequests: [TransferRequest] = []
    /// Values the database holds that mean nothing to the rules (a date at infinity or BC, a NaN
    /// number). Kept apart from missing values, so neither the engine nor a report mistakes one for
    /// the other: each becomes a data error finding naming its row and column.
    public var unreadable: [UnreadableValue] = []

    public init(id: Int, name: String? = nil, birthDate: Day? = nil, residenceState: String? = nil, workState: String? = nil) {
        self.id = id
        self.name = name
        self.birthDate = birthDate
        self.residenceState = residenceState
        self.workState = workState
    }
}

/// One value of an input row the reader could not turn into what its column means. `problem`
/// says what kind of value it is, never the value itself: some columns (a recovery date) are
/// health information.
public struct UnreadableValue: Sendable, Equatable {
    public var ref: RecordRef
    public var column: String
    public var problem: Problem

    /// What kind of value PostgreSQL held.
    public enum Problem: Sendable, Equatable {
        case infinity
        case negativeInfinity
        case beforeCommonEra
        /// A date PostgreSQL can hold that is not one between the years 1 and 9999.
        case dateOutOfRange
        case notANumber
        case numberOutOfRange
    }

    public init(ref: RecordRef, column: String, problem: Problem) {
        self.ref = ref
        self.column = column
        self.problem = problem
    }
}

/// A job held (`peercert.employment`): evidence of work experience where a state asks for it.
public struct EmploymentRecord: Sendable, Equatable {
    public var ref: RecordRef
    public var employerID: Int?
    public var startedOn: Day?
    /// Nil while the job continues.
    public var endedOn: Day?
    /// Whether the job was peer-support work; nil when the employer did not say.
    public var peerWork: Bool?
    public init(id: Int, employerID: Int?, startedOn: Day?, endedOn: Day?, peerWork: Bool?) {
        ref = RecordRef(table: "employment", id: id)
        self.employerID = employerID
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.peerWork = peerWork
    }
}

public struct EducationRecord: Sendable, Equatable {
    public var ref: RecordRef
    /// Raw level code (high_school, ged, …, college_credits).
    public var level: String
    public var credits: Hours?
    public var completedOn: Day?
    public init(id: Int, level: String, credits: Hours? = nil, completedOn: Day?) {
        ref = RecordRef(table: "education", id: id)
        self.level = level
        self.credits = credits
        self.completedOn = completedOn
    }
}

public struct ContinuingEducationRecord: Sendable, Equatable {
    public var ref: RecordRef
    public var hours: Hours?
    public var topic: String
    public var completedOn: Day?
    /// Who gave the training, as recorded (a state may require hours from a named sponsor).
    public var provider: String?
    public init(id: Int, hours: Hours?, topic: String, completedOn: Day?, provider: String? = nil) {
        ref = RecordRef(table: "ce_records", id: id)
        self.hours = hours
        self.topic = topic
        self.completedOn = completedOn
        self.provider = provider
    }
}

public struct EthicsAttestation: Sendable, Equatable {
    public var ref: RecordRef
    public var state: String
    public var signedOn: Day?
    public init(id: Int, state: String, signedOn: Day?) {
        ref = RecordRef(table: "ethics_attestations", id: id)
        self.state = state
        self.signedOn = signedOn
    }
}

public struct BackgroundCheckRecord: Sendable, Equatable {
    public var ref: RecordRef
    /// Raw codes: kind state | fbi | registry; result clear | review | disqualifying.
    public var kind: String
    public var result: String
    public var completedOn: Day?
    public init(id: Int, kind: String, result: String, completedOn: Day?) {
        ref = RecordRef(table: "background_checks", id: id)
        self.kind = kind
        self.result = result
        self.completedOn = completedOn
    }
}

public struct LivedExperienceAttestation: Sendable, Equatable {
    public var ref: RecordRef
    /// Raw code; the engine reports codes outside `LivedExperienceKind` as data errors.
    public var kind: String
    public var attestedOn: Day?
    public var recoverySince: Day?
    public init(id: Int, kind: String, attestedOn: Day?, recoverySince: Day?) {
        ref = RecordRef(table: "lived_experience_attestations", id: id)
        self.kind = kind
        self.attestedOn = attestedOn
        self.recoverySince = recoverySince
    }
}

public struct TrainingRecord: Sendable, Equatable {
    public var ref: RecordRef
    public var providerID: Int?
    public var hours: Hours?
    public var domain: String
    public var deliveryMode: String
    public var completedOn: Day?
    public init(id: Int, providerID: Int?, hours: Hours?, domain: String, deliveryMode: String, completedOn: Day?) {
        ref = RecordRef(table: "training_records", id: id)
        self.providerID = providerID
        self.hours = hours
        self.domain = domain
        self.deliveryMode = deliveryMode
        self.completedOn = completedOn
    }
}

public struct ExamRecord: Sendable, Equatable {
    public var ref: RecordRef
    public var examCode: String
    /// Percent, when the exam reports one.
    public var score: Hours?
    public var passed: Bool
    public var takenOn: Day?
    public init(id: Int, examCode: String, score: Hours?, passed: Bool, takenOn: Day?) {
        ref = RecordRef(table: "exam_records", id: id)
        self.examCode = examCode
        self.score = score
        self.passed = passed
        self.takenOn = takenOn
    }
}

public struct SupervisedExperienceRecord: Sendable, Equatable {
    public var ref: RecordRef
    public var supervisorID: Int?
    public var workHours: Hours?
    public var supervisionHours: Hours?
    public var periodStart: Day?
    public var periodEnd: Day?
    public init(id: Int, supervisorID: Int?, workHours: Hours?, supervisionHours: Hours?, periodStart: Day?, periodEnd: Day?) {
        ref = RecordRef(table: "supervised_experience", id: id)
        self.supervisorID = supervisorID
        self.workHours = workHours
        self.supervisionHours = supervisionHours
        self.periodStart = periodStart
        self.periodEnd = periodEnd
    }
}

public struct CertificationRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case applied, active, expired, suspended, revoked }
    public var ref: RecordRef
    public var key: CredentialKey
    public var number: String?
    public var level: String?
    public var endorsements: [String]
    /// Raw status; anything outside `Status` is a data error.
    public var status: String
    public var appliedOn: Day?
    public var issuedOn: Day?
    public var expiresOn: Day?
    public init(id: Int, key: CredentialKey, number: String? = nil, level: String? = nil, endorsements: [String] = [], status: String,
                appliedOn: Day? = nil, issuedOn: Day? = nil, expiresOn: Day? = nil) {
        ref = RecordRef(table: "certifications", id: id)
        self.key = key
        self.number = number
        self.level = level
        self.endorsements = endorsements
        self.status = status
        self.appliedOn = appliedOn
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
    }
}

/// Which training providers each state approved, and when. Small: loaded once per run.
public struct ProviderApprovals: Sendable {
    public struct Approval: Sendable {
        public let state: String
        public let from: Day
        public let until: Day?
        public init(state: String, from: Day, until: Day?) {
            self.state = state
            self.from = from
            self.until = until
        }
    }
    private var byProvider: [Int: [Approval]] = [:]

    public init() {}

    public mutating func add(provider: Int, _ approval: Approval) { byProvider[provider, default: []].append(approval) }

    public func isApproved(provider: Int, state: String, on day: Day) -> Bool {
        byProvider[provider]?.contains { $0.state == state && $0.from <= day && ($0.until.map { day <= $0 } ?? true) } ?? false
    }
}

/// Supervisors' credentials, by supervisor id. Small: loaded once per run.
public struct SupervisorDirectory: Sendable {
    private var credentials: [Int: String] = [:]
    public init() {}
    public mutating func add(supervisor: Int, credential: String) { credentials[supervisor] = credential }
    public func credential(of supervisor: Int) -> String? { credentials[supervisor] }
}
