import PeerEngine
import PeerWording
import PeerReports
import PeerRules
import PeerTestSupport
import Testing

/// Transfers between states on the shipped rules and rules/reciprocity.yaml: what an agreement
/// waives (citing it), the receiving board's additions judged on the records, full requirements
/// where no agreement applies, and a home credential that is not in good standing.
@Suite struct ReciprocityTests {
    static let book = Result { try RuleLoader.load(directory: RuleCorpus.shipped) }
    static let asOf = day("2026-01-15")
    static let md = CredentialKey(state: "MD", credential: "CPRS")

    /// Someone living in Maryland, 30 months in recovery, who signed Maryland's code: every MD/CPRS
    /// requirement an IC&RC credential does not stand for is met.
    static func mover(holding key: CredentialKey, status: String = "active", expires: String = "2027-03-31") -> WorkerRecord {
        var worker = WorkerRecord(id: 21, name: "Rosa Novak", birthDate: day("1985-02-01"), residenceState: "MD", workState: "MD")
        worker.attestations = [LivedExperienceAttestation(id: 1, kind: "substance_use", attestedOn: day("2023-06-01"), recoverySince: day("2023-07-01"))]
        worker.education = [EducationRecord(id: 2, level: "high_school", completedOn: day("2003-06-01"))]
        worker.ethics = [EthicsAttestation(id: 3, state: "MD", signedOn: day("2025-12-01"))]
        // The 46 hours of the IC&RC domains, none of them on harm reduction.
        worker.training = [TrainingRecord(id: 5, providerID: nil, hours: Hours(46), domain: "advocacy", deliveryMode: "classroom",
                                          completedOn: day("2023-11-01"))]
        worker.certifications = [CertificationRecord(id: 4, key: key, number: "\(key.state)-77", status: status, issuedOn: day("2024-03-31"),
                                                     expiresOn: day(expires))]
        return worker
    }

    static func decide(_ worker: WorkerRecord, to target: CredentialKey = md) throws -> TransferDecision {
        let evaluator = Evaluator(book: try book.get(), approvals: ProviderApprovals(), asOf: asOf)
        return evaluator.transfer(worker, holding: worker.certifications[0], to: target)
    }

    @Test func anICRCHolderMovingToABoardWithAnAdditionIsEligibleAfterIt() throws {
        let delaware = CredentialKey(state: "DE", credential: "CPRS")
        let decision = try Self.decide(Self.mover(holding: delaware))
        #expect(decision.outcome == .eligibleAfterAdditions, "\(decision.reason)")
        #expect(decision.agreement?.id == "icrc-pr")
        #expect(decision.agreement?.source.url == "https://www.internationalcredentialing.org/reciprocity")
        #expect(Set(decision.waived.map(\.id)) == ["training", "exam", "supervised-experience"])
        #expect(decision.waived.allSatisfy { $0.verdict == nil && $0.shortfalls.isEmpty })
        // Maryland's own 4 harm-reduction hours are judged on the records: none yet.
        #expect(decision.additions.map(\.id) == ["training-harm-reduction"])
        #expect(decision.additions.first?.shortfalls == [.hours(HoursShortfall(.training, scope: "harm_reduction", missing: Hours(4), required: Hours(4)))])
        #expect(decision.missing.isEmpty)
        #expect(decision.reason.hasSuffix("training-harm-reduction: 4 harm_reduction training hours"), "\(decision.reason)")

        var trained = Self.mover(holding: delaware)
        trained.training += [TrainingRecord(id: 9, providerID: nil, hours: Hours(4), domain: "harm_reduction", deliveryMode: "classroom",
                                           completedOn: day("2025-09-10"))]
        let after = try Self.decide(trained)
        #expect(after.outcome == .eligible, "\(after.reason)")
        #expect(after.requirements.first { $0.id == "training-harm-reduction" }?.status == .met)
    }

    @Test func aHolderWithoutAnAgreementIsJudgedOnEveryRequirement() throws {
        let decision = try Self.decide(Self.mover(holding: CredentialKey(state: "PA", credential: "CPS")))
        #expect(decision.outcome == .notEligible)
        #expect(decision.agreement == nil)
        #expect(decision.waived.isEmpty)
        #expect(Set(decision.missing.map(\.id)) == ["training", "supervised-experience", "exam", "training-harm-reduction"], "\(decision.reason)")
        #expect(decision.missing.first { $0.id == "exam" }?.shortfalls == [.evidence(.examResult)])
        #expect(decision.reason.hasPrefix("not met: "))
    }

    @Test(arguments: [("expired", "2027-03-31", "the home credential DE/CPRS expired"),
                      ("active", "2026-01-14", "the home credential DE/CPRS expired on 2026-01-14"),
                      ("suspended", "2027-03-31", "the home credential DE/CPRS is suspended"),
                      ("revoked", "2027-03-31", "the home credential DE/CPRS is revoked")])
    func aHomeCredentialNotInGoodStandingIsNotEligible(status: String, expires: String, reason: String) throws {
        let decision = try Self.decide(Self.mover(holding: CredentialKey(state: "DE", credential: "CPRS"), status: status, expires: expires))
        #expect(decision.outcome == .notEligible)
        #expect(decision.reason.hasPrefix(reason), "\(decision.reason)")
        #expect(decision.requirements.isEmpty)
    }

