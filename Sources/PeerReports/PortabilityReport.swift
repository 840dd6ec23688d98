import PeerEngine
import PeerRules

/// `portability.csv`, `portability.json` (schemas/portability.schema.json) and `portability.html`
/// (a heat map in inline SVG and the same numbers as a table): for each home credential's active
/// holders and each other credential, who would be recognised and what most often stands in the way.
public enum PortabilityReport {
    public static let columns = ["home", "target", "holders", "eligible", "eligible_after_additions", "not_eligible", "error",
                                 "common_additions", "common_missing"]

    public static func write(_ matrix: PortabilityMatrix, asOf: Day, to directory: RunDirectory) throws(ReportError) {
        let rows = self.rows(matrix)
        var csv: [UInt8] = []
        CSVRow.append(columns, to: &csv)
        for row in rows { CSVRow.append(row.fields, to: &csv) }
        try directory.writeFile("portability.csv", String(decoding: csv, as: UTF8.self))

        var json: [UInt8] = []
        json.raw("{\"schema\":\"peercert.portability/1\",\"as_of\":\"\(asOf)\",\"pairs\":[\n")
        for (index, row) in rows.enumerated() {
            if index > 0 { json.raw(",\n") }
            json.raw("{")
            json.jsonField("home", row.pair.home.description)
            json.jsonField("target", row.pair.target.description)
            json.raw("\"holders\":\(row.holders),")
            for outcome in TransferOutcome.allCases { json.raw("\"\(outcome.rawValue)\":\(row.cell.count(outcome)),") }
            func ranked(_ name: String, _ tally: [String: Int], last: Bool) {
                json.raw("\"\(name)\":[")
                json.raw(PortabilityMatrix.Cell.mostCommon(tally).map { "{\"requirement\":\(JSONText.literal($0.id)),\"holders\":\($0.count)}" }
                    .joined(separator: ","))
                json.raw(last ? "]" : "],")
            }
            ranked("common_additions", row.cell.additions, last: false)
            ranked("common_missing", row.cell.missing, last: true)
            json.raw("}")
        }
        json.raw("\n]}\n")
        try directory.writeFile("portability.json", String(decoding: json, as: UTF8.self))
        try directory.writeFile("portability.html", html(matrix, rows: rows, asOf: asOf))
    }

    struct Row {
        let pair: PortabilityMatrix.Pair
        let holders: Int
        let cell: PortabilityMatrix.Cell
        var fields: [String] {
            func ranked(_ tally: [String: Int]) -> String {
                PortabilityMatrix.Cell.mostCommon(tally).map { "\($0.id) (\($0.count))" }.joined(separator: "; ")
            }
            return [pair.home.description, pair.target.description, String(holders)]
                + TransferOutcome.allCases.map { String(cell.count($0)) } + [ranked(cell.additions), ranked(cell.missing)]
        }
        /// Share of holders recognised, at once or after additions.
        var share: Double {
            holders == 0 ? 0 : Double(cell.count(.eligible) + cell.count(.eligibleAfterAdditions)) / Double(holders)
        }
    }

    static func rows(_ matrix: PortabilityMatrix) -> [Row] {
        matrix.cells.keys.sorted().map { pair in Row(pair: pair, holders: matrix.holders[pair.home] ?? 0, cell: matrix.cells[pair]!) }
    }

    static func html(_ matrix: PortabilityMatrix, rows: [Row], asOf: Day) -> String {
        var page = HTMLPage(title: "Credential portability, \(asOf)")
        page.raw("<header><h1>Credential portability</h1><p class=meta>As of ")
        page.text(asOf.description)
        page.raw(" · each home credential's active holders judged against every other credential's rules with the reciprocity agreements applied.</p></header>\n")
        let homes = matrix.holders.keys.sorted()
        let targets = matrix.targets
        let cell = 11, left = 110, top = 110
        let width = left + cell * targets.count + 10, height = top + cell * homes.count + 10
        let byPair = Dictionary(uniqueKeysWithValues: rows.map { ($0.pair, $0) })
        page.raw("<section id=heatmap><h2>Share of holders recognised (eligible, or eligible after additions)</h2>")
        page.raw("<p>Rows: home credential (its active holders); columns: the credential applied for. Darker: more of them recognised. The numbers are in the table below and in <code>portability.csv</code>.</p>")
        page.raw("<svg role=img aria-labelledby=heatmap-title width=\(width) height=\(height) viewBox=\"0 0 \(width) \(height)\"><title id=heatmap-title>Share of holders recognised, by home and target credential</title>")
        for (column, target) in targets.enumerated() {
            let x = left + column * cell + cell / 2
            page.raw("<text x=\(x) y=\(top - 4) font-size=8 transform=\"rotate(-60 \(x) \(top - 4))\">")
            page.text(target.description)
            page.raw("</text>")
        }
        for (line, home) in homes.enumerated() {
            let y = top + line * cell
            page.raw("<text x=\(left - 4) y=\(y + cell - 2) font-size=8 text-anchor=end>")
            page.text(home.description)
            page.raw("</text>")
            for (column, target) in targets.enumerated() {
                guard let row = byPair[PortabilityMatrix.Pair(home: home, target: target)] else { continue }
                let shade = Int((row.share * 100).rounded())
                page.raw("<rect x=\(left + column * cell) y=\(y) width=\(cell - 1) height=\(cell - 1) fill=\"hsl(145,60%,\(95 - shade * 2 / 3)%)\" data-home=\"\(home)\" data-target=\"\(target)\" data-share=\(shade)><title>")
                page.text("\(home) → \(target): \(shade)% of \(row.holders)")
                page.raw("</title></rect>")
            }
        }
        page.raw("</svg></section>\n<section id=pairs><h2>Pairs</h2>")
        page.table(columns, rows.filter { $0.holders > 0 }.map(\.fields))
        page.raw("</section>\n")
        return page.finish()
    }
}
