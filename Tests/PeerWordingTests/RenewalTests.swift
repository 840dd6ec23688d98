import EngineFixtures
import PeerEngine
import PeerWording
@testable import PeerRules
import Testing

/// Where each anchor puts the cycles of a 12-month rule for a holder issued 2023-03-10, judged on 2025-06-30:
/// the last completed cycle and the end of the current one.
struct CycleCase: Sendable, CustomTestStringConvertible {
    let anchor: CycleAnchor
    let born: String?
    let first: Day
    let last: Day
    let due: Day
    var testDescription: String { anchor.rawValue }

    static let all = [
        CycleCase(anchor: .issueDate, born: nil, first: day("2024-03-10"), last: day("2025-03-09"), due: day("2026-03-09")),
        CycleCase(anchor: .issueMonth, born: nil, first: day("2024-03-01"), last: day("2025-02-28"), due: day("2026-02-28")),
        CycleCase(anchor: .calendarYear, born: nil, first: day("2024-01-01"), last: day("2024-12-31"), due: day("2025-12-31")),
        CycleCase(anchor: .birthday, born: "1990-11-20", first: day("2023-11-20"), last: day("2024-11-19"), due: day("2025-11-19")),
    ]

    /// The previous cycle with `general` hours, plus 5 hours the day before it and 5 the day after it.
    func evaluate(general: Hours) -> CredentialEvaluation {
        let records = cycleRecords(first: first, last: last, general: general)
            + [Fixture.ce(3, Hours(5), "general", first.adding(days: -1)), Fixture.ce(4, Hours(5), "general", last.adding(days: 1))]
        return EngineFixtures.evaluate(ceHolder(issued: "2023-03-10", born: born, records), only: ceRule(anchor))
    }
}

/// Continuing education, judged for holders on the as-of date 2025-06-30 against the cycles since issue.
@Suite struct ContinuingEducationTests {
    @Test(arguments: CycleCase.all)
    func thePreviousCycleExactlyAtTheTotalIsMet(_ cycle: CycleCase) throws {
        let evaluation = cycle.evaluate(general: Hours(17))
        let finding = try evaluation.finding("continuing_education")
        #expect(finding.verdict == .met)
        #expect(finding.reason == "requirement met")
        #expect(finding.measured == "5 of 20 CE hours in the current cycle (due \(cycle.due))")
        #expect(finding.required == "20 CE hours every 12 months including 3 ethics")
        #expect(try finding.note("ce_records#1").note == "17 h general in the cycle \(cycle.first) to \(cycle.last)")
        #expect(try finding.note("ce_records#2").counted)
        #expect(try finding.note("ce_records#3").note == "completed \(cycle.first.adding(days: -1)), outside the cycles judged")
        #expect(try finding.note("ce_records#4").note == "5 h general in the current cycle")
        #expect(evaluation.verdict == .compliant)
    }

