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
            return Outcome(.insufficientEvidence, .continuingEducation(.noBirthDate), lacking: [.evidence(.birthDate)])
        }
        var screen = EvidenceScreen(expecting: records.count, dates)
        // The records that count anywhere, by index (no copy of each record), with their hours and day.
        var usable: [(index: Int, hours: Hours, day: Day)] = []
        usable.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            if catalog.ceTopics[record.topic] == nil {
                screen.dataError(record.ref, "topic", .unknownCode(record.topic))
                continue
            }
            guard let hours = screen.hours(record.hours, record.ref, "hours") else { continue }
            guard let day = record.completedOn else { screen.dataError(record.ref, "completed_on", .missing); continue }
            guard day <= dates.asOf else { screen.dataError(record.ref, "completed_on", .afterAsOf(day, asOf: dates.asOf)); continue }
            usable.append((index, hours, day))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }

        /// The sums the rule's minimums ask for, over a range of days, in the rule's order: only those (no
        /// dictionary of every topic), so a tally costs an array or two per cycle judged.
        struct Tally {
            var total = Hours.zero
            var topics: [Hours]
            var sponsors: [Hours]
            var courses: [Int]
        }
        func tally(_ range: Range<Day>) -> Tally {
            var sums = Tally(topics: Array(repeating: .zero, count: rule.topicMinimums.count),
                             sponsors: Array(repeating: .zero, count: rule.sponsorMinimums.count),
                             courses: Array(repeating: 0, count: rule.courseMinimums.count))
            for (index, hours, day) in usable where range.contains(day) {
                sums.total = sums.total + hours
                let record = records[index]
                for position in rule.topicMinimums.indices where rule.topicMinimums[position].topic == record.topic {
                    sums.topics[position] = sums.topics[position] + hours
                }
                for position in rule.sponsorMinimums.indices where rule.sponsorMinimums[position].sponsor == record.provider {
                    sums.sponsors[position] = sums.sponsors[position] + hours
                }
                for position in rule.courseMinimums.indices where rule.courseMinimums[position].topic == record.topic {
                    sums.courses[position] += 1
                }
            }
            return sums
        }
        /// Hours of one topic over a range of days (a topic owed every few cycles).
        func hours(of topic: String, in range: Range<Day>) -> Hours {
            usable.reduce(.zero) { sum, entry in range.contains(entry.day) && records[entry.index].topic == topic ? sum + entry.hours : sum }
        }
        func gaps(_ sums: Tally, carried: Hours) -> [Shortfall] {
            var missing: [Shortfall] = []
            if sums.total + carried < rule.totalHours {
                missing.append(.hours(HoursShortfall(.continuingEducation, missing: rule.totalHours - sums.total - carried, required: rule.totalHours)))
            }
            for (minimum, done) in zip(rule.topicMinimums, sums.topics) where done < minimum.hours {
                missing.append(.hours(HoursShortfall(.continuingEducation, scope: minimum.topic, missing: minimum.hours - done, required: minimum.hours)))
            }
            for (sponsor, done) in zip(rule.sponsorMinimums, sums.sponsors) where done < sponsor.hours {
                missing.append(.hours(HoursShortfall(.continuingEducation, scope: "\(sponsor.sponsor)-sponsored",
                                                     missing: sponsor.hours - done, required: sponsor.hours)))
            }
            for (course, done) in zip(rule.courseMinimums, sums.courses) where done < course.count {
                missing.append(.courses(topic: course.topic, missing: course.count - done, required: course.count))
            }
            return missing
        }

        let current = tally(cycles.current)
        for (index, hours, day) in usable {
            let record = records[index]
            if let previous = cycles.previous, previous.contains(day) {
                screen.count(record.ref, .continuingEducation(hours: hours, topic: record.topic, completedCycle: previous))
            } else if cycles.current.contains(day) {
                screen.count(record.ref, .continuingEducation(hours: hours, topic: record.topic, completedCycle: nil))
            } else {
                screen.skip(record.ref, .outsideCycle, .day(day))
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
                return Outcome(.notMet, .continuingEducation(.completedCycleShort(total: sums.total, carried: carried, cycle: previous)),
                               evidence: screen.uses, lacking: missing)
            }
            for periodic in rule.periodicTopics {
                guard let window = cycles.window(cyclesBack: periodic.everyCycles) else { continue }
                let done = hours(of: periodic.topic, in: window)
                if done < periodic.hours {
                    return Outcome(.notMet, .continuingEducation(.periodicTopicShort(topic: periodic.topic, required: periodic.hours, done: done, window: window)),
                                   evidence: screen.uses,
                                   lacking: [.hours(HoursShortfall(.continuingEducation, scope: periodic.topic, missing: periodic.hours - done,
                                                                   required: periodic.hours))])
                }
            }
        }
        let lastDay = cycles.current.upperBound.adding(days: -1)
        let stillMissing = gaps(current, carried: .zero)
        let measurement = Measurement.continuingEducation(.currentCycle(total: current.total, due: lastDay, owesYet: cycles.previous != nil))
        // A current cycle that began before the first owing day is the partial first one: it will owe nothing.
        if lastDay <= dates.horizonEnd, cycles.current.lowerBound >= cycles.firstOwing, !stillMissing.isEmpty {
            return Outcome(.expiring, measurement, evidence: screen.uses, lacking: stillMissing + [.dueBy(lastDay)])
        }
        return Outcome(.met, measurement, evidence: screen.uses)
    }
}

