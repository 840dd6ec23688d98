import PeerEngine
import PeerWording
import PeerRules

/// `report.html`: the board's morning page. Tallies and a few hundred rows gathered as
/// evaluations stream past (memory independent of the number of workers), written once the
/// changes since the previous run are known. One self-contained file: inline CSS and SVG, no
/// script, no fonts or images from anywhere, and a Content-Security-Policy that forbids loading
/// anything, so opening it makes no network request.
public final class BoardReport {
    /// Rows shown inline per list; the rest are in credentials.csv and changes.csv.
    public static let listLimit = 300
    private static let examplesPerDataErrorKind = 20
    static let expiryMonths = 12

    private let header: RunHeader
    private var workers = 0
    /// Credentials by verdict (indexed by `CredentialVerdict.index`) for each state and credential;
    /// the headline totals are their sums.
    private var byCredential: [CredentialKey: [Int]] = [:]
    private var expiringByMonth = [Int](repeating: 0, count: expiryMonths)
    private var misses: [String: (standard: String?, count: Int)] = [:]
    private var ready: [(credential: CredentialEvaluation, name: String)] = []
    private var readyCount = 0
    private var actionNeeded: [(credential: CredentialEvaluation, name: String, action: String)] = []
    private var actionNeededCount = 0
    private var dataErrors: [String: (count: Int, examples: [String])] = [:]
    /// Transfer decisions by receiving credential (indexed by `TransferOutcome.allCases`), and the
    /// first ones' reciprocity.csv rows.
    private var transferCounts: [CredentialKey: [Int]] = [:]
    private var transferSamples: [[String]] = []
    public private(set) var transferTotal = 0
    private let months: [Day]

    public init(header: RunHeader) {
        self.header = header
        let first = Day(year: header.asOf.components.year, month: header.asOf.components.month, day: 1) ?? header.asOf
        months = (0...Self.expiryMonths).map { first.adding(months: $0) }
    }

    public func add(_ evaluation: WorkerEvaluation) {
        workers += 1
        let name = evaluation.workerName ?? ""
        for credential in evaluation.credentials {
            byCredential[credential.key, default: [Int](repeating: 0, count: CredentialVerdict.allCases.count)][credential.verdict.index] += 1
            if credential.role == .holder, let expires = credential.expiresOn, expires >= header.asOf,
               ![.lapsed, .revoked, .suspended].contains(credential.verdict),
               let month = months.indices.dropLast().first(where: { expires >= months[$0] && expires < months[$0 + 1] }) {
                expiringByMonth[month] += 1
            }
            for finding in credential.findings where finding.verdict != .met {
                if finding.verdict == .notMet || finding.verdict == .insufficientEvidence, case .requirement = finding.subject {
                    let key = "\(credential.key) \(finding.requirementID)"
                    misses[key] = (finding.standard, (misses[key]?.count ?? 0) + 1)
                }
                if finding.verdict == .dataError {
                    var group = dataErrors[finding.kind] ?? (0, [])
                    group.count += 1
                    if group.examples.count < Self.examplesPerDataErrorKind {
                        group.examples.append("worker \(credential.workerID) \(name), \(credential.key): \(finding.reason)")
                    }
                    dataErrors[finding.kind] = group
                }
            }
            if credential.role == .applicant, credential.verdict == .compliant || credential.verdict == .atRisk {
                readyCount += 1
                if ready.count < Self.listLimit { ready.append((credential, name)) }
            }
            if credential.role == .holder, [.nonCompliant, .atRisk, .lapsed].contains(credential.verdict) {
                actionNeededCount += 1
                if actionNeeded.count < Self.listLimit, let first = credential.firstAction {
                    actionNeeded.append((credential, name, first.actionLine))
                }
            }
        }
        for decision in evaluation.transfers {
            countTransfer(decision.target, decision.outcome) { ReciprocityReport.row(decision, name: name) }
        }
        for decision in evaluation.recordedTransfers { countTransfer(decision.target, decision.outcome) { decision.row } }
    }

    private func countTransfer(_ target: CredentialKey, _ outcome: TransferOutcome, row: () -> [String]) {
        transferTotal += 1
        transferCounts[target, default: [Int](repeating: 0, count: TransferOutcome.allCases.count)][outcome.index] += 1
        if transferSamples.count < ReciprocityReport.sampleLimit { transferSamples.append(row()) }
    }

    public func write(to directory: RunDirectory, changes: ChangesReport?,
                      reminders: (messages: Int, withoutEmail: [(id: Int, name: String)])? = nil) throws(ReportError) {
        try directory.writeFile("report.html", render(changes: changes, reminders: reminders))
    }

    // MARK: Rendering

