import Foundation
import PGClient
import PeerStore
import PeerTestSupport
import Testing

/// Least privilege (sql/011_least_privilege.sql, logins by sql/roles/login.sql): the board reader
/// reads results and findings and nothing of the input; the runner reads the input, writes results
/// and publishes through the publication functions (sql/014), and can create or drop nothing. (The whole suite runs the
/// nightly job as the runner: a privilege it lacks fails those tests.)
@Suite struct RoleTests {
    @Test func eachRoleHasWhatItsWorkNeedsAndNothingElse() throws {
        let database = try TestDatabase.fresh("roles")
        defer { database.drop() }
        let login = "peercert_board_\(UInt32.random(in: 0...UInt32.max))"
        #expect(try Self.psqlLogin(database, role: "peercert_board_reader", login: login) == 0)
        defer { _ = try? PGConnection("dbname=postgres").execute("DROP ROLE IF EXISTS \(login)") }
        defer { _ = try? database.connect().execute("DROP OWNED BY \(login)") }
        #expect(try Self.psqlLogin(database, role: "peercert_superuser", login: login + "_x") != 0, "login.sql took an unknown role")

        let board = try PGConnection("dbname=\(database.name) user=\(login)")
        for table in ["runs", "credential_results", "findings", "credential_changes", "run_rule_files"] {
            #expect(throws: Never.self, "the board reader cannot read \(table)") { try board.execute("SELECT * FROM peercert.\(table) LIMIT 1") }
        }
        // Nothing of the input, lived experience included: every table of the contract refuses the board reader.
        for statement in InputTable.allCases.map({ "SELECT * FROM peercert.\($0.rawValue)" }) + ["SELECT * FROM peercert.api_keys", "INSERT INTO peercert.findings (run_id) VALUES (1)",
                          "DELETE FROM peercert.runs", "SELECT peercert.prepare_public_credentials()",
                          "SELECT peercert.switch_public_credentials('public_credentials_2')"] {
            #expect(Self.sqlState(board, statement) == "42501", "the board reader may: \(statement)")
        }

        let runner = try PGConnection(database.runner)
        // The whole input (the contract's every table, granted by `db migrate` from `InputTable`) and the results.
        for statement in InputTable.allCases.map({ "SELECT * FROM peercert.\($0.rawValue)" })
            + ["SELECT * FROM peercert.findings", "SELECT * FROM peercert.public_credentials"] {
            #expect(throws: Never.self, "the runner cannot: \(statement)") { try runner.execute(statement + " LIMIT 1") }
        }
        for statement in ["CREATE TABLE peercert.extra (id int)", "DROP TABLE peercert.public_credentials_1",
                          "CREATE OR REPLACE VIEW peercert.public_credentials AS SELECT 1 AS one",
                          "SELECT * FROM peercert.api_keys", "SELECT * FROM peercert.verification_audit",
                          "UPDATE peercert.workers SET full_name = 'x'", "DELETE FROM peercert.certifications",
                          "UPDATE peercert.public_publication SET table_name = 'public_credentials_2'"] {
            #expect(Self.sqlState(runner, statement) == "42501", "the runner may: \(statement)")
        }
        // What it may do of the kind, it does through the functions, with the owner's rights: fill the
        // table being prepared (and no other), then show it, once indexed and closed to writes.
        #expect(try runner.execute("SELECT peercert.prepare_public_credentials()").scalar == "public_credentials_2")
        let row = "('GA', 'CPS', 'N-1', 'Ada', 'active', true, 1, '2026-01-01', 1)"
        let insert = "INSERT INTO peercert.%@ (state, credential, number, name, status, valid, run_id, as_of, worker_id) VALUES " + row
        #expect(throws: Never.self) { try runner.execute(insert.replacingOccurrences(of: "%@", with: "public_credentials_2")) }
        #expect(Self.sqlState(runner, insert.replacingOccurrences(of: "%@", with: "public_credentials_1")) == "42501")
        #expect(Self.sqlState(runner, "SELECT peercert.switch_public_credentials('public_credentials_1')") == "P0001",
                "the table employers see was taken for the one being prepared")
        try runner.execute("SELECT peercert.index_public_credentials('public_credentials_2')")
        #expect(Self.sqlState(runner, insert.replacingOccurrences(of: "%@", with: "public_credentials_2")) == "42501", "an indexed table stays writable")
        try runner.execute("SELECT peercert.switch_public_credentials('public_credentials_2')")
        #expect(try runner.execute("SELECT table_name FROM peercert.public_publication").scalar == "public_credentials_2")
        #expect(try runner.execute("SELECT count(*) FROM peercert.public_credentials").scalar == "1")
        // A run withdrawn after its commit: employers see the previous publication again.
        try runner.execute("SELECT peercert.restore_public_credentials()")
        #expect(try runner.execute("SELECT count(*) FROM peercert.public_credentials").scalar == "0")
    }

    static func sqlState(_ connection: PGConnection, _ statement: String) -> String? {
        do {
            try connection.execute(statement)
            return nil
        } catch {
            return error.sqlState
        }
    }

    static func psqlLogin(_ database: TestDatabase, role: String, login: String) throws -> Int32 {
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = ["psql", "-q", "-X", "-d", database.name, "-v", "role=\(role)", "-v", "login=\(login)",
                          "-f", database.repositoryRoot + "/sql/roles/login.sql"]
        psql.standardOutput = FileHandle.nullDevice
        psql.standardError = FileHandle.nullDevice
        try psql.run()
        psql.waitUntilExit()
        return psql.terminationStatus
    }
}
