import Foundation
import HummingbirdTesting
import Hummingbird
import InMemoryLogging
import Logging
import PGClient
import PeerRules
import PeerServer
import PeerStore
import PeerTestSupport
import PeerVerification
import Testing

/// The employers' API through Hummingbird's router test client (no socket), against a real
/// database holding health data the answers must never carry.
@Suite(.serialized) struct VerificationAPITests {
    /// What each body is scanned for: the worker's lived-experience kind and recovery date, an
    /// exam score, finding text. None may appear in any response.
    static let secrets = ["substance_use", "mental_health", "2019-03-17", "87.5", "in recovery since", "ICRC-PR", "lived"]
    static let credentialKeys: Set = ["state", "credential", "number", "name", "level", "endorsements", "status", "issued_on",
                                      "expires_on", "valid", "as_of", "run_id"]

    struct Fixture {
        let database: TestDatabase
        let key: String
        let revokedKey: String
        let runID: Int
    }

    /// Five people in GA: Ada holds two valid credentials (and an older row of one, superseded);
    /// Grace's credential expired; two people share the number DUP-1.
    static func fixture(_ label: String) throws -> Fixture {
        let database = try TestDatabase.fresh(label)
        let connection = try database.connect()
        try connection.executeScript("""
            INSERT INTO peercert.workers (id, full_name, birth_date, residence_state) VALUES
              (1, 'Ada  Lovelace', '1990-04-01', 'GA'), (2, 'Grace Hopper', '1985-12-09', 'GA'),
              (3, 'Twin One', '1970-01-01', 'GA'), (4, 'Twin Two', '1971-01-01', 'GA');
            INSERT INTO peercert.lived_experience_attestations (worker_id, kind, attested_on, recovery_since)
              VALUES (1, 'substance_use', '2024-01-01', '2019-03-17');
            INSERT INTO peercert.exam_records (worker_id, exam_code, score, passed, taken_on) VALUES (1, 'ICRC-PR', 87.5, true, '2024-06-01');
            INSERT INTO peercert.certifications (id, worker_id, state, credential, number, level, endorsements, status, issued_on, expires_on) VALUES
              (10, 1, 'GA', 'CPS-AD', 'GA-1001', 'full', '{youth}', 'active', '2025-01-01', '2027-01-01'),
              (15, 1, 'GA', 'CPS-AD', 'GA-0999', 'full', '{}', 'expired', '2023-01-01', '2025-01-01'),
              (11, 1, 'GA', 'CPS-MH', 'GA-1002', NULL, '{}', 'active', '2025-02-01', '2027-02-01'),
              (12, 2, 'GA', 'CPS-AD', 'GA-2001', NULL, '{}', 'active', '2023-07-01', '2025-06-30'),
              (13, 3, 'GA', 'CPS-AD', 'DUP-1', NULL, '{}', 'active', '2025-01-01', '2027-01-01'),
              (14, 4, 'GA', 'CPS-AD', 'DUP-1', NULL, '{}', 'active', '2025-01-01', '2027-01-01');
            """, doing: "loading the fixture")
        let runID = try connection.execute("""
            INSERT INTO peercert.runs (as_of, status, tool_version, rules_digest) VALUES ('2026-11-01', 'succeeded', 'test', 'x') RETURNING id
            """).row(0).int(0)!
        try connection.execute("""
            INSERT INTO peercert.credential_results (run_id, worker_id, certification_id, state, credential, role, verdict, expires_on, number)
            SELECT $1, worker_id, id, state, credential, 'holder',
                   CASE WHEN expires_on < '2026-11-01' THEN 'lapsed' ELSE 'compliant' END, expires_on, number
            FROM peercert.certifications
            """, [runID])
        try connection.execute("""
            INSERT INTO peercert.findings (run_id, worker_id, certification_id, requirement_id, kind, verdict, measured, required, reason)
            VALUES ($1, 1, 10, 'lived-experience', 'lived_experience', 'met', 'in recovery since 2019-03-17', '24 months', 'substance_use')
            """, [runID])
        // Published as a night's join publishes its parts' stored results.
        let publication = try PublicationWriter(conninfo: database.conninfo, timeouts: SessionTimeouts(), runID: runID, asOf: Day(iso: "2026-11-01")!)
        try publication.sendStoredRun(from: connection)
        try publication.finish()
        try connection.execute("SELECT peercert.switch_public_credentials($1)", [publication.table])
        let keys = APIKeyStore(connection: connection)
        let key = APIKey.generate()
        _ = try keys.add(employer: "Acme Health", digestHex: APIKey.digestHex(key))
        let revokedKey = APIKey.generate()
        let revokedID = try keys.add(employer: "Former Employer", digestHex: APIKey.digestHex(revokedKey))
        let revoked = try keys.revoke(id: revokedID)
        #expect(revoked)
        return Fixture(database: database, key: key, revokedKey: revokedKey, runID: runID)
    }

