import Foundation
import EngineFixtures
import PeerEngine
@testable import PeerRules
import Testing

/// What a person still needs, as data: the shortfall of each kind of requirement, asserted on values, never on sentences.
@Suite struct ShortfallTests {
    typealias H = HoursShortfall

    @Test func trainingShortNamesTheTotalAndTheDomain() throws {
        let worker = Fixture.worker().with { $0.training[0].hours = Hours(4) }
        let finding = try finding("training", worker)
        #expect(finding.verdict == .notMet)
        #expect(finding.shortfalls == [.hours(H(.training, missing: Hours(6), required: Hours(40))),
                                       .hours(H(.training, scope: "advocacy", missing: Hours(6), required: Hours(10)))])
    }

    @Test func aFailedExamNeedsAPassOfAnAcceptedOne() throws {
        let worker = Fixture.worker().with { $0.exams = [Fixture.exam(1, "ICRC-PR", score: Hours(60), passed: false)] }
        #expect(try finding("exam", worker).shortfalls == [.examPass(accepted: ["ICRC-PR"], mark: Hours(70))])
        #expect(try finding("exam", Fixture.worker().with { $0.exams = [] }).shortfalls == [.evidence(.examResult)])
    }

    @Test func recoveryShortSaysByHowManyMonthsAndWhen() throws {
        let worker = Fixture.worker().with { $0.attestations[0].recoverySince = day("2024-01-10") }
        let finding = try finding("lived-experience", worker)
        #expect(finding.verdict == .notMet)
        #expect(finding.shortfalls == [.recoveryMonths(missing: 7, required: 24, metOn: day("2026-01-10"))])
    }

    @Test func supervisedHoursShortNameWorkAndSupervision() throws {
        let worker = Fixture.worker().with { $0.supervised = [Fixture.supervised(1, work: Hours(480), supervision: Hours(20))] }
        #expect(try finding("supervised-experience", worker).shortfalls
                == [.hours(H(.supervisedWork, missing: Hours(20), required: Hours(500))),
                    .hours(H(.supervision, missing: Hours(5), required: Hours(25)))])
    }

    @Test(arguments: [(-5, Verdict.notMet, Shortfall.renew(by: nil)), (30, .expiring, .renew(by: day("2025-07-30")))])
    func theCertificatePeriodSaysWhenToRenew(days: Int, verdict: Verdict, shortfall: Shortfall) throws {
        let holder = Fixture.holder(expires: Fixture.asOf.adding(days: days))
        let period = try evaluate(holder).finding("certification.period")
        #expect(period.verdict == verdict)
        #expect(period.shortfalls == [shortfall])
    }

    @Test func ceShortByTopicAndThenDueByTheCycleEnd() throws {
        let records = cycleRecords(first: day("2024-03-10"), last: day("2025-03-09"), general: Hours(15), ethics: hours("1.5"))
        #expect(try finding(of: ceRule(), ceHolder(issued: "2023-03-10", records)).shortfalls
                == [.hours(H(.continuingEducation, missing: hours("3.5"), required: Hours(20))),
                    .hours(H(.continuingEducation, scope: "ethics", missing: hours("1.5"), required: Hours(3)))])

        let current = cycleRecords(first: day("2023-08-15"), last: day("2024-08-14"), general: Hours(17))
            + [Fixture.ce(3, Hours(10), "general", day("2025-01-01"))]
        #expect(try finding(of: ceRule(), ceHolder(issued: "2023-08-15", current)).shortfalls
                == [.hours(H(.continuingEducation, missing: Hours(10), required: Hours(20))),
                    .hours(H(.continuingEducation, scope: "ethics", missing: Hours(3), required: Hours(3))),
                    .dueBy(day("2025-08-14"))])
    }

    @Test func serviceHoursShort() throws {
        let holder = Fixture.holder(issued: "2023-03-10").with {
            $0.supervised = [Fixture.supervised(1, work: Hours(90), supervision: Hours(10), from: "2024-03-10", to: "2025-03-09")]
        }
        #expect(try finding(of: Specs.serviceHours, holder).shortfalls == [.hours(H(.service, missing: Hours(10), required: Hours(100)))])
    }

    @Test func eligibilityShortfalls() throws {
        let young = Fixture.worker().with { $0.birthDate = day("2008-01-01") }
        #expect(try finding(of: Specs.adult, young).shortfalls == [.age(minimum: 18, maximum: nil, eligibleFrom: day("2026-01-01"))])
        #expect(try finding(of: Specs.adult, Fixture.worker()).shortfalls == [.evidence(.birthDate)])
        let away = Fixture.worker().with { $0.residenceState = "YY"; $0.workState = "ZZ" }
        #expect(try finding(of: Specs.residency(.liveOrWork), away).shortfalls == [.residence(states: ["XX"])])
        #expect(try finding(of: Specs.ethics, Fixture.worker()).shortfalls == [.signEthicsCode(state: "XX")])
        #expect(try finding(of: Specs.backgroundCheck(), Fixture.worker()).shortfalls.allSatisfy {
            if case .backgroundCheck = $0 { true } else { false }
        })
    }

    /// A met requirement needs nothing; an unusable record is corrected, not completed.
    @Test func metAndDataErrorsNeedNothing() throws {
        #expect(try finding("training", Fixture.worker()).shortfalls.isEmpty)
        let broken = Fixture.worker().with { $0.training[0].hours = Hours(-1) }
        let finding = try finding("training", broken)
        #expect(finding.verdict == .dataError)
        #expect(finding.shortfalls.isEmpty)
    }

    @Test func shortfallsEncodeAsJSON() throws {
        let shortfalls: [Shortfall] = [.hours(H(.continuingEducation, scope: "ethics", missing: hours("1.5"), required: Hours(3))),
                                       .dueBy(day("2025-08-14")), .renew(by: nil), .examPass(accepted: ["ICRC-PR"], mark: nil)]
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(Shortfall.json(shortfalls).utf8)) as? [[String: Any]])
        #expect(decoded.map { $0["type"] as? String } == ["hours", "due_by", "renew", "exam_pass"])
        #expect(decoded[0]["missing"] as? Double == 1.5)
        #expect(decoded[0]["scope"] as? String == "ethics")
        #expect(decoded[1]["day"] as? String == "2025-08-14")
        #expect(decoded[2]["by"] is NSNull)
        #expect(decoded[3]["accepted"] as? [String] == ["ICRC-PR"])
    }

    /// Every kind of shortfall reads back from its JSON as it was (a night's join reads committed findings).
    @Test func everyShortfallReadsBackFromItsJSON() throws {
        let shortfalls: [Shortfall] = [
            .hours(H(.continuingEducation, scope: "ethics", missing: hours("1.5"), required: Hours(3))), .hours(H(.training, missing: Hours(16), required: Hours(40))),
            .recoveryMonths(missing: 7, required: 24, metOn: day("2026-01-01")), .examPass(accepted: ["ICRC-PR", "PCB-CPS"], mark: hours("70.5")),
            .examPass(accepted: ["ICRC-PR"], mark: nil), .evidence(.birthDate), .dueBy(day("2025-08-14")), .renew(by: nil), .renew(by: day("2026-09-30")),
            .signEthicsCode(state: "XX"), .backgroundCheck(kind: "fbi"), .age(minimum: 18, maximum: nil, eligibleFrom: day("2026-01-01")),
            .age(minimum: nil, maximum: 29, eligibleFrom: nil), .residence(states: ["XX", "YY"]), .education(accepted: ["ged"], orCredits: Hours(30)),
            .disqualified(checks: ["state", "fbi"]), .courses(topic: "ethics", missing: 1, required: 2), .workDays(missing: 30, requiredMonths: 12),
            .path(id: "a", needs: [.evidence(.employment), .hours(H(.supervision, missing: Hours(5), required: Hours(25)))]),
        ]
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(Shortfall.json(shortfalls).utf8)) as? [[String: Any]])
        #expect(decoded.map(Shortfall.init(json:)) == shortfalls.map(Optional.some))
        #expect(Shortfall(json: ["type": "hours", "measure": "unknown", "missing": 1, "required": 2]) == nil)
    }
}
