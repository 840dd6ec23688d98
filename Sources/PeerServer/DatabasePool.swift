import NIOPosix
import PGClient
import Synchronization

/// Blocking libpq work for the server, on threads of its own: never on an event loop or Swift's
/// cooperative pool. As many connections as threads, opened when first needed; one found broken
/// is dropped and the next call opens a new one.
public final class DatabasePool: Sendable {
    private let threads: NIOThreadPool
    private let conninfo: String?
    private let idle: Mutex<[ConnectionBox]> = Mutex([])

    /// `size` threads and at most as many connections.
    public init(conninfo: String?, size: Int) {
        self.conninfo = conninfo
        threads = NIOThreadPool(numberOfThreads: max(1, size))
        threads.start()
    }

    /// Runs `body` with a connection on one of the pool's threads.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await threads.runIfActive { [self] in
            let box = try idle.withLock { $0.popLast() } ?? ConnectionBox(try PGConnection(conninfo))
            defer { if !box.connection.isBroken { idle.withLock { $0.append(box) } } }
            return try body(box.connection)
        }
    }

    public func shutdown() async throws {
        try await threads.shutdownGracefully()
        idle.withLock { $0.removeAll() }
    }
}

/// A connection is used by one thread at a time: taken out of the idle list, then put back.
private final class ConnectionBox: @unchecked Sendable {
    let connection: PGConnection
    init(_ connection: PGConnection) { self.connection = connection }
}
