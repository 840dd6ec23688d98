import Foundation
import HummingbirdTesting
import Hummingbird
import Logging
import PeerServer
import PeerStore
import PeerTestSupport
import Testing

/// `GET /metrics`: requests counted by route pattern, method and status through swift-metrics into
/// swift-prometheus' registry, in Prometheus' text format; never a key, a number or a name.
@Suite(.serialized) struct MetricsEndpointTests {
    /// swift-metrics is bootstrapped once per process, as `peercert serve` does.
    static let registry = MetricsExport.bootstrap()

    @Test func requestsAreCountedByRoutePatternAndNothingElse() async throws {
        let fixture = try VerificationAPITests.fixture("apimetrics")
        defer { fixture.database.drop() }
        let pool = DatabasePool(conninfo: fixture.database.conninfo, size: 2)
        defer { Task { try? await pool.shutdown() } }
        let api = VerificationAPI(pool: pool, settings: .init(), logger: Logger(label: "peercert.serve"), metrics: Self.registry)
        let app = Application(router: try api.router())
        try await app.test(.router) { client in
            let auth = VerificationAPITests.bearer(fixture.key)
            for _ in 0..<3 {
                try await client.execute(uri: "/v1/credentials/GA/CPS-AD/GA-1001", method: .get, headers: auth) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/v1/credentials/GA/CPS-AD/NOPE-1", method: .get, headers: auth) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let text = String(buffer: response.body)
                let answered = text.split(separator: "\n").filter {
                    $0.hasPrefix("hb_requests{") && $0.contains(#"http_route="/v1/credentials/{state}/{credential}/{number}""#)
                }
                #expect(answered.contains { $0.contains(#"http_response_status_code="200""#) && $0.hasSuffix(" 3") }, "\(text)")
                #expect(answered.contains { $0.contains(#"http_response_status_code="404""#) && $0.hasSuffix(" 1") }, "\(text)")
                #expect(text.contains("# TYPE http_server_request_duration histogram"), "\(text)")
                for secret in ["GA-1001", "NOPE-1", fixture.key, "Acme", "Ada"] + VerificationAPITests.secrets {
                    #expect(!text.contains(secret), "the metrics carry \(secret)")
                }
            }
            try await client.execute(uri: "/metrics", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
        }
    }
}
