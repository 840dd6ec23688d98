import PeerRuleTesting
import PeerRules
import PeerTestSupport
import Testing

/// A literal the test knows to be a valid date.
func day(_ text: String) -> Day { Day(iso: text)! }

/// A copy of a rules directory (the valid fixture unless told) with `edits` applied, loaded: the
/// book, or the diagnostics as the tool prints them (`path:line:column: message`).
struct CorpusLoad {
    let rules: String
    let book: RuleBook?
    let diagnostics: [String]

    init(applying edits: [RuleEdit], to source: String = RuleCorpus.valid) throws {
        let scratch = try RuleCorpus.copy(of: source, applying: edits)
        defer { scratch.remove() }
        rules = scratch.rules
        do {
            book = try RuleLoader.load(directory: scratch.rules)
            diagnostics = []
        } catch {
            book = nil
            diagnostics = error.diagnostics.map(\.description)
        }
    }

    /// The fixture with `original` on `line` of XX/CRED.yaml written as `spelling` instead.
    init(line: Int, _ original: String, writtenAs spelling: String) throws {
        try self.init(applying: [.line(line, original, spelling)])
    }

    var listing: String { diagnostics.isEmpty ? "(loaded without a diagnostic)" : diagnostics.joined(separator: "\n") }

    /// The book; a failure listing the diagnostics when there is none.
    func loaded(sourceLocation: SourceLocation = #_sourceLocation) throws -> RuleBook {
        try #require(book, "\(listing)", sourceLocation: sourceLocation)
    }

    /// The fixture's credential, XX/CRED.
    func credential(sourceLocation: SourceLocation = #_sourceLocation) throws -> CredentialRules {
        try #require(loaded(sourceLocation: sourceLocation).credentials[fixtureKey], sourceLocation: sourceLocation)
    }

    /// Expects exactly the `expected` diagnostics: each present, and no others.
    func expect(_ expected: [ExpectedDiagnostic], sourceLocation: SourceLocation = #_sourceLocation) {
        for diagnostic in expected {
            #expect(diagnostics.contains { diagnostic.matches($0, in: rules) },
                    "expected \(diagnostic), got:\n\(listing)", sourceLocation: sourceLocation)
        }
        #expect(diagnostics.count == expected.count, "expected \(expected.count) diagnostic(s), got:\n\(listing)",
                sourceLocation: sourceLocation)
    }

    /// Expects exactly one diagnostic, in XX/CRED.yaml at `line`:`column`, containing `message`.
    func expectOne(at line: Int, _ column: Int, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expect([ExpectedDiagnostic(file: RuleCorpus.credentialFile, line: line, column: column, message: message)],
               sourceLocation: sourceLocation)
    }
}

let fixtureKey = CredentialKey(state: "XX", credential: "CRED")

/// The training requirement's rule in a version's requirements.
func trainingRule(_ requirements: [Requirement]?) -> TrainingRule? {
    guard case .training(let rule)? = requirements?.first(where: { $0.id == "training" })?.spec else { return nil }
    return rule
}

/// Loads `directory`'s rules and its rules/<ST>/tests cases, and runs every case through the engine.
func runRuleCases(in directory: String) throws -> [RuleCaseResult] {
    let book = try RuleLoader.load(directory: directory)
    return RuleCaseRunner.run(try RuleCaseLoader.load(directory: directory, book: book), book: book)
}

/// The failed cases, one line each, for a failure message.
func failures(_ results: [RuleCaseResult]) -> [String] {
    results.filter { !$0.passed }.map { "\($0.ruleCase.file):\($0.ruleCase.line) \($0.ruleCase.name): \($0.mismatches.joined(separator: "; "))" }
}
