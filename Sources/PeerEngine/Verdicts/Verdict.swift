/// The verdict on one requirement.
public enum Verdict: String, Sendable, CaseIterable {
    case met
    case notMet = "not_met"
    /// Met now, but lapses inside the horizon.
    case expiring
    /// The evidence needed to decide is missing; missing data never passes.
    case insufficientEvidence = "insufficient_evidence"
    /// A record is unusable (negative hours, a date after the as-of date, an unknown code).
    case dataError = "data_error"
    /// Not met, but the requirement is still phasing in.
    case warning
}

extension Verdict {
    /// Met, or met for now (lapsing inside the horizon, or not yet enforced).
    public var isSatisfied: Bool {
        switch self {
        case .met, .expiring, .warning: true
        case .notMet, .insufficientEvidence, .dataError: false
        }
    }

    /// `"met"`, quotes included, for writers that write a verdict for every finding.
    public var quoted: [UInt8] { Self.quotedRawValues[index] }
    private static let quotedRawValues = allCases.map { Array("\"\($0.rawValue)\"".utf8) }

    /// The verdict's place in `allCases`, for counting in arrays.
    public var index: Int {
        switch self {
        case .met: 0
        case .notMet: 1
        case .expiring: 2
        case .insufficientEvidence: 3
        case .dataError: 4
        case .warning: 5
        }
    }
}

/// The verdict on one credential (held or applied for).
public enum CredentialVerdict: String, Sendable, CaseIterable {
    case compliant
    case atRisk = "at_risk"
    case nonCompliant = "non_compliant"
    case lapsed
    case suspended
    case revoked
    /// An application that does not yet meet every requirement.
    case pending
    /// Cannot be decided: a data error, or no rule in force. The findings say which.
    case error
}

extension CredentialVerdict {
    /// The verdict's place in `allCases`, for counting in arrays.
    public var index: Int {
        switch self {
        case .compliant: 0
        case .atRisk: 1
        case .nonCompliant: 2
        case .lapsed: 3
        case .suspended: 4
        case .revoked: 5
        case .pending: 6
        case .error: 7
        }
    }

    /// The credential's verdict from its findings' verdicts, worst first: a lapsed period decides
    /// alone, then a data error, a miss, what lapses soon. Every requirement verdict has its place
    /// in the switch, so a new one does not compile until it is given one.
    static func aggregate(role: Role, findings: [Finding]) -> CredentialVerdict {
        var (dataError, miss, atRisk) = (false, false, false)
        for finding in findings {
            switch finding.verdict {
            case .met: break
            case .notMet:
                if finding.subject == .certificationPeriod { return .lapsed }
                miss = true
            case .insufficientEvidence: miss = true
            case .dataError: dataError = true
            case .expiring, .warning: atRisk = true
            }
        }
        if dataError { return .error }
        if miss {
            switch role {
            case .applicant: return .pending
            case .holder: return .nonCompliant
            }
        }
        return atRisk ? .atRisk : .compliant
    }
}

/// Holder of a credential, or applicant for one.
public enum Role: String, Sendable { case holder, applicant }
