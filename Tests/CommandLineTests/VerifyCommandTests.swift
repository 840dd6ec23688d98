import CSV
import Foundation
import PGClient
import PeerTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `peercert verify`, `keys` and `serve`, as employers and their systems use them, on a seeded and
/// evaluated database.
@Suite(.serialized) struct VerifyCommandTests {
    /// A seeded, evaluated database; two people are given one number, so that number is ambiguous.
    static func evaluated(_ label: String) throws -> (TestDatabase, PGConnection) {
        let database = try TestDatabase.fresh(label)
        #expect(try Tool.run(["seed", "--database", database.conninfo, "--workers", "300", "--seed", "11", "--as-of", "2026-03-01"]).status == 0)
        let connection = try database.connect()
        try connection.execute("""
            UPDATE peercert.certifications SET number = 'SHARED-1'
            WHERE id IN (SELECT min(id) FROM peercert.certifications WHERE state = 'GA' AND credential = 'CPS-MH' AND status = 'active'
                         GROUP BY worker_id ORDER BY 1 LIMIT 2)
            """)
        let out = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Tool.run(["run", "--database", database.runner, "--as-of", "2026-03-01", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        return (database, connection)
    }

    @Test func oneQuestionAnswersWithItsExitCode() throws {
        let (database, connection) = try Self.evaluated("verifyone")
        defer { database.drop() }
        let valid = try #require(try connection.execute("""
            SELECT state, credential, number FROM peercert.public_credentials WHERE valid AND number <> 'SHARED-1' ORDER BY number LIMIT 1
            """).rows.first)
        let invalid = try #require(try connection.execute("""
            SELECT state, credential, number FROM peercert.public_credentials WHERE NOT valid ORDER BY number LIMIT 1
            """).rows.first)
        let ask = { (arguments: [String]) in try Tool.run(["verify", "--database", database.conninfo, "--employer", "Test Employer"] + arguments) }

        let byNumber = try ask([valid.string(0)!, valid.string(1)!, valid.string(2)!])
        #expect(byNumber.status == 0, "\(byNumber.stderr)")
        #expect(byNumber.stdout.hasPrefix("VALID"))
        let notValid = try ask([invalid.string(0)!, invalid.string(1)!, invalid.string(2)!, "--json"])
        #expect(notValid.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(notValid.stdout.utf8)) as? [String: Any])
        #expect(json["outcome"] as? String == "not_valid")
        #expect(try ask(["GA", "CPS-MH", "NO-SUCH-NUMBER"]).status == 2)
        let shared = try ask(["GA", "CPS-MH", "SHARED-1"])
        #expect(shared.status == 3, "\(shared.stdout)")
        #expect(shared.stdout.contains("2 people"))
        #expect(try ask(["G", "CPS", "1"]).status == 64)

        // By person: the name as typed by someone else (case, spaces) still finds them.
        let person = try #require(try connection.execute("""
            SELECT upper(w.full_name), w.birth_date, p.state FROM peercert.public_credentials p JOIN peercert.workers w ON w.id = p.worker_id
            WHERE p.valid AND w.birth_date IS NOT NULL AND p.number <> 'SHARED-1' ORDER BY p.number LIMIT 1
            """).rows.first)
        let byPerson = try ask(["--name", " " + person.string(0)!.replacingOccurrences(of: " ", with: "  "), "--birth-date", person.string(1)!,
                                "--state", person.string(2)!.lowercased()])
        #expect(byPerson.status == 0, "\(byPerson.stdout)\(byPerson.stderr)")
        // Every question is in the audit, under the employer given.
        let audited = try connection.execute("SELECT count(*) FROM peercert.verification_audit WHERE employer = 'Test Employer' AND channel = 'cli'").scalar
        #expect(audited == "5")
    }

    @Test func aStaffListIsAnsweredRowForRowInOrder() throws {
        let (database, connection) = try Self.evaluated("verifybulk")
        defer { database.drop() }
        let published = try connection.execute("""
            SELECT p.state, p.credential, p.number, p.valid FROM peercert.public_credentials p WHERE p.number <> 'SHARED-1' ORDER BY random() LIMIT 200
            """).rows.map { [$0.string(0)!, $0.string(1)!, $0.string(2)!, $0.bool(3)! ? "valid" : "not_valid"] }
        var lines = ["employee_id,state,credential,number,name,birth_date"]
        var expected: [String] = []
        for (index, row) in published.enumerated() {
            lines.append("E\(index),\(row[0]),\(row[1]),\(row[2]),,")
            expected.append(row[3])
        }
        lines.append("E-bad-date,GA,,,Someone Else,1990-02-30"); expected.append("invalid_input")
        lines.append("E-missing,GA,CPS-MH,,,"); expected.append("invalid_input")
        lines.append("E-short,GA"); expected.append("invalid_input")
        lines.append("E-nobody,GA,CPS-MH,NOT-ISSUED,,"); expected.append("not_found")
        lines.append("E-shared,GA,CPS-MH,SHARED-1,,"); expected.append("ambiguous")
        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/staff.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)

        let result = try Tool.run(["verify", "--database", database.conninfo, "--csv", input])
        #expect(result.status == 0, "\(result.stderr)")
        let reader = try CSVReader(string: result.stdout, hasHeaderRow: true)
        #expect(reader.headerRow?.prefix(6) == ["employee_id", "state", "credential", "number", "name", "birth_date"])
        var rows: [[String: String]] = []
        while reader.next() != nil {
            rows.append(Dictionary(uniqueKeysWithValues: (reader.headerRow ?? []).map { ($0, reader[$0] ?? "") }))
        }
        // One output row per input row, in the input's order, each with its own columns first.
        #expect(rows.count == lines.count - 1)
        #expect(rows.map { $0["employee_id"] ?? "" } == lines.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[0]) })
        #expect(rows.map { $0["outcome"] ?? "" } == expected)
        let problems = rows.filter { $0["outcome"] == "invalid_input" }.map { $0["problem"] ?? "" }
        #expect(problems[0].contains("row \(published.count + 1) birth_date"), "\(problems)")
        #expect(problems[1].contains("row \(published.count + 2) number"), "\(problems)")
        #expect(problems[2].contains("row \(published.count + 3)"), "\(problems)")
        #expect(rows.last?["people"] == "2")
        #expect(result.stderr.contains("\(lines.count - 1) rows answered"))
        // Answers name the credential, never anything of the worker beyond the public fields.
        for secret in ["substance_use", "mental_health", "recovery"] {
            #expect(!result.stdout.contains(secret))
        }
    }

    @Test func theServerPassesSchemathesisAndStopsOnSIGTERM() throws {
        let (database, _) = try Self.evaluated("verifyserve")
        defer { database.drop() }
        let add = try Tool.run(["keys", "add", "Schemathesis", "--database", database.conninfo])
        #expect(add.status == 0, "\(add.stderr)")
        let key = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("pck_"))

        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/serve.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        // The access log goes to a file, not a pipe nobody drains while schemathesis runs.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Tool.executable)
        server.arguments = ["serve", "--database", database.conninfo, "--port", "0", "--rate-limit", "1000000"]
        server.currentDirectoryURL = URL(fileURLWithPath: TestPaths.repositoryRoot)
        server.standardOutput = FileHandle.nullDevice
        server.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var address: String?
        for _ in 0..<100 where address == nil {
            Thread.sleep(forTimeInterval: 0.1)
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            address = text.components(separatedBy: "serving on ").dropFirst().first?.components(separatedBy: "\n").first
        }
        let base = try #require(address, "the server did not say where it listens")
        #expect(base.hasPrefix("http://127.0.0.1:"))

        let (passed, report) = try ExternalTool.run(["schemathesis", "--config-file", TestPaths.repositoryRoot + "/Tests/Support/schemathesis.toml",
                                                     "run", base + "/openapi.json", "--header", "Authorization: Bearer \(key)",
                                                     "--max-examples", "25", "--seed", "1", "--generation-deterministic", "--no-color"])
        #expect(passed, "\(report)")
        #expect(report.contains("Tested: 4"), "\(report)")  // health, metrics, one credential, bulk

        server.terminate()  // SIGTERM
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // The access log names routes, never a credential number from the requests.
        #expect(text.contains("route=/v1/credentials/{state}/{credential}/{number}"))
        #expect(!text.contains("pck_"))
    }
}
