/// Everything loaded from a rules directory, validated and ready to evaluate against.
public struct RuleBook: Sendable {
    public let catalog: Catalog
    public let credentials: [CredentialKey: CredentialRules]
    /// Shared definitions (the IC&RC Peer Recovery credential) that state files extend, by name.
    public let shared: [String: CredentialRules]
    public let reciprocity: [ReciprocityAgreement]
    /// Jurisdictions with no credential file because every fact about them is unknown
    /// (`rules/<ST>/jurisdiction.yaml`), so a comparison shows them as unknown, not absent.
    public let unknownJurisdictions: [UnknownJurisdiction]
    /// Every file read, with its SHA-256, for the run receipt.
    public let files: [RuleFileDigest]
    /// Each credential's requirements merged once, at load, for every span of days in which
    /// neither its own version nor its shared definition's changes: evaluation only looks them up.
    public let plans: [CredentialKey: [RequirementPlan]]

    public init(catalog: Catalog, credentials: [CredentialKey: CredentialRules], shared: [String: CredentialRules] = [:],
                reciprocity: [ReciprocityAgreement] = [], unknownJurisdictions: [UnknownJurisdiction] = [], files: [RuleFileDigest]) {
        self.catalog = catalog
        self.unknownJurisdictions = unknownJurisdictions
        self.credentials = credentials
        self.shared = shared
        self.reciprocity = reciprocity
        self.files = files
        plans = credentials.mapValues { RequirementPlan.compile($0, shared: shared) }
    }

    /// The requirements in force on `day` for a credential: the shared definition's first (when
    /// the file extends one), replaced by the state's own of the same id, then the state's others.
    public func requirements(of rules: CredentialRules, on day: Day) -> (version: RuleVersion, requirements: [Requirement])? {
        guard let plans = plans[rules.key] else { return RequirementPlan.merge(rules, shared: shared, on: day) }
        return plans.last { $0.from <= day && ($0.until.map { day <= $0 } ?? true) }.map { ($0.version, $0.requirements) }
    }

    /// One digest over all files (their paths and contents), identifying the rule set of a run.
    public var digest: String {
        SHA256.hex(Array(files.map { "\($0.path) \($0.sha256)\n" }.joined().utf8))
    }

    /// The citations a requirement gives, from the file it was written in (the credential's own,
    /// or its shared definition's); nil where an id names no citation.
    public func citations(of requirement: Requirement, in rules: CredentialRules) -> [(id: String, citation: SourceCitation?)] {
        let base = rules.extends.flatMap { shared[$0] }
        let file = base?.file == requirement.location.file ? base! : rules
        return requirement.sources.map { ($0, file.sources[$0]) }
    }

    /// The agreement under which `target`'s board recognises `home`, if any.
    public func agreement(from home: CredentialKey, to target: CredentialKey) -> ReciprocityAgreement? {
        guard home != target else { return nil }
        return reciprocity.first { agreement in
            switch agreement.kind {
            case .icrc, .bilateral: agreement.members.contains(home) && agreement.members.contains(target)
            case .stateReview: agreement.to == target
            }
        }
    }

    /// Every rule file's `sources:` by file path, sorted: what a finding's source ids resolve against.
    public var citationsByFile: [(file: String, sources: [SourceCitation])] {
        (Array(credentials.values) + Array(shared.values))
            .map { ($0.file, $0.sources.values.sorted { $0.id < $1.id }) }
            .sorted { $0.file < $1.file }
    }
}

/// A jurisdiction about which nothing that could be encoded is known: its stub says what was
/// searched and found, with sources, and why no credential file exists.
public struct UnknownJurisdiction: Sendable {
    public let state: String
    public let name: String
    public let notes: String
    public let sources: [SourceCitation]
    public let file: String
}

/// A credential's requirements for the days `from` through `until` (nil: open-ended).
public struct RequirementPlan: Sendable {
    public let from: Day
    public let until: Day?
    public let version: RuleVersion
    public let requirements: [Requirement]

    /// The plans of a credential: one per span between the boundaries of its versions and its
    /// shared definition's (the merge is the same on every day of a span).
    static func compile(_ rules: CredentialRules, shared: [String: CredentialRules]) -> [RequirementPlan] {
        let versions = rules.versions + (rules.extends.flatMap { shared[$0]?.versions } ?? [])
        let starts = Set(versions.flatMap { [$0.validFrom] + ($0.validUntil.map { [$0.adding(days: 1)] } ?? []) }).sorted()
        return starts.indices.compactMap { index in
            guard let merged = merge(rules, shared: shared, on: starts[index]) else { return nil }
            let until = index + 1 < starts.count ? starts[index + 1].adding(days: -1) : nil
            return RequirementPlan(from: starts[index], until: until, version: merged.version, requirements: merged.requirements)
        }
    }

