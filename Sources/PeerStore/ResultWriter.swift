#if canImport(Glibc)
import Glibc
#endif
import PGClient
import PeerEngine
import PeerRules

/// Records a run and its results in PostgreSQL.
///
/// The run row is inserted first (status `running`) so a crash leaves a trace. One row per
/// credential streams into `peercert.credential_results` with COPY while workers are evaluated; the
/// findings that are not met are set aside meanwhile (a connection carries one COPY at a time) and
/// copied into `peercert.findings` after it, in the same transaction that marks the run
/// `succeeded`: readers see all of a run's results or none.
public final class ResultWriter {
    let connection: PGConnection
    private let conninfo: String?
    private let timeouts: SessionTimeouts
    public let runID: Int
    public let shard: Shard
    /// Runs of this shard a killed process left `running`, now marked failed: their report
    /// directories may still hold a `.partial` to remove.
    public let abandoned: [(id: Int, asOf: Day)]

    /// Takes the run lock (one run per shard per database at a time: shards of one night run side
    /// by side) and records the run as started. `night` labels a shard's run as part of a night;
    /// `parts` makes the run a night's join of those runs. A join waits for the lock (up to the lock
    /// timeout: the last two shards of a night may finish together); a run does not.
    public init(conninfo: String?, asOf: Day, toolVersion: String, rulesDigest: String, shard: Shard = .all,
                night: String? = nil, parts: [Int]? = nil, timeouts: SessionTimeouts = SessionTimeouts()) throws {
        self.conninfo = conninfo
        self.timeouts = timeouts
        self.shard = shard
        connection = try timeouts.connect(conninfo)
        let lockKey = shard.count * 10_000 + shard.index
        if parts != nil {
            try connection.execute("SELECT pg_advisory_lock($1, $2)", [StoreLocks.run, lockKey], doing: "waiting for the night's lock")
        } else {
            guard try connection.execute("SELECT pg_try_advisory_lock($1, $2)", [StoreLocks.run, lockKey]).scalar == "t" else {
                throw StoreError(.runInProgress, "another peercert run of shard \(shard) is in progress on \(connection.endpoint); wait for it to finish")
            }
        }
        guard try connection.execute("SELECT to_regclass('peercert.runs') IS NOT NULL").scalar == "t" else {
            throw StoreError(.notMigrated, "the peercert schema is missing on \(connection.endpoint): run `peercert db migrate` first")
        }
        // Holding this shard's lock, any other run of it still `running` lost its process (SIGKILL, a crash).
        abandoned = try connection.execute("""
            UPDATE peercert.runs SET status = 'failed', finished_at = now(),
                   failure = 'abandoned: its process ended without finishing (killed or crashed); marked by the next run'
            WHERE status = 'running' AND shard = $1 RETURNING id, as_of
            """, [shard.description], doing: "marking abandoned runs failed").rows.compactMap { row in
            row.int(0).flatMap { id in row.string(1).flatMap(Day.init(iso:)).map { (id, $0) } }
        }
        let id = try connection.execute("""
            INSERT INTO peercert.runs (as_of, tool_version, rules_digest, shard, night, parts)
            VALUES ($1, $2, $3, $4, $5, $6::bigint[]) RETURNING id
            """, [asOf.description, toolVersion, rulesDigest, shard.description, night, parts.map(Self.bigintArray)]).scalar
        runID = Int(id ?? "") ?? 0
        do {
            try connection.execute("BEGIN")
        } catch {
            fail("\(error)")
            throw error
        }
    }

    /// Runs `produce` while a COPY into `credential_results` is open (inside the run's transaction);
    /// `produce` adds evaluations. `spoolDirectory` holds the not-met findings until that COPY ends
    /// (in a file unlinked as soon as it is opened: they carry health information).
    /// `needsWindow`: held credentials expiring in these days get their renewal needs recorded
    /// (what administrators' reminders say).
    public func stage(spoolDirectory: String, needsWindow: ClosedRange<Day>? = nil, wording: ResultWording,
                      _ produce: (inout ResultStager) throws -> Void) throws {
        let spool = try FindingSpool(directory: spoolDirectory, wording: wording)
        try connection.copyIn("COPY peercert.credential_results (run_id, \(Self.credentialResultColumns)) FROM STDIN WITH (FORMAT binary)",
                               doing: "writing credential results", format: .binary) { copy in
            var stager = ResultStager(copy: copy, spool: spool, runID: runID, needsWindow: needsWindow, wording: wording)
            try produce(&stager)
            try stager.sendRows()
            copy = stager.copy
        }
        try connection.copyIn("COPY peercert.findings (run_id, \(Self.findingColumns)) FROM STDIN WITH (FORMAT binary)", doing: "writing findings",
                              format: .binary) { copy in
            try spool.replay(into: &copy)
        }
    }

