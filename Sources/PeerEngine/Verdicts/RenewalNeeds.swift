import PeerRules

/// What a held credential still needs before its expiry date, as an administrator may see it:
/// continuing education (in total and by topic), service and supervision hours, an ethics code to
/// sign again, a background check to renew, the renewal date.
///
/// Built only from the renewal requirements' findings (continuing education, service hours,
/// ethics, background check) and the certificate's period: never from lived experience, exams or
/// anything else the board judges, so nothing of that kind can reach an administrator.
public struct RenewalNeeds: Sendable, Equatable {
    public var renewBy: Day?
    public var continuingEducationHours: Hours?
    public var continuingEducationByTopic: [String: Hours] = [:]
    /// Trainings still to take, by CE topic (a count, whatever their hours).
    public var continuingEducationCourses: [String: Int] = [:]
    public var serviceHours: Hours?
    public var supervisionHours: Hours?
    public var signEthicsCode = false
    /// The kind of background check to renew.
    public var backgroundCheck: String?

    public init() {}

    public init(_ credential: CredentialEvaluation) {
        renewBy = credential.expiresOn
        for finding in credential.findings where finding.verdict != .met {
            switch finding.subject {
            case .certificationPeriod: break
            case .requirement where finding.requirement?.kind.isRenewalNeed ?? false: break
            default: continue
            }
            for shortfall in finding.shortfalls {
                switch shortfall {
                case .hours(let hours):
                    switch hours.measure {
                    case .continuingEducation:
                        if let topic = hours.scope {
                            continuingEducationByTopic[topic] = hours.missing
                        } else {
                            continuingEducationHours = hours.missing
                        }
                    case .service: serviceHours = hours.missing
                    case .supervision: supervisionHours = hours.missing
                    case .training, .supervisedWork: break
                    }
                case .signEthicsCode: signEthicsCode = true
                case .backgroundCheck(let kind): backgroundCheck = kind
                case .evidence(.ethicsAttestation): signEthicsCode = true
                case .evidence(.backgroundCheck): backgroundCheck = backgroundCheck ?? "any"
                case .renew(let by): renewBy = by ?? renewBy
                case let .courses(topic, missing, _): continuingEducationCourses[topic] = missing
                case .recoveryMonths, .examPass, .evidence, .dueBy, .age, .residence, .education, .disqualified, .workDays, .path: break
                }
            }
        }
    }

    public var isEmpty: Bool {
        continuingEducationHours == nil && continuingEducationByTopic.isEmpty && continuingEducationCourses.isEmpty && serviceHours == nil && supervisionHours == nil
            && !signEthicsCode && backgroundCheck == nil
    }

    /// `{"ce_hours": "12", "ce_by_topic": {"ethics": "3"}, ...}`: the `credential_results.renewal_needs` column.
    public var json: String {
        var fields: [String] = []
        func text(_ value: String?) -> String { value.map(JSONText.literal) ?? "null" }
        fields.append("\"renew_by\": \(text(renewBy?.description))")
        fields.append("\"ce_hours\": \(text(continuingEducationHours?.description))")
        fields.append("\"ce_by_topic\": {" + continuingEducationByTopic.sorted { $0.key < $1.key }
            .map { "\(JSONText.literal($0.key)): \(JSONText.literal($0.value.description))" }.joined(separator: ", ") + "}")
        fields.append("\"ce_courses\": {" + continuingEducationCourses.sorted { $0.key < $1.key }
            .map { "\(JSONText.literal($0.key)): \($0.value)" }.joined(separator: ", ") + "}")
        fields.append("\"service_hours\": \(text(serviceHours?.description))")
        fields.append("\"supervision_hours\": \(text(supervisionHours?.description))")
        fields.append("\"sign_ethics_code\": \(signEthicsCode)")
        fields.append("\"background_check\": \(text(backgroundCheck))")
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// Reads `json` back (the column, as PostgreSQL returns it).
    public init?(json: [String: Any]) {
        func hours(_ key: String) -> Hours? { (json[key] as? String).flatMap { Hours(decimal: $0) } }
        renewBy = (json["renew_by"] as? String).flatMap { Day(iso: $0) }
        continuingEducationHours = hours("ce_hours")
        for (topic, value) in json["ce_by_topic"] as? [String: String] ?? [:] {
            if let value = Hours(decimal: value) { continuingEducationByTopic[topic] = value }
        }
        for (topic, count) in json["ce_courses"] as? [String: Int] ?? [:] { continuingEducationCourses[topic] = count }
        serviceHours = hours("service_hours")
        supervisionHours = hours("supervision_hours")
        signEthicsCode = json["sign_ethics_code"] as? Bool ?? false
        backgroundCheck = json["background_check"] as? String
    }
}

/// One held credential an administrator is reminded of: whose, which, when it expires, the
/// threshold the reminder is for, and what it still needs.
public struct ExpiryReminder: Sendable {
    public let workerID: Int
    public let workerName: String
    public let certificationID: Int
    public let key: CredentialKey
    public let number: String?
    public let level: String?
    public let expiresOn: Day
    /// Days before expiry this reminder is for; 0 when the credential has lapsed.
    public let threshold: Int
    public let needs: RenewalNeeds

    public init(workerID: Int, workerName: String, certificationID: Int, key: CredentialKey, number: String?, level: String?,
                expiresOn: Day, threshold: Int, needs: RenewalNeeds) {
        self.workerID = workerID
        self.workerName = workerName
        self.certificationID = certificationID
        self.key = key
        self.number = number
        self.level = level
        self.expiresOn = expiresOn
        self.threshold = threshold
        self.needs = needs
    }
}

extension RequirementKind {
    /// Whether what a credential still needs of this kind is a renewal need an administrator (and
    /// the holder) may be told: hours, a signature, a check to renew. Never lived experience, an
    /// exam, or anything else the board alone judges. Every kind has its answer here, so a new kind
    /// does not compile until it is given one.
    public var isRenewalNeed: Bool {
        switch self {
        case .continuingEducation, .serviceHours, .ethics, .backgroundCheck: true
        case .age, .residency, .education, .livedExperience, .training, .exam, .supervisedExperience, .workExperience, .oneOf: false
        }
    }
}
