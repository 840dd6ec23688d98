import PGClient
import PeerEngine
import PeerRules
@testable import PeerStore
import Testing

/// What employers are shown of a worker, chosen without a database: one certificate per credential,
/// its public status and validity, and the identity digest lookups by name and birth date use.
@Suite struct PublicationTests {
    static let asOf = Day(iso: "2026-06-01")!

    static func candidate(_ id: Int, _ credential: String = "CPS", status: PublicCredential.Status = .active, issued: String? = "2024-01-01",
                          expires: String?, lapsed: Bool = false, state: String = "GA") -> Publication.Candidate {
        Publication.Candidate(certificationID: id, key: CredentialKey(state: state, credential: credential), number: "N-\(id)", level: nil,
                              endorsements: [], status: status, issuedOn: issued.flatMap(Day.init(iso:)),
                              expiresOn: expires.flatMap(Day.init(iso:)), lapsed: lapsed)
    }

    @Test func validityNeedsAnActiveUnlapsedCertificateWithinItsPeriod() {
        #expect(Self.candidate(1, expires: "2026-06-01").isValid(asOf: Self.asOf))
        #expect(!Self.candidate(1, expires: "2026-05-31").isValid(asOf: Self.asOf))
        #expect(!Self.candidate(1, expires: "2027-01-01", lapsed: true).isValid(asOf: Self.asOf))
        #expect(!Self.candidate(1, status: .suspended, expires: "2027-01-01").isValid(asOf: Self.asOf))
        #expect(!Self.candidate(1, issued: "2026-06-02", expires: "2027-01-01").isValid(asOf: Self.asOf))
        #expect(Self.candidate(1, issued: nil, expires: "2027-01-01").isValid(asOf: Self.asOf))
        #expect(!Self.candidate(1, expires: nil).isValid(asOf: Self.asOf), "no expiry date is not valid")
    }

    @Test func anActiveCredentialTheRunFoundLapsedIsShownExpired() {
        #expect(Self.candidate(1, expires: "2026-01-01", lapsed: true).publicStatus == .expired)
        #expect(Self.candidate(1, expires: "2027-01-01").publicStatus == .active)
        #expect(Self.candidate(1, status: .revoked, expires: "2027-01-01", lapsed: true).publicStatus == .revoked)
    }

