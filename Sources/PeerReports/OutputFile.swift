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
