import Foundation
import PeerRules
import PeerStore

/// Why one question could not be asked: the field and what is wrong with it (never the whole input
/// echoed back, which may hold a name).
public struct InputProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let detail: String

    public init(field: String, detail: String) {
        self.field = field
        self.detail = detail
    }

    public var description: String { "\(field): \(detail)" }
}

/// A question as an employer sends it (a CSV row, a JSON item, command-line arguments), checked
/// into a `CredentialQuery`. With a `number`, it asks for that credential (state and credential
/// are needed too); without one, for a person by `name` and `birth_date` in a `state`.
public struct Question: Sendable {
    public var state: String?
    public var credential: String?
    public var number: String?
    public var name: String?
    public var birthDate: String?

    public init(state: String? = nil, credential: String? = nil, number: String? = nil, name: String? = nil, birthDate: String? = nil) {
        self.state = state
        self.credential = credential
        self.number = number
        self.name = name
        self.birthDate = birthDate
    }

    /// The field names, as CSV headers and JSON keys spell them.
    public static let fields = ["state", "credential", "number", "name", "birth_date"]

    /// Checks the question. `trimmingSpaces`: spaces around a value are dropped first (a CSV from a
    /// spreadsheet); the HTTP API takes values exactly as its schema (openapi.json) describes them.
    public func query(trimmingSpaces: Bool = true) -> Result<CredentialQuery, InputProblem> {
        // A CSV's empty cell is a field not given; in the API an empty string is a value, and malformed.
        func value(_ text: String?) -> String? {
            guard let text, trimmingSpaces else { return text }
            let value = text.trimmingCharacters(in: CharacterSet(charactersIn: " "))
            return value.isEmpty ? nil : value
        }
        return Result { () throws(InputProblem) -> CredentialQuery in
            // Every field given must be well formed, whichever way the question is asked.
            guard let stateText = value(state) else { throw InputProblem(field: "state", detail: "is required (two letters, e.g. GA)") }
            guard stateText.unicodeScalars.count == 2, stateText.unicodeScalars.allSatisfy(Self.isLetter) else {
                throw InputProblem(field: "state", detail: "must be a two-letter state code (e.g. GA)")
            }
            let credential = value(credential), number = value(number), name = value(name), birth = value(birthDate)
            if let credential {
                guard (1...20).contains(credential.unicodeScalars.count),
                      credential.unicodeScalars.allSatisfy({ Self.isLetter($0) || Self.isDigit($0) || $0 == "-" }) else {
                    throw InputProblem(field: "credential", detail: "must be a credential code: up to 20 letters, digits and '-' (e.g. CPS-AD)")
                }
            }
            if let number {
                let scalars = Array(number.unicodeScalars)
                guard (1...64).contains(scalars.count), Self.isLetter(scalars[0]) || Self.isDigit(scalars[0]),
                      scalars.allSatisfy({ Self.isLetter($0) || Self.isDigit($0) || ".-_".unicodeScalars.contains($0) }) else {
                    throw InputProblem(field: "number", detail: "must be 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit")
                }
            }
            if let name {
                let scalars = Array(name.unicodeScalars)
                guard (1...200).contains(scalars.count), scalars[0] != " ", !scalars.contains(where: Self.isControl) else {
                    throw InputProblem(field: "name", detail: "must be 1 to 200 characters without control characters, not starting with a space")
                }
            }
            var day: Day?
            if let birth {
                guard birth.utf8.count == 10, let parsed = Day(iso: birth) else {
                    throw InputProblem(field: "birth_date", detail: "is not a date in the form YYYY-MM-DD")
                }
                day = parsed
            }
            if let number, let credential { return .number(state: stateText.uppercased(), credential: credential.uppercased(), number: number) }
            if let name, let day { return .person(name: name, birthDate: day, state: stateText.uppercased()) }
            let missing = number != nil ? "credential" : name != nil ? "birth_date" : "number"
            throw InputProblem(field: missing, detail: "give state, credential and number, or name, birth_date and state")
        }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) }
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || scalar.value == 0x7F }
}

extension CredentialQuery {
    /// How the audit records the question.
    var asked: String {
        switch self {
        case let .number(state, credential, number): "\(state)/\(credential)/\(number)"
        case let .person(name, birthDate, state): "person \(name), born \(birthDate), in \(state)"
        }
    }
}
