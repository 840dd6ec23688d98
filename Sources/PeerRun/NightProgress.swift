/// What a night does once its evaluations are in, and in which order, by kind of night: a pure
/// state machine (events in, steps out) like `RunLifecycle`, so which night publishes what is
/// decided in one place and tested without a database. `RunLifecycle` decides how a night that
/// stops is undone; this decides how one that goes on is finished.
public struct NightProgress: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Every worker, on one machine.
        case whole
        /// One shard's workers: part of a night (`--night`) that a join publishes, or on its own (nil).
        case shard(night: String?)
        /// A night's join: its shards' committed results become one whole night's.
        case join
    }

    public enum State: Sendable, Equatable {
        /// Evaluations are streaming in (or, for a join, being read back).
        case evaluating
        /// Reports being finished, changes and reminders planned: the results not committed yet.
        case closing
        /// Public credentials shown to employers, then the commit.
        case publishing
        case committed
    }

    public enum Event: Sendable, Equatable {
        /// Every worker's evaluation is in.
        case evaluated
        /// The reports, changes, reminders, board's page and receipt are written.
        case closed
        case committed
    }

    public enum Step: Sendable, Equatable {
        /// The reports' files written from the evaluations alone (compliance, reciprocity).
        case finishReports
        /// Changes since the previous run of the same scope.
        case compareWithPrevious
        /// Administrators' reminders planned into the outbox, in the results' transaction.
        case planReminders
        /// The board's page and the standards page, which show the changes and reminders.
        case writeBoardPage
        case writeReceipt
        /// Employers shown this night's public credentials, in the results' transaction.
        case publishCredentials
        case commit
        /// The report directory renamed into place; `latest` pointed at it for a whole night.
        case publishDirectory(linkLatest: Bool)
        /// The planned reminders handed to the mail system, after the commit.
        case deliverReminders
        case writeMetrics
    }

    public let kind: Kind
    /// Whether the board's settings turn reminders on.
    public let remindersConfigured: Bool
    public private(set) var state: State = .evaluating

    public init(_ kind: Kind, remindersConfigured: Bool) {
        self.kind = kind
        self.remindersConfigured = remindersConfigured
    }

    /// A whole night's results are everyone's: a shard's are a part of a night, published by its join.
    public var publishes: Bool {
        switch kind {
        case .whole, .join: true
        case .shard: false
        }
    }

    /// Reminders are planned once per night: by a whole night, a join, or a shard run on its own.
    public var plansReminders: Bool {
        guard remindersConfigured else { return false }
        switch kind {
        case .whole, .join, .shard(night: nil): return true
        case .shard: return false
        }
    }

    /// Moves to the state `event` leads to and returns the steps to take for it, in order.
    public mutating func handle(_ event: Event) -> [Step] {
        switch (state, event) {
        case (.evaluating, .evaluated):
            state = .closing
            return [.finishReports, .compareWithPrevious] + (plansReminders ? [.planReminders] : []) + [.writeBoardPage, .writeReceipt]
        case (.closing, .closed):
            state = .publishing
            return (publishes ? [.publishCredentials] : []) + [.commit]
        case (.publishing, .committed):
            state = .committed
            return [.publishDirectory(linkLatest: publishes)] + (plansReminders ? [.deliverReminders] : []) + [.writeMetrics]
        default:
            preconditionFailure("night progress: \(event) cannot happen in state \(state)")
        }
    }
}
