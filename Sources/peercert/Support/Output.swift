import Foundation

/// Writes to stdout/stderr without touching Glibc's non-Sendable globals (an error in Swift 6).
enum FileHandleOutput {
    case standardOutput, standardError

    func write(_ text: String) {
        let handle = self == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }
}

extension String {
    /// Today's date in UTC as YYYY-MM-DD.
    static var todayUTC: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    static var nowISO8601: String { ISO8601DateFormatter().string(from: Date()) }
}
