import PGClient

/// How long a run's statements may wait on another session's lock, and may run at all. A table
/// locked by another session all night then ends the run with a clear error after `lockSeconds`
/// instead of hanging it. Applied to every connection the reader and the writer open.
public struct SessionTimeouts: Sendable, Equatable {
    public var lockSeconds: Int
    /// 0: no limit. The reader's COPY statements last the whole stream: set it above the night's length.
    public var statementSeconds: Int

    public init(lockSeconds: Int = 60, statementSeconds: Int = 0) {
        self.lockSeconds = lockSeconds
        self.statementSeconds = statementSeconds
    }

    var settings: [(name: String, value: String)] {
        [("lock_timeout", "\(lockSeconds)s"), ("statement_timeout", "\(statementSeconds)s")]
    }

    /// A connection with the timeouts set.
    func connect(_ conninfo: String?) throws(PGError) -> PGConnection {
        let connection = try PGConnection(conninfo)
        try connection.apply(settings)
        return connection
    }
}
