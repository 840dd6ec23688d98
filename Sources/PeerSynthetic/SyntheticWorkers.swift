import PeerEngine
import PeerRules

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same data everywhere.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}

/// What happens to one worker in the synthetic population: the variety a real board sees.
enum Scenario: CaseIterable {
    case holder, twoStates, applicantReady, applicantIncomplete, expiringSoon, lapsed, expiredStatus, suspended, revoked
    case exactlyMinimum, oneHourShort, recoveryOneDayShort, failedThenPassed, unapprovedProvider
    case futureTraining, unknownExam, unknownDomain, reversedPeriod, continuingEducationShort

    /// Out of 1000 workers.
    var weight: Int {
        switch self {
        case .holder: 560
        case .twoStates: 80
        case .applicantReady: 60
        case .applicantIncomplete: 60
        case .expiringSoon: 50
        case .lapsed: 25
        case .expiredStatus: 15
        case .suspended: 10
        case .revoked: 5
        case .exactlyMinimum: 25
        case .oneHourShort: 20
        case .recoveryOneDayShort: 15
        case .failedThenPassed: 25
        case .unapprovedProvider: 20
        case .futureTraining: 8
        case .unknownExam: 8
        case .unknownDomain: 7
        case .reversedPeriod: 7
        case .continuingEducationShort: 20
        }
    }

    static func draw(_ random: inout SeededRandom) -> Scenario {
        var roll = random.int(0...(allCases.reduce(0) { $0 + $1.weight } - 1))
        for scenario in allCases {
            if roll < scenario.weight { return scenario }
            roll -= scenario.weight
        }
        return .holder
    }
}

/// One synthetic worker with all their rows, generated from the rule book so the evidence matches
/// (or, by design, just misses) the requirements in force.
struct SyntheticWorker {
    struct Certification {
        var key: CredentialKey; var status: String; var applied: Day; var issued: Day?; var expires: Day?; var number: String
        var level: String?; var endorsements: [String]
    }
    struct Education { var level: String; var completed: Day; var credits: Hours? = nil }
    /// A pending request to have a held credential (by its place in `certifications`) recognised elsewhere.
    struct Transfer { var certification: Int; var target: CredentialKey; var requested: Day }
    /// One job, with the worker's employer, still under way.
    struct Job { var started: Day; var peerWork: Bool }
    struct ContinuingEducation { var hours: Hours; var topic: String; var completed: Day; var provider: String? = nil }
    struct Ethics { var state: String; var signed: Day }
    struct Background { var kind: String; var result: String; var completed: Day }
    struct Attestation { var kind: String; var attested: Day; var since: Day? }
    struct Training { var provider: Int?; var hours: Hours; var domain: String; var mode: String; var completed: Day }
    struct Exam { var code: String; var score: Hours?; var passed: Bool; var taken: Day }
    struct Supervised { var supervisor: Int; var work: Hours; var supervision: Hours; var start: Day; var end: Day }

    var id: Int
    var name: String
    var birth: Day
    var state: String
    var certifications: [Certification] = []
    var attestations: [Attestation] = []
    var training: [Training] = []
    var exams: [Exam] = []
    var supervised: [Supervised] = []
    var education: [Education] = []
    var continuingEducation: [ContinuingEducation] = []
    var ethics: [Ethics] = []
    var background: [Background] = []
    var jobs: [Job] = []
    var transfers: [Transfer] = []
    var administrator: Int
    var employer: Int

