import EngineFixtures
import PeerEngine
import PeerWording
import PeerRules
import Testing

/// Exactly at a minimum is met; just below it is not, and the reason says by how much.
@Suite struct BoundaryTests {
    /// The fixture worker with peer_support_core training of `core` hours (total = 26 + core).
    func training(core: String) throws -> Finding {
        try finding("training", Fixture.worker().with { $0.training[2].hours = hours(core) })
    }

    @Test func trainingExactlyAtTheMinimumIsMet() throws {
        let finding = try training(core: "14.00")
        #expect(finding.verdict == .met)
        #expect(finding.measured == "40 of 40 training hours (10 of 10 advocacy, 16 of 16 ethical_responsibility)")
        #expect(finding.reason == "requirement met")
        #expect(finding.required
            == "40 training hours including 10 advocacy, 16 ethical_responsibility, within 120 months, from XX-approved providers")
    }

    @Test func trainingOneHourShortIsNotMet() throws {
        let finding = try training(core: "13")
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "39 of 40 training hours (10 of 10 advocacy, 16 of 16 ethical_responsibility)")
        #expect(finding.reason == "1 hour missing")
        #expect(finding.cure == "complete 1 more hour with an approved provider")
    }

    @Test func aDomainShortIsNamed() throws {
        let finding = try finding("training", Fixture.worker().with {
            $0.training[0].hours = hours("9.75")
            $0.training[2].hours = hours("14.25")
        })
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "40 of 40 training hours (9.75 of 10 advocacy, 16 of 16 ethical_responsibility)")
        #expect(finding.reason == "0.25 advocacy hours missing")
    }

    /// Months in recovery on the as-of date 2025-06-30, from `since`.
    @Test(arguments: [("2023-06-30", Verdict.met, "24 of 24 months"),
                      ("2023-07-01", .notMet, "23 of 24 months in recovery on 2025-06-30; 1 day short"),
                      ("2023-07-05", .notMet, "23 of 24 months in recovery on 2025-06-30; 5 days short")])
    func recovery(since: String, verdict: Verdict, reason: String) throws {
        let finding = try finding("lived-experience", Fixture.worker().with { $0.attestations[0].recoverySince = day(since) })
        #expect(finding.verdict == verdict)
        #expect(finding.reason == reason)
    }

    @Test(arguments: [("25", Verdict.met, "requirement met"), ("24.5", .notMet, "0.5 supervision hours missing")])
    func supervision(amount: String, verdict: Verdict, reason: String) throws {
        let worker = Fixture.worker().with { $0.supervised = [Fixture.supervised(1, supervision: hours(amount))] }
        let finding = try finding("supervised-experience", worker)
        #expect(finding.verdict == verdict)
        #expect(finding.reason == reason)
        #expect(finding.measured == "500 of 500 work hours, \(amount) of 25 supervision hours")
    }

    @Test func supervisionAddsUpAcrossPeriods() throws {
        let finding = try finding("supervised-experience", Fixture.worker().with {
            $0.supervised = [Fixture.supervised(1, work: Hours(300), supervision: hours("12.5"), to: "2023-12-31"),
                             Fixture.supervised(2, work: Hours(199), supervision: hours("12.5"), from: "2024-01-01")]
        })
        #expect(finding.verdict == .notMet)
        #expect(finding.reason == "1 work hour missing")
    }

    @Test(arguments: [("70", Verdict.met), ("69.99", .notMet)])
    func examScore(score: String, verdict: Verdict) throws {
        let finding = try finding("exam", Fixture.worker().with { $0.exams = [Fixture.exam(1, "ICRC-PR", score: hours(score))] })
        #expect(finding.verdict == verdict)
        if verdict == .met {
            #expect(finding.measured == "passed ICRC-PR on 2024-12-10 with 70")
        } else {
            #expect(finding.measured == "1 attempt, none passing (69.99)")
            #expect(try finding.note("exam_records#1").note == "ICRC-PR on 2024-12-10: score 69.99 is below the pass mark 70")
        }
    }

    /// With a pass mark set, a pass recorded without a score cannot show the mark was reached.
    @Test func aPassWithoutAScoreDoesNotMeetAPassMark() throws {
        let finding = try finding("exam", Fixture.worker().with { $0.exams = [Fixture.exam(1, "ICRC-PR", score: nil)] })
        #expect(finding.verdict == .notMet)
        #expect(try finding.note("exam_records#1").note == "ICRC-PR on 2024-12-10: no score recorded; the pass mark is 70")
    }

    /// A later pass counts even after a failed attempt.
    @Test func anyPassingAttemptMeetsTheExam() throws {
        let finding = try finding("exam", Fixture.worker().with {
            $0.exams = [Fixture.exam(1, "ICRC-PR", score: Hours(55), passed: false, on: "2024-06-01"),
                        Fixture.exam(2, "ICRC-PR", score: Hours(72), on: "2024-12-10")]
        })
        #expect(finding.verdict == .met)
        #expect(try finding.note("exam_records#1").note == "ICRC-PR on 2024-06-01: not passed (score 55)")
        #expect(try finding.note("exam_records#2").counted)
    }
}
