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
