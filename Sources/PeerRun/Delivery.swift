import Foundation
import PeerStore

/// Hands one message to the mail system.
public protocol MailTransport {
    /// Throws `DeliveryRefused` with what the mail system said.
    func send(_ message: OutboxMessage) throws
}

public struct DeliveryRefused: Error, CustomStringConvertible {
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

    public func send(_ message: OutboxMessage) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst()) + ["-t", "-i"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch {
            throw DeliveryRefused(reason: "cannot start \(command[0]): \(error.localizedDescription)")
        }
        let timer = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeoutSeconds), execute: timer)
        try? input.fileHandleForWriting.write(contentsOf: Data(message.message.utf8))
        try? input.fileHandleForWriting.close()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
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

    public var allDelivered: Bool { refused.isEmpty && failed.isEmpty }

    public var summary: String {
        "mail: \(sent) sent, \(refused.count) refused (pending, retried next run), \(failed.count) failed (attempts used up), \(waiting) waiting"
    }
}

/// Sends every message waiting in the outbox once: each is claimed (an attempt counted and
/// committed), handed to the transport, then marked sent or refused. A delivery killed between
/// the transport's acceptance and the mark resends that one message on the next pass (the same
/// Message-ID): the window is the time of one UPDATE.
public struct Delivery {
    public let outbox: Outbox
    public let transport: any MailTransport
    public let maxAttempts: Int

    public init(outbox: Outbox, transport: any MailTransport, maxAttempts: Int) {
        self.outbox = outbox
        self.transport = transport
        self.maxAttempts = maxAttempts
    }

    public func run() throws -> DeliveryOutcome {
        var outcome = DeliveryOutcome()
        var last = 0
        while let message = try outbox.claim(after: last, maxAttempts: maxAttempts) {
            last = message.id
            do {
                try transport.send(message)
                try outbox.markSent(message.id)
                outcome.sent += 1
            } catch let refusal as DeliveryRefused {
                if try outbox.markRefused(message.id, error: refusal.reason, maxAttempts: maxAttempts) {
                    outcome.failed.append((message.messageID, message.recipient, refusal.reason))
                } else {
                    outcome.refused.append((message.messageID, message.recipient, refusal.reason))
                }
            }
        }
        outcome.waiting = try outbox.waiting()
        return outcome
    }
}
