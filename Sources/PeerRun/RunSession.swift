import Foundation
import PeerEngine
import PeerReports
import PeerRules
import PeerStore

/// One night's writing side, the same for a whole night, a shard's run and a night's join: the
/// database side (the results writer, and the public credentials a night that publishes fills
/// beside it), the report directory, the reports registered for every night, the counts, and
/// where the night stands (`NightProgress`). Fed every worker's evaluation in worker order,
/// streamed from the input or read back from a join's parts.
final class RunSession {
    let writer: ResultWriter
    let directory: RunDirectory
    let header: RunHeader
    let book: RuleBook
    let sinks: [any EvaluationSink]
    var progress: NightProgress
    /// The public credentials being filled for a night that publishes; nil for a shard's run.
    let publication: PendingPublication?
    /// The night a shard's run is part of, or a join joined.
    let night: String?
    /// A join's parts (for the receipt).
    let parts: [NightParts.Part]?
    private(set) var counts = VerdictCounts()
    private(set) var transferDecisions = 0
    var timings: [(String, Duration)] = []

    init(writer: ResultWriter, directory: RunDirectory, header: RunHeader, book: RuleBook, progress: NightProgress,
         reports: [NightReport], detail: ReportDetail, publication: PendingPublication?, night: String?, parts: [NightParts.Part]? = nil) throws {
        self.writer = writer
        self.directory = directory
        self.header = header
        self.book = book
        self.progress = progress
        self.publication = publication
        self.night = night
        self.parts = parts
        sinks = try reports.map { try $0.make(directory, header, detail) }
    }

    /// One worker's evaluation, to every registered report.
    func add(_ evaluation: WorkerEvaluation) throws {
        counts.add(evaluation)
        transferDecisions += evaluation.transfers.count + evaluation.recordedTransfers.count
        for sink in sinks { try sink.add(evaluation) }
    }

    /// Workers read who hold no credential (a join's parts counted them; its results do not hold them).
    func addWorkers(withoutCredentials count: Int) {
        counts.addWorkers(withoutCredentials: count)
    }
}