    @Test(arguments: CycleCase.all)
    func oneHourShortIsNotMet(_ cycle: CycleCase) throws {
        let evaluation = cycle.evaluate(general: Hours(16))
        let finding = try evaluation.finding("continuing_education")
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "19 of 20 CE hours in the cycle \(cycle.first) to \(cycle.last)")
        #expect(finding.reason == "1 CE hour missing")
        #expect(finding.cure == "complete the missing CE hours")
        #expect(evaluation.verdict == .nonCompliant)
    }

    @Test(arguments: [(Hours(18), hours("2"), "1 ethics CE hour missing"), (Hours(15), hours("1.5"), "3.5 CE hours, 1.5 ethics CE hours missing")])
    func aTopicMinimumShortIsNotMet(general: Hours, ethics: Hours, reason: String) throws {
        let records = cycleRecords(first: day("2024-03-10"), last: day("2025-03-09"), general: general, ethics: ethics)
        let finding = try finding(of: ceRule(), ceHolder(issued: "2023-03-10", records))
        #expect(finding.verdict == .notMet)
        #expect(finding.reason == reason)
    }

    /// Issued 2023-08-15: the previous cycle is met, the current one ends 2025-08-14, inside the 90-day horizon.
    @Test func theCurrentCycleEndingInsideTheHorizonStillShortIsExpiring() throws {
        let records = cycleRecords(first: day("2023-08-15"), last: day("2024-08-14"), general: Hours(17))
            + [Fixture.ce(3, Hours(10), "general", day("2025-01-01"))]
        let evaluation = evaluate(ceHolder(issued: "2023-08-15", records), only: ceRule())
        let finding = try evaluation.finding("continuing_education")
        #expect(finding.verdict == .expiring)
        #expect(finding.measured == "10 of 20 CE hours in the current cycle (due 2025-08-14)")
        #expect(finding.reason == "the cycle ends 2025-08-14 with 10 CE hours, 3 ethics CE hours still missing")
        #expect(finding.cure == "complete them by 2025-08-14")
        #expect(evaluation.verdict == .atRisk)

        let done = ceHolder(issued: "2023-08-15", records + cycleRecords(first: day("2025-02-01"), last: day("2025-02-01"), general: Hours(7), from: 4))
        #expect(try EngineFixtures.finding(of: ceRule(), done).verdict == .met)
    }

    /// The horizon ends 2025-09-28: a cycle due that day is projected, one due the day after is not.
    @Test(arguments: [("2023-09-29", Verdict.expiring), ("2023-09-30", .met)])
    func theHorizonIsNinetyDays(issued: String, verdict: Verdict) throws {
        let records = cycleRecords(first: day(issued), last: day(issued), general: Hours(17))
        #expect(try finding(of: ceRule(), ceHolder(issued: issued, records)).verdict == verdict)
    }

    /// A first cycle that began before the issue date (2024-01-01 for an issue 2024-03-10) owes nothing, nor does
    /// a first cycle still running.
    @Test(arguments: [(CycleAnchor.calendarYear, "2024-03-10", "2025-12-31"), (.issueDate, "2024-12-01", "2025-11-30")])
    func aFirstPartialCycleOwesNothing(anchor: CycleAnchor, issued: String, due: String) throws {
        let finding = try finding(of: ceRule(anchor), ceHolder(issued: issued, []))
        #expect(finding.verdict == .met)
        #expect(finding.reason == "no completed cycle owes hours yet")
        #expect(finding.measured == "0 of 20 CE hours in the current cycle (due \(due))")
    }

    /// With no CE at all, a first cycle ending inside the horizon is forecast as what it is judged once complete:
    /// an issue-month cycle is owed from the first of the issue month (2024-08-01 to 2025-07-31); a calendar-year
    /// (2025) or birthday (2024-08-10 to 2025-08-09) cycle cut by the issue date owes nothing.
    @Test(arguments: [(CycleAnchor.issueMonth, nil, "2024-08-15", "2025-06-30", Verdict.expiring, "2025-08-01", Verdict.notMet),
                      (.calendarYear, nil, "2025-02-01", "2025-10-15", .met, "2026-01-01", .met),
                      (.birthday, "1990-08-10", "2024-12-01", "2025-06-30", .met, "2025-08-10", .met)]
          as [(CycleAnchor, String?, String, String, Verdict, String, Verdict)])
    func theForecastMatchesTheLaterVerdict(anchor: CycleAnchor, born: String?, issued: String,
                                           before: String, forecast: Verdict, after: String, judged: Verdict) throws {
        let holder = ceHolder(issued: issued, born: born, [])
        #expect(try finding(of: ceRule(anchor), holder, asOf: day(before)).verdict == forecast)
        #expect(try finding(of: ceRule(anchor), holder, asOf: day(after)).verdict == judged)
    }

    /// Hours beyond the 20 in the cycle 2023-03-10 to 2024-03-09 carry into the next, up to 5.
    @Test(arguments: [(Hours(26), Hours(15), Verdict.met, nil), (Hours(26), Hours(14), .notMet, "14 of 20 CE hours in the cycle 2024-03-10 to 2025-03-09 plus 5 carried over"),
                      (Hours(23), Hours(17), .met, nil), (Hours(23), Hours(16), .notMet, "16 of 20 CE hours in the cycle 2024-03-10 to 2025-03-09 plus 3 carried over")]
          as [(Hours, Hours, Verdict, String?)])
    func carryOverCountsUpToTheCap(earlier: Hours, previous: Hours, verdict: Verdict, measured: String?) throws {
        let records = cycleRecords(first: day("2023-03-10"), last: day("2024-03-09"), general: earlier - Hours(3))
            + cycleRecords(first: day("2024-03-10"), last: day("2025-03-09"), general: previous - Hours(3), from: 3)
        let finding = try finding(of: ceRule(carryOver: Hours(5)), ceHolder(issued: "2023-03-10", records))
        #expect(finding.verdict == verdict)
        if let measured {
            #expect(finding.measured == measured)
            #expect(finding.reason == "1 CE hour missing")
        }
    }

    /// Issued on a 31st with 6-month cycles: the cycle two back starts on the issue date even though a
    /// short month clamped the boundaries in between, so its surplus still carries over.
    @Test func carryOverSurvivesAClampedMonthEnd() throws {
        let records = [Fixture.ce(1, Hours(23), "general", day("2023-10-01")), Fixture.ce(2, Hours(3), "ethics", day("2023-10-02")),
                       Fixture.ce(3, Hours(14), "general", day("2024-05-01")), Fixture.ce(4, Hours(3), "ethics", day("2024-05-02")),
                       Fixture.ce(5, Hours(17), "general", day("2024-10-01")), Fixture.ce(6, Hours(3), "ethics", day("2024-10-02"))]
        let finding = try finding(of: ceRule(months: 6, carryOver: Hours(5)), ceHolder(issued: "2023-08-31", records), asOf: day("2025-01-15"))
        #expect(finding.verdict == .met)
        #expect(try finding.note("ce_records#3").counted)
    }

    /// Carry-over counts toward the total, never toward a topic minimum.
    @Test func carryOverDoesNotCoverATopic() throws {
        let records = cycleRecords(first: day("2023-03-10"), last: day("2024-03-09"), general: Hours(23))
            + [Fixture.ce(3, Hours(15), "general", day("2024-03-10"))]
        let finding = try finding(of: ceRule(carryOver: Hours(5)), ceHolder(issued: "2023-03-10", records))
        #expect(finding.verdict == .notMet)
        #expect(finding.reason == "3 ethics CE hours missing")
    }

    /// 2 hours of suicide_prevention every 2 cycles: looked for in the two cycles 2023-03-10 to 2025-03-09.
    @Test(arguments: [(nil, Verdict.notMet, "suicide_prevention: 2 hours missing"), (hours("1.5"), .notMet, "suicide_prevention: 0.5 hours missing"),
                      (Hours(2), .met, "requirement met")] as [(Hours?, Verdict, String)])
    func aPeriodicTopic(done: Hours?, verdict: Verdict, reason: String) throws {
        let rule = ceRule(periodic: [PeriodicTopic(topic: "suicide_prevention", hours: Hours(2), everyCycles: 2)])
        var records = cycleRecords(first: day("2024-03-10"), last: day("2025-03-09"), general: Hours(17))
        if let done { records.append(Fixture.ce(3, done, "suicide_prevention", day("2023-05-01"))) }
        let finding = try finding(of: rule, ceHolder(issued: "2023-03-10", records))
        #expect(finding.verdict == verdict)
        #expect(finding.reason == reason)
        #expect(finding.required == "20 CE hours every 12 months including 3 ethics; 2 suicide_prevention every 2 cycles")
        if done == nil {
            #expect(finding.measured == "0 of 2 suicide_prevention hours in 2023-03-10 to 2025-03-09")
            #expect(finding.cure == "complete 2 hours of suicide_prevention")
        }
    }

    /// Every 3 cycles: only two have passed since issue, so the topic is not owed yet.
    @Test func aPeriodicTopicIsNotOwedBeforeItsCyclesHavePassed() throws {
        let rule = ceRule(periodic: [PeriodicTopic(topic: "suicide_prevention", hours: Hours(2), everyCycles: 3)])
        let records = cycleRecords(first: day("2024-03-10"), last: day("2025-03-09"), general: Hours(17))
        #expect(try finding(of: rule, ceHolder(issued: "2023-03-10", records)).verdict == .met)
    }

    @Test func anUnknownTopicIsADataError() throws {
        let records = cycleRecords(first: day("2024-03-10"), last: day("2025-03-09"), general: Hours(17))
            + [Fixture.ce(3, Hours(1), "juggling", day("2024-06-01"))]
        let evaluation = evaluate(ceHolder(issued: "2023-03-10", records), only: ceRule())
        let finding = try evaluation.finding("continuing_education")
        #expect(finding.verdict == .dataError)
        #expect(finding.reason == "ce_records#3: unknown CE topic 'juggling'")
        #expect(evaluation.verdict == .error)
    }

    @Test func aBirthdayAnchorNeedsTheBirthDate() throws {
        let finding = try finding(of: ceRule(.birthday), ceHolder(issued: "2023-03-10", []))
        #expect(finding.verdict == .insufficientEvidence)
        #expect(finding.reason == "cycles run from the birthday, which is not recorded")
    }

    /// An application is judged on initial requirements only: no CE finding at all, even with none done.
    @Test func applicantsAreNotJudgedOnCE() {
        let evaluation = evaluate(Fixture.worker(), only: ceRule())
        #expect(evaluation.role == .applicant)
        #expect(!evaluation.findings.contains { $0.kind == "continuing_education" })
        #expect(evaluation.verdict == .compliant)
    }

    /// Cycles are counted from the anchor, not from the previous cycle's clamped start: from 2024-02-29 every
    /// 24 months is 2026-02-28, then 2028-02-29; from 2023-08-31 every 6 months is 2024-02-29, then 2024-08-31.
    /// On 2028-02-28 (and on 2024-08-30) the current cycle is still running, due that very day.
    @Test(arguments: [("2024-02-29", 24, "2024-06-01", "2028-02-28"), ("2023-08-31", 6, "2023-10-01", "2024-08-30")])
    func cyclesAreSteppedFromTheAnchor(issued: String, months: Int, done: String, asOf: String) throws {
        let records = cycleRecords(first: day(done), last: day(done), general: Hours(17))
        let finding = try finding(of: ceRule(months: months), ceHolder(issued: issued, records), asOf: day(asOf))
        #expect(finding.verdict == .expiring)
        #expect(finding.measured == "0 of 20 CE hours in the current cycle (due \(asOf))")
    }
}

