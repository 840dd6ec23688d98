import PeerEngine
import PeerRules

/// Writes `changes.json` (schemas/changes.schema.json) and `changes.csv`: what changed since the
/// previous successful run of the same scope, streamed from the results. Keeps the first few
/// changes of each kind for the HTML report.
public final class ChangesReport {
    public static let columns = ["worker_id", "certification_id", "state", "credential", "number", "role", "change",
                                 "old_verdict", "new_verdict", "old_rule_version", "new_rule_version"]
    public let comparison: RunComparison
    private let json: OutputFile
    private let csv: OutputFile
    private var first = true
    private let sampleLimit: Int
    /// The first changes by kind, at most `sampleLimit` of each.
    public private(set) var samples: [ChangeKind: [CredentialChange]] = [:]

    public init(directory: RunDirectory, header: RunHeader, comparison: RunComparison, sampleLimit: Int = 200) throws(ReportError) {
        self.comparison = comparison
        self.sampleLimit = sampleLimit
        json = try directory.file("changes.json")
        csv = try directory.file("changes.csv")
        var bytes: [UInt8] = []
        bytes.raw("{\"schema\": \"peercert.changes/1\", \"run_id\": \(header.runID), \"as_of\": \"\(header.asOf)\", ")
        bytes.raw("\"previous_run_id\": \(comparison.previousRunID.map(String.init) ?? "null"), \"previous_as_of\": ")
        bytes.jsonValue(comparison.previousAsOf?.description)
        bytes.raw(",\n\"rule_files\": [")
        for (index, file) in comparison.ruleFiles.enumerated() {
            bytes.raw(index == 0 ? "{" : ", {")
            bytes.jsonField("path", file.path)
            bytes.jsonField("change", file.kind.rawValue)
            bytes.jsonField("old_sha256", file.oldSHA256)
            bytes.jsonField("new_sha256", file.newSHA256, last: true)
            bytes.raw("}")
        }
        bytes.raw("],\n\"counts\": {")
        bytes.raw(ChangeKind.allCases.map { "\"\($0.rawValue)\": \(comparison.counts[$0] ?? 0)" }.joined(separator: ", "))
        bytes.raw("},\n\"credentials\": [\n")
        try json.append { $0.append(contentsOf: bytes) }
        try csv.append { CSVRow.append(Self.columns, to: &$0) }
    }

    public func add(_ change: CredentialChange) throws(ReportError) {
        if samples[change.kind, default: []].count < sampleLimit { samples[change.kind, default: []].append(change) }
        let values = [change.key.state, change.key.credential, change.number, change.role, change.kind.rawValue, change.oldVerdict,
                      change.newVerdict, change.oldRuleVersion?.description, change.newRuleVersion?.description]
        let leading = first
        first = false
        try json.append { bytes in
            if !leading { bytes.raw(",\n") }
            bytes.raw("{\"worker_id\":\(change.workerID),\"certification_id\":\(change.certificationID)")
            for (name, value) in zip(Self.columns.dropFirst(2), values) {
                bytes.raw(",")
                bytes.jsonField(name, value, last: true)
            }
            bytes.raw("}")
        }
        try csv.append { CSVRow.append([String(change.workerID), String(change.certificationID)] + values.map { $0 ?? "" }, to: &$0) }
    }

    public func finish() throws(ReportError) {
        try json.write("\n]}\n")
        for file in [json, csv] { try file.finish() }
    }
}
