import ArgumentParser
import PGClient
import PeerStore

struct Database: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "db", abstract: "Database schema.", subcommands: [Migrate.self, InputQueries.self])

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
}
