import Foundation
import PGClient
import PeerTestSupport
import Testing

/// Transfer requests through the built tool: a row of `peercert.transfer_requests` decided by the
/// nightly run into reciprocity.json/csv, the receiving state's CSV and report.html, and the same
/// decision from `peercert reciprocity check`.
@Suite struct ReciprocityCommandTests {
    @Test func aTransferRequestFlowsThroughTheNightlyRunAndAgreesWithReciprocityCheck() throws {
        let (database, out) = try Tool.seeded("cli_reciprocity", workers: 150, seed: 4)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }

        // A holder of an active credential asks Maryland for its CPRS; a withdrawn request of theirs is not decided.
        let connection = try database.connect()
        let held = try connection.execute("""
            SELECT worker_id, id, state || '/' || credential FROM peercert.certifications
            WHERE status = 'active' AND expires_on > '2026-06-01' AND (state, credential) <> ('MD', 'CPRS') ORDER BY worker_id LIMIT 1
            """).row(0)
        let (worker, certification, home) = (try #require(held.int(0)), try #require(held.int(1)), try #require(held.string(2)))
        let request = try #require(try connection.execute("""
            INSERT INTO peercert.transfer_requests (worker_id, certification_id, to_state, to_credential, requested_on)
            VALUES ($1, $2, 'MD', 'CPRS', '2026-02-20') RETURNING id
            """, [worker, certification]).row(0).int(0))
        _ = try connection.execute("""
            INSERT INTO peercert.transfer_requests (worker_id, certification_id, to_state, to_credential, requested_on, status)
            VALUES ($1, $2, 'NY', 'CRPA', '2026-02-21', 'withdrawn')
            """, [worker, certification])
        let pending = try #require(Int(try connection.execute("SELECT count(*) FROM peercert.transfer_requests WHERE status = 'pending'").scalar ?? ""))

        let run = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let directory = out + "/latest"
        let rows = try CSVFile.rows(directory + "/reciprocity.csv")
        let header = try #require(rows.first)
        #expect(header == ["request_id", "worker_id", "name", "home_credential", "home_number", "to_state", "to_credential", "outcome",
                           "agreement", "additions", "missing", "waived", "reason"])
        #expect(rows.count - 1 == pending)
        let row = try #require(rows.first { $0.first == String(request) })
        let field = { (name: String) in row[header.firstIndex(of: name)!] }
        #expect(field("worker_id") == String(worker) && field("home_credential") == home && field("to_state") == "MD")
        #expect(["eligible", "eligible_after_additions", "not_eligible"].contains(field("outcome")), "\(row)")
        #expect(!rows.contains { $0.count > 6 && $0[6] == "CRPA" && $0[1] == String(worker) }, "the withdrawn request was decided")
        let maryland = try CSVFile.rows(directory + "/reciprocity/MD.csv")
        #expect(maryland.contains(row))
        #expect(maryland.dropFirst().allSatisfy { $0[5] == "MD" })
        let schema = try Schemas.validate(directory + "/reciprocity.json", against: "reciprocity.schema.json")
        #expect(schema.ok, "\(schema.output)")
        let html = try String(contentsOfFile: directory + "/report.html", encoding: .utf8)
        #expect(html.contains("<section id=transfers><h2>Transfer requests (\(pending))</h2>"))

        // The same decision on demand: exit status by outcome, JSON in the run file's schema.
        let check = try Tool.run(["reciprocity", "check", "--database", database.conninfo, "--worker", String(worker), "--to", "MD/CPRS",
                                  "--from", home, "--as-of", "2026-03-01", "--json"])
        let expectedStatus: Int32 = switch field("outcome") { case "eligible": 0; case "eligible_after_additions": 1; default: 2 }
        #expect(check.status == expectedStatus, "\(check.stdout)\(check.stderr)")
        let answer = try JSONFile.object(text: check.stdout)
        let decision = try #require((answer["decisions"] as? [[String: Any]])?.first)
        #expect(decision["outcome"] as? String == field("outcome"))
        #expect(decision["reason"] as? String == field("reason"))
        let checked = out + "/check.json"
        try check.stdout.write(toFile: checked, atomically: true, encoding: .utf8)
        let checkSchema = try Schemas.validate(checked, against: "reciprocity.schema.json")
        #expect(checkSchema.ok, "\(checkSchema.output)")

        // The portability matrix over the same data: files in their schema, a heat map with the numbers beside it.
        let matrix = try Tool.run(["reciprocity", "matrix", "--database", database.conninfo, "--as-of", "2026-03-01", "--out", out])
        #expect(matrix.status == 0, "\(matrix.stderr)")
        let portability = try #require(try FileManager.default.contentsOfDirectory(atPath: out).first { $0.hasPrefix("portability-2026-03-01-") })
        let matrixSchema = try Schemas.validate("\(out)/\(portability)/portability.json", against: "portability.schema.json")
        #expect(matrixSchema.ok, "\(matrixSchema.output)")
        let pairs = try CSVFile.rows("\(out)/\(portability)/portability.csv")
        #expect(pairs.first == ["home", "target", "holders", "eligible", "eligible_after_additions", "not_eligible", "error",
                                "common_additions", "common_missing"])
        #expect(pairs.dropFirst().allSatisfy { row in Int(row[2])! == row[3...6].reduce(0) { $0 + Int($1)! } }, "each holder decided once per pair")
        let page = try String(contentsOfFile: "\(out)/\(portability)/portability.html", encoding: .utf8)
        #expect(page.contains("<svg role=img aria-labelledby=heatmap-title"))
        #expect(page.contains("data-home=\"\(home)\""))

        let unknown = try Tool.run(["reciprocity", "check", "--database", database.conninfo, "--worker", "999999", "--to", "MD/CPRS"])
        #expect(unknown.status == 66, "\(unknown.stderr)")
        let compare = try Tool.run(["reciprocity", "compare", "DE/CPRS", "MD/CPRS", "--as-of", "2026-03-01"])
        #expect(compare.status == 0)
        #expect(compare.stdout.contains("waived      exam [exam]"))
        #expect(compare.stdout.contains("addition    training-harm-reduction [training]"))
    }
}
