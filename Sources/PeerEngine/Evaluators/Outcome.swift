import PeerRules

/// The days one credential is judged on.
public struct EvaluationDates: Sendable {
    /// The run's date: evidence dated after it is a data error.
    public let asOf: Day
    /// The day the requirements must have been met: the as-of date for an application, the issue
    /// date for a credential already held (initial requirements are met once, at certification).
    public let reference: Day
    /// The last day of the look-ahead: a requirement that lapses by then is `expiring`.
    public let horizonEnd: Day
    /// Only an application's evidence can still age out before the board decides.
    public let projectsExpiry: Bool

    public init(asOf: Day, reference: Day, horizonEnd: Day, projectsExpiry: Bool) {
        self.asOf = asOf
        self.reference = reference
        self.horizonEnd = horizonEnd
        self.projectsExpiry = projectsExpiry
    }

    /// The day an application's met requirement stops counting, when that is inside the horizon.
    func lapse(_ day: Day?) -> Day? {
        guard projectsExpiry, let day, day <= horizonEnd else { return nil }
        return day
    }
}

/// What an evaluator returns for one requirement, before the requirement is attached.
struct Outcome: Sendable {
    var verdict: Verdict
    var measurement: Measurement
    var evidence: [EvidenceUse]
    /// What is still needed; empty when met.
    var shortfalls: [Shortfall] = []

    init(_ verdict: Verdict, _ measurement: Measurement, evidence: [EvidenceUse] = [], lacking shortfalls: [Shortfall] = []) {
        self.verdict = verdict
        self.measurement = measurement
        self.evidence = evidence
        self.shortfalls = shortfalls
    }

    /// An application's met requirement whose deciding evidence stops counting on `lapsesOn`
    /// (inside the horizon) is `expiring`: the board may decide after that day.
    static func met(_ measurement: Measurement, evidence: [EvidenceUse], lapsesOn: Day?) -> Outcome {
        guard let lapsesOn else { return Outcome(.met, measurement, evidence: evidence) }
        return Outcome(.expiring, measurement, evidence: evidence, lacking: [.dueBy(lapsesOn)])
    }
}

/// Sorts each evidence row into unusable (a data error), not counted (with why), or counted,
/// recording each use in order.
struct EvidenceScreen {
    private(set) var uses: [EvidenceUse] = []
    private(set) var errors: [DataError] = []
    let dates: EvaluationDates
    /// Rows not counted for a reason other than a data error.
    private(set) var skippedCount = 0

    init(expecting records: Int, _ dates: EvaluationDates) {
        self.dates = dates
        uses.reserveCapacity(records)
    }

    mutating func dataError(_ ref: RecordRef, _ column: String, _ problem: DataProblem) {
        let error = DataError(ref, column, problem)
        errors.append(error)
        uses.append(EvidenceUse(ref, counted: false, code: .dataError, .problem(error)))
    }

    mutating func skip(_ ref: RecordRef, _ code: EvidenceCode, _ detail: EvidenceDetail = .none) {
        skippedCount += 1
        uses.append(EvidenceUse(ref, counted: false, code: code, detail))
    }

    mutating func count(_ ref: RecordRef, _ detail: EvidenceDetail) {
        uses.append(EvidenceUse(ref, counted: true, code: .counted, detail))
    }

    var hasErrors: Bool { !errors.isEmpty }
    /// No row was screened at all.
    var isEmpty: Bool { uses.isEmpty }

    /// Screens a record's date in `column`: missing or after the as-of date is a data error; after
    /// the reference day it is not counted. Returns the date when the record may count.
    mutating func date(_ day: Day?, _ ref: RecordRef, _ column: String) -> Day? {
        guard let day else {
            dataError(ref, column, .missing)
            return nil
        }
        if day > dates.asOf {
            dataError(ref, column, .afterAsOf(day, asOf: dates.asOf))
            return nil
        }
        if day > dates.reference {
            skip(ref, .afterReference, .dated(column: column, day))
            return nil
        }
        return day
    }

    /// Screens an amount of hours in `column`: missing or negative is a data error.
    mutating func hours(_ hours: Hours?, _ ref: RecordRef, _ column: String) -> Hours? {
        guard let hours else {
            dataError(ref, column, .missing)
            return nil
        }
        if hours.isNegative {
            dataError(ref, column, .negative(hours))
            return nil
        }
        return hours
    }

    /// The outcome every evaluator gives when a record is unusable.
    func dataErrorOutcome() -> Outcome {
        Outcome(.dataError, .unusableRecords(errors), evidence: uses)
    }
}

extension Day {
    /// The first day a record dated `self` falls outside a window of `months` months.
    func leavesWindow(ofMonths months: Int?) -> Day? {
        months.map { adding(months: $0).adding(days: 1) }
    }
}
