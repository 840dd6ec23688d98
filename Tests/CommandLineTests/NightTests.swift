import Foundation
import PGClient
import PeerTestSupport
import Testing

/// A night made of shards (`run --shard k/n --night LABEL`, joined by the shard that completes it,
/// or by `finalize`) against the same night as one run, as the runner role.
@Suite struct NightTests {
    @Test func aNightOfThreeShardsJoinedEqualsTheSameNightAsOneRun() throws {
        let (database, out) = try Tool.seeded("cli_night", workers: 300, seed: 21)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        let connection = try database.connect()
        let whole = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out + "/whole"])
        try #require(whole.status == 0, "\(whole.stderr)")
        let wholeID = try #require(try connection.execute("SELECT max(id) FROM peercert.runs").scalar)
        let publishedByWhole = try Self.publicCredentials(connection)
        try #require(publishedByWhole.count > 100)

        for index in 0..<3 {
            let part = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out + "/night",
                                     "--shard", "\(index)/3", "--night", "2026-03-01-nightly"])
            #expect(part.status == 0, "\(part.stderr)")
            // Only the shard that completes the night joins it.
            #expect(part.stdout.contains("night 2026-03-01-nightly complete, joined") == (index == 2), "\(part.stdout)")
            if index < 2 { #expect(try Self.publicCredentials(connection) == publishedByWhole, "a shard published") }
        }
        let join = try #require(try connection.execute("""
            SELECT id, status, parts::text, workers, credentials, findings, report_dir FROM peercert.runs
            WHERE night = '2026-03-01-nightly' AND parts IS NOT NULL
            """).rows.first)
        let joinID = try #require(join.string(0))
        #expect(join.string(1) == "succeeded")
        let partIDs = try #require(try connection.execute(
            "SELECT array_agg(id ORDER BY shard)::text FROM peercert.runs WHERE night = '2026-03-01-nightly' AND parts IS NULL").scalar)
        #expect(partIDs == join.string(2))
        // The run history names the night and, for the join, its parts.
        let partList = partIDs.trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
        let shown = try Tool.run(["runs", "show", joinID, "--database", database.conninfo])
        #expect(shown.stdout.contains("night 2026-03-01-nightly, joined from runs " + partList.replacingOccurrences(of: ",", with: ", ")),
                "\(shown.stdout)")
        let shownJSON = try Tool.run(["runs", "show", joinID, "--database", database.conninfo, "--json"]).stdout
        let shownRun = try #require((try JSONSerialization.jsonObject(with: Data(shownJSON.utf8)) as? [String: Any])?["run"] as? [String: Any])
        #expect(shownRun["night"] as? String == "2026-03-01-nightly")
        #expect((shownRun["parts"] as? [Int])?.map(String.init).joined(separator: ",") == partList)
        #expect(try Tool.run(["runs", "list", "--database", database.conninfo]).stdout.contains("2026-03-01-nightly"))
        let counts = try connection.execute("SELECT workers, credentials, findings FROM peercert.runs WHERE id = $1", [wholeID]).rows[0]
        #expect([join.string(3), join.string(4), join.string(5)] == [counts.string(0), counts.string(1), counts.string(2)])

        // Identical verdicts, credential by credential and requirement by requirement, and the same written findings.
        let differing = try connection.execute("""
            SELECT count(*) FROM (SELECT * FROM peercert.credential_results WHERE run_id = $1) a
            FULL JOIN (SELECT * FROM peercert.credential_results WHERE run_id = $2) b USING (certification_id)
            WHERE a.verdict IS DISTINCT FROM b.verdict OR a.verdicts::text IS DISTINCT FROM b.verdicts::text OR a.first_action IS DISTINCT FROM b.first_action
            """, [wholeID, joinID]).scalar
        #expect(differing == "0")
        let findings = try connection.execute("""
            SELECT (SELECT count(*) FROM peercert.findings WHERE run_id = $1), (SELECT count(*) FROM peercert.findings WHERE run_id = $2)
            """, [wholeID, joinID]).rows[0]
        #expect(findings.string(0) == findings.string(1))
        #expect(try connection.execute("SELECT count(*) FROM peercert.credential_changes WHERE run_id = $1", [joinID]).scalar == "0",
                "the joined night differs from the same night run whole")
        #expect(try Self.publicCredentials(connection) == publishedByWhole)

        // The night's directory: `latest`, the credential rows of all parts, a receipt naming the parts.
        let directory = try #require(join.string(6))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/night/latest") == URL(fileURLWithPath: directory).lastPathComponent)
        let wholeDirectory = try #require(try connection.execute("SELECT report_dir FROM peercert.runs WHERE id = $1", [wholeID]).scalar)
        let joinedRows = try CSVFile.rows(directory + "/credentials.csv")
        let wholeRows = try CSVFile.rows(wholeDirectory + "/credentials.csv")
        #expect(joinedRows.first == wholeRows.first)
        #expect(joinedRows.dropFirst().sorted { $0.joined(separator: "\u{1}") < $1.joined(separator: "\u{1}") }
                == wholeRows.dropFirst().sorted { $0.joined(separator: "\u{1}") < $1.joined(separator: "\u{1}") })
        let receipt = try JSONFile.object(directory + "/receipt.json")
        #expect((receipt["parts"] as? [[String: Any]])?.map { $0["shard"] as? String } == ["0/3", "1/3", "2/3"])
        #expect(receipt["night"] as? String == "2026-03-01-nightly")
        let valid = try Schemas.validate(directory + "/receipt.json", against: "receipt.schema.json")
        #expect(valid.ok, "\(valid.output)")
        #expect(FileManager.default.fileExists(atPath: directory + "/report.html"))

        let again = try Tool.run(["finalize", "--database", database.runner, "--night", "2026-03-01-nightly", "--shards", "3", "--out", out + "/night"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("already joined"))
    }

    @Test func aNightWithAFailedShardPublishesNothingUntilTheShardRunsAgain() throws {
        let (database, out) = try Tool.seeded("cli_night_failed", workers: 120, seed: 22)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        let connection = try database.connect()
        let notADirectory = out + "/file"
        FileManager.default.createFile(atPath: notADirectory, contents: Data("x".utf8))
        for index in 0..<3 {
            let part = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--shard", "\(index)/3", "--night", "n2",
                                     "--out", index == 1 ? notADirectory : out + "/night", "--outbox", out + "/mail"])
            #expect(part.status == (index == 1 ? 73 : 0), "\(part.stderr)")
            #expect(!part.stdout.contains("joined"))
        }
        let finalize = try Tool.run(["finalize", "--database", database.runner, "--night", "n2", "--shards", "3", "--out", out + "/night"])
        #expect(finalize.status == 75, "\(finalize.stderr)")
        #expect(finalize.stderr.contains("shard 1/3 is failed"), "\(finalize.stderr)")
        #expect(try Self.publicCredentials(connection).isEmpty, "a night with a failed shard published its credentials")
        #expect(try connection.execute("SELECT count(*) FROM peercert.outbox").scalar == "0", "a shard planned reminders")
        #expect(try connection.execute("SELECT status FROM peercert.runs WHERE parts IS NOT NULL").rows.map { $0.string(0) } == ["failed"])
        let directories = try FileManager.default.contentsOfDirectory(atPath: out + "/night").sorted()
        #expect(directories.count == 2 && directories.allSatisfy { $0.contains("-shard") }, "\(directories)")

        // The failed shard run again replaces its part and completes the night.
        let rerun = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--shard", "1/3", "--night", "n2",
                                  "--out", out + "/night", "--outbox", out + "/mail"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("night n2 complete, joined"), "\(rerun.stdout)")
        #expect(try !Self.publicCredentials(connection).isEmpty)
        // The night's reminders are planned once, by the join, and written to the outbox.
        let joinID = try #require(try connection.execute("SELECT id FROM peercert.runs WHERE parts IS NOT NULL AND status = 'succeeded'").scalar)
        let planned = try connection.execute("SELECT count(*), count(*) FILTER (WHERE run_id = $1) FROM peercert.outbox", [joinID]).rows[0]
        #expect(planned.int(0)! > 0 && planned.int(0) == planned.int(1), "reminders: \(planned.string(0) ?? "") planned, \(planned.string(1) ?? "") by the join")
        #expect(try connection.execute("SELECT status FROM peercert.runs WHERE parts IS NOT NULL ORDER BY id").rows.map { $0.string(0) } == ["failed", "succeeded"])
        try BadDayTests.expectSucceededExactlyWithResultsAndDirectory(connection)
    }

    /// What employers see, without the run that published it.
    static func publicCredentials(_ connection: PGConnection) throws -> [String] {
        try connection.execute("""
            SELECT concat_ws('|', state, credential, number, name, level, endorsements::text, status, issued_on, expires_on, valid, as_of, worker_id, identity)
            FROM peercert.public_credentials ORDER BY 1
            """).rows.compactMap { $0.string(0) }
    }
}
