import PeerEngine
import PeerWording
import PeerRules

/// Header facts of a run, written at the top of each report.
public struct RunHeader: Sendable {
    public let runID: Int
    public let asOf: Day
    public let horizonDays: Int
    public let toolVersion: String
    public let rulesDigest: String
    public let startedAt: String
    /// Each rule file's source citations: findings cite them by id.
    public let citations: [(file: String, sources: [SourceCitation])]

    public init(runID: Int, asOf: Day, horizonDays: Int, toolVersion: String, rulesDigest: String, startedAt: String,
                citations: [(file: String, sources: [SourceCitation])] = []) {
        self.runID = runID
        self.asOf = asOf
        self.horizonDays = horizonDays
        self.toolVersion = toolVersion
        self.rulesDigest = rulesDigest
        self.startedAt = startedAt
        self.citations = citations
    }
}

/// How much of each credential's findings a report writes.
public enum ReportDetail: String, Sendable, CaseIterable {
    /// Findings that are not met in full; met ones by requirement id only, and a credential whose
    /// findings are all met as one row of the `compliant` table.
    case standard
    /// Every finding in full, with its evidence trail (what `explain` shows for one worker).
    case full
}

/// Counts by verdict, for the summary and the receipt. Kept in arrays indexed by the verdict's
/// place in `allCases`: it is updated for every finding, so no hashing.
public struct VerdictCounts: Sendable {
    public private(set) var workers = 0
    public private(set) var credentials = 0
    public private(set) var findings = 0
    private var credentialTally = [Int](repeating: 0, count: CredentialVerdict.allCases.count)
    private var findingTally = [Int](repeating: 0, count: Verdict.allCases.count)

    public init() {}

    public mutating func add(_ evaluation: WorkerEvaluation) {
        workers += 1
        for credential in evaluation.credentials {
            credentials += 1
            credentialTally[credential.verdict.index] += 1
            for finding in credential.findings { findingTally[finding.verdict.index] += 1 }
            findings += credential.findings.count
        }
    }

    /// Workers read who hold no credential (a night's join counts its parts' workers; only those
    /// with a credential are in the results).
    public mutating func addWorkers(withoutCredentials count: Int) {
        workers += max(count, 0)
    }

    /// Only the verdicts that occurred.
    public var byCredentialVerdict: [CredentialVerdict: Int] { tallied(credentialTally) }
    public var byFindingVerdict: [Verdict: Int] { tallied(findingTally) }

    private func tallied<V: CaseIterable & Hashable>(_ tally: [Int]) -> [V: Int] where V.AllCases: RandomAccessCollection {
        Dictionary(uniqueKeysWithValues: zip(V.allCases, tally).filter { $0.1 > 0 })
    }

    public var credentialVerdictsJSON: String { countsJSON(byCredentialVerdict) }
    public var findingVerdictsJSON: String { countsJSON(byFindingVerdict) }
}

/// `{"compliant": 10, ...}` with every verdict present, in a stable order.
func countsJSON<V: RawRepresentable & CaseIterable>(_ counts: [V: Int]) -> String where V.RawValue == String {
    "{" + V.allCases.map { "\(JSONText.literal($0.rawValue)): \(counts[$0] ?? 0)" }.joined(separator: ", ") + "}"
}

/// Writes `compliance.json`, `compliance.csv` and `credentials.csv` as evaluations stream past:
/// memory does not grow with the number of workers (only with the distinct lists of met
/// requirements, a few per credential and version).
///
/// `compliance.json` (see schemas/compliance.schema.json) holds every credential: one with a
/// finding that is not met as an object with those findings in full (the ones people act on), one
/// whose findings are all met as a row of the `compliant` table naming its list of met requirement
/// ids in `met_lists`. At standard detail that keeps the file near a tenth of the full trail;
/// `--detail full` writes every credential as an object with every finding.
///
/// These are the board's reports: findings on lived experience are in them (boards decide on
/// it), which is why the files are owner-only. Employer-facing output never comes from here.
public final class ComplianceReport {
    private let json: OutputFile
    /// The `compliant` rows, gathered apart and copied after the objects when the run finishes.
    private let compliantRows: OutputFile
    private let csv: OutputFile
    private let summary: OutputFile
    private let detail: ReportDetail
    private var firstCredential = true
    private var firstCompliantRow = true
    /// Each distinct met list (as its JSON array) and its index in `met_lists`.
    private var metListIndex: [MetListKey: Int] = [:]
    private var metLists: [[UInt8]] = []
    private var metListScratch: [UInt8] = []
    public private(set) var counts = VerdictCounts()

