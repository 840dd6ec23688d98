import PeerEngine
import PeerRules

enum SupervisedExperienceWording {
    static func sentences(_ measurement: SupervisedExperienceMeasurement, _ rule: SupervisedExperienceRule) -> Sentences {
        guard case let .hours(work, supervision, fallsShortOn) = measurement else {
            return Sentences("no supervised experience on file", "no supervised-experience records", "record the worker's supervised hours")
        }
        let measured = "\(work) of \(rule.workHours) work hours, \(supervision) of \(rule.supervisionHours) supervision hours"
        let gaps = [("work", rule.workHours - work), ("supervision", rule.supervisionHours - supervision)].filter { $0.1 > .zero }
        if !gaps.isEmpty {
            return Sentences(measured, gaps.map { quantity($0.1, $0.0 + " hour") + " missing" }.joined(separator: ", "),
                             "complete the missing supervised hours")
        }
        if let day = fallsShortOn {
            return Sentences(measured, "met now; falls short on \(day) as older periods leave the \(rule.windowMonths ?? 0)-month window",
                             "complete the application before \(day)")
        }
        return Sentences(measured, "requirement met")
    }

    static func note(_ use: EvidenceUse, _ rule: SupervisedExperienceRule) -> String? {
        switch (use.code, use.detail) {
        case (.outsideWindow, .day(let end)): "period ended \(end), outside the \(rule.windowMonths ?? 0)-month window"
        case (.supervisorNotAccepted, .supervisor(let id, let credential)):
            id.map { "supervisor \($0) holds \(credential ?? "no listed credential")" } ?? "no supervisor recorded"
        case (.counted, .supervisedPeriod(let work, let supervision, let start, let end)):
            "\(work) h work, \(supervision) h supervision, \(start) to \(end)"
        default: nil
        }
    }
}
