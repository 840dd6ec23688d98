import Yams

/// A problem in a rule file, located to line and column.
public struct RuleDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public let location: RuleLocation
    public let message: String
    public var description: String { "\(location): \(message)" }
}

/// Every problem found while loading a rules directory (loading goes on after the first one, so a
/// rule author sees them all at once).
public struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [RuleDiagnostic]
    public init(diagnostics: [RuleDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics for one file.
package final class DiagnosticSink {
    package let file: String
    package private(set) var items: [RuleDiagnostic] = []
    package init(file: String) { self.file = file }

    package func error(_ message: String, at mark: Mark?) {
        error(message, at: RuleLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1))
    }

    package func error(_ message: String, at location: RuleLocation) {
        items.append(RuleDiagnostic(location: location, message: message))
    }

    package func location(_ node: Node) -> RuleLocation {
        RuleLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }
}

/// Reads a YAML mapping key by key and reports keys nobody asked for: the guard against a
/// misspelt key silently meaning nothing.
package struct StrictMapping {
    package let node: Node
    let mapping: Node.Mapping
    let what: String
    let sink: DiagnosticSink
    private var consumed: Set<String> = []

    package init?(_ node: Node, what: String, sink: DiagnosticSink) {
        guard let mapping = node.mapping else {
            sink.error("\(what) must be a mapping of keys to values", at: node.mark)
            return nil
        }
        self.node = node
        self.mapping = mapping
        self.what = what
        self.sink = sink
    }

    package mutating func optional(_ key: String) -> Node? {
        consumed.insert(key)
        return mapping[Node(key)]
    }

    package mutating func required(_ key: String) -> Node? {
        guard let value = optional(key) else {
            sink.error("\(what) is missing the required key '\(key)'", at: node.mark)
            return nil
        }
        return value
    }

    /// Accepts optional free-text keys (notes, descriptions, names shown to people): read as text so
    /// a list or mapping there is still an error, and marked as known.
    package mutating func freeText(_ keys: String...) {
        for key in keys { _ = optional(key).flatMap { Scalar.text($0, key, sink) } }
    }

    /// Reports every key that was not read, with the keys that are allowed here.
    package func finish() {
        for (key, _) in mapping where !consumed.contains(key.string ?? "") {
            let allowed = consumed.sorted().joined(separator: ", ")
            sink.error("unknown key '\(key.string ?? "?")' in \(what) (allowed: \(allowed))", at: key.mark)
        }
    }

    package var keys: [(key: Node, value: Node)] { mapping.map { ($0.key, $0.value) } }
}

/// Scalar readers that never let YAML's implicit typing change a value's meaning: each accepts only
/// the spelling it documents and says what it expected otherwise.
package enum Scalar {
    package static func text(_ node: Node, _ what: String, _ sink: DiagnosticSink) -> String? {
        guard let scalar = node.scalar else {
            sink.error("\(what) must be a single value, not a list or mapping", at: node.mark)
            return nil
        }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            sink.error("\(what) is empty", at: node.mark)
            return nil
        }
        // Quoted or not, `NO` and `ON` stay the text they are: we read the characters, not YAML's guess.
        return scalar.string
    }

    package static func identifier(_ node: Node, _ what: String, _ sink: DiagnosticSink) -> String? {
        guard let value = text(node, what, sink) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            (97...122).contains(byte) || (48...57).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        guard allowed, let first = value.utf8.first, (97...122).contains(first) || (48...57).contains(first) else {
            sink.error("\(what) '\(value)' must use lowercase letters, digits, '-', '_' and '.' only", at: node.mark)
            return nil
        }
        return value
    }

    /// Hours: an unquoted plain decimal such as `40` or `19.5`. Quoted numbers and exponents are errors.
    package static func hours(_ node: Node, _ what: String, _ sink: DiagnosticSink) -> Hours? {
        guard let scalar = node.scalar else {
            sink.error("\(what) must be a number of hours", at: node.mark)
            return nil
        }
        guard scalar.style == .plain, !isExplicitText(scalar) else {
            sink.error("\(what) is given as text (\"\(scalar.string)\"): write the number without quotes", at: node.mark)
            return nil
        }
        guard !scalar.string.isEmpty else {
            sink.error("\(what) is empty", at: node.mark)
            return nil
        }
        guard let hours = Hours(decimal: scalar.string) else {
            let digitsOnly = scalar.string.split(separator: ".", maxSplits: 1)
            if digitsOnly.count == 2, digitsOnly.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
                sink.error("\(what) '\(scalar.string)' has more than two decimal places (hours are kept to the hundredth)", at: node.mark)
            } else {
                sink.error("\(what) '\(scalar.string)' is not a plain decimal number of hours (such as 40 or 19.5; exponents like 1e3 are not accepted)", at: node.mark)
            }
            return nil
        }
        guard !hours.isNegative else {
            sink.error("\(what) must not be negative", at: node.mark)
            return nil
        }
        return hours
    }

    /// `!!str 40`: the author said text, so it is not a number, whatever it looks like. (A plain
    /// `40` resolves to an integer tag; only an explicit tag leaves a number-looking scalar as str.)
    static func isExplicitText(_ scalar: Node.Scalar) -> Bool {
        scalar.tag.description == "tag:yaml.org,2002:str" && Hours(decimal: scalar.string) != nil
    }

    package static func wholeNumber(_ node: Node, _ what: String, _ sink: DiagnosticSink, range: ClosedRange<Int>) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain, !isExplicitText(scalar), !scalar.string.isEmpty,
              scalar.string.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int(scalar.string) else {
            sink.error("\(what) must be a whole number written without quotes", at: node.mark)
            return nil
        }
        guard range.contains(value) else {
            sink.error("\(what) \(value) is out of range \(range.lowerBound)...\(range.upperBound)", at: node.mark)
            return nil
        }
        return value
    }

    package static func day(_ node: Node, _ what: String, _ sink: DiagnosticSink) -> Day? {
        guard let scalar = node.scalar, let day = Day(iso: scalar.string) else {
            sink.error("\(what) must be a date written YYYY-MM-DD (a real calendar date)", at: node.mark)
            return nil
        }
        return day
    }

    package static func bool(_ node: Node, _ what: String, _ sink: DiagnosticSink) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain, scalar.string == "true" || scalar.string == "false" else {
            sink.error("\(what) must be true or false (yes/no/on/off are not accepted)", at: node.mark)
            return nil
        }
        return scalar.string == "true"
    }

    package static func list(_ node: Node, _ what: String, _ sink: DiagnosticSink) -> [Node]? {
        guard let sequence = node.sequence else {
            sink.error("\(what) must be a list", at: node.mark)
            return nil
        }
        return Array(sequence)
    }

    package static func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, _ sink: DiagnosticSink, as type: T.Type) -> T? where T.RawValue == String {
        guard let value = text(node, what, sink) else { return nil }
        guard let choice = T(rawValue: value) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            sink.error("\(what) '\(value)' is not one of: \(allowed)", at: node.mark)
            return nil
        }
        return choice
    }
}

/// Parses a file's text into a node tree, turning YAML syntax errors into located diagnostics.
package enum YAMLDocument {
    package static func parse(_ text: String, sink: DiagnosticSink) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                sink.error("the file is empty", at: nil)
                return nil
            }
            return node
        } catch let error as YamlError {
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                // When the file ended inside a construct (an unclosed quote), the place to look is where
                // it began; otherwise it is where the parser stopped, with the construct named.
                if let context, problem.contains("end of stream") {
                    sink.error("YAML syntax error: \(problem) at \(mark.line):\(mark.column), \(context.text) that started here", at: context.mark)
                } else if let context {
                    sink.error("YAML syntax error: \(problem), \(context.text) that started at \(context.mark.line):\(context.mark.column)", at: mark)
                } else {
                    sink.error("YAML syntax error: \(problem)", at: mark)
                }
            case let .duplicatedKeysInMapping(duplicates, context):
                sink.error("duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping", at: context.mark)
            default:
                sink.error("YAML error: \(error)", at: nil)
            }
            return nil
        } catch {
            sink.error("YAML error: \(error)", at: nil)
            return nil
        }
    }
}
