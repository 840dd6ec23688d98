import PeerEngine
import PeerRules

enum EducationWording {
    static func sentences(_ measurement: EducationMeasurement, _ rule: EducationRule) -> Sentences {
        switch measurement {
        case .level(let level): return Sentences(level, "requirement met")
        case .credits(let credits): return Sentences("\(credits) college credits", "requirement met")
        case .noRecords: return Sentences("no education on file", "no education records", "record the worker's diploma or equivalent")
        case .notMet(let credits):
            // Credits alone (one path of an alternative) fall short by a number, not for want of a diploma.
            let creditsOnly = rule.acceptedLevels.isEmpty
            return Sentences(credits > .zero || creditsOnly ? "\(credits) college credits" : "no accepted level",
                             creditsOnly ? "fewer college credits than required" : "no accepted diploma on file",
                             creditsOnly ? "record the college credits completed" : "record an accepted diploma or equivalent")
        }
    }

    static func note(_ use: EvidenceUse, _ rule: EducationRule) -> String? {
        switch (use.code, use.detail) {
        case (.notAccepted, .collegeCredits): "college credits are not accepted"
        case (.notAccepted, .educationLevel(let level, _)): "\(level) is not an accepted level"
        case (.outsideWindow, .undatedCredits): "completion date not recorded; credits count within \(rule.creditsWithinMonths ?? 0) months"
        case (.outsideWindow, .day(let completed)): "completed \(completed), outside the \(rule.creditsWithinMonths ?? 0)-month window"
        case (.counted, .collegeCredits(let credits)): "\(credits) college credits"
        case (.counted, .educationLevel(let level, let dated)): level + (dated ? "" : " (completion date not recorded)")
        default: nil
        }
    }
}