    /// The worker as the engine sees it. Each row's id is the worker's id times 1,000 plus its place,
    /// so the seeder writes, and the reader gives back, exactly these records (a round-trip test checks).
    var record: WorkerRecord {
        func rowID(_ index: Int) -> Int { id * 1_000 + index + 1 }
        var record = WorkerRecord(id: id, name: name, birthDate: birth, residenceState: state, workState: state)
        record.attestations = attestations.enumerated().map {
            LivedExperienceAttestation(id: rowID($0), kind: $1.kind, attestedOn: $1.attested, recoverySince: $1.since)
        }
        record.training = training.enumerated().map {
            TrainingRecord(id: rowID($0), providerID: $1.provider, hours: $1.hours, domain: $1.domain, deliveryMode: $1.mode, completedOn: $1.completed)
        }
        record.exams = exams.enumerated().map { ExamRecord(id: rowID($0), examCode: $1.code, score: $1.score, passed: $1.passed, takenOn: $1.taken) }
        record.supervised = supervised.enumerated().map {
            SupervisedExperienceRecord(id: rowID($0), supervisorID: $1.supervisor, workHours: $1.work, supervisionHours: $1.supervision,
                                       periodStart: $1.start, periodEnd: $1.end)
        }
        record.certifications = certifications.enumerated().map {
            CertificationRecord(id: rowID($0), key: $1.key, number: $1.number, level: $1.level, endorsements: $1.endorsements, status: $1.status,
                                appliedOn: $1.applied, issuedOn: $1.issued, expiresOn: $1.expires)
        }
        record.education = education.enumerated().map { EducationRecord(id: rowID($0), level: $1.level, credits: $1.credits, completedOn: $1.completed) }
        record.transferRequests = transfers.enumerated().map {
            TransferRequest(id: rowID($0), certificationID: rowID($1.certification), target: $1.target, requestedOn: $1.requested, status: "pending")
        }
        record.employment = jobs.enumerated().map {
            EmploymentRecord(id: rowID($0), employerID: employer, startedOn: $1.started, endedOn: nil, peerWork: $1.peerWork)
        }
        record.continuingEducation = continuingEducation.enumerated().map {
            ContinuingEducationRecord(id: rowID($0), hours: $1.hours, topic: $1.topic, completedOn: $1.completed, provider: $1.provider)
        }
        record.ethics = ethics.enumerated().map { EthicsAttestation(id: rowID($0), state: $1.state, signedOn: $1.signed) }
        record.backgroundChecks = background.enumerated().map {
            BackgroundCheckRecord(id: rowID($0), kind: $1.kind, result: $1.result, completedOn: $1.completed)
        }
        return record
    }

    static let firstNames = ["Alex", "Jordan", "Sam", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn", "Dana", "Rosa",
                             "Malik", "Chen", "Priya", "José", "Aoife", "Zoë", "Nkechi", "Dmitri"]
    static let lastNames = ["Rivera", "Nguyen", "Smith", "O'Brien", "Okafor", "Kowalski", "Haddad", "García", "Johnson", "Lee",
                            "Patel", "Williams", "Brown", "Novak", "Martin", "Kim", "Davis", "Müller", "Yamamoto", "Clark"]

    /// Providers 1...16 are approved by every state with rules; 17...20 by none.
    static let approvedProviders = 1...16
    static let unapprovedProviders = 17...20
    static let supervisorCount = 50

    init(id: Int, seed: UInt64, book: RuleBook, asOf: Day, administrators: Int, employers: Int) {
        var random = SeededRandom(seed: seed &* 0x100_0000_01B3 ^ UInt64(id) &* 0x9E37_79B9)
        self.id = id
        name = "\(random.pick(Self.firstNames)) \(random.pick(Self.lastNames))"
        birth = asOf.adding(days: -random.int(19 * 365...66 * 365))
        administrator = random.int(1...administrators)
        employer = random.int(1...employers)
        jobs = [Job(started: asOf.adding(days: -400), peerWork: true)]
        let keys = book.credentials.keys.sorted()
        guard !keys.isEmpty else {
            state = "PA"
            return
        }
        let first = random.pick(keys)
        state = first.state

        // The first workers show every scenario once, so any population of at least that many has them all.
        let scenario = id <= Scenario.allCases.count ? Scenario.allCases[id - 1] : Scenario.draw(&random)
        var held = [first]
        if scenario == .twoStates, let second = keys.filter({ $0 != first }).randomElement(using: &random) { held.append(second) }
        for key in held {
            addCredential(key, scenario: scenario, book: book, asOf: asOf, random: &random)
        }
        // One worker in 50 asks to have their first credential recognised elsewhere: a member of an
        // agreement asks another member, anyone else any other credential (drawn without `random`,
        // so the rest of the population stays as it was).
        if id % 50 == 7, let index = certifications.indices.first {
            let home = certifications[index].key
            let partners = book.reciprocity.filter { $0.members.contains(home) }.flatMap(\.members).filter { $0 != home }
            let choices = partners.isEmpty ? keys.filter { $0 != home } : partners
            if !choices.isEmpty {
                transfers.append(Transfer(certification: index, target: choices[(id / 50) % choices.count], requested: asOf.adding(days: -(id % 30))))
            }
        }
    }