    public static let findingColumns = ["worker_id", "certification_id", "state", "credential", "role", "credential_verdict",
                                        "expires_on", "subject", "requirement", "kind", "verdict", "measured", "required", "reason",
                                        "cure", "standard", "rule", "evidence"]
    public static let credentialColumns = ["worker_id", "certification_id", "state", "credential", "number", "role", "level",
                                           "verdict", "rule_version", "expires_on"]
        + Verdict.allCases.map(\.rawValue) + ["first_action"]
    /// A `compliant` row of compliance.json; `met_list` indexes `met_lists`.
    public static let compliantColumns = ["worker_id", "certification_id", "state", "credential", "number", "level", "role",
                                          "verdict", "rule_version", "expires_on", "met_list"]

    public init(directory: RunDirectory, header: RunHeader, detail: ReportDetail) throws(ReportError) {
        self.detail = detail
        json = try directory.file("compliance.json")
        compliantRows = try directory.scratchFile()
        csv = try directory.file("compliance.csv")
        summary = try directory.file("credentials.csv")
        try json.write("""
            {"schema": "peercert.compliance/3", "run_id": \(header.runID), "as_of": "\(header.asOf)", \
            "horizon_days": \(header.horizonDays), "tool_version": \(JSONText.literal(header.toolVersion)), \
            "rules_digest": "\(header.rulesDigest)", "started_at": "\(header.startedAt)", "detail": "\(detail.rawValue)",
            "sources": \(ReportJSON.citations(header.citations)),
            "credentials": [
            """)
        try csv.append { CSVRow.append(Self.findingColumns, to: &$0) }
        try summary.append { CSVRow.append(Self.credentialColumns, to: &$0) }
    }

    public func add(_ evaluation: WorkerEvaluation) throws(ReportError) {
        counts.add(evaluation)
        for credential in evaluation.credentials {
            if detail == .standard, credential.findings.allSatisfy({ $0.verdict == .met }) {
                let metList = metListNumber(credential)
                let first = firstCompliantRow
                firstCompliantRow = false
                try compliantRows.append { bytes in
                    if !first { bytes.append(contentsOf: ",\n".utf8) }
                    ReportJSON.appendCompliantRow(credential, metList: metList, to: &bytes)
                }
                try summary.append { ReportCSV.appendSummary(credential, firstAction: nil, to: &$0) }
                continue
            }
            // Worded once for the JSON, the CSV and the first action.
            let written = WrittenFindings(credential, detail: detail)
            let first = firstCredential
            firstCredential = false
            try json.append { bytes in
                if !first { bytes.append(contentsOf: ",\n".utf8) }
                ReportJSON.appendCredential(credential, written: written, to: &bytes)
            }
            try summary.append { ReportCSV.appendSummary(credential, firstAction: written.firstAction, to: &$0) }
            for (finding, wording) in written.findings {
                try csv.append { ReportCSV.appendFinding(finding, wording, of: credential, to: &$0) }
            }
        }
    }

    private func metListNumber(_ credential: CredentialEvaluation) -> Int {
        // Built in a reused buffer: only a list not seen before is copied to keep.
        metListScratch.removeAll(keepingCapacity: true)
        ReportJSON.appendMetIDs(credential, to: &metListScratch)
        if let index = metListIndex[MetListKey(bytes: metListScratch)] { return index }
        metListIndex[MetListKey(bytes: metListScratch)] = metLists.count
        metLists.append(metListScratch)
        return metLists.count - 1
    }

