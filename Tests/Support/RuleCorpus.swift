import Foundation

/// The rule-loader corpus: a minimal valid rules directory (Tests/PeerRulesTests/Corpus/valid) and
/// broken variants of it, each made in a scratch directory by one edit, with the diagnostics
/// loading must give. The loader tests run every defect; the command-line tests run a few through
/// the built tool.
public enum RuleCorpus {
    /// model-standards.yaml, codes.yaml, XX/CRED.yaml (two versions meeting on 2025-07-03) and
    /// XX/tests/cred.yaml.
    public static var valid: String { TestPaths.repositoryRoot + "/Tests/PeerRulesTests/Corpus/valid" }
    /// The rules the project ships.
    public static var shipped: String { TestPaths.repositoryRoot + "/rules" }
    /// The fixture's one credential file; edits apply to it unless they say otherwise.
    public static let credentialFile = "XX/CRED.yaml"

    /// Copies `source` (the valid fixture unless told) to a new scratch directory and applies `edits`.
    public static func copy(of source: String = valid, applying edits: [RuleEdit] = []) throws -> ScratchRules {
        let scratch = ScratchRules(root: NSTemporaryDirectory() + "peercert-rules-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: scratch.root, withIntermediateDirectories: true)
        do {
            try FileManager.default.copyItem(atPath: source, toPath: scratch.rules)
            for edit in edits { try edit.apply(in: scratch.rules) }
        } catch {
            scratch.remove()
            throw error
        }
        return scratch
    }

    public static func defect(named name: String) -> RuleDefect? { defects.first { $0.name == name } }

    /// One defect each. Lines and columns are those of Corpus/valid/XX/CRED.yaml (1-based); an
    /// edit that deletes text leaves its line blank, so the lines below it keep their numbers.
    public static let defects: [RuleDefect] = [
        RuleDefect("an unknown key", .line(34, "approved_providers_only", "approved_provider_only"), at: 34, 9,
                   "unknown key 'approved_provider_only' in a requirement (allowed: alignment, allowed_modes, approved_providers_only,"),
        RuleDefect("a misspelt kind", .line(29, "kind: training", "kind: trainng"), at: 29, 15,
                   "kind 'trainng' is not one of: age, residency, education, lived_experience, training,"),
        RuleDefect("hours given as text", .line(33, "40", "\"40\""), at: 33, 22,
                   "total_hours is given as text (\"40\"): write the number without quotes"),
        RuleDefect("hours with an exponent", .line(33, "40", "1e3"), at: 33, 22,
                   "total_hours '1e3' is not a plain decimal number of hours (such as 40 or 19.5; exponents like 1e3 are not accepted)"),
        RuleDefect("a yes/no boolean", .line(34, "true", "yes"), at: 34, 34,
                   "approved_providers_only must be true or false (yes/no/on/off are not accepted)"),
        RuleDefect("overlapping versions", .line(19, "2025-07-02", "2025-07-03"), at: 41, 5,
                   "versions overlap: the version from 2024-01-01 runs until 2025-07-03, past the start of the version from 2025-07-03"),
        RuleDefect("an open-ended version before another", .line(19, "valid_until: 2025-07-02", ""), at: 41, 5,
                   "the version from 2024-01-01 has no valid_until, so it overlaps the version from 2025-07-03"),
        RuleDefect("valid_until before valid_from", .line(19, "2025-07-02", "2023-12-31"), at: 19, 18,
                   "valid_until 2023-12-31 is before valid_from 2024-01-01"),
        RuleDefect("a date without leading zeros", .line(41, "2025-07-03", "2025-7-3"), at: 41, 17,
                   "valid_from must be a date written YYYY-MM-DD (a real calendar date)"),
        RuleDefect("a requirement without a source", .line(32, "source: xx-board", ""), at: 28, 9,
                   "requirement has no source: every requirement cites where its numbers come from"),
        RuleDefect("a source that is not declared", .line(32, "xx-board", "xx-boards"), at: 32, 17,
                   "source 'xx-boards' is not declared under sources"),
        RuleDefect("a source marked U", .line(16, "status: S", "status: U"), at: 16, 13,
                   "source status 'U' must be V (primary source) or S (secondary); unverified facts are not encoded"),
        RuleDefect("an unknown standard id", .line(30, "nms.training", "nms.trainin"), at: 30, 19,
                   "unknown model standard 'nms.trainin' (see model-standards.yaml)"),
        RuleDefect("a comparison with a standard whose recommendation is unknown", .line(38, "alignment: unknown", "alignment: aligns"), at: 38, 20,
                   "alignment 'aligns' compares with nms.examination, whose recommendation is unknown: write `alignment: unknown`"),
        RuleDefect("unknown alignment with a standard whose recommendation is known", .line(31, "alignment: aligns", "alignment: unknown"), at: 31, 20,
                   "nms.training recommends 40 to 60 hours of initial training: say how this requirement compares (aligns, stricter, looser or absent)"),
        RuleDefect("an unknown exam code", .line(40, "XX-EXAM", "XX-EXAMS"), at: 40, 26,
                   "unknown exam code 'XX-EXAMS' (see codes.yaml)"),
        RuleDefect("an unknown training domain", .line(56, "harm_reduction", "harm_reductio"), at: 56, 24,
                   "unknown training domain 'harm_reductio' (see codes.yaml)"),
        RuleDefect("a duplicate requirement id", .line(35, "id: exam", "id: training"), at: 35, 13,
                   "duplicate requirement id 'training' in this version"),
        RuleDefect("a duplicate key", .line(56, "{harm_reduction: 6}", "{harm_reduction: 6, harm_reduction: 7}"), at: 56, 24,
                   "duplicate key 'harm_reduction' in one mapping"),
        RuleDefect("a YAML syntax error", .line(20, "    note", "   note"), at: 20, 4,
                   "YAML syntax error: did not find expected '-' indicator, while parsing a block collection that started at 18:3"),
        RuleDefect("a tab in the indentation", .line(20, "    note", "\tnote"), at: 20, 1,
                   "YAML syntax error: found a tab character that violates indentation, while scanning a plain scalar that started at 19:18"),
        RuleDefect("an unclosed quote", .line(20, "the first version", "\"the first version"), at: 20, 11,
                   "while scanning a quoted scalar that started here"),
        RuleDefect("a state that does not match the folder", .line(4, "XX", "YY"), at: 4, 8,
                   "state 'YY' does not match the folder XX"),
        RuleDefect("a credential that does not match the file name", .line(5, "CRED", "CERT"), at: 5, 13,
                   "credential 'CERT' does not match the file name CRED.yaml"),
        RuleDefect("a credential file with nothing in it", .write("# to be written\n", to: credentialFile), at: 1, 1,
                   "the file is empty"),
        RuleDefect("a syntax error in codes.yaml", .line(3, "code: XX-EXAM", "code: XX-EXAM: x", in: "codes.yaml"),
                   at: 3, 18, "YAML syntax error: mapping values are not allowed in this context", in: "codes.yaml"),
        // Found where they are, not at 1:1.
        RuleDefect("a NUL byte", .line(6, "name: Certified Recovery", "name: Certified\u{0} Recovery"),
                   at: 6, 16, "a NUL byte is not allowed in a rule file"),
        RuleDefect("bytes that are not UTF-8", .byte(0xFF, onLine: 7, after: "board: XX"),
                   at: 7, 10, "the file is not UTF-8 text here (byte 0xFF)"),
        RuleDefect("a control character", .line(7, "board: XX", "board: XX\u{7}"),
                   at: 7, 10, "the control character U+0007 is not allowed in a rule file"),
    ]
}

/// A copy of a rules directory in a temporary folder: `rules` is the copy, `root` its parent
/// (free for a command's other output).
public struct ScratchRules: Sendable {
    public let root: String
    public var rules: String { root + "/rules" }
    public func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// One textual change to a file of a rules directory. An edit whose text is not where it says
/// throws, so a fixture that drifted fails the test instead of silently testing nothing.
public struct RuleEdit: Sendable {
    enum Change: Sendable {
        case replace(line: Int?, original: String, replacement: String)
        case write(String)
        case insertByte(line: Int, after: String, byte: UInt8)
    }
    public let file: String
    let change: Change