    private mutating func addCredential(_ key: CredentialKey, scenario: Scenario, book: RuleBook, asOf: Day, random: inout SeededRandom) {
        let applicant = scenario == .applicantReady || scenario == .applicantIncomplete
        var issued = asOf.adding(days: -random.int(60...1300))
        var expires = issued.adding(months: 24)
        while expires < asOf.adding(days: 120) { expires = expires.adding(months: 24) }
        var status = "active"
        switch scenario {
        case .expiringSoon: expires = asOf.adding(days: random.int(1...89))
        case .lapsed: expires = asOf.adding(days: -random.int(1...min(200, asOf - issued)))
        case .expiredStatus: status = "expired"; expires = asOf.adding(days: -random.int(1...min(400, asOf - issued)))
        case .suspended: status = "suspended"
        case .revoked: status = "revoked"
        default: break
        }
        guard let rules = book.credentials[key] else { return }
        // Applicants apply for the first level; holders mostly hold the last (a provisional level ends within its term).
        var level = rules.levels.isEmpty ? nil : (applicant ? rules.levels.first : rules.levels.last)
        if !applicant, let first = rules.levels.first, let term = first.termMonths, random.chance(15) {
            // A provisional certificate issued inside its term.
            level = first
            issued = asOf.adding(days: -random.int(10...max(11, term * 30 - 10)))
            expires = issued.adding(months: term)
        }
        let reference = applicant ? asOf : issued
        let number = "\(key.state)-\(key.credential)-\(100_000 + id)"
        guard let (version, initial) = book.requirements(of: rules, on: reference) else { return }
        let endorsements = version.endorsements.isEmpty ? [] : [random.pick(version.endorsements)]
        certifications.append(applicant
            ? Certification(key: key, status: "applied", applied: asOf.adding(days: -random.int(5...60)), issued: nil, expires: nil, number: number,
                            level: level?.id, endorsements: endorsements.map(\.id))
            : Certification(key: key, status: status, applied: issued.adding(days: -random.int(20...90)), issued: issued, expires: expires, number: number,
                            level: level?.id, endorsements: endorsements.map(\.id)))
        let applicable = (initial + endorsements.flatMap(\.requirements)).filter { requirement in
            !requirement.isRenewal && (requirement.levels.isEmpty || level.map { requirement.levels.contains($0.id) } ?? true)
        }
        for requirement in applicable {
            // An incomplete application misses one requirement outright.
            if scenario == .applicantIncomplete, random.chance(40) { continue }
            addEvidence(for: requirement.spec, state: key.state, scenario: scenario, reference: reference, asOf: asOf,
                        catalog: book.catalog, random: &random)
        }
        // Whatever the credential asks for: many have no exam, and a legacy import may still hold one nobody knows.
        if scenario == .unknownExam {
            exams.append(Exam(code: "XX-PEER", score: Hours(80), passed: true, taken: reference.adding(days: -random.int(10...300))))
        }
        guard !applicant, let current = book.requirements(of: rules, on: asOf)?.requirements else { return }
        for requirement in current where requirement.isRenewal {
            addRenewalEvidence(for: requirement.spec, scenario: scenario, issued: issued, asOf: asOf, random: &random)
        }
        // Re-checked at renewal: signed (or checked) again recently.
        for requirement in current where requirement.atRenewal {
            addEvidence(for: requirement.spec, state: key.state, scenario: scenario, reference: asOf, asOf: asOf, catalog: book.catalog, random: &random)
        }
    }

