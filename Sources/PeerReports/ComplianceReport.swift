import PeerEngine
import PeerRules

/// Header facts of a run, written at the top of each report.
public struct RunHeader: Sendable {
    public let runID: Int
    public let asOf: Day
    public let horizonDays: Int
    public let toolVersion: String
    public let rulesDigest: String
    public let startedAt: String

    public init(runID: Int, asOf: Day, horizonDays: Int, toolVersion: String, rulesDigest: String, startedAt: String) {
        self.runID = runID
        self.asOf = asOf
        self.horizonDays = horizonDays
        self.toolVersion = toolVersion
        self.rulesDigest = rulesDigest
        self.startedAt = startedAt
    }
}

/// Counts by verdict, for the summary and the receipt.
public struct VerdictCounts: Sendable {
    public private(set) var workers = 0
    public private(set) var credentials = 0
    public private(set) var findings = 0
    public private(set) var byCredentialVerdict: [CredentialVerdict: Int] = [:]
    public private(set) var byFindingVerdict: [Verdict: Int] = [:]

    public init() {}

    public mutating func add(_ evaluation: WorkerEvaluation) {
        workers += 1
        for credential in evaluation.credentials {
            credentials += 1
            byCredentialVerdict[credential.verdict, default: 0] += 1
            for finding in credential.findings {
                findings += 1
                byFindingVerdict[finding.verdict, default: 0] += 1
            }
        }
    }

    /// `{"compliant": 10, ...}` with every verdict present, in a stable order.
    func json<V: RawRepresentable & CaseIterable>(_ counts: [V: Int]) -> String where V.RawValue == String {
        "{" + V.allCases.map { "\(OutputFile.jsonLiteral($0.rawValue)): \(counts[$0] ?? 0)" }.joined(separator: ", ") + "}"
    }

    public var credentialVerdictsJSON: String { json(byCredentialVerdict) }
    public var findingVerdictsJSON: String { json(byFindingVerdict) }
}

/// Writes `compliance.json` and `compliance.csv` as evaluations stream past: memory does not grow
/// with the number of workers.
///
/// These are the board's reports: findings on lived experience are in them (boards decide on
/// it), which is why the files are owner-only. Employer-facing output never comes from here.
public final class ComplianceReport {
    private let json: OutputFile
    private let csv: OutputFile
    private var firstCredential = true
    public private(set) var counts = VerdictCounts()

    public static let csvColumns = ["worker_id", "state", "credential", "role", "credential_verdict", "expires_on", "requirement",
                                    "kind", "verdict", "measured", "required", "reason", "cure", "standard", "rule", "evidence"]

    public init(directory: RunDirectory, header: RunHeader) throws(ReportError) {
        json = try directory.file("compliance.json")
        csv = try directory.file("compliance.csv")
        try json.write("""
            {"schema": "peercert.compliance/1", "run_id": \(header.runID), "as_of": "\(header.asOf)", \
            "horizon_days": \(header.horizonDays), "tool_version": \(OutputFile.jsonLiteral(header.toolVersion)), \
            "rules_digest": "\(header.rulesDigest)", "started_at": "\(header.startedAt)",
            "credentials": [
            """)
        for (index, column) in Self.csvColumns.enumerated() { csv.writeCSVField(column, last: index == Self.csvColumns.count - 1) }
    }

    public func add(_ evaluation: WorkerEvaluation) throws(ReportError) {
        counts.add(evaluation)
        for credential in evaluation.credentials {
            if !firstCredential { try json.write(",\n") }
            firstCredential = false
            try writeJSON(credential)
            for finding in credential.findings {
                let fields = [
                    String(credential.workerID), credential.key.state, credential.key.credential, credential.role.rawValue,
                    credential.verdict.rawValue, credential.expiresOn?.description ?? "", finding.requirementID, finding.kind,
                    finding.verdict.rawValue, finding.measured, finding.required, finding.reason, finding.cure ?? "",
                    finding.standard ?? "", finding.location.map { "\($0.file):\($0.line)" } ?? "",
                    finding.evidence.map(\.description).joined(separator: "; "),
                ]
                for (index, field) in fields.enumerated() { csv.writeCSVField(field, last: index == fields.count - 1) }
                try csv.endRecord()
            }
        }
        try json.endRecord()
    }

    public func finish() throws(ReportError) {
        try json.write("""
            
            ],
            "summary": {"workers": \(counts.workers), "credentials": \(counts.credentials), "findings": \(counts.findings), \
            "credential_verdicts": \(counts.credentialVerdictsJSON), "finding_verdicts": \(counts.findingVerdictsJSON)}
            }
            
            """)
        try json.finish()
        try csv.finish()
    }

    /// One credential as a JSON object, written straight into the file's buffer.
    private func writeJSON(_ credential: CredentialEvaluation) throws(ReportError) {
        func key(_ name: String) throws(ReportError) { try json.write("\"\(name)\": ") }
        func text(_ name: String, _ value: String?, comma: Bool = true) throws(ReportError) {
            try key(name)
            if let value { json.writeJSONString(value) } else { try json.write("null") }
            if comma { try json.write(", ") }
        }
        try json.write("{\"worker_id\": \(credential.workerID), ")
        try text("state", credential.key.state)
        try text("credential", credential.key.credential)
        try text("role", credential.role.rawValue)
        try text("verdict", credential.verdict.rawValue)
        try json.write("\"certification_id\": \(credential.certification.id), ")
        try text("rule_version", credential.ruleVersion?.description)
        try text("expires_on", credential.expiresOn?.description)
        try json.write("\"findings\": [")
        for (index, finding) in credential.findings.enumerated() {
            try json.write(index == 0 ? "{" : ", {")
            try text("requirement", finding.requirementID)
            try text("kind", finding.kind)
            try text("verdict", finding.verdict.rawValue)
            try text("measured", finding.measured)
            try text("required", finding.required)
            try text("reason", finding.reason)
            try text("cure", finding.cure)
            try text("standard", finding.standard)
            try key("rule")
            if let location = finding.location {
                try json.write("{\"file\": ")
                json.writeJSONString(location.file)
                try json.write(", \"line\": \(location.line)}, ")
            } else {
                try json.write("null, ")
            }
            try json.write("\"evidence\": [")
            for (noteIndex, note) in finding.evidence.enumerated() {
                try json.write(noteIndex == 0 ? "{\"record\": " : ", {\"record\": ")
                json.writeJSONString(note.ref.description)
                try json.write(", \"counted\": \(note.counted), \"note\": ")
                json.writeJSONString(note.note)
                try json.write("}")
            }
            try json.write("]}")
        }
        try json.write("]}")
    }
}
