import EngineFixtures
import PeerEngine
import PeerWording
import PeerRules
import Testing

/// Evidence that is usable but does not count: the finding's notes say so and why.
@Suite struct CountingTests {
    /// Provider of the 14 h peer_support_core course (completed 2024-05-01), and why it does not count.
    @Test(arguments: [(99, EvidenceCode.unapprovedProvider, "provider 99 was not approved by XX on 2024-05-01"),
                      (2, .unapprovedProvider, "provider 2 was not approved by XX on 2024-05-01"),
                      (3, .unapprovedProvider, "provider 3 was not approved by XX on 2024-05-01"),
                      (nil, .noProvider, "no provider recorded; only approved providers count")] as [(Int?, EvidenceCode, String)])
    func trainingFromAnUnapprovedProviderIsNotCounted(provider: Int?, code: EvidenceCode, why: String) throws {
        let finding = try finding("training", Fixture.worker().with { $0.training[2].providerID = provider })
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "26 of 40 training hours (10 of 10 advocacy, 16 of 16 ethical_responsibility)")
        #expect(finding.reason == "14 hours missing; 1 record not counted")
        #expect(try finding.note("training_records#3") == EvidenceNote(RecordRef(table: "training_records", id: 3), counted: false, code: code, why))
        #expect(try finding.note("training_records#1").counted)
    }

    @Test func anApprovalCoversItsLastDay() throws {
        let worker = Fixture.worker().with { $0.training[2].providerID = 3; $0.training[2].completedOn = day("2024-04-30") }
        #expect(try finding("training", worker).verdict == .met)
    }

    /// The window is 120 months back from the as-of date 2025-06-30: 2015-06-30 is the first day inside it.
    @Test(arguments: [("2015-06-29", false), ("2015-06-30", true)])
    func trainingOutsideTheWindowIsNotCounted(completed: String, counted: Bool) throws {
        let worker = Fixture.worker().with { $0.training.append(Fixture.training(4, Hours(5), "advocacy", completed)) }
        let finding = try finding("training", worker)
        #expect(finding.verdict == .met)
        let note = try finding.note("training_records#4")
        #expect(note.counted == counted)
        if counted {
            #expect(finding.measured == "45 of 40 training hours (15 of 10 advocacy, 16 of 16 ethical_responsibility)")
        } else {
            #expect(note.note == "completed 2015-06-29, outside the 120-month window")
            #expect(finding.reason == "requirement met; 1 record not counted")
        }
    }

    @Test func anExamThatIsNotAcceptedIsNotCounted() throws {
        let finding = try finding("exam", Fixture.worker().with { $0.exams = [Fixture.exam(1, "PCB-CPS", score: Hours(90))] })
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "passed PCB-CPS")
        #expect(finding.reason == "the exam passed is not one this credential accepts")
        #expect(finding.cure == "pass ICRC-PR")
        let note = try finding.note("exam_records#1")
        #expect(!note.counted && note.note == "PCB-CPS is not an accepted exam")
    }

    @Test func aFailedAttemptIsNotCounted() throws {
        let worker = Fixture.worker().with { $0.exams = [Fixture.exam(1, "ICRC-PR", score: nil, passed: false)] }
        let finding = try finding("exam", worker)
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "1 attempt, none passing (no score)")
        #expect(try finding.note("exam_records#1").note == "ICRC-PR on 2024-12-10: not passed")
    }

    @Test func anAttestationOfAnotherKindIsNotCounted() throws {
        let finding = try finding("lived-experience", Fixture.worker().with { $0.attestations[0].kind = "family" })
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "attested kind family")
        #expect(try finding.note("lived_experience_attestations#1").note == "kind family is not accepted")
    }

    @Test func anAttestationWithoutARecoveryDateIsInsufficient() throws {
        let finding = try finding("lived-experience", Fixture.worker().with { $0.attestations[0].recoverySince = nil })
        #expect(finding.verdict == .insufficientEvidence)
        #expect(finding.reason == "the time in recovery cannot be measured")
    }
}

/// An application's windowed evidence can age out before the board decides: projected over the horizon.
@Suite struct ApplicantHorizonTests {
    /// The 14 h peer_support_core course leaves the 120-month window the day after it is 120 months old.
    @Test func trainingThatAgesOutInsideTheHorizonIsExpiring() throws {
        let evaluation = evaluate(Fixture.worker().with { $0.training[2].completedOn = day("2015-07-15") })
        let finding = try evaluation.finding("training")
        #expect(finding.verdict == .expiring)
        #expect(finding.measured == "40 of 40 training hours (10 of 10 advocacy, 16 of 16 ethical_responsibility)")
        #expect(finding.reason == "met now; falls short on 2025-07-16 as older training leaves the 120-month window")
        #expect(finding.cure == "complete the application before 2025-07-16")
        #expect(evaluation.verdict == .atRisk)
    }

    /// The horizon ends 90 days after 2025-06-30, on 2025-09-28: training leaving on 2025-09-29 is not projected.
    @Test(arguments: [("2015-09-27", Verdict.expiring), ("2015-09-28", .met)])
    func theHorizonIsNinetyDays(completed: String, verdict: Verdict) throws {
        #expect(try finding("training", Fixture.worker().with { $0.training[2].completedOn = day(completed) }).verdict == verdict)
    }

    @Test func spareHoursKeepItMet() throws {
        let worker = Fixture.worker().with {
            $0.training[2].completedOn = day("2015-07-15")
            $0.training.append(Fixture.training(4, Hours(14), "peer_support_core", "2024-06-01"))
        }
        #expect(try finding("training", worker).verdict == .met)
    }

    @Test func supervisionThatAgesOutInsideTheHorizonIsExpiring() throws {
        let evaluation = evaluate(Fixture.worker().with { $0.supervised = [Fixture.supervised(1, from: "2022-01-01", to: "2023-07-31")] })
        let finding = try evaluation.finding("supervised-experience")
        #expect(finding.verdict == .expiring)
        #expect(finding.reason == "met now; falls short on 2025-08-01 as older periods leave the 24-month window")
        #expect(evaluation.verdict == .atRisk)
    }
}
