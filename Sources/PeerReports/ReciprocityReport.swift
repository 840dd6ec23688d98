import PeerEngine
import PeerWording
import PeerRules

/// `reciprocity.json` (schemas/reciprocity.schema.json), `reciprocity.csv` and one
/// `reciprocity/<ST>.csv` per receiving state: every pending transfer request, decided, streamed
/// as the run reads them, or as a night's join reads them back from its shards' results.
///
/// Files meant for another state's board carry lived experience only as its requirement's status,
/// verdict and shortfall: never its kind, dates or words.
public final class ReciprocityReport {
    public static let columns = ["request_id", "worker_id", "name", "home_credential", "home_number", "to_state", "to_credential",
                                 "outcome", "agreement", "additions", "missing", "waived", "reason"]
    public static let sampleLimit = 300
    private let directory: RunDirectory
    private let json: OutputFile
    private let csv: OutputFile
    private var byState: [String: OutputFile] = [:]
    private var first = true

    public init(directory: RunDirectory, header: RunHeader) throws(ReportError) {
        self.directory = directory
        json = try directory.file("reciprocity.json")
        csv = try directory.file("reciprocity.csv")
        try json.write("{\"schema\": \"peercert.reciprocity/1\", \"run_id\": \(header.runID), \"as_of\": \"\(header.asOf)\",\n\"decisions\": [\n")
        try csv.append { CSVRow.append(Self.columns, to: &$0) }
    }

    /// The worker's decisions: judged tonight, or read back from a night's committed results (a join's).
    public func add(_ evaluation: WorkerEvaluation) throws(ReportError) {
        for decision in evaluation.transfers { try add(Self.written(decision, name: evaluation.workerName)) }
        for decision in evaluation.recordedTransfers { try add(decision) }
    }

    private func add(_ decision: RecordedTransfer) throws(ReportError) {
        let leading = first
        first = false
        try json.append { bytes in
            if !leading { bytes.raw(",\n") }
            bytes.raw(decision.json)
        }
        try csv.append { CSVRow.append(decision.row, to: &$0) }
        try stateFile(decision.target.state).append { CSVRow.append(decision.row, to: &$0) }
    }

    /// A decision as this report writes it: its JSON object and its CSV row, which the results keep too.
    public static func written(_ decision: TransferDecision, name: String?) -> RecordedTransfer {
        var bytes: [UInt8] = []
        appendJSON(decision, name: name, to: &bytes)
        return RecordedTransfer(request: decision.request?.id, target: decision.target, outcome: decision.outcome,
                                json: String(decoding: bytes, as: UTF8.self), row: row(decision, name: name ?? ""))
    }

    private func stateFile(_ state: String) throws(ReportError) -> OutputFile {
        if let file = byState[state] { return file }
        if byState.isEmpty { try directory.makeSubdirectory("reciprocity") }
        let file = try directory.file("reciprocity/\(state).csv")
        try file.append { CSVRow.append(Self.columns, to: &$0) }
        byState[state] = file
        return file
    }

    public func finish() throws(ReportError) {
        try json.write("\n]}\n")
        for file in [json, csv] + byState.values { try file.finish() }
    }

    /// A decision's CSV row: requirements named with what they still need, in words.
    public static func row(_ decision: TransferDecision, name: String) -> [String] {
        func listed(_ requirements: [TransferRequirement]) -> String { requirements.map(\.summary).joined(separator: "; ") }
        return [decision.request.map { String($0.id) } ?? "", String(decision.workerID), name, decision.home?.description ?? "",
                decision.homeNumber ?? "", decision.target.state, decision.target.credential, decision.outcome.rawValue,
                decision.agreement?.id ?? "", listed(decision.additions), listed(decision.missing),
                decision.waived.map(\.id).joined(separator: "; "), decision.reason]
    }

    /// One decision as a JSON object: the same encoding for the run's file and `reciprocity check --json`.
    public static func appendJSON(_ decision: TransferDecision, name: String?, to bytes: inout [UInt8]) {
        bytes.raw("{\"request_id\":\(decision.request.map { String($0.id) } ?? "null"),\"worker_id\":\(decision.workerID),")
        bytes.jsonField("name", name)
        bytes.jsonField("home_credential", decision.home?.description)
        bytes.jsonField("home_number", decision.homeNumber)
        bytes.jsonField("to", decision.target.description)
        bytes.jsonField("outcome", decision.outcome.rawValue)
        bytes.jsonField("reason", decision.reason)
        if let agreement = decision.agreement {
            bytes.raw("\"agreement\":{")
            bytes.jsonField("id", agreement.id)
            bytes.jsonField("kind", agreement.kind.rawValue)
            bytes.jsonField("title", agreement.source.title)
            bytes.jsonField("url", agreement.source.url)
            bytes.jsonField("status", agreement.source.status.rawValue, last: true)
            bytes.raw("},")
        } else {
            bytes.raw("\"agreement\":null,")
        }
        bytes.raw("\"requirements\":[")
        for (index, requirement) in decision.requirements.enumerated() {
            if index > 0 { bytes.raw(",") }
            bytes.raw("{")
            bytes.jsonField("id", requirement.id)
            bytes.jsonField("kind", requirement.kind)
            bytes.jsonField("standard", requirement.standard)
            bytes.jsonField("status", requirement.status.rawValue)
            bytes.jsonField("verdict", requirement.verdict?.rawValue)
            bytes.jsonField("reason", requirement.reason)
            bytes.raw("\"shortfalls\":[")
            for (position, shortfall) in requirement.shortfalls.enumerated() {
                if position > 0 { bytes.raw(",") }
                // The day recovery would reach the minimum tells when it began: left out for another state.
                if case let .recoveryMonths(missing, required, _) = shortfall {
                    bytes.raw("{\"type\":\"recovery_months\",\"missing\":\(missing),\"required\":\(required)}")
                } else {
                    shortfall.appendJSON(to: &bytes)
                }
            }
            bytes.raw("]}")
        }
        bytes.raw("]}")
    }
}
