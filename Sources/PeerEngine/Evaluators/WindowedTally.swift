import PeerRules

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