    /// A night's join: the parts' credential results and findings become this run's, in the run's
    /// transaction, in worker order. Returns the number of credential rows.
    @discardableResult
    public func adopt(parts: [Int]) throws -> Int {
        let (credentialColumns, findingColumns) = (Self.credentialResultColumns, Self.findingColumns)
        let adopted = try connection.execute("""
            INSERT INTO peercert.credential_results (run_id, \(credentialColumns))
            SELECT $1, \(credentialColumns) FROM peercert.credential_results WHERE run_id = ANY($2::bigint[]) ORDER BY worker_id, certification_id
            """, [runID, Self.bigintArray(parts)], doing: "joining the parts' credential results").affectedRows
        try connection.execute("""
            INSERT INTO peercert.findings (run_id, \(findingColumns))
            SELECT $1, \(findingColumns) FROM peercert.findings WHERE run_id = ANY($2::bigint[]) ORDER BY worker_id, certification_id
            """, [runID, Self.bigintArray(parts)], doing: "joining the parts' findings")
        return adopted
    }

    /// The night's parts, read under this run's lock (a join's, which waited for it).
    public func nightParts(night: String, count: Int) throws -> NightParts {
        try NightParts.read(night: night, count: count, on: connection)
    }

    /// Records which runs a join joined (the parts may have changed while it waited for the lock).
    public func recordParts(_ parts: [Int]) throws {
        try connection.execute("UPDATE peercert.runs SET parts = $2::bigint[] WHERE id = $1", [runID, Self.bigintArray(parts)])
    }

    /// Removes the run row of a join with nothing to do (another process joined the night while
    /// this one waited for the lock): not a failure, so no failed row is left.
    public func discard() {
        _ = try? connection.execute("ROLLBACK")
        _ = try? connection.execute("DELETE FROM peercert.runs WHERE id = $1", [runID])
    }

    /// This run's staged results read back as evaluations (inside its transaction).
    public func forEachStoredEvaluation(_ body: (WorkerEvaluation) throws -> Void) throws {
        try StoredEvaluations.forEach(run: runID, on: connection, body)
    }

    /// A run's rows, after `run_id`, as the run writes them and a join copies them (in the order
    /// ResultStager and FindingSpool encode their fields, in COPY's binary format: each field's
    /// type there must be the column's).
    static let credentialResultColumns = "worker_id, certification_id, state, credential, number, level, role, rule_version, verdict, "
        + "expires_on, verdicts, first_action, renewal_needs"
    static let findingColumns = "worker_id, certification_id, subject, requirement_id, kind, verdict, measured, required, reason, cure, "
        + "standard, rule_file, rule_line, evidence, shortfalls"

    static func bigintArray(_ values: [Int]) -> String { "{\(values.map(String.init).joined(separator: ","))}" }

    /// The tables holding a run's results by `run_id`: a failed run has none, `db prune` removes
    /// old runs' (reminders and the outbox outlive their run: they make "once per threshold" true).
    public static let resultTables = ["findings", "credential_results", "credential_changes", "run_rule_files"]

    /// Shows employers the credentials `publication` filled and indexed, in the results'
    /// transaction: they see them from its commit (a whole run only: a shard holds part of the night).
    public func publish(_ publication: PublicationWriter) throws {
        try connection.execute("SELECT peercert.switch_public_credentials($1)", [publication.table], doing: "publishing the public credentials")
    }

    /// Sends this run's stored results (a night's join: its parts') to `publication`, read inside the run's transaction.
    public func sendStoredResults(to publication: PublicationWriter) throws {
        try publication.sendStoredRun(from: connection)
    }

    /// Marks the run succeeded, in the results' transaction.
    public func commit(reportDir: String, workers: Int, credentials: Int, findings: Int) throws {
        try connection.execute("""
            UPDATE peercert.runs SET status = 'succeeded', finished_at = clock_timestamp(), report_dir = $2,
                   workers = $3, credentials = $4, findings = $5
            WHERE id = $1
            """, [runID, reportDir, workers, credentials, findings])
        try connection.execute("COMMIT", doing: "committing the run's results")
    }

    /// Marks the run failed (outside the results transaction, which is rolled back). On a broken
    /// connection it tries once on a fresh one, so the row is not left `running`; false when neither worked.
    @discardableResult
    public func fail(_ reason: String) -> Bool {
        if !connection.isBroken { _ = try? connection.execute("ROLLBACK") }
        let sql = "UPDATE peercert.runs SET status = 'failed', finished_at = now(), failure = $2 WHERE id = $1"
        if !connection.isBroken, (try? connection.execute(sql, [runID, reason])) != nil { return true }
        return (try? timeouts.connect(conninfo).execute(sql, [runID, reason])) != nil
    }

