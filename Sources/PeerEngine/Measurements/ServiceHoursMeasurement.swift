import PeerRules

public enum ServiceHoursMeasurement: Sendable, Equatable {
    case noBirthDate
    /// No completed cycle owes hours yet.
    case firstCycle
    case hours(work: Hours, supervision: Hours, cycle: Range<Day>)
}
