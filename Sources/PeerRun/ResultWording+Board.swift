import PeerReports
import PeerStore
import PeerWording

extension ResultWording {
    /// The board's words, as the results tables hold them.
    public static let board = ResultWording(
        finding: { finding in
            let words = finding.words
            return FindingText(measured: words.measured, required: words.required, reason: words.reason, cure: words.cure,
                               evidence: finding.evidenceLine)
        },
        firstAction: \.guardedActionLine,
        transfer: ReciprocityReport.written)
}
