import PeerRules

/// What a person still has to do or show for a requirement that is not met, or met only until a
/// day. Every report that says what someone needs (an administrator's expiry list, a transfer's
/// additions, a cure) reads this, never the English of a finding.
public enum Shortfall: Sendable, Hashable {
    /// Hours missing of hours required.
    case hours(HoursShortfall)
    /// Months in recovery missing of the minimum; met on `metOn` if recovery continues.
    case recoveryMonths(missing: Int, required: Int, metOn: Day)
    /// No passing attempt at one of the accepted exams (with the pass mark, if any).
    case examPass(accepted: [String], mark: Hours?)
    /// An evidence record the requirement needs is not on file.
    case evidence(NeededEvidence)
    /// What else is listed must be done by this day (the end of a renewal cycle, or the day older
    /// evidence stops counting).
    case dueBy(Day)
    /// The credential itself to renew: by its expiry date, or (nil) at once, as it has lapsed.
    case renew(by: Day?)
    /// The state's code of ethics to sign (again).
    case signEthicsCode(state: String)
    /// A background check to complete, renew, or have the board decide on.
    case backgroundCheck(kind: String)
    /// Outside the age bounds; eligible from a day when only too young.
    case age(minimum: Int?, maximum: Int?, eligibleFrom: Day?)
    /// Must live or work in one of these states.
    case residence(states: [String])
    /// An education level the rule accepts (or the college credits it takes instead).
    case education(accepted: [String], orCredits: Hours?)
    /// A result no waiver can cure (a disqualifying background check where the state allows none).
    case disqualified(reason: String)
    /// Trainings on a topic still to complete in a cycle (a count, whatever their hours).
    case courses(topic: String, missing: Int, required: Int)
    /// Days of employment still missing of the months required.
    case workDays(missing: Int, requiredMonths: Int)
    /// One alternative path of a `one_of` requirement, with what it still lacks: a finding met by
    /// no path lists every path, so the person can choose which to complete.
    case path(id: String, needs: [Shortfall])
}

public struct HoursShortfall: Sendable, Hashable {
    public enum Measure: String, Sendable, CaseIterable {
        case training
        case continuingEducation = "continuing_education"
        case supervisedWork = "supervised_work"
        case supervision
        case service
    }
    public let measure: Measure
    /// The training domain or CE topic; nil for the total.
    public let scope: String?
    public let missing: Hours
    public let required: Hours

    public init(_ measure: Measure, scope: String? = nil, missing: Hours, required: Hours) {
        self.measure = measure
        self.scope = scope
        self.missing = missing
        self.required = required
    }
}

/// Evidence records a requirement can find missing.
public enum NeededEvidence: String, Sendable, CaseIterable {
    case birthDate = "birth_date"
    case residenceOrWorkState = "residence_or_work_state"
    case education
    case livedExperienceAttestation = "lived_experience_attestation"
    case recoveryStart = "recovery_start"
    case trainingRecords = "training_records"
    case examResult = "exam_result"
    case supervisedExperience = "supervised_experience"
    case ethicsAttestation = "ethics_attestation"
    case backgroundCheck = "background_check"
    case boardDecision = "board_decision"
    case employment
}

extension Shortfall {
    /// Kind of shortfall as reports write it.
    public var type: String {
        switch self {
        case .hours: "hours"
        case .recoveryMonths: "recovery_months"
        case .examPass: "exam_pass"
        case .evidence: "evidence"
        case .dueBy: "due_by"
        case .renew: "renew"
        case .signEthicsCode: "sign_ethics_code"
        case .backgroundCheck: "background_check"
        case .age: "age"
        case .residence: "residence"
        case .education: "education"
        case .disqualified: "disqualified"
        case .courses: "courses"
        case .workDays: "work_days"
        case .path: "path"
        }
    }
}

extension Shortfall {
    /// The shortfall as a JSON object, for the reports and the results table alike (one encoding).
    public func appendJSON(to bytes: inout [UInt8]) {
        var fields: [(String, String)] = [("type", JSONText.literal(type))]
        func text(_ value: String?) -> String { value.map(JSONText.literal) ?? "null" }
        func number(_ value: Hours?) -> String { value.map(\.description) ?? "null" }
        func list(_ values: [String]) -> String { "[" + values.map(JSONText.literal).joined(separator: ",") + "]" }
        switch self {
        case .hours(let hours):
            fields += [("measure", text(hours.measure.rawValue)), ("scope", text(hours.scope)),
                       ("missing", number(hours.missing)), ("required", number(hours.required))]
        case .recoveryMonths(let missing, let required, let metOn):
            fields += [("missing", "\(missing)"), ("required", "\(required)"), ("met_on", text(metOn.description))]
        case .examPass(let accepted, let mark):
            fields += [("accepted", list(accepted)), ("mark", number(mark))]
        case .evidence(let needed):
            fields += [("needed", text(needed.rawValue))]
        case .dueBy(let day):
            fields += [("day", text(day.description))]
        case .renew(let by):
            fields += [("by", text(by?.description))]
        case .signEthicsCode(let state):
            fields += [("state", text(state))]
        case .backgroundCheck(let kind):
            fields += [("kind", text(kind))]
        case .age(let minimum, let maximum, let eligibleFrom):
            fields += [("minimum", minimum.map(String.init) ?? "null"), ("maximum", maximum.map(String.init) ?? "null"),
                       ("eligible_from", text(eligibleFrom?.description))]
        case .residence(let states):
            fields += [("states", list(states))]
        case .education(let accepted, let orCredits):
            fields += [("accepted", list(accepted)), ("or_credits", number(orCredits))]
        case .disqualified(let reason):
            fields += [("reason", text(reason))]
        case .courses(let topic, let missing, let required):
            fields += [("topic", text(topic)), ("missing", "\(missing)"), ("required", "\(required)")]
        case .workDays(let missing, let requiredMonths):
            fields += [("missing", "\(missing)"), ("required_months", "\(requiredMonths)")]
        case .path(let id, let needs):
            fields += [("path", text(id)), ("needs", Shortfall.json(needs))]
        }
        bytes.append(contentsOf: ("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}").utf8)
    }

    /// A list of shortfalls as a JSON array.
    public static func json(_ shortfalls: [Shortfall]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, shortfall) in shortfalls.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            shortfall.appendJSON(to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
