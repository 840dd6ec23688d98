import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// Pulls the rows of a `COPY ... TO STDOUT` one at a time, in text or binary format.
///
/// Each call to `next()` replaces the current row; field storage is reused, so reading a million
/// rows allocates no more than reading one. Several readers on different connections can be
/// advanced in turn from one thread (how the store merge-joins tables ordered by worker). In
/// binary format the server formats no number or date and the reader parses none: fields are
/// read with the accessor for their column's type.
public final class PGCopyOutReader {
    let connection: PGConnection
    let doing: String
    public let format: PGCopyFormat
    /// Binary format: the file header comes before the first row.
    private var headerRead = false
    // Unchecked exclusivity: only this reader's own methods touch these, never re-entrantly, and the
    // runtime's check on every field read was about 3 % of a run's CPU.
    /// Unescaped bytes of the current row's fields, back to back.
    @exclusivity(unchecked) private var bytes: [UInt8] = []
    /// Per field: start and end in `bytes`, or nil for NULL.
    @exclusivity(unchecked) private var fields: [Range<Int>?] = []
    private var isFinished = false

    init(connection: PGConnection, doing: String, format: PGCopyFormat = .text) {
        self.connection = connection
        self.doing = doing
        self.format = format
        bytes.reserveCapacity(512)
    }

    /// Moves to the next row; false at the end of the data.
    public func next() throws(PGError) -> Bool {
        if isFinished { return false }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var length = PQgetCopyData(connection.raw, &buffer, 0)
        while length > 0, let data = buffer {
            defer { PQfreemem(data) }
            let message = UnsafeRawBufferPointer(start: data, count: Int(length))
            switch format {
            case .text:
                parse(message)
                return true
            case .binary:
                guard let isRow = parseBinary(message) else {
                    isFinished = true
                    _ = connection.drainResults(doing: doing)
                    throw PGError(code: .copyFailed, message: "the server sent a binary COPY row that cannot be read", doing: doing)
                }
                if isRow { return true }
            }
            // The binary trailer: the end of the data follows.
            buffer = nil
            length = PQgetCopyData(connection.raw, &buffer, 0)
        }
        isFinished = true
        if length == -1 {
            // End of data: the command's own result says whether it succeeded.
            if let failure = connection.drainResults(doing: doing) { throw failure }
            return false
        }
        let error = connection.connectionError(doing: doing)
        _ = connection.drainResults(doing: doing)
        throw PGError(code: connection.isBroken ? .connectionLost : .copyFailed, message: error.message, doing: error.doing)
    }