/// 100 service hours with 10 of supervision every 12 months from the issue date 2023-03-10: the last completed
/// cycle runs 2024-03-10 to 2025-03-09.
@Suite struct ServiceHoursTests {
    static let rule = Specs.serviceHours

    func service(_ records: [SupervisedExperienceRecord], issued: String = "2023-03-10") throws -> Finding {
        try finding(of: Self.rule, Fixture.holder(issued: issued).with { $0.supervised = records })
    }

    @Test(arguments: [("100", Verdict.met, "requirement met"), ("99.5", .notMet, "0.5 service hours missing")])
    func thePreviousCycle(work: String, verdict: Verdict, reason: String) throws {
        let finding = try service([Fixture.supervised(1, work: hours(work), supervision: Hours(10), from: "2024-03-10", to: "2025-03-09")])
        #expect(finding.verdict == verdict)
        #expect(finding.reason == reason)
        #expect(finding.measured == "\(work) of 100 service hours, 10 of 10 supervision hours in 2024-03-10 to 2025-03-09")
        #expect(finding.required == "100 service hours with 10 hours of supervision every 12 months")
    }

    /// Issued 2024-03-10 on issue-month cycles (from 2024-03-01): a period ending on the issue date was the
    /// initial supervised experience, so it is not also the first cycle's service.
    @Test func thePeriodBeforeTheIssueDateIsNotServiceToo() throws {
        let rule = RequirementSpec.serviceHours(ServiceHoursRule(cycleMonths: 12, anchor: .issueMonth, workHours: Hours(100), supervisionHours: Hours(10)))
        let records = [Fixture.supervised(1, work: Hours(100), supervision: Hours(10), from: "2023-09-01", to: "2024-03-10")]
        let finding = try finding(of: rule, Fixture.holder(issued: "2024-03-10").with { $0.supervised = records }, asOf: day("2025-04-01"))
        #expect(finding.verdict == .notMet)
        #expect(try finding.note("supervised_experience#1").note == "period ended 2024-03-10, before the credential was issued")
    }

