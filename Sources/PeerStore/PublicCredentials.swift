import PGClient
import PeerRules

/// What an employer may know of a credential, and nothing else: the type has no field that could
/// hold lived experience, training, an exam, a finding or a birth date.
public struct PublicCredential: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case active, expired, suspended, revoked
    }
    public let state: String
    public let credential: String
    public let number: String?
    public let name: String
    public let level: String?
    public let endorsements: [String]
    public let status: Status
    public let issuedOn: Day?
    public let expiresOn: Day?
    /// Active and within its period on `asOf`, and not found lapsed by the run.
    public let valid: Bool
    /// The run that published it and that run's as-of date.
    public let runID: Int
    public let asOf: Day

    public init(state: String, credential: String, number: String?, name: String, level: String?, endorsements: [String],
                status: Status, issuedOn: Day?, expiresOn: Day?, valid: Bool, runID: Int, asOf: Day) {
        self.state = state
        self.credential = credential
        self.number = number
        self.name = name
        self.level = level
        self.endorsements = endorsements
        self.status = status
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
        self.valid = valid
        self.runID = runID
        self.asOf = asOf
    }
}

/// One question an employer asks.
public enum CredentialQuery: Sendable, Equatable {
    /// A credential by its number: state, credential code, number.
    case number(state: String, credential: String, number: String)
    /// A person's credentials in one state, by full name and birth date.
    case person(name: String, birthDate: Day, state: String)
}

/// The credentials that matched one query, with the person each belongs to (an opaque key that
/// tells people apart; never shown).
public struct CredentialMatch: Sendable {
    public let credential: PublicCredential
    public let person: Int
}

/// How a lookup ended, as the audit table records it.
public enum LookupOutcome: String, Sendable, CaseIterable {
    case valid
    case notValid = "not_valid"
    case notFound = "not_found"
    case ambiguous
    case invalidInput = "invalid_input"
}

/// One row of the audit: who asked what, and what they were told.
public struct LookupRecord: Sendable {
    public let asked: String
    public let outcome: LookupOutcome
    /// The credential answered, when exactly one was.
    public let matched: (state: String, credential: String, number: String?)?

    public init(asked: String, outcome: LookupOutcome, matched: (state: String, credential: String, number: String?)?) {
        self.asked = asked
        self.outcome = outcome
        self.matched = matched
    }
}

/// The public-credentials table: published by a run, read by `verify` and `serve`, which also
/// record each lookup. The reading side needs only the verifier role's grants (sql/011_least_privilege.sql).
public struct PublicCredentialStore {
    let connection: PGConnection

    public init(connection: PGConnection) { self.connection = connection }

    /// The matches of each query, in the order asked (one round trip for the whole batch).
    public func lookUp(_ queries: [CredentialQuery]) throws -> [[CredentialMatch]] {
        var byNumber: (ord: [String?], state: [String?], credential: [String?], number: [String?]) = ([], [], [], [])
        var byPerson: (ord: [String?], identity: [String?], state: [String?]) = ([], [], [])
        for (index, query) in queries.enumerated() {
            switch query {
            case let .number(state, credential, number):
                byNumber.ord.append(String(index)); byNumber.state.append(state)
                byNumber.credential.append(credential); byNumber.number.append(number)
            case let .person(name, birthDate, state):
                byPerson.ord.append(String(index))
                byPerson.identity.append(PersonIdentity.digest(name: name, birthDate: birthDate).map { String($0) })
                byPerson.state.append(state)
            }
        }
        let columns = "p.state, p.credential, p.number, p.name, p.level, p.endorsements, p.status, p.issued_on, p.expires_on, p.valid, p.run_id, p.as_of, p.worker_id"
        let result = try connection.execute("""
            SELECT a.ord, \(columns)
            FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS a(ord, state, credential, number)
            JOIN peercert.public_credentials p ON p.state = a.state AND p.credential = a.credential AND p.number = a.number
            UNION ALL
            SELECT b.ord, \(columns)
            FROM unnest($5::int[], $6::bigint[], $7::text[]) AS b(ord, identity, state)
            JOIN peercert.public_credentials p ON p.identity = b.identity AND p.state = b.state
            ORDER BY 1, 11 DESC, 10 DESC NULLS LAST, 2, 3
            """, [PostgresArray.literal(byNumber.ord), PostgresArray.literal(byNumber.state), PostgresArray.literal(byNumber.credential),
                  PostgresArray.literal(byNumber.number), PostgresArray.literal(byPerson.ord), PostgresArray.literal(byPerson.identity),
                  PostgresArray.literal(byPerson.state)],
            doing: "looking up public credentials")
        var matches = [[CredentialMatch]](repeating: [], count: queries.count)
        for row in result.rows {
            guard let ord = row.int(0), matches.indices.contains(ord) else { continue }
            matches[ord].append(try Self.match(row))
        }
        return matches
    }

