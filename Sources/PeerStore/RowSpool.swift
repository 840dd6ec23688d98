#if canImport(Glibc)
import Glibc
#endif
import PGClient

/// Rows for a binary COPY set aside in an unlinked file while another COPY has the connection (the
/// credential rows'), then sent in blocks. Memory stays one block whatever the number of workers.
/// The file is closed (and its blocks, which may hold health information, freed) however the run ends.
final class RowSpool {
    private let descriptor: Int32
    /// The row being encoded; `endRow` ends it.
    var row = PGBinaryRowEncoder()

    /// A spool file in `directory` (the run's `.partial` directory), gone from it at once.
    init(directory: String, name: String) throws {
        var template = Array("\(directory)/.\(name)-XXXXXX".utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw StoreError(.spoolFailed, "cannot create a spool file in \(directory): \(String(cString: strerror(errno)))") }
        // Gone from the directory at once: nothing is left behind whatever ends the run.
        unlink(String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    deinit { close(descriptor) }

    /// Ends the row encoded in `row`, writing a block to the file once one is full.
    func endRow() throws {
        row.endRow()
        if row.bytes.count >= PGCopyRowEncoder.blockSize { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < row.bytes.count {
            let written = row.bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw StoreError(.spoolFailed, "cannot write a spool file: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        row.clear()
    }

    /// Sends everything spooled into `copy`.
    func replay(into copy: inout PGCopyInWriter) throws {
        try flush()
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw StoreError(.spoolFailed, "cannot rewind a spool file: \(String(cString: strerror(errno)))")
        }
        // Binary rows may be split anywhere: the server reassembles them (and numbers them in an error).
        var block = [UInt8](repeating: 0, count: PGCopyRowEncoder.blockSize)
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StoreError(.spoolFailed, "cannot read a spool file: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            try block.withUnsafeBytes { try copy.sendEncodedRows(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }
}
