import ArgumentParser

@main
struct PeerCert: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "peercert",
        abstract: "Nightly compliance checks of peer-support certifications against per-state rule files.",
        discussion: """
            Connects with libpq: --database takes a conninfo string or a postgresql:// URI; without it, \
            PGHOST, PGPORT, PGDATABASE, PGUSER, PGSERVICE and ~/.pgpass apply.

            Exit codes: 0 ok, 1 rule test cases failed, 64 usage, 65 invalid rule files, 66 missing input files, \
            69 database unavailable, 70 internal or SQL error, 73 cannot write reports, 75 another run in progress \
            (or a table locked past --lock-timeout, or a night's shards not all succeeded), 76 a reminder could not \
            be mailed (it stays pending), 78 schema not migrated or invalid settings file, 130 stopped by SIGINT, \
            143 stopped by SIGTERM (the run is marked failed; nothing is published). `verify` with one question: \
            0 valid, 1 not valid, 2 not found, 3 ambiguous (see `peercert help verify`). docs/operating.md has the table.
            """,
        version: version,
        subcommands: [Database.self, Seed.self, Run.self, Finalize.self, Deliver.self, Runs.self, Explain.self, Rules.self, Reciprocity.self, Verify.self, Keys.self, Serve.self]
    )
}

/// Options every database command shares.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: "libpq conninfo or postgresql:// URI (default: libpq's PG* environment).")
    var database: String?
}

struct RulesOptions: ParsableArguments {
    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"
}
