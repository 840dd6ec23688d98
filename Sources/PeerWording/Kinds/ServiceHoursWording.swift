import PeerEngine
import PeerRules

enum ServiceHoursWording {
    static func sentences(_ measurement: ServiceHoursMeasurement, _ rule: ServiceHoursRule, shortfalls: [Shortfall]) -> Sentences {
        switch measurement {
        case .noBirthDate:
            return Sentences("no birth date", "cycles run from the birthday, which is not recorded", "record the birth date")
        case .firstCycle:
            return Sentences("first cycle", "no completed cycle owes hours yet")
        case .hours(let work, let supervision, let cycle):
            let measured = "\(work) of \(rule.workHours) service hours, \(supervision) of \(rule.supervisionHours) supervision hours in \(cycle.spelled)"
            let gaps = shortfalls.compactMap { shortfall -> String? in
                guard case .hours(let hours) = shortfall else { return nil }
                return quantity(hours.missing, "\(hours.measure == .service ? "service" : "supervision") hour")
            }
            return gaps.isEmpty ? Sentences(measured, "requirement met") : Sentences(measured, gaps.joined(separator: ", ") + " missing")
        }
    }

    static func note(_ use: EvidenceUse) -> String? {
        switch (use.code, use.detail) {
        case (.beforeIssue, .day(let end)): "period ended \(end), before the credential was issued"
        case (.outsideCycle, .day(let end)): "period ended \(end), outside the cycle judged"
        case (.counted, .serviceHours(let work, let supervision)): "\(work) h service, \(supervision) h supervision"
        default: nil
        }
    }
}
