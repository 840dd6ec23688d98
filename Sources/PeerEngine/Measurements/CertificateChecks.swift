import PeerRules

/// The certificate's recorded status, when it decides the credential alone.
public enum CertificateStatus: Sendable, Equatable {
    case unknown(String)
    case revoked
    case suspended
    case issueDateMissing
    case issuedAfterAsOf(Day, asOf: Day)
}

/// The certificate's period on the as-of date.
public enum CertificatePeriod: Sendable, Equatable {
    /// The board recorded it expired (with its expiry date when one is recorded and not yet past).
    case recordedExpired(expiresOn: Day?)
    /// Active, with no expiry date on record.
    case noExpiryDate
    case lapsed(on: Day, daysAgo: Int)
    /// Lapses inside the horizon (0 days: after today).
    case lapses(on: Day, inDays: Int)
    case valid(until: Day)
}

/// No rule version in force on the day a credential must be judged on.
public struct NoRuleVersion: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable { case issueDate, application, renewal }
    /// Why: the credential's shared definition has no version that day, or its file's earliest
    /// version starts later, or it has none.
    public enum Cause: Sendable, Equatable {
        case sharedDefinition(String)
        case earliestVersion(Day)
        case noVersions
    }
    public let file: String
    public let day: Day
    public let purpose: Purpose
    public let cause: Cause
}
