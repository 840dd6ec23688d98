import Foundation
import PGClient
import PeerTestSupport
import Testing

/// The built `peercert` tool, end to end, as a board's scheduler runs it.
@Suite struct RunCommandTests {
    @Test func aNightlyRunWritesReportsAndRecordsResults() throws {
        let database = try TestDatabase.fresh("cli_run")
        defer { database.drop() }
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }

        let seed = try Tool.run(["seed", "--database", database.conninfo, "--workers", "400", "--seed", "3", "--as-of", "2026-03-01"])
        #expect(seed.status == 0, "\(seed.stderr)")
        let run = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let reportLine = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("reports: ") })
        let directory = String(reportLine.dropFirst("reports: ".count))
        #expect(directory.hasPrefix(out))

        // Owner-only files, no leftovers of the temporary directory (the findings spool included), a `latest` link.
        let files = ["compliance.json", "compliance.csv", "credentials.csv", "changes.json", "changes.csv", "report.html", "standards.html", "receipt.json",
                     "reciprocity.json", "reciprocity.csv"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == (files + ["reciprocity"]).sorted())
        for name in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(directory)/\(name)")
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(!entries.contains { $0.hasSuffix(".partial") })
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(out)/latest") == (directory as NSString).lastPathComponent)

        let json = try JSONFile.object("\(directory)/compliance.json")
        let summary = json["summary"] as! [String: Any]
        let credentials = try JSONFile.credentials(json)
        #expect(summary["workers"] as? Int == 400)
        #expect(credentials.count == summary["credentials"] as? Int)
        // At standard detail only findings that are not met are written in full; met ones by id.
        let written = credentials.flatMap { $0["findings"] as! [[String: Any]] }
        #expect(!written.isEmpty)
        // A credential is an object when something is not met, otherwise a row of `compliant`.
        #expect(!(json["compliant"] as! [Any]).isEmpty)
        #expect((json["credentials"] as! [[String: Any]]).allSatisfy { !($0["findings"] as! [Any]).isEmpty })
        // Every finding's sources resolve to a citation of its rule file.
        let citations = json["sources"] as! [String: [String: Any]]
        let cited = written.filter { !($0["sources"] as! [String]).isEmpty }
        #expect(!cited.isEmpty)
        for finding in cited {
            let file = (finding["rule"] as! [String: Any])["file"] as! String
            for id in finding["sources"] as! [String] { #expect(citations[file]?[id] != nil, "\(file) cites \(id)") }
        }
        #expect(written.allSatisfy { $0["verdict"] as? String != "met" })
        let metIDs = credentials.reduce(0) { $0 + ($1["met"] as! [String]).count }
        #expect(metIDs + written.count == summary["findings"] as? Int)

        // compliance.csv has one row per finding written in full, credentials.csv one per credential;
        // the database holds the same.
        let csvRows = try CSVFile.rows("\(directory)/compliance.csv").count - 1
        let summaryRows = try CSVFile.rows("\(directory)/credentials.csv")
        #expect(summaryRows.count - 1 == credentials.count)
        #expect(csvRows == written.count)
        let connection = try database.connect()
        let row = try connection.execute("""
            SELECT r.status, r.workers, r.findings, (SELECT count(*) FROM peercert.findings f WHERE f.run_id = r.id),
                   (SELECT count(*) FROM peercert.credential_results c WHERE c.run_id = r.id), r.report_dir,
                   (SELECT count(*) FROM peercert.findings f WHERE f.run_id = r.id AND f.verdict = 'met'),
                   (SELECT sum((SELECT count(*) FROM json_object_keys(c.verdicts))) FROM peercert.credential_results c WHERE c.run_id = r.id)
            FROM peercert.runs r ORDER BY id DESC LIMIT 1
            """).row(0)
        #expect(row.string(0) == "succeeded")
        #expect(row.int(1) == 400)
        #expect(row.int(2) == summary["findings"] as? Int)
        #expect(row.int(3) == csvRows)
        #expect(row.int(4) == credentials.count)
        #expect(row.string(5) == directory)
        #expect(row.int(6) == 0)
        #expect(row.int(7) == summary["findings"] as? Int)
        // The summary row's verdict and first action agree with the JSON.
        let header = summaryRows[0]
        let verdictColumn = try #require(header.firstIndex(of: "verdict"))
        let actionColumn = try #require(header.firstIndex(of: "first_action"))
        for (credential, csv) in zip(credentials, summaryRows.dropFirst()) {
            #expect(csv[verdictColumn] == credential["verdict"] as? String)
            let action = credential["first_action"] as? [String: Any]
            #expect(csv[actionColumn].isEmpty == (action == nil))
            #expect((action == nil) == (credential["verdict"] as? String == "compliant"))
        }

        // A second run the same night works and gets its own directory.
        let again = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stdout.contains(directory + "\n"))
    }

    @Test func shardsPartitionTheWorkers() throws {
        let database = try TestDatabase.fresh("cli_shards")
        defer { database.drop() }
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try Tool.run(["seed", "--database", database.conninfo, "--workers", "300", "--seed", "4", "--as-of", "2026-03-01"]).status == 0)
        for shard in ["0/2", "1/2"] {
            let run = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out, "--shard", shard])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("-shard\(shard.first!)of2"))
        }
        let connection = try database.connect()
        let rows = try connection.execute("SELECT workers FROM peercert.runs WHERE status = 'succeeded' ORDER BY id").rows.compactMap { $0.int(0) }
        #expect(rows.count == 2)
        #expect(rows.reduce(0, +) == 300)
        #expect(rows.allSatisfy { $0 > 0 && $0 < 300 })
        let overlap = try connection.execute("""
            SELECT count(*) FROM (SELECT worker_id FROM peercert.credential_results GROUP BY worker_id HAVING count(DISTINCT run_id) > 1) both_shards
            """).scalar
        #expect(overlap == "0")
        #expect(!FileManager.default.fileExists(atPath: out + "/latest"))
    }

    @Test func brokenRecordsBecomeDataErrorsAndEveryoneElseIsStillChecked() throws {
        let database = try TestDatabase.fresh("cli_broken")
        defer { database.drop() }
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try Tool.run(["seed", "--database", database.conninfo, "--workers", "200", "--seed", "5", "--as-of", "2026-03-01"]).status == 0)
        let connection = try database.connect()
        // A legacy import that predates the hours check: the row is in, the constraint is back (NOT VALID).
        let broken = try connection.execute("""
            SELECT c.worker_id, c.id FROM peercert.certifications c
            WHERE c.status = 'active' ORDER BY c.worker_id LIMIT 4
            """).rows.map { ($0.int(0)!, $0.int(1)!) }
        try #require(broken.count == 4)
        try connection.executeScript("""
            ALTER TABLE peercert.training_records DROP CONSTRAINT training_records_hours_check;
            INSERT INTO peercert.training_records (id, worker_id, hours, domain, delivery_mode, completed_on)
                OVERRIDING SYSTEM VALUE VALUES (900001, \(broken[0].0), -4, 'peer_support_core', 'classroom', '2024-01-01');
            ALTER TABLE peercert.training_records ADD CONSTRAINT training_records_hours_check CHECK (hours >= 0) NOT VALID;
            INSERT INTO peercert.training_records (id, worker_id, hours, domain, delivery_mode, completed_on)
                OVERRIDING SYSTEM VALUE VALUES (900002, \(broken[1].0), 5, 'peer_support_core', 'classroom', '2026-09-09');
            INSERT INTO peercert.exam_records (id, worker_id, exam_code, score, passed, taken_on)
                OVERRIDING SYSTEM VALUE VALUES (900003, \(broken[2].0), 'NOT-AN-EXAM', 90, true, '2024-01-01');
            -- One element holding a comma, and a NULL: read as PostgreSQL writes arrays, not split on commas.
            UPDATE peercert.certifications SET endorsements = ARRAY['mhps,rsps', NULL] WHERE id = \(broken[3].1);
            """, doing: "simulating a legacy import")

        let run = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        func dataErrors(_ worker: Int) throws -> [String] {
            try connection.execute("""
                SELECT reason FROM peercert.findings WHERE run_id = (SELECT max(id) FROM peercert.runs)
                AND worker_id = $1 AND verdict = 'data_error'
                """, [worker]).rows.compactMap { $0.string(0) }
        }
        #expect(try dataErrors(broken[0].0).contains { $0.contains("training_records#900001") && $0.contains("-4 is negative") })
        #expect(try dataErrors(broken[1].0).contains { $0.contains("training_records#900002") && $0.contains("after the as-of date") })
        #expect(try dataErrors(broken[2].0).contains { $0.contains("exam_records#900003") && $0.contains("unknown exam code 'NOT-AN-EXAM'") })
        let endorsementErrors = try dataErrors(broken[3].0).filter { $0.contains("defines no endorsement") }
        #expect(endorsementErrors.count == 2, "\(endorsementErrors)")
        #expect(endorsementErrors.contains { $0.contains("'mhps,rsps'") })
        #expect(endorsementErrors.contains { $0.contains("endorsement ''") })
        let verdict = try connection.execute("""
            SELECT verdict FROM peercert.credential_results WHERE run_id = (SELECT max(id) FROM peercert.runs) AND certification_id = $1
            """, [broken[0].1]).scalar
        #expect(verdict == "error")
        let checked = try connection.execute("SELECT workers FROM peercert.runs ORDER BY id DESC LIMIT 1").scalar
        #expect(checked == "200")
    }

    @Test func anUnreachableDatabaseFailsInOneLineAndWritesNothing() throws {
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Tool.run(["run", "--database", "host=/nonexistent/pgsocket port=5999 dbname=x connect_timeout=3",
                                "--out", out + "/reports", "--connect-retries", "1"])
        #expect(run.status == 69)
        #expect(run.stderr.contains("(2 attempts)"), "\(run.stderr)")
        // The log says the rules loaded; the failure itself is one line.
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("peercert:") }
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("/nonexistent/pgsocket"))
        #expect(run.stderr.contains("5999"))
        #expect(!FileManager.default.fileExists(atPath: out + "/reports"))
    }

    /// --read-database: the input comes from there (a read replica), the results go to --database.
    @Test func theInputIsReadFromTheReadDatabase() throws {
        let (database, out) = try Tool.seeded("cli_read_replica", workers: 30, seed: 3)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        let missing = try Tool.run(["run", "--database", database.runner, "--read-database", "dbname=peercert_no_such_replica",
                                    "--as-of", "2026-03-01", "--out", out])
        #expect(missing.status == 69, "\(missing.stderr)")
        #expect(missing.stderr.contains("peercert_no_such_replica") && !missing.stderr.contains("attempts"), "\(missing.stderr)")
        let replica = try Tool.run(["run", "--database", database.runner, "--read-database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(replica.status == 0, "\(replica.stderr)")
        #expect(try database.connect().execute("SELECT status, workers FROM peercert.runs ORDER BY id").rows.map { "\($0.string(0)!) \($0.string(1) ?? "-")" }
                == ["failed -", "succeeded 30"])
    }

    @Test func aBrokenRuleFileStopsTheRunBeforeAnythingIsWritten() throws {
        let database = try TestDatabase.fresh("cli_badrules")
        defer { database.drop() }
        let work = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.copyItem(atPath: TestPaths.repositoryRoot + "/rules", toPath: work + "/rules")
        let file = work + "/rules/PA/CPS.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacing("total_hours: 75", with: "total_hours: \"75\"").write(toFile: file, atomically: true, encoding: .utf8)

        let run = try Tool.run(["run", "--database", database.runner, "--rules", work + "/rules", "--out", work + "/reports"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("/rules/PA/CPS.yaml:"))
        #expect(run.stderr.contains("total_hours is given as text"))
        #expect(!FileManager.default.fileExists(atPath: work + "/reports"))
        let connection = try database.connect()
        #expect(try connection.execute("SELECT count(*) FROM peercert.runs").scalar == "0")
    }

    @Test func theShippedRulesPassTheirCheck() throws {
        let check = try Tool.run(["rules", "check", TestPaths.repositoryRoot + "/rules"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("no problems"))
    }

    /// Dates near the end of the calendar would overflow a horizon or a renewal cycle: refused as usage, never a crash.
    @Test(arguments: ["9999-10-01", "3000-01-01", "1899-12-31", "2025-02-30"])
    func anAsOfOutsideTheSupportedYearsIsAUsageError(asOf: String) throws {
        let run = try Tool.run(["run", "--database", "dbname=unused", "--as-of", asOf, "--out", NSTemporaryDirectory() + "/peercert-unused"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--as-of"))
    }

    @Test func runningWithoutMigrationsSaysWhatToDo() throws {
        let database = try TestDatabase.fresh("cli_nomigrate", migrated: false)
        defer { database.drop() }
        let run = try Tool.run(["run", "--database", database.conninfo, "--out", NSTemporaryDirectory() + "/peercert-unused"])
        #expect(run.status == 78)
        #expect(run.stderr.contains("peercert db migrate"))
    }
}

/// Runs the built tool from the repository root (where rules/ and sql/ are).
enum Tool {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var executable: String {
        ProcessInfo.processInfo.environment["PEERCERT_BIN"] ?? TestPaths.repositoryRoot + "/.build/debug/peercert"
    }

    /// `environment` is added to the test's own.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestSetupError("\(executable) is missing: build it first (scripts/test does) or set PEERCERT_BIN")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.repositoryRoot)
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read before waiting, so a large output cannot fill the pipe and stall the child.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    /// Starts the tool without waiting (to signal it mid-run); stdout is discarded, stderr is the pipe returned.
    static func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.repositoryRoot)
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        return (process, stderr)
    }

    /// A fresh database seeded by the tool, and a scratch directory for reports: the caller drops and removes both.
    static func seeded(_ label: String, workers: Int, seed: Int, asOf: String = "2026-03-01") throws -> (database: TestDatabase, out: String) {
        let database = try TestDatabase.fresh(label)
        let seeded = try run(["seed", "--database", database.conninfo, "--workers", String(workers), "--seed", String(seed), "--as-of", asOf])
        guard seeded.status == 0 else {
            database.drop()
            throw TestSetupError("seeding failed: \(seeded.stderr)")
        }
        return (database, try temporaryDirectory())
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "peercert-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
