import Foundation
import Logging
import PeerEngine
import PeerWording
import PeerReports
import PeerRules
import PeerStore

/// What one nightly pass is asked to do.
public struct RunConfiguration: Sendable {
    public var conninfo: String?
    public var rulesDirectory: String
    public var asOf: Day
    public var horizonDays: Int
    public var outputParent: String
    public var shard: Shard
    public var detail: ReportDetail
    public var toolVersion: String
    /// Administrators' reminders: nil leaves them out (no configuration file given).
    public var notices: NoticeSettings?
    /// Write messages as .eml files here instead of handing them to sendmail.
    public var outboxDirectory: String?
    /// Lock and statement timeouts of every connection the run opens.
    public var timeouts = SessionTimeouts()
    /// A Prometheus textfile rewritten after each successful run (node_exporter's textfile collector).
    public var metricsFile: String?
    /// The night a shard's run is part of (`--night`): when its last shard succeeds, the night is joined.
    public var night: String?
    /// Where the input is read (a read replica); nil reads where the results are written.
    public var readConninfo: String?
    /// The reports every night writes (a shard's run and a night's join alike).
    public var reports: [NightReport] = NightReport.standard

    public init(conninfo: String?, rulesDirectory: String, asOf: Day, horizonDays: Int = 90, outputParent: String,
                shard: Shard = .all, detail: ReportDetail = .standard, toolVersion: String, notices: NoticeSettings? = nil,
                outboxDirectory: String? = nil) {
        self.notices = notices
        self.outboxDirectory = outboxDirectory
        self.conninfo = conninfo
        self.rulesDirectory = rulesDirectory
        self.asOf = asOf
        self.horizonDays = horizonDays
        self.outputParent = outputParent
        self.shard = shard
        self.detail = detail
        self.toolVersion = toolVersion
    }
}

/// What a finished run did, for the command's closing lines.
public struct RunSummary: Sendable, CustomStringConvertible {
    public let runID: Int
    public let asOf: Day
    public let counts: VerdictCounts
    public let seconds: Double
    public let reportDirectory: String
    /// Reminder messages planned this run, administrators without an address, and what delivery
    /// did; nil when reminders are off.
    public var reminders: ReminderRecord?
    /// Why delivery could not run at all (the database went away after the commit, say).
    public var deliveryError: String?

    /// False when a message was refused or could not be sent: the run's exit code says so.
    public var mailDelivered: Bool { deliveryError == nil && (reminders?.delivery?.allDelivered ?? true) }

    public var description: String {
        let verdicts = CredentialVerdict.allCases.compactMap { verdict in
            counts.byCredentialVerdict[verdict].map { "\($0) \(verdict.rawValue)" }
        }.joined(separator: ", ")
        return """
            run \(runID) as of \(asOf): \(counts.workers) workers, \(counts.credentials) credentials (\(verdicts)), \
            \(counts.findings) findings in \(String(format: "%.1f", seconds)) s
            reports: \(reportDirectory)
            """ + mailLine
    }

    private var mailLine: String {
        guard let reminders, reminders.messages > 0 || reminders.delivery != nil || deliveryError != nil else { return "" }
        let (planned, missing) = (reminders.messages, reminders.withoutEmail.count)
        var line = "\nreminders: \(planned) message\(planned == 1 ? "" : "s") planned, "
            + "\(missing) administrator\(missing == 1 ? "" : "s") without an email address"
        if let delivery = reminders.delivery { line += "\n" + delivery.summary }
        if let deliveryError { line += "\nmail: not delivered: \(deliveryError); `peercert deliver` retries" }
        return line
    }
}

/// One nightly pass: rules → one snapshot, streamed → evaluation → sinks → commit → publish.
///
/// The reader runs on its own thread and hands batches of workers through a bounded queue to
/// evaluation and the sinks on the calling thread: both cores work, output order is the reader's
/// (worker id), memory is a few batches. Blocking libpq calls stay on these two plain threads.
public final class NightlyRun {
    let configuration: RunConfiguration
    let logger: Logger
    let stopRequest: StopRequest
    /// Workers per batch handed from the reader to evaluation, and batches in flight. A batch of
    /// evaluations holds about a MiB: 128 rather than 256 kept peak memory 4 to 5 MiB lower at
    /// 1,000,000 workers (59 against 63 to 65 MiB) once the public rows travelled with them.
    static let batchSize = 128
    /// Two are enough to keep both threads busy; four measured no faster and 4 MiB larger at 1,000,000 workers.
    static let batchesInFlight = 2

