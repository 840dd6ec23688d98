import PeerRules

/// Renewal cycles laid out from an anchor: which cycle the as-of date falls in and which one
/// completed last. A first cycle that began before the issue date (a calendar year or birthday
/// anchor cutting into it) is partial and owes nothing.
struct RenewalCycles {
    private(set) var previous: Range<Day>?
    let current: Range<Day>
    /// The start of the first cycle that owes hours: the issue date, or for an issue-month anchor
    /// the first of that month (the state counts that whole month as the first cycle's).
    let firstOwing: Day
    private let origin: Day
    private let months: Int
    /// Index of the current cycle from the origin.
    private let steps: Int

    /// The cycles `count` back from the current one, taken together (1: the previous cycle), or nil
    /// when any of them began before the first owing one. Boundaries are counted from the origin.
    func window(cyclesBack count: Int) -> Range<Day>? {
        guard steps - count >= 0 else { return nil }
        let start = origin.adding(months: (steps - count) * months)
        return start >= firstOwing ? start..<current.lowerBound : nil
    }

    /// nil when the anchor needs a birth date that is not recorded.
    init?(anchor: CycleAnchor, months: Int, issued: Day, birthDate: Day?, asOf: Day) {
        let origin: Day
        switch anchor {
        case .issueDate: origin = issued
        case .issueMonth: origin = Day(year: issued.components.year, month: issued.components.month, day: 1)!
        case .calendarYear: origin = Day(year: issued.components.year, month: 1, day: 1)!
        case .birthday:
            guard let birthDate else { return nil }
            let (_, month, day) = birthDate.components
            let year = issued.components.year
            let candidate = Day(year: year, month: month, day: min(day, Day.daysIn(month: month, year: year)))!
            origin = candidate <= issued ? candidate : candidate.adding(months: -12)
        }
        firstOwing = anchor == .issueMonth ? origin : issued
        // Step whole cycles from the origin to the one holding the as-of date; each boundary is counted from
        // the origin, never from a previous boundary a short month clamped (2024-02-29 + 24 months is 2026-02-28,
        // + 48 is 2028-02-29).
        var steps = 0
        while origin.adding(months: (steps + 1) * months) <= asOf { steps += 1 }
        self.origin = origin
        self.months = months
        self.steps = steps
        current = origin.adding(months: steps * months)..<origin.adding(months: (steps + 1) * months)
        previous = nil
        previous = window(cyclesBack: 1)
    }
}

