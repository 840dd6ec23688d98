import PeerRules

/// A transfer decision read back from committed results, in the forms the run wrote it: the
/// reciprocity file's JSON object and CSV row (made by the report layer, kept as written).
public struct RecordedTransfer: Sendable, Equatable {
    public let target: CredentialKey
    public let outcome: TransferOutcome
    public let json: String
    public let row: [String]

    public init(target: CredentialKey, outcome: TransferOutcome, json: String, row: [String]) {
        self.target = target
        self.outcome = outcome
        self.json = json
        self.row = row
    }
}
