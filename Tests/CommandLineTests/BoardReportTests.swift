import Foundation
import PeerTestSupport
import Testing

/// report.html and standards.html, rendered in headless Chromium: no console errors, no network
/// request, a screenshot and a PDF, charts and tables that agree with compliance.json and the
/// database, and every text value escaped.
@Suite(.serialized) struct BoardReportTests {
    static let asOf = "2026-03-01"
    static let hostileName = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"

    @Test func theBoardReportRendersAndAgreesWithTheRun() throws {
        let database = try TestDatabase.fresh("cli_board")
        let out = try Tool.temporaryDirectory()
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        let seed = try Tool.run(["seed", "--database", database.conninfo, "--workers", "150", "--seed", "21", "--as-of", Self.asOf])
        #expect(seed.status == 0, "\(seed.stderr)")
        let connection = try database.connect()
        // A worker whose credential needs action (so their name is on the page) gets a hostile name.
        try connection.execute("""
            UPDATE peercert.workers SET full_name = $1 WHERE id = (
                SELECT min(worker_id) FROM peercert.certifications WHERE status = 'active' AND expires_on < '2026-01-01')
            """, [Self.hostileName])
        let run = try Tool.run(["run", "--database", database.runner, "--as-of", Self.asOf, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let directory = String(try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("reports: ") }).dropFirst("reports: ".count))
        let report = try JSONFile.object(directory + "/compliance.json")
        let credentials = try JSONFile.credentials(report)

        let page = try Browser.render(directory + "/report.html", into: out)
        #expect((page["requests"] as! [String]).isEmpty, "\(page["requests"]!)")
        #expect((page["console"] as! [String]).isEmpty, "\(page["console"]!)")
        for (file, magic) in [("page.png", [0x89, 0x50, 0x4E, 0x47]), ("page.pdf", [0x25, 0x50, 0x44, 0x46])] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: out + "/" + file))
            #expect(bytes.count > 10_000 && Array(bytes.prefix(4)) == magic.map(UInt8.init), "\(file)")
        }
        // Escaped: the hostile name is text on the page, and the DOM has no script or image.
        #expect(page["elements"] as? Int == 0)
        #expect((page["text"] as! String).contains(Self.hostileName))

        // Headline tiles: the database's credential rows by verdict.
        let runID = try #require(report["run_id"] as? Int)
        var stored: [String: Int] = [:]
        for row in try connection.execute("SELECT verdict, count(*) FROM peercert.credential_results WHERE run_id = $1 GROUP BY verdict", [runID]).rows {
            stored[row.string(0)!] = row.int(1)!
        }
        let tiles = (page["tiles"] as! [[String: Any]]).map { ($0["verdict"] as! String, $0["count"] as! Int) }
        #expect(tiles.count == 8)
        for (verdict, count) in tiles { #expect(count == stored[verdict] ?? 0, "\(verdict)") }

        let bars = page["bars"] as! [[String: Any]]
        func chart(_ section: String) -> [String: Int] {
            bars.filter { $0["section"] as? String == section }.reduce(into: [:]) {
                $0["\($1["label"] as! String) \($1["key"] as! String)", default: 0] += $1["count"] as! Int
            }
        }
        // Verdicts by credential: every bar segment is that credential's count in compliance.json.
        var expected: [String: Int] = [:]
        for credential in credentials {
            expected["\(credential["state"] as! String)/\(credential["credential"] as! String) \(credential["verdict"] as! String)", default: 0] += 1
        }
        #expect(chart("verdicts") == expected)
        // The table beside the chart holds the same numbers.
        let verdictTable = try #require((page["tables"] as! [[String: Any]]).first { $0["section"] as? String == "verdicts" })
        let tableRows = verdictTable["rows"] as! [[String]]
        var fromTable: [String: Int] = [:]
        for row in tableRows.dropFirst() {
            for (verdict, count) in zip(tableRows[0].dropFirst(), row.dropFirst()) where Int(count)! > 0 { fromTable["\(row[0]) \(verdict)"] = Int(count)! }
        }
        #expect(fromTable == expected)

        // Expiring per month: held credentials in good standing expiring in each of the next 12 months.
        let months = (0..<12).map { offset in
            let start = Calendar(identifier: .gregorian).date(byAdding: .month, value: offset, to: ISO8601DateFormatter().date(from: "2026-03-01T00:00:00Z")!)!
            return String(ISO8601DateFormatter().string(from: start).prefix(7))
        }
        var expiring = Dictionary(uniqueKeysWithValues: months.map { ("\($0) expiring", 0) })
        for credential in credentials where credential["role"] as? String == "holder"
            && !["lapsed", "revoked", "suspended"].contains(credential["verdict"] as! String) {
            guard let expires = credential["expires_on"] as? String, expires >= Self.asOf else { continue }
            let key = "\(expires.prefix(7)) expiring"
            if expiring[key] != nil { expiring[key]! += 1 }
        }
        #expect(chart("expiring") == expiring.filter { $0.value > 0 })

        // Requirements most often not met: each bar is that requirement's count of findings not met.
        var misses: [String: Int] = [:]
        for credential in credentials {
            for finding in credential["findings"] as! [[String: Any]]
            where finding["subject"] as? String == "requirement" && ["not_met", "insufficient_evidence"].contains(finding["verdict"] as! String) {
                misses["\(credential["state"] as! String)/\(credential["credential"] as! String) \(finding["requirement"] as! String)", default: 0] += 1
            }
        }
        let missBars = chart("misses")
        #expect(!missBars.isEmpty)
        for (label, count) in missBars {
            let key = String(label.prefix { $0 != "(" }.dropLast())
            #expect(misses[key] == count, "\(label)")
        }
        #expect(missBars.values.min()! >= misses.values.sorted(by: >).prefix(15).last!)

        // The list of credentials needing action: every held credential that is non-compliant, at risk or lapsed.
        let needing = credentials.filter { $0["role"] as? String == "holder" && ["non_compliant", "at_risk", "lapsed"].contains($0["verdict"] as! String) }
        let action = try #require((page["tables"] as! [[String: Any]]).first { $0["section"] as? String == "action" })
        #expect((action["rows"] as! [[String]]).count - 1 == min(needing.count, 300))

        // The standards page, from the same rule files, renders the same way.
        let standards = try Browser.render(directory + "/standards.html", into: out)
        #expect((standards["requests"] as! [String]).isEmpty)
        #expect((standards["console"] as! [String]).isEmpty, "\(standards["console"]!)")
        let cells = standards["cells"] as! [[String: Any]]
        #expect(Set(cells.map { $0["alignment"] as! String }).isSubset(of: ["aligns", "stricter", "looser", "absent", "unknown", "not addressed"]))
        let compare = try Tool.run(["rules", "compare", "--as-of", Self.asOf])
        // Jurisdictions whose facts are all unknown are listed as unknown, not left out.
        #expect(compare.stdout.contains("unknown: Alaska, rules/AK/jurisdiction.yaml"))
        let marks = compare.stdout.split(separator: "\n").dropFirst(2).prefix { !$0.hasPrefix("S1 ") }
        #expect(cells.count == marks.count * ((cells.count / max(1, marks.count))))
        for line in marks {
            let key = String(line.split(separator: " ").first!)
            let row = cells.filter { ($0["row"] as! String).hasPrefix(key + " ") }.map { $0["alignment"] as! String }
            let symbols = row.map { ["aligns": "=", "stricter": "+", "looser": "-", "absent": "0", "unknown": "?"][$0] ?? "" }
            #expect(line.split(separator: " ").dropFirst().map(String.init) == symbols.filter { !$0.isEmpty }, "\(key)")
        }
    }
}
