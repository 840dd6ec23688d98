import PeerEngine
import PeerRules

/// Transfer decisions in words, for the boards of both states: never a lived-experience sentence
/// (the engine gives no finding for one).
extension TransferRequirement {
    /// What it still needs, in words ("4 harm_reduction training hours"); empty when nothing is listed.
    public var needs: String { shortfalls.map(ShortfallWording.text).joined(separator: ", ") }

    /// "training-harm-reduction: 4 harm_reduction training hours", or the id alone.
    public var summary: String { shortfalls.isEmpty ? id : "\(id): \(needs)" }

    /// Why, in words; nil when waived and for lived experience.
    public var reason: String? { finding?.reason }
}

extension TransferDecision {
    /// One line: why this outcome.
    public var reason: String {
        let under = agreement.map { " under \($0.id) (\($0.source.title))" } ?? ""
        switch basis {
        case .noHeldCertification(let request, let named):
            let problem = named.map { "names certification \($0), which is not the worker's" } ?? "names no held certification"
            return "\(request): the request \(problem); correct the request"
        case .noHomeRules(let home): return "no rule file for the home credential \(home)"
        case .noTargetRules(let target): return "no rule file for \(target): add rules/\(target.state)/\(target.credential).yaml or correct the request"
        case .alreadyHeld(let target, let certification): return "the worker already holds \(target) (\(certification))"
        case .standing(let standing): return standing.sentence
        case .unusableRecord(let id, let finding):
            return "\(id): " + (finding?.reason ?? "a lived-experience record is unusable; the home board's compliance report names it")
        case .requirementsNotMet:
            return "not met\(under): " + missing.map { $0.shortfalls.isEmpty ? $0.id : "\($0.id) (\($0.needs))" }.joined(separator: "; ")
        case .additionsOpen:
            return "eligible\(under) after the receiving board's additions: " + additions.map(\.summary).joined(separator: "; ")
        case .allMet(let waived):
            return agreement == nil ? "every requirement of \(target) is met" : "eligible\(under): \(quantity(waived, "requirement")) waived, the rest met"
        }
    }
}

extension HomeStanding {
    /// "the home credential PA/CPS is suspended"
    public var sentence: String {
        switch self {
        case .suspended(let key): "the home credential \(key) is suspended"
        case .revoked(let key): "the home credential \(key) is revoked"
        case .application(let key): "\(key) is an application, not a credential held"
        case .recordedExpired(let key, let day): "the home credential \(key) expired" + (day.map { " on \($0)" } ?? "")
        case .noExpiryDate(let key): "the home credential \(key) has no expiry date on record"
        case .expired(let key, let day): "the home credential \(key) expired on \(day)"
        case .unknownStatus(let key, let status): "the home credential \(key) has an unknown status '\(status)'"
        }
    }
}