    static func merge(_ rules: CredentialRules, shared: [String: CredentialRules], on day: Day) -> (version: RuleVersion, requirements: [Requirement])? {
        guard let version = rules.version(on: day) else { return nil }
        guard let name = rules.extends else { return (version, version.requirements) }
        // A member whose shared definition has no version that day cannot be judged: never drop its requirements silently.
        guard let base = shared[name]?.version(on: day) else { return nil }
        let own = Dictionary(version.requirements.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var merged = base.requirements.filter { !version.removes.contains($0.id) }.map { own[$0.id] ?? $0 }
        let inherited = Set(merged.map(\.id))
        merged += version.requirements.filter { !inherited.contains($0.id) }
        return (version, merged)
    }
}

public struct RuleFileDigest: Sendable, Hashable {
    public let path: String
    public let sha256: String
}

/// A credential of a state, e.g. PA/CPS.
public struct CredentialKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let state: String
    public let credential: String
    public init(state: String, credential: String) {
        self.state = state
        self.credential = credential
    }
    public var description: String { "\(state)/\(credential)" }
    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.state, lhs.credential) < (rhs.state, rhs.credential) }
}

/// Where something was written in a rule file, for messages and for findings.
public struct RuleLocation: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// One credential of one state (or a shared definition) with its effective-dated versions.
/// A class, not a struct: immutable once loaded, and looked up for every credential of every
/// worker; a reference is handed on with one retain instead of one for each of its fields.
public final class CredentialRules: Sendable {
    public let key: CredentialKey
    public let name: String
    public let board: String
    public let file: String
    /// The shared definition this credential builds on, e.g. "ICRC-PR".
    public let extends: String?
    public let sources: [String: SourceCitation]
    public let levels: [CertificateLevel]
    /// Sorted by `validFrom`, never overlapping.
    public let versions: [RuleVersion]

    public init(key: CredentialKey, name: String, board: String, file: String, extends: String? = nil,
                sources: [String: SourceCitation] = [:], levels: [CertificateLevel] = [], versions: [RuleVersion]) {
        self.key = key
        self.name = name
        self.board = board
        self.file = file
        self.extends = extends
        self.sources = sources
        self.levels = levels
        self.versions = versions
    }

    /// Every requirement id the file defines, in any version (its own, not a shared definition's).
    public var requirementIDs: Set<String> { Set(versions.flatMap { $0.requirements.map(\.id) }) }

    /// The version in force on `day`, or nil when none is.
    public func version(on day: Day) -> RuleVersion? {
        versions.last { $0.validFrom <= day && ($0.validUntil.map { day <= $0 } ?? true) }
    }
}

public struct SourceCitation: Sendable {
    /// V: seen in a primary source; S: seen in a secondary one. Unverified facts are not encoded.
    public enum Status: String, Sendable { case verified = "V", secondary = "S" }
    public let id: String
    public let title: String
    public let url: String
    public let status: Status
}

/// A class for the same reason as `CredentialRules`.
public final class RuleVersion: Sendable {
    public let validFrom: Day
    public let validUntil: Day?
    public let location: RuleLocation
    public let requirements: [Requirement]
    /// Requirement ids of the shared definition this version drops.
    public let removes: [String]
    public let endorsements: [Endorsement]

    public init(validFrom: Day, validUntil: Day?, location: RuleLocation, requirements: [Requirement],
                removes: [String] = [], endorsements: [Endorsement] = []) {
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.location = location
        self.requirements = requirements
        self.removes = removes
        self.endorsements = endorsements
    }
}

/// A certificate level, e.g. a provisional certificate that lapses after a term.
public struct CertificateLevel: Sendable {
    public let id: String
    public let termMonths: Int?
    public let extensions: Int
    public let extensionMonths: Int?
    public let location: RuleLocation

    public init(id: String, termMonths: Int? = nil, extensions: Int = 0, extensionMonths: Int? = nil, location: RuleLocation) {
        self.id = id
        self.termMonths = termMonths
        self.extensions = extensions
        self.extensionMonths = extensionMonths
        self.location = location
    }

