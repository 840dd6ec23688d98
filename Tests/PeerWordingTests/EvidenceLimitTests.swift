import EngineFixtures
import PeerEngine
import PeerWording
@testable import PeerRules
import Testing

/// 20 training hours, with limits on how they were delivered; every record is advocacy from an approved provider.
@Suite struct TrainingModeTests {
    static func rule(modes: [DeliveryMode] = [], online: Hours? = nil, inService: Hours? = nil) -> RequirementSpec {
        .training(TrainingRule(totalHours: Hours(20), allowedModes: modes, maxOnlineHours: online, maxInServiceHours: inService))
    }

    /// Records 1, 2, … of these hours and modes.
    func training(_ spec: RequirementSpec, _ records: [(Int, String)]) throws -> Finding {
        let rows = records.enumerated().map { index, record in
            Fixture.training(index + 1, Hours(record.0), "advocacy", "2024-06-01", mode: record.1)
        }
        return try finding(of: spec, Fixture.worker().with { $0.training = rows })
    }

    @Test(arguments: [(14, Verdict.met, "requirement met; 1 record not counted"), (10, .notMet, "4 hours missing; 1 record not counted")])
    func allowedModesExcludeTheOthers(classroom: Int, verdict: Verdict, reason: String) throws {
        let finding = try training(Self.rule(modes: [.classroom, .liveOnline]),
                                   [(classroom, "classroom"), (6, "live_online"), (6, "self_paced_online")])
        #expect(finding.verdict == verdict)
        #expect(finding.reason == reason)
        #expect(finding.required == "20 training hours, delivered classroom or live_online")
        #expect(try finding.note("training_records#3").note == "delivered self_paced_online, which does not count")
    }

    /// Both online modes share the 10-hour cap: the record that crosses it counts in part, the next not at all.
    @Test(arguments: [(10, Verdict.met, "requirement met; 1 record not counted"), (9, .notMet, "1 hour missing; 1 record not counted")])
    func onlineHoursAreCapped(classroom: Int, verdict: Verdict, reason: String) throws {
        let finding = try training(Self.rule(online: Hours(10)),
                                   [(classroom, "classroom"), (6, "live_online"), (6, "self_paced_online"), (3, "live_online")])
        #expect(finding.verdict == verdict)
        #expect(finding.reason == reason)
        #expect(finding.measured == "\(classroom + 10) of 20 training hours")
        #expect(finding.required == "20 training hours, at most 10 online")
        #expect(try finding.note("training_records#3") == EvidenceNote(RecordRef(table: "training_records", id: 3), counted: true, code: .counted,
                                                                        "4 h advocacy (2 h over the online cap)"))
        #expect(try finding.note("training_records#4").note == "live_online hours are already at their cap")
        #expect(try finding.note("training_records#4").code == .capReached)
    }

    @Test func inServiceHoursAreCapped() throws {
        let finding = try training(Self.rule(inService: Hours(8)), [(12, "classroom"), (5, "in_service"), (5, "in_service"), (5, "live_online")])
        #expect(finding.verdict == .met)
        #expect(finding.measured == "25 of 20 training hours")
        #expect(finding.required == "20 training hours, at most 8 in-service")
        #expect(try finding.note("training_records#3").note == "3 h advocacy (2 h over the in-service cap)")
        #expect(try finding.note("training_records#4").note == "5 h advocacy")
    }

    @Test func anUnknownDeliveryModeIsADataError() throws {
        let finding = try training(Self.rule(), [(20, "classroom"), (2, "carrier_pigeon")])
        #expect(finding.verdict == .dataError)
        #expect(finding.reason == "training_records#2: unknown delivery mode 'carrier_pigeon'")
    }
}

/// ICRC-PR passed with at least 70, judged on the as-of date 2025-06-30.
@Suite struct ExamLimitTests {
    static func rule(validMonths: Int? = nil, maxAttempts: Int? = nil) -> RequirementSpec {
        .exam(ExamRule(acceptedExams: ["ICRC-PR"], minimumScore: Hours(70), validMonths: validMonths, maxAttempts: maxAttempts))
    }

