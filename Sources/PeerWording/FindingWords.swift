/// A finding's sentences, as the board reads them.
public struct FindingWords: Sendable, Equatable {
    /// "24 of 40 training hours"
    public let measured: String
    /// "40 training hours"
    public let required: String
    /// "16 hours missing; 2 records not counted"
    public let reason: String
    /// What would cure a miss, when something would.
    public let cure: String?

    /// What to do about it: the cure, or the reason where nothing cures it.
    public var action: String { cure ?? reason }
}

/// A finding's words and evidence notes, made once for every file that writes it in full.
public struct WrittenFinding: Sendable {
    public let words: FindingWords
    public let notes: [EvidenceNote]
    /// Every note on one line, as compliance.csv and the results write them; nil when there is none.
    public let evidenceLine: String?
}

/// The sentences of a finding before its requirement's own words are added: what each kind's
/// wording gives.
struct Sentences {
    var measured: String
    var reason: String
    var cure: String?

    init(_ measured: String, _ reason: String, _ cure: String? = nil) {
        self.measured = measured
        self.reason = reason
        self.cure = cure
    }
}
