import PeerRules

public enum SupervisedExperienceMeasurement: Sendable, Equatable {
    case noRecords
    /// Hours counted; for an application, the day they first fall short as older periods leave the window.
    case hours(work: Hours, supervision: Hours, fallsShortOn: Day?)
}