    /// Replaces `original`, which line `line` of `file` holds exactly once, with `replacement`.
    public static func line(_ line: Int, _ original: String, _ replacement: String, in file: String = RuleCorpus.credentialFile) -> RuleEdit {
        RuleEdit(file: file, change: .replace(line: line, original: original, replacement: replacement))
    }

    /// Replaces the one occurrence of `original` in `file`.
    public static func replace(_ original: String, with replacement: String, in file: String) -> RuleEdit {
        RuleEdit(file: file, change: .replace(line: nil, original: original, replacement: replacement))
    }

    /// Writes `contents` to `file`, creating it when missing.
    public static func write(_ contents: String, to file: String) -> RuleEdit {
        RuleEdit(file: file, change: .write(contents))
    }

    /// Puts `byte` (a byte no UTF-8 text holds, say) right after `original` on line `line` of `file`.
    public static func byte(_ byte: UInt8, onLine line: Int, after original: String, in file: String = RuleCorpus.credentialFile) -> RuleEdit {
        RuleEdit(file: file, change: .insertByte(line: line, after: original, byte: byte))
    }

    func apply(in rules: String) throws {
        let path = rules + "/" + file
        switch change {
        case let .insertByte(line, original, byte):
            let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
            guard lines.indices.contains(line - 1), let range = lines[line - 1].range(of: original) else {
                throw TestSetupError("\(path):\(line) does not hold '\(original)'")
            }
            let before = lines[..<(line - 1)].map { $0 + "\n" }.joined() + lines[line - 1][..<range.upperBound]
            let after = lines[line - 1][range.upperBound...] + (lines.count > line ? "\n" + lines[line...].joined(separator: "\n") : "")
            try Data(Array(before.utf8) + [byte] + Array(after.utf8)).write(to: URL(fileURLWithPath: path))
        case .write(let contents):
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
        case let .replace(line, original, replacement):
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var lines = text.components(separatedBy: "\n")
            func once(_ target: String, _ place: String) throws -> String {
                let parts = target.components(separatedBy: original)
                guard parts.count == 2 else {
                    throw TestSetupError("\(place) holds '\(original)' \(parts.count - 1) times, not once")
                }
                return parts.joined(separator: replacement)
            }
            if let line {
                guard lines.indices.contains(line - 1) else { throw TestSetupError("\(path) has no line \(line)") }
                lines[line - 1] = try once(lines[line - 1], "\(path):\(line)")
                try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            } else {
                try once(text, path).write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
    }
}

/// A broken rules directory and what loading it must report.
public struct RuleDefect: Sendable, CustomStringConvertible {
    public let name: String
    public let edits: [RuleEdit]
    /// Every diagnostic loading must give, and no others.
    public let expected: [ExpectedDiagnostic]

    init(_ name: String, _ edit: RuleEdit, at line: Int, _ column: Int, _ message: String, in file: String = RuleCorpus.credentialFile) {
        self.name = name
        edits = [edit]
        expected = [ExpectedDiagnostic(file: file, line: line, column: column, message: message)]
    }

    public var description: String { name }
}

/// Where a diagnostic must point and a fragment its message must contain.
public struct ExpectedDiagnostic: Sendable, CustomStringConvertible {
    /// Relative to the rules directory.
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): …\(message)…" }

    /// Whether `diagnostic`, printed as `path:line:column: message`, is this one for `rules`.
    public func matches(_ diagnostic: some StringProtocol, in rules: String) -> Bool {
        diagnostic.hasPrefix("\(rules)/\(file):\(line):\(column): ") && diagnostic.contains(message)
    }
}

/// How a loader bug shows in a defect's diagnostics (reported for a fix in Sources/, not fixed by the tests).