    /// The longest a certificate of this level may run from its issue date, in months.
    public var maximumMonths: Int? { termMonths.map { $0 + extensions * (extensionMonths ?? 0) } }
}

/// Extra requirements for an endorsement a certification carries (youth, family, veteran, …).
public struct Endorsement: Sendable {
    public let id: String
    public let name: String
    public let requirements: [Requirement]

    public init(id: String, name: String, requirements: [Requirement]) {
        self.id = id
        self.name = name
        self.requirements = requirements
    }
}

/// How a state requirement compares with the SAMHSA model standard it maps to.
/// How a requirement compares with the model standard it maps to; `unknown` where the standard's
/// own recommendation is not known (the references could not read it), so no comparison is claimed.
public enum Alignment: String, Sendable, CaseIterable { case aligns, stricter, looser, absent, unknown }

/// A class, not a struct: every credential judged hands its requirements around (filtered by
/// level, paired with endorsement prefixes, attached to findings); a reference is one retain.
public final class Requirement: Sendable {
    public let id: String
    public let spec: RequirementSpec
    public let standard: String
    public let alignment: Alignment
    public let sources: [String]
    /// Before this day a miss is a warning, not a failure.
    public let phaseIn: Day?
    /// Level ids this requirement applies to; empty means every level.
    public let levels: [String]
    /// Checked again at each renewal (`at_renewal: true`): an applicant meets it like any initial
    /// requirement; a holder must meet it on the as-of date, within its `within_months`.
    public let atRenewal: Bool
    /// Checked only at renewal (`at_renewal: only`): the board asks holders, not applicants.
    public let renewalOnly: Bool
    public let location: RuleLocation
    /// The id as a JSON string, quotes included, made once: results and reports write every
    /// requirement's id for every credential.
    public let quotedID: [UInt8]

    public var kind: RequirementKind { spec.kind }

    public init(id: String, spec: RequirementSpec, standard: String, alignment: Alignment, sources: [String],
                phaseIn: Day? = nil, levels: [String] = [], atRenewal: Bool = false, renewalOnly: Bool = false, location: RuleLocation) {
        self.id = id
        self.spec = spec
        self.standard = standard
        self.alignment = alignment
        self.sources = sources
        self.phaseIn = phaseIn
        self.levels = levels
        self.atRenewal = atRenewal || renewalOnly
        self.renewalOnly = renewalOnly
        self.location = location
        var quoted: [UInt8] = []
        JSONText.appendString(id, to: &quoted)
        quotedID = quoted
    }

    /// Renewal requirements are judged on the as-of date, initial ones on the issue date.
    public var isRenewal: Bool { kind.isRenewal || renewalOnly }

    /// Judged on the as-of date for a holder: renewal requirements and those checked again at renewal.
    public var isJudgedAtRenewal: Bool { isRenewal || atRenewal }
}

/// The closed set of requirement kinds. Kinds this version cannot evaluate yet are rejected on load,
/// never ignored.
public enum RequirementKind: String, Sendable, CaseIterable {
    case age
    case residency
    case education
    case livedExperience = "lived_experience"
    case training
    case exam
    case supervisedExperience = "supervised_experience"
    case ethics
    case backgroundCheck = "background_check"
    case continuingEducation = "continuing_education"
    case serviceHours = "service_hours"
    case workExperience = "work_experience"
    case oneOf = "one_of"

    /// Judged each renewal cycle on the as-of date, not once at certification. Every kind has its
    /// answer here, so a new kind does not compile until it is given one.
    public var isRenewal: Bool {
        switch self {
        case .continuingEducation, .serviceHours: true
        case .age, .residency, .education, .livedExperience, .training, .exam, .supervisedExperience, .ethics, .backgroundCheck,
             .workExperience, .oneOf: false
        }
    }
}

public enum RequirementSpec: Sendable {
    case age(AgeRule)
    case residency(ResidencyRule)
    case education(EducationRule)
    case livedExperience(LivedExperienceRule)
    case training(TrainingRule)
    case exam(ExamRule)
    case supervisedExperience(SupervisedExperienceRule)
    case ethics(EthicsRule)
    case backgroundCheck(BackgroundCheckRule)
    case continuingEducation(ContinuingEducationRule)
    case serviceHours(ServiceHoursRule)
    case workExperience(WorkExperienceRule)
    case oneOf(AlternativePaths)

