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
        "{" + V.allCases.map { "\(JSON.string($0.rawValue)): \(counts[$0] ?? 0)" }.joined(separator: ", ") + "}"
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
            "horizon_days": \(header.horizonDays), "tool_version": \(JSON.string(header.toolVersion)), \
            "rules_digest": "\(header.rulesDigest)", "started_at": "\(header.startedAt)",
            "credentials": [
            """)
        try csv.write(CSV.row(Self.csvColumns))
    }

    public func add(_ evaluation: WorkerEvaluation) throws(ReportError) {
        counts.add(evaluation)
        for credential in evaluation.credentials {
            try json.write((firstCredential ? "" : ",\n") + Self.json(credential))
            firstCredential = false
            for finding in credential.findings {
                try csv.write(CSV.row([
                    String(credential.workerID), credential.key.state, credential.key.credential, credential.role.rawValue,
                    credential.verdict.rawValue, credential.expiresOn?.description ?? "", finding.requirementID, finding.kind,
                    finding.verdict.rawValue, finding.measured, finding.required, finding.reason, finding.cure ?? "",
                    finding.standard ?? "", finding.location.map { "\($0.file):\($0.line)" } ?? "",
                    finding.evidence.map(\.description).joined(separator: "; "),
                ]))
            }
        }
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

    static func json(_ credential: CredentialEvaluation) -> String {
        var fields = [
            "\"worker_id\": \(credential.workerID)",
            "\"state\": \(JSON.string(credential.key.state))",
            "\"credential\": \(JSON.string(credential.key.credential))",
            "\"role\": \"\(credential.role.rawValue)\"",
            "\"verdict\": \"\(credential.verdict.rawValue)\"",
            "\"certification_id\": \(credential.certification.map { String($0.id) } ?? "null")",
            "\"rule_version\": \(credential.ruleVersion.map { "\"\($0)\"" } ?? "null")",
            "\"expires_on\": \(credential.expiresOn.map { "\"\($0)\"" } ?? "null")",
        ]
        let findings = credential.findings.map { finding in
            "{" + [
                "\"requirement\": \(JSON.string(finding.requirementID))",
                "\"kind\": \(JSON.string(finding.kind))",
                "\"verdict\": \"\(finding.verdict.rawValue)\"",
                "\"measured\": \(JSON.string(finding.measured))",
                "\"required\": \(JSON.string(finding.required))",
                "\"reason\": \(JSON.string(finding.reason))",
                "\"cure\": \(finding.cure.map(JSON.string) ?? "null")",
                "\"standard\": \(finding.standard.map(JSON.string) ?? "null")",
                "\"rule\": \(finding.location.map { "{\"file\": \(JSON.string($0.file)), \"line\": \($0.line)}" } ?? "null")",
                "\"evidence\": [" + finding.evidence.map { note in
                    "{\"record\": \(JSON.string(note.ref.description)), \"counted\": \(note.counted), \"note\": \(JSON.string(note.note))}"
                }.joined(separator: ", ") + "]",
            ].joined(separator: ", ") + "}"
        }
        fields.append("\"findings\": [" + findings.joined(separator: ", ") + "]")
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

enum JSON {
    /// A JSON string literal with the escapes RFC 8259 requires.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

enum CSV {
    /// One RFC 4180 row: fields quoted when they hold a comma, quote or line break. A field that
    /// starts with = + - @ is prefixed with a quote so a spreadsheet shows it instead of running it.
    static func row(_ fields: [String]) -> String {
        fields.map { field in
            var value = field
            if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacing("\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
