import PeerRules
import PeerTestSupport
import Testing

/// The valid fixture broken one defect at a time (the table is `RuleCorpus.defects`): loading fails
/// with exactly the expected diagnostics, at the defect's file, line and column, saying what is wrong.
@Suite struct RuleDefectTests {
    @Test(arguments: RuleCorpus.defects)
    func aDefectFailsTheLoadAtItsPlace(_ defect: RuleDefect) throws {
        try CorpusLoad(applying: defect.edits).expect(defect.expected)
    }

    /// The table is looked up by name (the command-line tests pick defects from it).
    @Test func everyDefectHasItsOwnName() {
        let names = RuleCorpus.defects.map(\.name)
        #expect(Set(names).count == names.count)
    }

    /// `standards: []` would switch the standard check off: it is refused, and nothing else is reported.
    @Test func anEmptyStandardsListIsRefused() throws {
        try CorpusLoad(applying: [.write("standards: []\ncore_competencies: []\n", to: "model-standards.yaml")])
            .expect([ExpectedDiagnostic(file: "model-standards.yaml", line: 1, column: 12, message: "standards must list at least one model standard")])
    }

    /// `removes:` in a file that extends nothing would mean nothing: it is refused.
    @Test func removesInAFileThatExtendsNothingIsRefused() throws {
        try CorpusLoad(applying: [.line(20, "note: the first version", "removes: [exam]")])
            .expect([ExpectedDiagnostic(file: RuleCorpus.credentialFile, line: 18, column: 5,
                                        message: "removes needs a shared definition to remove from (extends:)")])
    }
}