/// Continuing education: each completed cycle needs its hours and topic minimums; the current
/// cycle is `expiring` when it ends inside the horizon still short.
enum ContinuingEducationEvaluator {
    static func evaluate(_ rule: ContinuingEducationRule, issued: Day, birthDate: Day?, _ records: [ContinuingEducationRecord],
                         catalog: Catalog, _ dates: EvaluationDates) -> Outcome {
        guard let cycles = RenewalCycles(anchor: rule.anchor, months: rule.cycleMonths, issued: issued, birthDate: birthDate, asOf: dates.asOf) else {
            return Outcome(verdict: .insufficientEvidence, measured: "no birth date",
                           reason: "cycles run from the birthday, which is not recorded", cure: "record the birth date", evidence: [], dates)
                .lacking(.evidence(.birthDate))
        }
        var screen = EvidenceScreen(expecting: records.count, dates)
        var usable: [(ContinuingEducationRecord, Hours, Day)] = []
        for record in records {
            if catalog.ceTopics[record.topic] == nil {
                screen.dataError(record.ref, "unknown CE topic '\(record.topic)'")
                continue
            }
            guard let hours = screen.hours(record.hours, record.ref, "hours") else { continue }
            guard let day = record.completedOn else { screen.dataError(record.ref, "completion date is missing"); continue }
            guard day <= dates.asOf else { screen.dataError(record.ref, "completed \(day) is after the as-of date \(dates.asOf)"); continue }
            usable.append((record, hours, day))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }

        struct Tally {
            var total = Hours.zero
            var topics: [String: Hours] = [:]
            var sponsors: [String: Hours] = [:]
            var courses: [String: Int] = [:]
        }
        func tally(_ range: Range<Day>) -> Tally {
            var sums = Tally()
            for (record, hours, day) in usable where range.contains(day) {
                sums.total = sums.total + hours
                sums.topics[record.topic, default: .zero] = sums.topics[record.topic, default: .zero] + hours
                if let provider = record.provider { sums.sponsors[provider, default: .zero] = sums.sponsors[provider, default: .zero] + hours }
                sums.courses[record.topic, default: 0] += 1
            }
            return sums
        }
        func gaps(_ sums: Tally, carried: Hours) -> [Shortfall] {
            var missing: [Shortfall] = []
            if sums.total + carried < rule.totalHours {
                missing.append(.hours(HoursShortfall(.continuingEducation, missing: rule.totalHours - sums.total - carried, required: rule.totalHours)))
            }
            for minimum in rule.topicMinimums where sums.topics[minimum.topic, default: .zero] < minimum.hours {
                missing.append(.hours(HoursShortfall(.continuingEducation, scope: minimum.topic,
                                                     missing: minimum.hours - sums.topics[minimum.topic, default: .zero], required: minimum.hours)))
            }
            for sponsor in rule.sponsorMinimums where sums.sponsors[sponsor.sponsor, default: .zero] < sponsor.hours {
                missing.append(.hours(HoursShortfall(.continuingEducation, scope: "\(sponsor.sponsor)-sponsored",
                                                     missing: sponsor.hours - sums.sponsors[sponsor.sponsor, default: .zero], required: sponsor.hours)))
            }
            for course in rule.courseMinimums where sums.courses[course.topic, default: 0] < course.count {
                missing.append(.courses(topic: course.topic, missing: course.count - sums.courses[course.topic, default: 0], required: course.count))
            }
            return missing
        }
        func text(_ gaps: [Shortfall]) -> String { gaps.map(ShortfallWording.text).joined(separator: ", ") }
        func describe(_ range: Range<Day>) -> String { "\(range.lowerBound) to \(range.upperBound.adding(days: -1))" }

        let current = tally(cycles.current)
        for (record, hours, day) in usable {
            if let previous = cycles.previous, previous.contains(day) {
                screen.count(record.ref, "\(hours) h \(record.topic) in the cycle \(describe(previous))")
            } else if cycles.current.contains(day) {
                screen.count(record.ref, "\(hours) h \(record.topic) in the current cycle")
            } else {
                screen.skip(record.ref, .outsideCycle, "completed \(day), outside the cycles judged")
            }
        }
        if let previous = cycles.previous {
            // Carry-over: hours beyond the minimum in the cycle before, up to the cap.
            let carried = cycles.window(cyclesBack: 2).map { twoBack in
                let earlier = twoBack.lowerBound..<previous.lowerBound
                return min(rule.carryOverHours, max(.zero, tally(earlier).total - rule.totalHours))
            } ?? .zero
            let sums = tally(previous)
            let missing = gaps(sums, carried: carried)
            if !missing.isEmpty {
                return Outcome(verdict: .notMet,
                               measured: "\(sums.total) of \(rule.totalHours) CE hours in the cycle \(describe(previous))"
                                   + (carried > .zero ? " plus \(carried) carried over" : ""),
                               reason: text(missing) + " missing",
                               cure: missing.allSatisfy { if case .hours = $0 { true } else { false } } ? "complete the missing CE hours" : "complete the missing CE",
                               evidence: screen.notes, dates)
                    .lacking(missing)
            }
            for periodic in rule.periodicTopics {
                guard let window = cycles.window(cyclesBack: periodic.everyCycles) else { continue }
                let done = tally(window).topics[periodic.topic, default: .zero]
                if done < periodic.hours {
                    return Outcome(verdict: .notMet, measured: "\(done) of \(periodic.hours) \(periodic.topic) hours in \(describe(window))",
                                   reason: "\(periodic.topic): \(quantity(periodic.hours - done, "hour")) missing",
                                   cure: "complete \(periodic.hours) hours of \(periodic.topic)", evidence: screen.notes, dates)
                        .lacking(.hours(HoursShortfall(.continuingEducation, scope: periodic.topic, missing: periodic.hours - done,
                                                       required: periodic.hours)))
                }
            }
        }
        let lastDay = cycles.current.upperBound.adding(days: -1)
        let stillMissing = gaps(current, carried: .zero)
        func measured() -> String { "\(current.total) of \(rule.totalHours) CE hours in the current cycle (due \(lastDay))" }
        // A current cycle that began before the first owing day is the partial first one: it will owe nothing.
        if lastDay <= dates.horizonEnd, cycles.current.lowerBound >= cycles.firstOwing, !stillMissing.isEmpty {
            return Outcome(verdict: .expiring, measured: measured(),
                           reason: "the cycle ends \(lastDay) with " + text(stillMissing) + " still missing",
                           cure: "complete them by \(lastDay)", evidence: screen.notes, dates)
                .lacking(stillMissing + [.dueBy(lastDay)])
        }
        return Outcome(verdict: .met, measured: measured(), reason: cycles.previous == nil ? "no completed cycle owes hours yet" : "requirement met",
                       cure: nil, evidence: screen.notes, dates)
    }
}

