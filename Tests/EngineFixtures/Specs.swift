import PeerEngine
@testable import PeerRules

/// Requirements of each kind as the kind's suites judge them, shared by the engine's tests (typed
/// measurements and shortfalls) and the wording's (their sentences).
public enum Specs {
    public static let adult = RequirementSpec.age(AgeRule(minimumYears: 18, maximumYears: nil))
    public static let youth = RequirementSpec.age(AgeRule(minimumYears: 18, maximumYears: 29))
    public static func residency(_ basis: ResidencyRule.Basis) -> RequirementSpec { .residency(ResidencyRule(states: ["XX"], basis: basis)) }
    public static let ethics = RequirementSpec.ethics(EthicsRule(signedCode: true, withinMonths: 12))
    /// State and FBI checks; what a disqualifying result means depends on the rule.
    public static func backgroundCheck(_ disqualifying: BackgroundCheckRule.Disqualifying = .blocks) -> RequirementSpec {
        .backgroundCheck(BackgroundCheckRule(checks: [.state, .fbi], withinMonths: nil, disqualifying: disqualifying))
    }
    /// 100 service hours with 10 of supervision every 12 months from the issue date.
    public static let serviceHours = RequirementSpec.serviceHours(ServiceHoursRule(cycleMonths: 12, anchor: .issueDate, workHours: Hours(100),
                                                                                   supervisionHours: Hours(10)))
}

/// 20 CE hours, 3 of them ethics, every cycle.
public func ceRule(_ anchor: CycleAnchor = .issueDate, months: Int = 12, carryOver: Hours = .zero,
                   periodic: [PeriodicTopic] = []) -> RequirementSpec {
    .continuingEducation(ContinuingEducationRule(cycleMonths: months, anchor: anchor, totalHours: Hours(20),
                                                 topicMinimums: [TopicMinimum(topic: "ethics", hours: Hours(3))],
                                                 periodicTopics: periodic, carryOverHours: carryOver))
}

/// A holder issued on `issued` (expiring far beyond the horizon), with these CE records.
public func ceHolder(issued: String, born: String? = nil, _ records: [ContinuingEducationRecord]) -> WorkerRecord {
    Fixture.holder(issued: issued, expires: day("2030-12-31")).with {
        $0.birthDate = born.map(day)
        $0.continuingEducation = records
    }
}

/// `general` hours of general CE on the first day of a cycle and the 3 ethics hours on its last.
public func cycleRecords(first: Day, last: Day, general: Hours, ethics: Hours = Hours(3), from id: Int = 1) -> [ContinuingEducationRecord] {
    [Fixture.ce(id, general, "general", first), Fixture.ce(id + 1, ethics, "ethics", last)]
}
