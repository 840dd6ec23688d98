import PGClient

/// Every table of the input contract (sql/001_input_contract.sql and the migrations that add to
/// it), in one list: the reader streams the evidence tables among them, the seeder writes them,
/// and `db migrate` grants the runner's role read on each. A table added to the input is added
/// here; `InputContractTests` fails while a table of the schema is in neither this list nor the
/// results'.
public enum InputTable: String, CaseIterable, Sendable {
    case workers
    case livedExperienceAttestations = "lived_experience_attestations"
    case trainingRecords = "training_records"
    case examRecords = "exam_records"
    case supervisedExperience = "supervised_experience"
    case certifications
    case education
    case continuingEducation = "ce_records"
    case ethicsAttestations = "ethics_attestations"
    case backgroundChecks = "background_checks"
    case employment
    case transferRequests = "transfer_requests"
    case trainingProviders = "training_providers"
    case trainingProviderApprovals = "training_provider_approvals"
    case supervisors
    case employers
    case administrators
    case administratorWorkers = "administrator_workers"

    /// How the reader streams this table into each worker's record; nil for the workers
    /// themselves and for the tables read apart (providers, supervisors, administrators).
    var evidence: EvidenceTable? {
        switch self {
        case .livedExperienceAttestations: EvidenceTable.livedExperienceAttestations
        case .trainingRecords: EvidenceTable.trainingRecords
        case .examRecords: EvidenceTable.examRecords
        case .supervisedExperience: EvidenceTable.supervisedExperience
        case .certifications: EvidenceTable.certifications
        case .education: EvidenceTable.education
        case .continuingEducation: EvidenceTable.continuingEducation
        case .ethicsAttestations: EvidenceTable.ethicsAttestations
        case .backgroundChecks: EvidenceTable.backgroundChecks
        case .employment: EvidenceTable.employment
        case .transferRequests: EvidenceTable.transferRequests
        case .workers, .trainingProviders, .trainingProviderApprovals, .supervisors, .employers, .administrators, .administratorWorkers: nil
        }
    }

    /// The runner's role reads the whole input, and only it does (lived experience is health information).
    static func grantRunnerRead(on connection: PGConnection) throws {
        guard try connection.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'peercert_runner'").scalar == "1" else { return }
        let tables = allCases.map { "peercert.\($0.rawValue)" }.joined(separator: ", ")
        try connection.execute("GRANT SELECT ON \(tables) TO peercert_runner", doing: "granting the runner read on the input tables")
    }
}