    public func finish() throws(ReportError) {
        try json.write("""

            ],
            "compliant_columns": [\(Self.compliantColumns.map(JSONText.literal).joined(separator: ", "))],
            "compliant": [

            """)
        try compliantRows.drain(into: json)
        try json.write("\n],\n\"met_lists\": [\n")
        for (index, list) in metLists.enumerated() {
            try json.append { bytes in
                if index > 0 { bytes.append(contentsOf: ",\n".utf8) }
                bytes.append(contentsOf: list)
            }
        }
        try json.write("""

            ],
            "summary": {"workers": \(counts.workers), "credentials": \(counts.credentials), "findings": \(counts.findings), \
            "credential_verdicts": \(counts.credentialVerdictsJSON), "finding_verdicts": \(counts.findingVerdictsJSON)}
            }

            """)
        for file in [json, csv, summary] { try file.finish() }
    }
}

/// A met list's JSON as a dictionary key, hashed as one run of bytes (an array of bytes hashes
/// byte by byte, and every compliant credential of a run looks its list up).
private struct MetListKey: Hashable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// One RFC 4180 record: fields separated by commas, ended by CRLF.
public enum CSVRow {
    public static func append(_ fields: [String], to bytes: inout [UInt8]) {
        for (index, field) in fields.enumerated() { OutputFile.appendCSVField(field, last: index == fields.count - 1, to: &bytes) }
    }
}

/// The CSV rows of the compliance reports.
public enum ReportCSV {
    /// A credential's row in `credentials.csv`, written field by field: one row per credential, so
    /// no array of strings (nor of counts) is built for it.
    public static func appendSummary(_ credential: CredentialEvaluation, to bytes: inout [UInt8]) {
        appendSummary(credential, firstAction: credential.firstAction.map { ($0, $0.written) }, to: &bytes)
    }

    /// `firstAction`: the first action's finding and its words, or nil for a credential whose findings are all met.
    public static func appendSummary(_ credential: CredentialEvaluation, firstAction: (finding: Finding, written: WrittenFinding)?,
                                     to bytes: inout [UInt8]) {
        func field(_ text: String) { OutputFile.appendCSVField(text, last: false, to: &bytes) }
        OutputFile.appendCSVNumber(credential.workerID, to: &bytes)
        OutputFile.appendCSVNumber(credential.certification.id, to: &bytes)
        field(credential.key.state)
        field(credential.key.credential)
        field(credential.number ?? "")
        field(credential.role.rawValue)
        field(credential.level ?? "")
        field(credential.verdict.rawValue)
        OutputFile.appendCSVDay(credential.ruleVersion, to: &bytes)
        OutputFile.appendCSVDay(credential.expiresOn, to: &bytes)
        // Counted in one pass, with no array per credential, in the order of `Verdict.allCases` (the
        // header's); a new verdict fails to compile here until it has its column.
        var (met, notMet, expiring, insufficient, dataError, warning) = (0, 0, 0, 0, 0, 0)
        for finding in credential.findings {
            switch finding.verdict {
            case .met: met += 1
            case .notMet: notMet += 1
            case .expiring: expiring += 1
            case .insufficientEvidence: insufficient += 1
            case .dataError: dataError += 1
            case .warning: warning += 1
            }
        }
        OutputFile.appendCSVNumber(met, to: &bytes)
        OutputFile.appendCSVNumber(notMet, to: &bytes)
        OutputFile.appendCSVNumber(expiring, to: &bytes)
        OutputFile.appendCSVNumber(insufficient, to: &bytes)
        OutputFile.appendCSVNumber(dataError, to: &bytes)
        OutputFile.appendCSVNumber(warning, to: &bytes)
        OutputFile.appendCSVField(firstAction.map { "\($0.finding.requirementID): \($0.written.words.action)" } ?? "", last: true, to: &bytes)
    }

