import Foundation
import PGClient
import PeerTestSupport
import Testing

/// The libpq wrapper against a real server.
@Suite struct PGClientTests {
    @Test func parametersAreBoundNeverSpliced() throws {
        let database = try TestDatabase.fresh("params", migrated: false)
        defer { database.drop() }
        let connection = try database.connect()
        let awkward = "O'Brien \\ \"quoted\" ; DROP TABLE x; -- Zoë 🙂 日本"
        let row = try connection.execute("SELECT $1::text, $2::text IS NULL, char_length($1::text), $3::int + 1",
                                          [awkward, Optional<String>.none, 41]).row(0)
        #expect(row.string(0) == awkward)
        #expect(row.bool(1) == true)
        #expect(row.int(2) == awkward.count)
        #expect(row.int(3) == 42)
    }

    @Test func rowsStreamOneAtATimeAndAStoppedStreamLeavesTheConnectionUsable() throws {
        let database = try TestDatabase.fresh("stream", migrated: false)
        defer { database.drop() }
        let connection = try database.connect()
        var seen: [Int] = []
        try connection.stream("SELECT g FROM generate_series(1, 50000) g ORDER BY g") { row in
            #expect(row.count == 1)
            seen.append(row.int(0)!)
        }
        #expect(seen.count == 50000)
        #expect(seen.first == 1 && seen.last == 50000)

        // A callback that throws stops the stream early; the error is the callback's own.
        struct Enough: Error {}
        var received = 0
        #expect(throws: Enough.self) {
            try connection.stream("SELECT g FROM generate_series(1, 10000000) g") { _ in
                received += 1
                if received == 10 { throw Enough() }
            }
        }
        #expect(received == 10)
        #expect(try connection.execute("SELECT 7").scalar == "7")
    }

    @Test func serverErrorsCarryTheirSQLState() throws {
        let database = try TestDatabase.fresh("sqlstate", migrated: false)
        defer { database.drop() }
        let connection = try database.connect()
        do {
            try connection.execute("SELECT * FROM no_such_table", doing: "reading the missing table")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .queryFailed)
            #expect(error.sqlState == "42P01")
            #expect(error.message.contains("no_such_table"))
            #expect(error.description.hasPrefix("reading the missing table"))
        }
        do {
            try connection.stream("SELECT 1 / (g - 3) FROM generate_series(1, 5) g") { _ in }
            Issue.record("expected an error")
        } catch let error as PGError {
            #expect(error.sqlState == "22012")
        }
        #expect(try connection.execute("SELECT 1").scalar == "1")
    }

    @Test func aConnectionLostMidQueryIsReportedAsLost() throws {
        let database = try TestDatabase.fresh("lost", migrated: false)
        defer { database.drop() }
        let victim = try database.connect()
        let killer = try database.connect()
        let pid = victim.backendPID
        var rows = 0
        do {
            try victim.stream("SELECT g, pg_sleep(0.005) FROM generate_series(1, 2000) g") { _ in
                rows += 1
                if rows == 3 { try killer.execute("SELECT pg_terminate_backend($1)", [Int(pid)]) }
            }
            Issue.record("expected the stream to fail")
        } catch let error as PGError {
            #expect(error.code == .connectionLost)
            #expect(rows < 2000)
        }
        #expect(victim.isBroken)
    }

    @Test func copyRoundTripsAwkwardText() throws {
        let database = try TestDatabase.fresh("copy", migrated: false)
        let connection = try database.connect()
        defer { database.drop() }
        try connection.execute("CREATE TABLE t (id int, note text)")
        let values: [String?] = ["tab\there", "line\nbreak", "back\\slash", nil, "Zoë \\N literal", "", "carriage\rreturn", "plain words, no escape"]
        let stored = try connection.copyIn("COPY t (id, note) FROM STDIN", doing: "test copy") { copy in
            for (index, value) in values.enumerated() {
                copy.field(index)
                copy.field(value)
                try copy.endRow()
            }
        }
        #expect(stored == values.count)
        let reader = try connection.copyOut("COPY (SELECT id, note FROM t ORDER BY id) TO STDOUT", doing: "test copy out")
        var read: [String?] = []
        while try reader.next() {
            #expect(reader.int(0) == read.count)
            read.append(reader.string(1))
        }
        #expect(read == values)
    }

    @Test func binaryCopyStoresEachTypeAsTheServerReadsIt() throws {
        let database = try TestDatabase.fresh("binarycopy", migrated: false)
        let connection = try database.connect()
        defer { database.drop() }
        try connection.execute("CREATE TABLE t (id bigint, n integer, note text, code char(2), day date, flag boolean, doc jsonb, raw json, tags text[])")
        let stored = try connection.copyIn("COPY t FROM STDIN WITH (FORMAT binary)", doing: "test binary copy", format: .binary) { copy in
            var rows = PGBinaryRowEncoder()
            rows.bigint(-9_000_000_000)
            rows.integer(-7)
            rows.text("tab\there, Zoë \\N")
            rows.text("GA")
            rows.date(daysSince2000: -1)
            rows.boolean(true)
            rows.jsonb(#"{"b": 1, "a": [true, null]}"#)
            rows.text(#"{"b": 1,  "a": 2}"#)
            rows.textArray(["x", "", "ü y"])
            rows.endRow()
            for _ in 0..<9 { rows.null() }
            rows.endRow()
            rows.bigint(1)
            rows.integer(0)
            rows.text("")
            rows.text("NY")
            rows.date(daysSince2000: 9648)
            rows.boolean(false)
            rows.jsonb("[]")
            rows.text("[]")
            rows.textArray([])
            rows.endRow()
            try rows.bytes.withUnsafeBytes { try copy.sendEncodedRows($0) }
        }
        #expect(stored == 3)
        let read = try connection.execute("""
            SELECT concat_ws('|', id, n, note, code, day, flag, doc, raw, tags, num_nulls(id, n, note, code, day, flag, doc, raw, tags))
            FROM t ORDER BY id NULLS FIRST
            """).rows.map { $0.string(0) }
        #expect(read == ["9",
                         "-9000000000|-7|tab\there, Zoë \\N|GA|1999-12-31|t|{\"a\": [true, null], \"b\": 1}|{\"b\": 1,  \"a\": 2}|{x,\"\",\"ü y\"}|0",
                         "1|0||NY|2026-06-01|f|[]|[]|{}|0"])
    }

    /// Each type the input contract holds, read in COPY's binary format as the reader reads it,
    /// edge values included (infinities, BC, NaN, values finer than a hundredth, nested arrays).
    @Test func binaryCopyOutReadsEachTypeOfTheInput() throws {
        let database = try TestDatabase.fresh("binarycopyout", migrated: false)
        let connection = try database.connect()
        defer { database.drop() }
        let reader = try connection.copyOut("""
            COPY (SELECT * FROM (VALUES
                (1, -9000000000::bigint, -7::int, 'Zoë'::text, 'GA'::char(2), true, '2026-06-01'::date, 12.5::numeric(7, 2), '{mhps,NULL}'::text[]),
                (2, 0, 0, '', 'N ', false, '1999-12-31', -0.25, '{{a,b},{c,d}}'),
                (3, NULL, NULL, NULL, NULL, NULL, 'infinity', 'NaN', '{}'),
                (4, NULL, NULL, NULL, NULL, NULL, '-infinity', 123456789012.99, NULL),
                (5, NULL, NULL, NULL, NULL, NULL, '0001-01-01 BC', 0.001, NULL),
                (6, NULL, NULL, NULL, NULL, NULL, '0001-01-01', 1234567890123, NULL),
                (7, NULL, NULL, NULL, NULL, NULL, '10000-01-01', 10000.5, NULL)
            ) AS v(id, big, small, name, code, flag, day, amount, tags) ORDER BY id) TO STDOUT WITH (FORMAT binary)
            """, doing: "test binary copy out", format: .binary)
        var rows: [String] = []
        while try reader.next() {
            #expect(reader.fieldCount == 9)
            let day: String = switch reader.date(6) {
            case .days(let days)?: "day \(days)"
            case .infinity?: "infinity"
            case .negativeInfinity?: "-infinity"
            case nil: "?"
            }
            func shown(_ value: (some Any)?) -> String { value.map { "\($0)" } ?? "-" }
            var fields: [String] = [shown(reader.int(0)), shown(reader.int(1)), shown(reader.int(2)), shown(reader.string(3))]
            fields += [shown(reader.string(4)), shown(reader.bool(5)), day, shown(reader.hundredths(7)), shown(reader.textArray(8))]
            rows.append(fields.joined(separator: "|"))
        }
        #expect(rows == [
            #"1|-9000000000|-7|Zoë|GA|true|day 9648|hundredths(1250)|[Optional("mhps"), nil]"#,
            #"2|0|0||N |false|day -1|hundredths(-25)|[Optional("a"), Optional("b"), Optional("c"), Optional("d")]"#,
            "3|-|-|-|-|-|infinity|notANumber|[]",
            "4|-|-|-|-|-|-infinity|hundredths(12345678901299)|-",
            "5|-|-|-|-|-|day -730485|outOfRange|-",
            "6|-|-|-|-|-|day -730119|outOfRange|-",
            "7|-|-|-|-|-|day 2921940|hundredths(1000050)|-",
        ])
    }

    @Test func aTransactionRollsBackWhenItsBodyThrows() throws {
        let database = try TestDatabase.fresh("tx", migrated: false)
        defer { database.drop() }
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (id int)")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (1)")
                throw Abort()
            }
        }
        #expect(try connection.execute("SELECT count(*) FROM t").scalar == "0")
    }

    @Test func connectsWithAURIAndWithLibpqDefaults() throws {
        let database = try TestDatabase.fresh("uri", migrated: false)
        defer { database.drop() }
        let host = ProcessInfo.processInfo.environment["PGHOST"]!
        let port = ProcessInfo.processInfo.environment["PGPORT"] ?? "5432"
        let encodedHost = host.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? host
        let viaURI = try PGConnection("postgresql:///\(database.name)?host=\(encodedHost)&port=\(port)")
        #expect(try viaURI.execute("SELECT current_database()").scalar == database.name)
        // nil: everything from PG* (PGDATABASE is the cluster's main database here).
        let viaDefaults = try PGConnection(nil)
        #expect(try viaDefaults.execute("SELECT 1").scalar == "1")
    }

    @Test func anUnreachableServerNamesTheSocketInItsError() throws {
        do {
            _ = try PGConnection("host=/nonexistent/peercert port=1 dbname=x connect_timeout=2")
            Issue.record("expected a connection failure")
        } catch {
            #expect(error.code == .connectionFailed)
            #expect(error.description.contains("/nonexistent/peercert"))
            #expect(!error.description.contains("\n"))
        }
    }
}