    public init(_ configuration: RunConfiguration, logger: Logger, stopRequest: StopRequest = StopRequest()) {
        self.configuration = configuration
        self.logger = logger
        self.stopRequest = stopRequest
    }

    public func execute() throws -> RunSummary {
        let config = configuration
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = Date().formatted(.iso8601)
        var lifecycle = RunLifecycle()
        // Rules first: a bad rule file stops the run before the database or the disk is touched.
        let book = try RuleLoader.load(directory: config.rulesDirectory)
        logger.info("rules loaded", metadata: ["files": "\(book.files.count)", "credentials": "\(book.credentials.count)",
                                               "rules_digest": "\(book.digest)"])
        try checkStop()
        let timeouts = sessionTimeouts()
        let writer = try ResultWriter(conninfo: config.conninfo, asOf: config.asOf, toolVersion: config.toolVersion,
                                      rulesDigest: book.digest, shard: config.shard, night: config.night, timeouts: timeouts)
        _ = lifecycle.handle(.runRecorded)
        var runLogger = logger
        runLogger[metadataKey: "run_id"] = "\(writer.runID)"
        runLogger.info("run started", metadata: ["as_of": "\(config.asOf)", "shard": "\(config.shard)", "detail": "\(config.detail.rawValue)"])
        cleanUpAbandoned(writer, logger: runLogger)
        let policy = config.notices.map { ReminderPolicy(thresholds: $0.thresholds, lapsedWithinDays: $0.lapsedWithinDays) }
        var directory: RunDirectory?
        var publication: PendingPublication?
        do {
            let reader = try WorkerReader(conninfo: config.readConninfo ?? config.conninfo, timeouts: timeouts)
            let evaluator = Evaluator(book: book, approvals: try reader.providerApprovals(), supervisors: try reader.supervisorDirectory(),
                                      asOf: config.asOf, horizonDays: config.horizonDays)
            var progress = ProgressLine(estimatedTotal: reader.estimatedWorkerCount.map { $0 / config.shard.count })
            let name = directoryName(writer.runID, config.asOf, shard: config.shard)
            let runDirectory = try RunDirectory(parent: config.outputParent, name: name)
            directory = runDirectory
            _ = lifecycle.handle(.directoryCreated)
            let header = RunHeader(runID: writer.runID, asOf: config.asOf, horizonDays: config.horizonDays, toolVersion: config.toolVersion,
                                   rulesDigest: book.digest, startedAt: startedAt, citations: book.citationsByFile)
            let night = NightProgress(config.shard == .all ? .whole : .shard(night: config.night), remindersConfigured: config.notices != nil)
            // A whole run publishes its public credentials beside itself; a shard's run publishes nothing.
            if night.publishes {
                publication = PendingPublication(try PublicationWriter(conninfo: config.conninfo, timeouts: timeouts, runID: writer.runID,
                                                                       asOf: config.asOf))
            }
            let session = try RunSession(writer: writer, directory: runDirectory, header: header, book: book, progress: night,
                                         reports: config.reports, detail: config.detail, publication: publication, night: config.night)
            let streamStarted = clock.now
            runLogger.info("reading and evaluating", metadata: ["snapshot": "\(reader.snapshot)"])
            var findingsCopied = ContinuousClock.Instant.now
            try writer.stage(spoolDirectory: runDirectory.workingPath, needsWindow: policy?.window(asOf: config.asOf), wording: .board) { stager in
                try stream(reader, shard: config.shard, evaluator: evaluator,
                           publicRows: publication.map { PublicationRows(runID: $0.writer.runID, asOf: $0.writer.asOf) }) { batch in
                    for evaluation in batch.evaluations {
                        try stager.add(evaluation)
                        try session.add(evaluation)
                    }
                    if let rows = batch.publicRows { try publication?.writer.send(rows) }
                    progress?.update(workers: session.counts.workers)
                }
                // Indexed on its own connection while this one copies the findings.
                publication?.startIndexing()
                findingsCopied = clock.now
            }
            let streamEnded = clock.now
            progress?.finish()
            reader.close()
            runLogger.info("evaluated", metadata: ["workers": "\(session.counts.workers)", "credentials": "\(session.counts.credentials)",
                                                   "findings": "\(session.counts.findings)", "transfer_requests": "\(session.transferDecisions)",
                                                   "seconds": "\(String(format: "%.2f", (findingsCopied - streamStarted).seconds))",
                                                   "findings_copy_seconds": "\(String(format: "%.2f", (streamEnded - findingsCopied).seconds))"])
            session.timings = [("load_rules_and_connect", streamStarted - started), ("read_evaluate_write", streamEnded - streamStarted)]
            return try finish(session, lifecycle: &lifecycle, started: started, logger: runLogger)
        } catch {
            publication?.abandon(error)
            stopped(by: error, lifecycle: &lifecycle, writer: writer, directory: directory, logger: runLogger)
            throw error
        }
    }

