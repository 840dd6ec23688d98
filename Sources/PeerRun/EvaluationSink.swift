import PeerEngine
import PeerReports

/// A report of a night, fed every worker's evaluation in worker order (streamed from the input,
/// or read back from a night's committed results by its join), in constant memory: tallies,
/// bounded lists, files written as it goes. Registered once (`NightReport`), it exists for every
/// kind of night.
public protocol EvaluationSink: AnyObject {
    func add(_ evaluation: WorkerEvaluation) throws
    /// Every worker is in: write what needs the evaluations alone.
    func finish() throws
    /// The night's changes and reminders are known: write what shows them.
    func close(_ night: ClosingNight) throws
}

extension EvaluationSink {
    public func finish() throws {}
    public func close(_ night: ClosingNight) throws {}
}

/// What a night knows once its changes and reminders are planned, for the reports that show them.
public struct ClosingNight {
    public let directory: RunDirectory
    public let changes: ChangesReport
    /// Reminder messages planned, and administrators without an email address; nil when reminders are off.
    public let reminders: (messages: Int, withoutEmail: [(id: Int, name: String)])?
}

extension ComplianceReport: EvaluationSink {}
extension ReciprocityReport: EvaluationSink {}

extension BoardReport: EvaluationSink {
    public func close(_ night: ClosingNight) throws {
        try write(to: night.directory, changes: night.changes, reminders: night.reminders)
    }
}
