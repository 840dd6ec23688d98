import ArgumentParser
import Logging
import PeerRun
import PeerServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Employers' read-only HTTP API over the published credentials (OpenAPI 3.1 at /openapi.json).",
        discussion: """
            GET /v1/credentials/{state}/{credential}/{number}, POST /v1/verifications, GET /healthz, GET /openapi.json. \
            Requests carry an employer's key (`peercert keys add`) as `Authorization: Bearer KEY`; every lookup is \
            audited. The access log names the route, never the credential number or a name. Stops gracefully on \
            SIGTERM or SIGINT: requests in flight finish first. Run it as a login in the peercert_verifier role (sql/roles/login.sql).
            """)

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed at start).") var port: Int = 8080
    @Option(help: "Database connections (and the threads that use them).") var pool: Int = 4
    @Option(help: "Requests a minute per API key.") var rateLimit: Int = 600
    @Option(help: "Items a POST /v1/verifications may hold.") var maxBulk: Int = 10_000
    @Option(help: "Log lines on stderr: text, or json.") var logFormat: LogFormat = .text

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard (1...64).contains(pool) else { throw ValidationError("--pool must be 1 to 64") }
        guard rateLimit >= 1 else { throw ValidationError("--rate-limit must be at least 1") }
        guard (1...100_000).contains(maxBulk) else { throw ValidationError("--max-bulk must be 1 to 100000") }
    }

    func run() async throws {
        logFormat.bootstrap()
        let logger = Logger(label: "peercert.serve")
        do {
            try await VerificationServer.run(conninfo: connection.database, host: host, port: port, poolSize: pool,
                                             settings: .init(requestsPerMinute: rateLimit, maxBulkItems: maxBulk), logger: logger) { port in
                printError("peercert: serving on http://\(host):\(port)")
            }
        } catch { throw report(error) }
    }
}