    func render(changes: ChangesReport?, reminders: (messages: Int, withoutEmail: [(id: Int, name: String)])? = nil) -> String {
        var page = HTMLPage(title: "peercert run \(header.runID), as of \(header.asOf)")
        page.raw("<header><h1>Peer-support certification: nightly check</h1><p class=meta>Run \(header.runID) · as of ")
        page.text(header.asOf.description)
        page.raw(" · started ")
        page.text(header.startedAt)
        page.raw(" · rules digest <code>")
        page.text(String(header.rulesDigest.prefix(16)))
        page.raw("…</code></p></header>\n")
        headline(&page)
        verdictChart(&page)
        expiryChart(&page)
        missesChart(&page)
        readySection(&page)
        dataErrorSection(&page)
        actionSection(&page)
        changesSection(&page, changes)
        transferSection(&page)
        if let reminders { remindersSection(&page, reminders) }
        return page.finish()
    }

    private func headline(_ page: inout HTMLPage) {
        page.raw("<section id=headline><h2>Where things stand</h2><div class=tiles>")
        let totals = byCredential.values.reduce(into: [Int](repeating: 0, count: CredentialVerdict.allCases.count)) { sums, tally in
            for index in sums.indices { sums[index] += tally[index] }
        }
        page.tile("workers", workers)
        page.tile("credentials", totals.reduce(0, +))
        for verdict in CredentialVerdict.allCases {
            page.tile(verdict.rawValue.replacing("_", with: " "), totals[verdict.index], verdict: verdict.rawValue)
        }
        page.raw("</div></section>\n")
    }

    private func verdictChart(_ page: inout HTMLPage) {
        let keys = byCredential.keys.sorted()
        let verdicts = CredentialVerdict.allCases
        let rows = keys.map { key in (label: key.description, segments: zip(verdicts, byCredential[key]!).map { ($0.0.rawValue, $0.1) }) }
        page.chartSection(id: "verdicts", title: "Verdicts by state and credential",
                          description: "Stacked bars: for each credential, how many certification records have each verdict.",
                          bars: rows, columns: ["credential"] + verdicts.map(\.rawValue))
    }

    private func expiryChart(_ page: inout HTMLPage) {
        let rows = (0..<Self.expiryMonths).map { index in
            (label: String(months[index].description.prefix(7)), segments: [("expiring", expiringByMonth[index])])
        }
        page.chartSection(id: "expiring", title: "Credentials expiring per month, next 12 months",
                          description: "Held credentials in good standing whose expiry date falls in each calendar month from the as-of date.",
                          bars: rows, columns: ["month", "expiring"])
    }