    /// Renewal evidence: one batch in the middle of every cycle since the issue date.
    private mutating func addRenewalEvidence(for spec: RequirementSpec, scenario: Scenario, issued: Day, asOf: Day, random: inout SeededRandom) {
        switch spec {
        case .continuingEducation(let rule):
            var start = issued
            while start.adding(months: rule.cycleMonths / 2) <= asOf {
                let day = start.adding(months: rule.cycleMonths / 2).adding(days: -random.int(0...20))
                var rest = rule.totalHours
                for minimum in rule.topicMinimums {
                    continuingEducation.append(ContinuingEducation(hours: minimum.hours, topic: minimum.topic, completed: day))
                    rest = rest - minimum.hours
                }
                for periodic in rule.periodicTopics {
                    continuingEducation.append(ContinuingEducation(hours: periodic.hours, topic: periodic.topic, completed: day))
                }
                // Sponsored hours and counted trainings come out of the general hours.
                for sponsor in rule.sponsorMinimums where rest >= sponsor.hours {
                    continuingEducation.append(ContinuingEducation(hours: sponsor.hours, topic: "general", completed: day, provider: sponsor.sponsor))
                    rest = rest - sponsor.hours
                }
                for course in rule.courseMinimums where !rule.topicMinimums.contains(where: { $0.topic == course.topic }) {
                    for _ in 0..<course.count where rest >= Hours(1) {
                        continuingEducation.append(ContinuingEducation(hours: Hours(1), topic: course.topic, completed: day))
                        rest = rest - Hours(1)
                    }
                }
                if scenario == .continuingEducationShort { rest = rest - Hours(2) }
                if rest > .zero {
                    continuingEducation.append(ContinuingEducation(hours: rest, topic: "general", completed: day))
                }
                start = start.adding(months: rule.cycleMonths)
            }
        case .serviceHours(let rule):
            var start = issued
            while start.adding(months: rule.cycleMonths / 2) <= asOf {
                let end = start.adding(months: rule.cycleMonths / 2)
                supervised.append(Supervised(supervisor: random.int(1...50), work: rule.workHours + Hours(random.int(0...30)),
                                             supervision: rule.supervisionHours, start: end.adding(months: -3), end: end))
                start = start.adding(months: rule.cycleMonths)
            }
        default: break
        }
    }

    /// Supervisors 1...50 hold the catalog's supervisor credentials in turn.
    static func supervisorCredential(_ supervisor: Int, catalog: Catalog) -> String {
        let codes = catalog.supervisorCredentials.keys.sorted()
        return codes.isEmpty ? "CPRS" : codes[(supervisor - 1) % codes.count]
    }

    /// A supervisor holding one of `credentials` (any supervisor when the list is empty).
    static func supervisor(holding credentials: [String], catalog: Catalog, random: inout SeededRandom) -> Int {
        let candidates = (1...supervisorCount).filter { credentials.isEmpty || credentials.contains(supervisorCredential($0, catalog: catalog)) }
        return candidates.isEmpty ? random.int(1...50) : random.pick(candidates)
    }

