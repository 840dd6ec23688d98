import PeerEngine
import PeerRules
import PeerSynthetic
import PeerTestSupport
import Testing

/// A nightly run at default detail judges met requirements for their verdict alone and words them
/// only when read (`Evaluator.wordsEveryFinding`). Over synthetic workers under the shipped rules,
/// that gives every credential and finding exactly what judging with every sentence gives: the
/// verdicts, the shortfalls, and, read afterwards, each sentence and evidence note.
@Suite struct UnwordedJudgingTests {
    @Test func judgingWithoutWordingAnswersAsJudgingWithIt() throws {
        let book = try RuleLoader.load(directory: RuleCorpus.shipped)
        let asOf = Day(iso: "2026-06-01")!
        let population = SyntheticPopulation(seed: 5, book: book, asOf: asOf)
        var approvals = ProviderApprovals()
        for provider in population.approvedProviders {
            for state in Set(book.credentials.keys.map(\.state)) {
                approvals.add(provider: provider, ProviderApprovals.Approval(state: state, from: Day(iso: "2000-01-01")!, until: nil))
            }
        }
        let worded = Evaluator(book: book, approvals: approvals, asOf: asOf, wordsEveryFinding: true)
        let unworded = Evaluator(book: book, approvals: approvals, asOf: asOf, wordsEveryFinding: false)
        var verdictsSeen: Set<Verdict> = []
        var credentialVerdictsSeen: Set<CredentialVerdict> = []
        var metFindings = 0
        for id in 1...3_000 {
            let worker = population.member(id).record
            let expected = worded.evaluate(worker), actual = unworded.evaluate(worker)
            #expect(expected.credentials.count == actual.credentials.count, "worker \(id)")
            for (want, got) in zip(expected.credentials, actual.credentials) {
                credentialVerdictsSeen.insert(want.verdict)
                #expect(want.verdict == got.verdict && want.expiresOn == got.expiresOn, "worker \(id) \(want.key)")
                #expect(want.findings.map(\.subject) == got.findings.map(\.subject), "worker \(id) \(want.key)")
                for (finding, other) in zip(want.findings, got.findings) {
                    verdictsSeen.insert(finding.verdict)
                    if finding.verdict == .met { metFindings += 1 }
                    let place = "worker \(id) \(want.key) \(finding.requirementID)"
                    #expect(finding.verdict == other.verdict && finding.shortfalls == other.shortfalls, "\(place)")
                    #expect(finding.measured == other.measured && finding.required == other.required, "\(place)")
                    #expect(finding.reason == other.reason && finding.cure == other.cure, "\(place)")
                    #expect(finding.evidence == other.evidence, "\(place)")
                }
            }
        }
        // Not a comparison of empty lists: the population reaches most verdicts, and most findings are met.
        #expect(verdictsSeen.isSuperset(of: [.met, .notMet, .expiring, .insufficientEvidence, .dataError]), "\(verdictsSeen)")
        #expect(credentialVerdictsSeen.count >= 5, "\(credentialVerdictsSeen)")
        #expect(metFindings > 10_000)
    }
}
