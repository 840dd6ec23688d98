import EngineFixtures
import PeerEngine
import PeerWording
@testable import PeerRules
import Testing

/// Age on the judged day (the as-of date 2025-06-30 for an applicant, the issue date for a holder).
@Suite struct AgeTests {
    static let adult = Specs.adult
    static let youth = Specs.youth

    func age(_ spec: RequirementSpec, born: String?, _ worker: WorkerRecord = Fixture.worker()) throws -> Finding {
        try finding(of: spec, worker.with { $0.birthDate = born.map(day) })
    }

    @Test(arguments: [("2007-06-30", Verdict.met, "aged 18", "requirement met", nil),
                      ("2007-07-01", .notMet, "aged 17", "under 18", "eligible from 2025-07-01")] as [(String, Verdict, String, String, String?)])
    func exactlyTheMinimumOnTheJudgedDay(born: String, verdict: Verdict, measured: String, reason: String, cure: String?) throws {
        let finding = try age(Self.adult, born: born)
        #expect(finding.verdict == verdict)
        #expect(finding.measured == measured)
        #expect(finding.reason == reason)
        #expect(finding.cure == cure)
        #expect(finding.required == "aged at least 18 on 2025-06-30")
    }

    /// A youth endorsement's 18 to 29: the day before the 30th birthday is the last day it is met.
    @Test(arguments: [("1995-07-01", Verdict.met, "aged 29", "requirement met"), ("1995-06-30", .notMet, "aged 30", "over 29"),
                      ("2007-07-01", .notMet, "aged 17", "under 18")])
    func aMaximum(born: String, verdict: Verdict, measured: String, reason: String) throws {
        let finding = try age(Self.youth, born: born)
        #expect(finding.verdict == verdict)
        #expect(finding.measured == measured)
        #expect(finding.reason == reason)
        #expect(finding.required == "aged 18 to 29 on 2025-06-30")
    }

    @Test func noBirthDateIsInsufficient() throws {
        let finding = try age(Self.adult, born: nil)
        #expect(finding.verdict == .insufficientEvidence)
        #expect(finding.measured == "no birth date")
        #expect(finding.reason == "the worker's birth date is not recorded")
    }

    @Test func aBirthDateAfterTheAsOfDateIsADataError() throws {
        let evaluation = evaluate(Fixture.worker().with { $0.birthDate = day("2025-07-01") }, only: Self.adult)
        let finding = try evaluation.finding("age")
        #expect(finding.verdict == .dataError)
        #expect(finding.reason == "workers.birth_date 2025-07-01 is after the as-of date 2025-06-30")
        #expect(evaluation.verdict == .error)
    }

    /// 18 by the as-of date, but 17 on the issue date 2025-02-01, when it had to be met.
    @Test func aHolderIsAgedOnTheIssueDate() throws {
        let finding = try age(Self.adult, born: "2007-03-01", Fixture.holder())
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "aged 17")
        #expect(finding.required == "aged at least 18 on 2025-02-01")
    }
}

@Suite struct ResidencyTests {
    static func rule(_ basis: ResidencyRule.Basis) -> RequirementSpec { Specs.residency(basis) }

    @Test(arguments: [
        (ResidencyRule.Basis.liveOrWork, "XX", "ZZ", Verdict.met, "lives in XX, works in ZZ"),
        (.liveOrWork, "ZZ", "XX", .met, "lives in ZZ, works in XX"),
        (.liveOrWork, nil, "XX", .met, "works in XX"),
        (.liveOrWork, "ZZ", "ZZ", .notMet, "lives in ZZ, works in ZZ"),
        (.live, "XX", "ZZ", .met, "lives in XX"),
        (.live, "ZZ", "XX", .notMet, "lives in ZZ"),
        (.work, "ZZ", "XX", .met, "works in XX"),
    ] as [(ResidencyRule.Basis, String?, String?, Verdict, String)])
    func livingOrWorking(basis: ResidencyRule.Basis, lives: String?, works: String?, verdict: Verdict, measured: String) throws {
        let finding = try finding(of: Self.rule(basis), Fixture.worker().with { $0.residenceState = lives; $0.workState = works })
        #expect(finding.verdict == verdict)
        #expect(finding.measured == measured)
        if verdict == .notMet { #expect(finding.reason == "not \(finding.required)") }
    }

    @Test func theRequirementSaysWhere() throws {
        let worker = Fixture.worker().with { $0.residenceState = "XX" }
        #expect(try finding(of: Self.rule(.liveOrWork), worker).required == "living or working in XX")
        #expect(try finding(of: Self.rule(.live), worker).required == "living in XX")
    }

    @Test func noStateRecordedIsInsufficient() throws {
        let finding = try finding(of: Self.rule(.liveOrWork), Fixture.worker())
        #expect(finding.verdict == .insufficientEvidence)
        #expect(finding.measured == "no state recorded")
    }
}

/// An associate degree or higher, or 60 college credits instead.
@Suite struct EducationTests {
    static let rule = RequirementSpec.education(EducationRule(acceptedLevels: [.associate, .bachelor, .master, .doctorate],
                                                              orCollegeCredits: Hours(60)))

