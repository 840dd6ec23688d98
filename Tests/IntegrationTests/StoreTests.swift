import PGClient
import PeerEngine
import PeerRules
import PeerStore
import PeerSynthetic
import PeerTestSupport
import Testing

/// Migrations, the streaming reader and the seeder against a real server.
@Suite struct StoreTests {
    /// Every table and column the schema has, as one string, to compare schemas.
    func schemaShape(_ connection: PGConnection) throws -> String {
        try connection.execute("""
            SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, ordinal_position)
            FROM information_schema.columns WHERE table_schema = 'peercert'
            """).scalar ?? ""
    }

    @Test func migratingTwiceChangesNothing() throws {
        let database = try TestDatabase.fresh("migrate", migrated: false)
        defer { database.drop() }
        let connection = try database.connect()
        let migrations = try Migrator.migrations(in: database.repositoryRoot + "/sql")
        let first = try Migrator.migrate(connection, migrations: migrations)
        #expect(first == migrations.map(\.name))
        let shape = try schemaShape(connection)
        #expect(shape.contains("training_records.hours:numeric"))
        let second = try Migrator.migrate(connection, migrations: migrations)
        #expect(second.isEmpty)
        #expect(try schemaShape(connection) == shape)
        #expect(try connection.execute("SELECT count(*) FROM peercert.schema_migrations").scalar == String(migrations.count))
    }

    @Test func anEditedMigrationIsRefused() throws {
        let database = try TestDatabase.fresh("edited")
        defer { database.drop() }
        let connection = try database.connect()
        var migrations = try Migrator.migrations(in: database.repositoryRoot + "/sql")
        migrations[0] = Migrator.Migration(version: migrations[0].version, name: migrations[0].name, sql: migrations[0].sql + "\n-- edited")
        #expect(throws: StoreError.self) { try Migrator.migrate(connection, migrations: migrations) }
    }

    @Test func theDatabaseRejectsNegativeHours() throws {
        let database = try TestDatabase.fresh("checks")
        defer { database.drop() }
        let connection = try database.connect()
        try connection.execute("INSERT INTO peercert.workers (id, full_name) VALUES (1, 'A')")
        do {
            try connection.execute("""
                INSERT INTO peercert.training_records (worker_id, hours, domain, delivery_mode, completed_on)
                VALUES (1, -4, 'advocacy', 'classroom', '2025-01-01')
                """)
            Issue.record("expected the check constraint to refuse negative hours")
        } catch {
            #expect(error.sqlState == "23514")
        }
    }

    @Test func theReaderGroupsEachWorkersEvidenceInOneSnapshot() throws {
        let database = try TestDatabase.fresh("reader")
        defer { database.drop() }
        let connection = try database.connect()
        try connection.executeScript("""
            INSERT INTO peercert.workers (id, full_name) VALUES (1, 'One'), (2, 'Two, no evidence'), (3, 'Three');
            INSERT INTO peercert.training_providers VALUES (9, 'P');
            INSERT INTO peercert.training_provider_approvals VALUES (9, 'PA', '2020-01-01', NULL);
            INSERT INTO peercert.training_records (worker_id, provider_id, hours, domain, delivery_mode, completed_on) VALUES
                (3, 9, 10.5, 'advocacy', 'classroom', '2024-01-01'),
                (1, NULL, 40, 'peer_support_core', 'live_online', '2024-02-02'),
                (3, 9, 6, 'ethical_responsibility', 'classroom', '2024-03-03');
            INSERT INTO peercert.exam_records (worker_id, exam_code, score, passed, taken_on) VALUES (3, 'ICRC-PR', 81.5, true, '2024-04-04');
            INSERT INTO peercert.certifications (worker_id, state, credential, status, issued_on, expires_on) VALUES
                (1, 'PA', 'CPS', 'active', '2024-05-05', '2026-05-05'), (3, 'MD', 'CPRS', 'applied', NULL, NULL);
            INSERT INTO peercert.lived_experience_attestations (worker_id, kind, attested_on, recovery_since) VALUES (3, 'both', '2024-01-01', '2019-06-30');
            """, doing: "inserting fixtures")
        let reader = try WorkerReader(conninfo: database.conninfo)
        defer { reader.close() }
        // Written after the snapshot was taken: the reader must not see it.
        try connection.execute("INSERT INTO peercert.workers (id, full_name) VALUES (4, 'Late')")
        let approvals = try reader.providerApprovals()
        #expect(approvals.isApproved(provider: 9, state: "PA", on: Day(iso: "2024-01-01")!))
        #expect(!approvals.isApproved(provider: 9, state: "MD", on: Day(iso: "2024-01-01")!))
        var records: [WorkerRecord] = []
        let count = try reader.forEachWorker { records.append($0) }
        #expect(count == 3)
        #expect(records.map(\.id) == [1, 2, 3])
        #expect(records[0].training.map(\.hours) == [Hours(40)])
        #expect(records[0].training[0].providerID == nil)
        #expect(records[0].certifications.first?.expiresOn == Day(iso: "2026-05-05"))
        #expect(records[1].training.isEmpty && records[1].certifications.isEmpty)
        #expect(records[2].training.map(\.hours) == [Hours(hundredths: 1050), Hours(6)])
        #expect(records[2].exams.first?.score == Hours(hundredths: 8150))
        #expect(records[2].attestations.first?.recoverySince == Day(iso: "2019-06-30"))
        #expect(records[2].certifications.first?.status == "applied")
    }

