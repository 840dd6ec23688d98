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
    /// A result no waiver can cure: disqualifying background checks, of these kinds, where the state allows none.
    case disqualified(checks: [String])
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
    /// Written straight into `bytes`: every finding that is not met is encoded twice a run.
    public func appendJSON(to bytes: inout [UInt8]) {
        // The caller's buffer moves into the writer and back: appending to a shared copy would copy it.
        var writer = JSONObjectWriter()
        swap(&writer.bytes, &bytes)
        defer { swap(&writer.bytes, &bytes) }
        writer.bytes.append(UInt8(ascii: "{"))
        writer.text("type", type)
        switch self {
        case .hours(let hours):
            writer.text("measure", hours.measure.rawValue)
            writer.text("scope", hours.scope)
            writer.number("missing", hours.missing)
            writer.number("required", hours.required)
        case .recoveryMonths(let missing, let required, let metOn):
            writer.number("missing", missing)
            writer.number("required", required)
            writer.text("met_on", metOn.description)
        case .examPass(let accepted, let mark):
            writer.list("accepted", accepted)
            writer.number("mark", mark)
        case .evidence(let needed):
            writer.text("needed", needed.rawValue)
        case .dueBy(let day):
            writer.text("day", day.description)
        case .renew(let by):
            writer.text("by", by?.description)
        case .signEthicsCode(let state):
            writer.text("state", state)
        case .backgroundCheck(let kind):
            writer.text("kind", kind)
        case .age(let minimum, let maximum, let eligibleFrom):
            writer.number("minimum", minimum)
            writer.number("maximum", maximum)
            writer.text("eligible_from", eligibleFrom?.description)
        case .residence(let states):
            writer.list("states", states)
        case .education(let accepted, let orCredits):
            writer.list("accepted", accepted)
            writer.number("or_credits", orCredits)
        case .disqualified(let checks):
            writer.list("checks", checks)
        case .courses(let topic, let missing, let required):
            writer.text("topic", topic)
            writer.number("missing", missing)
            writer.number("required", required)
        case .workDays(let missing, let requiredMonths):
            writer.number("missing", missing)
            writer.number("required_months", requiredMonths)
        case .path(let id, let needs):
            writer.text("path", id)
            writer.key("needs")
            Shortfall.appendJSON(needs, to: &writer.bytes)
        }
        writer.bytes.append(UInt8(ascii: "}"))
    }

    /// A list of shortfalls as a JSON array.
    public static func appendJSON(_ shortfalls: [Shortfall], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (index, shortfall) in shortfalls.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            shortfall.appendJSON(to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A list of shortfalls as a JSON array.
    public static func json(_ shortfalls: [Shortfall]) -> String {
        var bytes: [UInt8] = []
        appendJSON(shortfalls, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The members of a JSON object, `"name":value` without spaces, comma-separated as they come.
private struct JSONObjectWriter {
    var bytes: [UInt8] = []
    private var first = true

    mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: "\":".utf8)
    }

    mutating func text(_ name: String, _ value: String?) {
        key(name)
        if let value { JSONText.appendString(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    mutating func number(_ name: String, _ value: Hours?) {
        key(name)
        bytes.append(contentsOf: (value?.description ?? "null").utf8)
    }

    mutating func number(_ name: String, _ value: Int?) {
        key(name)
        bytes.append(contentsOf: (value.map(String.init) ?? "null").utf8)
    }

    mutating func list(_ name: String, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}

extension Shortfall {
    /// Reads back what `appendJSON` wrote (an object of committed results, as decoded from JSON:
    /// numbers as their decimal text); nil for anything it did not write.
    public init?(json object: [String: Any]) {
        func text(_ key: String) -> String? { object[key] as? String }
        func texts(_ key: String) -> [String]? { object[key] as? [String] }
        func number(_ key: String) -> String? { (object[key] as? CustomStringConvertible)?.description }
        func hours(_ key: String) -> Hours? { number(key).flatMap { Hours(decimal: $0) } }
        func whole(_ key: String) -> Int? { number(key).flatMap { Int($0) } }
        func day(_ key: String) -> Day? { text(key).flatMap { Day(iso: $0) } }
        switch text("type") {
        case "hours":
            guard let measure = text("measure").flatMap(HoursShortfall.Measure.init(rawValue:)), let missing = hours("missing"),
                  let required = hours("required") else { return nil }
            self = .hours(HoursShortfall(measure, scope: text("scope"), missing: missing, required: required))
        case "recovery_months":
            guard let missing = whole("missing"), let required = whole("required"), let metOn = day("met_on") else { return nil }
            self = .recoveryMonths(missing: missing, required: required, metOn: metOn)
        case "exam_pass":
            guard let accepted = texts("accepted") else { return nil }
            self = .examPass(accepted: accepted, mark: hours("mark"))
        case "evidence":
            guard let needed = text("needed").flatMap(NeededEvidence.init(rawValue:)) else { return nil }
            self = .evidence(needed)
        case "due_by":
            guard let day = day("day") else { return nil }
            self = .dueBy(day)
        case "renew": self = .renew(by: day("by"))
        case "sign_ethics_code":
            guard let state = text("state") else { return nil }
            self = .signEthicsCode(state: state)
        case "background_check":
            guard let kind = text("kind") else { return nil }
            self = .backgroundCheck(kind: kind)
        case "age": self = .age(minimum: whole("minimum"), maximum: whole("maximum"), eligibleFrom: day("eligible_from"))
        case "residence":
            guard let states = texts("states") else { return nil }
            self = .residence(states: states)
        case "education":
            guard let accepted = texts("accepted") else { return nil }
            self = .education(accepted: accepted, orCredits: hours("or_credits"))
        case "disqualified":
            guard let checks = texts("checks") else { return nil }
            self = .disqualified(checks: checks)
        case "courses":
            guard let topic = text("topic"), let missing = whole("missing"), let required = whole("required") else { return nil }
            self = .courses(topic: topic, missing: missing, required: required)
        case "work_days":
            guard let missing = whole("missing"), let months = whole("required_months") else { return nil }
            self = .workDays(missing: missing, requiredMonths: months)
        case "path":
            guard let id = text("path"), let needs = object["needs"] as? [[String: Any]] else { return nil }
            let decoded = needs.compactMap(Shortfall.init(json:))
            guard decoded.count == needs.count else { return nil }
            self = .path(id: id, needs: decoded)
        default:
            return nil
        }
    }
}
