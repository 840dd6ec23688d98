import PeerRules

public struct BackgroundCheckMeasurement: Sendable, Equatable {
    /// The latest result of each required check, in the rule's order (nil: none on file).
    public let results: [String?]
    public let outcome: Outcome

    public enum Outcome: Sendable, Equatable {
        /// Disqualifying results where the state allows no waiver.
        case disqualified([String])
        case missing([String])
        /// Results the board decides case by case (review, or disqualifying where it may waive).
        case awaitingReview([String])
        /// Every check clear: the oldest, and for an application the day it stops counting inside the horizon.
        case clear(oldest: Day?, lapsesOn: Day?)
    }

    public init(results: [String?], outcome: Outcome) {
        self.results = results
        self.outcome = outcome
    }
}
