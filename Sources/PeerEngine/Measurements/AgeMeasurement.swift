import PeerRules

public enum AgeMeasurement: Sendable, Equatable {
    case noBirthDate
    /// A data error: born after the day the run judges.
    case bornAfterAsOf(Day, asOf: Day)
    /// Whole years on the judged day.
    case aged(Int, birthDate: Day)
}