/// Service hours per renewal cycle (peer services delivered, with supervision), from the
/// supervised-experience records whose period ended in the cycle.
enum ServiceHoursEvaluator {
    static func evaluate(_ rule: ServiceHoursRule, issued: Day, birthDate: Day?, _ records: [SupervisedExperienceRecord], _ dates: EvaluationDates) -> Outcome {
        guard let cycles = RenewalCycles(anchor: rule.anchor, months: rule.cycleMonths, issued: issued, birthDate: birthDate, asOf: dates.asOf) else {
            return Outcome(verdict: .insufficientEvidence, measured: "no birth date",
                           reason: "cycles run from the birthday, which is not recorded", cure: "record the birth date", evidence: [], dates)
                .lacking(.evidence(.birthDate))
        }
        guard let previous = cycles.previous else {
            return Outcome(verdict: .met, measured: "first cycle", reason: "no completed cycle owes hours yet", cure: nil, evidence: [], dates)
        }
        var screen = EvidenceScreen(expecting: records.count, dates)
        var work = Hours.zero
        var supervision = Hours.zero
        for record in records {
            guard let workHours = screen.hours(record.workHours, record.ref, "work hours"),
                  let supervisionHours = screen.hours(record.supervisionHours, record.ref, "supervision hours") else { continue }
            guard let start = record.periodStart, let end = record.periodEnd else { screen.dataError(record.ref, "period dates are missing"); continue }
            guard end <= dates.asOf else { screen.dataError(record.ref, "period ending \(end) is after the as-of date \(dates.asOf)"); continue }
            guard end >= start else { screen.dataError(record.ref, "period ends \(end), before it starts \(start)"); continue }
            // A period that ended by the issue date is initial supervised experience, not renewal service.
            guard end > issued else { screen.skip(record.ref, .beforeIssue, "period ended \(end), before the credential was issued"); continue }
            guard previous.contains(end) else { screen.skip(record.ref, .outsideCycle, "period ended \(end), outside the cycle judged"); continue }
            work = work + workHours
            supervision = supervision + supervisionHours
            screen.count(record.ref, "\(workHours) h service, \(supervisionHours) h supervision")
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        func measured() -> String { "\(work) of \(rule.workHours) service hours, \(supervision) of \(rule.supervisionHours) supervision hours in \(previous.lowerBound) to \(previous.upperBound.adding(days: -1))" }
        var missing: [HoursShortfall] = []
        if work < rule.workHours { missing.append(HoursShortfall(.service, missing: rule.workHours - work, required: rule.workHours)) }
        if supervision < rule.supervisionHours {
            missing.append(HoursShortfall(.supervision, missing: rule.supervisionHours - supervision, required: rule.supervisionHours))
        }
        if !missing.isEmpty {
            return Outcome(verdict: .notMet, measured: measured(),
                           reason: missing.map { quantity($0.missing, "\($0.measure == .service ? "service" : "supervision") hour") }.joined(separator: ", ") + " missing",
                           cure: nil, evidence: screen.notes, dates)
                .lacking(missing.map(Shortfall.hours))
        }
        return Outcome(verdict: .met, measured: measured(), reason: "requirement met", cure: nil, evidence: screen.notes, dates)
    }
}
