import PeerRules

public enum ExamMeasurement: Sendable, Equatable {
    /// The latest passing attempt; for an application, the day it stops counting when inside the horizon.
    case passed(exam: String, on: Day, score: Hours?, lapsesOn: Day?)
    /// Only exams the credential does not accept were passed (sorted, once each).
    case passedOther([String])
    case noAttempt
    /// Attempts at accepted exams, none passing: each one's score (nil: none recorded).
    case failed(scores: [Hours?])
}
