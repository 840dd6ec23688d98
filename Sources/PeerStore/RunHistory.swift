import PGClient

/// One row of `peercert.runs`, as `runs list` and `runs show` print it.
public struct RunRecord: Sendable {
    public let id: Int
    public let asOf: String
    public let status: String
    public let shard: String
    public let startedAt: String
    public let finishedAt: String?
    /// Seconds from start to finish; nil while running.
    public let seconds: Double?
    public let workers: Int?
    public let credentials: Int?
    public let findings: Int?
    public let reportDirectory: String?
    public let rulesDigest: String
    public let toolVersion: String
    public let failure: String?
    /// The night a shard's run or a night's join belongs to (`--night`); nil for a plain run.
    public let night: String?
    /// A join's part runs, by shard; empty for any other run.
    public let parts: [Int]
}

/// What one run's committed results hold: credentials by verdict, findings not met by verdict.
public struct RunTallies: Sendable {
    public let credentialVerdicts: [(verdict: String, count: Int)]
    public let findingVerdicts: [(verdict: String, count: Int)]
}

/// What `db prune` removed.
public struct PruneOutcome: Sendable {
    public var runs: [Int] = []
    public var credentialRows = 0
    public var findingRows = 0
    /// Bytes of the row data deleted (`pg_column_size` of each row): space PostgreSQL reuses once
    /// autovacuum has passed; the files shrink only with VACUUM FULL.
    public var bytes = 0
}

/// Which runs `db prune` keeps.
public struct RetentionPolicy: Sendable {
    /// Keep this many of the newest succeeded runs, and every run newer than the oldest of them.
    public let keepRuns: Int
    /// When set, keep as well every run started less than this many days ago.
    public let keepDays: Int?

    public init(keepRuns: Int, keepDays: Int? = nil) {
        self.keepRuns = max(1, keepRuns)
        self.keepDays = keepDays
    }

    /// The documented default: a month of nightly runs.
    public static let defaultKeepRuns = 30
}

/// The history of runs: listing, one run's tallies, and removing old runs' results.
public struct RunHistory {
    let connection: PGConnection

    public init(connection: PGConnection) { self.connection = connection }

    static let columns = """
        id, as_of::text, status, shard, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        extract(epoch FROM finished_at - started_at)::float8, workers, credentials, findings, report_dir, rules_digest,
        tool_version, failure, night, parts
        """

    /// The newest runs first.
    public func list(limit: Int) throws(PGError) -> [RunRecord] {
        try connection.execute("SELECT \(Self.columns) FROM peercert.runs ORDER BY id DESC LIMIT $1", [limit], doing: "listing runs")
            .rows.map(Self.record)
    }

    public func run(_ id: Int) throws(PGError) -> RunRecord? {
        try connection.execute("SELECT \(Self.columns) FROM peercert.runs WHERE id = $1", [id], doing: "reading run \(id)")
            .rows.first.map(Self.record)
    }

    public func tallies(_ id: Int) throws(PGError) -> RunTallies {
        func counts(_ table: String) throws(PGError) -> [(verdict: String, count: Int)] {
            try connection.execute("SELECT verdict, count(*) FROM peercert.\(table) WHERE run_id = $1 GROUP BY verdict ORDER BY verdict",
                                   [id], doing: "counting run \(id)'s \(table)")
                .rows.map { (verdict: $0.string(0) ?? "", count: $0.int(1) ?? 0) }
        }
        return RunTallies(credentialVerdicts: try counts("credential_results"), findingVerdicts: try counts("findings"))
    }

    private static func record(_ row: PGRow) -> RunRecord {
        RunRecord(id: row.int(0) ?? 0, asOf: row.string(1) ?? "", status: row.string(2) ?? "", shard: row.string(3) ?? "",
                  startedAt: row.string(4) ?? "", finishedAt: row.string(5), seconds: row.string(6).flatMap(Double.init),
                  workers: row.int(7), credentials: row.int(8), findings: row.int(9), reportDirectory: row.string(10),
                  rulesDigest: row.string(11) ?? "", toolVersion: row.string(12) ?? "", failure: row.string(13), night: row.string(14),
                  parts: PostgresArray.parse(row.string(15) ?? "{}")?.compactMap { $0.flatMap(Int.init) } ?? [])
    }

    /// The runs the policy lets go, oldest first: never a running one, never the newest
    /// `keepRuns` succeeded ones or anything after the oldest of them.
    public func prunable(_ policy: RetentionPolicy) throws(PGError) -> [Int] {
        try connection.execute("""
            WITH boundary AS (
                SELECT min(id) AS id FROM (
                    SELECT id FROM peercert.runs WHERE status = 'succeeded' ORDER BY id DESC LIMIT $1) AS kept)
            SELECT runs.id FROM peercert.runs, boundary
            WHERE runs.status <> 'running'
              AND runs.id < coalesce(boundary.id, 0)
              AND ($2::int IS NULL OR runs.started_at < now() - make_interval(days => $2::int))
            ORDER BY runs.id
            """, [policy.keepRuns, policy.keepDays], doing: "choosing runs to prune").rows.compactMap { $0.int(0) }
    }

    /// Removes the results of the runs the policy lets go, then their run rows. Deletes in
    /// batches of `batchSize` rows, each its own short transaction, so a night running meanwhile
    /// is never blocked (its rows are other rows) and nothing is held for long. A run row goes
    /// last: a prune that is stopped leaves an old run with part of its rows, finished next time.
    public func prune(_ policy: RetentionPolicy, batchSize: Int = 10_000) throws(PGError) -> PruneOutcome {
        var outcome = PruneOutcome()
        for id in try prunable(policy) {
            for table in ResultWriter.resultTables {
                while true {
                    let deleted = try connection.execute("""
                        WITH doomed AS (SELECT ctid FROM peercert.\(table) WHERE run_id = $1 LIMIT $2)
                        DELETE FROM peercert.\(table) AS t USING doomed WHERE t.ctid = doomed.ctid
                        RETURNING pg_column_size(t.*)
                        """, [id, batchSize], doing: "pruning run \(id)'s \(table)").rows
                    if deleted.isEmpty { break }
                    outcome.bytes += deleted.reduce(0) { $0 + ($1.int(0) ?? 0) }
                    switch table {
                    case "findings": outcome.findingRows += deleted.count
                    case "credential_results": outcome.credentialRows += deleted.count
                    default: break
                    }
                }
            }
            try connection.execute("DELETE FROM peercert.runs WHERE id = $1 AND status <> 'running'", [id], doing: "pruning run \(id)")
            outcome.runs.append(id)
        }
        return outcome
    }
}
