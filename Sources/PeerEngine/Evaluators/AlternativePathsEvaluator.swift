import PeerRules

/// One of several groups of requirements: met by the first path whose requirements are all met
/// (the best such path when several are), otherwise not met with what each path still lacks.
enum AlternativePathsEvaluator {
    /// `judge` evaluates one of a path's requirements as the credential's own would be.
    static func evaluate(_ alternatives: AlternativePaths, judge: (RequirementPath, Requirement) -> Finding) -> Outcome {
        let judged = alternatives.paths.map { path in PathsMeasurement.JudgedPath(path: path, findings: path.requirements.map { judge(path, $0) }) }
        // The paths' evidence, as the rows their requirements used (the wording words each with its own requirement).
        let evidence = judged.flatMap { $0.findings.flatMap(\.evidence) }
        func worst(_ findings: [Finding]) -> Verdict { findings.map(\.verdict).max(by: { $0.severity < $1.severity }) ?? .met }
        let passing = judged.indices.filter { worst(judged[$0].findings).isSatisfied }
        if let best = passing.min(by: { worst(judged[$0].findings).severity < worst(judged[$1].findings).severity }) {
            let later = judged[best].findings.filter { $0.verdict != .met }
            return Outcome(worst(judged[best].findings), .oneOf(PathsMeasurement(paths: judged, chosen: best)), evidence: evidence,
                           lacking: later.flatMap(\.shortfalls))
        }
        // No path met: a record no path could judge is a data error (correct it first); otherwise
        // every path's gaps are named, so the person can choose which to complete.
        let verdicts = judged.flatMap { $0.findings.map(\.verdict) }
        let verdict: Verdict = verdicts.contains(.dataError) ? .dataError : verdicts.contains(.notMet) ? .notMet : .insufficientEvidence
        return Outcome(verdict, .oneOf(PathsMeasurement(paths: judged, chosen: nil)), evidence: evidence,
                       lacking: judged.map { path in
                           .path(id: path.path.id, needs: path.findings.filter { !$0.verdict.isSatisfied }.flatMap(\.shortfalls))
                       })
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