    /// Undoes what a stopped run did, as its lifecycle says: the run row marked failed, committed
    /// results withdrawn, the `.partial` directory removed.
    func stopped(by error: any Error, lifecycle: inout RunLifecycle, writer: ResultWriter, directory: RunDirectory?, logger: Logger) {
        let reason = "\(error)"
        for action in lifecycle.handle(.stopped) {
            switch action {
            case .markRunFailed:
                if !writer.fail(reason) { logger.error("could not record the run as failed: the database is unreachable; the next run finds it running") }
            case .withdrawCommittedResults:
                if !writer.withdraw(reason) { logger.error("could not withdraw the committed results of the run; it is marked failed if the database allowed") }
            case .removePartialDirectory: directory?.abandon()
            }
        }
        logger.error("run failed", metadata: ["error": "\(reason)"])
    }

    /// The steps after the results are staged, the same for every kind of night, in the order its
    /// `NightProgress` gives: the reports finished, changes since the previous run of the scope,
    /// reminders, the board's page, the receipt, publishing (a whole night only), the commit, the
    /// directory, delivery and metrics.
    func finish(_ session: RunSession, lifecycle: inout RunLifecycle, started: ContinuousClock.Instant, logger runLogger: Logger) throws -> RunSummary {
        let config = configuration
        let clock = ContinuousClock()
        let (writer, runDirectory, header, book) = (session.writer, session.directory, session.header, session.book)
        let closing = clock.now
        var comparison: RunComparison?
        var changes: ChangesReport?
        var reminders: ReminderRecord?
        var receipt: Receipt?
        var summary: RunSummary?
        func take(_ steps: [NightProgress.Step]) throws {
            for step in steps {
                switch step {
                case .finishReports:
                    for sink in session.sinks { try sink.finish() }
                    session.timings.append(("finish_reports", clock.now - closing))
                    runLogger.info("reports finished", metadata: ["seconds": "\(String(format: "%.2f", (clock.now - closing).seconds))"])
                case .compareWithPrevious:
                    // Post-run steps over the staged results, still inside the run's transaction.
                    let compared = try writer.compareWithPrevious(ruleFiles: book.files, shard: writer.shard)
                    let report = try ChangesReport(directory: runDirectory, header: header, comparison: compared)
                    try writer.forEachChange { try report.add($0) }
                    try report.finish()
                    (comparison, changes) = (compared, report)
                case .planReminders:
                    if let settings = config.notices {
                        let policy = ReminderPolicy(thresholds: settings.thresholds, lapsedWithinDays: settings.lapsedWithinDays)
                        reminders = try planReminders(writer, settings: settings, policy: policy, directory: runDirectory)
                    }
                case .writeBoardPage:
                    let night = ClosingNight(directory: runDirectory, changes: changes!,
                                             reminders: reminders.map { (messages: $0.messages, withoutEmail: $0.withoutEmail) })
                    for sink in session.sinks { try sink.close(night) }
                    try runDirectory.writeFile("standards.html", StandardsPage.html(StandardsMatrix(book: book, day: header.asOf), book: book))
                    runLogger.info("changes and board report written", metadata: [
                        "previous_run_id": "\(comparison?.previousRunID.map(String.init) ?? "none")",
                        "changed_credentials": "\(comparison?.changedCredentials ?? 0)", "changed_rule_files": "\(comparison?.ruleFiles.count ?? 0)",
                        "reminder_messages": "\(reminders.map { String($0.messages) } ?? "off")",
                        "seconds": "\(String(format: "%.2f", (clock.now - closing).seconds))"])
                case .writeReceipt:
                    let written = Receipt(header: header, book: book, counts: session.counts, shard: writer.shard, detail: config.detail,
                                          timings: session.timings + [("changes_and_board_report", clock.now - closing)], reminders: reminders,
                                          night: session.night, parts: session.parts)
                    try written.write(to: runDirectory)
                    receipt = written
                case .publishCredentials:
                    try checkStop()
                    // Last before the commit: pointing employers' view at this night locks it until the commit.
                    if let publication = session.publication {
                        let publishStarted = clock.now
                        let published = try publication.indexed()
                        try writer.publish(publication.writer)
                        runLogger.info("public credentials published", metadata: ["credentials": "\(published)",
                                                                                   "seconds": "\(String(format: "%.2f", (clock.now - publishStarted).seconds))"])
                    }
                case .commit:
                    try checkStop()
                    let commitStarted = clock.now
                    try writer.commit(reportDir: runDirectory.finalPath, workers: session.counts.workers, credentials: session.counts.credentials,
                                      findings: session.counts.findings)
                    _ = lifecycle.handle(.resultsCommitted)
                    runLogger.info("results committed", metadata: ["seconds": "\(String(format: "%.2f", (clock.now - commitStarted).seconds))"])
                case .publishDirectory(let linkLatest):
                    try runDirectory.publish(linkLatest: linkLatest)
                    _ = lifecycle.handle(.directoryPublished)
                    let seconds = (clock.now - started).seconds
                    runLogger.info("run succeeded", metadata: ["reports": "\(runDirectory.finalPath)", "seconds": "\(String(format: "%.1f", seconds))",
                                                               "peak_rss_kib": "\(peakRSSKiB())"])
                    summary = RunSummary(runID: writer.runID, asOf: header.asOf, counts: session.counts, seconds: seconds,
                                         reportDirectory: runDirectory.finalPath)
                case .deliverReminders:
                    guard let settings = config.notices, var record = reminders else { continue }
                    summary?.reminders = record
                    // After the commit: the results stand whatever the mail system does.
                    do {
                        let deliveryStarted = clock.now
                        let outcome = try Self.deliver(settings, conninfo: config.conninfo, outboxDirectory: config.outboxDirectory)
                        record.delivery = outcome
                        summary?.reminders = record
                        receipt?.reminders = record
                        try receipt?.rewrite(in: runDirectory.finalPath)
                        runLogger.info("reminders delivered", metadata: ["sent": "\(outcome.sent)", "refused": "\(outcome.refused.count)",
                                                                         "failed": "\(outcome.failed.count)", "waiting": "\(outcome.waiting)",
                                                                         "seconds": "\(String(format: "%.2f", (clock.now - deliveryStarted).seconds))"])
                    } catch {
                        summary?.deliveryError = "\(error)"
                        runLogger.error("reminders not delivered", metadata: ["error": "\(error)"])
                    }
                case .writeMetrics:
                    guard let path = config.metricsFile, let summary else { continue }
                    // The results stand whatever happens to the metrics file: a failure to write it is logged, not fatal.
                    do {
                        try RunMetrics.write(RunMetrics.text(summary, finishedAt: Date()), to: path)
                    } catch {
                        runLogger.error("metrics file not written", metadata: ["path": "\(path)", "error": "\(error)"])
                    }
                }
            }
        }
        try take(session.progress.handle(.evaluated))
        try take(session.progress.handle(.closed))
        try take(session.progress.handle(.committed))
        return summary!
    }

