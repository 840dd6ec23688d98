import PeerRules

/// A finding as committed results hold it: its words, kind, model standard and rule location,
/// and its evidence notes on one line as they were written.
public struct RecordedFinding: Sendable {
    public let kind: String
    public let measured: String
    public let required: String
    public let reason: String
    public let cure: String?
    public let standard: String?
    public let location: RuleLocation?
    public let evidence: String?

    public init(kind: String, measured: String, required: String, reason: String, cure: String?, standard: String?,
                location: RuleLocation? = nil, evidence: String? = nil) {
        self.kind = kind
        self.measured = measured
        self.required = required
        self.reason = reason
        self.cure = cure
        self.standard = standard
        self.location = location
        self.evidence = evidence
    }
}
