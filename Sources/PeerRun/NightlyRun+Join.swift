import Foundation
import Logging
import PeerEngine
import PeerReports
import PeerRules
import PeerStore

extension NightlyRun {
    /// Joins a night made of `count` shards (`run --shard k/n --night LABEL`) into one whole run, once
    /// every shard's newest run of the night has succeeded on one as-of date with these rules: the
    /// parts' results become the whole run's, and only then are the night's changes, reminders,
    /// board page and public credentials made and published, and `latest` pointed at it, as for a
    /// run on one machine. Parts stay where they are (their report directories are listed in the
    /// receipt; the night's credentials.csv joins theirs).
    ///
    /// Returns nil when there is nothing to do: the night is already joined with these parts, or
    /// (`onlyWhenComplete`, how a finishing shard asks) some shard has not succeeded yet. Otherwise a
    /// night that cannot be joined is recorded as a failed run and throws `nightIncomplete`;
    /// nothing is published.
    public func join(night: String, count: Int, onlyWhenComplete: Bool) throws -> RunSummary? {
        let config = configuration
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = Date().formatted(.iso8601)
        var nightLogger = logger
        nightLogger[metadataKey: "night"] = "\(night)"
        try checkStop()
        let timeouts = sessionTimeouts()
        // A first look without the lock: a shard that finishes before the others has nothing to join.
        let glance = try NightParts.read(night: night, count: count, conninfo: config.conninfo, timeouts: timeouts)
        if glance.isJoined {
            nightLogger.info("night already joined", metadata: ["run_id": "\(glance.lastJoin?.runID ?? 0)"])
            return nil
        }
        if onlyWhenComplete && !glance.isComplete {
            nightLogger.info("night not complete yet", metadata: ["waiting_for": "\(glance.problems.joined(separator: "; "))"])
            return nil
        }
        // The whole night is judged as of its shards' date, whatever today is.
        if let asOf = glance.newest.first?.asOf, asOf != config.asOf || config.shard != .all {
            var whole = config
            whole.asOf = asOf
            whole.shard = .all
            return try NightlyRun(whole, logger: logger, stopRequest: stopRequest).join(night: night, count: count, onlyWhenComplete: onlyWhenComplete)
        }
        // Loaded here, once the configuration that joins is settled; still before anything is written.
        let book = try RuleLoader.load(directory: config.rulesDirectory)

        var lifecycle = RunLifecycle()
        let writer = try ResultWriter(conninfo: config.conninfo, asOf: config.asOf, toolVersion: config.toolVersion, rulesDigest: book.digest,
                                      night: night, parts: glance.newest.map(\.runID), timeouts: timeouts)
        _ = lifecycle.handle(.runRecorded)
        nightLogger[metadataKey: "run_id"] = "\(writer.runID)"
        cleanUpAbandoned(writer, logger: nightLogger)
        var directory: RunDirectory?
        var publication: PendingPublication?
        do {
            // Again under the lock: another shard may have joined the night, or run again, meanwhile.
            let parts = try writer.nightParts(night: night, count: count)
            if parts.isJoined {
                writer.discard()
                nightLogger.info("night joined by another process meanwhile", metadata: ["joined_run_id": "\(parts.lastJoin?.runID ?? 0)"])
                return nil
            }
            guard parts.isComplete else {
                throw StoreError(.nightIncomplete, "night \(night) cannot be joined: \(parts.problems.joined(separator: "; ")); "
                                 + "nothing was published. Run the shards named again, then `peercert finalize --night \(night) --shards \(count)`")
            }
            guard let first = parts.newest.first, first.rulesDigest == book.digest else {
                throw StoreError(.nightIncomplete, "night \(night)'s shards ran with rules \(parts.newest.first?.rulesDigest.prefix(12) ?? "?") "
                                 + "but \(config.rulesDirectory) holds \(book.digest.prefix(12)): join with the rules the shards used; nothing was published")
            }
            try writer.recordParts(parts.newest.map(\.runID))
            nightLogger.info("joining the night", metadata: ["parts": "\(parts.newest.map { "\($0.shard)=run\($0.runID)" }.joined(separator: ", "))"])
            let joinStarted = clock.now
            try writer.adopt(parts: parts.newest.map(\.runID))
            let pending = PendingPublication(try PublicationWriter(conninfo: config.conninfo, timeouts: timeouts, runID: writer.runID,
                                                                   asOf: config.asOf))
            publication = pending
            try writer.sendStoredResults(to: pending.writer)
            let runDirectory = try RunDirectory(parent: config.outputParent, name: directoryName(writer.runID, config.asOf, shard: .all))
            directory = runDirectory
            _ = lifecycle.handle(.directoryCreated)
            let header = RunHeader(runID: writer.runID, asOf: config.asOf, horizonDays: config.horizonDays, toolVersion: config.toolVersion,
                                   rulesDigest: book.digest, startedAt: startedAt, citations: book.citationsByFile)
            // The same reports as any night, fed the parts' committed results in worker order.
            let session = try RunSession(writer: writer, directory: runDirectory, header: header, book: book,
                                         progress: NightProgress(.join, remindersConfigured: config.notices != nil), reports: config.reports,
                                         detail: config.detail, publication: publication, night: night, parts: parts.newest)
            try writer.forEachStoredEvaluation { try session.add($0) }
            session.addWorkers(withoutCredentials: parts.newest.reduce(0) { $0 + $1.workers } - session.counts.workers)
            session.timings = [("load_rules_and_connect", joinStarted - started), ("join", clock.now - joinStarted)]
            return try finish(session, lifecycle: &lifecycle, started: started, logger: nightLogger)
        } catch {
            publication?.abandon(error)
            stopped(by: error, lifecycle: &lifecycle, writer: writer, directory: directory, logger: nightLogger)
            throw error
        }
    }
}
