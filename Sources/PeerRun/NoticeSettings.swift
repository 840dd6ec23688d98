import Foundation
import PeerReports
import Yams

/// The board's settings for administrators' reminders and their delivery: one YAML file, every
/// key optional (config/peercert.example.yaml documents them).
public struct NoticeSettings: Sendable, Equatable {
    /// The board's name, in the mail's sender name and text.
    public var board = "The certification board"
    /// The sender (`Name <address>` or `address` in the file); without it, peercert@localhost
    /// under the board's name.
    public var from: MailMessage.Address?
    public var replyTo: MailMessage.Address?
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
        func number(_ key: String, _ value: Any, _ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            guard let number = value as? Int, range.contains(number) else {
                throw fail(key, "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        for (key, value) in root {
            switch key {
            case "board":
                guard let text = value as? String, !text.isEmpty else { throw fail(key, "a name") }
                settings.board = text
            case "from", "reply_to":
                // The parser the mail is written with: an address it refuses never reaches a header.
                guard let address = (value as? String).flatMap(MailMessage.Address.init(parsing:)) else {
                    throw fail(key, "an email address, e.g. Board <noreply@board.example>")
                }
                if key == "from" { settings.from = address } else { settings.replyTo = address }
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
            case "lapsed_within_days": settings.lapsedWithinDays = try number(key, value, 0...3650)
            case "max_attempts": settings.maxAttempts = try number(key, value, 1...100)
            case "delivery_concurrency": settings.deliveryConcurrency = try number(key, value, 1...64)
            case "sendmail_timeout_seconds": settings.sendmailTimeout = try number(key, value, 1...3600)
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
