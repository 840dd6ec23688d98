import ArgumentParser
import PeerReports
import PeerRules
import PeerRun
import PeerStore

/// A date written YYYY-MM-DD, from 1900 to 2999: far enough for any certificate, and short of the
/// end of the calendar, where adding a horizon or a renewal cycle would overflow.
extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        guard let day = Day(iso: argument), day >= Day(iso: "1900-01-01")!, day <= Day(iso: "2999-12-31")! else { return nil }
        self = day
    }
}

/// `k/n`, 0 <= k < n.
extension Shard: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// `ST/CRED`, e.g. `MD/CPRS`.
extension CredentialKey: ExpressibleByArgument {
    public init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, !parts[1].isEmpty else { return nil }
        self.init(state: parts[0].uppercased(), credential: String(parts[1]))
    }
}

extension ReportDetail: ExpressibleByArgument {}

extension Day {
    /// Today in UTC, for options whose default is today.
    static var todayUTC: Day { Day(iso: String.todayUTC)! }
}
extension LogFormat: ExpressibleByArgument {}