    static func withAPI<T: Sendable>(_ fixture: Fixture, settings: VerificationAPI.Settings = .init(), logs: InMemoryLogHandler = InMemoryLogHandler(),
                                     _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let pool = DatabasePool(conninfo: fixture.database.conninfo, size: 2)
        defer { Task { try? await pool.shutdown() } }
        let api = VerificationAPI(pool: pool, settings: settings, logger: Logger(label: "peercert.serve") { _ in logs })
        let app = Application(router: try api.router())
        return try await app.test(.router, body)
    }

    /// The body as JSON, after checking it carries nothing but public fields.
    static func checked(_ response: TestResponse) throws -> [String: Any] {
        let text = String(buffer: response.body)
        for secret in secrets {
            #expect(!text.contains(secret), "a response carries \(secret): \(text)")
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
        func credentials(_ answer: [String: Any]) -> [[String: Any]] { answer["credentials"] as? [[String: Any]] ?? [] }
        let answers = (object["results"] as? [[String: Any]]) ?? [object]
        for answer in answers {
            for credential in credentials(answer) {
                #expect(Set(credential.keys).isSubset(of: credentialKeys), "fields outside the public list: \(credential.keys)")
            }
        }
        return object
    }

    static func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)"] }

    @Test func aCredentialByNumberValidExpiredMissingOrShared() async throws {
        let fixture = try Self.fixture("apinumber")
        defer { fixture.database.drop() }
        try await Self.withAPI(fixture) { client in
            let auth = Self.bearer(fixture.key)
            try await client.execute(uri: "/v1/credentials/GA/CPS-AD/GA-1001", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let body = try Self.checked(response)
                #expect(body["outcome"] as? String == "valid")
                let credential = try #require((body["credentials"] as? [[String: Any]])?.first)
                #expect(credential["name"] as? String == "Ada  Lovelace")
                #expect(credential["expires_on"] as? String == "2027-01-01")
                #expect(credential["endorsements"] as? [String] == ["youth"])
                #expect(credential["level"] as? String == "full")
                #expect(credential["as_of"] as? String == "2026-11-01")
            }
            // Lowercase state and code are the same question.
            try await client.execute(uri: "/v1/credentials/ga/cps-ad/GA-1001", method: .get, headers: auth) { response in
                let body = try Self.checked(response)
                #expect(body["outcome"] as? String == "valid")
            }
            try await client.execute(uri: "/v1/credentials/GA/CPS-AD/GA-2001", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let body = try Self.checked(response)
                #expect(body["outcome"] as? String == "not_valid")
                #expect((body["credentials"] as? [[String: Any]])?.first?["status"] as? String == "expired")
            }
            // The superseded older row of Ada's credential is not published.
            try await client.execute(uri: "/v1/credentials/GA/CPS-AD/GA-0999", method: .get, headers: auth) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try Self.checked(response)
                #expect(body["status"] as? Int == 404)
            }
            try await client.execute(uri: "/v1/credentials/GA/CPS-AD/DUP-1", method: .get, headers: auth) { response in
                #expect(response.status == .conflict)
                let body = try Self.checked(response)
                #expect(body["people"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/credentials/G1/CPS-AD/X", method: .get, headers: auth) { response in
                #expect(response.status == .badRequest)
                let body = try Self.checked(response)
                #expect((body["errors"] as? [[String: Any]])?.first?["field"] as? String == "state")
            }
        }
    }

    @Test func aBulkRequestIsAnsweredInOrderAndAudited() async throws {
        let fixture = try Self.fixture("apibulk")
        defer { fixture.database.drop() }
        let body = #"[{"state": "GA", "credential": "CPS-AD", "number": "GA-1001"}, {"name": "ada  LOVELACE", "birth_date": "1990-04-01", "state": "GA"}, {"state": "GA", "credential": "CPS-AD", "number": "NOPE"}, {"name": "Ada Lovelace", "birth_date": "1990-04-02", "state": "GA"}]"#
        try await Self.withAPI(fixture) { client in
            try await client.execute(uri: "/v1/verifications", method: .post, headers: Self.bearer(fixture.key),
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let results = try #require(try Self.checked(response)["results"] as? [[String: Any]])
                #expect(results.map { $0["outcome"] as? String } == ["valid", "valid", "not_found", "not_found"])
                // By person: both of Ada's credentials, valid first.
                let numbers = (results[1]["credentials"] as? [[String: Any]])?.compactMap { $0["number"] as? String }
                #expect(Set(numbers ?? []) == ["GA-1001", "GA-1002"])
            }
        }
        let audit = try fixture.database.connect().execute("""
            SELECT employer, channel, outcome, coalesce(matched_number, '-') FROM peercert.verification_audit ORDER BY id
            """).rows.map { [$0.string(0)!, $0.string(1)!, $0.string(2)!, $0.string(3)!] }
        #expect(audit.count == 4)
        #expect(audit.allSatisfy { $0[0] == "Acme Health" && $0[1] == "api" })
        #expect(audit.map { $0[2] } == ["valid", "valid", "not_found", "not_found"])
        #expect(audit[0][3] == "GA-1001")
    }

    @Test func keysAreCheckedOnEveryRequestAndRateLimited() async throws {
        let fixture = try Self.fixture("apikeys")
        defer { fixture.database.drop() }
        try await Self.withAPI(fixture, settings: .init(requestsPerMinute: 3)) { client in
            let uri = "/v1/credentials/GA/CPS-AD/GA-1001"
            for headers: HTTPFields in [[:], Self.bearer("pck_unknown"), Self.bearer(fixture.revokedKey), [.authorization: "Basic abc"]] {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    let body = try Self.checked(response)
                    #expect(body["status"] as? Int == 401)
                }
            }
            for _ in 0..<3 {
                try await client.execute(uri: uri, method: .get, headers: Self.bearer(fixture.key)) { response in
                    #expect(response.status == .ok)
                    _ = try Self.checked(response)
                }
            }
            try await client.execute(uri: uri, method: .get, headers: Self.bearer(fixture.key)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                _ = try Self.checked(response)
            }
            // Health and the document need no key.
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                _ = try Self.checked(response)
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                // The document itself speaks of lived experience (what is never returned): parsed, not scanned.
                let document = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(document?["openapi"] as? String == "3.1.0")
            }
        }
    }

    @Test func badBulkBodiesNameTheItemAndOversizedOnesAre413() async throws {
        let fixture = try Self.fixture("apibad")
        defer { fixture.database.drop() }
        try await Self.withAPI(fixture, settings: .init(maxBulkItems: 10_000)) { client in
            let auth = Self.bearer(fixture.key)
            try await client.execute(uri: "/v1/verifications", method: .post, headers: auth, body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
                _ = try Self.checked(response)
            }
            let missingDate = #"[{"state": "GA", "credential": "CPS-AD", "number": "GA-1001"}, {"name": "Ada Lovelace", "state": "GA"}, {"state": "GA", "number": 7}]"#
            try await client.execute(uri: "/v1/verifications", method: .post, headers: auth, body: ByteBuffer(string: missingDate)) { response in
                #expect(response.status == .badRequest)
                let errors = try #require(try Self.checked(response)["errors"] as? [[String: Any]])
                #expect(errors.first?["item"] as? Int == 1)
                #expect(errors.first?["field"] as? String == "birth_date")
                #expect(errors.contains { $0["item"] as? Int == 2 && $0["field"] as? String == "number" })
            }
            let item = #"{"state": "GA", "credential": "CPS-AD", "number": "GA-1001"}"#
            let tooMany = "[" + Array(repeating: item, count: 10_001).joined(separator: ",") + "]"
            try await client.execute(uri: "/v1/verifications", method: .post, headers: auth, body: ByteBuffer(string: tooMany)) { response in
                #expect(response.status == .contentTooLarge)
                _ = try Self.checked(response)
            }
        }
        // Refused requests looked nothing up.
        let audited = try fixture.database.connect().execute("SELECT count(*) FROM peercert.verification_audit").scalar
        #expect(audited == "0")
    }

    @Test func theAccessLogNamesRoutesNeverNumbersOrNames() async throws {
        let fixture = try Self.fixture("apilog")
        defer { fixture.database.drop() }
        let logs = InMemoryLogHandler()
        try await Self.withAPI(fixture, logs: logs) { client in
            try await client.execute(uri: "/v1/credentials/GA/CPS-AD/GA-1001", method: .get, headers: Self.bearer(fixture.key)) { response in
                #expect(response.status == .ok)
                _ = try Self.checked(response)
            }
            let body = #"[{"name": "Ada Lovelace", "birth_date": "1990-04-01", "state": "GA"}]"#
            try await client.execute(uri: "/v1/verifications", method: .post, headers: Self.bearer(fixture.key), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                _ = try Self.checked(response)
            }
            // An unlisted method on a listed path: 405 naming the one it answers.
            try await client.execute(uri: "/v1/verifications", method: .put, headers: Self.bearer(fixture.key)) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                _ = try Self.checked(response)
            }
        }
        let lines = logs.entries.map { "\($0.message) \($0.metadata)" }
        #expect(lines.count == 3)
        #expect(lines.first?.contains("/v1/credentials/{state}/{credential}/{number}") == true, "\(lines)")
        // The key's employer on each answered request (the 405 never reached the key check).
        #expect(lines.prefix(2).allSatisfy { $0.contains("Acme Health") })
        for line in lines {
            for secret in ["GA-1001", "Ada", "Lovelace", "1990-04-01"] + Self.secrets {
                #expect(!line.contains(secret), "the access log carries \(secret): \(line)")
            }
        }
    }

    /// The verifier role (sql/011_least_privilege.sql, a login made by sql/roles/login.sql) reads the public credentials, checks keys and
    /// writes the audit; every other table refuses it.
    @Test func theVerifierRoleIsRefusedEveryOtherTable() throws {
        let fixture = try Self.fixture("apirole")
        defer { fixture.database.drop() }
        let login = "peercert_api_\(UInt32.random(in: 0...UInt32.max))"
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = ["psql", "-q", "-X", "-d", fixture.database.name, "-v", "role=peercert_verifier", "-v", "login=\(login)", "-v", "password=unused",
                          "-f", fixture.database.repositoryRoot + "/sql/roles/login.sql"]
        try psql.run()
        psql.waitUntilExit()
        #expect(psql.terminationStatus == 0)
        defer { _ = try? PGConnection("dbname=postgres").execute("DROP ROLE IF EXISTS \(login)") }
        defer { _ = try? fixture.database.connect().execute("DROP OWNED BY \(login)") }

        let asVerifier = try PGConnection("dbname=\(fixture.database.name) user=\(login)")
        let tables = try fixture.database.connect().execute("SELECT tablename FROM pg_tables WHERE schemaname = 'peercert' ORDER BY 1")
            .rows.compactMap { $0.string(0) }
        #expect(tables.contains("workers") && tables.contains("lived_experience_attestations") && tables.contains("findings"))
        for table in tables where table != "public_credentials" {
            do {
                try asVerifier.execute("SELECT * FROM peercert.\(table) LIMIT 1")
                Issue.record("the verifier role could read peercert.\(table)")
            } catch {
                #expect(error.sqlState == "42501", "peercert.\(table): \(error)")
            }
        }
        do {
            try asVerifier.execute("UPDATE peercert.public_credentials SET valid = true")
            Issue.record("the verifier role could change the public credentials")
        } catch { #expect(error.sqlState == "42501") }
        // What it is for still works: a key check, a lookup, its audit row.
        let employer = try APIKeyStore(connection: asVerifier).employer(digestHex: APIKey.digestHex(fixture.key))
        #expect(employer == "Acme Health")
        let answers = try Verifier(store: PublicCredentialStore(connection: asVerifier), employer: "Acme Health", channel: .api)
            .answer([.success(.person(name: "ADA LOVELACE", birthDate: .init(iso: "1990-04-01")!, state: "GA"))])
        #expect(answers.map(\.outcome) == [.valid])
        #expect(answers.first?.credentials.count == 2)
    }
}
