#if canImport(Glibc)
import Glibc
#endif
import PGClient
import PeerEngine
import PeerRules

/// Adds evaluations to the results: a row per credential into the open COPY, the findings that
/// are not met and the transfer decisions into their spools.
public struct ResultStager {
    var copy: PGCopyInWriter
    var rows = PGBinaryRowEncoder()
    let findingSpool: RowSpool
    let transferSpool: RowSpool
    let runID: Int
    let needsWindow: ClosedRange<Day>?
    let wording: ResultWording
    /// Findings of every verdict, met included (the run row counts them all).
    public private(set) var findings = 0
    var verdictsScratch: [UInt8] = []
    private var shortfallsScratch: [UInt8] = []

    init(copy: PGCopyInWriter, findings: RowSpool, transfers: RowSpool, runID: Int, needsWindow: ClosedRange<Day>?, wording: ResultWording) {
        self.copy = copy
        findingSpool = findings
        transferSpool = transfers
        self.runID = runID
        self.needsWindow = needsWindow
        self.wording = wording
    }

    /// A worker's credentials, their findings not met, and the transfer requests decided (as the
    /// night wrote them).
    public mutating func add(_ evaluation: WorkerEvaluation) throws {
        for credential in evaluation.credentials { try add(credential) }
        for decision in evaluation.recordedTransfers { try addTransfer(workerID: evaluation.workerID, decision) }
    }

    public mutating func add(_ evaluation: CredentialEvaluation) throws {
        rows.resultKey(runID: runID, evaluation)
        rows.text(evaluation.key.state)
        rows.text(evaluation.key.credential)
        rows.text(evaluation.number)
        rows.text(evaluation.level)
        rows.text(evaluation.role.rawValue)
        rows.date(evaluation.ruleVersion)
        rows.text(evaluation.verdict.rawValue)
        rows.date(evaluation.expiresOn)
        Self.compactVerdicts(evaluation.findings, into: &verdictsScratch)
        verdictsScratch.withUnsafeBufferPointer { rows.text(utf8: $0) }
        rows.text(evaluation.firstAction.map(wording.firstAction))
        let nearExpiry = evaluation.role == .holder && evaluation.expiresOn.map { needsWindow?.contains($0) ?? false } ?? false
        rows.jsonb(nearExpiry ? RenewalNeeds(evaluation).json : nil)
        rows.endRow()
        if rows.bytes.count >= PGCopyRowEncoder.blockSize { try sendRows() }
        findings += evaluation.findings.count
        for finding in evaluation.findings where finding.verdict != .met {
            try addFinding(finding, of: evaluation)
        }
    }

    /// A finding's row of `peercert.findings`, spooled, with the words the wording layer gives it.
    mutating func addFinding(_ finding: Finding, of evaluation: CredentialEvaluation) throws {
        findingSpool.row.resultKey(runID: runID, evaluation)
        findingSpool.row.text(finding.subject.type)
        findingSpool.row.text(finding.requirementID)
        findingSpool.row.text(finding.kind)
        findingSpool.row.text(finding.verdict.rawValue)
        let text = wording.finding(finding)
        findingSpool.row.text(text.measured)
        findingSpool.row.text(text.required)
        findingSpool.row.text(text.reason)
        findingSpool.row.text(text.cure)
        findingSpool.row.text(finding.standard)
        findingSpool.row.text(finding.location?.file)
        findingSpool.row.integer(finding.location?.line)
        findingSpool.row.text(text.evidence)
        shortfallsScratch.removeAll(keepingCapacity: true)
        Shortfall.appendJSON(finding.shortfalls, to: &shortfallsScratch)
        shortfallsScratch.withUnsafeBufferPointer { findingSpool.row.jsonb(utf8: $0) }
        try findingSpool.endRow()
    }

    /// A transfer decision's row of `peercert.transfer_decisions`, spooled, in the forms the run's files write it.
    mutating func addTransfer(workerID: Int, _ written: RecordedTransfer) throws {
        transferSpool.row.bigint(runID)
        transferSpool.row.bigint(workerID)
        transferSpool.row.bigint(written.request)
        transferSpool.row.text(written.target.state)
        transferSpool.row.text(written.target.credential)
        transferSpool.row.text(written.outcome.rawValue)
        transferSpool.row.text(written.json)
        transferSpool.row.textArray(written.row)
        try transferSpool.endRow()
    }

    /// Sends the rows encoded so far into the COPY.
    mutating func sendRows() throws {
        try rows.bytes.withUnsafeBytes { try copy.sendEncodedRows($0) }
        rows.clear()
    }

    /// `{"training": "met", "@certification.period": "expiring"}`: see sql/003_credential_rows.sql.
    /// Written into `bytes` (emptied first; a buffer reused for every credential).
    static func compactVerdicts(_ findings: [Finding], into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "{"))
        for index in findings.indices {
            if index > 0 { bytes.append(contentsOf: Self.separator) }
            findings[index].appendQuotedKey(to: &bytes)
            bytes.append(contentsOf: Self.colon)
            bytes.append(contentsOf: findings[index].verdict.quoted)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private static let separator: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: " ")]
    private static let colon: [UInt8] = [UInt8(ascii: ":"), UInt8(ascii: " ")]
}

extension PGBinaryRowEncoder {
    /// The columns a credential's result and its findings both start with: run_id, worker_id, certification_id.
    mutating func resultKey(runID: Int, _ evaluation: CredentialEvaluation) {
        bigint(runID)
        bigint(evaluation.workerID)
        bigint(evaluation.certification.id)
    }

    /// date: a day as PostgreSQL stores it, days since 2000-01-01.
    mutating func date(_ day: Day?) {
        date(daysSince2000: day.map { $0 - Day.postgresEpoch })
    }
}

extension Day {
    /// Day zero of PostgreSQL's binary dates.
    static let postgresEpoch = Day(year: 2000, month: 1, day: 1)!
}
