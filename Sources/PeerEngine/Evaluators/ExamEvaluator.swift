import PeerRules

/// Exam: one of the accepted exams passed, at or above the state's pass mark when it sets one.
enum ExamEvaluator {
    static func evaluate(_ rule: ExamRule, _ records: [ExamRecord], catalog: Catalog, _ dates: EvaluationDates) -> Outcome {
        var screen = EvidenceScreen(expecting: records.count, dates)
        var attempts: [(record: ExamRecord, passing: Bool)] = []
        var otherExams: [String] = []
        for record in records.sorted(by: { ($0.takenOn ?? dates.asOf) < ($1.takenOn ?? dates.asOf) }) {
            guard catalog.exams[record.examCode] != nil else {
                screen.dataError(record.ref, "exam_code", .unknownCode(record.examCode))
                continue
            }
            if let score = record.score, score.isNegative || score > Hours(100) {
                screen.dataError(record.ref, "score", .notAPercentage(score))
                continue
            }
            guard let taken = screen.date(record.takenOn, record.ref, "taken_on") else { continue }
            guard rule.acceptedExams.contains(record.examCode) else {
                screen.skip(record.ref, .notAccepted, .exam(code: record.examCode))
                if record.passed { otherExams.append(record.examCode) }
                continue
            }
            var passing = record.passed
            let attempt = attempts.count + 1
            let detail = EvidenceDetail.examAttempt(code: record.examCode, taken: taken, score: record.score, attempt: attempt)
            if !record.passed {
                screen.skip(record.ref, .notPassed, detail)
            } else if rule.minimumScore != nil, record.score == nil {
                // The state sets a pass mark: a pass without a score cannot show it was reached.
                passing = false
                screen.skip(record.ref, .noScore, detail)
            } else if let minimum = rule.minimumScore, let score = record.score, score < minimum {
                passing = false
                screen.skip(record.ref, .belowPassMark, detail)
            } else if let maximum = rule.maxAttempts, attempt > maximum {
                passing = false
                screen.skip(record.ref, .attemptsExceeded, detail)
            } else if let valid = rule.validMonths, taken.leavesWindow(ofMonths: valid)! <= dates.reference {
                passing = false
                screen.skip(record.ref, .outsideWindow, detail)
            } else {
                screen.count(record.ref, detail)
            }
            attempts.append((record, passing))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }

        // The latest pass stays valid longest.
        if let pass = attempts.last(where: \.passing), let taken = pass.record.takenOn {
            let lapsesOn = dates.lapse(taken.leavesWindow(ofMonths: rule.validMonths))
            return .met(.exam(.passed(exam: pass.record.examCode, on: taken, score: pass.record.score, lapsesOn: lapsesOn)),
                        evidence: screen.uses, lapsesOn: lapsesOn)
        }
        if attempts.isEmpty {
            if !otherExams.isEmpty {
                return Outcome(.notMet, .exam(.passedOther(Set(otherExams).sorted())), evidence: screen.uses,
                               lacking: [.examPass(accepted: rule.acceptedExams, mark: rule.minimumScore)])
            }
            return Outcome(.insufficientEvidence, .exam(.noAttempt), evidence: screen.uses, lacking: [.evidence(.examResult)])
        }
        return Outcome(.notMet, .exam(.failed(scores: attempts.map(\.record.score))), evidence: screen.uses,
                       lacking: [.examPass(accepted: rule.acceptedExams, mark: rule.minimumScore)])
    }
}
