import PeerEngine

/// The words a run's results are stored with, made by the wording layer above the store: the store
/// writes them and makes none.
public struct ResultWording: Sendable {
    /// A finding's columns in `peercert.findings`.
    public let finding: @Sendable (Finding) -> FindingText
    /// `credential_results.first_action`: the first action on one line.
    public let firstAction: @Sendable (Finding) -> String

    public init(finding: @escaping @Sendable (Finding) -> FindingText, firstAction: @escaping @Sendable (Finding) -> String) {
        self.finding = finding
        self.firstAction = firstAction
    }
}

/// A finding's words as `peercert.findings` holds them.
public struct FindingText: Sendable {
    public let measured: String
    public let required: String
    public let reason: String
    public let cure: String?
    /// Every evidence note on one line; nil when there is none.
    public let evidence: String?

    public init(measured: String, required: String, reason: String, cure: String?, evidence: String?) {
        self.measured = measured
        self.required = required
        self.reason = reason
        self.cure = cure
        self.evidence = evidence
    }
}
