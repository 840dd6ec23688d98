import EngineFixtures
import PeerEngine
@testable import PeerRules
import Testing

/// What the engine measures, as values: each kind's findings carry the numbers, dates and codes the
/// wording is made from, and each evidence row's use with its code. No sentence is asserted here
/// (PeerWordingTests does that).
@Suite struct MeasurementTests {
    @Test func trainingMeasuresTheTotalAndEachDomain() throws {
        let met = try finding("training", Fixture.worker())
        #expect(met.verdict == .met)
        #expect(met.measurement.training == .hours(sums: [Hours(40), Hours(10), Hours(16)], notCounted: 0, fallsShortOn: nil))
        #expect(met.shortfalls.isEmpty)
        #expect(try met.use("training_records#3") == EvidenceUse(RecordRef(table: "training_records", id: 3), counted: true, code: .counted,
                                                                 .trainingHours(counted: Hours(14), recorded: Hours(14), domain: "peer_support_core",
                                                                                mode: .classroom)))

        let short = try finding("training", Fixture.worker().with { $0.training[1].providerID = 2 })
        #expect(short.verdict == .notMet)
        #expect(short.measurement.training == .hours(sums: [Hours(24), Hours(10), Hours(0)], notCounted: 1, fallsShortOn: nil))
        #expect(short.shortfalls == [.hours(HoursShortfall(.training, missing: Hours(16), required: Hours(40))),
                                     .hours(HoursShortfall(.training, scope: "ethical_responsibility", missing: Hours(16), required: Hours(16)))])
        #expect(try short.use("training_records#2") == EvidenceUse(RecordRef(table: "training_records", id: 2), counted: false,
                                                                   code: .unapprovedProvider, .provider(2, completed: day("2024-04-01"))))

        let none = try finding("training", Fixture.worker().with { $0.training = [] })
        #expect(none.verdict == .insufficientEvidence)
        #expect(none.measurement.training == .noRecords)
        #expect(none.shortfalls == [.evidence(.trainingRecords)])
    }

    @Test func anUnusableRecordIsATypedDataError() throws {
        let finding = try finding("training", Fixture.worker().with { $0.training[0].hours = Hours(-1); $0.training[1].domain = "astrology" })
        #expect(finding.verdict == .dataError)
        guard case .unusableRecords(let errors) = finding.measurement else { Issue.record("measured \(finding.measurement)"); return }
        #expect(errors == [DataError(RecordRef(table: "training_records", id: 1), "hours", .negative(Hours(-1))),
                           DataError(RecordRef(table: "training_records", id: 2), "domain", .unknownCode("astrology"))])
        #expect(finding.evidence.map(\.code) == [.dataError, .dataError, .counted])
    }

    @Test func aDateAfterTheAsOfDateNamesItsColumn() throws {
        let finding = try finding("exam", Fixture.worker().with { $0.exams[0].takenOn = day("2025-07-01") })
        guard case .unusableRecords(let errors) = finding.measurement else { Issue.record("measured \(finding.measurement)"); return }
        #expect(errors == [DataError(RecordRef(table: "exam_records", id: 1), "taken_on", .afterAsOf(day("2025-07-01"), asOf: Fixture.asOf))])
    }

    @Test func theExamMeasuresEachAttempt() throws {
        let passed = try finding("exam", Fixture.worker())
        #expect(passed.measurement.exam == .passed(exam: "ICRC-PR", on: day("2024-12-10"), score: Hours(85), lapsesOn: nil))
        let failed = try finding("exam", Fixture.worker().with {
            $0.exams = [Fixture.exam(1, "ICRC-PR", score: Hours(55), passed: false), Fixture.exam(2, "ICRC-PR", score: Hours(65))]
        })
        #expect(failed.verdict == .notMet)
        #expect(failed.measurement.exam == .failed(scores: [Hours(55), Hours(65)]))
        #expect(failed.shortfalls == [.examPass(accepted: ["ICRC-PR"], mark: Hours(70))])
        #expect(failed.evidence.map(\.code) == [.notPassed, .belowPassMark])
        let other = try finding("exam", Fixture.worker().with { $0.exams = [Fixture.exam(1, "PCB-CPS", score: Hours(90))] })
        #expect(other.measurement.exam == .passedOther(["PCB-CPS"]))
        let none = try finding("exam", Fixture.worker().with { $0.exams = [] })
        #expect(none.measurement.exam == .noAttempt)
        #expect(none.shortfalls == [.evidence(.examResult)])
    }

    @Test func livedExperienceMeasuresMonthsInRecovery() throws {
        let met = try finding("lived-experience", Fixture.worker())
        #expect(met.measurement.livedExperience == .recovery(months: 51, minimum: 24, metOn: day("2023-03-15"), judgedOn: Fixture.asOf))
        let short = try finding("lived-experience", Fixture.worker().with { $0.attestations[0].recoverySince = day("2024-01-01") })
        #expect(short.verdict == .notMet)
        #expect(short.measurement.livedExperience == .recovery(months: 17, minimum: 24, metOn: day("2026-01-01"), judgedOn: Fixture.asOf))
        #expect(short.shortfalls == [.recoveryMonths(missing: 7, required: 24, metOn: day("2026-01-01"))])
        let family = try finding("lived-experience", Fixture.worker().with { $0.attestations[0].kind = "family" })
        #expect(family.measurement.livedExperience == .kindNotAccepted(["family"]))
    }

    @Test func supervisedExperienceMeasuresBothSums() throws {
        let short = try finding("supervised-experience", Fixture.worker().with { $0.supervised = [Fixture.supervised(1, supervision: Hours(20))] })
        #expect(short.measurement.supervisedExperience == .hours(work: Hours(500), supervision: Hours(20), fallsShortOn: nil))
        #expect(short.shortfalls == [.hours(HoursShortfall(.supervision, missing: Hours(5), required: Hours(25)))])
    }

    @Test func eligibilityKindsMeasureWhatTheyRead() throws {
        let young = try finding(of: Specs.adult, Fixture.worker().with { $0.birthDate = day("2008-01-01") })
        #expect(young.measurement.age == .aged(17, birthDate: day("2008-01-01")))
        #expect(try finding(of: Specs.adult, Fixture.worker()).measurement.age == .noBirthDate)

        let away = try finding(of: Specs.residency(.live), Fixture.worker().with { $0.residenceState = "YY"; $0.workState = "XX" })
        #expect(away.verdict == .notMet)
        #expect(away.measurement.residency == .recorded(lives: "YY", works: nil))

        let unsigned = try finding(of: Specs.ethics, Fixture.worker())
        #expect(unsigned.measurement.ethics == .none(anyOnFile: false))
        let signed = try finding(of: Specs.ethics, Fixture.worker().with {
            $0.ethics = [EthicsAttestation(id: 1, state: "XX", signedOn: day("2024-08-01"))]
        })
        // An applicant's signature of 2024-08-01 stops counting on 2025-08-02, inside the 90-day horizon.
        #expect(signed.verdict == .expiring)
        #expect(signed.measurement.ethics == .signed(day("2024-08-01"), lapsesOn: day("2025-08-02")))
        #expect(signed.shortfalls == [.dueBy(day("2025-08-02"))])

        let disqualified = try finding(of: Specs.backgroundCheck(), Fixture.worker().with {
            $0.backgroundChecks = [BackgroundCheckRecord(id: 1, kind: "state", result: "disqualifying", completedOn: day("2025-01-10"))]
        })
        #expect(disqualified.measurement.backgroundCheck == BackgroundCheckMeasurement(results: ["disqualifying", nil],
                                                                                         outcome: .disqualified(["state"])))
        #expect(disqualified.shortfalls == [.disqualified(checks: ["state"])])
    }

    @Test func continuingEducationMeasuresTheCycleJudged() throws {
        // Issued 2023-03-10: the completed cycle 2024-03-10 to 2025-03-09 holds 15 general and 1.5 ethics hours.
        let records = cycleRecords(first: day("2024-03-10"), last: day("2025-03-09"), general: Hours(15), ethics: hours("1.5"))
        let short = try finding(of: ceRule(), ceHolder(issued: "2023-03-10", records))
        #expect(short.verdict == .notMet)
        #expect(short.measurement.continuingEducation == .completedCycleShort(total: hours("16.5"), carried: .zero,
                                                                                cycle: day("2024-03-10")..<day("2025-03-10")))
        #expect(try short.use("ce_records#1").detail == .continuingEducation(hours: Hours(15), topic: "general",
                                                                             completedCycle: day("2024-03-10")..<day("2025-03-10")))
        let met = try finding(of: ceRule(), ceHolder(issued: "2024-08-15", []))
        #expect(met.measurement.continuingEducation == .currentCycle(total: .zero, due: day("2025-08-14"), owesYet: false))
    }

    @Test func serviceHoursMeasureTheCompletedCycle() throws {
        let first = try finding(of: Specs.serviceHours, Fixture.holder(issued: "2025-01-01"))
        #expect(first.measurement.serviceHours == .firstCycle)
        let holder = Fixture.holder(issued: "2023-03-10").with {
            $0.supervised = [Fixture.supervised(1, work: Hours(90), supervision: Hours(10), from: "2024-04-01", to: "2024-12-31")]
        }
        let short = try finding(of: Specs.serviceHours, holder)
        #expect(short.measurement.serviceHours == .hours(work: Hours(90), supervision: Hours(10), cycle: day("2024-03-10")..<day("2025-03-10")))
        #expect(short.shortfalls == [.hours(HoursShortfall(.service, missing: Hours(10), required: Hours(100)))])
    }

    @Test func theCertificatesPeriodIsMeasuredInDays() throws {
        let lapsing = evaluate(Fixture.holder(expires: day("2025-07-30")))
        let period = try lapsing.finding("certification.period")
        #expect(period.verdict == .expiring)
        guard case .certificatePeriod(let measured, let certification) = period.measurement else { Issue.record("\(period.measurement)"); return }
        #expect(measured == .lapses(on: day("2025-07-30"), inDays: 30))
        #expect(certification == RecordRef(table: "certifications", id: 1))
        #expect(period.shortfalls == [.renew(by: day("2025-07-30"))])

        let suspended = evaluate(Fixture.holder(status: "suspended"))
        guard case .certificateStatus(.suspended, _) = try suspended.finding("certification.status").measurement else {
            Issue.record("a suspension is measured as one")
            return
        }
        #expect(suspended.verdict == .suspended)
    }

    @Test func aOneOfKeepsEveryPathsFindings() throws {
        let alternatives = AlternativePaths(paths: [
            RequirementPath(id: "exam", description: "an exam", requirements: [Fixture.requirement("pass", .exam(ExamRule(acceptedExams: ["PCB-CPS"],
                                                                                                                          minimumScore: nil)))]),
            RequirementPath(id: "age", description: "an age", requirements: [Fixture.requirement("adult", Specs.adult)]),
        ])
        let finding = try finding(of: .oneOf(alternatives), Fixture.worker())
        #expect(finding.verdict == .notMet)
        guard case .oneOf(let paths) = finding.measurement else { Issue.record("\(finding.measurement)"); return }
        #expect(paths.chosen == nil)
        #expect(paths.paths.map { $0.findings.map(\.verdict) } == [[.notMet], [.insufficientEvidence]])
        #expect(finding.shortfalls == [.path(id: "exam", needs: [.examPass(accepted: ["PCB-CPS"], mark: nil)]),
                                       .path(id: "age", needs: [.evidence(.birthDate)])])
        // The paths' evidence is the finding's too.
        #expect(finding.evidence.map(\.ref) == [RecordRef(table: "exam_records", id: 1)])
    }
}

extension Measurement {
    var training: TrainingMeasurement? { if case .training(let value) = self { value } else { nil } }
    var exam: ExamMeasurement? { if case .exam(let value) = self { value } else { nil } }
    var livedExperience: LivedExperienceMeasurement? { if case .livedExperience(let value) = self { value } else { nil } }
    var supervisedExperience: SupervisedExperienceMeasurement? { if case .supervisedExperience(let value) = self { value } else { nil } }
    var age: AgeMeasurement? { if case .age(let value) = self { value } else { nil } }
    var residency: ResidencyMeasurement? { if case .residency(let value) = self { value } else { nil } }
    var ethics: EthicsMeasurement? { if case .ethics(let value) = self { value } else { nil } }
    var backgroundCheck: BackgroundCheckMeasurement? { if case .backgroundCheck(let value) = self { value } else { nil } }
    var continuingEducation: ContinuingEducationMeasurement? { if case .continuingEducation(let value) = self { value } else { nil } }
    var serviceHours: ServiceHoursMeasurement? { if case .serviceHours(let value) = self { value } else { nil } }
}