    /// On the as-of date 2025-06-30 a pass of 2023-06-30 is still valid but lapses tomorrow, inside
    /// the horizon: the application is at risk. One day older, it no longer counts.
    @Test(arguments: [("2023-12-30", Verdict.met), ("2023-06-30", .expiring), ("2023-06-29", .notMet)])
    func aPassMustBeRecent(taken: String, verdict: Verdict) throws {
        let finding = try finding(of: Self.rule(validMonths: 24), Fixture.worker().with { $0.exams[0].takenOn = day(taken) })
        #expect(finding.verdict == verdict)
        #expect(finding.required == "a pass in ICRC-PR with a score of at least 70%, passed within 24 months")
        if verdict == .expiring {
            #expect(finding.reason == "met now; the pass of 2023-06-30 no longer counts from 2025-07-01")
        }
        if verdict != .notMet {
            #expect(finding.measured == "passed ICRC-PR on \(taken) with 85")
        } else {
            #expect(finding.measured == "1 attempt, none passing (85)")
            #expect(try finding.note("exam_records#1").note == "ICRC-PR passed 2023-06-29, more than 24 months before 2025-06-30")
        }
    }

    /// Two failed attempts, then a pass: with at most 2 attempts the pass comes too late; records in any order.
    @Test(arguments: [(2, Verdict.notMet), (3, .met)])
    func aPassCountsOnlyWithinTheAttempts(maxAttempts: Int, verdict: Verdict) throws {
        let worker = Fixture.worker().with {
            $0.exams = [Fixture.exam(3, "ICRC-PR", score: Hours(90), on: "2024-12-10"),
                        Fixture.exam(1, "ICRC-PR", score: Hours(50), passed: false, on: "2024-01-10"),
                        Fixture.exam(2, "ICRC-PR", score: Hours(60), passed: false, on: "2024-05-10")]
        }
        let finding = try finding(of: Self.rule(maxAttempts: maxAttempts), worker)
        #expect(finding.verdict == verdict)
        if verdict == .notMet {
            #expect(finding.measured == "3 attempts, none passing (50, 60, 90)")
            #expect(try finding.note("exam_records#3").note == "ICRC-PR on 2024-12-10: attempt 3, past the 2 allowed")
            #expect(finding.required == "a pass in ICRC-PR with a score of at least 70%, within 2 attempts")
        }
    }
}

/// Supervised experience that counts only under a CPRS (supervisor 9; 8 holds an LCSW, 7 is not in the directory).
@Suite struct SupervisorCredentialTests {
    static let rule = RequirementSpec.supervisedExperience(SupervisedExperienceRule(workHours: Hours(500), supervisionHours: Hours(25),
                                                                                     supervisorCredentials: ["CPRS"]))

    @Test func aListedCredentialCounts() throws {
        let finding = try finding(of: Self.rule, Fixture.worker())
        #expect(finding.verdict == .met)
        #expect(finding.required == "500 supervised work hours with 25 hours of supervision, supervised by a CPRS")
        #expect(try finding.note("supervised_experience#1").counted)
    }

    @Test(arguments: [(8, "supervisor 8 holds LCSW"), (7, "supervisor 7 holds no listed credential")])
    func anotherSupervisorDoesNotCount(supervisor: Int, why: String) throws {
        let finding = try finding(of: Self.rule, Fixture.worker().with { $0.supervised = [Fixture.supervised(1, supervisor: supervisor)] })
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "0 of 500 work hours, 0 of 25 supervision hours")
        #expect(try finding.note("supervised_experience#1") == EvidenceNote(RecordRef(table: "supervised_experience", id: 1), counted: false,
                                                                                     code: .supervisorNotAccepted, why))
    }
}
