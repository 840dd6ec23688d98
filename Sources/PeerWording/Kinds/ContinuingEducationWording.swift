import PeerEngine
import PeerRules

enum ContinuingEducationWording {
    static func sentences(_ measurement: ContinuingEducationMeasurement, _ rule: ContinuingEducationRule, shortfalls: [Shortfall]) -> Sentences {
        func text(_ gaps: [Shortfall]) -> String { gaps.map(ShortfallWording.text).joined(separator: ", ") }
        switch measurement {
        case .noBirthDate:
            return Sentences("no birth date", "cycles run from the birthday, which is not recorded", "record the birth date")
        case .completedCycleShort(let total, let carried, let cycle):
            let hoursOnly = shortfalls.allSatisfy { if case .hours = $0 { true } else { false } }
            return Sentences("\(total) of \(rule.totalHours) CE hours in the cycle \(cycle.spelled)" + (carried > .zero ? " plus \(carried) carried over" : ""),
                             text(shortfalls) + " missing", hoursOnly ? "complete the missing CE hours" : "complete the missing CE")
        case .periodicTopicShort(let topic, let required, let done, let window):
            return Sentences("\(done) of \(required) \(topic) hours in \(window.spelled)", "\(topic): \(quantity(required - done, "hour")) missing",
                             "complete \(required) hours of \(topic)")
        case .currentCycle(let total, let due, let owesYet):
            let measured = "\(total) of \(rule.totalHours) CE hours in the current cycle (due \(due))"
            let stillMissing = shortfalls.filter { if case .dueBy = $0 { false } else { true } }
            if !stillMissing.isEmpty {
                return Sentences(measured, "the cycle ends \(due) with " + text(stillMissing) + " still missing", "complete them by \(due)")
            }
            return Sentences(measured, owesYet ? "requirement met" : "no completed cycle owes hours yet")
        }
    }

    static func note(_ use: EvidenceUse) -> String? {
        switch (use.code, use.detail) {
        case (.counted, .continuingEducation(let hours, let topic, let cycle)):
            "\(hours) h \(topic) in " + (cycle.map { "the cycle \($0.spelled)" } ?? "the current cycle")
        case (.outsideCycle, .day(let completed)): "completed \(completed), outside the cycles judged"
        default: nil
        }
    }
}
