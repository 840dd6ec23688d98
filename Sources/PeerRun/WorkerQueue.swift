import Foundation

/// A bounded hand-over of batches from one producer thread to one consumer: the producer blocks
/// when `capacity` batches wait, so memory stays flat whatever the reader's speed.
final class BatchQueue<Batch: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var ended = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Hands over a batch; false when the consumer has cancelled (the producer should stop).
    func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The producer is done, successfully or with `error`.
    func finish(_ error: (any Error)? = nil) {
        condition.lock()
        ended = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    enum Next {
        case batch(Batch)
        /// The producer finished, or the queue was cancelled.
        case finished
        /// Nothing arrived in the time given: the caller may look at other things (a stop request) and wait again.
        case waiting
    }

    /// The next batch, waiting at most until `deadline` (forever when nil); throws the producer's error.
    func next(waitingUntil deadline: Date? = nil) throws -> Next {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !ended && !cancelled {
            if let deadline {
                if !condition.wait(until: deadline) { return .waiting }
            } else {
                condition.wait()
            }
        }
        if !batches.isEmpty {
            condition.broadcast()
            return .batch(batches.removeFirst())
        }
        if let failure, !cancelled { throw failure }
        return .finished
    }

    /// The next batch; nil when the producer finished or the queue was cancelled.
    func take() throws -> Batch? {
        if case .batch(let batch) = try next() { return batch }
        return nil
    }

    /// The consumer stops taking: a blocked producer is released and told to stop, a blocked taker told the queue finished.
    func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

/// Lets a value that one thread hands to another, and never uses again, cross into a `Thread`
/// closure (a libpq connection is owned by one thread at a time).
final class HandOver<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Work started on a thread of its own while the caller goes on; `wait()` gives its result or error.
final class BackgroundWork<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?
    /// Set by the waiting thread only, after the semaphore made the worker's `result` visible.
    private var waited = false

    init(name: String, _ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the work to end (once; later calls return the same result at once).
    func wait() throws -> Value {
        if !waited {
            done.wait()
            waited = true
        }
        return try result!.get()
    }
}
