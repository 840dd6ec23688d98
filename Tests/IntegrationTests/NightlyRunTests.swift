import Foundation
import InMemoryLogging
import Logging
import PeerRules
import PeerRun
import PeerStore
import PeerSynthetic
import PeerTestSupport
import Testing

/// The run pipeline called as a library (no process), its log captured in memory.
@Suite struct NightlyRunTests {
    @Test func aRunLogsItsPhasesAndNothingOfAnyWorker() throws {
        let database = try TestDatabase.fresh("pipeline")
        defer { database.drop() }
        let connection = try database.connect()
        let book = try RuleLoader.load(directory: database.repositoryRoot + "/rules")
        let asOf = Day(iso: "2026-03-01")!
        _ = try Seeder.seed(connection, workers: 700, population: SyntheticPopulation(seed: 5, book: book, asOf: asOf), book: book, asOf: asOf)
        let out = NSTemporaryDirectory() + "peercert-pipeline-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }

        let handler = InMemoryLogHandler()
        let run = NightlyRun(RunConfiguration(conninfo: database.conninfo, rulesDirectory: database.repositoryRoot + "/rules", asOf: asOf,
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
        #expect(messages == ["rules loaded", "run started", "reading and evaluating", "evaluated", "changes and board report written", "results committed", "run succeeded"])
        let text = handler.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        // No lived-experience kind, recovery date, worker record or finding text in the log.
        for forbidden in ["mental_health", "substance_use", "recovery", "lived", "since", "worker_id", "training_records#", "score"] {
            #expect(!text.contains(forbidden), "the log mentions \(forbidden)")
        }
        #expect(handler.entries[3].metadata["workers"] == "700")
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
