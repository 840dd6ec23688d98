/// The shared vocabulary rule files refer to: SAMHSA's model standards and core competencies
/// (`model-standards.yaml`), and the exam and training-domain codes (`codes.yaml`).
public struct Catalog: Sendable {
    public let standards: [String: ModelStandard]
    public let competencies: [String: ModelStandard]
    public let exams: [String: CodeDefinition]
    public let trainingDomains: [String: CodeDefinition]
    public let ceTopics: [String: CodeDefinition]
    public let supervisorCredentials: [String: CodeDefinition]

    public init(standards: [String: ModelStandard], competencies: [String: ModelStandard],
                exams: [String: CodeDefinition], trainingDomains: [String: CodeDefinition],
                ceTopics: [String: CodeDefinition] = [:], supervisorCredentials: [String: CodeDefinition] = [:]) {
        self.standards = standards
        self.competencies = competencies
        self.exams = exams
        self.trainingDomains = trainingDomains
        self.ceTopics = ceTopics
        self.supervisorCredentials = supervisorCredentials
    }
}

public struct ModelStandard: Sendable {
    public let id: String
    public let title: String
    /// What the model standard recommends, or nil where the reference does not know.
    public let recommendation: String?
}

public struct CodeDefinition: Sendable {
    public let code: String
    public let name: String
}
