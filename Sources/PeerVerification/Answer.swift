import Foundation
import PeerRules
import PeerStore

/// What an employer is told about one question.
public struct VerificationAnswer: Sendable {
    public let outcome: LookupOutcome
    /// How many people matched (0, 1, or more when ambiguous).
    public let people: Int
    /// The matched person's credentials, valid first; empty when none or several people matched
    /// (an ambiguous answer shows nobody's).
    public let credentials: [PublicCredential]
    public let problem: InputProblem?

    init(outcome: LookupOutcome, people: Int, credentials: [PublicCredential], problem: InputProblem? = nil) {
        self.outcome = outcome
        self.people = people
        self.credentials = credentials
        self.problem = problem
    }

    /// Valid when one person matched and one of their credentials is valid.
    static func from(_ matches: [CredentialMatch]) -> VerificationAnswer {
        let people = Set(matches.map(\.person)).count
        switch people {
        case 0: return VerificationAnswer(outcome: .notFound, people: 0, credentials: [])
        case 1:
            let credentials = matches.map(\.credential)
            return VerificationAnswer(outcome: credentials.contains(where: \.valid) ? .valid : .notValid, people: 1, credentials: credentials)
        default: return VerificationAnswer(outcome: .ambiguous, people: people, credentials: [])
        }
    }

    static func invalid(_ problem: InputProblem) -> VerificationAnswer {
        VerificationAnswer(outcome: .invalidInput, people: 0, credentials: [], problem: problem)
    }
}

/// The JSON of answers (the CLI's `--json` and the HTTP API share it; schemas in openapi.json).
public enum AnswerJSON {
    public struct Credential: Encodable, Sendable {
        let state: String
        let credential: String
        let number: String?
        let name: String
        let level: String?
        let endorsements: [String]
        let status: String
        let issued_on: String?
        let expires_on: String?
        let valid: Bool
        let as_of: String
        let run_id: Int

        init(_ credential: PublicCredential) {
            state = credential.state
            self.credential = credential.credential
            number = credential.number
            name = credential.name
            level = credential.level
            endorsements = credential.endorsements
            status = credential.status.rawValue
            issued_on = credential.issuedOn?.description
            expires_on = credential.expiresOn?.description
            valid = credential.valid
            as_of = credential.asOf.description
            run_id = credential.runID
        }

        // Every key always present (null when unknown): one shape for every reader.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(state, forKey: .state)
            try container.encode(credential, forKey: .credential)
            try container.encode(number, forKey: .number)
            try container.encode(name, forKey: .name)
            try container.encode(level, forKey: .level)
            try container.encode(endorsements, forKey: .endorsements)
            try container.encode(status, forKey: .status)
            try container.encode(issued_on, forKey: .issued_on)
            try container.encode(expires_on, forKey: .expires_on)
            try container.encode(valid, forKey: .valid)
            try container.encode(as_of, forKey: .as_of)
            try container.encode(run_id, forKey: .run_id)
        }

        enum CodingKeys: String, CodingKey {
            case state, credential, number, name, level, endorsements, status, issued_on, expires_on, valid, as_of, run_id
        }
    }

    public struct Problem: Encodable, Sendable {
        let field: String
        let detail: String
    }

    public struct Answer: Encodable, Sendable {
        let outcome: String
        let people: Int
        let credentials: [Credential]
        /// Absent rather than null (synthesized encoding skips nil): the schema has no nullable problem.
        let problem: Problem?

        public init(_ answer: VerificationAnswer) {
            outcome = answer.outcome.rawValue
            people = answer.people
            credentials = answer.credentials.map(Credential.init)
            problem = answer.problem.map { Problem(field: $0.field, detail: $0.detail) }
        }
    }

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// Answers questions from the public-credentials table and records every one in the audit.
public struct Verifier {
    public enum Channel: String, Sendable { case api, cli }

    let store: PublicCredentialStore
    let employer: String
    let channel: Channel

    public init(store: PublicCredentialStore, employer: String, channel: Channel) {
        self.store = store
        self.employer = employer
        self.channel = channel
    }

    /// One answer per question, in order; the invalid ones are answered `invalid_input` and
    /// audited too. Nothing is answered unless it is also recorded.
    public func answer(_ questions: [Result<CredentialQuery, InputProblem>]) throws -> [VerificationAnswer] {
        let queries = questions.compactMap { try? $0.get() }
        var matches = try store.lookUp(queries).makeIterator()
        var answers: [VerificationAnswer] = []
        var records: [LookupRecord] = []
        answers.reserveCapacity(questions.count)
        records.reserveCapacity(questions.count)
        for question in questions {
            switch question {
            case let .success(query):
                let answer = VerificationAnswer.from(matches.next() ?? [])
                answers.append(answer)
                let single = answer.people == 1 ? answer.credentials.first : nil
                records.append(LookupRecord(asked: query.asked, outcome: answer.outcome,
                                            matched: single.map { ($0.state, $0.credential, $0.number) }))
            case let .failure(problem):
                answers.append(.invalid(problem))
                records.append(LookupRecord(asked: "invalid \(problem.field): \(problem.detail)", outcome: .invalidInput, matched: nil))
            }
        }
        try store.record(records, employer: employer, channel: channel.rawValue)
        return answers
    }
}