    /// Takes back results already committed (the report directory could not be published after
    /// the commit): a run is `succeeded` only with both.
    @discardableResult
    public func withdraw(_ reason: String) -> Bool {
        do {
            try connection.execute("BEGIN")
            // Its reminders too: they were not sent (delivery follows publishing), so the next run plans them again.
            for table in Self.resultTables + ["outbox", "reminders"] {
                try connection.execute("DELETE FROM peercert.\(table) WHERE run_id = $1", [runID])
            }
            try connection.execute("UPDATE peercert.runs SET status = 'failed', failure = $2 WHERE id = $1", [runID, reason])
            // Employers see the previous night's publication again (the other of the two tables, untouched since).
            try connection.execute("SELECT peercert.restore_public_credentials()", doing: "restoring the previous public credentials")
            try connection.execute("COMMIT", doing: "withdrawing the run's results")
            return true
        } catch {
            fail(reason)
            return false
        }
    }
}

/// Adds evaluations to the results: a row per credential into the open COPY, the findings that
/// are not met into the spool.
public struct ResultStager {
    var copy: PGCopyInWriter
    var rows = PGBinaryRowEncoder()
    let spool: FindingSpool
    let runID: Int
    let needsWindow: ClosedRange<Day>?
    let wording: ResultWording
    /// Findings of every verdict, met included (the run row counts them all).
    public private(set) var findings = 0
    var verdictsScratch: [UInt8] = []

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
            try spool.add(finding, of: evaluation, runID: runID)
        }
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
        for (index, finding) in findings.enumerated() {
            if index > 0 { bytes.append(contentsOf: ", ".utf8) }
            JSONText.appendString(finding.subject.key, to: &bytes)
            bytes.append(contentsOf: ": \"".utf8)
            bytes.append(contentsOf: finding.verdict.rawValue.utf8)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
    }
}

/// The findings that are not met, encoded for a binary COPY and set aside in an unlinked file until the
/// credential rows' COPY ends. Memory stays one block whatever the number of workers. The file is
/// closed (and its blocks, which hold health information, freed) however the run ends.
final class FindingSpool {
    private let descriptor: Int32
    private let path: String
    private var encoder = PGBinaryRowEncoder()
    private var shortfallsScratch: [UInt8] = []
    private let wording: ResultWording

    init(directory: String, wording: ResultWording) throws {
        self.wording = wording
        var template = Array("\(directory)/.findings-XXXXXX".utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard descriptor >= 0 else { throw StoreError(.spoolFailed, "cannot create a spool file in \(directory): \(String(cString: strerror(errno)))") }
        // Gone from the directory at once: nothing is left behind whatever ends the run.
        unlink(path)
    }

    deinit { close(descriptor) }

    func add(_ finding: Finding, of evaluation: CredentialEvaluation, runID: Int) throws {
        encoder.resultKey(runID: runID, evaluation)
        encoder.text(finding.subject.type)
        encoder.text(finding.requirementID)
        encoder.text(finding.kind)
        encoder.text(finding.verdict.rawValue)
        let text = wording.finding(finding)
        encoder.text(text.measured)
        encoder.text(text.required)
        encoder.text(text.reason)
        encoder.text(text.cure)
        encoder.text(finding.standard)
        encoder.text(finding.location?.file)
        encoder.integer(finding.location?.line)
        encoder.text(text.evidence)
        shortfallsScratch.removeAll(keepingCapacity: true)
        Shortfall.appendJSON(finding.shortfalls, to: &shortfallsScratch)
        shortfallsScratch.withUnsafeBufferPointer { encoder.jsonb(utf8: $0) }
        encoder.endRow()
        if encoder.bytes.count >= PGCopyRowEncoder.blockSize { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < encoder.bytes.count {
            let written = encoder.bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw StoreError(.spoolFailed, "cannot write the findings spool: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        encoder.clear()
    }

    /// Sends everything spooled into `copy`.
    func replay(into copy: inout PGCopyInWriter) throws {
        try flush()
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw StoreError(.spoolFailed, "cannot rewind the findings spool: \(String(cString: strerror(errno)))")
        }
        // Binary rows may be split anywhere: the server reassembles them (and numbers them in an error).
        var block = [UInt8](repeating: 0, count: PGCopyRowEncoder.blockSize)
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StoreError(.spoolFailed, "cannot read the findings spool: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            try block.withUnsafeBytes { try copy.sendEncodedRows(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }
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
