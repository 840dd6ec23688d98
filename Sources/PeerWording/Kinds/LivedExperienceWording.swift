import PeerEngine
import PeerRules

/// Health information: these sentences go to the board's own reports only.
enum LivedExperienceWording {
    static func sentences(_ measurement: LivedExperienceMeasurement) -> Sentences {
        switch measurement {
        case .noAttestation(let day):
            return Sentences("no attestation on file", "no lived-experience attestation dated on or before \(day)",
                             "record the worker's signed attestation of lived experience")
        case .kindNotAccepted(let kinds):
            return Sentences("attested kind \(kinds.joined(separator: ", "))", "the attested kind is not one this credential accepts")
        case .attested(let kind):
            return Sentences("attestation of kind \(kind)", "attestation on file")
        case .noRecoveryStart:
            return Sentences("attestation without a recovery start date", "the time in recovery cannot be measured",
                             "record when the worker's recovery began")
        case .recovery(let months, let minimum, let metOn, let judgedOn):
            if metOn <= judgedOn { return Sentences("\(months) months in recovery", "\(months) of \(minimum) months") }
            return Sentences("\(months) months in recovery",
                             "\(months) of \(minimum) months in recovery on \(judgedOn); \(quantity(metOn - judgedOn, "day")) short",
                             "met on \(metOn) if recovery continues")
        }
    }

    static func note(_ use: EvidenceUse) -> String? {
        switch (use.code, use.detail) {
        case (.notAccepted, .livedExperienceKind(let kind)): "kind \(kind) is not accepted"
        case (.noRecoveryStart, _): "no recovery start date"
        case (.superseded, _): "a longer recovery is on file"
        case (.counted, .livedExperienceKind(let kind)): "attestation of kind \(kind)"
        case (.counted, .recoverySince(let since)): "in recovery since \(since)"
        default: nil
        }
    }
}
