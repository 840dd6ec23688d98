import PGClient
import PeerEngine
import PeerRules

extension ResultWriter {
    /// Compares this run's staged results with the previous successful run of the same shard, in
    /// the run's transaction (before the commit, so a failed run records no changes): records the
    /// rule files applied, the previous run's id, and a `credential_changes` row per credential
    /// whose verdict or rule version changed, or that is in one run only.
    public func compareWithPrevious(ruleFiles: [RuleFileDigest], shard: Shard) throws -> RunComparison {
        for file in ruleFiles {
            try connection.execute("INSERT INTO peercert.run_rule_files (run_id, path, sha256) VALUES ($1, $2, $3)",
                                   [runID, file.path, file.sha256], doing: "recording the run's rule files")
        }
        guard let previous = try connection.execute("""
            SELECT id, as_of::text FROM peercert.runs
            WHERE status = 'succeeded' AND shard = $1 AND id < $2 ORDER BY id DESC LIMIT 1
            """, [shard.description, runID], doing: "finding the previous run").rows.first, let previousID = previous.int(0) else {
            return RunComparison(previousRunID: nil, previousAsOf: nil, ruleFiles: [], counts: [:])
        }
        try connection.execute("UPDATE peercert.runs SET previous_run_id = $2 WHERE id = $1", [runID, previousID])
        try connection.execute("""
            INSERT INTO peercert.credential_changes (run_id, previous_run_id, certification_id, worker_id, state, credential, number,
                                                     role, change, old_verdict, new_verdict, old_rule_version, new_rule_version)
            SELECT $1, $2, coalesce(n.certification_id, o.certification_id), coalesce(n.worker_id, o.worker_id),
                   coalesce(n.state, o.state), coalesce(n.credential, o.credential), coalesce(n.number, o.number),
                   coalesce(n.role, o.role),
                   CASE WHEN o.certification_id IS NULL THEN 'appeared'
                        WHEN n.certification_id IS NULL THEN 'disappeared'
                        WHEN n.verdict = o.verdict THEN 'rule_version_changed'
                        WHEN n.role = 'applicant' AND n.verdict IN ('compliant', 'at_risk') THEN 'ready'
                        WHEN n.verdict = 'compliant' THEN 'newly_compliant'
                        WHEN n.verdict = 'non_compliant' THEN 'newly_non_compliant'
                        WHEN n.verdict = 'lapsed' THEN 'newly_lapsed'
                        ELSE 'verdict_changed' END,
                   o.verdict, n.verdict, o.rule_version, n.rule_version
            FROM (SELECT * FROM peercert.credential_results WHERE run_id = $1) AS n
            FULL JOIN (SELECT * FROM peercert.credential_results WHERE run_id = $2) AS o ON n.certification_id = o.certification_id
            WHERE n.certification_id IS NULL OR o.certification_id IS NULL
               OR n.verdict <> o.verdict OR n.rule_version IS DISTINCT FROM o.rule_version
            """, [runID, previousID], doing: "comparing with the previous run")
        var counts: [ChangeKind: Int] = [:]
        for row in try connection.execute("SELECT change, count(*) FROM peercert.credential_changes WHERE run_id = $1 GROUP BY change",
                                          [runID], doing: "counting changes").rows {
            if let kind = row.string(0).flatMap(ChangeKind.init(rawValue:)) { counts[kind] = row.int(1) ?? 0 }
        }
        let ruleFiles = try connection.execute("""
            SELECT coalesce(n.path, o.path), o.sha256, n.sha256
            FROM (SELECT * FROM peercert.run_rule_files WHERE run_id = $1) AS n
            FULL JOIN (SELECT * FROM peercert.run_rule_files WHERE run_id = $2) AS o ON n.path = o.path
            WHERE n.sha256 IS DISTINCT FROM o.sha256
            ORDER BY 1
            """, [runID, previousID], doing: "comparing rule files").rows.compactMap { row -> RuleFileChange? in
            guard let path = row.string(0) else { return nil }
            let (old, new) = (row.string(1), row.string(2))
            let kind: RuleFileChange.Kind = old == nil ? .added : new == nil ? .removed : .changed
            return RuleFileChange(path: path, kind: kind, oldSHA256: old, newSHA256: new)
        }
        return RunComparison(previousRunID: previousID, previousAsOf: previous.string(1).flatMap(Day.init(iso:)),
                             ruleFiles: ruleFiles, counts: counts)
    }

    /// This run's changed credentials, by worker and certification, streamed (memory stays flat
    /// when a rule change touches every credential).
    public func forEachChange(_ body: (CredentialChange) throws -> Void) throws {
        try connection.stream("""
            SELECT worker_id, certification_id, state, credential, number, role, change, old_verdict, new_verdict,
                   old_rule_version::text, new_rule_version::text
            FROM peercert.credential_changes WHERE run_id = $1 ORDER BY worker_id, certification_id
            """, [runID], doing: "reading the run's changes") { row in
            guard let kind = row.string(6).flatMap(ChangeKind.init(rawValue:)) else { return }
            try body(CredentialChange(workerID: row.int(0) ?? 0, certificationID: row.int(1) ?? 0,
                                      key: CredentialKey(state: row.string(2) ?? "", credential: row.string(3) ?? ""),
                                      number: row.string(4), role: row.string(5) ?? "", kind: kind,
                                      oldVerdict: row.string(7), newVerdict: row.string(8),
                                      oldRuleVersion: row.string(9).flatMap(Day.init(iso:)),
                                      newRuleVersion: row.string(10).flatMap(Day.init(iso:))))
        }
    }
}
