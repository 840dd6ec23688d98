import PeerEngine
import PeerRules

enum BackgroundCheckWording {
    static func sentences(_ measurement: BackgroundCheckMeasurement, _ rule: BackgroundCheckRule) -> Sentences {
        let measured = zip(rule.checks, measurement.results).map { "\($0.rawValue): \($1 ?? "none")" }.joined(separator: ", ")
        switch measurement.outcome {
        case .disqualified(let kinds):
            return Sentences(measured, "disqualifying result (\(kinds.joined(separator: ", "))); the state allows no waiver")
        case .missing(let kinds):
            return Sentences(measured, "no \(kinds.joined(separator: ", ")) check on file", "record the missing checks")
        case .awaitingReview(let kinds):
            return Sentences(measured, "awaiting the board's case-by-case review (\(kinds.joined(separator: ", ")))", "record the board's decision")
        case .clear(let oldest, let lapsesOn):
            guard let lapsesOn else { return Sentences(measured, "requirement met") }
            return Sentences(measured, "met now; the check of \(oldest?.description ?? "") no longer counts from \(lapsesOn)",
                             "complete the application before \(lapsesOn)")
        }
    }

    static func note(_ use: EvidenceUse, _ rule: BackgroundCheckRule, judgedOn: Day?) -> String? {
        switch (use.code, use.detail) {
        case (.outsideWindow, .day(let completed)):
            "completed \(completed), more than \(rule.withinMonths ?? 0) months before \(judgedOn?.description ?? "")"
        case (.superseded, .backgroundCheckKind(let kind)): "a later \(kind) check is on file"
        case (.counted, .backgroundCheck(let kind, let completed, let result)): "\(kind) check \(completed): \(result)"
        default: nil
        }
    }
}
