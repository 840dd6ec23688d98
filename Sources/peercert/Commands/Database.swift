import ArgumentParser
import PGClient
import PeerStore

struct Database: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "db", abstract: "Database schema.", subcommands: [Migrate.self, InputQueries.self, Prune.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply the numbered SQL migrations that are not applied yet.")

        @OptionGroup var connection: ConnectionOptions
        @Option(name: .long, help: "Directory of NNN_name.sql migration files.")
        var sqlDir: String = "sql"

        func run() throws {
            do {
                let migrations = try Migrator.migrations(in: sqlDir)
                let database = try PGConnection(connection.database)
                let applied = try Migrator.migrate(database, migrations: migrations)
                print(applied.isEmpty ? "schema up to date (\(migrations.count) migrations) on \(database.endpoint)"
                                      : "applied \(applied.joined(separator: ", ")) on \(database.endpoint)")
            } catch { throw report(error) }
        }
    }

    struct InputQueries: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "input-queries",
            abstract: "Print the queries `peercert run` streams the input with, one a line (scripts/bench COPYs them as its baseline).")

        func run() throws {
            for query in WorkerReader.inputQueries { print(query) }
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove old runs' results (findings, credential rows, run rows) so the database does not grow without bound.",
            discussion: """
                Keeps the newest --keep-runs succeeded runs (default \(RetentionPolicy.defaultKeepRuns)) and every run \
                after the oldest of them; with --keep-days, also every run started within that many days. A run \
                still `running` is never touched. Deletes in batches, each its own short transaction, so a night \
                running meanwhile is not blocked. Prints the runs removed, the rows and the bytes of row data freed \
                (reused by PostgreSQL after autovacuum; the files shrink only with VACUUM FULL). Report \
                directories on disk are left alone.
                """)

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Keep this many of the newest succeeded runs (at least 1).")
        var keepRuns: Int = RetentionPolicy.defaultKeepRuns
        @Option(help: "Also keep every run started within this many days.")
        var keepDays: Int?
        @Option(help: "Rows deleted per transaction.")
        var batchSize: Int = 10_000

        func validate() throws {
            guard keepRuns >= 1 else { throw ValidationError("--keep-runs must be at least 1: the newest succeeded run is always kept") }
            guard keepDays.map({ $0 >= 0 }) ?? true else { throw ValidationError("--keep-days must not be negative") }
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() throws {
            do {
                let history = RunHistory(connection: try PGConnection(connection.database))
                let outcome = try history.prune(RetentionPolicy(keepRuns: keepRuns, keepDays: keepDays), batchSize: batchSize)
                let removed = outcome.runs.isEmpty ? "no runs" : "\(outcome.runs.count) run\(outcome.runs.count == 1 ? "" : "s") ("
                    + outcome.runs.map(String.init).joined(separator: ", ") + ")"
                print("pruned \(removed): \(outcome.credentialRows) credential rows, \(outcome.findingRows) finding rows, "
                      + "\(outcome.bytes) bytes of row data freed")
            } catch { throw report(error) }
        }
    }
}
