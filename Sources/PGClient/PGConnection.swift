import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// A value that can be bound as a query parameter (sent in text format, never spliced into SQL).
public protocol PGBindable {
    var pgText: String? { get }
}

extension String: PGBindable { public var pgText: String? { self } }
extension Int: PGBindable { public var pgText: String? { String(self) } }
extension Int64: PGBindable { public var pgText: String? { String(self) } }
extension Bool: PGBindable { public var pgText: String? { self ? "t" : "f" } }
extension Optional: PGBindable where Wrapped: PGBindable {
    public var pgText: String? { self?.pgText }
}

/// One libpq connection, used by one thread at a time (libpq's rule).
///
/// Deliberately not `Sendable`: a batch step owns its connections and runs on its own thread, so the
/// blocking libpq calls never occupy Swift's cooperative thread pool.
public final class PGConnection {
    let raw: OpaquePointer
    /// Where the connection went ("socket /tmp/pg port 5432" or "host db1 port 5432"), for messages.
    public let endpoint: String

    /// Connects with a conninfo string (`host=... dbname=...`) or a `postgresql://` URI. With `nil` or
    /// an empty string, libpq's own defaults apply: PGHOST, PGPORT, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass.
    public init(_ conninfo: String? = nil) throws(PGError) {
        guard let raw = PQconnectdb(conninfo ?? "") else {
            throw PGError(code: .connectionFailed, message: "out of memory", doing: "connecting")
        }
        self.raw = raw
        endpoint = Self.describeEndpoint(raw)
        guard PQstatus(raw) == CONNECTION_OK else {
            // deinit runs even when init throws here (every property is set) and calls PQfinish.
            let message = Self.clean(PQerrorMessage(raw))
            throw PGError(code: .connectionFailed, message: message, doing: "connecting to \(endpoint)")
        }
        // Our own messages are parsed by nobody; keep the server's notices off stderr.
        PQsetNoticeProcessor(raw, { _, _ in }, nil)
    }

    deinit { PQfinish(raw) }

    /// Sets run-time parameters for this session (`set_config(name, value, false)`), e.g.
    /// `lock_timeout`: so a statement waiting on another session's lock ends with an error.
    public func apply(_ settings: [(name: String, value: String)]) throws(PGError) {
        for setting in settings {
            try execute("SELECT set_config($1, $2, false)", [setting.name, setting.value], doing: "setting \(setting.name)")
        }
    }

    private static func describeEndpoint(_ raw: OpaquePointer) -> String {
        let host = PQhost(raw).map { String(cString: $0) } ?? ""
        let port = PQport(raw).map { String(cString: $0) } ?? ""
        let db = PQdb(raw).map { String(cString: $0) } ?? ""
        let place = host.hasPrefix("/") ? "socket \(host)" : "host \(host.isEmpty ? "localhost" : host)"
        return "\(place) port \(port.isEmpty ? "5432" : port) database \(db)"
    }

    static func clean(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        var text = String(cString: message)
        while text.last == "\n" || text.last == " " { text.removeLast() }
        // libpq can return several lines (one per host tried); one line reads better in a log.
        return text.split(separator: "\n").map { $0.trimmingSpaces }.joined(separator: "; ")
    }

    /// The server process id of this session (for `pg_terminate_backend`, `pg_cancel_backend`).
    public var backendPID: Int32 { PQbackendPID(raw) }

    public var isBroken: Bool { PQstatus(raw) != CONNECTION_OK }

    // MARK: Commands with small results

