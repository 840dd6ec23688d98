import PeerRules

public enum ContinuingEducationMeasurement: Sendable, Equatable {
    /// The cycles run from the birthday, which is not recorded.
    case noBirthDate
    /// The completed cycle judged falls short (its shortfalls say by what): hours in it and carried over.
    case completedCycleShort(total: Hours, carried: Hours, cycle: Range<Day>)
    /// A topic owed once every few cycles falls short over `window`.
    case periodicTopicShort(topic: String, required: Hours, done: Hours, window: Range<Day>)
    /// The current cycle: hours so far and its last day; `owesYet` once a completed cycle owed hours.
    /// Expiring when it ends inside the horizon still short (its shortfalls say by what).
    case currentCycle(total: Hours, due: Day, owesYet: Bool)
}
