import Hummingbird
import Logging
import ServiceLifecycle

/// `peercert serve`: the API on an address, until SIGTERM or SIGINT, then a graceful shutdown
/// (requests in flight finish; the database threads stop last).
public enum VerificationServer {
    public static func run(conninfo: String?, host: String, port: Int, poolSize: Int, settings: VerificationAPI.Settings,
                           logger: Logger, onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let pool = DatabasePool(conninfo: conninfo, size: poolSize)
        // The only process-wide metrics set-up: swift-metrics may be bootstrapped once.
        let api = VerificationAPI(pool: pool, settings: settings, logger: logger, metrics: MetricsExport.bootstrap())
        let app = Application(router: try api.router(),
                              configuration: .init(address: .hostname(host, port: port), serverName: "peercert"),
                              onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
                              logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            try? await pool.shutdown()
            throw error
        }
        try await pool.shutdown()
    }
}
