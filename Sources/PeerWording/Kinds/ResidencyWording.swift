import PeerEngine
import PeerRules

enum ResidencyWording {
    static func sentences(_ measurement: ResidencyMeasurement, _ rule: ResidencyRule) -> Sentences {
        switch measurement {
        case .noState:
            let missing = switch rule.basis {
            case .liveOrWork: "residence state nor work state"
            case .live: "residence state"
            case .work: "work state"
            }
            return Sentences("no state recorded", "no \(missing) is recorded", "record where the worker lives and works")
        case .recorded(let lives, let works):
            let measured = [lives.map { "lives in \($0)" }, works.map { "works in \($0)" }].compactMap { $0 }.joined(separator: ", ")
            if [lives, works].contains(where: { $0.map(rule.states.contains) ?? false }) { return Sentences(measured, "requirement met") }
            return Sentences(measured, "not \(RequirementWording.required(.residency(rule), state: ""))")
        }
    }
}
