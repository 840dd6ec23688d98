import EngineFixtures
import PeerEngine
import PeerWording
import PeerRules
import Testing

/// One unusable record added to an otherwise compliant worker.
struct BrokenRecord: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let requirement: String
    let ref: String
    let reason: String
    let breakWorker: @Sendable (inout WorkerRecord) -> Void

    static let all = [
        BrokenRecord(testDescription: "negative training hours", requirement: "training", ref: "training_records#7",
                     reason: "training_records#7: hours -3 is negative") {
            $0.training.append(Fixture.training(7, Hours(-3), "advocacy", "2024-06-01"))
        },
        BrokenRecord(testDescription: "training completed after the as-of date", requirement: "training", ref: "training_records#7",
                     reason: "training_records#7: completed 2025-07-01 is after the as-of date 2025-06-30") {
            $0.training.append(Fixture.training(7, Hours(3), "advocacy", "2025-07-01"))
        },
        BrokenRecord(testDescription: "unknown training domain", requirement: "training", ref: "training_records#7",
                     reason: "training_records#7: unknown training domain 'juggling'") {
            $0.training.append(Fixture.training(7, Hours(3), "juggling", "2024-06-01"))
        },
        BrokenRecord(testDescription: "unknown exam code", requirement: "exam", ref: "exam_records#7",
                     reason: "exam_records#7: unknown exam code 'NCPRSS'") {
            $0.exams.append(Fixture.exam(7, "NCPRSS", score: Hours(90)))
        },
        BrokenRecord(testDescription: "supervised period ending before it starts", requirement: "supervised-experience",
                     ref: "supervised_experience#7", reason: "supervised_experience#7: period ends 2024-01-01, before it starts 2024-02-01") {
            $0.supervised.append(Fixture.supervised(7, from: "2024-02-01", to: "2024-01-01"))
        },
        BrokenRecord(testDescription: "unknown lived-experience kind", requirement: "lived-experience",
                     ref: "lived_experience_attestations#7", reason: "lived_experience_attestations#7: unknown lived-experience kind 'grief'") {
            $0.attestations.append(LivedExperienceAttestation(id: 7, kind: "grief", attestedOn: day("2024-11-04"), recoverySince: nil))
        },
    ]
}

@Suite struct DataErrorTests {
    @Test(arguments: BrokenRecord.all)
    func anUnusableRecordIsADataErrorNamingIt(_ broken: BrokenRecord) throws {
        let worker = Fixture.worker().with(broken.breakWorker)
        let run = Evaluator(book: Fixture.book(), approvals: Fixture.approvals, asOf: Fixture.asOf)
        let evaluation = run.evaluate(worker).credentials[0]
        let finding = try evaluation.finding(broken.requirement)

        #expect(evaluation.verdict == .error)
        #expect(finding.verdict == .dataError)
        #expect(finding.reason == broken.reason)
        #expect(finding.measured == "1 unusable record")
        let note = try finding.note(broken.ref)
        #expect(!note.counted && note.note.hasPrefix("data error: "))
        // The worker's other requirements, and another worker in the same run, are unaffected.
        #expect(evaluation.findings.filter { $0.requirementID != broken.requirement }.allSatisfy { $0.verdict == .met })
        #expect(run.evaluate(Fixture.worker(id: 2)).credentials[0].verdict == .compliant)
    }

    @Test func missingValuesAreDataErrors() throws {
        let evaluation = evaluate(Fixture.worker().with { $0.training[0].hours = nil; $0.exams[0].takenOn = nil })
        #expect(try evaluation.finding("training").reason == "training_records#1: hours is missing or unreadable")
        #expect(try evaluation.finding("exam").reason == "exam_records#1: taken date is missing")
    }

    @Test func everyUnusableRecordIsListed() throws {
        let worker = Fixture.worker().with(BrokenRecord.all[0].breakWorker).with { $0.training[1].domain = "juggling" }
        let finding = try finding("training", worker)
        #expect(finding.measured == "2 unusable records")
        #expect(finding.reason == "training_records#2: unknown training domain 'juggling'; training_records#7: hours -3 is negative")
    }
}

/// Why a credential cannot be decided: each gives the verdict `error` and a finding that says why.
@Suite struct CredentialErrorTests {
    @Test(arguments: [
        ("data error in a record", Fixture.worker().with { $0.training[0].hours = Hours(-1) }, "training",
         "training_records#1: hours -1 is negative"),
        ("no rule file", Fixture.worker(key: CredentialKey(state: "XX", credential: "NOPE")), "rules",
         "certifications#1: no rule file for XX/NOPE"),
        ("no version in force", Fixture.holder(issued: "2019-12-31"), "rules.version",
         "rules/XX/CPRS.yaml has no version in force on 2019-12-31 for the issue date (the earliest version starts 2020-01-01)"),
        ("unknown status", Fixture.worker(status: "archived"), "certification.status",
         "certifications#1: unknown certification status 'archived'"),
        ("issue date after the as-of date", Fixture.holder(issued: "2025-07-01"), "certification.status",
         "certifications#1: issue date 2025-07-01 is after the as-of date 2025-06-30"),
        ("active without an expiry date", Fixture.holder(expires: nil), "certification.period",
         "certifications#1: an active credential has no expiry date"),
    ])
    func credentialError(_ name: String, _ worker: WorkerRecord, requirement: String, reason: String) throws {
        let evaluation = evaluate(worker)
        #expect(evaluation.verdict == .error)
        let finding = try evaluation.finding(requirement)
        #expect(finding.verdict == .dataError)
        #expect(finding.reason == reason)
    }

    @Test func aHolderWithoutAnIssueDateIsAnError() throws {
        let evaluation = evaluate(Fixture.worker(status: "active", expires: day("2027-01-31")))
        #expect(evaluation.verdict == .error)
        #expect(try evaluation.finding("certification.status").reason == "certifications#1: issue date is missing")
    }

    @Test func unknownCredentialSaysWhereTheRuleFileBelongs() throws {
        let finding = try finding("rules", Fixture.worker(key: CredentialKey(state: "XX", credential: "NOPE")))
        #expect(finding.cure == "add rules/XX/NOPE.yaml or correct the record")
        #expect(finding.notes == [EvidenceNote(RecordRef(table: "certifications", id: 1), counted: false, code: .unknownCredential, "unknown credential")])
    }

    /// Each credential of a worker is decided on its own.
    @Test func anErrorInOneCredentialLeavesTheOthers() {
        var worker = Fixture.worker()
        worker.certifications += [
            CertificationRecord(id: 2, key: CredentialKey(state: "XX", credential: "NOPE"), status: "applied"),
            CertificationRecord(id: 3, key: Fixture.key, status: "archived"),
        ]
        let evaluation = Evaluator(book: Fixture.book(), approvals: Fixture.approvals, asOf: Fixture.asOf).evaluate(worker)
        #expect(evaluation.credentials.map(\.verdict) == [.compliant, .error, .error])
        #expect(evaluation.credentials.map(\.certification) == [1, 2, 3].map { RecordRef(table: "certifications", id: $0) })
    }
}
