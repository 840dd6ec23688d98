import Foundation
import PGClient
import PeerTestSupport
import Testing

/// A table locked by another session all night must not hang the nightly job: the run waits its
/// lock timeout, ends with exit 75 and a message saying what to do, and publishes nothing.
@Suite struct LockTimeoutTests {
    @Test func aLockedInputTableEndsTheRunAfterTheLockTimeout() throws {
        let (database, out) = try Tool.seeded("cli_lock", workers: 100, seed: 2)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }

        let holder = try database.connect()
        _ = try holder.execute("BEGIN")
        _ = try holder.execute("LOCK TABLE peercert.training_records IN ACCESS EXCLUSIVE MODE")
        let started = Date()
        let run = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out, "--lock-timeout", "2"])
        let seconds = Date().timeIntervalSince(started)
        #expect(run.status == 75, "\(run.stderr)")
        #expect(seconds < 30, "the run took \(seconds) s")
        #expect(run.stderr.contains("a table the run needs is locked by another session"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty, "nothing left in the report parent")
        let check = try database.connect()
        #expect(try check.execute("SELECT status FROM peercert.runs ORDER BY id DESC LIMIT 1").scalar == "failed")
        #expect(try check.execute("SELECT count(*) FROM peercert.public_credentials").scalar == "0")
        #expect(try check.execute("SELECT count(*) FROM peercert.credential_results").scalar == "0")

        _ = try holder.execute("ROLLBACK")
        let again = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out, "--lock-timeout", "2"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try check.execute("SELECT status FROM peercert.runs ORDER BY id DESC LIMIT 1").scalar == "succeeded")
    }

    @Test func aLockTimeoutOutsideItsRangeIsAUsageError() throws {
        let run = try Tool.run(["run", "--lock-timeout", "0"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--lock-timeout must be 1 to 86400 seconds"))
    }
}
