import PeerRules

public enum TrainingMeasurement: Sendable, Equatable {
    case noRecords
    /// Hours counted: the total first, then each domain minimum's in the rule's order; rows not
    /// counted (not data errors); for an application, the day the sums first fall short as older
    /// training leaves the window, when inside the horizon.
    case hours(sums: [Hours], notCounted: Int, fallsShortOn: Day?)
}
