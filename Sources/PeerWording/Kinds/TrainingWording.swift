import PeerEngine
import PeerRules

enum TrainingWording {
    static func sentences(_ measurement: TrainingMeasurement, _ rule: TrainingRule) -> Sentences {
        guard case let .hours(sums, notCounted, fallsShortOn) = measurement else {
            return Sentences("no training records", "no training on file", "record the worker's completed training")
        }
        let skipped = notCounted > 0 ? "; \(quantity(notCounted, "record")) not counted" : ""
        var measured = "\(sums[0]) of \(rule.totalHours) training hours"
        if !rule.domainMinimums.isEmpty {
            measured += " (" + rule.domainMinimums.indices.map { "\(sums[$0 + 1]) of \(rule.domainMinimums[$0].hours) \(rule.domainMinimums[$0].domain)" }
                .joined(separator: ", ") + ")"
        }
        let minimums = [rule.totalHours] + rule.domainMinimums.map(\.hours)
        let labels = ["total"] + rule.domainMinimums.map(\.domain)
        let short = minimums.indices.filter { sums[$0] < minimums[$0] }
        if !short.isEmpty {
            let gaps = short.map { quantity(minimums[$0] - sums[$0], $0 == 0 ? "hour" : labels[$0] + " hour") + " missing" }
            let cure = "complete " + short.map { quantity(minimums[$0] - sums[$0], $0 == 0 ? "more hour" : "more " + labels[$0] + " hour") }
                .joined(separator: " and ") + (rule.approvedProvidersOnly ? " with an approved provider" : "")
            return Sentences(measured, gaps.joined(separator: ", ") + skipped, cure)
        }
        if let day = fallsShortOn {
            return Sentences(measured, "met now; falls short on \(day) as older training leaves the \(rule.windowMonths ?? 0)-month window" + skipped,
                             "complete the application before \(day)")
        }
        return Sentences(measured, "requirement met" + skipped)
    }

    static func note(_ use: EvidenceUse, _ rule: TrainingRule, state: String) -> String? {
        switch (use.code, use.detail) {
        case (.outsideWindow, .day(let completed)): "completed \(completed), outside the \(rule.windowMonths ?? 0)-month window"
        case (.noProvider, _): "no provider recorded; only approved providers count"
        case (.unapprovedProvider, .provider(let provider, let completed)): "provider \(provider) was not approved by \(state) on \(completed)"
        case (.modeNotAccepted, .deliveryMode(let mode)): "delivered \(mode.rawValue), which does not count"
        case (.capReached, .deliveryMode(let mode)): "\(mode.rawValue) hours are already at their cap"
        case (.counted, .trainingHours(let counted, let recorded, let domain, let mode)):
            "\(counted) h \(domain)" + (counted < recorded ? " (\(recorded - counted) h over the \(mode.isOnline ? "online" : "in-service") cap)" : "")
        default: nil
        }
    }
}
