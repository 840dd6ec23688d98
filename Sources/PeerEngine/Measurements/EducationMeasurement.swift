import PeerRules

public enum EducationMeasurement: Sendable, Equatable {
    /// Met by the first accepted level on file.
    case level(String)
    /// Met by enough college credits.
    case credits(Hours)
    case noRecords
    /// Neither an accepted level nor enough credits: the credits counted.
    case notMet(credits: Hours)
}
