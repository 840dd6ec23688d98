import PGClient
import PeerRules

/// The parts of a night made of shards (`peercert run --shard k/n --night LABEL`): for each shard,
/// its newest run with the label. A shard run again replaces its part; the night is complete when
/// every shard's newest run succeeded, on one as-of date with one rule set.
public struct NightParts: Sendable {
    public struct Part: Sendable, Equatable {
        public let shard: Shard
        public let runID: Int
        public let status: String
        public let asOf: Day
        public let rulesDigest: String
        public let reportDirectory: String?
        public let workers: Int
    }

    public let night: String
    public let count: Int
    /// The newest run of each shard that has one, in shard order.
    public let newest: [Part]
    /// The newest succeeded join of the night and the runs it joined, if any.
    public let lastJoin: (runID: Int, parts: [Int])?

    /// Reads the night's parts on a connection of its own.
    public static func read(night: String, count: Int, conninfo: String?, timeouts: SessionTimeouts) throws -> NightParts {
        try read(night: night, count: count, on: timeouts.connect(conninfo))
    }

    /// Reads the night's parts.
    public static func read(night: String, count: Int, on connection: PGConnection) throws -> NightParts {
        let rows = try connection.execute("""
            SELECT DISTINCT ON (shard) shard, id, status, as_of::text, rules_digest, report_dir, coalesce(workers, 0)
            FROM peercert.runs WHERE night = $1 AND parts IS NULL AND shard LIKE $2
            ORDER BY shard, id DESC
            """, [night, "%/\(count)"], doing: "reading the parts of night \(night)").rows
        let newest = rows.compactMap { row -> Part? in
            guard let shard = row.string(0).flatMap(Shard.init), let id = row.int(1), let asOf = row.string(3).flatMap({ Day(iso: $0) }) else { return nil }
            return Part(shard: shard, runID: id, status: row.string(2) ?? "", asOf: asOf, rulesDigest: row.string(4) ?? "",
                        reportDirectory: row.string(5), workers: row.int(6) ?? 0)
        }.sorted { $0.shard.index < $1.shard.index }
        let join = try connection.execute("""
            SELECT id, parts::text FROM peercert.runs WHERE night = $1 AND parts IS NOT NULL AND status = 'succeeded' ORDER BY id DESC LIMIT 1
            """, [night]).rows.first
        let lastJoin = join.flatMap { row in
            row.int(0).map { ($0, PostgresArray.parse(row.string(1) ?? "{}")?.compactMap { $0.flatMap(Int.init) } ?? []) }
        }
        return NightParts(night: night, count: count, newest: newest, lastJoin: lastJoin)
    }

    /// What keeps the night from being joined: shards with no run, shards whose newest run did not
    /// succeed, parts that disagree on the as-of date or the rules. Empty when complete.
    public var problems: [String] {
        var problems: [String] = []
        let missing = (0..<count).filter { index in !newest.contains { $0.shard.index == index } }
        if !missing.isEmpty {
            problems.append("no run of shard\(missing.count == 1 ? "" : "s") " + missing.map { "\($0)/\(count)" }.joined(separator: ", "))
        }
        for part in newest where part.status != "succeeded" {
            problems.append("shard \(part.shard) is \(part.status) (run \(part.runID))")
        }
        let succeeded = newest.filter { $0.status == "succeeded" }
        if Set(succeeded.map(\.asOf)).count > 1 {
            problems.append("the shards ran as of different dates (" + succeeded.map { "\($0.shard): \($0.asOf)" }.joined(separator: ", ") + ")")
        }
        if Set(succeeded.map(\.rulesDigest)).count > 1 {
            problems.append("the shards ran with different rules (" + succeeded.map { "\($0.shard): \($0.rulesDigest.prefix(12))" }.joined(separator: ", ") + ")")
        }
        return problems
    }

    public var isComplete: Bool { problems.isEmpty }

    /// Whether the newest join already holds exactly the current parts.
    public var isJoined: Bool { lastJoin.map { $0.parts == newest.map(\.runID) } ?? false }
}
