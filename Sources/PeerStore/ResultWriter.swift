import PGClient
import PeerEngine
import PeerRules

/// Records a run and its results in PostgreSQL.
///
/// The run row is inserted first (status `running`) so a crash leaves a trace. Findings stream
/// into `peercert.findings` with COPY while workers are evaluated; `credential_results` is derived
/// from them in the same transaction that marks the run `succeeded`: readers see all of a run's
/// results or none.
public final class ResultWriter {
    private let connection: PGConnection
    public let runID: Int

    /// Takes the run lock (one run per shard per database at a time: shards of one night run side
    /// by side) and records the run as started.
    public init(conninfo: String?, asOf: Day, toolVersion: String, rulesDigest: String, shard: Shard = .all) throws {
        connection = try PGConnection(conninfo)
        guard try connection.execute("SELECT pg_try_advisory_lock($1, $2)", [StoreLocks.run, shard.count * 10_000 + shard.index]).scalar == "t" else {
            throw StoreError(.runInProgress, "another peercert run of shard \(shard) is in progress on \(connection.endpoint); wait for it to finish")
        }
        guard try connection.execute("SELECT to_regclass('peercert.runs') IS NOT NULL").scalar == "t" else {
            throw StoreError(.notMigrated, "the peercert schema is missing on \(connection.endpoint): run `peercert db migrate` first")
        }
        let id = try connection.execute("INSERT INTO peercert.runs (as_of, tool_version, rules_digest) VALUES ($1, $2, $3) RETURNING id",
                                        [asOf.description, toolVersion, rulesDigest]).scalar
        runID = Int(id ?? "") ?? 0
        try connection.execute("BEGIN")
    }

    /// Runs `produce` while a COPY into `findings` is open (inside the run's transaction);
    /// `produce` adds evaluations.
    public func stage(_ produce: (inout ResultStager) throws -> Void) throws {
        try connection.copyIn("""
            COPY peercert.findings (run_id, worker_id, certification_id, state, credential, role, rule_version, credential_verdict,
                                    expires_on, requirement_id, kind, verdict, measured, required, reason, cure, standard,
                                    rule_file, rule_line, evidence) FROM STDIN
            """, doing: "writing results") { copy in
            var stager = ResultStager(copy: copy, runID: runID)
            try produce(&stager)
            copy = stager.copy
        }
    }

    /// Derives the credential results and marks the run succeeded, in the results' transaction.
    public func commit(reportDir: String, workers: Int, credentials: Int, findings: Int) throws {
        try connection.execute("""
            INSERT INTO peercert.credential_results
                (run_id, worker_id, certification_id, state, credential, role, rule_version, verdict, expires_on)
            SELECT DISTINCT ON (certification_id)
                   run_id, worker_id, certification_id, state, credential, role, rule_version, credential_verdict, expires_on
            FROM peercert.findings WHERE run_id = $1
            ORDER BY certification_id
            """, [runID], doing: "recording credential results")
        try connection.execute("""
            UPDATE peercert.runs SET status = 'succeeded', finished_at = now(), report_dir = $2,
                   workers = $3, credentials = $4, findings = $5
            WHERE id = $1
            """, [runID, reportDir, workers, credentials, findings])
        try connection.execute("COMMIT", doing: "committing the run's results")
    }

    /// Marks the run failed (outside the results transaction, which is rolled back).
    public func fail(_ reason: String) {
        guard !connection.isBroken else { return }
        _ = try? connection.execute("ROLLBACK")
        _ = try? connection.execute("UPDATE peercert.runs SET status = 'failed', finished_at = now(), failure = $2 WHERE id = $1",
                                    [runID, reason])
    }
}

/// Adds evaluations to the staging COPY, one row per finding.
public struct ResultStager {
    var copy: PGCopyInWriter
    let runID: Int
    public private(set) var findings = 0

    public mutating func add(_ evaluation: CredentialEvaluation) throws {
        for finding in evaluation.findings {
            copy.field(runID)
            copy.field(evaluation.workerID)
            copy.field(evaluation.certification.id)
            copy.field(evaluation.key.state)
            copy.field(evaluation.key.credential)
            copy.field(evaluation.role.rawValue)
            copy.field(evaluation.ruleVersion?.description)
            copy.field(evaluation.verdict.rawValue)
            copy.field(evaluation.expiresOn?.description)
            copy.field(finding.requirementID)
            copy.field(finding.kind)
            copy.field(finding.verdict.rawValue)
            copy.field(finding.measured)
            copy.field(finding.required)
            copy.field(finding.reason)
            copy.field(finding.cure)
            copy.field(finding.standard)
            copy.field(finding.location?.file)
            copy.field(finding.location?.line)
            copy.field(finding.evidence.isEmpty ? nil : finding.evidence.map(\.description).joined(separator: "; "))
            try copy.endRow()
            findings += 1
        }
    }
}