    @Test func aPeriodEndingInTheCurrentCycleDoesNotCount() throws {
        let finding = try service([Fixture.supervised(1, work: Hours(100), supervision: Hours(10), from: "2024-03-10", to: "2025-03-10")])
        #expect(finding.verdict == .notMet)
        #expect(finding.reason == "100 service hours, 10 supervision hours missing")
        #expect(try finding.note("supervised_experience#1").note == "period ended 2025-03-10, outside the cycle judged")
    }

    @Test func theFirstCycleOwesNothing() throws {
        let finding = try service([], issued: "2024-12-01")
        #expect(finding.verdict == .met)
        #expect(finding.measured == "first cycle")
    }
}

/// A renewal requirement's phase-in is judged on the as-of date (2025-06-30); an initial requirement's on the
/// issue date (2025-02-01) for a holder.
@Suite struct PhaseInTests {
    @Test(arguments: [("2025-07-01", Verdict.warning), ("2025-06-30", .notMet)])
    func aRenewalRequirementPhasesInOnTheAsOfDate(phaseIn: String, verdict: Verdict) throws {
        let records = cycleRecords(first: day("2024-03-10"), last: day("2025-03-09"), general: Hours(16))
        let book = Fixture.book(only: [Fixture.requirement("ce", ceRule(), phaseIn: day(phaseIn))])
        let evaluation = evaluate(ceHolder(issued: "2023-03-10", records), book: book)
        let finding = try evaluation.finding("ce")
        #expect(finding.verdict == verdict)
        if verdict == .warning {
            #expect(finding.reason == "required from 2025-07-01; not yet enforced: 1 CE hour missing")
            #expect(evaluation.verdict == .atRisk)
        }
    }

    @Test(arguments: [("2025-02-02", Verdict.warning), ("2025-02-01", .notMet)])
    func aHoldersInitialRequirementPhasesInOnTheIssueDate(phaseIn: String, verdict: Verdict) throws {
        let book = Fixture.book(only: [Fixture.requirement("age", AgeTests.adult, phaseIn: day(phaseIn))])
        let holder = Fixture.holder().with { $0.birthDate = day("2007-03-01") }
        #expect(try finding("age", holder, book: book).verdict == verdict)
    }
}
