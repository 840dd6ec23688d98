import Foundation
import PeerTestSupport
import Testing

/// Reports sized for people, with the audit trail kept: `--detail full` writes every trail, `explain`
/// gives one worker the same trail, and every JSON file validates against its committed schema.
@Suite(.serialized) struct DetailAndExplainTests {
    static let asOf = "2026-03-01"

    struct Night {
        let database: TestDatabase
        let out: String
        func run(_ extra: [String] = []) throws -> String {
            let run = try Tool.run(["run", "--database", database.runner, "--as-of", DetailAndExplainTests.asOf, "--out", out] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            let line = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("reports: ") })
            return String(line.dropFirst("reports: ".count))
        }
    }

    static func night(_ name: String, workers: Int) throws -> Night {
        let database = try TestDatabase.fresh(name)
        let seed = try Tool.run(["seed", "--database", database.conninfo, "--workers", String(workers), "--seed", "11", "--as-of", asOf])
        #expect(seed.status == 0, "\(seed.stderr)")
        return Night(database: database, out: try Tool.temporaryDirectory())
    }

    @Test func fullDetailWritesEveryTrailAndExplainGivesTheSame() throws {
        let night = try Self.night("cli_detail", workers: 250)
        defer { night.database.drop(); try? FileManager.default.removeItem(atPath: night.out) }
        let standard = try night.run()
        let full = try night.run(["--detail", "full"])

        let standardJSON = try JSONFile.object(standard + "/compliance.json")
        let fullJSON = try JSONFile.object(full + "/compliance.json")
        #expect(standardJSON["detail"] as? String == "standard")
        #expect(fullJSON["detail"] as? String == "full")
        let credentials = fullJSON["credentials"] as! [[String: Any]]
        #expect((fullJSON["compliant"] as! [Any]).isEmpty, "full detail writes every credential as an object")
        let total = (fullJSON["summary"] as! [String: Any])["findings"] as! Int
        #expect(credentials.reduce(0) { $0 + ($1["findings"] as! [Any]).count } == total)
        // Same verdicts either way; only how much is written differs.
        let standardCredentials = try JSONFile.credentials(standardJSON)
        #expect(standardCredentials.map { $0["verdict"] as! String } == (try JSONFile.credentials(fullJSON)).map { $0["verdict"] as! String })
        #expect(try CSVFile.rows(full + "/compliance.csv").count - 1 == total)

        // The audit trail costs space: the default files are far smaller than the full ones.
        func size(_ directory: String) throws -> Int {
            try ["compliance.json", "compliance.csv"].reduce(0) {
                $0 + (try FileManager.default.attributesOfItem(atPath: "\(directory)/\($1)")[.size] as! Int)
            }
        }
        let (small, large) = (try size(standard), try size(full))
        #expect(small * 4 < large, "standard \(small) bytes, full \(large) bytes")

        // explain, for a worker with a credential that is not compliant and one that is.
        let notCompliant = try #require(credentials.first { ["non_compliant", "pending", "error"].contains($0["verdict"] as! String) })
        let compliant = try #require(credentials.first { $0["verdict"] as? String == "compliant" })
        for worker in [notCompliant["worker_id"] as! Int, compliant["worker_id"] as! Int] {
            let explain = try Tool.run(["explain", "--database", night.database.conninfo, "--worker", String(worker), "--as-of", Self.asOf, "--json"])
            #expect(explain.status == 0, "\(explain.stderr)")
            let trace = try JSONFile.object(text: explain.stdout)
            let fromRun = credentials.filter { $0["worker_id"] as? Int == worker }
            let fromExplain = trace["credentials"] as! [[String: Any]]
            #expect(fromExplain.count == fromRun.count)
            for (a, b) in zip(fromExplain, fromRun) { #expect(NSDictionary(dictionary: a).isEqual(to: b), "worker \(worker)") }

            let file = night.out + "/explain-\(worker).json"
            try explain.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            let check = try Schemas.validate(file, against: "explain.schema.json")
            #expect(check.ok, "\(check.output)")
        }

        // The text form names each requirement with its verdict and evidence.
        let worker = notCompliant["worker_id"] as! Int
        let key = "\(notCompliant["state"] as! String)/\(notCompliant["credential"] as! String)"
        let text = try Tool.run(["explain", "--database", night.database.conninfo, "--worker", String(worker), "--credential", key,
                                 "--as-of", Self.asOf])
        #expect(text.status == 0, "\(text.stderr)")
        for finding in notCompliant["findings"] as! [[String: Any]] {
            #expect(text.stdout.contains("\(finding["verdict"] as! String)"))
            #expect(text.stdout.contains(finding["requirement"] as! String))
        }
        #expect(text.stdout.contains("first action:"))

        let missing = try Tool.run(["explain", "--database", night.database.conninfo, "--worker", "987654321", "--as-of", Self.asOf])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no worker 987654321"))
    }

    @Test func realRunOutputValidatesAgainstTheCommittedSchemas() throws {
        let night = try Self.night("cli_schema", workers: 120)
        defer { night.database.drop(); try? FileManager.default.removeItem(atPath: night.out) }
        for directory in [try night.run(), try night.run(["--detail", "full"])] {
            for (file, schema) in [("compliance.json", "compliance.schema.json"), ("receipt.json", "receipt.schema.json")] {
                let check = try Schemas.validate("\(directory)/\(file)", against: schema)
                #expect(check.ok, "\(file): \(check.output)")
            }
        }
        // The validator really checks: a broken copy is refused, whether an object or a row is broken.
        let directory = try night.run()
        let broken = night.out + "/broken.json"
        let text = try String(contentsOfFile: directory + "/compliance.json", encoding: .utf8)
        for (good, bad) in [("\"subject\":\"requirement\"", "\"subject\":\"nonsense\""), ("\"holder\",\"compliant\"", "\"holder\",\"fine\"")] {
            #expect(text.contains(good))
            try text.replacing(good, with: bad).write(toFile: broken, atomically: true, encoding: .utf8)
            #expect(try !Schemas.validate(broken, against: "compliance.schema.json").ok, "\(bad)")
        }
    }
}
