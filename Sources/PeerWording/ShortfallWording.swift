import PeerEngine
import PeerRules

/// A shortfall in plain words, from its data alone: "16 oh_prs_in_person training hours",
/// "1 ethics training". Never a date or kind of lived experience: these words go to other states'
/// boards and to administrators.
public enum ShortfallWording {
    public static func text(_ shortfall: Shortfall) -> String {
        switch shortfall {
        case .hours(let hours):
            let measure = switch hours.measure {
            case .training: "training hour"
            case .continuingEducation: "CE hour"
            case .supervisedWork: "supervised work hour"
            case .supervision: "supervision hour"
            case .service: "service hour"
            }
            return quantity(hours.missing, (hours.scope.map { $0 + " " } ?? "") + measure)
        case let .recoveryMonths(missing, _, _): return "\(quantity(missing, "more month")) in recovery"
        case let .examPass(accepted, mark): return "a pass in " + accepted.joined(separator: " or ") + (mark.map { " at \($0)%" } ?? "")
        case .evidence(let needed): return String(needed.rawValue.map { $0 == "_" ? " " : $0 }) + " on file"
        case .dueBy(let day): return "by \(day)"
        case .renew(let by): return by.map { "renewal by \($0)" } ?? "renewal"
        case .signEthicsCode(let state): return "the signed \(state) code of ethics"
        case .backgroundCheck(let kind): return "a \(kind) background check"
        case let .age(minimum, maximum, _):
            return switch (minimum, maximum) {
            case let (minimum?, maximum?): "aged \(minimum) to \(maximum)"
            case let (minimum?, nil): "aged at least \(minimum)"
            case let (nil, maximum?): "aged at most \(maximum)"
            case (nil, nil): "an age"
            }
        case .residence(let states): return "living or working in " + states.joined(separator: " or ")
        case let .education(accepted, orCredits):
            return (accepted + (orCredits.map { ["\($0) college credits"] } ?? [])).joined(separator: " or ")
        case .disqualified(let checks): return "disqualifying \(checks.joined(separator: ", ")) background check"
        case let .courses(topic, missing, _): return "\(missing) \(topic) training\(missing == 1 ? "" : "s")"
        case let .workDays(missing, _): return "\(quantity(missing, "more day")) of employment"
        case let .path(id, needs): return "path \(id): " + needs.map(text).joined(separator: ", ")
        }
    }
}
