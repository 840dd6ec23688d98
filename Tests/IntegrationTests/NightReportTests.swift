import Foundation
import InMemoryLogging
import Logging
import PeerEngine
import PeerReports
import PeerRules
import PeerRun
import PeerStore
import PeerTestSupport
import Testing

/// A report registered once exists for every kind of night: a whole night, and a night of three
/// shards joined, write it from the same evaluations; the standard reports of the joined night are
/// the whole night's.
@Suite struct NightReportTests {
    /// Counts what it is fed and writes it down: a report nobody ships.
    final class Tally: EvaluationSink {
        let directory: RunDirectory
        var workers = 0
        var credentials = 0
        var findingsNotMet = 0
        var transfers = 0

        init(_ directory: RunDirectory) { self.directory = directory }

        func add(_ evaluation: WorkerEvaluation) throws {
            workers += 1
            credentials += evaluation.credentials.count
            findingsNotMet += evaluation.credentials.reduce(0) { $0 + $1.findings.count { $0.verdict != .met } }
            transfers += evaluation.transfers.count + evaluation.recordedTransfers.count
        }

        func finish() throws {
            try directory.writeFile("tally.txt", "workers with results \(workers), credentials \(credentials), findings not met \(findingsNotMet), "
                                    + "transfer decisions \(transfers)\n")
        }
    }

    @Test func aReportRegisteredOnceIsWrittenForAWholeNightAndAJoinedOne() throws {
        let (database, _, out) = try NightlyRunTests.seeded("registry", workers: 400, seed: 12)
        defer { database.drop(); try? FileManager.default.removeItem(atPath: out) }
        var configuration = RunConfiguration(conninfo: database.runner, rulesDirectory: database.repositoryRoot + "/rules",
                                             asOf: NightlyRunTests.asOf, outputParent: out + "/whole", toolVersion: "test")
        configuration.reports = NightReport.standard + [NightReport { directory, _, _ in Tally(directory) }]
        let logger = Logger(label: "peercert.run") { _ in InMemoryLogHandler() }
        let whole = try NightlyRun(configuration, logger: logger).execute()

        var night = configuration
        night.outputParent = out + "/night"
        night.night = "registry-night"
        for index in 0..<3 {
            var shard = night
            shard.shard = Shard(index: index, count: 3)
            _ = try NightlyRun(shard, logger: logger).execute()
        }
        let joined = try #require(try NightlyRun(night, logger: logger).join(night: "registry-night", count: 3, onlyWhenComplete: false))

        func text(_ directory: String, _ name: String) throws -> String { try String(contentsOfFile: directory + "/" + name, encoding: .utf8) }
        // The tally counts workers with a credential or a decision: the whole night feeds it every worker read.
        let wholeTally = try text(whole.reportDirectory, "tally.txt")
        let joinedTally = try text(joined.reportDirectory, "tally.txt")
        #expect(joinedTally.contains("credentials \(whole.counts.credentials),"), "\(joinedTally)")
        #expect(wholeTally.dropFirst(wholeTally.firstIndex(of: ",")!.utf16Offset(in: wholeTally))
                == joinedTally.dropFirst(joinedTally.firstIndex(of: ",")!.utf16Offset(in: joinedTally)))
        #expect(!joinedTally.contains("transfer decisions 0"), "the seeded night has transfer requests: \(joinedTally)")
        // The standard reports of the joined night are the whole night's, row for row.
        for file in ["credentials.csv", "compliance.csv", "reciprocity.csv"] {
            #expect(try text(joined.reportDirectory, file) == text(whole.reportDirectory, file), "\(file) of the joined night differs")
        }
    }
}
