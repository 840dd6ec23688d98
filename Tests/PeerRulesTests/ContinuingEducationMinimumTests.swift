import PeerEngine
import PeerWording
import PeerRules
import PeerTestSupport
import Testing

/// GA/CPS-MH's CE minimums beyond hours, on the shipped file: 6 of the 12 yearly hours from
/// GMHCN-sponsored training (the CE record's provider), and at least one ethics training a year
/// (a count of records, whatever their hours). The shortfalls say exactly what is missing.
@Suite struct ContinuingEducationMinimumTests {
    static let book = Result { try RuleLoader.load(directory: RuleCorpus.shipped) }

    static func continuingEducation(_ records: [ContinuingEducationRecord]) throws -> Finding {
        var worker = WorkerRecord(id: 3, birthDate: day("1980-01-01"))
        worker.attestations = [LivedExperienceAttestation(id: 1, kind: "mental_health", attestedOn: day("2023-01-10"), recoverySince: day("2021-01-01"))]
        worker.education = [EducationRecord(id: 2, level: "high_school", completedOn: day("2001-06-01"))]
        worker.exams = [ExamRecord(id: 3, examCode: "GA-CPS", score: nil, passed: true, takenOn: day("2023-04-15"))]
        worker.continuingEducation = records
        worker.certifications = [CertificationRecord(id: 4, key: CredentialKey(state: "GA", credential: "CPS-MH"), status: "active",
                                                     issuedOn: day("2023-05-10"), expiresOn: day("2025-12-31"))]
        let evaluation = Evaluator(book: try book.get(), approvals: ProviderApprovals(), asOf: day("2025-06-01")).evaluate(worker)
        return try #require(evaluation.credentials.first?.findings.first { $0.subject.id == "continuing-education" })
    }

    static func ce(_ id: Int, _ hours: Int, _ topic: String, _ completed: String, provider: String? = nil) -> ContinuingEducationRecord {
        ContinuingEducationRecord(id: id, hours: Hours(hours), topic: topic, completedOn: day(completed), provider: provider)
    }

    @Test func hoursFromAnotherSponsorDoNotCountTowardTheSponsoredMinimum() throws {
        let finding = try Self.continuingEducation([Self.ce(10, 5, "general", "2024-03-10", provider: "GMHCN"),
                                                    Self.ce(11, 3, "general", "2024-05-10", provider: "another provider"),
                                                    Self.ce(12, 4, "ethics", "2024-09-20")])
        #expect(finding.verdict == .notMet)
        #expect(finding.shortfalls.contains(.hours(HoursShortfall(.continuingEducation, scope: "GMHCN-sponsored", missing: Hours(1), required: Hours(6)))))
        #expect(!finding.shortfalls.contains { if case .courses = $0 { true } else { false } })
    }

    @Test func twelveHoursWithoutAnEthicsTrainingLackOneTraining() throws {
        let finding = try Self.continuingEducation([Self.ce(10, 6, "general", "2024-03-10", provider: "GMHCN"),
                                                    Self.ce(11, 6, "general", "2024-05-10")])
        #expect(finding.verdict == .notMet)
        #expect(finding.shortfalls.contains(.courses(topic: "ethics", missing: 1, required: 1)))
        #expect(!finding.shortfalls.contains { if case .hours = $0 { true } else { false } })
    }

    @Test func oneEthicsTrainingOfOneHourAndSixSponsoredHoursMeetBoth() throws {
        let finding = try Self.continuingEducation([Self.ce(10, 6, "general", "2024-03-10", provider: "GMHCN"),
                                                    Self.ce(11, 5, "general", "2024-05-10"),
                                                    Self.ce(12, 1, "ethics", "2024-11-02")])
        #expect(finding.verdict == .met)
        #expect(finding.shortfalls.isEmpty)
    }
}
