import CLibPQ

/// A whole result held in memory: for small answers only (one row, a count, a version list).
public final class PGResult {
    let raw: OpaquePointer
    init(_ raw: OpaquePointer) { self.raw = raw }
    deinit { PQclear(raw) }

    public var rowCount: Int { Int(PQntuples(raw)) }
    public var columnCount: Int { Int(PQnfields(raw)) }

    public func row(_ index: Int) -> PGRow { PGRow(result: raw, index: Int32(index), owner: self) }
    public var rows: [PGRow] { (0..<rowCount).map(row) }

    /// The first column of the first row, or nil when there is none or it is NULL.
    public var scalar: String? { rowCount > 0 ? row(0).string(0) : nil }

    /// Rows an INSERT, UPDATE or DELETE touched (0 for other commands).
    public var affectedRows: Int { PQcmdTuples(raw).flatMap { Int(String(cString: $0)) } ?? 0 }
}

/// A view of one row of a result. A row of a `PGResult` keeps the result alive; a streamed row is
/// valid only inside the callback that received it.
public struct PGRow {
    let result: OpaquePointer
    let index: Int32
    var owner: PGResult? = nil

    public var count: Int { Int(PQnfields(result)) }

    public func isNull(_ column: Int) -> Bool { PQgetisnull(result, index, Int32(column)) == 1 }

    /// The column's text (libpq text format), or nil for NULL.
    public func string(_ column: Int) -> String? {
        if isNull(column) { return nil }
        let length = Int(PQgetlength(result, index, Int32(column)))
        let start = UnsafeRawPointer(PQgetvalue(result, index, Int32(column)))
        return String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
    }

    public func int(_ column: Int) -> Int? { string(column).flatMap { Int($0) } }
    public func bool(_ column: Int) -> Bool? { string(column).map { $0 == "t" } }
}