    private func missesChart(_ page: inout HTMLPage) {
        let top = misses.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }.prefix(15)
        let rows = top.map { (label: "\($0.key) (\($0.value.standard ?? "no model standard"))", segments: [("not_met", $0.value.count)]) }
        page.chartSection(id: "misses", title: "Requirements most often not met",
                          description: "The 15 requirements with the most findings not met or lacking evidence, with the SAMHSA model standard each maps to.",
                          bars: Array(rows), columns: ["credential requirement (model standard)", "not met"])
    }

    private func readySection(_ page: inout HTMLPage) {
        page.raw("<section id=ready><h2>Applicants ready for a decision (\(readyCount))</h2>")
        page.table(["worker", "name", "credential", "number", "level", "verdict"], ready.map {
            [String($0.credential.workerID), $0.name, $0.credential.key.description, $0.credential.number ?? "", $0.credential.level ?? "",
             $0.credential.verdict.rawValue]
        })
        page.more(readyCount - ready.count, in: "credentials.csv")
        page.raw("</section>\n")
    }

    /// Pending transfer requests decided tonight: counts by receiving credential, then the first requests.
    private func transferSection(_ page: inout HTMLPage) {
        page.raw("<section id=transfers><h2>Transfer requests (\(transferTotal))</h2>")
        page.table(["to"] + TransferOutcome.allCases.map(\.rawValue), transferCounts.sorted { $0.key < $1.key }.map { key, counts in
            [key.description] + counts.map(String.init)
        })
        // From each decision's reciprocity.csv row: what is still needed, or why not.
        let place = Dictionary(uniqueKeysWithValues: ReciprocityReport.columns.enumerated().map { ($1, $0) })
        page.table(["request", "worker", "name", "from", "to", "outcome", "agreement", "still needed"], transferSamples.map { row in
            func field(_ column: String) -> String { row[place[column]!] }
            let needed = [field("missing"), field("additions")].filter { !$0.isEmpty }
            return [field("request_id"), field("worker_id"), field("name"), field("home_credential"),
                    "\(field("to_state"))/\(field("to_credential"))", field("outcome"), field("agreement"),
                    needed.isEmpty ? field("reason") : needed.joined(separator: "; ")]
        })
        page.more(transferTotal - transferSamples.count, in: "reciprocity.csv")
        page.raw("</section>\n")
    }

    private func dataErrorSection(_ page: inout HTMLPage) {
        let total = dataErrors.values.reduce(0) { $0 + $1.count }
        page.raw("<section id=data-errors><h2>Data errors to fix (\(total))</h2>")
        for (kind, group) in dataErrors.sorted(by: { $0.key < $1.key }) {
            page.raw("<h3>")
            page.text(kind)
            page.raw(" (\(group.count))</h3><ul>")
            for example in group.examples {
                page.raw("<li>")
                page.text(example)
                page.raw("</li>")
            }
            page.raw("</ul>")
            page.more(group.count - group.examples.count, in: "compliance.csv")
        }
        if total == 0 { page.raw("<p>None.</p>") }
        page.raw("</section>\n")
    }

    private func actionSection(_ page: inout HTMLPage) {
        page.raw("<section id=action><h2>Credentials needing action (\(actionNeededCount))</h2>")
        page.table(["worker", "name", "credential", "number", "verdict", "expires", "first action"], actionNeeded.map {
            [String($0.credential.workerID), $0.name, $0.credential.key.description, $0.credential.number ?? "", $0.credential.verdict.rawValue,
             $0.credential.expiresOn?.description ?? "", $0.action]
        })
        page.more(actionNeededCount - actionNeeded.count, in: "credentials.csv")
        page.raw("</section>\n")
    }

    private func remindersSection(_ page: inout HTMLPage, _ reminders: (messages: Int, withoutEmail: [(id: Int, name: String)])) {
        page.raw("<section id=reminders><h2>Administrators' expiry reminders</h2><p>\(reminders.messages) message")
        page.raw(reminders.messages == 1 ? "" : "s")
        page.raw(" planned (one per administrator; each credential, threshold and expiry date is reminded once). ")
        page.raw("Delivery runs after the results are committed; receipt.json says what it did.</p>")
        page.raw("<h3>Administrators without an email address (\(reminders.withoutEmail.count))</h3>")
        page.table(["administrator", "name"], reminders.withoutEmail.map { [String($0.id), $0.name] })
        page.raw("</section>\n")
    }

    private func changesSection(_ page: inout HTMLPage, _ changes: ChangesReport?) {
        page.raw("<section id=changes><h2>Changes since the previous run</h2>")
        guard let changes, let previous = changes.comparison.previousRunID else {
            page.raw("<p>This is the first successful run of its scope: there is no previous run to compare with.</p></section>\n")
            return
        }
        let comparison = changes.comparison
        page.raw("<p>Compared with run \(previous) (as of ")
        page.text(comparison.previousAsOf?.description ?? "?")
        page.raw(").</p>")
        page.table(["change", "credentials"], ChangeKind.allCases.map { [$0.rawValue, String(comparison.counts[$0] ?? 0)] })
        page.raw("<h3>Rule files changed (\(comparison.ruleFiles.count))</h3>")
        page.table(["file", "change"], comparison.ruleFiles.map { [$0.path, $0.kind.rawValue] })
        for kind in ChangeKind.allCases {
            guard let sample = changes.samples[kind], !sample.isEmpty else { continue }
            page.raw("<h3>")
            page.text(kind.rawValue.replacing("_", with: " "))
            page.raw(" (\(comparison.counts[kind] ?? 0))</h3>")
            page.table(["worker", "credential", "number", "was", "now", "rules was", "rules now"], sample.map {
                [String($0.workerID), $0.key.description, $0.number ?? "", $0.oldVerdict ?? "", $0.newVerdict ?? "",
                 $0.oldRuleVersion?.description ?? "", $0.newRuleVersion?.description ?? ""]
            })
            page.more((comparison.counts[kind] ?? 0) - sample.count, in: "changes.csv")
        }
        page.raw("</section>\n")
    }
}

/// An HTML document under construction; `text` escapes, `raw` is for markup this code writes.
struct HTMLPage {
    private var html = ""

