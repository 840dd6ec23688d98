import PeerStore
import PeerWording

extension ResultWording {
    /// The board's words, as the results tables hold them.
    public static let board = ResultWording(
        finding: { finding in
            let written = finding.written
            let words = written.words
            return FindingText(measured: words.measured, required: words.required, reason: words.reason, cure: words.cure,
                               evidence: written.evidenceLine)
        },
        firstAction: \.guardedActionLine)
}
