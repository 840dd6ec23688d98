import EngineFixtures
import PeerEngine
import PeerRules
import Testing

/// v1 runs 2020-01-01 through 2024-12-31, v2 from 2025-01-01 on.
@Suite struct VersionSelectionTests {
    static let rules = Fixture.book().credentials[Fixture.key]!

    @Test(arguments: [("2019-12-31", nil), ("2020-01-01", "2020-01-01"),
                      ("2024-12-31", "2020-01-01"), ("2025-01-01", "2025-01-01"), ("2025-01-02", "2025-01-01")] as [(String, String?)])
    func versionInForce(on date: String, validFrom: String?) {
        #expect(Self.rules.version(on: day(date))?.validFrom == validFrom.map(day))
    }

    /// A holder is judged by the version in force on the issue date; v1 accepts a PCB-CPS pass, v2 does not.
    @Test(arguments: [("2024-12-31", "2020-01-01", CredentialVerdict.compliant), ("2025-01-01", "2025-01-01", .nonCompliant)])
    func holdersAreJudgedByTheVersionOnTheirIssueDate(issued: String, version: String, verdict: CredentialVerdict) {
        let holder = Fixture.holder(issued: issued).with { $0.exams = [Fixture.exam(1, "PCB-CPS", score: nil)] }
        let evaluation = evaluate(holder)
        #expect(evaluation.ruleVersion == day(version))
        #expect(evaluation.verdict == verdict)
    }

    /// An applicant is judged by the version in force on the as-of date.
    @Test(arguments: [("2024-12-31", "2020-01-01", CredentialVerdict.compliant), ("2025-01-01", "2025-01-01", .pending)])
    func applicantsAreJudgedByTheVersionOnTheAsOfDate(asOf: String, version: String, verdict: CredentialVerdict) {
        let applicant = Fixture.worker().with { $0.exams = [Fixture.exam(1, "PCB-CPS", score: nil)] }
        let evaluation = evaluate(applicant, asOf: day(asOf))
        #expect(evaluation.ruleVersion == day(version))
        #expect(evaluation.verdict == verdict)
    }
}
