import Foundation
import PGClient
import PeerTestSupport
import Testing

/// `run --metrics-file`: node_exporter's textfile, read back with prometheus_client (PyPI), written
/// after a successful run and left alone by a failed one.
@Suite struct MetricsFileTests {
    static func samples(_ path: String) throws -> [[String: Any]] {
        let parsed = try ExternalTool.run(["python3", TestPaths.repositoryRoot + "/Tests/Support/parse-metrics.py", path])
        #expect(parsed.ok, "\(parsed.output)")
        return try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [[String: Any]] ?? []
    }

    @Test func aSuccessfulRunWritesItsFiguresAndAFailedOneLeavesThem() throws {
        let (database, out) = try Tool.seeded("cli_metrics", workers: 120, seed: 6)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        let file = out + "/peercert.prom"
        let started = Date().timeIntervalSince1970
        let run = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out, "--metrics-file", file])
        #expect(run.status == 0, "\(run.stderr)")

        let samples = try Self.samples(file)
        func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            samples.first { $0["name"] as? String == name && ($0["labels"] as? [String: String] ?? [:]) == labels }?["value"] as? Double
        }
        #expect(value("peercert_run_workers") == 120)
        let credentials = samples.filter { $0["name"] as? String == "peercert_run_credentials" }.compactMap { $0["value"] as? Double }.reduce(0, +)
        #expect(run.stdout.contains("120 workers, \(Int(credentials)) credentials"), "\(run.stdout)")
        #expect(value("peercert_run_credentials", ["verdict": "compliant"]).map { $0 > 0 } == true)
        #expect(value("peercert_run_findings", ["verdict": "met"]).map { $0 > 0 } == true)
        let finished = try #require(value("peercert_run_last_success_timestamp_seconds"))
        #expect(finished >= started.rounded(.down) && finished <= Date().timeIntervalSince1970 + 1)
        #expect(value("peercert_mail_pending") == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
        #expect(try !FileManager.default.contentsOfDirectory(atPath: out).contains { $0.hasSuffix(".tmp") })

        // A run that fails leaves the last success's figures, so an alert on their age fires.
        let before = try String(contentsOfFile: file, encoding: .utf8)
        let failed = try Tool.run(["run", "--database", database.runner, "--rules", out + "/no-rules", "--out", out, "--metrics-file", file])
        #expect(failed.status == 65, "\(failed.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
    }
}