    @Test func seedingIsDeterministicAndVaried() throws {
        let database = try TestDatabase.fresh("seed")
        defer { database.drop() }
        let connection = try database.connect()
        let book = try RuleLoader.load(directory: database.repositoryRoot + "/rules")
        let asOf = Day(iso: "2026-06-01")!
        func fingerprint() throws -> String {
            try connection.execute("""
                SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
                    SELECT w::text AS x FROM peercert.workers w
                    UNION ALL SELECT (t.worker_id, t.hours, t.domain, t.completed_on)::text FROM peercert.training_records t
                    UNION ALL SELECT (c.worker_id, c.state, c.status, c.issued_on, c.expires_on)::text FROM peercert.certifications c
                ) rows
                """).scalar ?? ""
        }
        _ = try Seeder.seed(connection, workers: 600, population: SyntheticPopulation(seed: 7, book: book, asOf: asOf), book: book, asOf: asOf)
        let first = try fingerprint()
        _ = try Seeder.seed(connection, workers: 600, population: SyntheticPopulation(seed: 7, book: book, asOf: asOf), book: book, asOf: asOf)
        #expect(try fingerprint() == first)
        _ = try Seeder.seed(connection, workers: 600, population: SyntheticPopulation(seed: 8, book: book, asOf: asOf), book: book, asOf: asOf)
        #expect(try fingerprint() != first)

        func count(_ sql: String) throws -> Int { Int(try connection.execute(sql).scalar ?? "0") ?? 0 }
        #expect(try count("SELECT count(*) FROM peercert.workers") == 600)
        #expect(try count("SELECT count(DISTINCT (state, credential)) FROM peercert.certifications") == book.credentials.count)
        #expect(try count("SELECT count(*) FROM (SELECT worker_id FROM peercert.certifications GROUP BY 1 HAVING count(*) > 1) m") > 0)
        for status in ["applied", "active", "expired", "suspended"] {
            #expect(try count("SELECT count(*) FROM peercert.certifications WHERE status = '\(status)'") > 0, "no \(status) credentials")
        }
        #expect(try count("SELECT count(*) FROM peercert.exam_records WHERE NOT passed") > 0)
        #expect(try count("SELECT count(*) FROM peercert.training_records WHERE provider_id > 16") > 0, "no unapproved providers")
        #expect(try count("SELECT count(*) FROM peercert.training_records WHERE completed_on > '2026-06-01'") > 0, "no future-dated training")
        #expect(try count("SELECT count(*) FROM peercert.exam_records WHERE exam_code = 'XX-PEER'") > 0, "no unknown exam codes")
    }
}

/// The input contract both ways: what the generator makes, written by the seeder and read back by
/// the reader, is the same WorkerRecord, field for field.
@Suite struct InputContractTests {
    /// The tables peercert writes itself; every other table of the schema is input and must be in
    /// `InputTable`, which is how the runner's role gets read on it.
    static let ownTables: Set<String> = ["schema_migrations", "runs", "credential_results", "findings", "run_rule_files", "credential_changes",
                                         "transfer_decisions", "reminders", "outbox", "public_publication", "public_credentials_1", "public_credentials_2",
                                         "verification_audit", "api_keys"]

    @Test func everyInputTableOfTheSchemaIsInTheContract() throws {
        let database = try TestDatabase.fresh("contract")
        defer { database.drop() }
        let tables = Set(try database.connect().execute("""
            SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'peercert' AND c.relkind IN ('r', 'p')
            """).rows.compactMap { $0.string(0) })
        #expect(tables.subtracting(Self.ownTables) == Set(InputTable.allCases.map(\.rawValue)),
                "a table of the schema that is neither peercert's own nor in InputTable gets no grant: add it to InputTable")
    }

    @Test func generatedWorkersRoundTripThroughTheDatabase() throws {
        let database = try TestDatabase.fresh("roundtrip")
        defer { database.drop() }
        let connection = try database.connect()
        let book = try RuleLoader.load(directory: database.repositoryRoot + "/rules")
        let asOf = Day(iso: "2026-06-01")!
        _ = try Seeder.seed(connection, workers: 400, population: SyntheticPopulation(seed: 9, book: book, asOf: asOf), book: book, asOf: asOf)
        let reader = try WorkerReader(conninfo: database.conninfo)
        defer { reader.close() }
        var read: [WorkerRecord] = []
        try reader.forEachWorker { read.append($0) }
        let generated = (1...400).map {
            SyntheticPopulation(seed: 9, book: book, asOf: asOf).member($0).record
        }
        #expect(read.count == 400)
        for (back, made) in zip(read, generated) where back != made {
            Issue.record("worker \(made.id) differs after the round trip:\nmade \(made)\nread \(back)")
            break
        }
        // The population is varied enough for the comparison to mean something.
        #expect(generated.contains { !$0.certifications.isEmpty && !$0.training.isEmpty && !$0.exams.isEmpty && !$0.continuingEducation.isEmpty })
        #expect(generated.contains { $0.certifications.contains { !$0.endorsements.isEmpty } })
        #expect(generated.contains { !$0.transferRequests.isEmpty && !$0.employment.isEmpty })
    }
}
