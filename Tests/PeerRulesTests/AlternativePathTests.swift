import PeerEngine
import PeerWording
import PeerRules
import PeerTestSupport
import Testing

/// Alternative paths (`one_of`), work experience from employment records, college credits within a
/// window and `at_renewal: only`, on the shipped PA/CPS and OH/PRS files: which path was met, and
/// when none was, what each path still lacks, as typed shortfalls.
@Suite struct AlternativePathTests {
    static let book = Result { try RuleLoader.load(directory: RuleCorpus.shipped) }
    static let asOf = day("2026-01-15")

    /// A PA applicant who meets everything except, perhaps, the recent work or credits.
    static func paApplicant(employment: [EmploymentRecord] = [], credits: [EducationRecord] = []) -> WorkerRecord {
        var worker = WorkerRecord(id: 7, birthDate: day("1987-05-05"), residenceState: "PA")
        worker.education = [EducationRecord(id: 1, level: "high_school", completedOn: day("2005-06-10"))] + credits
        worker.ethics = [EthicsAttestation(id: 2, state: "PA", signedOn: day("2025-09-02"))]
        worker.attestations = [LivedExperienceAttestation(id: 3, kind: "mental_health", attestedOn: day("2025-09-02"), recoverySince: nil)]
        worker.training = [TrainingRecord(id: 4, providerID: 1, hours: Hours(75), domain: "peer_support_core", deliveryMode: "classroom",
                                          completedOn: day("2025-06-16"))]
        worker.exams = [ExamRecord(id: 5, examCode: "PCB-CPS", score: Hours(85), passed: true, takenOn: day("2025-10-27"))]
        worker.employment = employment
        worker.certifications = [CertificationRecord(id: 6, key: CredentialKey(state: "PA", credential: "CPS"), status: "applied",
                                                     appliedOn: asOf, issuedOn: nil, expiresOn: nil)]
        return worker
    }

    static func job(_ id: Int, from: String, to: String? = nil, peer: Bool? = nil) -> EmploymentRecord {
        EmploymentRecord(id: id, employerID: 1, startedOn: day(from), endedOn: to.map(day), peerWork: peer)
    }

    static func finding(_ worker: WorkerRecord, _ id: String, asOf: Day = asOf) throws -> Finding {
        let book = try Self.book.get()
        var approvals = ProviderApprovals()
        approvals.add(provider: 1, .init(state: "PA", from: day("2000-01-01"), until: nil))
        let evaluation = Evaluator(book: book, approvals: approvals, asOf: asOf).evaluate(worker)
        return try #require(evaluation.credentials.first?.findings.first { $0.subject.id == id })
    }

    @Test func theWorkPathIsMetByTwoOverlappingJobsCountedOnce() throws {
        // 2025-03-01..2025-09-30 and 2025-06-01..today overlap: together 2025-03-01..2026-01-15, 321 days, short of 365.
        let overlapping = try Self.finding(Self.paApplicant(employment: [Self.job(1, from: "2025-03-01", to: "2025-09-30"),
                                                                           Self.job(2, from: "2025-06-01")]), "recent-work-or-credits")
        #expect(overlapping.verdict == .notMet)
        #expect(overlapping.shortfalls.contains(.path(id: "work", needs: [.workDays(missing: 44, requiredMonths: 12)])))
        let met = try Self.finding(Self.paApplicant(employment: [Self.job(1, from: "2024-03-01", to: "2024-09-30"),
                                                                   Self.job(2, from: "2024-06-01")]), "recent-work-or-credits")
        #expect(met.verdict == .met)
        #expect(met.measured == "path work met")
        #expect(met.shortfalls.isEmpty)
    }

    @Test func theCreditsPathIsMetWithoutAnyWork() throws {
        let finding = try Self.finding(Self.paApplicant(credits: [EducationRecord(id: 9, level: "college_credits", credits: Hours(24),
                                                                                  completedOn: day("2023-02-01"))]), "recent-work-or-credits")
        #expect(finding.verdict == .met)
        #expect(finding.measured == "path college-credits met")
    }

