import EngineFixtures
import PeerEngine
import PeerWording
@testable import PeerRules
import Testing

/// A provisional level that lapses 6 months after issue, extendable once by 6 months, and a full level; the exam
/// applies to the full level only.
@Suite struct LevelTests {
    static let book = Fixture.book(only: [Fixture.requirement("age", AgeTests.adult, 61),
                                          Fixture.requirement("exam", ExamLimitTests.rule(), 62, levels: ["full"])],
                                   levels: [Fixture.level("provisional", term: 6, extensions: 1, extensionMonths: 6), Fixture.level("full")])

    static func holder(_ level: String?, issued: String = "2025-02-01", expires: String = "2026-01-31") -> WorkerRecord {
        Fixture.holder(issued: issued, expires: day(expires)).with {
            $0.birthDate = day("1990-04-01")
            $0.certifications[0].level = level
        }
    }

    /// Issued 2024-07-15: the longest term (6 + 6 months) ends 2025-07-15.
    @Test(arguments: [("2025-07-15", Verdict.met), ("2025-07-16", .dataError)])
    func aProvisionalTermWithItsExtension(expires: String, verdict: Verdict) throws {
        let evaluation = evaluate(Self.holder("provisional", issued: "2024-07-15", expires: expires), book: Self.book)
        let finding = try evaluation.finding("level.provisional.term")
        #expect(finding.verdict == verdict)
        #expect(finding.measured == "expires \(expires)")
        #expect(finding.required == "a provisional certificate runs at most 12 months (6 + 1 extension)")
        #expect(finding.location == RuleLocation(file: Fixture.file, line: 3, column: 7))
        if verdict == .dataError {
            #expect(finding.reason == "certifications#1: expires 2025-07-16, after the last allowed day 2025-07-15")
            #expect(evaluation.verdict == .error)
        } else {
            #expect(evaluation.verdict == .atRisk)  // lapses inside the horizon
        }
    }

    @Test(arguments: [("provisional", ["certification.period", "level.provisional.term", "age"]),
                      ("full", ["certification.period", "age", "exam"])])
    func requirementsLimitedToALevelApplyOnlyToIt(level: String, ids: [String]) {
        let evaluation = evaluate(Self.holder(level), book: Self.book)
        #expect(evaluation.findings.map(\.requirementID) == ids)
        #expect(evaluation.verdict == .compliant)
    }

    @Test func anUndeclaredLevelIsAnError() throws {
        let evaluation = evaluate(Self.holder("temporary"), book: Self.book)
        #expect(evaluation.verdict == .error)
        let finding = try evaluation.finding("certification.level")
        #expect(finding.verdict == .dataError)
        #expect(finding.measured == "level temporary")
        #expect(finding.reason == "certifications#1: level 'temporary' is not one of provisional, full")
        // Only requirements that apply to every level are judged without a known level.
        #expect(evaluation.findings.contains { $0.requirementID == "age" })
        #expect(!evaluation.findings.contains { $0.requirementID == "exam" })
    }

    /// A lapsed certificate with a bad level still reads lapsed: the level is a finding, not an early exit.
    @Test func aLapsedCertificateWithABadLevelIsLapsed() throws {
        let worker = Self.holder("temporary").with { $0.certifications[0].expiresOn = Fixture.asOf.adding(days: -5) }
        let evaluation = evaluate(worker, book: Self.book)
        #expect(evaluation.verdict == .lapsed)
        #expect(try evaluation.finding("certification.level").verdict == .dataError)
    }
}

/// Residency for everyone; a youth endorsement adds an age of 18 to 29.
@Suite struct EndorsementTests {
    static let book = Fixture.book(only: [Fixture.requirement("residency", ResidencyTests.rule(.liveOrWork))],
                                   endorsements: [Endorsement(id: "youth", name: "Youth",
                                                              requirements: [Fixture.requirement("age", AgeTests.youth, 70)])])

    static func applicant(_ endorsements: [String], born: String = "1995-07-01") -> WorkerRecord {
        Fixture.worker().with {
            $0.residenceState = "XX"
            $0.birthDate = day(born)
            $0.certifications[0].endorsements = endorsements
        }
    }

    @Test(arguments: [("1995-07-01", Verdict.met, CredentialVerdict.compliant), ("1995-06-30", .notMet, .pending)])
    func anEndorsementAddsItsRequirements(born: String, verdict: Verdict, credential: CredentialVerdict) throws {
        let evaluation = evaluate(Self.applicant(["youth"], born: born), book: Self.book)
        #expect(evaluation.findings.map(\.requirementID) == ["residency", "endorsement.youth.age"])
        let finding = try evaluation.finding("endorsement.youth.age")
        #expect(finding.verdict == verdict)
        #expect(finding.kind == "age")
        #expect(finding.location?.line == 70)
        #expect(evaluation.verdict == credential)
    }

