import PeerRules

/// A transfer decision in the forms a night writes it: the reciprocity file's JSON object and CSV
/// row (made once by the report layer as the night evaluates, or read back from committed results).
public struct RecordedTransfer: Sendable, Equatable {
    /// The `transfer_requests` row decided.
    public let request: Int?
    public let target: CredentialKey
    public let outcome: TransferOutcome
    public let json: String
    public let row: [String]

    public init(request: Int?, target: CredentialKey, outcome: TransferOutcome, json: String, row: [String]) {
        self.request = request
        self.target = target
        self.outcome = outcome
        self.json = json
        self.row = row
    }
}