    @Test func oneCertificatePerCredentialValidFirstThenLatestExpiryThenNewestRow() {
        let choose = { Publication.choose($0, asOf: Self.asOf).map(\.certificationID) }
        // A valid renewal beats an expired row that expires later on paper (lapsed by the run).
        #expect(choose([Self.candidate(1, expires: "2027-01-01"), Self.candidate(2, expires: "2028-01-01", lapsed: true)]) == [1])
        // Neither valid: the latest expiry; a row without one comes last.
        #expect(choose([Self.candidate(1, expires: nil), Self.candidate(2, expires: "2025-01-01"), Self.candidate(3, expires: "2024-01-01")]) == [2])
        // Same expiry: the newest row.
        #expect(choose([Self.candidate(5, expires: "2027-01-01"), Self.candidate(9, expires: "2027-01-01"), Self.candidate(7, expires: "2027-01-01")]) == [9])
        // Other credentials and states are kept, in the order they first appear.
        #expect(choose([Self.candidate(1, "CPS", expires: "2027-01-01"), Self.candidate(2, "CRSS", expires: "2027-01-01"),
                        Self.candidate(3, "CPS", expires: "2027-01-01", state: "AL")]) == [1, 2, 3])
        // Codes are compared byte for byte, as the public table's "C" collation does: canonically
        // equal but differently encoded codes are two credentials.
        #expect(choose([Self.candidate(1, "CPS-\u{E9}", expires: "2027-01-01"), Self.candidate(2, "CPS-e\u{301}", expires: "2027-01-01")]) == [1, 2])
    }

    @Test func candidatesAreTheHeldCertificatesWithTheRunsVerdict() {
        var worker = WorkerRecord(id: 7, name: "Ada", birthDate: Day(iso: "1990-04-01"))
        let key = CredentialKey(state: "GA", credential: "CPS")
        worker.certifications = [
            CertificationRecord(id: 1, key: key, status: "active", issuedOn: Day(iso: "2024-01-01"), expiresOn: Day(iso: "2026-01-01")),
            CertificationRecord(id: 2, key: key, status: "applied", appliedOn: Day(iso: "2026-05-01")),
            CertificationRecord(id: 3, key: key, status: "retired", issuedOn: Day(iso: "2024-01-01"), expiresOn: Day(iso: "2027-01-01")),
        ]
        func judged(_ id: Int, _ role: Role, _ verdict: CredentialVerdict) -> CredentialEvaluation {
            CredentialEvaluation(workerID: 7, certification: RecordRef(table: "certifications", id: id), key: key, number: nil, level: nil,
                                 role: role, ruleVersion: nil, verdict: verdict, expiresOn: nil, findings: [])
        }
        let evaluation = WorkerEvaluation(workerID: 7, workerName: "Ada",
                                          credentials: [judged(1, .holder, .lapsed), judged(2, .applicant, .pending), judged(3, .holder, .error)])
        let candidates = Publication.candidates(of: worker, evaluation)
        #expect(candidates.map(\.certificationID) == [1], "applications and unknown statuses are not published")
        #expect(candidates.first?.lapsed == true)
    }

    @Test func identityFoldsSpacesAndCaseAndPinsItsRecipe() throws {
        let birth = Day(iso: "1990-04-01")
        let digest = try #require(PersonIdentity.digest(name: "Ada Lovelace", birthDate: birth))
        #expect(PersonIdentity.digest(name: "  ADA   lovelace ", birthDate: birth) == digest)
        #expect(PersonIdentity.digest(name: "Ada Lovelace", birthDate: Day(iso: "1990-04-02")) != digest)
        #expect(PersonIdentity.digest(name: "Ada Lovelace", birthDate: nil) == nil)
        // SHA-256 of "ada lovelace|-3562" (days since 2000-01-01), first 8 bytes, signed: computed with
        // Python's hashlib. Published tables hold these: a changed recipe would lose every lookup by person.
        #expect(digest == -3_664_582_912_691_046_107)
        #expect(PersonIdentity.digest(name: "JOSÉ Núñez", birthDate: Day(iso: "2001-02-03")) == -3_096_307_184_717_341_754)
    }

    @Test func asciiNamesFoldToTheSameBytesAsTheUnicodePath() {
        for name in ["Ada Lovelace", "  ADA   lovelace ", "O'Brien-Smith\tJr.", "a\r\nb", "Z", "", "   ", "MiXeD  CaSe 09 @[`{"] {
            #expect(PersonIdentity.foldedASCII(name) == Array(PersonIdentity.folded(name).lowercased().utf8), "\(name)")
        }
        #expect(PersonIdentity.foldedASCII("José") == nil, "a name with non-ASCII takes the Unicode path")
    }

    @Test func rowsAreEncodedInThePublicTablesColumnOrderAndTypes() throws {
        var rows = PublicationRows(runID: 42, asOf: Self.asOf)
        rows.add(workerID: 7, name: "Ada\tL", birthDate: nil, [Self.candidate(1, expires: "2027-01-01", lapsed: true)])
        rows.add(workerID: 8, name: nil, birthDate: nil, [Self.candidate(2, expires: "2027-01-01")])
        let decoded = try #require(Self.binaryRows(rows.encoded.bytes))
        #expect(decoded.count == 1, "a worker without a name publishes nothing")
        let row = try #require(decoded.first)
        func text(_ field: [UInt8]?) -> String? { field.map { String(decoding: $0, as: UTF8.self) } }
        func integer(_ field: [UInt8]?) -> Int64? { field.map { $0.reduce(Int64(0)) { $0 << 8 | Int64($1) } } }
        #expect(row.count == 14)
        #expect(row[0...4].map(text) == ["GA", "CPS", "N-1", "Ada\tL", nil])
        #expect(row[5] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25], "an empty text[]: no dimensions, element type text")
        #expect(text(row[6]) == "expired")
        // Dates as days since 2000-01-01 (4 bytes), the flag as a byte, ids as 8 bytes.
        #expect(row[7]?.count == 4 && integer(row[7]) == 8766, "2024-01-01")
        #expect(integer(row[8]) == 9862, "2027-01-01")
        #expect(row[9] == [0])
        #expect(row[10]?.count == 8 && integer(row[10]) == 42)
        #expect(integer(row[11]) == 9648, "2026-06-01")
        #expect(integer(row[12]) == 7)
        #expect(row[13] == nil)
    }

    /// Splits COPY binary rows (no header): per row a 16-bit field count, then each field's 32-bit length (-1: NULL) and bytes.
    static func binaryRows(_ bytes: [UInt8]) -> [[[UInt8]?]]? {
        var rows: [[[UInt8]?]] = []
        var index = 0
        func take(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            defer { index += count }
            return bytes[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
        }
        while index < bytes.count {
            guard let fields = take(2) else { return nil }
            var row: [[UInt8]?] = []
            for _ in 0..<fields {
                guard let length = take(4).map({ Int(Int32(truncatingIfNeeded: $0)) }) else { return nil }
                if length < 0 {
                    row.append(nil)
                    continue
                }
                guard index + length <= bytes.count else { return nil }
                row.append(Array(bytes[index..<index + length]))
                index += length
            }
            rows.append(row)
        }
        return rows
    }
}
