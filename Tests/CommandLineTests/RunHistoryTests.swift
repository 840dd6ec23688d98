import Foundation
import PeerTestSupport
import Testing

/// Run history and retention: `runs list`, `runs show`, and `db prune` removing old runs' results
/// while keeping the newest succeeded ones and never touching a run still running.
@Suite(.serialized) struct RunHistoryTests {
    @Test func runsAreListedShownAndPrunedOldestFirst() throws {
        let database = try TestDatabase.fresh("cli_history")
        let out = try Tool.temporaryDirectory()
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        let seed = try Tool.run(["seed", "--database", database.conninfo, "--workers", "40", "--seed", "5", "--as-of", "2026-03-01"])
        #expect(seed.status == 0, "\(seed.stderr)")
        let connection = try database.connect()
        // A run of another shard plan still running: older than every run kept, yet never pruned.
        let running = try #require(try connection.execute("""
            INSERT INTO peercert.runs (as_of, tool_version, rules_digest, shard) VALUES ('2026-03-01', 'test', 'test', '3/4')
            RETURNING id
            """).rows.first?.int(0))
        for _ in 0..<3 {
            let run = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let succeeded = try connection.execute("SELECT id FROM peercert.runs WHERE status = 'succeeded' ORDER BY id").rows.compactMap { $0.int(0) }
        #expect(succeeded.count == 3)

        let list = try Tool.run(["runs", "list", "--database", database.conninfo, "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let listed = try list.stdout.split(separator: "\n").map { try JSONFile.object(text: String($0)) }
        #expect(listed.compactMap { $0["id"] as? Int } == (succeeded + [running]).sorted(by: >))
        #expect(listed.first?["status"] as? String == "succeeded")
        let text = try Tool.run(["runs", "list", "--database", database.conninfo])
        #expect(text.stdout.split(separator: "\n").count == 5, "\(text.stdout)")

        let show = try Tool.run(["runs", "show", String(succeeded[0]), "--database", database.conninfo, "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        let shown = try JSONFile.object(text: show.stdout)
        let credentials = try #require((shown["run"] as? [String: Any])?["credentials"] as? Int)
        let byVerdict = try #require(shown["credential_verdicts"] as? [String: Int])
        #expect(credentials > 0 && byVerdict.values.reduce(0, +) == credentials)

        let prune = try Tool.run(["db", "prune", "--keep-runs", "1", "--batch-size", "7", "--database", database.conninfo])
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(prune.stdout.contains("pruned 2 runs (\(succeeded[0]), \(succeeded[1]))"), "\(prune.stdout)")
        let bytes = prune.stdout.split(separator: " ").firstIndex(of: "bytes").map { prune.stdout.split(separator: " ")[$0 - 1] }
        #expect(bytes.flatMap { Int($0) }.map { $0 > 0 } == true, "\(prune.stdout)")

        let remaining = try connection.execute("SELECT id FROM peercert.runs ORDER BY id").rows.compactMap { $0.int(0) }
        #expect(remaining == [running, succeeded[2]])
        for table in ["credential_results", "findings"] {
            let runs = try connection.execute("SELECT DISTINCT run_id FROM peercert.\(table)").rows.compactMap { $0.int(0) }
            #expect(runs == [succeeded[2]], "\(table)")
        }
        let gone = try Tool.run(["runs", "show", String(succeeded[0]), "--database", database.conninfo])
        #expect(gone.status == 66, "\(gone.stderr)")
        #expect(gone.stderr.contains("no run \(succeeded[0])"))

        let again = try Tool.run(["db", "prune", "--keep-runs", "1", "--database", database.conninfo])
        #expect(again.stdout.contains("pruned no runs"), "\(again.stdout)")
        let refused = try Tool.run(["db", "prune", "--keep-runs", "0", "--database", database.conninfo])
        #expect(refused.status == 64)
    }
}