    @Test func withoutTheEndorsementItsRequirementsDoNotApply() {
        #expect(evaluate(Self.applicant([], born: "1980-01-01"), book: Self.book).findings.map(\.requirementID) == ["residency"])
    }

    @Test func anUnknownEndorsementIsADataError() throws {
        let evaluation = evaluate(Self.applicant(["youth", "veteran"]), book: Self.book)
        #expect(evaluation.verdict == .error)
        let finding = try evaluation.finding("endorsement.veteran")
        #expect(finding.verdict == .dataError)
        #expect(finding.reason == "certifications#1: XX/CPRS defines no endorsement 'veteran' in the version from 2020-01-01")
        #expect(try evaluation.finding("endorsement.youth.age").verdict == .met)
    }
}

/// XX/CPRS extends a shared definition of age, education (high school or GED) and ethics.
@Suite struct SharedDefinitionTests {
    static let shared = [Fixture.requirement("age", AgeTests.adult, 11),
                         Fixture.requirement("education", .education(EducationRule(acceptedLevels: [.highSchool, .ged], orCollegeCredits: nil)), 12),
                         Fixture.requirement("ethics", EthicsTests.rule, 13)]
    static let ownEducation = Fixture.requirement("education", EducationTests.rule, 61)
    static let residency = Fixture.requirement("residency", ResidencyTests.rule(.live), 62)

    func evaluation(own: [Requirement], removes: [String] = []) -> CredentialEvaluation {
        evaluate(Fixture.worker(), book: Fixture.book(only: own, shared: Self.shared, removes: removes))
    }

    @Test func theSharedRequirementsComeFirst() throws {
        let evaluation = evaluation(own: [Self.residency])
        #expect(evaluation.findings.map(\.requirementID) == ["age", "education", "ethics", "residency"])
        #expect(try evaluation.finding("education").required == "high_school or ged (or a higher degree)")
    }

    @Test func aRequirementOfTheSameIDReplacesTheSharedOne() throws {
        let evaluation = evaluation(own: [Self.residency, Self.ownEducation])
        #expect(evaluation.findings.map(\.requirementID) == ["age", "education", "ethics", "residency"])
        let education = try evaluation.finding("education")
        #expect(education.required == "associate or bachelor or master or doctorate, or 60 college credits")
        #expect(education.location?.line == 61)
    }

    /// The member's version is in force but the shared definition's is not: an error, never a silent drop.
    @Test func aSharedDefinitionWithNoVersionInForceIsAnError() throws {
        let book = Fixture.book(only: [Self.residency], shared: Self.shared)
        let late = RuleVersion(validFrom: day("2030-01-01"), validUntil: nil, location: RuleLocation(file: "rules/shared/ICRC-PR.yaml", line: 5, column: 5),
                               requirements: Self.shared)
        let shared = book.shared["ICRC-PR"]!
        let moved = RuleBook(catalog: book.catalog, credentials: book.credentials,
                             shared: ["ICRC-PR": CredentialRules(key: shared.key, name: shared.name, board: shared.board, file: shared.file, versions: [late])],
                             files: [])
        let evaluation = evaluate(Fixture.worker(), book: moved)
        #expect(evaluation.verdict == .error)
        #expect(try evaluation.finding("rules.version").reason.contains("its shared definition ICRC-PR has no version in force that day"))
    }

    @Test func removesDropsASharedRequirement() {
        #expect(evaluation(own: [Self.residency], removes: ["ethics"]).findings.map(\.requirementID) == ["age", "education", "residency"])
    }
}

/// A rule file may name a requirement anything its id pattern allows, even the name of a certificate check:
/// the subject is typed, so such a requirement is judged as a requirement and cannot make a credential lapsed.
@Suite struct SubjectTests {
    static let book = Fixture.book(only: [Fixture.requirement("certification.period", AgeTests.adult)])

    @Test func aRequirementNamedLikeTheCertificatePeriodIsARequirement() throws {
        let tooYoung = Fixture.holder().with { $0.birthDate = Fixture.asOf.adding(months: -17 * 12) }
        let evaluation = evaluate(tooYoung, book: Self.book)
        let named = evaluation.findings.filter { $0.requirementID == "certification.period" }
        #expect(named.map(\.subject) == [.certificationPeriod, .requirement("certification.period")])
        #expect(named.map(\.verdict) == [.met, .notMet])
        #expect(evaluation.verdict == .nonCompliant)
    }

    @Test func theCertificatePeriodItselfStillLapses() {
        let lapsed = Fixture.holder(expires: Fixture.asOf.adding(days: -1)).with { $0.birthDate = day("1980-01-01") }
        #expect(evaluate(lapsed, book: Self.book).verdict == .lapsed)
    }
}
