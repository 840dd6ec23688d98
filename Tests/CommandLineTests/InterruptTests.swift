import Foundation
import PeerTestSupport
import Testing

/// How Kubernetes and systemd stop a job: SIGTERM, mid-run. The run must end failed and clean.
@Suite struct InterruptTests {
    @Test(arguments: [("SIGTERM", Int32(143)), ("SIGINT", Int32(130))])
    func aSignalMidRunLeavesNothingBehindAndTheNextRunSucceeds(signal: String, status: Int32) throws {
        let database = try TestDatabase.fresh("cli_signal_\(status)")
        defer { database.drop() }
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let seed = try Tool.run(["seed", "--database", database.conninfo, "--workers", "12000", "--seed", "8", "--as-of", "2026-03-01"])
        #expect(seed.status == 0, "\(seed.stderr)")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tool.executable)
        process.arguments = ["run", "--database", database.conninfo, "--as-of", "2026-03-01", "--out", out, "--log-format", "json"]
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.repositoryRoot)
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // Mid-stream for certain: the partial directory's compliance.json has had a 1 MiB block written.
        let deadline = Date().addingTimeInterval(120)
        var midStream = false
        while Date() < deadline && process.isRunning {
            let partial = (try? FileManager.default.contentsOfDirectory(atPath: out))?.first { $0.hasSuffix(".partial") }
            if let partial, let size = try? FileManager.default.attributesOfItem(atPath: "\(out)/\(partial)/compliance.json")[.size] as? Int,
               size >= 1 << 20 {
                midStream = true
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
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

        let next = try Tool.run(["run", "--database", database.conninfo, "--as-of", "2026-03-01", "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try connection.execute("SELECT status FROM peercert.runs ORDER BY id").rows.map { $0.string(0) } == ["failed", "succeeded"])
    }
}
