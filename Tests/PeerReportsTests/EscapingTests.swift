import CSV
import Foundation
import PeerEngine
import PeerReports
import PeerRules
import Testing

/// JSON and CSV escaping, checked by reading the output back with independent parsers.
@Suite struct EscapingTests {
    static let awkward = ["plain", "", "comma, inside", "quote \" inside", "line\nbreak", "crlf\r\nend", "tab\there",
                          "back\\slash", "bell\u{07}nul\u{00}esc\u{1B}", "del\u{7F}", "Zoë Ñúñez 名前 🙂", "</script>"]

    @Test(arguments: awkward)
    func jsonStringsReadBackUnchanged(_ text: String) throws {
        let literal = JSONText.literal(text)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(decoded == [text])
        // No raw control character survives inside the literal.
        #expect(!literal.unicodeScalars.contains { $0.value < 0x20 })
    }

    static func csv(_ fields: [String]) -> String {
        var bytes: [UInt8] = []
        CSVRow.append(fields, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func parse(_ text: String) throws -> [[String]] {
        let reader = try CSVReader(string: text)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return rows
    }

    @Test func csvRecordsReadBackUnchanged() throws {
        let safe = Self.awkward.filter { !$0.contains("\u{00}") }
        let text = Self.csv(safe) + Self.csv(["second", "row"])
        #expect(text.hasSuffix("\r\n"))
        #expect(try Self.parse(text) == [safe, ["second", "row"]])
    }

    /// OWASP's CSV-injection guidance: a cell starting with = + - @, tab or carriage return is a formula to a spreadsheet.
    @Test(arguments: [("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"),
                      ("\t=HYPERLINK(\"x\")", "'\t=HYPERLINK(\"x\")"), ("\r=1", "'\r=1"), ("-4", "-4"), ("+1.5", "+1.5"),
                      ("-", "'-"), ("1-2", "1-2"), ("a=b", "a=b"), ("-1.2.3", "'-1.2.3")])
    func formulaCellsAreNeutralised(cell: String, shown: String) throws {
        #expect(try Self.parse(Self.csv([cell, "x"])) == [[shown, "x"]])
    }

    @Test func aCredentialSummaryRowNamesTheFirstAction() throws {
        let key = CredentialKey(state: "XX", credential: "CPRS")
        func finding(_ id: String, _ verdict: Verdict, subject: FindingSubject? = nil, cure: String?) -> Finding {
            Finding(subject: subject ?? .requirement(id), verdict: verdict, state: "XX",
                    measurement: .recorded(RecordedFinding(kind: "training", measured: "m", required: "r", reason: "reason \(id)", cure: cure,
                                                           standard: nil)))
        }
        let findings = [finding("certification.period", .expiring, subject: .certificationPeriod, cure: "renew before 2026-05-01"),
                        finding("training", .notMet, cure: "complete 16 hours"), finding("exam", .met, cure: nil),
                        finding("ethics", .notMet, cure: nil)]
        let credential = CredentialEvaluation(workerID: 7, certification: RecordRef(table: "certifications", id: 70), key: key,
                                              number: "=HACK", level: nil, role: .holder, ruleVersion: Day(iso: "2020-01-01"),
                                              verdict: .nonCompliant, expiresOn: Day(iso: "2026-05-01"), findings: findings)
        var row: [UInt8] = []
        ReportCSV.appendSummary(credential, to: &row)
        let parsed = try Self.parse(String(decoding: row, as: UTF8.self))[0]
        #expect(parsed.count == ComplianceReport.credentialColumns.count)
        let column = { (name: String) in parsed[ComplianceReport.credentialColumns.firstIndex(of: name)!] }
        #expect(column("number") == "'=HACK")
        #expect(column("not_met") == "2")
        #expect(column("expiring") == "1")
        #expect(column("met") == "1")
        // Not met comes before expiring; the rule file's order breaks the tie between the two not met.
        #expect(column("first_action") == "training: complete 16 hours")

        var bytes: [UInt8] = []
        ReportJSON.appendCredential(credential, detail: .standard, to: &bytes)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(json["met"] as? [String] == ["exam"])
        #expect((json["findings"] as? [[String: Any]])?.map { $0["requirement"] as! String } == ["certification.period", "training", "ethics"])
        #expect((json["findings"] as? [[String: Any]])?.first?["subject"] as? String == "certification_period")
        #expect((json["first_action"] as? [String: Any])?["action"] as? String == "complete 16 hours")
    }
}
