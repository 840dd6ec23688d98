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

    public func query() -> Result<CredentialQuery, InputProblem> {
        Result { () throws(InputProblem) -> CredentialQuery in
            let state = try Self.state(state)
            if let number = Self.present(number) {
                guard number.count <= 64, number.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                    throw InputProblem(field: "number", detail: "must be at most 64 printable characters")
                }
                guard let credential = Self.present(credential) else {
                    throw InputProblem(field: "credential", detail: "is required with a number (e.g. CPS)")
                }
                let code = credential.uppercased()
                guard code.count <= 20, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
                    throw InputProblem(field: "credential", detail: "must be a credential code: letters, digits and '-' (e.g. CPS-AD)")
                }
                return .number(state: state, credential: code, number: number)
            }
            guard let name = Self.present(name) else {
                throw InputProblem(field: "number", detail: "give a number (with state and credential), or a name and birth_date (with state)")
            }
            guard name.count <= 200 else { throw InputProblem(field: "name", detail: "must be at most 200 characters") }
            guard let birth = Self.present(birthDate) else {
                throw InputProblem(field: "birth_date", detail: "is required with a name (YYYY-MM-DD)")
            }
            guard let day = Day(iso: birth) else {
                throw InputProblem(field: "birth_date", detail: "is not a date in the form YYYY-MM-DD")
            }
            return .person(name: name, birthDate: day, state: state)
        }
    }

    private static func state(_ value: String?) throws(InputProblem) -> String {
        guard let value = present(value) else { throw InputProblem(field: "state", detail: "is required (two letters, e.g. GA)") }
        let code = value.uppercased()
        guard code.count == 2, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw InputProblem(field: "state", detail: "must be a two-letter state code (e.g. GA)")
        }
        return code
    }

    /// The value without surrounding spaces, or nil when empty.
    private static func present(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }
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
