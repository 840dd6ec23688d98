import EngineFixtures
import PeerEngine
import PeerWording
import PeerRules
import Testing

/// A holder met the initial requirements on the issue date (2025-02-01 in the fixture) and is judged there;
/// the credential's own period is judged on the as-of date.
@Suite struct HolderTests {
    @Test func evidenceDatedAfterTheIssueDateIsNotCounted() throws {
        let evaluation = evaluate(Fixture.holder().with { $0.exams[0].takenOn = day("2025-03-01") })
        let finding = try evaluation.finding("exam")
        #expect(finding.verdict == .insufficientEvidence)
        let note = try finding.note("exam_records#1")
        #expect(!note.counted && note.note == "taken 2025-03-01, after the credential was issued on 2025-02-01")
        #expect(evaluation.verdict == .nonCompliant)
    }

    @Test func trainingAfterTheIssueDateDoesNotCount() throws {
        let finding = try finding("training", Fixture.holder().with { $0.training[2].completedOn = day("2025-02-02") })
        #expect(finding.verdict == .notMet)
        #expect(finding.reason == "14 hours missing; 1 record not counted")
    }

    @Test func recoveryIsMeasuredToTheIssueDate() throws {
        let finding = try finding("lived-experience", Fixture.holder().with { $0.attestations[0].recoverySince = day("2023-03-01") })
        #expect(finding.verdict == .notMet)
        #expect(finding.reason == "23 of 24 months in recovery on 2025-02-01; 28 days short")
    }

    /// Windows are measured back from the issue date and never projected for a holder.
    @Test func aHoldersWindowsAreNotProjected() throws {
        let evaluation = evaluate(Fixture.holder().with { $0.training[2].completedOn = day("2015-03-01") })
        #expect(try evaluation.finding("training").verdict == .met)
        #expect(evaluation.verdict == .compliant)
    }

    /// Issued on the as-of date itself: still a holder, so nothing is projected forward.
    @Test func aHolderIssuedOnTheAsOfDateIsNotProjected() throws {
        let worker = Fixture.holder(issued: Fixture.asOf.description, expires: day("2027-06-30")).with {
            for index in $0.training.indices { $0.training[index].completedOn = day("2015-07-15") }
        }
        let evaluation = evaluate(worker)
        #expect(try evaluation.finding("training").verdict == .met)
        // The same training for an applicant leaves the 120-month window inside the horizon.
        let applicant = worker.with { $0.certifications[0].status = "applied"; $0.certifications[0].issuedOn = nil }
        #expect(try evaluate(applicant).finding("training").verdict == .expiring)
    }

    @Test func thePeriodComesFirst() throws {
        let evaluation = evaluate(Fixture.holder())
        #expect(evaluation.findings.map(\.requirementID)
            == ["certification.period", "lived-experience", "training", "exam", "supervised-experience"])
        #expect(evaluation.findings[0].measured == "valid until 2027-01-31")
        #expect(evaluation.expiresOn == day("2027-01-31"))
    }

    /// Days from the as-of date 2025-06-30 to the expiry date, and what that gives.
    @Test(arguments: [(0, Verdict.expiring, CredentialVerdict.atRisk, "lapses after today"),
                      (90, .expiring, .atRisk, "lapses in 90 days"),
                      (91, .met, .compliant, "in force"),
                      (-1, .notMet, .lapsed, "the credential lapsed 1 day ago"),
                      (-10, .notMet, .lapsed, "the credential lapsed 10 days ago")])
    func expiry(inDays days: Int, period: Verdict, verdict: CredentialVerdict, reason: String) throws {
        let evaluation = evaluate(Fixture.holder(expires: Fixture.asOf.adding(days: days)))
        let finding = try evaluation.finding("certification.period")
        #expect(finding.verdict == period)
        #expect(finding.reason == reason)
        #expect(evaluation.verdict == verdict)
    }

    @Test(arguments: [(nil, "the board recorded the credential as expired"),
                      (Fixture.asOf.adding(days: -3), "the credential lapsed 3 days ago"),
                      (Fixture.asOf.adding(days: 30), "the board recorded the credential as expired (expiry date 2025-07-30)")] as [(Day?, String)])
    func aCredentialTheBoardRecordsAsExpiredHasLapsed(expires: Day?, reason: String) throws {
        let evaluation = evaluate(Fixture.holder(status: "expired", expires: expires))
        let finding = try evaluation.finding("certification.period")
        #expect(finding.verdict == .notMet)
        #expect(finding.reason == reason)
        #expect(evaluation.verdict == .lapsed)
    }

    /// Lapsed outranks everything else the findings say.
    @Test func lapsedOutranksADataError() {
        let worker = Fixture.holder(expires: Fixture.asOf.adding(days: -1)).with { $0.training[0].hours = Hours(-1) }
        #expect(evaluate(worker).verdict == .lapsed)
    }

    @Test(arguments: ["suspended", "revoked"])
    func theBoardsDecisionIsTheVerdict(status: String) throws {
        let evaluation = evaluate(Fixture.holder(status: status))
        #expect(evaluation.verdict.rawValue == status)
        #expect(evaluation.findings.count == 1)
        #expect(try evaluation.finding("certification.status").reason == "the board \(status) this credential")
    }
}