    public var kind: RequirementKind {
        switch self {
        case .age: .age
        case .residency: .residency
        case .education: .education
        case .livedExperience: .livedExperience
        case .training: .training
        case .exam: .exam
        case .supervisedExperience: .supervisedExperience
        case .ethics: .ethics
        case .backgroundCheck: .backgroundCheck
        case .continuingEducation: .continuingEducation
        case .serviceHours: .serviceHours
        case .workExperience: .workExperience
        case .oneOf: .oneOf
        }
    }
}

public struct AgeRule: Sendable {
    public let minimumYears: Int?
    public let maximumYears: Int?
}

public struct ResidencyRule: Sendable {
    public enum Basis: String, Sendable, CaseIterable { case liveOrWork = "live_or_work", live, work }
    public let states: [String]
    public let basis: Basis
}

public enum EducationLevel: String, Sendable, CaseIterable {
    case highSchool = "high_school", ged, associate, bachelor, master, doctorate

    /// A diploma and its equivalent rank together; every degree rises above both.
    public var rank: Int {
        switch self {
        case .highSchool, .ged: 0
        case .associate: 1
        case .bachelor: 2
        case .master: 3
        case .doctorate: 4
        }
    }

    /// Whether holding `self` satisfies a requirement that accepts `accepted`: a level of the same
    /// rank or above (a bachelor's degree satisfies "high school or GED"; so does a diploma "GED").
    public func satisfies(_ accepted: [EducationLevel]) -> Bool {
        accepted.contains { rank >= $0.rank }
    }
}

public struct EducationRule: Sendable {
    /// Empty when only college credits count (an alternative path of credits alone).
    public let acceptedLevels: [EducationLevel]
    /// College credits that are accepted instead of one of the levels.
    public let orCollegeCredits: Hours?
    /// Only credits completed within this many months before the judged day count.
    public var creditsWithinMonths: Int? = nil
}

/// Time employed, from the employment records: at least `months` of it (overlapping jobs count
/// once), within the last `withinMonths` before the judged day when set.
public struct WorkExperienceRule: Sendable {
    public let months: Int
    public let withinMonths: Int?
    /// Only employment recorded as peer work counts (a record that does not say is not counted).
    public let peerWorkOnly: Bool

    public init(months: Int, withinMonths: Int? = nil, peerWorkOnly: Bool = false) {
        self.months = months
        self.withinMonths = withinMonths
        self.peerWorkOnly = peerWorkOnly
    }
}

/// Alternative groups of requirements: met when every requirement of one path is met.
public struct AlternativePaths: Sendable {
    public let paths: [RequirementPath]
    public init(paths: [RequirementPath]) { self.paths = paths }
}

/// One way to qualify: its requirements are initial ones, judged like the credential's own.
public struct RequirementPath: Sendable {
    public let id: String
    public let description: String
    public let requirements: [Requirement]
    public init(id: String, description: String, requirements: [Requirement]) {
        self.id = id
        self.description = description
        self.requirements = requirements
    }
}

public struct EthicsRule: Sendable {
    public let signedCode: Bool
    public let withinMonths: Int?
}

public enum BackgroundCheckKind: String, Sendable, CaseIterable { case state, fbi, registry }

public struct BackgroundCheckRule: Sendable {
    public enum Disqualifying: String, Sendable, CaseIterable { case blocks, review }
    public let checks: [BackgroundCheckKind]
    public let withinMonths: Int?
    public let disqualifying: Disqualifying
}

/// How renewal cycles are laid out in time.
public enum CycleAnchor: String, Sendable, CaseIterable {
    /// Cycles start on the issue date.
    case issueDate = "issue_date"
    /// Cycles start on January 1.
    case calendarYear = "calendar_year"
    /// Cycles start on the worker's birthday.
    case birthday
    /// Cycles start on the first day of the issue month.
    case issueMonth = "issue_month"
}

public struct TopicMinimum: Sendable {
    public let topic: String
    public let hours: Hours
}

public struct PeriodicTopic: Sendable {
    public let topic: String
    public let hours: Hours
    /// Once every this many cycles.
    public let everyCycles: Int
}

