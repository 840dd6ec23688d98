import PeerEngine
import PeerRules

/// A finding in words, for the board (every finding, whole): what was measured against what was
/// required, why that gives its verdict, what would cure it, and a note on each evidence row.
/// Built only for what is written.
extension Finding {
    public var words: FindingWords {
        if let (required, sentences) = CheckWording.words(measurement, verdict: verdict) {
            return FindingWords(measured: sentences.measured, required: required, reason: sentences.reason, cure: sentences.cure)
        }
        guard let requirement else { return FindingWords(measured: "", required: "", reason: "", cure: nil) }
        var sentences = RequirementSentences.sentences(of: self, requirement)
        if let phaseIn = requirement.phaseIn, verdict == .warning, isPhasedIn {
            sentences.reason = "required from \(phaseIn); not yet enforced: " + sentences.reason
        }
        return FindingWords(measured: sentences.measured, required: RequirementWording.required(requirement.spec, state: state, on: judgedOn),
                            reason: sentences.reason, cure: sentences.cure)
    }

    /// "24 of 40 training hours"
    public var measured: String { words.measured }
    /// "40 training hours"
    public var required: String { words.required }
    /// "16 hours missing; 2 records not counted"
    public var reason: String { words.reason }
    /// What would cure a miss, when something would.
    public var cure: String? { words.cure }
    /// What to do about it: the cure, or the reason where nothing cures it.
    public var action: String { words.action }
    /// "training: complete 14 more hours": a first action on one line.
    public var actionLine: String { "\(requirementID): \(action)" }

    /// How each evidence row was used, in words (a `one_of`'s: those of every path's requirements).
    public var notes: [EvidenceNote] {
        if case .oneOf(let paths) = measurement { return paths.paths.flatMap { $0.findings.flatMap(\.notes) } }
        return evidence.map { EvidenceNote($0.ref, counted: $0.counted, code: $0.code, EvidenceWording.note($0, of: self)) }
    }

    /// Words, notes and their line ("training_records#3 counted: 14 h advocacy; …", as compliance.csv
    /// and the results write it; a finding read back keeps the line it was written with), made once.
    public var written: WrittenFinding {
        let notes = notes
        return WrittenFinding(words: words, notes: notes, evidenceLine: Self.line(notes, of: self))
    }

    private static func line(_ notes: [EvidenceNote], of finding: Finding) -> String? {
        if case .recorded(let recorded) = finding.measurement { return recorded.evidence }
        return notes.isEmpty ? nil : notes.map(\.description).joined(separator: "; ")
    }

    /// A warning that is a miss still phasing in (not a path met by a requirement phasing in).
    private var isPhasedIn: Bool {
        if case .oneOf(let paths) = measurement { return paths.chosen == nil }
        return true
    }
}

extension Finding {
    /// The first action on one line where the lived-experience sentences may not go (the results'
    /// `first_action` column): for lived experience only the id and verdict, since its cure and
    /// reason can carry recovery dates.
    public var guardedActionLine: String { isHealthInformation ? "\(requirementID): \(verdict.rawValue)" : actionLine }
}
