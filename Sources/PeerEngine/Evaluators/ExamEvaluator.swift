import PeerRules

/// Exam: one of the accepted exams passed, at or above the state's pass mark when it sets one.
enum ExamEvaluator {
    static func evaluate(_ rule: ExamRule, _ records: [ExamRecord], catalog: Catalog, _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var attempts: [(record: ExamRecord, passing: Bool)] = []
        var otherExams: [String] = []
        for record in records.sorted(by: { ($0.takenOn ?? dates.asOf) < ($1.takenOn ?? dates.asOf) }) {
            guard catalog.exams[record.examCode] != nil else {
                screen.dataError(record.ref, "unknown exam code '\(record.examCode)'")
                continue
            }
            if let score = record.score, score.isNegative || score > Hours(100) {
                screen.dataError(record.ref, "score \(score) is not a percentage")
                continue
            }
            guard let taken = screen.date(record.takenOn, record.ref, "taken") else { continue }
            guard rule.acceptedExams.contains(record.examCode) else {
                screen.skip(record.ref, .notAccepted, "\(record.examCode) is not an accepted exam")
                if record.passed { otherExams.append(record.examCode) }
                continue
            }
            var passing = record.passed
            let attempt = attempts.count + 1
            if !record.passed {
                screen.skip(record.ref, .notPassed, "\(record.examCode) on \(taken): not passed" + (record.score.map { " (score \($0))" } ?? ""))
            } else if let minimum = rule.minimumScore, record.score == nil {
                // The state sets a pass mark: a pass without a score cannot show it was reached.
                passing = false
                screen.skip(record.ref, .noScore, "\(record.examCode) on \(taken): no score recorded; the pass mark is \(minimum)")
            } else if let minimum = rule.minimumScore, let score = record.score, score < minimum {
                passing = false
                screen.skip(record.ref, .belowPassMark, "\(record.examCode) on \(taken): score \(score) is below the pass mark \(minimum)")
            } else if let maximum = rule.maxAttempts, attempt > maximum {
                passing = false
                screen.skip(record.ref, .attemptsExceeded, "\(record.examCode) on \(taken): attempt \(attempt), past the \(maximum) allowed")
            } else if let valid = rule.validMonths, taken.leavesWindow(ofMonths: valid)! <= dates.reference {
                passing = false
                screen.skip(record.ref, .outsideWindow, "\(record.examCode) passed \(taken), more than \(valid) months before \(dates.reference)")
            } else {
                screen.count(record.ref, "\(record.examCode) passed on \(taken)" + (record.score.map { " with \($0)" } ?? ""))
            }
            attempts.append((record, passing))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }

        // The latest pass stays valid longest.
        if let pass = attempts.last(where: \.passing), let taken = pass.record.takenOn {
            return Outcome(verdict: .met, measured: "passed \(pass.record.examCode) on \(taken)" + (pass.record.score.map { " with \($0)" } ?? ""),
                           reason: "requirement met", cure: nil, evidence: screen.notes, dates)
                .expiring(from: taken.leavesWindow(ofMonths: rule.validMonths), "the pass of \(taken)", dates)
        }
        if attempts.isEmpty {
            if !otherExams.isEmpty {
                let passedOthers = Set(otherExams).sorted().joined(separator: ", ")
                return Outcome(verdict: .notMet, measured: "passed " + passedOthers,
                               reason: "the exam passed is not one this credential accepts",
                               cure: "pass " + rule.acceptedExams.joined(separator: " or "), evidence: screen.notes, dates)
                    .lacking(.examPass(accepted: rule.acceptedExams, mark: rule.minimumScore))
            }
            return Outcome(verdict: .insufficientEvidence, measured: "no accepted exam on file",
                           reason: "no record of an attempt at an accepted exam",
                           cure: "record the worker's exam result", evidence: screen.notes, dates)
                .lacking(.evidence(.examResult))
        }
        let scores = attempts.map { $0.record.score.map(\.description) ?? "no score" }.joined(separator: ", ")
        let tried = attempts.count
        return Outcome(verdict: .notMet, measured: "\(quantity(tried, "attempt")), none passing (\(scores))",
                       reason: "no passing attempt",
                       cure: "pass " + rule.acceptedExams.joined(separator: " or "), evidence: screen.notes, dates)
            .lacking(.examPass(accepted: rule.acceptedExams, mark: rule.minimumScore))
    }
}