/// Service hours per renewal cycle (peer services delivered, with supervision), from the
/// supervised-experience records whose period ended in the cycle.
enum ServiceHoursEvaluator {
    static func evaluate(_ rule: ServiceHoursRule, issued: Day, birthDate: Day?, _ records: [SupervisedExperienceRecord], _ dates: EvaluationDates) -> Outcome {
        guard let cycles = RenewalCycles(anchor: rule.anchor, months: rule.cycleMonths, issued: issued, birthDate: birthDate, asOf: dates.asOf) else {
            return Outcome(.insufficientEvidence, .serviceHours(.noBirthDate), lacking: [.evidence(.birthDate)])
        }
        guard let previous = cycles.previous else { return Outcome(.met, .serviceHours(.firstCycle)) }
        var screen = EvidenceScreen(expecting: records.count, dates)
        var work = Hours.zero
        var supervision = Hours.zero
        for record in records {
            guard let workHours = screen.hours(record.workHours, record.ref, "work_hours"),
                  let supervisionHours = screen.hours(record.supervisionHours, record.ref, "supervision_hours") else { continue }
            guard let start = record.periodStart else { screen.dataError(record.ref, "period_start", .missing); continue }
            guard let end = record.periodEnd else { screen.dataError(record.ref, "period_end", .missing); continue }
            guard end <= dates.asOf else { screen.dataError(record.ref, "period_end", .afterAsOf(end, asOf: dates.asOf)); continue }
            guard end >= start else { screen.dataError(record.ref, "period_end", .endsBeforeStart(end: end, start: start)); continue }
            // A period that ended by the issue date is initial supervised experience, not renewal service.
            guard end > issued else { screen.skip(record.ref, .beforeIssue, .day(end)); continue }
            guard previous.contains(end) else { screen.skip(record.ref, .outsideCycle, .day(end)); continue }
            work = work + workHours
            supervision = supervision + supervisionHours
            screen.count(record.ref, .serviceHours(work: workHours, supervision: supervisionHours))
        }
        if screen.hasErrors { return screen.dataErrorOutcome() }
        var missing: [Shortfall] = []
        if work < rule.workHours { missing.append(.hours(HoursShortfall(.service, missing: rule.workHours - work, required: rule.workHours))) }
        if supervision < rule.supervisionHours {
            missing.append(.hours(HoursShortfall(.supervision, missing: rule.supervisionHours - supervision, required: rule.supervisionHours)))
        }
        let measurement = Measurement.serviceHours(.hours(work: work, supervision: supervision, cycle: previous))
        return missing.isEmpty ? Outcome(.met, measurement, evidence: screen.uses) : Outcome(.notMet, measurement, evidence: screen.uses, lacking: missing)
    }
}
