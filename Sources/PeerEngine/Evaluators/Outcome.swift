import PeerRules

/// The days one credential is judged on, and whether the judgement is worded.
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
    /// Whether evaluators word what they judge: measured, reason, cure and a note for each evidence
    /// row. Without it a requirement is judged for its verdict and shortfalls alone (how most of a
    /// night's findings are judged: met, and written by id only).
    public let explains: Bool

    public init(asOf: Day, reference: Day, horizonEnd: Day, projectsExpiry: Bool, explains: Bool) {
        self.asOf = asOf
        self.reference = reference
        self.horizonEnd = horizonEnd
        self.projectsExpiry = projectsExpiry
        self.explains = explains
    }

    /// The same days, judged with every sentence and note.
    var explaining: EvaluationDates {
        EvaluationDates(asOf: asOf, reference: reference, horizonEnd: horizonEnd, projectsExpiry: projectsExpiry, explains: true)
    }
}

/// What an evaluator returns for one requirement, before the requirement's metadata is attached.
public struct Outcome: Sendable {
    public var verdict: Verdict
    /// The sentences; nil when judged without `explains`.
    var wording: Wording?
    public var evidence: [EvidenceNote]
    /// What is still needed; empty when met.
    public var shortfalls: [Shortfall] = []

    struct Wording: Sendable {
        var measured: String
        var reason: String
        var cure: String?
    }

    /// The sentences are built only when `dates.explains`: most requirements are met, and a met
    /// finding is written by id alone.
    init(verdict: Verdict, measured: @autoclosure () -> String, reason: @autoclosure () -> String, cure: @autoclosure () -> String?,
         evidence: [EvidenceNote], _ dates: EvaluationDates) {
        self.verdict = verdict
        wording = dates.explains ? Wording(measured: measured(), reason: reason(), cure: cure()) : nil
        self.evidence = evidence
    }

    /// The same outcome, saying what is still needed.
    func lacking(_ needs: Shortfall...) -> Outcome { lacking(needs) }

    func lacking(_ needs: [Shortfall]) -> Outcome {
        var copy = self
        copy.shortfalls += needs
        return copy
    }
}

extension Outcome {
    /// An application's met requirement whose deciding evidence stops counting on `day`, inside
    /// the horizon, is `expiring`: the board may decide after that day.
    func expiring(from day: Day?, _ what: @autoclosure () -> String, _ dates: EvaluationDates) -> Outcome {
        guard verdict == .met, dates.projectsExpiry, let day, day <= dates.horizonEnd else { return self }
        var projected = self
        projected.verdict = .expiring
        // Assigned through the optional: nothing is worded (nor `what` called) when it is nil.
        projected.wording?.reason = "met now; \(what()) no longer counts from \(day)"
        projected.wording?.cure = "complete the application before \(day)"
        projected.shortfalls = [.dueBy(day)]
        return projected
    }
}

/// Sorts each evidence row into unusable (a data error), not counted (with why), or counted. Notes
/// are kept only when the judgement is worded; the counts that decide verdicts are kept always.
struct EvidenceScreen {
    private(set) var notes: [EvidenceNote] = []
    private(set) var errors: [String] = []
    let dates: EvaluationDates
    /// Rows screened, and rows not counted for a reason other than a data error.
    private(set) var screenedCount = 0
    private(set) var skippedCount = 0

    /// Room for a note per record at once when worded (this runs for every requirement of every worker).
    init(expecting records: Int, _ dates: EvaluationDates) {
        self.dates = dates
        if dates.explains { notes.reserveCapacity(records) }
    }

    mutating func dataError(_ ref: RecordRef, _ problem: String) {
        errors.append("\(ref): \(problem)")
        screenedCount += 1
        if dates.explains { notes.append(EvidenceNote(ref, counted: false, code: .dataError, "data error: \(problem)")) }
    }

    mutating func skip(_ ref: RecordRef, _ code: EvidenceCode, _ why: @autoclosure () -> String) {
        screenedCount += 1
        skippedCount += 1
        if dates.explains { notes.append(EvidenceNote(ref, counted: false, code: code, why())) }
    }

    mutating func count(_ ref: RecordRef, _ what: @autoclosure () -> String) {
        screenedCount += 1
        if dates.explains { notes.append(EvidenceNote(ref, counted: true, code: .counted, what())) }
    }

    var hasErrors: Bool { !errors.isEmpty }
    /// No row was screened at all.
    var isEmpty: Bool { screenedCount == 0 }