    @Test func aStateReviewAgreementWaivesNothing() throws {
        let decision = try Self.decide(Self.mover(holding: CredentialKey(state: "DE", credential: "CPRS")),
                                       to: CredentialKey(state: "TN", credential: "CPRS"))
        #expect(decision.agreement?.id == "tn-state-to-state")
        #expect(decision.waived.isEmpty)
        #expect(decision.outcome == .notEligible)
    }

    /// Another state's board sees the lived-experience requirement's status, verdict and shortfall,
    /// never its kind, dates or words.
    @Test func livedExperienceReachesAnotherStateAsAVerdictAndShortfallOnly() throws {
        var worker = Self.mover(holding: CredentialKey(state: "DE", credential: "CPRS"))
        worker.attestations = [LivedExperienceAttestation(id: 1, kind: "substance_use", attestedOn: day("2025-06-01"), recoverySince: day("2025-03-17"))]
        let decision = try Self.decide(worker)
        let lived = try #require(decision.requirements.first { $0.kind == "lived_experience" })
        #expect(lived.status == .notMet && lived.verdict == .notMet && lived.reason == nil)
        var bytes: [UInt8] = []
        ReciprocityReport.appendJSON(decision, name: worker.name, to: &bytes)
        let json = String(decoding: bytes, as: UTF8.self)
        let row = ReciprocityReport.row(decision, name: worker.name ?? "").joined(separator: ",")
        for text in [json, row] {
            for secret in ["2025-03-17", "2027-03-17", "substance_use", "2025-06-01"] { #expect(!text.contains(secret), "\(secret) in \(text)") }
        }
        #expect(json.contains(#"{"type":"recovery_months","missing":15,"required":24}"#))
        #expect(row.contains("lived-experience: 15 more months in recovery"))

        // An unusable attestation makes the decision an error without its dates.
        worker.attestations = [LivedExperienceAttestation(id: 1, kind: "substance_use", attestedOn: day("2026-02-01"), recoverySince: day("2025-03-17"))]
        let unusable = try Self.decide(worker)
        #expect(unusable.outcome == .error)
        #expect(unusable.reason == "lived-experience: a lived-experience record is unusable; the home board's compliance report names it")
    }

    @Test func aRequestForAnUnknownCredentialOrAnotherWorkersCertificationCannotBeDecided() throws {
        var worker = Self.mover(holding: CredentialKey(state: "DE", credential: "CPRS"))
        worker.transferRequests = [TransferRequest(id: 5, certificationID: 4, target: CredentialKey(state: "ZZ", credential: "NONE"), requestedOn: Self.asOf, status: "pending"),
                                   TransferRequest(id: 6, certificationID: 999, target: Self.md, requestedOn: Self.asOf, status: "pending"),
                                   TransferRequest(id: 7, certificationID: 4, target: Self.md, requestedOn: Self.asOf, status: "approved")]
        let evaluation = Evaluator(book: try Self.book.get(), approvals: ProviderApprovals(), asOf: Self.asOf).evaluate(worker)
        #expect(evaluation.transfers.map(\.outcome) == [.error, .error])
        #expect(evaluation.transfers[0].reason.hasPrefix("no rule file for ZZ/NONE"))
        #expect(evaluation.transfers[1].reason == "transfer_requests#6: the request names certification 999, which is not the worker's; correct the request")
    }

    @Test func comparingTheRuleFilesShowsWhatIsCoveredWaivedAndAdded() throws {
        let book = try Self.book.get()
        let comparison = try #require(CredentialComparison(book: book, home: CredentialKey(state: "DE", credential: "CPRS"), target: Self.md, on: Self.asOf))
        let coverage = Dictionary(uniqueKeysWithValues: comparison.lines.map { ($0.requirement.id, $0.coverage) })
        #expect(coverage["training"] == .waived && coverage["exam"] == .waived)
        #expect(coverage["training-harm-reduction"] == .addition)
        #expect(coverage["education"] == .covered)
        #expect(coverage["ethics"] == .notCovered && coverage["residency"] == .notCovered)
        // Without an agreement, PA's 75 approved hours do not cover Maryland's 46 in the IC&RC domains.
        let pa = try #require(CredentialComparison(book: book, home: CredentialKey(state: "PA", credential: "CPS"), target: Self.md, on: Self.asOf))
        #expect(pa.agreement == nil)
        #expect(pa.lines.first { $0.requirement.id == "training" }?.coverage == .notCovered)
        #expect(pa.lines.first { $0.requirement.id == "age" }?.coverage == .covered)
    }
}
