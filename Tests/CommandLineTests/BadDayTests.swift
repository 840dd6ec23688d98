import Foundation
import PGClient
import PeerTestSupport
import Testing

/// The database's and the disk's bad days, end to end: a run is `succeeded` exactly when its
/// results and its report directory both exist, and whatever fails, the next run is complete.
@Suite struct BadDayTests {
    /// The disk fills while the run writes its last report file (receipt.json, written just before
    /// the results commit): Tests/Support/enospc.c, preloaded, answers that file's writes with ENOSPC.
    @Test func aFullDiskOnTheLastFileLeavesAFailedRunWithNoResults() throws {
        let (database, out) = try Tool.seeded("cli_disk_full", workers: 40, seed: 4)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        let shim = try Self.buildFullDiskShim()
        defer { try? FileManager.default.removeItem(atPath: shim) }

        let full = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out],
                                environment: ["LD_PRELOAD": shim, "PEERCERT_TEST_FULL_FILE": "/receipt.json"])
        #expect(full.status == 73, "\(full.stderr)")
        #expect(full.stderr.contains("receipt.json") && full.stderr.contains("No space left on device"), "\(full.stderr)")
        let connection = try database.connect()
        let failed = try connection.execute("SELECT id, status, report_dir FROM peercert.runs").rows
        #expect(failed.map { $0.string(1) } == ["failed"])
        #expect(failed.first?.string(2) == nil)
        for table in ["credential_results", "findings", "public_credentials"] {
            #expect(try connection.execute("SELECT count(*) FROM peercert.\(table)").scalar == "0", "\(table) holds rows of a failed run")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty, "a report or .partial directory was left behind")

        let next = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        try Self.expectSucceededExactlyWithResultsAndDirectory(connection)
    }

    /// The results connection is terminated mid-stream (a failover, an administrator's
    /// pg_terminate_backend): the run row is marked failed on a fresh connection, never left `running`.
    @Test func theResultsConnectionTerminatedMidRunEndsTheRunFailed() throws {
        let database = try TestDatabase.fresh("cli_results_terminated")
        defer { database.drop() }
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Population.make(20_000, in: database)

        let (process, stderr) = try Tool.start(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        try #require(Population.waitUntilMidStream(process, out: out), "the run never reached the middle of its stream")
        let killer = try database.connect()
        let terminated = try killer.execute("""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND query LIKE 'COPY peercert.credential_results%'
            """).rows.count
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(terminated == 1, "the results connection was not found mid-COPY")

        #expect(process.terminationStatus == 69, "\(log)")
        let runs = try killer.execute("SELECT status, failure, finished_at IS NOT NULL FROM peercert.runs").rows
        #expect(runs.map { $0.string(0) } == ["failed"], "\(log)")
        #expect(runs.first?.string(2) == "t")
        #expect(try killer.execute("SELECT count(*) FROM peercert.credential_results").scalar == "0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty, "a report or .partial directory was left behind")

        let next = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        try Self.expectSucceededExactlyWithResultsAndDirectory(killer)
    }

    /// The server comes up while the run is still retrying (a restart, a failover, a boot race):
    /// the run waits for it and succeeds. Here its socket appears 1.5 s after the run starts.
    @Test func aServerThatComesUpDuringTheRetriesIsUsed() throws {
        let (database, out) = try Tool.seeded("cli_connect_retry", workers: 20, seed: 2)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        let environment = ProcessInfo.processInfo.environment
        let (host, port) = (try #require(environment["PGHOST"]), environment["PGPORT"] ?? "5432")
        let later = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: later) }

        let (process, stderr) = try Tool.start(["run", "--database", "host=\(later) port=\(port) dbname=\(database.name) user=\(TestDatabase.runnerLogin)",
                                                "--as-of", "2026-03-01", "--out", out, "--connect-retries", "6"])
        Thread.sleep(forTimeInterval: 1.5)
        try FileManager.default.createSymbolicLink(atPath: "\(later)/.s.PGSQL.\(port)", withDestinationPath: "\(host)/.s.PGSQL.\(port)")
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 0, "\(log)")
        #expect(log.contains("database not answering; retrying"), "\(log)")
        #expect(try database.connect().execute("SELECT status FROM peercert.runs").rows.map { $0.string(0) } == ["succeeded"])
    }

    /// Every run is either `succeeded` with results and its report directory, or not, with neither.
    static func expectSucceededExactlyWithResultsAndDirectory(_ connection: PGConnection) throws {
        for run in try connection.execute("""
            SELECT id, status, report_dir, (SELECT count(*) FROM peercert.credential_results r WHERE r.run_id = runs.id) FROM peercert.runs
            """).rows {
            let succeeded = run.string(1) == "succeeded"
            let directory = run.string(2).map { FileManager.default.fileExists(atPath: $0) } ?? false
            #expect(succeeded == directory, "run \(run.string(0) ?? "") is \(run.string(1) ?? "") with directory \(directory)")
            #expect(succeeded == (run.int(3)! > 0), "run \(run.string(0) ?? "") is \(run.string(1) ?? "") with \(run.int(3)!) results")
        }
    }

    static func buildFullDiskShim() throws -> String {
        let library = NSTemporaryDirectory() + "peercert-enospc-\(UUID().uuidString).so"
        var output = ""
        // The system's C compiler, or the Swift toolchain's clang.
        for compiler in ["cc", "clang"] {
            let built = try ExternalTool.run([compiler, "-shared", "-fPIC", "-O1", "-o", library,
                                              TestPaths.repositoryRoot + "/Tests/Support/enospc.c", "-ldl"])
            if built.ok { return library }
            output += built.output
        }
        throw TestSetupError("cannot build the full-disk shim: \(output)")
    }
}
