/// One row of a `COPY ... TO STDOUT` read in place, as `PGCopyOutReader.withRow` lends it: its
/// fields' bytes (unescaped) and, per field, their range (nil: NULL). Each accessor reads a field
/// of its column's type, in the row's format.
public struct PGCopyRow {
    let bytes: UnsafeBufferPointer<UInt8>
    let fields: UnsafeBufferPointer<Range<Int>?>
    public let format: PGCopyFormat

    public var fieldCount: Int { fields.count }

    public func isNull(_ field: Int) -> Bool { fields[field] == nil }

    /// The field's bytes (already unescaped), or nil for NULL.
    public func withBytes<R>(_ field: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard let range = fields[field] else { return try body(nil) }
        return try body(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    public func string(_ field: Int) -> String? {
        guard let range = fields[field] else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A signed integer field parsed without building a String (binary: a bigint, integer or smallint).
    public func int(_ field: Int) -> Int? {
        if format == .binary {
            return withBytes(field) { field in
                guard let field else { return nil }
                switch field.count {
                case 8: return Int(Self.bigEndian(field, as: Int64.self))
                case 4: return Int(Self.bigEndian(field, as: Int32.self))
                case 2: return Int(Self.bigEndian(field, as: Int16.self))
                default: return nil
                }
            }
        }
        return withBytes(field) { field in
            guard let field, !field.isEmpty else { return nil }
            var index = 0
            var negative = false
            if field[0] == UInt8(ascii: "-") { negative = true; index = 1 }
            guard index < field.count else { return nil }
            var value = 0
            while index < field.count {
                let digit = Int(field[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                // Accumulated with its sign, so bigint's minimum (whose magnitude Int cannot hold) parses; past Int's range is nil.
                let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
                let (next, overflowDigit) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                guard !overflowShift, !overflowDigit else { return nil }
                value = next
                index += 1
            }
            return value
        }
    }

    /// A boolean field: `t` or `f` in text, one byte in binary.
    public func bool(_ field: Int) -> Bool? {
        withBytes(field) { field in
            guard let field, field.count == 1 else { return nil }
            return format == .binary ? field[0] != 0 : field[0] == UInt8(ascii: "t")
        }
    }

    /// A binary date field: days from 2000-01-01, or PostgreSQL's infinities.
    public func date(_ field: Int) -> PGDate? {
        withBytes(field) { field in
            guard let field, field.count == 4 else { return nil }
            switch Self.bigEndian(field, as: Int32.self) {
            case .max: return .infinity
            case .min: return .negativeInfinity
            case let days: return .days(sinceY2K: Int(days))
            }
        }
    }

    /// A binary numeric field in hundredths, or why it is not a number of hundredths.
    public func hundredths(_ field: Int) -> PGNumeric? {
        withBytes(field) { field in
            guard let field, field.count >= 8 else { return nil }
            let digitCount = Int(Self.bigEndian(UnsafeBufferPointer(rebasing: field[0..<2]), as: Int16.self))
            let weight = Int(Self.bigEndian(UnsafeBufferPointer(rebasing: field[2..<4]), as: Int16.self))
            let sign = UInt16(bitPattern: Self.bigEndian(UnsafeBufferPointer(rebasing: field[4..<6]), as: Int16.self))
            switch sign {
            case 0xC000: return .notANumber
            case 0xD000, 0xF000: return .outOfRange
            case 0x0000, 0x4000: break
            default: return nil
            }
            guard field.count == 8 + 2 * digitCount else { return nil }
            // Base-10000 digits, the first at 10000^weight: whole part and hundredths, nothing finer.
            var hundredths = 0
            for index in 0..<digitCount {
                let digit = Int(Self.bigEndian(UnsafeBufferPointer(rebasing: field[8 + 2 * index..<10 + 2 * index]), as: Int16.self))
                let power = weight - index
                if power >= 0 {
                    guard power <= 3 else { return .outOfRange }
                    var place = 100
                    for _ in 0..<power { place *= 10_000 }
                    hundredths += digit * place
                } else if power == -1 {
                    guard digit % 100 == 0 else { return .outOfRange }
                    hundredths += digit / 100
                } else if digit != 0 {
                    return .outOfRange
                }
            }
            // At most twelve whole digits, as in the text format's reading.
            guard hundredths < 1_000_000_000_000_00 else { return .outOfRange }
            return .hundredths(sign == 0x4000 ? -hundredths : hundredths)
        }
    }

    /// A binary text[] field's elements, row by row for more than one dimension (nil elements are NULLs).
    public func textArray(_ field: Int) -> [String?]? {
        withBytes(field) { field in
            guard let field, field.count >= 12 else { return nil }
            func integer(at offset: Int) -> Int? {
                guard offset + 4 <= field.count else { return nil }
                return Int(Self.bigEndian(UnsafeBufferPointer(rebasing: field[offset..<offset + 4]), as: Int32.self))
            }
            guard let dimensions = integer(at: 0), dimensions >= 0 else { return nil }
            // Dimensions, flags and element type, then each dimension's size and lower bound.
            var count = dimensions == 0 ? 0 : 1
            for dimension in 0..<dimensions {
                guard let size = integer(at: 12 + 8 * dimension), size >= 0 else { return nil }
                count *= size
            }
            var offset = 12 + 8 * dimensions
            var elements: [String?] = []
            elements.reserveCapacity(count)
            for _ in 0..<count {
                guard let length = integer(at: offset) else { return nil }
                offset += 4
                if length < 0 {
                    elements.append(nil)
                    continue
                }
                guard offset + length <= field.count else { return nil }
                elements.append(String(decoding: UnsafeBufferPointer(rebasing: field[offset..<offset + length]), as: UTF8.self))
                offset += length
            }
            return elements
        }
    }

    private static func bigEndian<Value: FixedWidthInteger>(_ bytes: UnsafeBufferPointer<UInt8>, as _: Value.Type) -> Value {
        var value: Value = 0
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
        return Value(bigEndian: value)
    }
}
