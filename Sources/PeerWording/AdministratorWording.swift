import PeerEngine
import PeerRules

/// What an administrator reads of their workers' credentials: names, credentials, dates and needs,
/// never lived experience, scores or the board's other findings (`RenewalNeeds` holds none).
public enum AdministratorWording {
    /// "expires within 60 days", or "lapsed" (threshold 0).
    public static func status(threshold: Int) -> String { threshold == 0 ? "lapsed" : "expires within \(threshold) days" }

    /// "GA Board: 3 credentials expiring soon, 1 lapsed among your workers (as of 2026-06-01)"
    public static func subject(board: String, expiring: Int, lapsed: Int, asOf: Day) -> String {
        var parts: [String] = []
        if expiring > 0 { parts.append("\(expiring) credential\(expiring == 1 ? "" : "s") expiring soon") }
        if lapsed > 0 { parts.append("\(lapsed) lapsed") }
        return "\(board): \(parts.joined(separator: ", ")) among your workers (as of \(asOf))"
    }

    public static func greeting(_ name: String) -> String { "Dear \(name)," }

    /// The two sentences that open the message.
    public static func introduction(asOf: Day) -> [String] {
        ["As of \(asOf), these credentials of workers assigned to you expire soon or have lapsed.",
         "What each still needs before its expiry date is listed with it; the attached CSV has the same."]
    }

    /// "- Jane Doe (worker 7): GA/CPS-AD N-1, level 2, expires 2026-07-01 (expires within 30 days)"
    public static func line(_ reminder: ExpiryReminder) -> String {
        "- \(reminder.workerName) (worker \(reminder.workerID)): \(reminder.key) \(reminder.number ?? "")"
            + (reminder.level.map { ", level \($0)" } ?? "") + ", expires \(reminder.expiresOn) (\(status(threshold: reminder.threshold)))"
    }

    /// "  needs: 12 CE hours; sign the code of ethics again"
    public static func needsLine(_ reminder: ExpiryReminder) -> String { "  needs: \(reminder.needs.summary)" }

    public static let closing = "This message is sent once per credential for each reminder threshold."
}