    /// The current row, read in place: valid only inside `body`, and free of reference counting
    /// (how the reader decodes a million rows).
    public func withRow<R>(_ body: (PGCopyRow) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try fields.withUnsafeBufferPointer { fields in try body(PGCopyRow(bytes: bytes, fields: fields, format: format)) }
        }
    }

    public var fieldCount: Int { fields.count }
    public func isNull(_ field: Int) -> Bool { fields[field] == nil }
    public func string(_ field: Int) -> String? { withRow { $0.string(field) } }
    public func int(_ field: Int) -> Int? { withRow { $0.int(field) } }
    public func bool(_ field: Int) -> Bool? { withRow { $0.bool(field) } }
    public func date(_ field: Int) -> PGDate? { withRow { $0.date(field) } }
    public func hundredths(_ field: Int) -> PGNumeric? { withRow { $0.hundredths(field) } }
    public func textArray(_ field: Int) -> [String?]? { withRow { $0.textArray(field) } }

    /// Splits one binary COPY message: the header before the first row, then a field count and each
    /// field's length and bytes (-1: NULL). True for a row, false for the trailer, nil when malformed.
    private func parseBinary(_ message: UnsafeRawBufferPointer) -> Bool? {
        var offset = 0
        func integer<Value: FixedWidthInteger>(_: Value.Type) -> Value? {
            guard offset + MemoryLayout<Value>.size <= message.count else { return nil }
            var value: Value = 0
            withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: message[offset..<offset + MemoryLayout<Value>.size])) }
            offset += MemoryLayout<Value>.size
            return Value(bigEndian: value)
        }
        if !headerRead {
            // "PGCOPY\n\xFF\r\n\0", flags, then the length of a header extension to skip.
            guard message.count >= 19, message.prefix(11).elementsEqual(PGBinaryRowEncoder.signature.prefix(11)) else { return nil }
            offset = 15
            guard let extensionLength = integer(UInt32.self), offset + Int(extensionLength) <= message.count else { return nil }
            offset += Int(extensionLength)
            headerRead = true
        }
        guard let count = integer(Int16.self) else { return nil }
        if count == -1 { return false }
        fields.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        // The row's bytes are kept as they came; each field is its range in them.
        let rowStart = offset
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: message[rowStart...]))
        for _ in 0..<Int(count) {
            guard let length = integer(Int32.self) else { return nil }
            if length < 0 {
                fields.append(nil)
                continue
            }
            guard offset + Int(length) <= message.count else { return nil }
            fields.append(offset - rowStart..<offset - rowStart + Int(length))
            offset += Int(length)
        }
        return true
    }

    /// Splits one COPY text row: tab-separated, `\N` for NULL, backslash escapes, trailing newline.
    private func parse(_ row: UnsafeRawBufferPointer) {
        // Parse into locals and hand the storage back at the end: one exclusive access to each of
        // the class's arrays per row, not one per byte.
        var bytes: [UInt8] = []
        var fields: [Range<Int>?] = []
        swap(&bytes, &self.bytes)
        swap(&fields, &self.fields)
        defer {
            swap(&bytes, &self.bytes)
            swap(&fields, &self.fields)
        }
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        var end = row.count
        if end > 0, row[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        guard let base = row.baseAddress else {
            fields.append(0..<0)
            return
        }
        // Most rows hold no backslash (no NULL, nothing escaped): one copy, and the fields found with memchr.
        if memchr(base, Int32(UInt8(ascii: "\\")), end) == nil {
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: base, count: end))
            var start = 0
            while let tab = memchr(base + start, Int32(UInt8(ascii: "\t")), end - start) {
                let position = base.distance(to: UnsafeRawPointer(tab))
                fields.append(start..<position)
                start = position + 1
            }
            fields.append(start..<end)
            return
        }
        var index = 0
        var fieldStart = 0
        var sawNullMarker = false
        func closeField() {
            fields.append(sawNullMarker ? nil : fieldStart..<bytes.count)
            fieldStart = bytes.count
            sawNullMarker = false
        }
        while index < end {
            let byte = row[index]
            if byte == UInt8(ascii: "\t") {
                closeField()
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\\"), index + 1 < end {
                let escaped = row[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "N"): sawNullMarker = true
                case UInt8(ascii: "n"): bytes.append(10)
                case UInt8(ascii: "t"): bytes.append(9)
                case UInt8(ascii: "r"): bytes.append(13)
                case UInt8(ascii: "b"): bytes.append(8)
                case UInt8(ascii: "f"): bytes.append(12)
                case UInt8(ascii: "v"): bytes.append(11)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(escaped) - 48
                    var digits = 1
                    while digits < 3, index < end, (48...55).contains(row[index]) {
                        value = value * 8 + Int(row[index]) - 48
                        index += 1
                        digits += 1
                    }
                    bytes.append(UInt8(truncatingIfNeeded: value))
                default: bytes.append(escaped)
                }
                continue
            }
            bytes.append(byte)
            index += 1
        }
        closeField()
    }
}

/// Rows in COPY's text format, built into a byte buffer: what `PGCopyInWriter` sends, and what a
/// caller can set aside (spool) to send later.
public struct PGCopyRowEncoder: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    /// `capacity`: the block the caller sends or sets aside at a time (a few rows more may follow it).
    public init(capacity: Int = PGCopyRowEncoder.blockSize) { bytes.reserveCapacity(capacity + 4096) }

    /// Large enough that a COPY is a few calls a second, small enough that this buffer and libpq's
    /// own send buffer (which grows to the largest message) stay small beside the run's memory.
    public static let blockSize = 1 << 17

    /// Appends one field to the current row, escaped for COPY text format; nil is NULL.
    public mutating func field(_ value: String?) {
        guard var value else {
            startField()
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            return
        }
        value.withUTF8 { field(utf8: $0) }
    }

    /// Appends one field given as UTF-8 bytes (built in a caller's reusable buffer), escaped for COPY text format.
    public mutating func field(utf8 value: UnsafeBufferPointer<UInt8>) {
        startField()
        // Most values need no escape: then they are copied whole instead of byte by byte.
        if !value.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) {
            bytes.append(contentsOf: value)
            return
        }
        for byte in value {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 9: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 10: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 13: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            default: bytes.append(byte)
            }
        }
    }

    private mutating func startField() {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }

    public mutating func field(_ value: Int?) {
        field(value.map { String($0) })
    }

    public mutating func endRow() {
        bytes.append(10)
        fieldsInRow = 0
    }

    /// Empties the buffer (after its bytes were sent or set aside), keeping its capacity.
    public mutating func clear() { bytes.removeAll(keepingCapacity: true) }
}

