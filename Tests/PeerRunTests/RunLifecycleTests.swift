import Foundation
import Logging
@testable import PeerRun
import Testing

/// Every way a run can end, decided by the pure lifecycle: what is cleaned up at each stage.
@Suite struct RunLifecycleTests {
    typealias Event = RunLifecycle.Event

    static func stopped(after events: [Event]) -> (actions: [RunLifecycle.Action], state: RunLifecycle.State) {
        var lifecycle = RunLifecycle()
        for event in events { #expect(lifecycle.handle(event).isEmpty) }
        let actions = lifecycle.handle(.stopped)
        return (actions, lifecycle.state)
    }

    @Test func stoppedWhileLoadingRulesLeavesNothingToCleanUp() {
        #expect(Self.stopped(after: []).actions.isEmpty)
    }

    @Test func stoppedBeforeTheDirectoryExistsMarksTheRunFailed() {
        #expect(Self.stopped(after: [.runRecorded]).actions == [.markRunFailed])
    }

    @Test func stoppedMidStreamMarksTheRunFailedAndRemovesThePartialDirectory() {
        let result = Self.stopped(after: [.runRecorded, .directoryCreated])
        #expect(result.actions == [.markRunFailed, .removePartialDirectory])
        #expect(result.state == .failed)
    }

    /// A run is succeeded exactly when its results and its report directory both exist.
    @Test func stoppedAfterTheCommitTakesTheResultsBack() {
        #expect(Self.stopped(after: [.runRecorded, .directoryCreated, .resultsCommitted]).actions
                == [.withdrawCommittedResults, .removePartialDirectory])
    }

    @Test func aPublishedRunIsFinal() {
        let result = Self.stopped(after: [.runRecorded, .directoryCreated, .resultsCommitted, .directoryPublished])
        #expect(result.actions.isEmpty)
        #expect(result.state == .published)
    }

    @Test func aSecondStopChangesNothing() {
        var lifecycle = RunLifecycle()
        _ = lifecycle.handle(.runRecorded)
        #expect(lifecycle.handle(.stopped) == [.markRunFailed])
        #expect(lifecycle.handle(.stopped).isEmpty)
    }
}

@Suite struct BatchQueueTests {
    /// Order is kept and the producer never runs more than `capacity` batches ahead.
    @Test func batchesArriveInOrderAndTheProducerIsHeldBack() throws {
        let queue = BatchQueue<[Int]>(capacity: 2)
        let ahead = Mutex(0)
        let thread = Thread {
            for index in 0..<50 {
                _ = queue.put([index])
                ahead.withLock { $0 += 1 }
            }
            queue.finish()
        }
        thread.start()
        var received: [Int] = []
        while let batch = try queue.take() {
            #expect(ahead.withLock { $0 } - received.count <= 3)
            received += batch
            Thread.sleep(forTimeInterval: 0.001)
        }
        #expect(received == Array(0..<50))
    }

    @Test func theProducersErrorReachesTheConsumerAfterItsBatches() throws {
        struct Broken: Error {}
        let queue = BatchQueue<[Int]>(capacity: 4)
        _ = queue.put([1])
        queue.finish(Broken())
        #expect(try queue.take() == [1])
        #expect(throws: Broken.self) { try queue.take() }
    }

    @Test func cancellingReleasesABlockedProducer() {
        let queue = BatchQueue<[Int]>(capacity: 1)
        _ = queue.put([1])
        let released = DispatchSemaphore(value: 0)
        let outcome = Mutex(true)
        Thread {
            outcome.withLock { $0 = queue.put([2]) }
            released.signal()
        }.start()
        queue.cancel()
        #expect(released.wait(timeout: .now() + 5) == .success)
        #expect(outcome.withLock { $0 } == false)
    }
}

@Suite struct RunLoggingTests {
    @Test func jsonLinesAreOneObjectEach() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "peercert.run") { JSONLineLogHandler(label: $0, write: { text in lines.withLock { $0.append(text) } }) }
        logger[metadataKey: "run_id"] = "7"
        logger.info("run started", metadata: ["as_of": "2026-03-01", "note": "quote \" and\nnewline"])
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        #expect(written[0].hasSuffix("}\n"))
        #expect(written[0].dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: String])
        #expect(object["message"] == "run started")
        #expect(object["run_id"] == "7")
        #expect(object["as_of"] == "2026-03-01")
        #expect(object["note"] == "quote \" and\nnewline")
        #expect(object["level"] == "info")
    }

    @Test func progressTextSaysRateAndTimeLeft() {
        #expect(ProgressLine.text(workers: 12_000, elapsed: .seconds(4), total: 100_000) == "12,000 workers, 3000/s, about 30 s left")
        #expect(ProgressLine.text(workers: 500, elapsed: .seconds(1), total: nil) == "500 workers, 500/s")
        #expect(ProgressLine(estimatedTotal: 10, enabled: false) == nil)
    }
}

/// A lock around a value, for the tests' threads.
final class Mutex<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R { lock.withLock { body(&value) } }
}
