import PeerEngine
import PeerRules

enum ExamWording {
    static func sentences(_ measurement: ExamMeasurement, _ rule: ExamRule) -> Sentences {
        let pass = "pass " + rule.acceptedExams.joined(separator: " or ")
        switch measurement {
        case .passed(let exam, let taken, let score, let lapsesOn):
            let measured = "passed \(exam) on \(taken)" + (score.map { " with \($0)" } ?? "")
            guard let lapsesOn else { return Sentences(measured, "requirement met") }
            return Sentences(measured, "met now; the pass of \(taken) no longer counts from \(lapsesOn)", "complete the application before \(lapsesOn)")
        case .passedOther(let exams):
            return Sentences("passed " + exams.joined(separator: ", "), "the exam passed is not one this credential accepts", pass)
        case .noAttempt:
            return Sentences("no accepted exam on file", "no record of an attempt at an accepted exam", "record the worker's exam result")
        case .failed(let scores):
            let listed = scores.map { $0.map(\.description) ?? "no score" }.joined(separator: ", ")
            return Sentences("\(quantity(scores.count, "attempt")), none passing (\(listed))", "no passing attempt", pass)
        }
    }

    static func note(_ use: EvidenceUse, _ rule: ExamRule, judgedOn: Day?) -> String? {
        switch (use.code, use.detail) {
        case (.notAccepted, .exam(let code)): return "\(code) is not an accepted exam"
        case (_, .examAttempt(let code, let taken, let score, let attempt)):
            let scoreText = score?.description ?? ""
            switch use.code {
            case .notPassed: return "\(code) on \(taken): not passed" + (score.map { " (score \($0))" } ?? "")
            case .noScore: return "\(code) on \(taken): no score recorded; the pass mark is \(rule.minimumScore?.description ?? "")"
            case .belowPassMark: return "\(code) on \(taken): score \(scoreText) is below the pass mark \(rule.minimumScore?.description ?? "")"
            case .attemptsExceeded: return "\(code) on \(taken): attempt \(attempt), past the \(rule.maxAttempts ?? 0) allowed"
            case .outsideWindow:
                return "\(code) passed \(taken), more than \(rule.validMonths ?? 0) months before \(judgedOn?.description ?? "")"
            case .counted: return "\(code) passed on \(taken)" + (score.map { " with \($0)" } ?? "")
            default: return nil
            }
        default: return nil
        }
    }
}
