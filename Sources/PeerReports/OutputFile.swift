#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PeerRules

/// A report file written through a buffer flushed at 256 KiB, created readable by its owner only
/// (reports name workers and carry board-only findings). The buffer grows as the file does: a run
/// holds dozens of small files open (one per receiving state) that never need a block.
public final class OutputFile {
    public let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private static let blockSize = 1 << 18

    public convenience init(path: String) throws(ReportError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ReportError.io("cannot create \(path)", errno: errno) }
        self.init(descriptor: descriptor, path: path)
    }

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Standard output through the same buffer (a copy of descriptor 1, so closing it leaves stdout open).
    public static func standardOutput() throws(ReportError) -> OutputFile {
        let descriptor = dup(1)
        guard descriptor >= 0 else { throw ReportError.io("cannot write to standard output", errno: errno) }
        return OutputFile(descriptor: descriptor, path: "standard output")
    }

    /// A file for a part of a report that is written before the part it follows: unlinked at once,
    /// so nothing is left behind whatever ends the run. `drain(into:)` copies it to its place.
    public static func scratch(in directory: String) throws(ReportError) -> OutputFile {
        var template = Array("\(directory)/.scratch-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard descriptor >= 0 else { throw ReportError.io("cannot create a scratch file in \(directory)", errno: errno) }
        unlink(path)
        return OutputFile(descriptor: descriptor, path: path)
    }

    /// Appends everything written to this (scratch) file to `target`.
    public func drain(into target: OutputFile) throws(ReportError) {
        try flush()
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        var offset: off_t = 0
        while true {
            let count = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReportError.io("cannot read back \(path)", errno: errno)
            }
            if count == 0 { return }
            try target.append { $0.append(contentsOf: block[0..<count]) }
            offset += off_t(count)
        }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    public func write(_ text: String) throws(ReportError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Appends bytes an encoder writes straight into the file's buffer (no intermediate copy).
    public func append(_ encode: (inout [UInt8]) -> Void) throws(ReportError) {
        encode(&buffer)
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// One RFC 4180 field: quoted when it holds a comma, quote or line break. A field a spreadsheet
    /// would run as a formula (starting with = + - @, tab or carriage return, and not a plain number)
    /// gets a leading apostrophe, as OWASP's CSV-injection guidance says.
    public static func appendCSVField(_ text: String, last: Bool, to buffer: inout [UInt8]) {
        let utf8 = text.utf8
        let quoted = { (byte: UInt8) in byte == 44 || byte == 34 || byte == 10 || byte == 13 }
        let needsQuotes = utf8.withContiguousStorageIfAvailable { $0.contains(where: quoted) } ?? utf8.contains(where: quoted)
        if needsQuotes { buffer.append(34) }
        if let first = utf8.first, first == 61 || first == 43 || first == 45 || first == 64 || first == 9 || first == 13,
           !isPlainNumber(utf8) {
            buffer.append(UInt8(ascii: "'"))
        }
        if needsQuotes {
            for byte in utf8 {
                if byte == 34 { buffer.append(34) }
                buffer.append(byte)
            }
            buffer.append(34)
        } else {
            buffer.append(contentsOf: utf8)
        }
        if last {
            buffer.append(13)
            buffer.append(10)
        } else {
            buffer.append(44)
        }
    }

    /// An integer field (never quoted nor neutralised: a plain number), written without a String.
    public static func appendCSVNumber(_ value: Int, to buffer: inout [UInt8]) {
        appendDecimal(value, to: &buffer)
        buffer.append(44)
    }

    /// An integer's digits, through a buffer on the stack.
    public static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(48 + magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { buffer.append(UInt8(ascii: "-")) }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// A date field (`2026-06-01`, empty for none), written without a String.
    public static func appendCSVDay(_ day: Day?, to buffer: inout [UInt8]) {
        day?.appendISO(to: &buffer)
        buffer.append(44)
    }

    /// `-4`, `+1.5`: a number a spreadsheet shows as a number ("-inf" or "1e3" are not plain).
    static func isPlainNumber(_ utf8: String.UTF8View) -> Bool {
        var digits = 0
        for (index, byte) in utf8.enumerated() {
            switch byte {
            case 48...57: digits += 1
            case 43 where index == 0, 45 where index == 0: continue
            case 46: continue
            default: return false
            }
        }
        return digits > 0 && utf8.count(where: { $0 == 46 }) <= 1
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

    /// Flushes and syncs, so a renamed run directory never holds a half-written file. Without
    /// `sync`, the caller syncs later (RunDirectory.syncFileSystem) before the directory is published.
    public func finish(sync: Bool = true) throws(ReportError) {
        try flush()
        guard !sync || fsync(descriptor) == 0 else { throw ReportError.io("cannot sync \(path)", errno: errno) }
    }
}

public struct ReportError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(message: String) { self.message = message }

    public static func io(_ what: String, errno code: Int32) -> ReportError {
        ReportError(message: "\(what): \(String(cString: strerror(code)))")
    }
}
