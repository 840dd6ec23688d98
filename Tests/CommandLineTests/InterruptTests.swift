import Foundation
import PeerTestSupport
import Testing

/// How Kubernetes and systemd stop a job: SIGTERM, mid-run of 100,000 workers. The run must end failed and clean.
@Suite struct InterruptTests {
    @Test(arguments: [("SIGTERM", Int32(143)), ("SIGINT", Int32(130))])
    func aSignalMidRunLeavesNothingBehindAndTheNextRunSucceeds(signal: String, status: Int32) throws {
        let database = try TestDatabase.fresh("cli_signal_\(status)")
        defer { database.drop() }
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Population.make100000(in: database)

        let (process, stderr) = try Tool.start(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out,
                                                "--log-format", "json"])

        let midStream = Population.waitUntilMidStream(process, out: out)
        try #require(midStream, "the run never reached the middle of its stream")
        if signal == "SIGTERM" { process.terminate() } else { process.interrupt() }
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status, "\(log)")
        #expect(log.contains("interrupted by \(signal)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty, "a report or .partial directory was left behind")
        let connection = try database.connect()
        let runs = try connection.execute("SELECT status, failure FROM peercert.runs ORDER BY id").rows
        #expect(runs.map { $0.string(0) } == ["failed"])
        #expect(runs.first?.string(1)?.contains(signal) == true)
        #expect(try connection.execute("SELECT count(*) FROM peercert.credential_results").scalar == "0")
        #expect(try connection.execute("SELECT count(*) FROM peercert.findings").scalar == "0")

        let next = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try connection.execute("SELECT status FROM peercert.runs ORDER BY id").rows.map { $0.string(0) } == ["failed", "succeeded"])
    }
}

/// A stop must be answered even while the reader is blocked inside libpq (here: waiting for a
/// table another session has locked), or the job is SIGKILLed with its run row still `running`.
@Suite struct BlockedStopTests {
    @Test func sigtermWhileTheReaderWaitsOnALockEndsTheRunCleanly() throws {
        let database = try TestDatabase.fresh("cli_signal_blocked")
        defer { database.drop() }
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try Tool.run(["seed", "--database", database.conninfo, "--workers", "50", "--seed", "3", "--as-of", "2026-03-01"]).status == 0)
        let locker = try database.connect()
        try locker.execute("BEGIN")
        try locker.execute("LOCK TABLE peercert.training_records IN ACCESS EXCLUSIVE MODE")

        let (process, stderr) = try Tool.start(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        // Blocked for certain: the run's partial directory exists and its reader waits for the lock.
        let watcher = try database.connect()
        var blocked = false
        for _ in 0..<600 where process.isRunning {
            let waiting = try watcher.execute("""
                SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%training_records%'
                """).scalar
            if waiting == "1", (try FileManager.default.contentsOfDirectory(atPath: out)).contains(where: { $0.hasSuffix(".partial") }) {
                blocked = true
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try #require(blocked, "the run never blocked on the locked table")
        process.terminate()
        // Liveness, not speed: a stop that is never answered would wait for the lock forever.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try locker.execute("ROLLBACK")

        #expect(process.terminationReason == .exit, "the run did not answer SIGTERM while blocked")
        #expect(process.terminationStatus == 143, "\(log)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
        #expect(try watcher.execute("SELECT status FROM peercert.runs").rows.map { $0.string(0) } == ["failed"])
    }
}

/// Workers made in SQL (the seeder would take minutes in a debug build): each holds a PA CPS
/// certificate and has a training record, so every credential gets full findings.
enum Population {
    static func make100000(in database: TestDatabase) throws { try make(100_000, in: database) }

    static func make(_ count: Int, in database: TestDatabase) throws {
        try database.connect().executeScript("""
            INSERT INTO peercert.workers (id, full_name, birth_date, residence_state, work_state)
                SELECT g, 'Worker ' || g, date '1970-01-01' + g % 9000, 'PA', 'PA' FROM generate_series(1, \(count)) g;
            INSERT INTO peercert.certifications (worker_id, state, credential, number, status, applied_on, issued_on, expires_on)
                SELECT g, 'PA', 'CPS', 'PA-CPS-' || g, 'active', date '2024-01-01', date '2024-02-01', date '2026-02-01' + g % 700
                FROM generate_series(1, \(count)) g;
            INSERT INTO peercert.training_records (worker_id, hours, domain, delivery_mode, completed_on)
                SELECT g, 60, 'peer_support_core', 'classroom', date '2023-06-01' FROM generate_series(1, \(count)) g;
            ANALYZE;
            """, doing: "making \(count) workers")
    }

    /// Waits until the run's partial directory holds at least 1 MiB of compliance.json: mid-stream for certain.
    static func waitUntilMidStream(_ process: Process, out: String) -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && process.isRunning {
            let partial = (try? FileManager.default.contentsOfDirectory(atPath: out))?.first { $0.hasSuffix(".partial") }
            if let partial, let size = try? FileManager.default.attributesOfItem(atPath: "\(out)/\(partial)/compliance.json")[.size] as? Int,
               size >= 1 << 20 {
                return true
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }
}

/// SIGKILL (or a crash) gives the run no chance to clean up: the next run of the same shard must.
@Suite struct KilledRunTests {
    @Test func theNextRunMarksAKilledRunFailedAndRemovesItsPartialDirectory() throws {
        let database = try TestDatabase.fresh("cli_sigkill")
        defer { database.drop() }
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Population.make100000(in: database)
        let (process, _) = try Tool.start(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        try #require(Population.waitUntilMidStream(process, out: out), "the run never reached the middle of its stream")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let connection = try database.connect()
        #expect(try connection.execute("SELECT status FROM peercert.runs").rows.map { $0.string(0) } == ["running"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).contains { $0.hasSuffix(".partial") })

        // Another shard plan does not touch it: its lock says nothing about this run.
        let shard = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out, "--shard", "0/50"])
        #expect(shard.status == 0, "\(shard.stderr)")
        #expect(try connection.execute("SELECT status FROM peercert.runs WHERE id = 1").scalar == "running")

        let next = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("marked an abandoned run failed"))
        let runs = try connection.execute("SELECT id, status, failure FROM peercert.runs ORDER BY id").rows
        #expect(runs.map { $0.string(1) } == ["failed", "succeeded", "succeeded"])
        #expect(runs[0].string(2)?.hasPrefix("abandoned") == true)
        #expect(try !FileManager.default.contentsOfDirectory(atPath: out).contains { $0.hasSuffix(".partial") })
    }
}