    private static func match(_ row: PGRow) throws(PGError) -> CredentialMatch {
        func day(_ column: Int) -> Day? { row.string(column).flatMap(Day.init(iso:)) }
        guard let state = row.string(1), let credential = row.string(2), let name = row.string(4),
              let status = row.string(7).flatMap(PublicCredential.Status.init(rawValue:)),
              let valid = row.bool(10), let runID = row.int(11), let asOf = day(12), let person = row.int(13) else {
            throw PGError(code: .unexpectedResult, message: "a public-credentials row is incomplete", doing: "looking up public credentials")
        }
        let endorsements = row.string(6).flatMap(PostgresArray.parse)?.compactMap { $0 } ?? []
        return CredentialMatch(credential: PublicCredential(
            state: state, credential: credential, number: row.string(3), name: name, level: row.string(5),
            endorsements: endorsements, status: status, issuedOn: day(8), expiresOn: day(9), valid: valid,
            runID: runID, asOf: asOf), person: person)
    }

    /// Records lookups in the audit table (one statement for the batch).
    public func record(_ lookups: [LookupRecord], employer: String, channel: String) throws {
        guard !lookups.isEmpty else { return }
        try connection.execute("""
            INSERT INTO peercert.verification_audit (employer, channel, asked, outcome, matched_state, matched_credential, matched_number)
            SELECT $1, $2, a.asked, a.outcome, a.state, a.credential, a.number
            FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS a(asked, outcome, state, credential, number)
            """, [employer, channel, PostgresArray.literal(lookups.map(\.asked)), PostgresArray.literal(lookups.map(\.outcome.rawValue)),
                  PostgresArray.literal(lookups.map { $0.matched?.state }), PostgresArray.literal(lookups.map { $0.matched?.credential }),
                  PostgresArray.literal(lookups.map { $0.matched?.number })],
            doing: "recording lookups in the verification audit")
    }
}

/// Employers' API keys, kept as SHA-256 digests (hex here, bytea in the table).
public struct APIKeyStore {
    let connection: PGConnection

    public init(connection: PGConnection) { self.connection = connection }

    public struct Key: Sendable {
        public let id: Int
        public let employer: String
        public let createdAt: String
        public let revokedAt: String?
    }

    public func add(employer: String, digestHex: String) throws -> Int {
        let id = try connection.execute("INSERT INTO peercert.api_keys (employer, digest) VALUES ($1, decode($2, 'hex')) RETURNING id",
                                        [employer, digestHex], doing: "adding an API key").row(0).int(0)
        return id ?? 0
    }

    /// Revokes a key by id; false when there is no active key with that id.
    public func revoke(id: Int) throws -> Bool {
        try connection.execute("UPDATE peercert.api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id",
                               [id], doing: "revoking an API key").rowCount == 1
    }

    public func list() throws -> [Key] {
        try connection.execute("""
            SELECT id, employer, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM peercert.api_keys ORDER BY id
            """).rows.map { Key(id: $0.int(0) ?? 0, employer: $0.string(1) ?? "", createdAt: $0.string(2) ?? "", revokedAt: $0.string(3)) }
    }

    /// The employer of an active key with this digest (through a function, so the server's role
    /// never reads the keys table), or nil.
    public func employer(digestHex: String) throws -> String? {
        try connection.execute("SELECT peercert.employer_for_key(decode($1, 'hex'))", [digestHex], doing: "checking an API key").scalar
    }
}
