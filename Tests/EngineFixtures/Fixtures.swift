import PeerEngine
@testable import PeerRules
import Testing

/// Fixtures shared by the engine's tests and the wording's: an invented credential and a worker who meets it.

/// A literal the test knows to be a valid date or amount.
public func day(_ text: String) -> Day { Day(iso: text)! }
public func hours(_ text: String) -> Hours { Hours(decimal: text)! }

/// One invented credential, XX/CPRS, with two rule versions, and a worker who meets it.
public enum Fixture {
    public static let asOf = day("2025-06-30")
    public static let key = CredentialKey(state: "XX", credential: "CPRS")
    public static let file = "rules/XX/CPRS.yaml"
    /// v1 runs 2020-01-01 through 2024-12-31 and accepts either exam with no pass mark;
    /// v2 starts here and accepts ICRC-PR only, scored at least 70.
    public static let boundary = day("2025-01-01")

    public static let catalog = Catalog(standards: [:], competencies: [:], exams: codes("ICRC-PR", "PCB-CPS"),
                                 trainingDomains: codes("advocacy", "ethical_responsibility", "peer_support_core"),
                                 ceTopics: codes("general", "ethics", "suicide_prevention"),
                                 supervisorCredentials: codes("CPRS", "LCSW"))

    private static func codes(_ names: String...) -> [String: CodeDefinition] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, CodeDefinition(code: $0, name: $0)) })
    }

    private static func location(_ line: Int) -> RuleLocation { RuleLocation(file: file, line: line, column: 7) }

    /// A requirement as the rule file at `line` would give it.
    public static func requirement(_ id: String, _ spec: RequirementSpec, _ line: Int = 60, phaseIn: Day? = nil,
                            levels: [String] = []) -> Requirement {
        Requirement(id: id, spec: spec, standard: "nms.\(id)", alignment: .aligns, sources: ["board"], phaseIn: phaseIn,
                    levels: levels, location: location(line))
    }

    private static func requirements(exam: ExamRule, supervisionPhaseIn: Day?) -> [Requirement] {
        let training = TrainingRule(totalHours: Hours(40),
                                    domainMinimums: [DomainMinimum(domain: "advocacy", hours: Hours(10)),
                                                     DomainMinimum(domain: "ethical_responsibility", hours: Hours(16))],
                                    windowMonths: 120, approvedProvidersOnly: true)
        return [
            requirement("lived-experience", .livedExperience(LivedExperienceRule(acceptedKinds: [.mentalHealth, .substanceUse, .both],
                                                                                 minimumMonthsInRecovery: 24)), 10),
            requirement("training", .training(training), 20),
            requirement("exam", .exam(exam), 30),
            requirement("supervised-experience", .supervisedExperience(SupervisedExperienceRule(workHours: Hours(500), supervisionHours: Hours(25),
                                                                                               windowMonths: 24)), 40, phaseIn: supervisionPhaseIn),
        ]
    }

    /// The rule book; `supervisionPhaseIn` phases in v2's supervised-experience requirement.
    public static func book(supervisionPhaseIn: Day? = nil) -> RuleBook {
        let versions = [
            RuleVersion(validFrom: day("2020-01-01"), validUntil: boundary.adding(days: -1), location: location(5),
                        requirements: requirements(exam: ExamRule(acceptedExams: ["ICRC-PR", "PCB-CPS"], minimumScore: nil),
                                                   supervisionPhaseIn: nil)),
            RuleVersion(validFrom: boundary, validUntil: nil, location: location(50),
                        requirements: requirements(exam: ExamRule(acceptedExams: ["ICRC-PR"], minimumScore: Hours(70)),
                                                   supervisionPhaseIn: supervisionPhaseIn)),
        ]
        let rules = CredentialRules(key: key, name: "Certified Peer Recovery Specialist", board: "XX Board", file: file,
                                    sources: [:], versions: versions)
        return RuleBook(catalog: catalog, credentials: [key: rules], files: [])
    }

    /// XX/CPRS with a single version, in force from 2020-01-01, holding only `requirements` (and `endorsements`),
    /// optionally with certificate levels. With `shared`, it extends a shared definition ICRC-PR holding those
    /// requirements, and drops the ones in `removes`.
    public static func book(only requirements: [Requirement], levels: [CertificateLevel] = [], endorsements: [Endorsement] = [],
                     shared: [Requirement]? = nil, removes: [String] = []) -> RuleBook {
        let start = day("2020-01-01")
        let version = RuleVersion(validFrom: start, validUntil: nil, location: location(5), requirements: requirements,
                                  removes: removes, endorsements: endorsements)
        let rules = CredentialRules(key: key, name: "Certified Peer Recovery Specialist", board: "XX Board", file: file,
                                    extends: shared.map { _ in "ICRC-PR" }, levels: levels, versions: [version])
        let definitions = shared.map { requirements in
            ["ICRC-PR": CredentialRules(key: CredentialKey(state: "shared", credential: "ICRC-PR"), name: "Peer Recovery", board: "IC&RC",
                                        file: "rules/shared/ICRC-PR.yaml",
                                        versions: [RuleVersion(validFrom: start, validUntil: nil, location: location(5), requirements: requirements)])]
        } ?? [:]
        return RuleBook(catalog: catalog, credentials: [key: rules], shared: definitions, files: [])
    }

    /// A certificate level declared at line 3.
    public static func level(_ id: String, term: Int? = nil, extensions: Int = 0, extensionMonths: Int? = nil) -> CertificateLevel {
        CertificateLevel(id: id, termMonths: term, extensions: extensions, extensionMonths: extensionMonths, location: location(3))
    }

    /// Supervisor 9 (the fixture's) holds a CPRS, supervisor 8 an LCSW; 7 is not in the directory.
    public static let supervisors: SupervisorDirectory = {
        var directory = SupervisorDirectory()
        directory.add(supervisor: 9, credential: "CPRS")
        directory.add(supervisor: 8, credential: "LCSW")
        return directory
    }()

    /// Provider 1 is XX-approved throughout; 2 only by another state; 3 by XX until 2024-04-30.
    public static let approvals: ProviderApprovals = {
        var approvals = ProviderApprovals()
        approvals.add(provider: 1, .init(state: "XX", from: day("2010-01-01"), until: nil))
        approvals.add(provider: 2, .init(state: "YY", from: day("2020-01-01"), until: nil))
        approvals.add(provider: 3, .init(state: "XX", from: day("2020-01-01"), until: day("2024-04-30")))
        return approvals
    }()

    public static func training(_ id: Int, _ amount: Hours?, _ domain: String, _ completed: String, provider: Int? = 1,
                         mode: String = "classroom") -> TrainingRecord {
        TrainingRecord(id: id, providerID: provider, hours: amount, domain: domain, deliveryMode: mode, completedOn: day(completed))
    }

    public static func exam(_ id: Int, _ code: String, score: Hours?, passed: Bool = true, on taken: String = "2024-12-10") -> ExamRecord {
        ExamRecord(id: id, examCode: code, score: score, passed: passed, takenOn: day(taken))
    }

    public static func supervised(_ id: Int, work: Hours = Hours(500), supervision: Hours = Hours(25),
                           from start: String = "2023-06-01", to end: String = "2024-10-31", supervisor: Int? = 9) -> SupervisedExperienceRecord {
        SupervisedExperienceRecord(id: id, supervisorID: supervisor, workHours: work, supervisionHours: supervision,
                                   periodStart: day(start), periodEnd: day(end))
    }

    public static func ce(_ id: Int, _ amount: Hours, _ topic: String, _ completed: Day) -> ContinuingEducationRecord {
        ContinuingEducationRecord(id: id, hours: amount, topic: topic, completedOn: completed)
    }

    /// A worker whose evidence, all dated before 2025-01-01, meets every requirement of both versions exactly
    /// at the training minimums (40 h: 10 advocacy, 16 ethical_responsibility, 14 peer_support_core).
    public static func worker(id: Int = 1, status: String = "applied", issued: Day? = nil, expires: Day? = nil,
                       key: CredentialKey = Fixture.key) -> WorkerRecord {
        var worker = WorkerRecord(id: id)
        worker.attestations = [LivedExperienceAttestation(id: 1, kind: "mental_health", attestedOn: day("2024-11-04"),
                                                          recoverySince: day("2021-03-15"))]
        worker.training = [training(1, Hours(10), "advocacy", "2024-03-01"),
                           training(2, Hours(16), "ethical_responsibility", "2024-04-01"),
                           training(3, Hours(14), "peer_support_core", "2024-05-01")]
        worker.exams = [exam(1, "ICRC-PR", score: Hours(85))]
        worker.supervised = [supervised(1)]
        worker.certifications = [CertificationRecord(id: 1, key: key, status: status, appliedOn: day("2024-12-15"),
                                                     issuedOn: issued, expiresOn: expires)]
        return worker
    }

    /// The same worker holding the credential, issued 2025-02-01 (under v2).
    public static func holder(status: String = "active", issued: String = "2025-02-01", expires: Day? = day("2027-01-31")) -> WorkerRecord {
        worker(status: status, issued: day(issued), expires: expires)
    }
}

