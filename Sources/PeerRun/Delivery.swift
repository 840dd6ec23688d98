import Foundation
import PeerStore

/// Hands one message to the mail system.
public protocol MailTransport: Sendable {
    /// Throws `DeliveryRefused` with what the mail system said.
    func send(_ message: OutboxMessage) throws
}

public struct DeliveryRefused: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

/// The system's sendmail interface: `sendmail -t -i` reads the recipients from the headers and
/// the message from standard input; any exit status but 0 is a refusal.
public struct SendmailTransport: MailTransport {
    public let command: [String]
    public let timeoutSeconds: Int

    public init(command: [String], timeoutSeconds: Int) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }

    /// The message goes in from a file and sendmail's complaints come back in one (both owner-only,
    /// removed at once): no pipes, so a signal interrupting a read or write (EINTR, which
    /// Foundation's FileHandle turns into a crash) cannot truncate a message or stop the run.
    public func send(_ message: OutboxMessage) throws {
        let base = NSTemporaryDirectory() + "peercert-mail-" + UUID().uuidString
        let (inputPath, errorPath) = (base + ".eml", base + ".err")
        defer {
            try? FileManager.default.removeItem(atPath: inputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        guard FileManager.default.createFile(atPath: inputPath, contents: Data(message.message.utf8), attributes: [.posixPermissions: 0o600]),
              FileManager.default.createFile(atPath: errorPath, contents: nil, attributes: [.posixPermissions: 0o600]),
              let input = FileHandle(forReadingAtPath: inputPath), let errors = FileHandle(forWritingAtPath: errorPath) else {
            throw DeliveryRefused(reason: "cannot stage the message in \(NSTemporaryDirectory())")
        }
        defer {
            try? input.close()
            try? errors.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst()) + ["-t", "-i"]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch {
            throw DeliveryRefused(reason: "cannot start \(command[0]): \(error.localizedDescription)")
        }
        let timer = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeoutSeconds), execute: timer)
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let said = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            let how = process.terminationReason == .exit ? "exit \(process.terminationStatus)" : "stopped after \(timeoutSeconds) s"
            let detail = said.split(separator: "\n").last.map { ": \($0)" } ?? ""
            throw DeliveryRefused(reason: "\(command[0]) \(how)\(detail)")
        }
    }
}

/// `--outbox DIR`: each message as `<message-id>.eml`, for boards without mail and for review.
public struct DirectoryTransport: MailTransport {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func send(_ message: OutboxMessage) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let name = message.messageID.map { $0.isLetter || $0.isNumber || "._-@".contains($0) ? $0 : "_" }
            try Data(message.message.utf8).write(to: URL(fileURLWithPath: "\(directory)/\(String(name)).eml"), options: .atomic)
        } catch {
            throw DeliveryRefused(reason: "cannot write to \(directory): \(error.localizedDescription)")
        }
    }
}

/// What one delivery pass did.
public struct DeliveryOutcome: Sendable {
    public var sent = 0
    /// Refused this pass and left pending for the next run (message id, recipient, reason).
    public var refused: [(messageID: String, recipient: String, reason: String)] = []
    /// Refused with the attempts used up: reported, not retried.
    public var failed: [(messageID: String, recipient: String, reason: String)] = []
    /// Still waiting after this pass.
    public var waiting = 0
    /// Another delivery held the lock: this one sent nothing.
    public var busy = false

    public var allDelivered: Bool { refused.isEmpty && failed.isEmpty }

    public var summary: String {
        if busy { return "mail: another delivery is running; \(waiting) waiting" }
        return "mail: \(sent) sent, \(refused.count) refused (pending, retried next run), \(failed.count) failed (attempts used up), \(waiting) waiting"
    }
}

/// Sends every message waiting in the outbox once: messages are claimed one by one in id order
/// (an attempt counted and committed), handed to the transport by up to `concurrency` senders at
/// a time (sendmail mostly waits on the mail server), then marked sent or refused. One delivery
/// at a time per database (an advisory lock); a delivery killed between the transport's
/// acceptance and the mark resends that one message on the next pass (the same Message-ID).
public struct Delivery {
    public let outbox: Outbox
    public let transport: any MailTransport
    public let maxAttempts: Int
    public let concurrency: Int

    public init(outbox: Outbox, transport: any MailTransport, maxAttempts: Int, concurrency: Int = 1) {
        self.outbox = outbox
        self.transport = transport
        self.maxAttempts = maxAttempts
        self.concurrency = max(1, concurrency)
    }

    public func run() throws -> DeliveryOutcome {
        var outcome = DeliveryOutcome()
        guard try outbox.lockForDelivery() else {
            outcome.waiting = try outbox.waiting()
            outcome.busy = true
            return outcome
        }
        let finished = Finished()
        let slots = DispatchSemaphore(value: concurrency)
        let done = DispatchSemaphore(value: 0)
        var inFlight = 0
        func settle() throws {
            for (message, refusal) in finished.take() {
                inFlight -= 1
                if let refusal {
                    if try outbox.markRefused(message.id, error: refusal.reason, maxAttempts: maxAttempts) {
                        outcome.failed.append((message.messageID, message.recipient, refusal.reason))
                    } else {
                        outcome.refused.append((message.messageID, message.recipient, refusal.reason))
                    }
                } else {
                    try outbox.markSent(message.id)
                    outcome.sent += 1
                }
            }
        }
        // On an error, let the senders finish before the outbox goes away.
        defer { while inFlight > 0 { done.wait(); inFlight -= finished.take().count } }
        var last = 0
        while let message = try outbox.claim(after: last, maxAttempts: maxAttempts) {
            last = message.id
            slots.wait()
            try settle()
            inFlight += 1
            let transport = self.transport
            DispatchQueue.global().async {
                var refusal: DeliveryRefused?
                do { try transport.send(message) } catch let error as DeliveryRefused { refusal = error } catch {
                    refusal = DeliveryRefused(reason: "\(error)")
                }
                finished.put((message, refusal))
                done.signal()
                slots.signal()
            }
        }
        while inFlight > 0 {
            done.wait()
            try settle()
        }
        outcome.waiting = try outbox.waiting()
        return outcome
    }
}

/// Results the senders hand back to the delivering thread, which alone talks to PostgreSQL.
private final class Finished: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [(OutboxMessage, DeliveryRefused?)] = []

    func put(_ result: (OutboxMessage, DeliveryRefused?)) {
        lock.lock()
        results.append(result)
        lock.unlock()
    }

    func take() -> [(OutboxMessage, DeliveryRefused?)] {
        lock.lock()
        defer { lock.unlock() }
        let taken = results
        results = []
        return taken
    }
}
