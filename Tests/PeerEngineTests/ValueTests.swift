import EngineFixtures
import PeerRules
import Testing

@Suite struct DayTests {
    @Test(arguments: ["1970-01-01", "2024-02-29", "2025-06-30", "9999-12-31", "0999-03-07", "1900-10-09"])
    func parsesAndPrintsISODates(text: String) throws {
        let parsed = try #require(Day(iso: text))
        #expect(parsed.description == text)
        let (year, month, dayOfMonth) = parsed.components
        #expect(Day(year: year, month: month, day: dayOfMonth) == parsed)
    }

    @Test(arguments: ["2025-02-30", "2023-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "0000-01-01",
                      "2025-2-3", "2025-02-3", "25-02-03", "2025/02/03", "2025x02x03", "2025-02-03T00:00:00",
                      "2025-02-03 10:00", "2025-02-03Z", " 2025-02-03", "+025-02-03", "2025-0a-03", ""])
    func rejectsAnythingButARealYYYYMMDD(text: String) {
        #expect(Day(iso: text) == nil)
        #expect(Day(isoBytes: Array(text.utf8)) == nil)
    }

    @Test func countsDaysFromTheEpoch() {
        #expect(day("1970-01-01").daysSinceEpoch == 0)
        #expect(day("2000-03-01").daysSinceEpoch == 11017)
        #expect(day("1969-12-31").daysSinceEpoch == -1)
        #expect(day("2024-03-01") - day("2024-02-28") == 2)
        #expect(day("2024-12-31").adding(days: 1) == day("2025-01-01"))
    }

    @Test(arguments: [("2024-01-31", 1, "2024-02-29"), ("2023-01-31", 1, "2023-02-28"), ("2024-03-31", -1, "2024-02-29"),
                      ("2024-12-15", 1, "2025-01-15"), ("2025-01-15", -1, "2024-12-15"), ("2024-02-29", 12, "2025-02-28"),
                      ("2015-06-30", 120, "2025-06-30"), ("2025-06-30", -24, "2023-06-30"), ("2025-06-30", 0, "2025-06-30")])
    func addsCalendarMonthsClampingToTheMonthEnd(from: String, months: Int, expected: String) {
        #expect(day(from).adding(months: months) == day(expected))
    }

    /// A record may hold any date from 0001-01-01 to 9999-12-31; a window or cycle added to one
    /// leaves that range without trapping, and stays ordered.
    @Test func monthArithmeticPastTheRecordableYearsDoesNotTrap() {
        let late = day("9999-12-31").adding(months: 24)
        #expect(late.components == (10001, 12, 31))
        #expect(late > day("9999-12-31"))
        let early = day("0001-01-15").adding(months: -13)
        #expect(early.components == (-1, 12, 15))
        #expect(early.adding(months: 13) == day("0001-01-15"))
        #expect(day("0001-03-31").adding(months: -25).components == (-1, 2, 28))
    }

    @Test(arguments: [("2023-06-30", "2025-06-30", 24), ("2023-07-01", "2025-06-30", 23), ("2024-01-31", "2024-02-29", 1),
                      ("2024-01-31", "2024-02-28", 0), ("2025-06-30", "2025-06-30", 0), ("2025-06-30", "2023-06-30", -24),
                      ("2025-03-15", "2025-02-20", 0), ("2025-03-15", "2025-02-15", -1)])
    func countsWholeMonths(from: String, until: String, months: Int) {
        #expect(day(from).wholeMonths(until: day(until)) == months)
    }
}

@Suite struct HoursTests {
    @Test(arguments: [("40", 4000), ("19.5", 1950), ("0.25", 25), ("0.05", 5), ("-3.25", -325), ("1.50", 150), ("1.230", 123), ("0", 0)])
    func parsesPlainDecimals(text: String, hundredths: Int) {
        #expect(Hours(decimal: text) == Hours(hundredths: hundredths))
    }

    @Test(arguments: ["1e3", "4O", "1.234", "", "-", ".5", "5.", "+5", " 5", "5 ", "1,5", "--5", "1.2.3", "1234567890123"])
    func rejectsAnythingElse(text: String) {
        #expect(Hours(decimal: text) == nil)
    }

    @Test(arguments: [(4000, "40"), (1950, "19.5"), (25, "0.25"), (5, "0.05"), (1005, "10.05"), (-325, "-3.25"), (-50, "-0.5"), (0, "0")])
    func printsWithoutTrailingZeros(hundredths: Int, text: String) {
        #expect(Hours(hundredths: hundredths).description == text)
        #expect(Hours(decimal: text) == Hours(hundredths: hundredths))
    }

    @Test func sumsAreExact() {
        let tenths = (0..<10).reduce(Hours.zero) { sum, _ in sum + Hours(decimal: "0.1")! }
        #expect(tenths == Hours(1))
        #expect(Hours(40) - Hours(decimal: "39.99")! == Hours(hundredths: 1))
        #expect((Hours.zero - Hours(1)).isNegative)
    }
}

@Suite struct SHA256Tests {
    /// FIPS 180-2 appendix B: one block, empty, and a message whose padding needs a second block.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func matchesTheFIPSVectors(message: String, digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
        #expect(SHA256.digest(Array(message.utf8)).count == 32)
    }

    @Test func hashesAMillionAs() {
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
