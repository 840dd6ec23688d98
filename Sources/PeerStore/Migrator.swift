import Foundation
import PGClient
import PeerRules

/// Applies `sql/NNN_name.sql` files in order, each in its own transaction, recording each in
/// `peercert.schema_migrations`. Applying twice changes nothing; a recorded file whose text has
/// since changed is an error, because the database no longer matches the files.
public enum Migrator {
    public struct Migration: Sendable {
        public let version: Int
        public let name: String
        public let sql: String
        public var checksum: String { SHA256.hex(Array(sql.utf8)) }

        public init(version: Int, name: String, sql: String) {
            self.version = version
            self.name = name
            self.sql = sql
        }
    }

    public static func migrations(in directory: String) throws(StoreError) -> [Migration] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw StoreError(.migrationsMissing, "cannot read the migrations directory \(directory): run from the repository root or pass --sql-dir")
        }
        var result: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            guard let underscore = name.firstIndex(of: "_"), let version = Int(name[..<underscore]) else {
                throw StoreError(.migrationsMissing, "\(directory)/\(name): migration files are named NNN_description.sql")
            }
            guard let sql = try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8) else {
                throw StoreError(.migrationsMissing, "cannot read \(directory)/\(name)")
            }
            if result.contains(where: { $0.version == version }) {
                throw StoreError(.migrationsMissing, "\(directory)/\(name): migration number \(version) is used twice")
            }
            result.append(Migration(version: version, name: name, sql: sql))
        }
        guard !result.isEmpty else { throw StoreError(.migrationsMissing, "no .sql files in \(directory)") }
        return result
    }

    /// Applies what is missing, then grants the runner's role read on the input contract's every
    /// table (`InputTable`); returns the names applied now (empty when up to date).
    public static func migrate(_ connection: PGConnection, migrations: [Migration]) throws -> [String] {
        // One migrator at a time: a second one waits here instead of racing.
        try connection.execute("SELECT pg_advisory_lock($1)", [StoreLocks.migrate])
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [StoreLocks.migrate]) }
        try connection.executeScript("""
            CREATE SCHEMA IF NOT EXISTS peercert;
            CREATE TABLE IF NOT EXISTS peercert.schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, doing: "creating the migrations table")
        var recorded: [Int: String] = [:]
        for row in try connection.execute("SELECT version, checksum FROM peercert.schema_migrations").rows {
            recorded[row.int(0)!] = row.string(1)!
        }
        var applied: [String] = []
        for migration in migrations {
            if let checksum = recorded[migration.version] {
                guard checksum == migration.checksum else {
                    throw StoreError(.migrationChanged, "\(migration.name) was applied with different contents; migrations are never edited once applied: add a new one instead")
                }
                continue
            }
            try connection.transaction {
                try connection.executeScript(migration.sql, doing: "applying \(migration.name)")
                try connection.execute("INSERT INTO peercert.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                                       [migration.version, migration.name, migration.checksum])
            }
            applied.append(migration.name)
        }
        try InputTable.grantRunnerRead(on: connection)
        return applied
    }
}

/// Advisory-lock keys, so two runs (or two migrators) never work on the same database at once.
public enum StoreLocks {
    public static let migrate = 0x7065_6572_0001  // "peer" 1
    /// Two-key lock (this, shard): an int4, as pg_advisory_lock(int4, int4) takes.
    public static let run = 0x7065_6572
    /// One delivery of the outbox at a time (a run's, or `peercert deliver`).
    public static let deliver = 0x7065_6572_0002  // "peer" 2
}
