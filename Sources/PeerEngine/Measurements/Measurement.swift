import PeerRules

/// What the engine measured for one finding, as values: the wording layer makes every sentence of
/// a finding (measured, reason, cure) from it, the requirement, the verdict and the shortfalls.
public enum Measurement: Sendable {
    // The engine's checks of the certificate and of the rules in force.
    case certificateStatus(CertificateStatus, certification: RecordRef)
    case certificatePeriod(CertificatePeriod, certification: RecordRef)
    /// A level the rules do not declare (nil: none recorded).
    case certificateLevel(recorded: String?, declared: [String], key: CredentialKey, certification: RecordRef)
    case levelTerm(CertificateLevel, issued: Day, expires: Day, lastAllowed: Day, certification: RecordRef)
    case noRuleVersion(NoRuleVersion)
    case unknownCredential(CredentialKey, certification: RecordRef)
    case unknownEndorsement(name: String, key: CredentialKey, versionFrom: Day, certification: RecordRef)
    case unreadableValue(UnreadableValue)

    // Requirements, by kind.
    /// Rows no requirement could judge: the verdict is a data error whatever else was on file.
    case unusableRecords([DataError])
    case age(AgeMeasurement)
    case residency(ResidencyMeasurement)
    case education(EducationMeasurement)
    case livedExperience(LivedExperienceMeasurement)
    case training(TrainingMeasurement)
    case exam(ExamMeasurement)
    case supervisedExperience(SupervisedExperienceMeasurement)
    case ethics(EthicsMeasurement)
    case backgroundCheck(BackgroundCheckMeasurement)
    case continuingEducation(ContinuingEducationMeasurement)
    case serviceHours(ServiceHoursMeasurement)
    case workExperience(WorkExperienceMeasurement)
    case oneOf(PathsMeasurement)

    /// A finding read back from committed results: the words it was written with.
    case recorded(RecordedFinding)
}

/// The certificate's recorded status, when it decides the credential alone.
public enum CertificateStatus: Sendable, Equatable {
    case unknown(String)
    case revoked
    case suspended
    case issueDateMissing
    case issuedAfterAsOf(Day, asOf: Day)
}

/// The certificate's period on the as-of date.
public enum CertificatePeriod: Sendable, Equatable {
    /// The board recorded it expired (with its expiry date when one is recorded and not yet past).
    case recordedExpired(expiresOn: Day?)
    /// Active, with no expiry date on record.
    case noExpiryDate
    case lapsed(on: Day, daysAgo: Int)
    /// Lapses inside the horizon (0 days: after today).
    case lapses(on: Day, inDays: Int)
    case valid(until: Day)
}

/// No rule version in force on the day a credential must be judged on.
public struct NoRuleVersion: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable { case issueDate, application, renewal }
    /// Why: the credential's shared definition has no version that day, or its file's earliest
    /// version starts later, or it has none.
    public enum Cause: Sendable, Equatable {
        case sharedDefinition(String)
        case earliestVersion(Day)
        case noVersions
    }
    public let file: String
    public let day: Day
    public let purpose: Purpose
    public let cause: Cause
}

/// A finding as committed results hold it: its words, kind and model standard.
public struct RecordedFinding: Sendable {
    public let kind: String
    public let measured: String
    public let required: String
    public let reason: String
    public let cure: String?
    public let standard: String?

    public init(kind: String, measured: String, required: String, reason: String, cure: String?, standard: String?) {
        self.kind = kind
        self.measured = measured
        self.required = required
        self.reason = reason
        self.cure = cure
        self.standard = standard
    }
}
