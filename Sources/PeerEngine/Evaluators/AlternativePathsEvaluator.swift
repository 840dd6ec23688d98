import PeerRules

/// One of several groups of requirements: met by the first path whose requirements are all met
/// (the best such path when several are), otherwise not met with what each path still lacks.
enum AlternativePathsEvaluator {
    /// `judge` evaluates one of a path's requirements as the credential's own would be.
    static func evaluate(_ alternatives: AlternativePaths, _ dates: EvaluationDates, judge: (RequirementPath, Requirement) -> Finding) -> Outcome {
        let judged = alternatives.paths.map { path in (path: path, findings: path.requirements.map { judge(path, $0) }) }
        func worst(_ findings: [Finding]) -> Verdict { findings.map(\.verdict).max(by: { $0.severity < $1.severity }) ?? .met }
        let evidence = dates.explains ? judged.flatMap { $0.findings.flatMap(\.evidence) } : []
        let passing = judged.filter { worst($0.findings).isSatisfied }
        if let best = passing.min(by: { worst($0.findings).severity < worst($1.findings).severity }) {
            let verdict = worst(best.findings)
            let later = best.findings.filter { $0.verdict != .met }
            var outcome = Outcome(verdict: verdict, measured: "path \(best.path.id) met",
                                  reason: later.isEmpty ? "met by path \(best.path.id): \(best.path.description)"
                                      : "path \(best.path.id): " + later.map(\.reason).joined(separator: "; "),
                                  cure: later.compactMap(\.cure).first, evidence: evidence, dates)
            outcome.shortfalls = later.flatMap(\.shortfalls)
            return outcome
        }
        // No path met: a record no path could judge is a data error (correct it first); otherwise
        // every path's gaps are named, so the person can choose which to complete.
        let verdicts = judged.flatMap { $0.findings.map(\.verdict) }
        let verdict: Verdict = verdicts.contains(.dataError) ? .dataError : verdicts.contains(.notMet) ? .notMet : .insufficientEvidence
        let lacking = judged.map { path in
            path.path.id + ": " + zip(path.path.requirements, path.findings).filter { !$0.1.verdict.isSatisfied }
                .map { "\($0.0.id) \($0.1.measured) (\($0.1.reason))" }.joined(separator: ", ")
        }
        var outcome = Outcome(verdict: verdict, measured: "no path met",
                              reason: lacking.joined(separator: "; "),
                              cure: verdict == .dataError ? "correct the records named, then run again" : "complete one path: " + alternatives.paths.map(\.id).joined(separator: " or "),
                              evidence: evidence, dates)
        outcome.shortfalls = judged.map { path in
            .path(id: path.path.id, needs: path.findings.filter { !$0.verdict.isSatisfied }.flatMap(\.shortfalls))
        }
        return outcome
    }
}

extension Verdict {
    /// Best first: how a path's worst finding ranks it against the other paths.
    fileprivate var severity: Int {
        switch self {
        case .met: 0
        case .expiring: 1
        case .warning: 2
        case .insufficientEvidence: 3
        case .notMet: 4
        case .dataError: 5
        }
    }
}