    /// A finding's row in `compliance.csv`, field by field like the summary row.
    public static func appendFinding(_ finding: Finding, _ written: WrittenFinding, of credential: CredentialEvaluation, to bytes: inout [UInt8]) {
        let words = written.words
        func field(_ text: String) { OutputFile.appendCSVField(text, last: false, to: &bytes) }
        field(String(credential.workerID))
        field(String(credential.certification.id))
        field(credential.key.state)
        field(credential.key.credential)
        field(credential.role.rawValue)
        field(credential.verdict.rawValue)
        field(credential.expiresOn?.description ?? "")
        field(finding.subject.type)
        field(finding.requirementID)
        field(finding.kind)
        field(finding.verdict.rawValue)
        field(words.measured)
        field(words.required)
        field(words.reason)
        field(words.cure ?? "")
        field(finding.standard ?? "")
        field(finding.location.map { "\($0.file):\($0.line)" } ?? "")
        OutputFile.appendCSVField(written.evidenceLine ?? "", last: true, to: &bytes)
    }
}

/// The JSON of one credential (the counts by verdict follow from `met` and `findings`; credentials.csv
/// spells them out), shared by `compliance.json` and `peercert explain --json`, so the two
/// cannot drift apart.
public enum ReportJSON {
    public static func appendCredential(_ credential: CredentialEvaluation, detail: ReportDetail, to bytes: inout [UInt8]) {
        appendCredential(credential, written: WrittenFindings(credential, detail: detail), to: &bytes)
    }

    static func appendCredential(_ credential: CredentialEvaluation, written: WrittenFindings, to bytes: inout [UInt8]) {
        bytes.raw("{\"worker_id\":\(credential.workerID),\"certification_id\":\(credential.certification.id),")
        bytes.jsonField("state", credential.key.state)
        bytes.jsonField("credential", credential.key.credential)
        bytes.jsonField("number", credential.number)
        bytes.jsonField("level", credential.level)
        bytes.jsonField("role", credential.role.rawValue)
        bytes.jsonField("verdict", credential.verdict.rawValue)
        bytes.jsonField("rule_version", credential.ruleVersion?.description)
        bytes.jsonField("expires_on", credential.expiresOn?.description)
        bytes.raw("\"first_action\":")
        if let (action, wording) = written.firstAction {
            bytes.raw("{")
            bytes.jsonField("requirement", action.requirementID)
            bytes.jsonField("verdict", action.verdict.rawValue)
            bytes.jsonField("action", wording.words.action, last: true)
            bytes.raw("},")
        } else {
            bytes.raw("null,")
        }
        bytes.raw("\"met\":")
        appendMetIDs(credential, to: &bytes)
        bytes.raw(",\"findings\":[")
        for (index, (finding, wording)) in written.findings.enumerated() {
            if index > 0 { bytes.raw(",") }
            appendFinding(finding, wording, to: &bytes)
        }
        bytes.raw("]}")
    }

    /// `["@certification.period","training"]`: the subjects of the met findings.
    static func appendMetIDs(_ credential: CredentialEvaluation, to bytes: inout [UInt8]) {
        bytes.raw("[")
        var first = true
        for finding in credential.findings where finding.verdict == .met {
            if !first { bytes.raw(",") }
            first = false
            finding.appendQuotedKey(to: &bytes)
        }
        bytes.raw("]")
    }

