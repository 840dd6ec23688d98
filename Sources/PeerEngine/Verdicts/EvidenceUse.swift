import PeerRules

/// How one evidence row was used by a requirement: whether it counted, why (a code), and the
/// values a sentence about it is made from (the wording layer makes that sentence).
public struct EvidenceUse: Sendable, Equatable {
    public let ref: RecordRef
    public let counted: Bool
    public let code: EvidenceCode
    public let detail: EvidenceDetail

    public init(_ ref: RecordRef, counted: Bool, code: EvidenceCode, _ detail: EvidenceDetail) {
        self.ref = ref
        self.counted = counted
        self.code = code
        self.detail = detail
    }
}

/// What the engine read of one row, as far as it decided its use. Each requirement kind gives its
/// rows the details its sentences need; the row's own date where one is named.
public enum EvidenceDetail: Sendable, Equatable {
    case none
    /// The row is unusable.
    case problem(DataError)
    /// The row's date (completed, signed, taken, a period's end, a job's end), as the code names it.
    case day(Day)
    /// The date in `column`, after the day judged (code `after_reference`).
    case dated(column: String, Day)
    /// Training hours counted of those recorded (the rest over a cap), in a domain.
    case trainingHours(counted: Hours, recorded: Hours, domain: String, mode: DeliveryMode)
    /// A training provider the state had not approved on the day the training was completed.
    case provider(Int, completed: Day)
    case deliveryMode(DeliveryMode)
    case collegeCredits(Hours)
    /// An education level, and whether its completion date is recorded.
    case educationLevel(String, dated: Bool)
    /// Credits without a completion date where credits count within a window.
    case undatedCredits
    /// The state an ethics code was signed for.
    case signedFor(state: String)
    case backgroundCheckKind(String)
    case backgroundCheck(kind: String, completed: Day, result: String)
    case exam(code: String)
    /// An attempt at an accepted exam, numbered from the first.
    case examAttempt(code: String, taken: Day, score: Hours?, attempt: Int)
    /// A kind of lived experience: health information, worded for the board only.
    case livedExperienceKind(String)
    case recoverySince(Day)
    case supervisor(id: Int?, credential: String?)
    case supervisedPeriod(work: Hours, supervision: Hours, start: Day, end: Day)
    /// CE hours in a completed cycle (nil: the current one).
    case continuingEducation(hours: Hours, topic: String, completedCycle: Range<Day>?)
    case serviceHours(work: Hours, supervision: Hours)
    /// Whether a job was recorded as peer work (nil: not recorded either way).
    case peerWork(Bool?)
    case employed(from: Day, through: Day)
    /// The certificate's recorded status.
    case status(String)
    /// The certificate's recorded level.
    case level(String?)
    case term(issued: Day, expires: Day)
    case unreadable(UnreadableValue)
}
