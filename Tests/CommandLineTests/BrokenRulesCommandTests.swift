import Foundation
import PeerTestSupport
import Testing

/// `peercert run` on a broken rules directory (defects from `RuleCorpus.defects`): exit 65, each
/// problem as `file:line:column: message` on stderr, and nothing written. Rules are loaded before
/// the database is opened, so the database named here does not exist.
@Suite struct BrokenRulesCommandTests {
    static let nowhere = "host=/nonexistent port=1"

    @Test(arguments: ["an unknown key", "hours given as text", "overlapping versions", "a YAML syntax error"])
    func runRefusesABrokenRulesDirectoryAndWritesNothing(_ name: String) throws {
        let defect = try #require(RuleCorpus.defect(named: name))
        let scratch = try RuleCorpus.copy(applying: defect.edits)
        defer { scratch.remove() }
        let out = scratch.root + "/reports"
        let run = try Tool.run(["run", "--database", Self.nowhere, "--rules", scratch.rules, "--out", out])
        #expect(run.status == 65, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        for expected in defect.expected {
            #expect(lines.contains { expected.matches($0, in: scratch.rules) }, "expected \(expected), got:\n\(run.stderr)")
        }
        #expect(lines.last == "peercert: 1 problem in the rule files; nothing was run")
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.root) == ["rules"])
    }

    /// The control: the same directory unbroken passes `rules check`.
    @Test func theUnbrokenCorpusPassesRulesCheck() throws {
        let check = try Tool.run(["rules", "check", RuleCorpus.valid])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("no problems"))
    }
}
