/// A calendar date with no time zone (certification rules speak in days), stored as days since
/// 1970-01-01 so comparing and subtracting are integer operations.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// nil when the fields do not name a real date (2025-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        daysSinceEpoch = Day.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (times, two-digit years, 2025-2-3) is nil.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        self.init(isoBytes: bytes[...])
    }

    /// Inlinable so the reader's call specializes for its buffer (it parses every date field).
    @inlinable
    public init?<Bytes: Collection<UInt8>>(isoBytes bytes: Bytes) where Bytes.Index == Int {
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[bytes.startIndex + index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        let dash = UInt8(ascii: "-")
        guard bytes.count == 10, bytes[bytes.startIndex + 4] == dash, bytes[bytes.startIndex + 7] == dash,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civil(fromDays: daysSinceEpoch) }

    /// `2026-06-01`. Written digit by digit into a small (inline) string: reports and results
    /// write several dates for every credential.
    public var description: String {
        guard (0...9999).contains(components.year) else {
            let (year, month, day) = components
            return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            writeISO(into: buffer)
            return 10
        }
    }

    /// Appends `2026-06-01` to `bytes` without making a String (years outside 0 to 9999 as `description` writes them).
    public func appendISO(to bytes: inout [UInt8]) {
        guard (0...9999).contains(components.year) else { return bytes.append(contentsOf: description.utf8) }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 10))
        bytes.withUnsafeMutableBufferPointer { writeISO(into: UnsafeMutableBufferPointer(rebasing: $0[start..<start + 10])) }
    }

    /// The ten bytes of a date of the years 0 to 9999.
    private func writeISO(into buffer: UnsafeMutableBufferPointer<UInt8>) {
        let (year, month, day) = components
        func put(_ value: Int, at start: Int, width: Int) {
            var rest = value
            for position in (start..<start + width).reversed() {
                buffer[position] = UInt8(48 + rest % 10)
                rest /= 10
            }
        }
        put(year, at: 0, width: 4)
        buffer[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        buffer[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + days) }

    /// Calendar months later (or earlier, when negative); the day is clamped to the month's end,
    /// so 2024-01-31 plus one month is 2024-02-29.
    public func adding(months: Int) -> Day {
        let (year, month, day) = components
        let total = year * 12 + (month - 1) + months
        // Floored, and past the years 1...9999 a record can hold (a date near either end plus a
        // window): arithmetic never traps, the result simply lies outside every real window.
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        return Day(daysSinceEpoch: Day.daysFromCivil(year: newYear, month: newMonth, day: min(day, Day.daysIn(month: newMonth, year: newYear))))
    }

    /// Whole calendar months from `self` to `later` (negative when `later` is earlier).
    public func wholeMonths(until later: Day) -> Int {
        let (y1, m1, _) = components
        let (y2, m2, _) = later.components
        var months = (y2 - y1) * 12 + (m2 - m1)
        if months > 0, adding(months: months) > later { months -= 1 }
        if months < 0, adding(months: months) < later { months += 1 }
        return months
    }

    public static func - (lhs: Day, rhs: Day) -> Int { lhs.daysSinceEpoch - rhs.daysSinceEpoch }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Duration {
    /// The duration in seconds, for timings in logs and receipts.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