    /// Screens a record's date: missing or after the as-of date is a data error; after the
    /// reference day it is not counted. Returns the date when the record may count.
    mutating func date(_ day: Day?, _ ref: RecordRef, _ label: String) -> Day? {
        // A copy: the sentences below read it while `skip` mutates the screen.
        let dates = self.dates
        guard let day else {
            dataError(ref, "\(label) date is missing")
            return nil
        }
        if day > dates.asOf {
            dataError(ref, "\(label) \(day) is after the as-of date \(dates.asOf)")
            return nil
        }
        if day > dates.reference {
            skip(ref, .afterReference, "\(label) \(day), after the credential was issued on \(dates.reference)")
            return nil
        }
        return day
    }

    /// Screens an amount of hours: missing or negative is a data error.
    mutating func hours(_ hours: Hours?, _ ref: RecordRef, _ label: String) -> Hours? {
        guard let hours else {
            dataError(ref, "\(label) is missing or unreadable")
            return nil
        }
        if hours.isNegative {
            dataError(ref, "\(label) \(hours) is negative")
            return nil
        }
        return hours
    }

    /// The outcome every evaluator gives when a record is unusable.
    func dataErrorOutcome() -> Outcome {
        Outcome(verdict: .dataError, measured: "\(quantity(errors.count, "unusable record"))",
                reason: errors.joined(separator: "; "),
                cure: "correct or remove the record\(errors.count == 1 ? "" : "s") named, then run again", evidence: notes, dates)
    }
}

/// Sums that must each stay at or above a minimum while records age out of a window: tells the
/// first day inside the horizon on which one falls short.
struct WindowedTally {
    let labels: [String]
    let minimums: [Hours]
    private(set) var sums: [Hours]
    /// The records that leave the window: the day each leaves, and its amounts, one per sum, in one
    /// flat array (no array per record: this runs for every training record of every worker).
    private var exitDays: [Day] = []
    private var exitAmounts: [Hours] = []

    init(labels: [String], minimums: [Hours]) {
        self.labels = labels
        self.minimums = minimums
        sums = Array(repeating: .zero, count: minimums.count)
    }

    /// Adds a record's amounts; `leavesOn` is the first day it no longer counts (nil: never).
    mutating func add(_ amounts: [Hours], leavesOn: Day?) {
        for index in amounts.indices { sums[index] = sums[index] + amounts[index] }
        if let leavesOn {
            exitDays.append(leavesOn)
            exitAmounts.append(contentsOf: amounts)
        }
    }

    /// Adds `amount` to the total (sum 0) and to each other sum `countsToward` accepts.
    mutating func add(_ amount: Hours, toTotalAnd countsToward: (Int) -> Bool, leavesOn: Day?) {
        if let leavesOn { exitDays.append(leavesOn) }
        for index in sums.indices {
            let share = index == 0 || countsToward(index) ? amount : .zero
            sums[index] = sums[index] + share
            if leavesOn != nil { exitAmounts.append(share) }
        }
    }

    /// Indexes of the sums below their minimum.
    var shortfalls: [Int] { minimums.indices.filter { sums[$0] < minimums[$0] } }

    /// The sums below their minimum as typed shortfalls; `measures[i]` names what sum `i` counts.
    /// The first label is the total (no scope); the others name a domain or a kind of hours.
    func hoursShortfalls(_ measures: [HoursShortfall.Measure]) -> [Shortfall] {
        shortfalls.map { index in
            let scope: String? = index == 0 || measures[index] != measures[0] ? nil : labels[index]
            return .hours(HoursShortfall(measures[index], scope: scope, missing: minimums[index] - sums[index], required: minimums[index]))
        }
    }

    /// The first day after `start`, up to `end`, on which a sum drops below its minimum.
    func firstShortfall(after start: Day, through end: Day) -> Day? {
        var running = sums
        let width = sums.count
        // Exits of one day may go in any order: running sums only fall, so the day is found either way.
        for exit in exitDays.indices.sorted(by: { exitDays[$0] < exitDays[$1] }) where exitDays[exit] > start && exitDays[exit] <= end {
            for index in 0..<width { running[index] = running[index] - exitAmounts[exit * width + index] }
            if minimums.indices.contains(where: { running[$0] < minimums[$0] }) { return exitDays[exit] }
        }
        return nil
    }
}

extension Day {
    /// The first day a record dated `self` falls outside a window of `months` months.
    func leavesWindow(ofMonths months: Int?) -> Day? {
        months.map { adding(months: $0).adding(days: 1) }
    }
}

/// "1 hour", "2 hours", "0.5 hours", "1 day": findings are read by people.
func quantity(_ amount: Hours, _ noun: String) -> String {
    "\(amount) \(noun)\(amount == Hours(1) ? "" : "s")"
}

func quantity(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
