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
            guard let started = screen.date(record.startedOn, record.ref, "started") else { continue }
            if let ended = record.endedOn, ended < started {
                screen.dataError(record.ref, "ended \(ended), before it started \(started)")
                continue
            }
            if rule.peerWorkOnly, record.peerWork != true {
                screen.skip(record.ref, .notAccepted, record.peerWork == nil ? "not recorded as peer work or not" : "not peer work")
                continue
            }
            // A job still under way (or ending after the judged day) counts through the judged day.
            let from = max(started, windowStart ?? started)
            let through = min(record.endedOn ?? end, end)
            guard from <= through else {
                screen.skip(record.ref, .outsideWindow, "ended \(record.endedOn!), outside the \(rule.withinMonths!)-month window")
                continue
            }
            spans.append((from, through))
            screen.count(record.ref, "employed \(from) to \(through)")
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        let covered = coveredDays(spans)
        func measured() -> String { "\(quantity(covered, "day")) employed" }
        if covered >= requiredDays {
            return Outcome(verdict: .met, measured: measured(), reason: "requirement met", cure: nil, evidence: screen.notes, dates)
        }
        if screen.isEmpty {
            return Outcome(verdict: .insufficientEvidence, measured: "no employment on file",
                           reason: "no employment records", cure: "record the worker's employment", evidence: [], dates)
                .lacking(.evidence(.employment))
        }
        let missing = requiredDays - covered
        return Outcome(verdict: .notMet, measured: measured(), reason: "\(quantity(missing, "day")) short",
                       cure: "record further employment", evidence: screen.notes, dates)
            .lacking(.workDays(missing: missing, requiredMonths: rule.months))
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
