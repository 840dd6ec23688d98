import PeerRules

/// What a finding is about: a requirement of the rules, or one of the checks the engine makes of
/// the certificate itself. Typed, so no rule id can pass for a certificate check (a requirement
/// named `certification.period` in a rule file is still a requirement).
public enum FindingSubject: Hashable, Sendable {
    /// A requirement of the rule file, by id (an endorsement's requirements as `endorsement.<id>.<requirement>`).
    case requirement(String)
    case certificationStatus
    case certificationPeriod
    case certificationLevel
    /// A certificate level's maximum term (a provisional certificate), by level id.
    case levelTerm(String)
    /// No rule version in force on the day judged.
    case ruleVersion
    /// No rule file for the credential.
    case unknownCredential
    /// An endorsement the rules do not define, by name.
    case unknownEndorsement(String)
    /// An input value that means nothing to the rules, by row and column (`training_records#7.completed_on`).
    case unreadableValue(RecordRef, column: String)

    /// The id written in reports: a requirement's own id, or the check's fixed name.
    public var id: String {
        switch self {
        case .requirement(let id): id
        case .certificationStatus: "certification.status"
        case .certificationPeriod: "certification.period"
        case .certificationLevel: "certification.level"
        case .levelTerm(let level): "level.\(level).term"
        case .ruleVersion: "rules.version"
        case .unknownCredential: "rules"
        case .unknownEndorsement(let name): "endorsement.\(name)"
        case .unreadableValue(let ref, let column): "input.\(ref).\(column)"
        }
    }

    /// A key no two subjects share: a requirement's id, or `@` and the check's name (no rule id starts
    /// with `@`). Used where findings are listed by id alone (`met`, the results' compact verdicts).
    public var key: String {
        // The fixed checks as literals: every credential has one, and "@" + id would build a string each time.
        switch self {
        case .requirement(let id): id
        case .certificationStatus: "@certification.status"
        case .certificationPeriod: "@certification.period"
        case .certificationLevel: "@certification.level"
        case .ruleVersion: "@rules.version"
        case .unknownCredential: "@rules"
        case .levelTerm, .unknownEndorsement, .unreadableValue: "@" + id
        }
    }

    /// The subject `key` names (nil for a key no subject has): how committed results are read back.
    public init?(key: String) {
        guard key.hasPrefix("@") else {
            self = .requirement(key)
            return
        }
        let id = key.dropFirst()
        switch id {
        case "certification.status": self = .certificationStatus
        case "certification.period": self = .certificationPeriod
        case "certification.level": self = .certificationLevel
        case "rules.version": self = .ruleVersion
        case "rules": self = .unknownCredential
        case _ where id.hasPrefix("level.") && id.hasSuffix(".term"):
            self = .levelTerm(String(id.dropFirst("level.".count).dropLast(".term".count)))
        case _ where id.hasPrefix("endorsement."):
            self = .unknownEndorsement(String(id.dropFirst("endorsement.".count)))
        case _ where id.hasPrefix("input."):
            // input.<table>#<id>.<column>: table and column names hold neither `#` nor `.`.
            let rest = id.dropFirst("input.".count)
            guard let hash = rest.firstIndex(of: "#"), let dot = rest[hash...].firstIndex(of: "."),
                  let row = Int(rest[rest.index(after: hash)..<dot]) else { return nil }
            self = .unreadableValue(RecordRef(table: String(rest[..<hash]), id: row), column: String(rest[rest.index(after: dot)...]))
        default:
            return nil
        }
    }

    /// The subject's type as reports write it, so readers can tell a requirement from a check with the same id.
    public var type: String {
        switch self {
        case .requirement: "requirement"
        case .certificationStatus: "certification_status"
        case .certificationPeriod: "certification_period"
        case .certificationLevel: "certification_level"
        case .levelTerm: "level_term"
        case .ruleVersion: "rule_version"
        case .unknownCredential: "unknown_credential"
        case .unknownEndorsement: "unknown_endorsement"
        case .unreadableValue: "unreadable_value"
        }
    }
}

extension FindingSubject {
    /// The kind written for a check of the engine's own (a requirement's kind is its rule's).
    var checkKind: String {
        switch self {
        case .requirement: "requirement"
        case .certificationStatus, .certificationPeriod, .certificationLevel: "certification"
        case .levelTerm: "level"
        case .ruleVersion, .unknownCredential: "rules"
        case .unknownEndorsement: "endorsement"
        case .unreadableValue: "data"
        }
    }
}