    @Test func neitherPathMetNamesWhatEachPathLacks() throws {
        // 23 credits inside the window, 6 more outside it; a job that ended before the window opened.
        let worker = Self.paApplicant(employment: [Self.job(1, from: "2015-01-05", to: "2022-11-30")],
                                      credits: [EducationRecord(id: 9, level: "college_credits", credits: Hours(23), completedOn: day("2024-05-20")),
                                                EducationRecord(id: 10, level: "college_credits", credits: Hours(6), completedOn: day("2022-12-20"))])
        let finding = try Self.finding(worker, "recent-work-or-credits")
        #expect(finding.verdict == .notMet)
        #expect(finding.shortfalls == [
            .path(id: "work", needs: [.workDays(missing: 365, requiredMonths: 12)]),
            .path(id: "college-credits", needs: [.education(accepted: [], orCredits: Hours(24))]),
        ])
        #expect(finding.evidence.contains { $0.ref == RecordRef(table: "employment", id: 1) && $0.code == .outsideWindow })
        #expect(finding.evidence.contains { $0.ref == RecordRef(table: "education", id: 10) && $0.code == .outsideWindow })
        #expect(Shortfall.json(finding.shortfalls).contains(#"{"type":"path","path":"work","needs":[{"type":"work_days","missing":365,"required_months":12}]}"#))
    }

    @Test func noEmploymentAndNoCreditsNamesBothPaths() throws {
        let finding = try Self.finding(Self.paApplicant(), "recent-work-or-credits")
        #expect(finding.verdict == .notMet)
        #expect(finding.shortfalls == [.path(id: "work", needs: [.evidence(.employment)]),
                                       .path(id: "college-credits", needs: [.education(accepted: [], orCredits: Hours(24))])])
        #expect(finding.reason == "work: employment no employment on file (no employment records); "
            + "college-credits: credits 0 college credits (fewer college credits than required)")
    }

    @Test func anEmploymentRowEndingBeforeItStartsIsADataError() throws {
        let finding = try Self.finding(Self.paApplicant(employment: [Self.job(1, from: "2024-05-01", to: "2024-04-01")]), "recent-work-or-credits")
        #expect(finding.verdict == .dataError)
        #expect(finding.reason.contains("employment#1: ended 2024-04-01, before it started 2024-05-01"))
    }

    @Test func ohiosPeerWorkPathCountsOnlyJobsRecordedAsPeerWork() throws {
        var worker = WorkerRecord(id: 8, birthDate: day("1980-05-05"))
        worker.training = [TrainingRecord(id: 1, providerID: nil, hours: Hours(16), domain: "oh_ebased_academy", deliveryMode: "self_paced_online",
                                          completedOn: day("2025-08-01"))]
        worker.certifications = [CertificationRecord(id: 2, key: CredentialKey(state: "OH", credential: "PRS"), status: "applied",
                                                     appliedOn: Self.asOf, issuedOn: nil, expiresOn: nil)]
        worker.employment = [Self.job(3, from: "2020-01-06", peer: nil)]
        let unsaid = try Self.finding(worker, "training")
        #expect(unsaid.verdict == .notMet)
        #expect(unsaid.evidence.contains { $0.ref == RecordRef(table: "employment", id: 3) && $0.code == .notAccepted })
        // The in-person path still lacks its 40 hours; the peer-work path lacks the employment that counts.
        #expect(unsaid.shortfalls == [
            .path(id: "in-person", needs: [.hours(HoursShortfall(.training, missing: Hours(40), required: Hours(56))),
                                           .hours(HoursShortfall(.training, scope: "oh_prs_in_person", missing: Hours(40), required: Hours(40)))]),
            .path(id: "peer-work", needs: [.workDays(missing: Self.asOf - Self.asOf.adding(months: -36), requiredMonths: 36)]),
        ])
        worker.employment = [Self.job(3, from: "2020-01-06", peer: true)]
        let peer = try Self.finding(worker, "training")
        #expect(peer.verdict == .met)
        #expect(peer.measured == "path peer-work met")
    }

    @Test func anOhioApplicantIsNotAskedForTheRenewalOnlyEthicsAttestation() throws {
        var worker = WorkerRecord(id: 9, birthDate: day("1980-05-05"))
        worker.certifications = [CertificationRecord(id: 2, key: CredentialKey(state: "OH", credential: "PRS"), status: "applied",
                                                     appliedOn: Self.asOf, issuedOn: nil, expiresOn: nil)]
        let book = try Self.book.get()
        let findings = Evaluator(book: book, approvals: ProviderApprovals(), asOf: Self.asOf).evaluate(worker).credentials[0].findings
        #expect(!findings.contains { $0.subject.id == "ethics-at-renewal" })
        #expect(findings.contains { $0.subject.id == "training" })
    }
}
