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