    /// A row of the `compliant` table, in the order of `ComplianceReport.compliantColumns`.
    static func appendCompliantRow(_ credential: CredentialEvaluation, metList: Int, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        OutputFile.appendDecimal(credential.workerID, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        OutputFile.appendDecimal(credential.certification.id, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        // Value by value, not from an array of them: a row per compliant credential.
        func value(_ text: String?) {
            bytes.jsonValue(text)
            bytes.raw(",")
        }
        value(credential.key.state)
        value(credential.key.credential)
        value(credential.number)
        value(credential.level)
        value(credential.role.rawValue)
        value(credential.verdict.rawValue)
        bytes.jsonDay(credential.ruleVersion)
        bytes.raw(",")
        bytes.jsonDay(credential.expiresOn)
        bytes.append(UInt8(ascii: ","))
        OutputFile.appendDecimal(metList, to: &bytes)
        bytes.append(UInt8(ascii: "]"))
    }

    /// `{"rules/FL/CRPS.yaml": {"fcb-crps": {"title": …, "url": …, "status": "V"}}, …}`
    static func citations(_ files: [(file: String, sources: [SourceCitation])]) -> String {
        var bytes: [UInt8] = []
        bytes.raw("{")
        for (index, file) in files.enumerated() {
            bytes.raw(index == 0 ? "\n" : ",\n")
            JSONText.appendString(file.file, to: &bytes)
            bytes.raw(": {")
            for (position, source) in file.sources.enumerated() {
                if position > 0 { bytes.raw(", ") }
                JSONText.appendString(source.id, to: &bytes)
                bytes.raw(": {")
                bytes.jsonField("title", source.title)
                bytes.jsonField("url", source.url)
                bytes.jsonField("status", source.status.rawValue, last: true)
                bytes.raw("}")
            }
            bytes.raw("}")
        }
        bytes.raw("}")
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendFinding(_ finding: Finding, _ written: WrittenFinding, to bytes: inout [UInt8]) {
        let words = written.words
        bytes.raw("{")
        bytes.jsonField("subject", finding.subject.type)
        bytes.jsonField("requirement", finding.requirementID)
        bytes.jsonField("kind", finding.kind)
        bytes.jsonField("verdict", finding.verdict.rawValue)
        bytes.jsonField("measured", words.measured)
        bytes.jsonField("required", words.required)
        bytes.jsonField("reason", words.reason)
        bytes.jsonField("cure", words.cure)
        bytes.jsonField("standard", finding.standard)
        bytes.raw("\"sources\":[")
        for (index, source) in finding.sources.enumerated() {
            if index > 0 { bytes.raw(",") }
            JSONText.appendString(source, to: &bytes)
        }
        bytes.raw("],\"rule\":")
        if let location = finding.location {
            bytes.raw("{\"file\":")
            JSONText.appendString(location.file, to: &bytes)
            bytes.raw(",\"line\":\(location.line)},")
        } else {
            bytes.raw("null,")
        }
        bytes.raw("\"shortfalls\":")
        Shortfall.appendJSON(finding.shortfalls, to: &bytes)
        bytes.raw(",\"evidence\":[")
        for (index, note) in written.notes.enumerated() {
            bytes.raw(index == 0 ? "{" : ",{")
            bytes.jsonField("record", note.ref.description)
            bytes.raw("\"counted\":\(note.counted),\"code\":\"\(note.code.rawValue)\",")
            bytes.jsonField("note", note.note, last: true)
            bytes.raw("}")
        }
        bytes.raw("]}")
    }
}

extension [UInt8] {
    mutating func raw(_ text: String) { append(contentsOf: text.utf8) }

    /// `"name":"value",` (or `null`); without the trailing comma when `last`. No spaces: these
    /// files hold a line per credential, read by programs.
    mutating func jsonField(_ name: String, _ value: String?, last: Bool = false) {
        // Piece by piece: an interpolated string would be built for every field of every credential.
        raw("\"")
        raw(name)
        raw("\":")
        jsonValue(value)
        if !last { raw(",") }
    }

    /// `"2026-06-01"` or `null`, without making a String.
    mutating func jsonDay(_ day: Day?) {
        guard let day else { return raw("null") }
        append(UInt8(ascii: "\""))
        day.appendISO(to: &self)
        append(UInt8(ascii: "\""))
    }

    /// `"value"` or `null`.
    mutating func jsonValue(_ value: String?) {
        if let value { JSONText.appendString(value, to: &self) } else { raw("null") }
    }
}

/// The findings of a credential written in full, each with its words and notes, made once for
/// every file that writes them (compliance.json, compliance.csv, the first action in credentials.csv).
struct WrittenFindings {
    let findings: [(finding: Finding, written: WrittenFinding)]
    /// The finding to act on first, among them, with its words; nil when all are met.
    let firstAction: (finding: Finding, written: WrittenFinding)?

    /// Every finding not met (all of them at full detail).
    init(_ credential: CredentialEvaluation, detail: ReportDetail) {
        let written: [(finding: Finding, written: WrittenFinding)] = credential.findings.compactMap { finding in
            detail == .full || finding.verdict != .met ? (finding, finding.written) : nil
        }
        findings = written
        firstAction = credential.firstAction.flatMap { action in written.first { $0.finding === action } }
    }
}
