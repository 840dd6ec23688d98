import PeerStore
import PeerWording

extension ResultWording {
    /// The board's words, as the results tables hold them.
    public static let board = ResultWording(
        finding: { finding in
            let words = finding.words
            let notes = finding.notes
            return FindingText(measured: words.measured, required: words.required, reason: words.reason, cure: words.cure,
                               evidence: notes.isEmpty ? nil : notes.map(\.description).joined(separator: "; "))
        },
        firstAction: \.guardedActionLine)
}
