import Foundation
import Yams

/// The board's settings for administrators' reminders and their delivery: one YAML file, every
/// key optional (config/peercert.example.yaml documents them).
public struct NoticeSettings: Sendable, Equatable {
    /// The board's name, in the mail's sender name and text.
    public var board = "The certification board"
    /// `Name <address>` or `address`; reminders are planned but not mailed without it.
    public var from: String?
    public var replyTo: String?
    /// The sendmail program and any arguments of its own; `-t -i` is added.
    public var sendmail = ["/usr/sbin/sendmail"]
    /// Days before expiry; each (credential, threshold, expiry date) is reminded once.
    public var thresholds = [90, 60, 30]
    /// Credentials that lapsed this many days ago or less are reported too.
    public var lapsedWithinDays = 30
    /// Delivery attempts per message before it is reported failed.
    public var maxAttempts = 5
    /// Seconds a sendmail call may take before it counts as refused.
    public var sendmailTimeout = 60
    /// Messages handed to sendmail at once (it mostly waits on the mail server). Above 1, a
    /// delivery killed mid-way can resend up to this many messages: sendmail processes already
    /// started finish after their parent is gone, and nothing marks what they sent.
    public var deliveryConcurrency = 1

    public init() {}

    public static func load(path: String) throws(ConfigurationError) -> NoticeSettings {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationError(message: "cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        let document: Any?
        do { document = try Yams.load(yaml: text) } catch {
            throw ConfigurationError(message: "\(path): not valid YAML: \(error)")
        }
        var settings = NoticeSettings()
        guard let document else { return settings }
        guard let root = document as? [String: Any] else { throw ConfigurationError(message: "\(path): expected a mapping of settings") }
        func fail(_ key: String, _ expected: String) -> ConfigurationError {
            ConfigurationError(message: "\(path): `\(key)` must be \(expected)")
        }
        for (key, value) in root {
            switch key {
            case "board":
                guard let text = value as? String, !text.isEmpty else { throw fail(key, "a name") }
                settings.board = text
            case "from", "reply_to":
                guard let text = value as? String, text.contains("@") else { throw fail(key, "an email address, e.g. Board <noreply@board.example>") }
                if key == "from" { settings.from = text } else { settings.replyTo = text }
            case "sendmail":
                if let text = value as? String, !text.isEmpty {
                    settings.sendmail = [text]
                } else if let list = value as? [String], !list.isEmpty {
                    settings.sendmail = list
                } else {
                    throw fail(key, "a program path, or a list of the program and its arguments")
                }
            case "thresholds_days":
                guard let list = value as? [Int], !list.isEmpty, list.allSatisfy({ (1...3650).contains($0) }) else {
                    throw fail(key, "a list of days between 1 and 3650")
                }
                settings.thresholds = Array(Set(list)).sorted(by: >)
            case "lapsed_within_days":
                guard let days = value as? Int, (0...3650).contains(days) else { throw fail(key, "a number of days, 0 to 3650") }
                settings.lapsedWithinDays = days
            case "max_attempts":
                guard let count = value as? Int, (1...100).contains(count) else { throw fail(key, "a number from 1 to 100") }
                settings.maxAttempts = count
            case "delivery_concurrency":
                guard let count = value as? Int, (1...64).contains(count) else { throw fail(key, "a number from 1 to 64") }
                settings.deliveryConcurrency = count
            case "sendmail_timeout_seconds":
                guard let seconds = value as? Int, (1...3600).contains(seconds) else { throw fail(key, "a number of seconds, 1 to 3600") }
                settings.sendmailTimeout = seconds
            default:
                throw ConfigurationError(message: "\(path): unknown setting `\(key)` (known: board, from, reply_to, sendmail, thresholds_days, "
                                         + "lapsed_within_days, max_attempts, sendmail_timeout_seconds, delivery_concurrency)")
            }
        }
        return settings
    }
}

public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
