import PeerEngine
import PeerRules

enum WorkExperienceWording {
    static func sentences(_ measurement: WorkExperienceMeasurement) -> Sentences {
        switch measurement {
        case .noRecords:
            return Sentences("no employment on file", "no employment records", "record the worker's employment")
        case .employed(let days, let required):
            let measured = "\(quantity(days, "day")) employed"
            if days >= required { return Sentences(measured, "requirement met") }
            return Sentences(measured, "\(quantity(required - days, "day")) short", "record further employment")
        }
    }

    static func note(_ use: EvidenceUse, _ rule: WorkExperienceRule) -> String? {
        switch (use.code, use.detail) {
        case (.notAccepted, .peerWork(let peerWork)): peerWork == nil ? "not recorded as peer work or not" : "not peer work"
        case (.outsideWindow, .day(let ended)): "ended \(ended), outside the \(rule.withinMonths ?? 0)-month window"
        case (.counted, .employed(let from, let through)): "employed \(from) to \(through)"
        default: nil
        }
    }
}
