import PeerEngine
import PeerRules

enum EthicsWording {
    static func sentences(_ measurement: EthicsMeasurement) -> Sentences {
        switch measurement {
        case .signed(let day, let lapsesOn):
            guard let lapsesOn else { return Sentences("signed \(day)", "requirement met") }
            return Sentences("signed \(day)", "met now; the signature of \(day) no longer counts from \(lapsesOn)", "complete the application before \(lapsesOn)")
        case .none(let anyOnFile):
            return Sentences("no signed code on file", anyOnFile ? "no ethics attestation that counts" : "no ethics attestation",
                             "record the worker's signed code of ethics")
        }
    }

    static func note(_ use: EvidenceUse, _ rule: EthicsRule, state: String, judgedOn: Day?) -> String? {
        switch (use.code, use.detail) {
        case (.notAccepted, .signedFor(let other)): "signed for \(other), not \(state)"
        case (.outsideWindow, .day(let signed)):
            "signed \(signed), more than \(rule.withinMonths ?? 0) months before \(judgedOn?.description ?? "")"
        case (.counted, .day(let signed)): "signed \(signed)"
        default: nil
        }
    }
}
