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
        let findings = try RowSpool(directory: spoolDirectory, name: "findings")
        let transfers = try RowSpool(directory: spoolDirectory, name: "transfers")
        try connection.copyIn("COPY peercert.credential_results (run_id, \(Self.credentialResultColumns)) FROM STDIN WITH (FORMAT binary)",
                               doing: "writing credential results", format: .binary) { copy in
            var stager = ResultStager(copy: copy, findings: findings, transfers: transfers, runID: runID, needsWindow: needsWindow,
                                      wording: wording)
            try produce(&stager)
            try stager.sendRows()
            copy = stager.copy
        }
        try connection.copyIn("COPY peercert.findings (run_id, \(Self.findingColumns)) FROM STDIN WITH (FORMAT binary)", doing: "writing findings",
                              format: .binary) { copy in
            try findings.replay(into: &copy)
        }
        try connection.copyIn("COPY peercert.transfer_decisions (run_id, \(Self.transferColumns)) FROM STDIN WITH (FORMAT binary)",
                              doing: "writing transfer decisions", format: .binary) { copy in
            try transfers.replay(into: &copy)
        }
    }

    /// A night's join: the parts' credential results, findings and transfer decisions become this run's, in the run's
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
        let transferColumns = Self.transferColumns
        try connection.execute("""
            INSERT INTO peercert.transfer_decisions (run_id, \(transferColumns))
            SELECT $1, \(transferColumns) FROM peercert.transfer_decisions WHERE run_id = ANY($2::bigint[]) ORDER BY worker_id, request_id
            """, [runID, Self.bigintArray(parts)], doing: "joining the parts' transfer decisions")
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
    static let transferColumns = "worker_id, request_id, to_state, to_credential, outcome, decision, csv_row"

    static func bigintArray(_ values: [Int]) -> String { "{\(values.map(String.init).joined(separator: ","))}" }

    /// The tables holding a run's results by `run_id`: a failed run has none, `db prune` removes
    /// old runs' (reminders and the outbox outlive their run: they make "once per threshold" true).
    public static let resultTables = ["findings", "credential_results", "transfer_decisions", "credential_changes", "run_rule_files"]

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