/// The two formats of COPY data: `binary` for `COPY ... FROM STDIN WITH (FORMAT binary)`, where the
/// statement says so and the rows come from `PGBinaryRowEncoder` through `sendEncodedRows`.
public enum PGCopyFormat: Sendable { case text, binary }

/// A date in COPY's binary format.
public enum PGDate: Sendable, Equatable {
    case days(sinceY2K: Int)
    case infinity
    case negativeInfinity
}

/// A numeric in COPY's binary format, as hundredths.
public enum PGNumeric: Sendable, Equatable {
    case hundredths(Int)
    case notANumber
    /// Finer than a hundredth, past twelve whole digits, or infinite.
    case outOfRange
}

/// Feeds rows to a `COPY ... FROM STDIN`, buffering into large blocks: text rows field by field
/// here, or rows a caller encoded (text, or binary with `PGBinaryRowEncoder`) sent whole.
public struct PGCopyInWriter {
    let connection: PGConnection
    let doing: String
    let format: PGCopyFormat
    private var encoder = PGCopyRowEncoder()

    init(connection: PGConnection, doing: String, format: PGCopyFormat) {
        self.connection = connection
        self.doing = doing
        self.format = format
    }

    /// Appends one field to the current row, escaped for COPY text format; nil is NULL.
    public mutating func field(_ value: String?) { encoder.field(value) }

    public mutating func field(_ value: Int?) { encoder.field(value) }

    public mutating func field(utf8 value: UnsafeBufferPointer<UInt8>) { encoder.field(utf8: value) }

    /// Ends the current row; sends a block to the server once enough has gathered.
    public mutating func endRow() throws(PGError) {
        encoder.endRow()
        if encoder.bytes.count >= PGCopyRowEncoder.blockSize { try flush() }
    }

    /// Sends rows already encoded in the COPY's format (by `PGCopyRowEncoder` or `PGBinaryRowEncoder`).
    public mutating func sendEncodedRows(_ block: UnsafeRawBufferPointer) throws(PGError) {
        try flush()
        guard put(block) else { throw connection.connectionError(doing: doing) }
    }

    /// Sends `bytes` as they are (binary format's header and trailer), after what is buffered.
    mutating func send(_ bytes: [UInt8]) throws(PGError) {
        try flush()
        guard bytes.withUnsafeBytes(put) else { throw connection.connectionError(doing: doing) }
    }

    /// Sends what is left and ends the COPY; returns the number of rows the server stored.
    public mutating func finish() throws -> Int {
        do {
            try flush()
            if format == .binary { try send(PGBinaryRowEncoder.trailer) }
        } catch {
            abort(error)
            throw error
        }
        let raw = connection.raw
        guard PQputCopyEnd(raw, nil) == 1 else {
            let error = connection.connectionError(doing: doing)
            _ = connection.drainResults(doing: doing)
            throw error
        }
        var rows = 0
        if let failure = connection.drainResults(doing: doing, each: { result in
            if let tuples = PQcmdTuples(result), let count = Int(String(cString: tuples)) { rows = count }
        }) { throw failure }
        return rows
    }

    /// Ends the COPY as failed (the server stores none of its rows), because of `error`.
    public func abort(_ error: any Error) {
        PQputCopyEnd(connection.raw, "aborted by peercert: \(error)")
        _ = connection.drainResults(doing: doing)
    }

    mutating func flush() throws(PGError) {
        guard encoder.bytes.withUnsafeBytes(put) else { throw connection.connectionError(doing: doing) }
        encoder.clear()
    }

