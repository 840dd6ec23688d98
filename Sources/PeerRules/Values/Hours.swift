/// Clock hours in hundredths, so sums are exact and "exactly the minimum" compares equal.
public struct Hours: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    public let hundredths: Int

    public init(hundredths: Int) { self.hundredths = hundredths }
    public init(_ whole: Int) { hundredths = whole * 100 }

    public static let zero = Hours(hundredths: 0)

    /// Parses a plain decimal (`40`, `19.5`, `-3.25`): at most two decimals, no exponent, no sign but `-`.
    /// Accepting nothing else keeps `1e3` or `4O` from ever becoming a number by accident.
    public init?(decimal text: some StringProtocol) {
        self.init(decimalBytes: Array(text.utf8)[...])
    }

    /// Inlinable so the reader's call specializes for its buffer (it parses every hours field).
    @inlinable
    public init?<Bytes: Collection<UInt8>>(decimalBytes bytes: Bytes) where Bytes.Index == Int {
        var index = bytes.startIndex
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        var whole = 0
        var digits = 0
        while index < bytes.endIndex, (48...57).contains(bytes[index]) {
            whole = whole * 10 + Int(bytes[index] - 48)
            digits += 1
            index += 1
            if digits > 12 { return nil }
        }
        guard digits > 0 else { return nil }
        var fraction = 0
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var places = 0
            while index < bytes.endIndex, (48...57).contains(bytes[index]) {
                let digit = Int(bytes[index] - 48)
                if places < 2 {
                    fraction = fraction * 10 + digit
                } else if digit != 0 {
                    return nil  // finer than a hundredth of an hour: not a value we store
                }
                places += 1
                index += 1
            }
            guard places > 0 else { return nil }
            if places == 1 { fraction *= 10 }
        }
        guard index == bytes.endIndex else { return nil }
        let value = whole * 100 + fraction
        hundredths = negative ? -value : value
    }

    public var isNegative: Bool { hundredths < 0 }

    /// `40`, `19.5`, `0.25`.
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func < (lhs: Hours, rhs: Hours) -> Bool { lhs.hundredths < rhs.hundredths }
    public static func + (lhs: Hours, rhs: Hours) -> Hours { Hours(hundredths: lhs.hundredths + rhs.hundredths) }
    public static func - (lhs: Hours, rhs: Hours) -> Hours { Hours(hundredths: lhs.hundredths - rhs.hundredths) }
}
