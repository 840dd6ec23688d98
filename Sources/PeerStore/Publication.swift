import Crypto
import PGClient
import PeerEngine
import PeerRules

/// What employers are shown of one worker: for each credential the worker holds, one certificate
/// (a renewed row beside an expired one shows once), with the run's own verdict. Chosen here, from
/// the records and verdicts a run already has in memory, so publishing needs no join of a million
/// rows after the run (it took 8 to 10 s at 1,000,000 workers, on one core, while the run waited).
public enum Publication {
    /// A held certificate as the run judged it: what choosing and publishing need.
    public struct Candidate: Sendable, Equatable {
        public let certificationID: Int
        public let key: CredentialKey
        public let number: String?
        public let level: String?
        public let endorsements: [String]
        /// The board's status (an application is never a candidate).
        public let status: PublicCredential.Status
        public let issuedOn: Day?
        public let expiresOn: Day?
        /// The run found the period over.
        public let lapsed: Bool

        public init(certificationID: Int, key: CredentialKey, number: String?, level: String?, endorsements: [String],
                    status: PublicCredential.Status, issuedOn: Day?, expiresOn: Day?, lapsed: Bool) {
            self.certificationID = certificationID
            self.key = key
            self.number = number
            self.level = level
            self.endorsements = endorsements
            self.status = status
            self.issuedOn = issuedOn
            self.expiresOn = expiresOn
            self.lapsed = lapsed
        }

        /// What employers are told the status is: an active credential the run found lapsed is expired.
        public var publicStatus: PublicCredential.Status { status == .active && lapsed ? .expired : status }

        /// Active, within its period on `asOf`, and not found lapsed. Without an expiry date it is not valid.
        public func isValid(asOf: Day) -> Bool {
            guard status == .active, !lapsed, let expiresOn, expiresOn >= asOf else { return false }
            return issuedOn.map { $0 <= asOf } ?? true
        }
    }

    /// The held certificates of a worker with the run's verdicts (`evaluation` is the worker's, its
    /// credentials in the order of `worker.certifications`, as `Evaluator` gives them).
    public static func candidates(of worker: WorkerRecord, _ evaluation: WorkerEvaluation) -> [Candidate] {
        zip(worker.certifications, evaluation.credentials).compactMap { certification, judged in
            guard judged.certification == certification.ref, judged.role == .holder,
                  let status = PublicCredential.Status(rawValue: certification.status) else { return nil }
            return Candidate(certificationID: certification.ref.id, key: certification.key, number: certification.number,
                             level: certification.level, endorsements: certification.endorsements, status: status,
                             issuedOn: certification.issuedOn, expiresOn: certification.expiresOn, lapsed: judged.verdict == .lapsed)
        }
    }

    /// One certificate per credential (state and code compared byte for byte): a valid one first,
    /// then the latest expiry (none last), then the newest row. In the order each credential first appears.
    public static func choose(_ candidates: [Candidate], asOf: Day) -> [Candidate] {
        func sameCredential(_ lhs: Candidate, _ rhs: Candidate) -> Bool {
            lhs.key.state.utf8.elementsEqual(rhs.key.state.utf8) && lhs.key.credential.utf8.elementsEqual(rhs.key.credential.utf8)
        }
        func preferred(_ lhs: Candidate, over rhs: Candidate) -> Bool {
            let (lhsValid, rhsValid) = (lhs.isValid(asOf: asOf), rhs.isValid(asOf: asOf))
            if lhsValid != rhsValid { return lhsValid }
            if lhs.expiresOn != rhs.expiresOn {
                guard let lhsExpiry = lhs.expiresOn else { return false }
                guard let rhsExpiry = rhs.expiresOn else { return true }
                return lhsExpiry > rhsExpiry
            }
            return lhs.certificationID > rhs.certificationID
        }
        var chosen: [Candidate] = []
        for candidate in candidates {
            if let index = chosen.firstIndex(where: { sameCredential($0, candidate) }) {
                if preferred(candidate, over: chosen[index]) { chosen[index] = candidate }
            } else {
                chosen.append(candidate)
            }
        }
        return chosen
    }

    /// The public rows of one worker, in COPY binary format, in the column order (and types) of `PublicationWriter.columns`.
    public static func encode(workerID: Int, name: String, identity: Int64?, _ chosen: [Candidate], runID: Int, asOf: Day,
                              into rows: inout PGBinaryRowEncoder) {
        for candidate in chosen {
            rows.text(candidate.key.state)
            rows.text(candidate.key.credential)
            rows.text(candidate.number)
            rows.text(name)
            rows.text(candidate.level)
            rows.textArray(candidate.endorsements)
            rows.text(candidate.publicStatus.rawValue)
            rows.date(candidate.issuedOn)
            rows.date(candidate.expiresOn)
            rows.boolean(candidate.isValid(asOf: asOf))
            rows.bigint(runID)
            rows.date(asOf)
            rows.bigint(workerID)
            rows.bigint(identity.map { Int($0) })
            rows.endRow()
        }
    }
}