    /// Hands a block to libpq (nothing for an empty one); false when the connection refused it.
    private func put(_ block: UnsafeRawBufferPointer) -> Bool {
        guard let base = block.baseAddress, !block.isEmpty else { return true }
        return PQputCopyData(connection.raw, base.assumingMemoryBound(to: CChar.self), Int32(block.count)) == 1
    }
}

/// Rows in COPY's binary format, built into a byte buffer: each field's length and the value as
/// the server stores it, so the server parses no text (no numbers, dates or escapes). Measured on
/// a run's credential rows: about a third less server time than the text format. The column
/// types must match the table's exactly; the caller names each field's type.
public struct PGBinaryRowEncoder: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Where the current row's field count goes, written when the row ends.
    private var rowStart: Int?
    private var fieldsInRow: Int16 = 0

    /// The file header: signature, flags, header extension length.
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// The end of the data: a field count of -1.
    static let trailer: [UInt8] = [0xFF, 0xFF]

    public init(capacity: Int = PGCopyRowEncoder.blockSize) { bytes.reserveCapacity(capacity + 4096) }

    /// text, varchar, char, json: the UTF-8 bytes; nil is NULL.
    public mutating func text(_ value: String?) {
        guard var value else { return null() }
        value.withUTF8 { text(utf8: $0) }
    }

    /// A text (or json) field given as UTF-8 bytes built in a caller's reusable buffer.
    public mutating func text(utf8 value: UnsafeBufferPointer<UInt8>) {
        startField(length: value.count)
        bytes.append(contentsOf: value)
    }

    /// jsonb: a version byte (1), then the JSON text.
    public mutating func jsonb(utf8 value: UnsafeBufferPointer<UInt8>) {
        startField(length: value.count + 1)
        bytes.append(1)
        bytes.append(contentsOf: value)
    }

    public mutating func jsonb(_ value: String?) {
        guard var value else { return null() }
        value.withUTF8 { jsonb(utf8: $0) }
    }

    /// bigint.
    public mutating func bigint(_ value: Int?) {
        guard let value else { return null() }
        startField(length: 8)
        appendBigEndian(UInt64(bitPattern: Int64(value)))
    }

    /// integer (values past its range are a caller's bug: they trap).
    public mutating func integer(_ value: Int?) {
        guard let value else { return null() }
        startField(length: 4)
        appendBigEndian(UInt32(bitPattern: Int32(value)))
    }

    /// date, as days since 2000-01-01 (PostgreSQL's epoch).
    public mutating func date(daysSince2000 days: Int?) {
        integer(days)
    }

    public mutating func boolean(_ value: Bool?) {
        guard let value else { return null() }
        startField(length: 1)
        bytes.append(value ? 1 : 0)
    }

    /// text[]: one dimension (none when empty), elements of type text (OID 25), none NULL.
    public mutating func textArray(_ values: [String]) {
        let length = values.isEmpty ? 12 : 20 + values.reduce(0) { $0 + 4 + $1.utf8.count }
        startField(length: length)
        appendBigEndian(UInt32(values.isEmpty ? 0 : 1))
        appendBigEndian(UInt32(0))
        appendBigEndian(UInt32(25))
        guard !values.isEmpty else { return }
        appendBigEndian(UInt32(values.count))
        appendBigEndian(UInt32(1))
        for var value in values {
            appendBigEndian(UInt32(value.utf8.count))
            value.withUTF8 { bytes.append(contentsOf: $0) }
        }
    }

    public mutating func null() {
        startField(length: nil)
    }

    public mutating func endRow() {
        if let rowStart {
            bytes[rowStart] = UInt8(truncatingIfNeeded: fieldsInRow >> 8)
            bytes[rowStart + 1] = UInt8(truncatingIfNeeded: fieldsInRow)
        }
        rowStart = nil
        fieldsInRow = 0
    }

    /// Empties the buffer (after its bytes were sent or set aside), keeping its capacity.
    public mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    private mutating func startField(length: Int?) {
        if rowStart == nil {
            rowStart = bytes.count
            bytes.append(0)
            bytes.append(0)
        }
        fieldsInRow += 1
        appendBigEndian(UInt32(bitPattern: Int32(length ?? -1)))
    }

    private mutating func appendBigEndian<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
