import PeerEngine
import PeerRules

/// A data error in words: "completed 2026-07-01 is after the as-of date 2026-06-01",
/// "unknown training domain 'x'". Columns are named as people say them.
enum DataErrorWording {
    /// The problem with the value, for a record judged by a requirement of `kind`.
    static func problem(_ error: DataError, kind: RequirementKind?) -> String {
        let (label, isDate) = name(of: error.column, in: error.ref.table)
        switch error.problem {
        case .missing:
            // Two kinds said these their own way; kept so that their reports read as before.
            if kind == .continuingEducation && error.column == "completed_on" { return "completion date is missing" }
            if kind == .serviceHours && (error.column == "period_start" || error.column == "period_end") { return "period dates are missing" }
            return isDate ? "\(label) date is missing" : "\(label) is missing or unreadable"
        case .negative(let hours): return "\(label) \(hours) is negative"
        case .afterAsOf(let day, let asOf): return "\(label) \(day) is after the as-of date \(asOf)"
        case .unknownCode(let code): return "unknown \(label) '\(code)'"
        case .unknownCodes(let first, let second): return "unknown \(label) '\(first)'/'\(second)'"
        case .notAPercentage(let score): return "\(label) \(score) is not a percentage"
        case .endsBeforeStart(let end, let start):
            return error.column == "ended_on" ? "ended \(end), before it started \(start)" : "period ends \(end), before it starts \(start)"
        }
    }

    /// "training_records#7: hours -2 is negative"
    static func line(_ error: DataError, kind: RequirementKind?) -> String { "\(error.ref): \(problem(error, kind: kind))" }

    /// What a column is called in a sentence, and whether it holds a date.
    static func name(of column: String, in table: String) -> (label: String, isDate: Bool) {
        switch column {
        case "completed_on": ("completed", true)
        case "signed_on": ("signed", true)
        case "taken_on": ("taken", true)
        case "attested_on": ("attested", true)
        case "started_on": ("started", true)
        case "ended_on": ("ended", true)
        case "period_start": ("period start", true)
        case "period_end": ("period ending", true)
        case "recovery_since": ("recovery start", true)
        case "work_hours": ("work hours", false)
        case "supervision_hours": ("supervision hours", false)
        case "domain": ("training domain", false)
        case "delivery_mode": ("delivery mode", false)
        case "level": ("education level", false)
        case "topic": ("CE topic", false)
        case "exam_code": ("exam code", false)
        case "kind": (table == "background_checks" ? "check kind or result" : "lived-experience kind", false)
        default: (column, false)
        }
    }

    /// A value PostgreSQL held that means nothing to the rules, by kind, never by value.
    static func unreadable(_ problem: UnreadableValue.Problem) -> String {
        switch problem {
        case .infinity: "infinity"
        case .negativeInfinity: "-infinity"
        case .beforeCommonEra: "a date before the common era"
        case .dateOutOfRange: "not a date between the years 1 and 9999"
        case .notANumber: "NaN"
        case .numberOutOfRange: "a number out of range"
        }
    }
}
