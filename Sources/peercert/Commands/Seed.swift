import ArgumentParser
import Foundation
import PGClient
import PeerRules
import PeerStore
import PeerSynthetic

struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the input tables with deterministic synthetic workers.",
        discussion: "The same --workers, --seed, --as-of and rules always give the same data. Evidence is derived from the rules in force, so most workers meet them and chosen ones just miss.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var rules: RulesOptions
    @Option(help: "How many workers.") var workers: Int = 1000
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "The date the data is made for (YYYY-MM-DD, default today UTC).") var asOf: Day?
    @Option(help: "How many program administrators the workers are assigned to.") var administrators: Int = 40

    func validate() throws {
        guard workers >= 0 else { throw ValidationError("--workers must be 0 or more") }
        guard administrators >= 1 else { throw ValidationError("--administrators must be at least 1") }
    }

    func run() throws {
        do {
            let book = try RuleLoader.load(directory: rules.rules)
            let day = asOf ?? .todayUTC
            let database = try PGConnection(connection.database)
            let started = Date()
            let summary = try Seeder.seed(database, workers: workers, population: SyntheticPopulation(seed: seed, book: book, asOf: day, administrators: administrators),
                                          book: book, asOf: day)
            let seconds = Date().timeIntervalSince(started)
            let rows = summary.rows.reduce(0) { $0 + $1.count }
            print("seeded \(workers) workers (\(rows) rows in \(summary.rows.count) tables) in \(String(format: "%.1f", seconds)) s on \(database.endpoint)")
        } catch { throw report(error) }
    }
}
