import PeerRules

/// Time employed, from employment records: the days covered by at least one counted job (two jobs
/// at once count once), inside the window that ends on the judged day.
enum WorkExperienceEvaluator {
    static func evaluate(_ rule: WorkExperienceRule, _ records: [EmploymentRecord], _ dates: EvaluationDates) -> Outcome {
        let end = dates.reference
        let windowStart = rule.withinMonths.map { end.adding(months: -$0) }
        // "N months" is the length of the N calendar months that end on the judged day.
        let requiredDays = end - end.adding(months: -rule.months)
        var screen = EvidenceScreen(expecting: records.count, dates)
        var spans: [(from: Day, through: Day)] = []
        for record in records {
            guard let started = screen.date(record.startedOn, record.ref, "started_on") else { continue }
            if let ended = record.endedOn, ended < started {
                screen.dataError(record.ref, "ended_on", .endsBeforeStart(end: ended, start: started))
                continue
            }
            if rule.peerWorkOnly, record.peerWork != true {
                screen.skip(record.ref, .notAccepted, .peerWork(record.peerWork))
                continue
            }
            // A job still under way (or ending after the judged day) counts through the judged day.
            let from = max(started, windowStart ?? started)
            let through = min(record.endedOn ?? end, end)
            guard from <= through else {
                screen.skip(record.ref, .outsideWindow, .day(record.endedOn!))
                continue
            }
            spans.append((from, through))
            screen.count(record.ref, .employed(from: from, through: through))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        let covered = coveredDays(spans)
        let measurement = Measurement.workExperience(.employed(days: covered, required: requiredDays))
        if covered >= requiredDays { return Outcome(.met, measurement, evidence: screen.uses) }
        if screen.isEmpty {
            return Outcome(.insufficientEvidence, .workExperience(.noRecords), lacking: [.evidence(.employment)])
        }
        return Outcome(.notMet, measurement, evidence: screen.uses, lacking: [.workDays(missing: requiredDays - covered, requiredMonths: rule.months)])
    }

    /// Days covered by the union of the spans (both ends included).
    static func coveredDays(_ spans: [(from: Day, through: Day)]) -> Int {
        var total = 0
        var reached: Day?
        for span in spans.sorted(by: { $0.from < $1.from }) {
            let from = reached.map { max(span.from, $0.adding(days: 1)) } ?? span.from
            if from <= span.through { total += span.through - from + 1 }
            reached = reached.map { max($0, span.through) } ?? span.through
        }
        return total
    }
}
