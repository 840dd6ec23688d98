import PeerRules

/// Health information: worded for the board's own reports only.
public enum LivedExperienceMeasurement: Sendable, Equatable {
    /// No usable attestation dated on or before the judged day.
    case noAttestation(onOrBefore: Day)
    /// Only kinds the credential does not accept were attested (sorted, once each).
    case kindNotAccepted([String])
    /// An accepted kind with no minimum to measure (or a family member's).
    case attested(kind: String)
    case noRecoveryStart
    /// Whole months in recovery on the judged day, the minimum, the day it is (or was) met.
    case recovery(months: Int, minimum: Int, metOn: Day, judgedOn: Day)
}