    func education(_ records: [EducationRecord]) throws -> Finding {
        try finding(of: Self.rule, Fixture.worker().with { $0.education = records })
    }

    static func credits(_ id: Int, _ amount: String, _ completed: String = "2020-06-01") -> EducationRecord {
        EducationRecord(id: id, level: "college_credits", credits: hours(amount), completedOn: day(completed))
    }

    @Test func anAcceptedLevelIsMet() throws {
        let finding = try education([EducationRecord(id: 1, level: "bachelor", completedOn: day("2012-05-20"))])
        #expect(finding.verdict == .met)
        #expect(finding.measured == "bachelor")
        #expect(finding.required == "associate or bachelor or master or doctorate, or 60 college credits")
        #expect(try finding.note("education#1").counted)
    }

    @Test func aLevelThatIsNotAcceptedIsNotMet() throws {
        let finding = try education([EducationRecord(id: 1, level: "high_school", completedOn: day("2008-06-01"))])
        #expect(finding.verdict == .notMet)
        #expect(finding.measured == "no accepted level")
        #expect(finding.reason == "no accepted diploma on file")
        #expect(try finding.note("education#1") == EvidenceNote(RecordRef(table: "education", id: 1), counted: false, code: .notAccepted,
                                                                 "high_school is not an accepted level"))
    }

    /// Credits add up across records; 60 exactly is enough.
    @Test(arguments: [("20", Verdict.met), ("19.5", .notMet)])
    func collegeCreditsInstead(second: String, verdict: Verdict) throws {
        let finding = try education([Self.credits(1, "40"), Self.credits(2, second)])
        #expect(finding.verdict == verdict)
        #expect(finding.measured == "\(Hours(40) + hours(second)) college credits")
    }

    /// Degrees form a ladder: a master's degree satisfies "high school or GED"; a GED does not satisfy an associate degree.
    @Test(arguments: [("master", [EducationLevel.highSchool, .ged], Verdict.met), ("ged", [.associate], .notMet),
                      ("high_school", [.ged], .met)])
    func aHigherDegreeSatisfiesALowerLevel(held: String, accepted: [EducationLevel], verdict: Verdict) throws {
        let rule = RequirementSpec.education(EducationRule(acceptedLevels: accepted, orCollegeCredits: nil))
        let finding = try finding(of: rule, Fixture.worker().with { $0.education = [EducationRecord(id: 1, level: held, completedOn: day("2010-06-01"))] })
        #expect(finding.verdict == verdict)
    }

    @Test func noRecordsIsInsufficient() throws {
        let finding = try education([])
        #expect(finding.verdict == .insufficientEvidence)
        #expect(finding.reason == "no education records")
    }

    @Test func completionAfterTheAsOfDateIsADataError() throws {
        let finding = try education([EducationRecord(id: 1, level: "bachelor", completedOn: day("2012-05-20")),
                                     Self.credits(2, "60", "2025-07-01")])
        #expect(finding.verdict == .dataError)
        #expect(finding.reason == "education#2: completed 2025-07-01 is after the as-of date 2025-06-30")
    }
}

/// A signed code of ethics for the credential's state (XX), signed within 12 months of 2025-06-30.
@Suite struct EthicsTests {
    static let rule = Specs.ethics

    func ethics(_ state: String, signed: String) throws -> Finding {
        try finding(of: Self.rule, Fixture.worker().with { $0.ethics = [EthicsAttestation(id: 1, state: state, signedOn: day(signed))] })
    }

    @Test func signedForTheStateIsMet() throws {
        let finding = try ethics("XX", signed: "2025-01-10")
        #expect(finding.verdict == .met)
        #expect(finding.measured == "signed 2025-01-10")
        #expect(finding.required == "a signed XX code of ethics within 12 months")
    }

    @Test func signedForAnotherStateDoesNotCount() throws {
        let finding = try ethics("YY", signed: "2025-01-10")
        #expect(finding.verdict == .insufficientEvidence)
        #expect(finding.reason == "no ethics attestation that counts")
        #expect(try finding.note("ethics_attestations#1").note == "signed for YY, not XX")
    }