/// Evaluates the worker's first certification.
public func evaluate(_ worker: WorkerRecord, book: RuleBook = Fixture.book(), asOf: Day = Fixture.asOf) -> CredentialEvaluation {
    Evaluator(book: book, approvals: Fixture.approvals, supervisors: Fixture.supervisors, asOf: asOf).evaluate(worker).credentials[0]
}

/// Evaluates the worker against a book holding only `spec`, as a requirement whose id is the kind's name.
public func evaluate(_ worker: WorkerRecord, only spec: RequirementSpec, asOf: Day = Fixture.asOf) -> CredentialEvaluation {
    evaluate(worker, book: Fixture.book(only: [Fixture.requirement(spec.kind.rawValue, spec)]), asOf: asOf)
}

/// Evaluates the worker and returns one requirement's finding.
public func finding(_ id: String, _ worker: WorkerRecord, book: RuleBook = Fixture.book()) throws -> Finding {
    try evaluate(worker, book: book).finding(id)
}

/// The finding of the only requirement, `spec`, in the book.
public func finding(of spec: RequirementSpec, _ worker: WorkerRecord, asOf: Day = Fixture.asOf) throws -> Finding {
    try evaluate(worker, only: spec, asOf: asOf).finding(spec.kind.rawValue)
}

extension WorkerRecord {
    /// A copy with one change, e.g. `Fixture.worker().with { $0.exams = [] }`.
    public func with(_ change: (inout WorkerRecord) -> Void) -> WorkerRecord {
        var copy = self
        change(&copy)
        return copy
    }
}

extension CredentialEvaluation {
    public func finding(_ id: String) throws -> Finding {
        try #require(findings.first { $0.requirementID == id }, "no \(id) finding in \(findings.map(\.requirementID))")
    }
}

extension Finding {
    /// How one evidence row was used, e.g. "training_records#3".
    public func use(_ ref: String) throws -> EvidenceUse {
        try #require(evidence.first { $0.ref.description == ref }, "no use of \(ref) in \(evidence)")
    }
}
