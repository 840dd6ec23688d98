/// Everything loaded from a rules directory, validated and ready to evaluate against.
public struct RuleBook: Sendable {
    public let catalog: Catalog
    public let credentials: [CredentialKey: CredentialRules]
    /// Every file read, with its SHA-256, for the run receipt.
    public let files: [RuleFileDigest]

    public init(catalog: Catalog, credentials: [CredentialKey: CredentialRules], files: [RuleFileDigest]) {
        self.catalog = catalog
        self.credentials = credentials
        self.files = files
    }

    /// One digest over all files (their paths and contents), identifying the rule set of a run.
    public var digest: String {
        SHA256.hex(Array(files.map { "\($0.path) \($0.sha256)\n" }.joined().utf8))
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

/// One credential of one state with its effective-dated versions.
public struct CredentialRules: Sendable {
    public let key: CredentialKey
    public let name: String
    public let board: String
    public let file: String
    public let sources: [String: SourceCitation]
    /// Sorted by `validFrom`, never overlapping.
    public let versions: [RuleVersion]

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

public struct RuleVersion: Sendable {
    public let validFrom: Day
    public let validUntil: Day?
    public let location: RuleLocation
    public let requirements: [Requirement]
}

/// How a state requirement compares with the SAMHSA model standard it maps to.
public enum Alignment: String, Sendable, CaseIterable { case aligns, stricter, looser, absent }

public struct Requirement: Sendable {
    public let id: String
    public let spec: RequirementSpec
    public let standard: String
    public let alignment: Alignment
    public let sources: [String]
    /// Before this day a miss is a warning, not a failure.
    public let phaseIn: Day?
    public let location: RuleLocation

    public var kind: RequirementKind { spec.kind }
}

/// The closed set of requirement kinds. Kinds this version cannot evaluate yet are rejected on load,
/// never ignored.
public enum RequirementKind: String, Sendable, CaseIterable {
    case livedExperience = "lived_experience"
    case training
    case exam
    case supervisedExperience = "supervised_experience"
}

public enum RequirementSpec: Sendable {
    case livedExperience(LivedExperienceRule)
    case training(TrainingRule)
    case exam(ExamRule)
    case supervisedExperience(SupervisedExperienceRule)

    public var kind: RequirementKind {
        switch self {
        case .livedExperience: .livedExperience
        case .training: .training
        case .exam: .exam
        case .supervisedExperience: .supervisedExperience
        }
    }
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

public struct TrainingRule: Sendable {
    public let totalHours: Hours
    public let domainMinimums: [DomainMinimum]
    /// Only training completed within this many months before the as-of date counts.
    public let windowMonths: Int?
    /// Only training from a provider the state approved on the completion date counts.
    public let approvedProvidersOnly: Bool
}

public struct ExamRule: Sendable {
    public let acceptedExams: [String]
    /// Percent, when the state sets a pass mark; otherwise the record's `passed` decides.
    public let minimumScore: Hours?
}

public struct SupervisedExperienceRule: Sendable {
    public let workHours: Hours
    public let supervisionHours: Hours
    /// Only periods that ended within this many months before the as-of date count.
    public let windowMonths: Int?
}
