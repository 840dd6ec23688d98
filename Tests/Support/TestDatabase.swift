import Foundation
import PGClient
import PeerStore

/// A throwaway database on the PostgreSQL server that libpq's PG* environment points at (the
/// private cluster `scripts/test` starts). Each test gets its own, so tests run in parallel.
public struct TestDatabase: Sendable {
    public let name: String
    /// A conninfo naming only the database: host, port and user come from PG* like any deployment.
    /// The user is the cluster's superuser, as the schema's owner (migrations, seeding, fixtures).
    public var conninfo: String { "dbname=\(name)" }
    /// The same database as a login in `peercert_runner` (sql/011_least_privilege.sql): how the
    /// tests run the nightly job, so a privilege it lacks fails the suite.
    public var runner: String { "dbname=\(name) user=\(Self.runnerLogin)" }
    public static let runnerLogin = "peercert_test_runner"

    /// Creates an empty database (migrated unless `migrated` is false).
    public static func fresh(_ label: String, migrated: Bool = true) throws -> TestDatabase {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else {
            throw TestSetupError("PGHOST is not set: run the tests with scripts/test, which starts a private PostgreSQL")
        }
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let name = "peercert_test_\(label.lowercased().filter { $0.isLetter || $0.isNumber })_\(suffix)"
        let admin = try PGConnection("dbname=postgres")
        try admin.execute("CREATE DATABASE \(name)")
        let database = TestDatabase(name: name)
        if migrated {
            let connection = try database.connect()
            _ = try Migrator.migrate(connection, migrations: try Migrator.migrations(in: repositoryRoot + "/sql"))
            // Cluster-wide, made by whichever test gets there first (the others find it made).
            try connection.execute("""
                DO $$ BEGIN CREATE ROLE \(runnerLogin) LOGIN IN ROLE peercert_runner;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
                """)
        }
        return database
    }

    public func connect() throws(PGError) -> PGConnection { try PGConnection(conninfo) }

    public func drop() {
        guard let admin = try? PGConnection("dbname=postgres") else { return }
        _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// The checkout this package was built from (tests read sql/ and rules/ from it).
    public static var repositoryRoot: String { TestPaths.repositoryRoot }
    public var repositoryRoot: String { TestPaths.repositoryRoot }
}

public enum TestPaths {
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/Support/TestDatabase.swift
        return url.path
    }()
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
