import Foundation
import PGClient

/// How long a run's statements may wait on another session's lock, and may run at all. A table
/// locked by another session all night then ends the run with a clear error after `lockSeconds`
/// instead of hanging it. Applied to every connection the reader and the writer open, each opened
/// with `retry`.
public struct SessionTimeouts: Sendable {
    public var lockSeconds: Int
    /// 0: no limit. The reader's COPY statements last the whole stream: set it above the night's length.
    public var statementSeconds: Int
    public var retry: ConnectRetry

    public init(lockSeconds: Int = 60, statementSeconds: Int = 0, retry: ConnectRetry = ConnectRetry()) {
        self.lockSeconds = lockSeconds
        self.statementSeconds = statementSeconds
        self.retry = retry
    }

    var settings: [(name: String, value: String)] {
        [("lock_timeout", "\(lockSeconds)s"), ("statement_timeout", "\(statementSeconds)s")]
    }

    /// A connection with the timeouts set.
    func connect(_ conninfo: String?) throws(PGError) -> PGConnection {
        let connection = try retry.connect(conninfo)
        try connection.apply(settings)
        return connection
    }
}

/// Connection attempts when the server does not answer (restarting, failing over, not yet up at
/// boot): retried after waits that double from `firstDelay` up to `maximumDelay`, `retries` times,
/// so a short outage does not cost the night and a long one still ends the run (exit 69).
/// Refused credentials and a missing database are not retried: waiting does not cure them.
public struct ConnectRetry: Sendable {
    public var retries: Int
    public var firstDelay: Duration
    public var maximumDelay: Duration
    /// Told of each failed attempt that will be retried (attempt number from 1, the wait, the error): the run logs it.
    public var onRetry: @Sendable (_ attempt: Int, _ delay: Duration, _ error: PGError) -> Void

    public static let defaultRetries = 4

    public init(retries: Int = defaultRetries, firstDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(30),
                onRetry: @escaping @Sendable (Int, Duration, PGError) -> Void = { _, _, _ in }) {
        self.retries = retries
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.onRetry = onRetry
    }

    /// The wait before each retry, in order.
    public var delays: [Duration] {
        var delays: [Duration] = []
        var next = firstDelay
        for _ in 0..<max(retries, 0) {
            delays.append(min(next, maximumDelay))
            next = min(next * 2, maximumDelay)
        }
        return delays
    }

    /// Whether waiting could cure a failed connection attempt: not for libpq's messages about
    /// credentials, authorization or a database or role that does not exist.
    public static func isTransient(_ error: PGError) -> Bool {
        guard error.code == .connectionFailed else { return false }
        let permanent = ["authentication failed", "does not exist", "no pg_hba.conf entry", "no password supplied",
                         "permission denied", "invalid connection option", "missing \"=\"", "invalid URI"]
        return !permanent.contains { error.message.contains($0) }
    }

    /// Connects, retrying transient failures; the last error names how many attempts were made.
    func connect(_ conninfo: String?, sleep: (Duration) -> Void = { Thread.sleep(forTimeInterval: Double($0.components.seconds)
                                                                         + Double($0.components.attoseconds) / 1e18) }) throws(PGError) -> PGConnection {
        let delays = self.delays
        var attempt = 0
        while true {
            do {
                return try PGConnection(conninfo)
            } catch {
                guard attempt < delays.count, Self.isTransient(error) else {
                    throw attempt == 0 ? error : error.after(attempts: attempt + 1)
                }
                onRetry(attempt + 1, delays[attempt], error)
                sleep(delays[attempt])
                attempt += 1
            }
        }
    }
}