    /// `<as-of>-run<id>`, with the shard for a shard's run.
    func directoryName(_ run: Int, _ asOf: Day, shard: Shard) -> String {
        "\(asOf)-run\(run)" + (shard == .all ? "" : "-shard\(shard.index)of\(shard.count)")
    }

    /// The configured timeouts, with each connection retry logged.
    func sessionTimeouts() -> SessionTimeouts {
        var timeouts = configuration.timeouts
        let retries = timeouts.retry.retries
        timeouts.retry.onRetry = { [logger] attempt, delay, error in
            logger.warning("database not answering; retrying", metadata: ["attempt": "\(attempt) of \(retries + 1)", "retry_in": "\(delay)",
                                                                        "error": "\(error)"])
        }
        return timeouts
    }

    /// Runs of this shard a killed process left `running` were marked failed when the run took its
    /// lock; their `.partial` directories go too.
    func cleanUpAbandoned(_ writer: ResultWriter, logger: Logger) {
        for stale in writer.abandoned {
            let removed = RunDirectory.removeAbandoned(parent: configuration.outputParent, name: directoryName(stale.id, stale.asOf, shard: writer.shard))
            logger.warning("marked an abandoned run failed", metadata: ["abandoned_run_id": "\(stale.id)", "partial_directory_removed": "\(removed)"])
        }
    }

    func checkStop() throws {
        if let signal = stopRequest.receivedSignal { throw RunInterrupted(signal: signal) }
    }