    /// Runs one statement with bound parameters and returns its whole (small) result.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PGBindable] = [], doing: String? = nil) throws(PGError) -> PGResult {
        let result = withParameters(parameters) { count, values in
            PQexecParams(raw, sql, count, nil, values, nil, nil, 0)
        }
        return try check(result, doing: doing ?? Self.summary(sql))
    }

    /// Runs a script of several statements (no parameters), as migrations need.
    public func executeScript(_ sql: String, doing: String) throws(PGError) {
        guard PQsendQuery(raw, sql) == 1 else { throw connectionError(doing: doing) }
        if let failure = drainResults(doing: doing) { throw failure }
    }

    /// Runs `body` inside BEGIN/COMMIT; rolls back when it throws.
    public func transaction<T>(isolation: String? = nil, _ body: () throws -> T) throws -> T {
        try execute(isolation.map { "BEGIN ISOLATION LEVEL \($0)" } ?? "BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if !isBroken { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// A string literal made safe by libpq for the few commands that take no parameters
    /// (`SET TRANSACTION SNAPSHOT`, COPY).
    public func literal(_ value: String) throws(PGError) -> String {
        guard let escaped = PQescapeLiteral(raw, value, value.utf8.count) else {
            throw PGError(code: .queryFailed, message: Self.clean(PQerrorMessage(raw)), doing: "escaping a literal")
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    // MARK: Streaming reads

    /// Streams a query's rows one at a time (libpq single-row mode): memory stays flat however many
    /// rows come back. `row` sees each row only during the call.
    public func stream(_ sql: String, _ parameters: [any PGBindable] = [], doing: String? = nil,
                       row: (PGRow) throws -> Void) throws {
        let what = doing ?? Self.summary(sql)
        let sent = withParameters(parameters) { count, values in
            PQsendQueryParams(raw, sql, count, nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw connectionError(doing: what) }
        guard PQsetSingleRowMode(raw) == 1 else {
            let error = connectionError(doing: what)
            _ = drainResults(doing: what)
            throw error
        }
        var failure: (any Error)?
        // The loop always drains to NULL: libpq refuses new commands until it has.
        while let result = PQgetResult(raw) {
            defer { PQclear(result) }
            if failure != nil { continue }
            let status = PQresultStatus(result)
            if status == PGRES_SINGLE_TUPLE {
                do { try row(PGRow(result: result, index: 0)) } catch { failure = error; requestCancel() }
            } else if status != PGRES_TUPLES_OK {
                failure = resultError(result, doing: what) ?? PGError(code: .unexpectedResult, message: "unexpected status", doing: what)
            }
        }
        if let failure { throw failure }
    }

    /// Starts `COPY (...) TO STDOUT` and returns a pull-based reader of its rows (text format).
    /// Several readers on several connections can be pulled in turn by one thread.
    public func copyOut(_ sql: String, doing: String, format: PGCopyFormat = .text) throws(PGError) -> PGCopyOutReader {
        guard let result = PQexec(raw, sql) else { throw connectionError(doing: doing) }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_OUT else {
            throw resultError(result, doing: doing)
                ?? PGError(code: .copyFailed, message: "the server did not start COPY OUT", doing: doing)
        }
        return PGCopyOutReader(connection: self, doing: doing, format: format)
    }

    /// Runs `COPY ... FROM STDIN`, feeding it through `body`; returns the number of rows the server stored.
    @discardableResult
    public func copyIn(_ sql: String, doing: String, format: PGCopyFormat = .text, _ body: (inout PGCopyInWriter) throws -> Void) throws -> Int {
        var writer = try startCopyIn(sql, doing: doing, format: format)
        do {
            try body(&writer)
        } catch {
            writer.abort(error)
            throw error
        }
        return try writer.finish()
    }

    /// Starts `COPY ... FROM STDIN` and returns its writer, for a COPY that outlives one call (it
    /// runs beside another connection's work); the caller ends it with `finish()` or `abort(_:)`,
    /// and sends nothing else on this connection meanwhile.
    public func startCopyIn(_ sql: String, doing: String, format: PGCopyFormat = .text) throws(PGError) -> PGCopyInWriter {
        guard let start = PQexec(raw, sql) else { throw connectionError(doing: doing) }
        let status = PQresultStatus(start)
        let startError = resultError(start, doing: doing)
        PQclear(start)
        guard status == PGRES_COPY_IN else {
            throw startError ?? PGError(code: .copyFailed, message: "the server did not start COPY IN", doing: doing)
        }
        var writer = PGCopyInWriter(connection: self, doing: doing, format: format)
        if format == .binary { try writer.send(PGBinaryRowEncoder.signature) }
        return writer
    }

    /// A handle another thread can use to cancel this connection's current command (a COPY the
    /// reader thread is blocked in). Take it on the thread that owns the connection.
    public func cancelHandle() -> PGCancelHandle? {
        PQgetCancel(raw).map(PGCancelHandle.init)
    }

    // MARK: Internals

    /// Asks the server to stop the current command (thread-safe in libpq, used after a callback throws).
    func requestCancel() {
        cancelHandle()?.cancel()
    }

    /// Reads and clears every pending result (libpq accepts no new command until then); returns
    /// the first error among them. `each` sees every result before it is cleared.
    func drainResults(doing: String, each: (OpaquePointer) -> Void = { _ in }) -> PGError? {
        var failure: PGError?
        while let result = PQgetResult(raw) {
            if failure == nil { failure = resultError(result, doing: doing) }
            each(result)
            PQclear(result)
        }
        return failure
    }

    func connectionError(doing: String) -> PGError {
        let broken = PQstatus(raw) != CONNECTION_OK
        return PGError(code: broken ? .connectionLost : .queryFailed, message: Self.clean(PQerrorMessage(raw)),
                       doing: "\(doing) on \(endpoint)")
    }

    private func check(_ result: OpaquePointer?, doing: String) throws(PGError) -> PGResult {
        guard let result else { throw connectionError(doing: doing) }
        if let error = resultError(result, doing: doing) {
            PQclear(result)
            throw error
        }
        return PGResult(result)
    }

    /// The error a result carries, or nil when it succeeded.
    func resultError(_ result: OpaquePointer, doing: String) -> PGError? {
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_SINGLE_TUPLE
            || status == PGRES_COPY_OUT || status == PGRES_COPY_IN {
            return nil
        }
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let sqlState = field(Int32(UInt8(ascii: "C")))
        let primary = field(Int32(UInt8(ascii: "M"))) ?? Self.clean(PQresultErrorMessage(result))
        // The server's FATAL (57P01 on pg_terminate_backend, class 08 on protocol trouble) arrives
        // before libpq notices the socket closing, so the SQLSTATE says "lost" first.
        let lostByState = sqlState.map { $0.hasPrefix("08") || $0.hasPrefix("57P") } ?? false
        let code: PGError.Code = lostByState || PQstatus(raw) != CONNECTION_OK ? .connectionLost : .queryFailed
        return PGError(code: code, sqlState: sqlState, message: primary,
                       detail: field(Int32(UInt8(ascii: "D"))), hint: field(Int32(UInt8(ascii: "H"))), doing: doing)
    }

    /// Calls `body` with C strings for the parameters; the pointers live only during the call.
    private func withParameters<R>(_ parameters: [any PGBindable], _ body: (Int32, [UnsafePointer<CChar>?]) -> R) -> R {
        let owned: [UnsafeMutablePointer<CChar>?] = parameters.map { parameter in
            parameter.pgText.flatMap { strdup($0) }
        }
        defer { owned.forEach { free($0) } }
        return body(Int32(owned.count), owned.map { $0.map { UnsafePointer($0) } })
    }

    static func summary(_ sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(6).joined(separator: " ")
        return "running \"\(words)\(sql.count > words.count ? " …" : "")\""
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// libpq's PGcancel: read-only for PQcancel, so any thread may use it while another owns the connection.
public final class PGCancelHandle: @unchecked Sendable {
    private let raw: OpaquePointer

    init(_ raw: OpaquePointer) { self.raw = raw }
    deinit { PQfreeCancel(raw) }

    /// Asks the server to cancel the command in progress; the blocked call then returns an error.
    public func cancel() {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(raw, &buffer, Int32(buffer.count))
    }
}