    private mutating func addEvidence(for spec: RequirementSpec, state: String, scenario: Scenario, reference: Day, asOf: Day,
                                      catalog: Catalog, random: inout SeededRandom) {
        let exact = scenario == .exactlyMinimum
        switch spec {
        case .age(let rule):
            // Born so the worker is inside the bounds on the judged day.
            let low = rule.minimumYears ?? 18
            let high = max(low, (rule.maximumYears ?? 66) - 1)
            birth = reference.adding(months: -12 * random.int(low...high) - random.int(1...11))
        case .residency(let rule):
            self.state = rule.states.first ?? self.state
        case .education(let rule):
            if let level = rule.acceptedLevels.first {
                education.append(Education(level: level.rawValue, completed: birth.adding(months: 12 * 18)))
            } else {
                education.append(Education(level: "college_credits", completed: reference.adding(days: -random.int(30...300)), credits: rule.orCollegeCredits))
            }
        case .workExperience(let rule):
            // The one job, started long enough ago (and recorded as peer work).
            let started = reference.adding(months: -(rule.months + (exact ? 0 : random.int(1...12))))
            jobs[0].started = min(jobs[0].started, started)
        case .oneOf(let alternatives):
            for requirement in random.pick(alternatives.paths).requirements {
                addEvidence(for: requirement.spec, state: state, scenario: scenario, reference: reference, asOf: asOf, catalog: catalog, random: &random)
            }
        case .ethics:
            ethics.append(Ethics(state: state, signed: reference.adding(days: -random.int(1...60))))
        case .backgroundCheck(let rule):
            for check in rule.checks {
                background.append(Background(kind: check.rawValue, result: "clear", completed: reference.adding(days: -random.int(1...90))))
            }
        case .continuingEducation, .serviceHours:
            break
        case .livedExperience(let rule):
            let kind = random.pick(rule.acceptedKinds)
            let minimum = rule.minimumMonthsInRecovery ?? 0
            var since = reference.adding(months: -(minimum + (exact ? 0 : random.int(1...120))))
            if scenario == .recoveryOneDayShort { since = reference.adding(months: -minimum).adding(days: 1) }
            attestations.append(Attestation(kind: kind.rawValue, attested: reference.adding(days: -random.int(1...60)), since: since))
        case .training(let rule):
            let window = rule.windowMonths.map { min($0, 36) } ?? 36
            func day() -> Day { reference.adding(days: -random.int(1...(window * 28))) }
            func provider() -> Int { random.int(Self.approvedProviders) }
            var remaining = rule.totalHours
            for minimum in rule.domainMinimums {
                training.append(Training(provider: provider(), hours: minimum.hours, domain: minimum.domain, mode: "classroom", completed: day()))
                remaining = remaining - minimum.hours
            }
            let extra = exact ? Hours.zero : Hours(random.int(0...12))
            if scenario == .oneHourShort { remaining = remaining - Hours(1) }
            let core = remaining + extra
            if core > .zero {
                training.append(Training(provider: provider(), hours: core, domain: "peer_support_core",
                                         mode: rule.allowedModes.isEmpty && rule.maxOnlineHours == nil
                                             ? random.pick(["classroom", "live_online"]) : (rule.allowedModes.first?.rawValue ?? "classroom"),
                                         completed: day()))
            }
            if scenario == .unapprovedProvider {
                // Extra hours from an unapproved provider do not count; the worker ends up short.
                let moved = Hours(8)
                if let index = training.indices.last, training[index].hours > moved {
                    training[index].hours = training[index].hours - moved
                    training.append(Training(provider: random.int(Self.unapprovedProviders), hours: moved, domain: "peer_support_core",
                                             mode: "self_paced_online", completed: day()))
                }
            }
            if scenario == .futureTraining {
                training.append(Training(provider: provider(), hours: Hours(6), domain: "peer_support_core", mode: "classroom",
                                         completed: asOf.adding(days: random.int(10...200))))
            }
            if scenario == .unknownDomain {
                training.append(Training(provider: provider(), hours: Hours(3), domain: "lunch_and_learn", mode: "in_service", completed: day()))
            }
        case .exam(let rule):
            let code = random.pick(rule.acceptedExams)
            let taken = reference.adding(days: -random.int(10...300))
            if scenario == .failedThenPassed {
                exams.append(Exam(code: code, score: Hours(random.int(45...65)), passed: false, taken: taken.adding(days: -random.int(30...120))))
            }
            let passMark = rule.minimumScore.map { Int(($0.hundredths + 99) / 100) } ?? 70
            exams.append(Exam(code: code, score: Hours(random.int(min(passMark, 98)...98)), passed: true, taken: taken))
        case .supervisedExperience(let rule):
            let window = rule.windowMonths ?? 24
            let end = reference.adding(days: -random.int(1...min(90, window * 20)))
            let start = end.adding(months: -min(window - 1, 10))
            let work = exact ? rule.workHours : rule.workHours + Hours(random.int(0...200))
            let supervision = exact ? rule.supervisionHours : rule.supervisionHours + Hours(random.int(0...10))
            let supervisor = Self.supervisor(holding: rule.supervisorCredentials, catalog: catalog, random: &random)
            supervised.append(scenario == .reversedPeriod
                ? Supervised(supervisor: supervisor, work: work, supervision: supervision, start: end, end: start)
                : Supervised(supervisor: supervisor, work: work, supervision: supervision, start: start, end: end))
        }
    }
}

extension Array {
    func randomElement(using random: inout SeededRandom) -> Element? {
        isEmpty ? nil : self[random.int(0...count - 1)]
    }
}

/// The synthetic population `peercert seed` writes: a function of the seed, the rules and the date.
public struct SyntheticPopulation: WorkerPopulation {
    public let seed: UInt64
    public let book: RuleBook
    public let asOf: Day
    public let providers = 20
    public let approvedProviders = SyntheticWorker.approvedProviders
    public let supervisors = SyntheticWorker.supervisorCount
    public let employers = 30
    /// Each worker is assigned one, at random (40 unless asked: scripts/bench's mail figure uses 10,000).
    public let administrators: Int

    public init(seed: UInt64, book: RuleBook, asOf: Day, administrators: Int = 40) {
        self.seed = seed
        self.book = book
        self.asOf = asOf
        self.administrators = max(1, administrators)
    }

    public func supervisorCredential(_ supervisor: Int) -> String {
        SyntheticWorker.supervisorCredential(supervisor, catalog: book.catalog)
    }

    public func member(_ id: Int) -> PopulationMember {
        let worker = SyntheticWorker(id: id, seed: seed, book: book, asOf: asOf, administrators: administrators, employers: employers)
        return PopulationMember(record: worker.record, name: worker.name, administrator: worker.administrator, employer: worker.employer)
    }
}
