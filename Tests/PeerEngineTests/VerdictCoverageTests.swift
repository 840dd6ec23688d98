import EngineFixtures
import PeerEngine
import PeerRules
import Testing

/// Every verdict has a scenario that reaches it. The switches are exhaustive, so a new verdict does
/// not compile until it has one.
@Suite struct VerdictCoverageTests {
    static func scenario(_ verdict: Verdict) -> (requirement: String, worker: WorkerRecord, book: RuleBook) {
        var worker = Fixture.worker()
        var requirement = "training"
        var book = Fixture.book()
        switch verdict {
        case .met: break
        case .notMet: worker.training[2].hours = Hours(13)
        case .expiring: worker.training[2].completedOn = day("2015-07-15")
        case .insufficientEvidence: (requirement, worker.exams) = ("exam", [])
        case .dataError: worker.training[2].hours = Hours(-1)
        case .warning:
            (requirement, worker.supervised) = ("supervised-experience", [])
            book = Fixture.book(supervisionPhaseIn: day("2026-01-01"))
        }
        return (requirement, worker, book)
    }

    static func scenario(_ verdict: CredentialVerdict) -> WorkerRecord {
        switch verdict {
        case .compliant: return Fixture.worker()
        case .atRisk: return Fixture.holder(expires: Fixture.asOf.adding(days: 30))
        case .nonCompliant: return Fixture.holder().with { $0.exams[0].takenOn = day("2025-03-01") }
        case .lapsed: return Fixture.holder(expires: Fixture.asOf.adding(days: -10))
        case .suspended: return Fixture.holder(status: "suspended")
        case .revoked: return Fixture.holder(status: "revoked")
        case .pending: return Fixture.worker().with { $0.exams = [] }
        case .error: return Fixture.worker(status: "archived")
        }
    }

    @Test(arguments: Verdict.allCases)
    func everyRequirementVerdictIsReached(_ verdict: Verdict) throws {
        let (requirement, worker, book) = Self.scenario(verdict)
        let evaluation = evaluate(worker, book: book)
        #expect(try evaluation.finding(requirement).verdict == verdict)
        // Everything else in the scenario is met, so the scenario isolates the verdict it claims.
        #expect(evaluation.findings.filter { $0.requirementID != requirement }.allSatisfy { $0.verdict == .met })
    }

    @Test(arguments: CredentialVerdict.allCases)
    func everyCredentialVerdictIsReached(_ verdict: CredentialVerdict) {
        #expect(evaluate(Self.scenario(verdict)).verdict == verdict)
    }

    @Test func warningSaysWhenTheRequirementIsEnforced() throws {
        let (requirement, worker, book) = Self.scenario(.warning)
        let evaluation = evaluate(worker, book: book)
        #expect(evaluation.verdict == .atRisk)
        let finding = try evaluation.finding(requirement)
        guard case .supervisedExperience(.noRecords) = finding.measurement else {
            Issue.record("measured \(finding.measurement), expected no supervised-experience records")
            return
        }
        #expect(finding.requirement?.phaseIn == day("2026-01-01"))
    }

    /// The phase-in day itself is enforced; and a data error is never softened to a warning.
    @Test func phaseInOnTheReferenceDayIsEnforced() throws {
        var worker = Fixture.worker().with { $0.supervised = [Fixture.supervised(1, supervision: hours("24.5"))] }
        let enforced = evaluate(worker, book: Fixture.book(supervisionPhaseIn: Fixture.asOf))
        #expect(enforced.verdict == .pending)
        #expect(try enforced.finding("supervised-experience").verdict == .notMet)
        #expect(try finding("supervised-experience", worker, book: Fixture.book(supervisionPhaseIn: Fixture.asOf.adding(days: 1))).verdict
            == .warning)

        worker.supervised = [Fixture.supervised(1, work: Hours(-1))]
        #expect(try finding("supervised-experience", worker, book: Fixture.book(supervisionPhaseIn: day("2026-01-01"))).verdict
            == .dataError)
    }

    @Test func applicantsAndHoldersGetTheirRoles() {
        #expect(evaluate(Fixture.worker()).role == .applicant)
        #expect(evaluate(Fixture.holder()).role == .holder)
        #expect(evaluate(Fixture.holder()).verdict == .compliant)
    }
}

/// Counting in arrays relies on each verdict's index being its place in `allCases`.
@Suite struct VerdictIndexTests {
    @Test func indexesAreThePlacesInAllCases() {
        #expect(Verdict.allCases.map(\.index) == Array(Verdict.allCases.indices))
        #expect(CredentialVerdict.allCases.map(\.index) == Array(CredentialVerdict.allCases.indices))
    }
}
