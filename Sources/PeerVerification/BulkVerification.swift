import CSV
import Foundation
import PeerReports
import PeerStore

/// A staff list checked in one pass: each input row answered on one output row, in the same
/// order, with the input's own columns first. Memory holds one batch, whatever the file's size.
public struct BulkVerification {
    /// The columns added after the input's own.
    public static let answerColumns = ["outcome", "people", "credentials", "status", "valid", "level", "endorsements",
                                       "issued_on", "expires_on", "as_of", "problem"]
    public static let batchSize = 10_000

    let verifier: Verifier

    public init(verifier: Verifier) { self.verifier = verifier }

    public struct Summary: Sendable {
        public var rows = 0
        public var outcomes: [LookupOutcome: Int] = [:]
    }

    /// Reads `input` (a path; `-` for standard input), writes answers to `output`.
    /// Throws `BulkInputError` for a file that is not a usable CSV: a row cannot be answered
    /// reliably after a broken quote, so the run stops there, saying which row.
    public func run(input: String, output: OutputFile) throws -> Summary {
        let source = input == "-" ? "standard input" : input
        guard let stream = InputStream(fileAtPath: input == "-" ? "/dev/stdin" : input) else {
            throw BulkInputError(message: "\(source): cannot be opened")
        }
        let reader: CSVReader
        do { reader = try CSVReader(stream: stream, hasHeaderRow: true) } catch {
            throw BulkInputError(message: "\(source): is not a CSV file with a header row (\(error))")
        }
        guard let header = reader.headerRow, !header.isEmpty else { throw BulkInputError(message: "\(source): has no header row") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for field in Question.fields {
            if let index = names.firstIndex(of: field) { column[field] = index }
        }
        guard column["state"] != nil, column["number"] != nil || column["name"] != nil else {
            throw BulkInputError(message: "\(source): the header row needs `state` and either `credential,number` or `name,birth_date` (found: \(header.joined(separator: ",")))")
        }
        try write(header + Self.answerColumns, to: output)

        var summary = Summary()
        var batch: [(fields: [String], question: Result<CredentialQuery, InputProblem>)] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            let answers = try verifier.answer(batch.map(\.question))
            for (row, answer) in zip(batch, answers) {
                summary.outcomes[answer.outcome, default: 0] += 1
                try write(row.fields + Self.columns(answer), to: output)
            }
            batch.removeAll(keepingCapacity: true)
        }
        while let fields = reader.next() {
            summary.rows += 1
            let row = summary.rows
            let question: Result<CredentialQuery, InputProblem>
            if fields.count != header.count {
                question = .failure(InputProblem(field: "row \(row)", detail: "has \(fields.count) fields, the header has \(header.count)"))
            } else if fields.contains(where: { $0.contains(where: \.isNewline) }) {
                // A quote left open swallows the lines after it into one field: say so rather than answer them as one.
                question = .failure(InputProblem(field: "row \(row)", detail: "a field holds a line break (a quote left open?); check the file from this row"))
            } else {
                func value(_ field: String) -> String? { column[field].map { fields[$0] } }
                question = Question(state: value("state"), credential: value("credential"), number: value("number"),
                                    name: value("name"), birthDate: value("birth_date")).query()
                    .mapError { InputProblem(field: "row \(row) \($0.field)", detail: $0.detail) }
            }
            // Short rows are padded so every answer stays under its own header.
            batch.append((fields.count < header.count ? fields + Array(repeating: "", count: header.count - fields.count) : fields, question))
            if batch.count == Self.batchSize { try flush() }
        }
        try flush()
        try output.flush()
        // CSV.swift reports the end of the input as `cannotReadFile`; anything else is a read error.
        if let error = reader.error, !Self.isEndOfInput(error) {
            throw BulkInputError(message: "\(source): row \(summary.rows + 1) is not valid CSV (\(error)); the \(summary.rows) rows before it were answered")
        }
        return summary
    }

    private static func isEndOfInput(_ error: any Error) -> Bool {
        if let error = error as? CSVError, case .cannotReadFile = error { return true }
        return false
    }

    /// The answer's columns; a person with several credentials has them joined with `; `, in the same order in each column.
    static func columns(_ answer: VerificationAnswer) -> [String] {
        func joined(_ value: (PublicCredential) -> String) -> String { answer.credentials.map(value).joined(separator: "; ") }
        return [answer.outcome.rawValue, String(answer.people),
                joined { "\($0.state)/\($0.credential)/\($0.number ?? "")" },
                joined(\.status.rawValue), joined { $0.valid ? "true" : "false" }, joined { $0.level ?? "" },
                joined { $0.endorsements.joined(separator: " ") }, joined { $0.issuedOn?.description ?? "" },
                joined { $0.expiresOn?.description ?? "" }, answer.credentials.first?.asOf.description ?? "",
                answer.problem.map { "\($0.field): \($0.detail)" } ?? ""]
    }

    private func write(_ fields: [String], to output: OutputFile) throws {
        try output.append { CSVRow.append(fields, to: &$0) }
    }
}

/// The input file cannot be read as a staff list.
public struct BulkInputError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
