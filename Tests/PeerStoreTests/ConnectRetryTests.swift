import Foundation
import PGClient
@testable import PeerStore
import Testing

/// Connection retries decided without a server: the waits, which failures are worth waiting for,
/// and the attempts made (libpq against a socket directory where no server listens).
@Suite struct ConnectRetryTests {
    @Test func waitsDoubleUpToTheirCap() {
        #expect(ConnectRetry(retries: 7, firstDelay: .seconds(1), maximumDelay: .seconds(30)).delays
            == [1, 2, 4, 8, 16, 30, 30].map { Duration.seconds($0) })
        #expect(ConnectRetry(retries: 0).delays.isEmpty)
        #expect(ConnectRetry().delays == [1, 2, 4, 8].map { Duration.seconds($0) })
    }

    @Test(arguments: [
        ("could not connect to server: No such file or directory", true),
        ("connection to server at \"db1\" (10.0.0.5), port 5432 failed: Connection refused", true),
        ("FATAL:  the database system is starting up", true),
        ("FATAL:  password authentication failed for user \"peercert\"", false),
        ("FATAL:  database \"peercert\" does not exist", false),
        ("FATAL:  no pg_hba.conf entry for host \"10.0.0.9\"", false),
    ])
    func onlyFailuresThatWaitingCanCureAreRetried(message: String, transient: Bool) {
        #expect(ConnectRetry.isTransient(PGError(code: .connectionFailed, message: message, doing: "connecting")) == transient)
        #expect(!ConnectRetry.isTransient(PGError(code: .queryFailed, message: message, doing: "reading")))
    }

    @Test func anUnansweredServerIsTriedOncePerRetryThenNamesTheAttempts() throws {
        let empty = NSTemporaryDirectory() + "peercert-no-server-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let attempts = Attempts()
        let retry = ConnectRetry(retries: 3, firstDelay: .milliseconds(1), onRetry: { attempt, delay, _ in attempts.add(attempt, delay) })
        var slept: [Duration] = []
        do {
            _ = try retry.connect("host=\(empty) port=5999 dbname=x", sleep: { slept.append($0) })
            Issue.record("connected where no server listens")
        } catch {
            #expect(error.code == .connectionFailed)
            #expect(error.description.contains("(4 attempts)"), "\(error)")
        }
        #expect(slept == [.milliseconds(1), .milliseconds(2), .milliseconds(4)])
        #expect(attempts.seen == [1, 2, 3])
    }
}

private final class Attempts: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func add(_ attempt: Int, _ delay: Duration) { lock.withLock { list.append(attempt) } }
    var seen: [Int] { lock.withLock { list } }
}