    /// Three stages on three threads, each handing batches to the next through a bounded queue:
    /// the reader (libpq), evaluation (pure), and `consume` (the sinks) on this thread. Order is
    /// kept; an error or a signal anywhere stops all three.
    private func stream(_ reader: WorkerReader, shard: Shard, evaluator: Evaluator, publicRows: PublicationRows?,
                        _ consume: (EvaluatedBatch) throws -> Void) throws {
        let records = BatchQueue<[WorkerRecord]>(capacity: Self.batchesInFlight)
        let evaluations = BatchQueue<EvaluatedBatch>(capacity: Self.batchesInFlight)
        let stagesDone = DispatchGroup()
        let handOver = HandOver(reader)
        stagesDone.enter()
        let readerThread = Thread {
            defer { stagesDone.leave() }
            var batch: [WorkerRecord] = []
            batch.reserveCapacity(Self.batchSize)
            do {
                try handOver.value.forEachWorker(shard: shard) { (worker: consuming WorkerRecord) in
                    batch.append(consume worker)
                    if batch.count == Self.batchSize {
                        guard records.put(batch) else { throw StageStopped() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { _ = records.put(batch) }
                records.finish()
            } catch {
                records.finish(error)
            }
        }
        stagesDone.enter()
        let evaluatorThread = Thread {
            defer { stagesDone.leave() }
            do {
                while var batch = try records.take() {
                    var evaluated = EvaluatedBatch(evaluations: [], publicRows: publicRows)
                    evaluated.evaluations.reserveCapacity(batch.count)
                    // Each record moved out of the batch in order, not copied (a copy retains each of a record's
                    // arrays): reversed through the buffer, whose swaps move, then popped from the end.
                    batch.withUnsafeMutableBufferPointer { $0.reverse() }
                    while let worker = batch.popLast() {
                        var evaluation = evaluator.evaluate(worker)
                        // Each decision written once, here: the reciprocity files, the board's page and the results take it so.
                        evaluation.recordedTransfers = evaluation.transfers.map { ReciprocityReport.written($0, name: evaluation.workerName) }
                        evaluation.transfers = []
                        // Chosen and encoded here, where each worker's record and verdicts meet.
                        evaluated.publicRows?.add(worker, evaluation)
                        evaluated.evaluations.append(evaluation)
                    }
                    guard evaluations.put(evaluated) else { throw StageStopped() }
                }
                evaluations.finish()
            } catch {
                // Downstream stopped, or the reader failed: stop the reader, pass the error on.
                records.cancel()
                evaluations.finish(error)
            }
        }
        readerThread.name = "peercert-reader"
        evaluatorThread.name = "peercert-evaluator"
        // Taken here, on the thread that owns the connections: a stop can then cancel a COPY the reader is blocked in.
        let cancelHandles = reader.cancelHandles()
        readerThread.start()
        evaluatorThread.start()
        do {
            // Wakes at least four times a second to look for a stop request, even while the reader is blocked.
            consuming: while true {
                try checkStop()
                switch try evaluations.next(waitingUntil: Date().addingTimeInterval(0.25)) {
                case .batch(let batch): try consume(batch)
                case .waiting: continue
                case .finished: break consuming
                }
            }
        } catch {
            evaluations.cancel()
            records.cancel()
            for handle in cancelHandles { handle.cancel() }
            stagesDone.wait()
            throw error
        }
        stagesDone.wait()
    }
}

/// A stage was told to stop because a later one failed or a signal arrived.
struct StageStopped: Error {}

/// Evaluated workers, with their public rows when the run publishes.
struct EvaluatedBatch: Sendable {
    var evaluations: [WorkerEvaluation]
    var publicRows: PublicationRows?
}

/// A whole run's public credentials on their way: filled beside the run on their own connection,
/// indexed there once the workers are done, shown to employers by the run's transaction.
final class PendingPublication {
    let writer: PublicationWriter
    private var indexing: BackgroundWork<Int>?

    init(_ writer: PublicationWriter) { self.writer = writer }

    /// Ends the COPY and indexes the table on a thread of its own.
    func startIndexing() {
        guard indexing == nil else { return }
        let handOver = HandOver(writer)
        indexing = BackgroundWork(name: "peercert-publication") { try handOver.value.finish() }
    }

    /// The rows published, once the table is indexed.
    func indexed() throws -> Int {
        startIndexing()
        return try indexing!.wait()
    }

    /// The run stopped: the table stays unseen (the next run recreates it).
    func abandon(_ error: any Error) {
        if let indexing {
            writer.cancel()
            _ = try? indexing.wait()
        } else {
            writer.abandon(error)
        }
    }
}
