/// An error from PostgreSQL or from libpq, carrying what the tool was doing when it happened.
///
/// `sqlState` is the server's five-character SQLSTATE when the server sent one (it does not when the
/// connection could not be made or was lost), so callers can branch on `code` or on `sqlState`.
public struct PGError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String { case connectionFailed, connectionLost, queryFailed, copyFailed, unexpectedResult }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The server could not be reached or refused the connection.
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke while a command was under way.
        public static let connectionLost = Code(.connectionLost)
        /// The server rejected a statement (see `sqlState`).
        public static let queryFailed = Code(.queryFailed)
        /// A COPY could not be started, fed or finished.
        public static let copyFailed = Code(.copyFailed)
        /// The server answered with a result of a kind the tool did not ask for.
        public static let unexpectedResult = Code(.unexpectedResult)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// SQLSTATE, e.g. `42P01` (undefined table) or `57P01` (terminated by administrator).
    public let sqlState: String?
    /// The server's (or libpq's) primary message, without trailing newlines.
    public let message: String
    public let detail: String?
    public let hint: String?
    /// What the tool was doing, e.g. "connecting to /tmp/pg:5432" or "streaming training records".
    public let doing: String

    public init(code: Code, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil, doing: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.doing = doing
    }

    /// One line for logs and stderr. The server's DETAIL is left out on purpose: it can quote row
    /// contents ("Failing row contains (…)"), which may be health information. It stays in `detail`.
    public var description: String {
        var text = "\(doing): \(message)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let hint { text += "; hint: \(hint)" }
        return text
    }
}

extension PGError {
    /// The same error, saying it was the last of `attempts` connection attempts.
    public func after(attempts: Int) -> PGError {
        PGError(code: code, sqlState: sqlState, message: message, detail: detail, hint: hint, doing: "\(doing) (\(attempts) attempts)")
    }
}