public struct ContinuingEducationRule: Sendable {
    public let cycleMonths: Int
    public let anchor: CycleAnchor
    public let totalHours: Hours
    public let topicMinimums: [TopicMinimum]
    public let periodicTopics: [PeriodicTopic]
    /// Hours beyond the minimum that count toward the next cycle (0: no carry-over).
    public let carryOverHours: Hours
    /// Hours each cycle that must come from a named sponsor (the CE record's provider).
    public var sponsorMinimums: [SponsorMinimum] = []
    /// A number of trainings (CE records) on a topic each cycle, whatever their hours.
    public var courseMinimums: [CourseMinimum] = []
}

public struct SponsorMinimum: Sendable {
    public let sponsor: String
    public let hours: Hours
}

public struct CourseMinimum: Sendable {
    public let topic: String
    public let count: Int
}

public struct ServiceHoursRule: Sendable {
    public let cycleMonths: Int
    public let anchor: CycleAnchor
    public let workHours: Hours
    public let supervisionHours: Hours
}

public enum LivedExperienceKind: String, Sendable, CaseIterable, Comparable {
    case mentalHealth = "mental_health"
    case substanceUse = "substance_use"
    case both
    case family
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public struct LivedExperienceRule: Sendable {
    public let acceptedKinds: [LivedExperienceKind]
    /// Calendar months since `recovery_since`; nil when the state sets no minimum.
    public let minimumMonthsInRecovery: Int?
}

public struct DomainMinimum: Sendable {
    public let domain: String
    public let hours: Hours
}

public enum DeliveryMode: String, Sendable, CaseIterable {
    case classroom
    case liveOnline = "live_online"
    case selfPacedOnline = "self_paced_online"
    case inService = "in_service"

    public var isOnline: Bool { self == .liveOnline || self == .selfPacedOnline }
}

public struct TrainingRule: Sendable {
    public let totalHours: Hours
    public let domainMinimums: [DomainMinimum]
    /// Only training completed within this many months before the judged day counts.
    public let windowMonths: Int?
    /// Only training from a provider the state approved on the completion date counts.
    public let approvedProvidersOnly: Bool
    /// Delivery modes that count (empty: all).
    public let allowedModes: [DeliveryMode]
    /// At most this many online hours count.
    public let maxOnlineHours: Hours?
    /// At most this many in-service hours count.
    public let maxInServiceHours: Hours?
    /// What a worker's hours are summed against, in order: the total, then each domain's minimum;
    /// and their names (the total's "total"). Built once, at load: every worker's training is tallied.
    public let minimums: [Hours]
    public let sumLabels: [String]

    public init(totalHours: Hours, domainMinimums: [DomainMinimum] = [], windowMonths: Int? = nil, approvedProvidersOnly: Bool = false,
                allowedModes: [DeliveryMode] = [], maxOnlineHours: Hours? = nil, maxInServiceHours: Hours? = nil) {
        self.totalHours = totalHours
        self.domainMinimums = domainMinimums
        minimums = [totalHours] + domainMinimums.map(\.hours)
        sumLabels = ["total"] + domainMinimums.map(\.domain)
        self.windowMonths = windowMonths
        self.approvedProvidersOnly = approvedProvidersOnly
        self.allowedModes = allowedModes
        self.maxOnlineHours = maxOnlineHours
        self.maxInServiceHours = maxInServiceHours
    }
}

public struct ExamRule: Sendable {
    public let acceptedExams: [String]
    /// Percent, when the state sets a pass mark (a record without a score then does not count);
    /// otherwise the record's `passed` decides.
    public let minimumScore: Hours?
    /// A pass must be at most this many months old on the judged day.
    public let validMonths: Int?
    /// A pass counts only if it came within this many attempts at the accepted exams.
    public let maxAttempts: Int?

    public init(acceptedExams: [String], minimumScore: Hours? = nil, validMonths: Int? = nil, maxAttempts: Int? = nil) {
        self.acceptedExams = acceptedExams
        self.minimumScore = minimumScore
        self.validMonths = validMonths
        self.maxAttempts = maxAttempts
    }
}

public struct SupervisedExperienceRule: Sendable {
    public let workHours: Hours
    public let supervisionHours: Hours
    /// Only periods that ended within this many months before the judged day count.
    public let windowMonths: Int?
    /// When set, only periods supervised by someone holding one of these credentials count.
    public let supervisorCredentials: [String]

    public init(workHours: Hours, supervisionHours: Hours, windowMonths: Int? = nil, supervisorCredentials: [String] = []) {
        self.workHours = workHours
        self.supervisionHours = supervisionHours
        self.windowMonths = windowMonths
        self.supervisorCredentials = supervisorCredentials
    }
}
