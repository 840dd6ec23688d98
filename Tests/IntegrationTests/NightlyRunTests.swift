import Foundation
import InMemoryLogging
import Logging
import PGClient
import PeerReports
import PeerRules
import PeerRun
import PeerStore
import PeerSynthetic
import PeerTestSupport
import Testing

/// The run pipeline called as a library (no process), its log captured in memory.
@Suite struct NightlyRunTests {
    static let asOf = Day(iso: "2026-03-01")!

    /// A fresh database seeded with `workers` synthetic workers, and a report parent to remove.
    static func seeded(_ label: String, workers: Int, seed: UInt64) throws -> (TestDatabase, PGConnection, out: String) {
        let database = try TestDatabase.fresh(label)
        let connection = try database.connect()
        let book = try RuleLoader.load(directory: database.repositoryRoot + "/rules")
        _ = try Seeder.seed(connection, workers: workers, population: SyntheticPopulation(seed: seed, book: book, asOf: asOf), book: book,
                            asOf: asOf)
        return (database, connection, NSTemporaryDirectory() + "peercert-\(label)-" + UUID().uuidString)
    }

    @Test func aRunLogsItsPhasesAndNothingOfAnyWorker() throws {
        let (database, connection, out) = try Self.seeded("pipeline", workers: 700, seed: 5)
        let asOf = Self.asOf
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }

        let handler = InMemoryLogHandler()
        let run = NightlyRun(RunConfiguration(conninfo: database.runner, rulesDirectory: database.repositoryRoot + "/rules", asOf: asOf,
                                              outputParent: out, toolVersion: "test"),
                             logger: Logger(label: "peercert.run") { _ in handler })
        let summary = try run.execute()
        #expect(summary.counts.workers == 700)
        #expect(summary.counts.credentials > 700)
        // Reading and evaluation ran on two threads, yet the order is the reader's: worker id.
        let ids = try CSVLines.column("worker_id", of: summary.reportDirectory + "/credentials.csv").compactMap { Int($0) }
        #expect(ids == ids.sorted())
        let holders = try connection.execute("SELECT count(DISTINCT worker_id) FROM peercert.certifications").scalar
        #expect(String(Set(ids).count) == holders)

        let messages = handler.entries.map(\.message.description)
        #expect(messages == ["rules loaded", "run started", "reading and evaluating", "evaluated", "reports finished", "changes and board report written",
                             "public credentials published", "results committed", "run succeeded"])
        let text = handler.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        // No lived-experience kind, recovery date, worker record or finding text in the log.
        for forbidden in ["mental_health", "substance_use", "recovery", "lived", "since", "worker_id", "training_records#", "score"] {
            #expect(!text.contains(forbidden), "the log mentions \(forbidden)")
        }
        #expect(handler.entries[3].metadata["workers"] == "700")
    }

    /// When the report directory cannot be published after the commit, the run takes its results
    /// back: every result table, and the reminders it planned but never sent, which the next run
    /// plans again.
    @Test func aRunThatCannotPublishLeavesNoResultsAndNoReminders() throws {
        let (database, connection, out) = try Self.seeded("withdraw", workers: 300, seed: 4)
        let asOf = Self.asOf
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        func night(blocking: Bool) -> NightlyRun {
            // Right after the commit, something takes the run directory's final name.
            let blocker = BlockingLogHandler { message, metadata in
                guard blocking, message == "results committed", let run = metadata["run_id"] else { return }
                try? FileManager.default.createDirectory(atPath: "\(out)/\(asOf)-run\(run)/taken", withIntermediateDirectories: true)
            }
            return NightlyRun(RunConfiguration(conninfo: database.runner, rulesDirectory: database.repositoryRoot + "/rules", asOf: asOf,
                                               outputParent: out, toolVersion: "test", notices: NoticeSettings(),
                                               outboxDirectory: out + "/outbox"),
                              logger: Logger(label: "peercert.run") { _ in blocker })
        }
        // A first run gives the failed one something to compare with (changes) and leaves nothing due.
        let first = try night(blocking: false).execute()
        try connection.execute("TRUNCATE peercert.outbox, peercert.reminders")
        let publishedByFirst = try Self.publishedRuns(connection)
        #expect(publishedByFirst.map(\.run) == [first.runID])

        #expect(throws: ReportError.self) { try night(blocking: true).execute() }
        let failed = try #require(try connection.execute("SELECT max(id) FROM peercert.runs").scalar.flatMap { Int($0) })
        #expect(try connection.execute("SELECT status FROM peercert.runs WHERE id = $1", [failed]).scalar == "failed")
        for table in ResultWriter.resultTables + ["outbox", "reminders"] {
            #expect(try connection.execute("SELECT count(*) FROM peercert.\(table) WHERE run_id = $1", [failed]).scalar == "0", "\(table)")
        }
        // Employers see the first night's credentials again, as they were.
        #expect(try Self.publishedRuns(connection) == publishedByFirst)
        let again = try night(blocking: false).execute()
        #expect((again.reminders?.messages ?? 0) > 0)
        #expect(try Self.publishedRuns(connection).map(\.run) == [again.runID])
    }

    /// The runs employers' view shows credentials of, with how many each.
    static func publishedRuns(_ connection: PGConnection) throws -> [PublishedRun] {
        try connection.execute("SELECT run_id, count(*) FROM peercert.public_credentials GROUP BY run_id ORDER BY run_id")
            .rows.map { PublishedRun(run: $0.int(0) ?? 0, credentials: $0.int(1) ?? 0) }
    }

    struct PublishedRun: Equatable {
        let run: Int
        let credentials: Int
    }

    /// A database migrated before publishing moved beside the run: the run stops before it reads
    /// anything, asks for the migration, and leaves a failed run row and no report directory.
    @Test func aSchemaWithoutThePublicationFunctionsAsksForTheMigration() throws {
        let (database, connection, out) = try Self.seeded("unmigrated", workers: 20, seed: 6)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        try connection.execute("DROP FUNCTION peercert.prepare_public_credentials()")
        let run = NightlyRun(RunConfiguration(conninfo: database.runner, rulesDirectory: database.repositoryRoot + "/rules", asOf: Self.asOf,
                                              outputParent: out, toolVersion: "test"),
                             logger: Logger(label: "peercert.run") { _ in InMemoryLogHandler() })
        #expect { try run.execute() } throws: { ($0 as? StoreError)?.code == .notMigrated && "\($0)".contains("peercert db migrate") }
        #expect(try connection.execute("SELECT status FROM peercert.runs").scalar == "failed")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).isEmpty, "a report or .partial directory was left")
    }
}

/// Calls `onMessage` for each log line (to act at a given phase of a run); prints nothing.
struct BlockingLogHandler: LogHandler {
    let onMessage: @Sendable (String, [String: String]) -> Void
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    init(_ onMessage: @escaping @Sendable (String, [String: String]) -> Void) { self.onMessage = onMessage }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        onMessage(event.message.description, metadata.merging(event.metadata ?? [:]) { $1 }.mapValues(\.description))
    }
}

/// One column of a CSV file whose cells hold no commas or quotes (ids, codes).
enum CSVLines {
    static func column(_ name: String, of path: String) throws -> [String] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let index = try #require(header.firstIndex(of: Substring(name)))
        return lines.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[index]) }
    }
}