    /// On the application's as-of date 2025-06-30: a signature 12 months old still counts but leaves
    /// tomorrow, inside the horizon (expiring); one a day older no longer counts.
    @Test(arguments: [("2024-12-30", Verdict.met), ("2024-06-30", .expiring), ("2024-06-29", .insufficientEvidence)])
    func withinMonths(signed: String, verdict: Verdict) throws {
        let finding = try ethics("XX", signed: signed)
        #expect(finding.verdict == verdict)
        if verdict == .expiring {
            #expect(finding.reason == "met now; the signature of 2024-06-30 no longer counts from 2025-07-01")
        }
        if verdict == .insufficientEvidence {
            #expect(try finding.note("ethics_attestations#1").note == "signed 2024-06-29, more than 12 months before 2025-06-30")
        }
    }
}

/// State and FBI checks; what a disqualifying result means depends on the rule.
@Suite struct BackgroundCheckTests {
    static func rule(_ disqualifying: BackgroundCheckRule.Disqualifying = .blocks) -> RequirementSpec { Specs.backgroundCheck(disqualifying) }

    static func check(_ id: Int, _ kind: String, _ result: String, _ completed: String = "2025-01-10") -> BackgroundCheckRecord {
        BackgroundCheckRecord(id: id, kind: kind, result: result, completedOn: day(completed))
    }

    func checks(_ records: [BackgroundCheckRecord], _ disqualifying: BackgroundCheckRule.Disqualifying = .blocks) throws -> Finding {
        try finding(of: Self.rule(disqualifying), Fixture.worker().with { $0.backgroundChecks = records })
    }

    @Test func allClearIsMet() throws {
        let finding = try checks([Self.check(1, "state", "clear"), Self.check(2, "fbi", "clear")])
        #expect(finding.verdict == .met)
        #expect(finding.measured == "state: clear, fbi: clear")
        #expect(finding.required == "state and fbi background checks")
    }

    /// With checks required within 12 months, the older of the two decides when the application stops qualifying.
    @Test(arguments: [("2024-12-01", Verdict.met), ("2024-08-01", .expiring)])
    func theOldestCheckAgesOutFirst(stateCheck: String, verdict: Verdict) throws {
        let rule = RequirementSpec.backgroundCheck(BackgroundCheckRule(checks: [.state, .fbi], withinMonths: 12, disqualifying: .blocks))
        let worker = Fixture.worker().with { $0.backgroundChecks = [Self.check(1, "state", "clear", stateCheck), Self.check(2, "fbi", "clear")] }
        let finding = try finding(of: rule, worker)
        #expect(finding.verdict == verdict)
        if verdict == .expiring {
            #expect(finding.reason == "met now; the check of 2024-08-01 no longer counts from 2025-08-02")
        }
    }

    @Test func aMissingKindIsInsufficient() throws {
        let finding = try checks([Self.check(1, "state", "clear")])
        #expect(finding.verdict == .insufficientEvidence)
        #expect(finding.measured == "state: clear, fbi: none")
        #expect(finding.reason == "no fbi check on file")
    }

    @Test(arguments: [(BackgroundCheckRule.Disqualifying.blocks, Verdict.notMet, "disqualifying result (fbi); the state allows no waiver"),
                      (.review, .insufficientEvidence, "awaiting the board's case-by-case review (fbi)")])
    func aDisqualifyingResult(_ disqualifying: BackgroundCheckRule.Disqualifying, verdict: Verdict, reason: String) throws {
        let finding = try checks([Self.check(1, "state", "clear"), Self.check(2, "fbi", "disqualifying")], disqualifying)
        #expect(finding.verdict == verdict)
        #expect(finding.reason == reason)
        #expect(finding.measured == "state: clear, fbi: disqualifying")
    }

    /// The latest fbi check decides, whichever order the records come in.
    @Test(arguments: [("clear", "disqualifying", Verdict.notMet), ("disqualifying", "clear", .met)])
    func theLatestCheckOfAKindDecides(earlier: String, later: String, verdict: Verdict) throws {
        let records = [Self.check(1, "state", "clear"), Self.check(2, "fbi", earlier, "2023-01-10"), Self.check(3, "fbi", later)]
        for ordered in [records, records.reversed()] {
            let finding = try checks(ordered)
            #expect(finding.verdict == verdict)
            #expect(finding.measured == "state: clear, fbi: \(later)")
            #expect(try finding.note("background_checks#2") == EvidenceNote(RecordRef(table: "background_checks", id: 2), counted: false, code: .superseded,
                                                                            "a later fbi check is on file"))
            #expect(try finding.note("background_checks#3").counted)
        }
    }
}
