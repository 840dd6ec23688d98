#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A report file written through a 1 MiB buffer, created readable by its owner only (reports name
/// workers and carry board-only findings).
public final class OutputFile {
    public let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private static let blockSize = 1 << 20

    public init(path: String) throws(ReportError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ReportError.io("cannot create \(path)", errno: errno) }
        buffer.reserveCapacity(Self.blockSize + 4096)
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    public func write(_ text: String) throws(ReportError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// A JSON string literal, escaped byte by byte (every character JSON escapes is ASCII, so
    /// UTF-8 sequences pass through untouched).
    public func writeJSONString(_ text: String) {
        // One exclusive access to the class's buffer per string, not one per byte.
        Self.appendJSONString(text, to: &buffer)
    }

    /// `text` as a JSON string literal.
    public static func jsonLiteral(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendJSONString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendJSONString(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [92, 92])
            case 10: buffer.append(contentsOf: [92, UInt8(ascii: "n")])
            case 13: buffer.append(contentsOf: [92, UInt8(ascii: "r")])
            case 9: buffer.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// One RFC 4180 field: quoted when it holds a comma, quote or line break. A field starting with
    /// = + - @ (and not a number) gets a leading apostrophe so a spreadsheet shows it rather than
    /// evaluating it.
    public func writeCSVField(_ text: String, last: Bool = false) {
        Self.appendCSVField(text, last: last, to: &buffer)
    }

    static func appendCSVField(_ text: String, last: Bool, to buffer: inout [UInt8]) {
        let utf8 = text.utf8
        let needsQuotes = utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        if needsQuotes { buffer.append(34) }
        if let first = utf8.first, first == 61 || first == 43 || first == 45 || first == 64, Double(text) == nil {
            buffer.append(UInt8(ascii: "'"))
        }
        for byte in utf8 {
            if byte == 34 { buffer.append(34) }
            buffer.append(byte)
        }
        if needsQuotes { buffer.append(34) }
        if last { buffer.append(contentsOf: [13, 10]) } else { buffer.append(44) }
    }

    /// Flushes once a block has gathered; call between records.
    public func endRecord() throws(ReportError) {
        if buffer.count >= Self.blockSize { try flush() }
    }

    public func flush() throws(ReportError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ReportError.io("cannot write \(path)", errno: errno)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and syncs, so a renamed run directory never holds a half-written file.
    public func finish() throws(ReportError) {
        try flush()
        guard fsync(descriptor) == 0 else { throw ReportError.io("cannot sync \(path)", errno: errno) }
    }
}

public struct ReportError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    static func io(_ what: String, errno code: Int32) -> ReportError {
        ReportError(message: "\(what): \(String(cString: strerror(code)))")
    }
}
