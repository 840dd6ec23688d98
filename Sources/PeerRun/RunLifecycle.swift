/// The run's lifecycle as a pure state machine (events in, actions out), so every way a run can
/// end is decided in one place and tested without a database, a disk or a signal.
///
/// A run is `succeeded` exactly when its results are committed and its report directory is in
/// place: the results commit last but one, and if publishing the directory fails after that, the
/// committed results are deleted again.
public struct RunLifecycle: Sendable {
    public enum State: Equatable, Sendable {
        /// Rules loading; nothing written anywhere yet.
        case starting
        /// The run row exists (`running`); `directory` tells whether the `.partial` directory does.
        case running(directory: Bool)
        /// Results committed with the run `succeeded`; the directory still has its temporary name.
        case committed
        case published
        case failed
    }

    public enum Event: Equatable, Sendable {
        case runRecorded
        case directoryCreated
        case resultsCommitted
        case directoryPublished
        /// Anything that stops the run: an error, or a signal (SIGTERM, SIGINT).
        case stopped
    }

    public enum Action: Equatable, Sendable {
        /// Roll back the results transaction and mark the run row `failed`.
        case markRunFailed
        /// Remove the `.partial` directory.
        case removePartialDirectory
        /// Delete the results committed under the run and mark it `failed`.
        case withdrawCommittedResults
    }

    public private(set) var state: State = .starting

    public init() {}

    /// Moves to the state `event` leads to and returns what must be done for it (only `stopped` asks for anything).
    public mutating func handle(_ event: Event) -> [Action] {
        switch (state, event) {
        case (.starting, .runRecorded):
            state = .running(directory: false)
            return []
        case (.running, .directoryCreated):
            state = .running(directory: true)
            return []
        case (.running(directory: true), .resultsCommitted):
            state = .committed
            return []
        case (.committed, .directoryPublished):
            state = .published
            return []
        case (.starting, .stopped):
            state = .failed
            return []
        case (.running(let directory), .stopped):
            state = .failed
            return directory ? [.markRunFailed, .removePartialDirectory] : [.markRunFailed]
        case (.committed, .stopped):
            state = .failed
            return [.withdrawCommittedResults, .removePartialDirectory]
        case (.published, .stopped), (.failed, _):
            // Published is final: a late signal changes nothing; a failed run stays failed.
            return []
        default:
            preconditionFailure("run lifecycle: \(event) cannot happen in state \(state)")
        }
    }
}
