import PeerEngine
import PeerRules

/// A `one_of` requirement: the path that met it, or what each path lacks.
enum PathsWording {
    static func sentences(_ measurement: PathsMeasurement, _ alternatives: AlternativePaths, verdict: Verdict) -> Sentences {
        if let chosen = measurement.chosen {
            let best = measurement.paths[chosen]
            let later = best.findings.filter { $0.verdict != .met }.map(\.words)
            return Sentences("path \(best.path.id) met",
                             later.isEmpty ? "met by path \(best.path.id): \(best.path.description)"
                                 : "path \(best.path.id): " + later.map(\.reason).joined(separator: "; "),
                             later.compactMap(\.cure).first)
        }
        let lacking = measurement.paths.map { judged in
            judged.path.id + ": " + zip(judged.path.requirements, judged.findings).filter { !$0.1.verdict.isSatisfied }
                .map { requirement, finding in
                    let words = finding.words
                    return "\(requirement.id) \(words.measured) (\(words.reason))"
                }.joined(separator: ", ")
        }
        return Sentences("no path met", lacking.joined(separator: "; "),
                         verdict == .dataError ? "correct the records named, then run again"
                             : "complete one path: " + alternatives.paths.map(\.id).joined(separator: " or "))
    }
}
