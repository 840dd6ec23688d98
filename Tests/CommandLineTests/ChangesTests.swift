import Foundation
import PeerTestSupport
import Testing

/// Changes since the previous successful run: a changed worker record and a changed rule file are
/// named exactly; a run with nothing changed reports nothing; the first run says there is no
/// previous one.
@Suite(.serialized) struct ChangesTests {
    static let asOf = "2026-03-01"

    @Test func changesNameExactlyWhatChangedAndNothingWhenNothingDid() throws {
        let database = try TestDatabase.fresh("cli_changes")
        let out = try Tool.temporaryDirectory()
        let rules = try Tool.temporaryDirectory() + "/rules"
        defer {
            database.drop()
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: (rules as NSString).deletingLastPathComponent)
        }
        try FileManager.default.copyItem(atPath: TestDatabase.repositoryRoot + "/rules", toPath: rules)
        let seed = try Tool.run(["seed", "--database", database.conninfo, "--workers", "80", "--seed", "3", "--as-of", Self.asOf])
        #expect(seed.status == 0, "\(seed.stderr)")
        func night() throws -> (directory: String, changes: [String: Any]) {
            let run = try Tool.run(["run", "--database", database.runner, "--as-of", Self.asOf, "--out", out, "--rules", rules])
            #expect(run.status == 0, "\(run.stderr)")
            let line = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("reports: ") })
            let directory = String(line.dropFirst("reports: ".count))
            let check = try Schemas.validate(directory + "/changes.json", against: "changes.schema.json")
            #expect(check.ok, "\(check.output)")
            return (directory, try JSONFile.object(directory + "/changes.json"))
        }

        let first = try night()
        #expect(first.changes["previous_run_id"] is NSNull)
        #expect((first.changes["credentials"] as! [Any]).isEmpty)
        #expect(try String(contentsOfFile: first.directory + "/report.html", encoding: .utf8).contains("there is no previous run"))

        // One held credential is suspended by the board, and one rule file gains a comment.
        let connection = try database.connect()
        let target = try #require(try connection.execute("""
            SELECT certification_id FROM peercert.credential_results
            WHERE verdict = 'compliant' AND role = 'holder' ORDER BY certification_id LIMIT 1
            """).rows.first?.int(0))
        try connection.execute("UPDATE peercert.certifications SET status = 'suspended' WHERE id = $1", [target])
        let edited = rules + "/MD/CPRS.yaml"
        try (try String(contentsOfFile: edited, encoding: .utf8) + "# reviewed\n").write(toFile: edited, atomically: true, encoding: .utf8)

        let second = try night()
        let previous = try #require(first.changes["run_id"] as? Int)
        #expect(second.changes["previous_run_id"] as? Int == previous)
        let changed = second.changes["credentials"] as! [[String: Any]]
        #expect(changed.count == 1)
        #expect(changed.first?["certification_id"] as? Int == target)
        #expect(changed.first?["change"] as? String == "verdict_changed")
        #expect(changed.first?["old_verdict"] as? String == "compliant")
        #expect(changed.first?["new_verdict"] as? String == "suspended")
        let files = second.changes["rule_files"] as! [[String: Any]]
        #expect(files.count == 1)
        #expect((files.first?["path"] as? String)?.hasSuffix("MD/CPRS.yaml") == true)
        #expect(files.first?["change"] as? String == "changed")
        #expect(try CSVFile.rows(second.directory + "/changes.csv").count == 2)
        let html = try String(contentsOfFile: second.directory + "/report.html", encoding: .utf8)
        #expect(html.contains("MD/CPRS.yaml"))
        // Queryable in PostgreSQL.
        let secondRun = try #require(second.changes["run_id"] as? Int)
        let stored = try connection.execute("SELECT certification_id, change FROM peercert.credential_changes WHERE run_id = $1", [secondRun]).rows
        #expect(stored.map { $0.int(0) } == [target])
        #expect(stored.first?.string(1) == "verdict_changed")

        let third = try night()
        #expect(third.changes["previous_run_id"] as? Int == secondRun)
        #expect((third.changes["credentials"] as! [Any]).isEmpty)
        #expect((third.changes["rule_files"] as! [Any]).isEmpty)
        #expect((third.changes["counts"] as! [String: Int]).values.allSatisfy { $0 == 0 })
    }
}