/// Tells people apart by full name and birth date without storing the birth date with the public
/// credentials. Computed here, by the run that publishes and by every lookup, so the two never
/// disagree: spaces around the name dropped, runs of spaces folded to one, Unicode lowercase, the
/// birth date as days since 2000-01-01; the first 8 bytes of SHA-256 of that. An index key, not a
/// secret (the names are in the table); two people colliding would only make an answer ambiguous.
public enum PersonIdentity {
    public static func digest(name: String, birthDate: Day?) -> Int64? {
        guard let birthDate else { return nil }
        var text = foldedASCII(name) ?? Array(folded(name).lowercased().utf8)
        text.append(UInt8(ascii: "|"))
        // Days since 2000-01-01: the same day zero as PostgreSQL's binary dates.
        text.append(contentsOf: String(birthDate - Day.postgresEpoch).utf8)
        // swift-crypto's (BoringSSL), not PeerRules' own: this runs for every worker.
        let hash = Crypto.SHA256.hash(data: text)
        return hash.withUnsafeBytes { bytes in
            Int64(bitPattern: bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
    }

    /// Runs of spaces made one, leading and trailing spaces dropped.
    static func folded(_ name: String) -> String {
        var folded = ""
        var pendingSpace = false
        for character in name {
            if character == " " {
                pendingSpace = !folded.isEmpty
                continue
            }
            if pendingSpace { folded.append(" ") }
            pendingSpace = false
            folded.append(character)
        }
        return folded
    }

    /// `folded(name).lowercased()` as bytes for a name all ASCII, nil otherwise: the same bytes
    /// without grapheme breaking or Unicode case mapping (most names, for every worker of a run).
    static func foldedASCII(_ name: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count + 8)
        var pendingSpace = false
        for byte in name.utf8 {
            guard byte < 0x80 else { return nil }
            if byte == UInt8(ascii: " ") {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace { bytes.append(UInt8(ascii: " ")) }
            pendingSpace = false
            bytes.append((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte)
        }
        return bytes
    }
}

/// Workers' public rows encoded for the publication's COPY: pure, so it runs on the evaluation
/// thread and the thread that sends them only copies bytes.
public struct PublicationRows: Sendable {
    let runID: Int
    let asOf: Day
    public private(set) var encoded = PGBinaryRowEncoder(capacity: 1 << 14)

    public init(runID: Int, asOf: Day) {
        self.runID = runID
        self.asOf = asOf
    }

    public mutating func add(_ worker: WorkerRecord, _ evaluation: WorkerEvaluation) {
        add(workerID: worker.id, name: worker.name, birthDate: worker.birthDate, Publication.candidates(of: worker, evaluation))
    }

    /// A worker without a name has nothing an employer could look up: nothing is published.
    public mutating func add(workerID: Int, name: String?, birthDate: Day?, _ candidates: [Publication.Candidate]) {
        guard let name, !candidates.isEmpty else { return }
        Publication.encode(workerID: workerID, name: name, identity: PersonIdentity.digest(name: name, birthDate: birthDate),
                           Publication.choose(candidates, asOf: asOf), runID: runID, asOf: asOf, into: &encoded)
    }

    public mutating func clear() { encoded.clear() }
}

/// Fills the public table a whole run publishes, on a connection of its own, beside the run: the
/// rows stream in while the run's results do, the table is indexed when they are done, and the
/// run's transaction shows it to employers (`ResultWriter.publish`) just before its commit. Until
/// then the view shows the previous night; a run that fails leaves the table unseen, and the next
/// run recreates it (sql/014_publishing_beside_the_run.sql).
public final class PublicationWriter {
    static let columns = "state, credential, number, name, level, endorsements, status, issued_on, expires_on, valid, run_id, as_of, worker_id, identity"
    let connection: PGConnection
    /// The unused one of the two public tables, being filled.
    public let table: String
    public let runID: Int
    public let asOf: Day
    private var copy: PGCopyInWriter?
    public private(set) var rows = 0
    /// Taken here, on the thread that owns the connection (libpq's cancel object is then safe from any thread).
    private let cancelHandle: PGCancelHandle?

    public init(conninfo: String?, timeouts: SessionTimeouts, runID: Int, asOf: Day) throws {
        connection = try timeouts.connect(conninfo)
        self.runID = runID
        self.asOf = asOf
        let prepared: String?
        do {
            prepared = try connection.execute("SELECT peercert.prepare_public_credentials()", doing: "preparing the public credentials").scalar
        } catch {
            // An older schema: the function is missing (undefined_function).
            guard error.sqlState == "42883" else { throw error }
            throw StoreError(.notMigrated, "the peercert schema on \(connection.endpoint) predates publishing beside the run "
                             + "(sql/014_publishing_beside_the_run.sql): run `peercert db migrate` first")
        }
        guard let prepared, ["public_credentials_1", "public_credentials_2"].contains(prepared) else {
            throw PGError(code: .unexpectedResult, message: "peercert.prepare_public_credentials() named no public table", doing: "preparing the public credentials")
        }
        table = prepared
        cancelHandle = connection.cancelHandle()
        copy = try connection.startCopyIn("COPY peercert.\(prepared) (\(Self.columns)) FROM STDIN WITH (FORMAT binary)",
                                          doing: "publishing the public credentials", format: .binary)
    }

    /// Stops what the connection is doing (the indexing, on another thread): thread-safe.
    public func cancel() { cancelHandle?.cancel() }

    /// Sends rows encoded by `PublicationRows`.
    public func send(_ rows: PublicationRows) throws {
        guard var copy else { throw PGError(code: .copyFailed, message: "the publication's COPY has ended", doing: "publishing the public credentials") }
        try rows.encoded.bytes.withUnsafeBytes { try copy.sendEncodedRows($0) }
        self.copy = copy
    }

    /// Publishes the credentials of a run already stored (a night's join: its results are its parts'),
    /// read on `connection`, inside its transaction, with the input they were judged on.
    public func sendStoredRun(from connection: PGConnection) throws {
        let reader = try connection.copyOut("""
            COPY (SELECT w.id, w.full_name, w.birth_date, c.id, c.state, c.credential, c.number, c.level, c.endorsements, c.status,
                         c.issued_on, c.expires_on, cr.verdict = 'lapsed'
                  FROM peercert.credential_results cr
                  JOIN peercert.certifications c ON c.id = cr.certification_id
                  JOIN peercert.workers w ON w.id = cr.worker_id
                  WHERE cr.run_id = \(runID) AND cr.role = 'holder'
                  ORDER BY w.id, c.id) TO STDOUT
            """, doing: "reading the run's credentials to publish")
        var rows = PublicationRows(runID: runID, asOf: asOf)
        var worker: (id: Int, name: String?, birthDate: Day?)?
        var candidates: [Publication.Candidate] = []
        func flushWorker() throws {
            if let worker { rows.add(workerID: worker.id, name: worker.name, birthDate: worker.birthDate, candidates) }
            candidates.removeAll(keepingCapacity: true)
            if rows.encoded.bytes.count >= PGCopyRowEncoder.blockSize {
                try send(rows)
                rows.clear()
            }
        }
        while try reader.next() {
            guard let workerID = reader.int(0), let certificationID = reader.int(3), let state = reader.string(4),
                  let credential = reader.string(5) else { continue }
            if workerID != worker?.id {
                try flushWorker()
                worker = (workerID, reader.string(1), reader.string(2).flatMap(Day.init(iso:)))
            }
            guard let status = reader.string(9).flatMap(PublicCredential.Status.init(rawValue:)) else { continue }
            candidates.append(Publication.Candidate(
                certificationID: certificationID, key: CredentialKey(state: state, credential: credential), number: reader.string(6),
                level: reader.string(7), endorsements: reader.string(8).flatMap(PostgresArray.parse)?.compactMap { $0 } ?? [],
                status: status, issuedOn: reader.string(10).flatMap(Day.init(iso:)), expiresOn: reader.string(11).flatMap(Day.init(iso:)),
                lapsed: reader.string(12) == "t"))
        }
        try flushWorker()
        try send(rows)
    }

    /// Ends the COPY and indexes the table (on this writer's connection: a caller may run it on
    /// another thread while the run's own connection works). Returns the rows published.
    @discardableResult
    public func finish() throws -> Int {
        guard var copy else { return rows }
        self.copy = nil
        rows = try copy.finish()
        try connection.execute("SELECT peercert.index_public_credentials($1)", [table], doing: "indexing the public credentials")
        return rows
    }

    /// Gives up: the COPY is aborted and the table stays unseen (the next run recreates it).
    public func abandon(_ error: any Error) {
        if let copy, !connection.isBroken { copy.abort(error) }
        copy = nil
    }
}