    init(title: String) {
        html = """
            <!DOCTYPE html>
            <html lang=en><head><meta charset=utf-8>
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name=viewport content="width=device-width, initial-scale=1">
            <title>\(HTMLPage.escape(title))</title>
            <style>\(HTMLPage.style)</style></head><body>

            """
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0 auto;max-width:1100px;padding:1.5em}
        h1{font-size:1.5em;margin:0}h2{font-size:1.2em;border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.8em}
        .meta{color:#57606a}.tiles{display:flex;flex-wrap:wrap;gap:.6em}
        .tile{border:1px solid #d0d7de;border-radius:6px;padding:.5em .8em;min-width:7em}.tile b{display:block;font-size:1.4em}
        .chart{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}svg{max-width:100%}
        table{border-collapse:collapse;font-size:.92em}th,td{border:1px solid #d0d7de;padding:.2em .5em;text-align:left;vertical-align:top}
        td.n{text-align:right;font-variant-numeric:tabular-nums}.more{color:#57606a;font-style:italic}
        .compliant{fill:#2da44e}.at_risk{fill:#d4a72c}.non_compliant{fill:#cf222e}.lapsed{fill:#8c959f}.suspended{fill:#8250df}
        .revoked{fill:#1b1f24}.pending{fill:#0969da}.error{fill:#bc4c00}.expiring{fill:#d4a72c}.not_met{fill:#cf222e}
        .legend{width:100%;margin:.2em 0}.cite{display:block;color:#57606a;font-size:.8em;margin-top:.2em}.matrix td{min-width:7em}
        td.aligns{background:#dafbe1}td.stricter{background:#ddf4ff}td.looser{background:#fff8c5}td.absent{background:#ffebe9}td.unknown{background:#eeeeee}
        @media print{body{max-width:none;padding:0}section{break-inside:avoid-page}}
        """

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    mutating func raw(_ markup: String) { html += markup }
    mutating func text(_ text: String) { html += Self.escape(text) }

    mutating func tile(_ label: String, _ count: Int, verdict: String? = nil) {
        raw("<div class=tile\(verdict.map { " data-verdict=\"\(Self.escape($0))\"" } ?? "")><b>\(count)</b>")
        text(label)
        raw("</div>")
    }

    mutating func table(_ columns: [String], _ rows: [[String]]) {
        guard !rows.isEmpty else {
            raw("<p>None.</p>")
            return
        }
        raw("<table><thead><tr>")
        for column in columns {
            raw("<th>")
            text(column)
            raw("</th>")
        }
        raw("</tr></thead><tbody>")
        for row in rows {
            raw("<tr>")
            for cell in row {
                raw(Int(cell) != nil ? "<td class=n>" : "<td>")
                text(cell)
                raw("</td>")
            }
            raw("</tr>")
        }
        raw("</tbody></table>")
    }

    mutating func more(_ count: Int, in file: String) {
        guard count > 0 else { return }
        raw("<p class=more>\(count) more in <code>\(Self.escape(file))</code>.</p>")
    }

    /// A titled, described SVG chart of horizontal (stacked) bars, and the same numbers as a table
    /// beside it. Each bar segment carries its key and count as data attributes.
    mutating func chartSection(id: String, title: String, description: String,
                               bars: [(label: String, segments: [(String, Int)])], columns: [String]) {
        raw("<section id=\(id)><h2>")
        text(title)
        raw("</h2><div class=chart>")
        let rowHeight = 22, labelWidth = 260, barWidth = 420
        let largest = max(1, bars.map { $0.segments.reduce(0) { $0 + $1.1 } }.max() ?? 1)
        let height = max(1, bars.count) * rowHeight + 10
        raw("<svg role=img aria-labelledby=\"\(id)-title \(id)-desc\" width=\(labelWidth + barWidth + 70) height=\(height) ")
        raw("viewBox=\"0 0 \(labelWidth + barWidth + 70) \(height)\" xmlns=\"http://www.w3.org/2000/svg\">")
        raw("<title id=\(id)-title>")
        text(title)
        raw("</title><desc id=\(id)-desc>")
        text(description)
        raw("</desc>")
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 5
            raw("<g data-label=\"\(Self.escape(bar.label))\"><text x=\(labelWidth - 6) y=\(y + 15) text-anchor=end font-size=12>")
            text(bar.label.count > 40 ? String(bar.label.prefix(39)) + "…" : bar.label)
            raw("</text>")
            var x = labelWidth
            for (key, count) in bar.segments where count > 0 {
                let width = max(1, count * barWidth / largest)
                raw("<rect class=\(Self.escape(key)) data-key=\"\(Self.escape(key))\" data-count=\(count) x=\(x) y=\(y) width=\(width) height=\(rowHeight - 6)>")
                raw("<title>\(Self.escape(key)): \(count)</title></rect>")
                x += width
            }
            raw("<text x=\(x + 4) y=\(y + 15) font-size=12>\(bar.segments.reduce(0) { $0 + $1.1 })</text></g>")
        }
        raw("</svg>")
        let keys = bars.first?.segments.map(\.0) ?? []
        if keys.count > 1 {
            raw("<p class=legend>")
            for key in keys {
                raw("<svg width=12 height=12 aria-hidden=true><rect class=\(Self.escape(key)) width=12 height=12></rect></svg> ")
                text(key)
                raw(" ")
            }
            raw("</p>")
        }
        table(columns, bars.map { [$0.label] + $0.segments.map { String($0.1) } })
        raw("</div><p>")
        text(description)
        raw("</p></section>\n")
    }

    func finish() -> String { html + "</body></html>\n" }
}
