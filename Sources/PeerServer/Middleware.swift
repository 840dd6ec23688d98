import Foundation
import Hummingbird
import Logging
import PeerStore
import PGClient
import PeerRules
import PeerVerification
import PeerWording
import Synchronization

/// The request context: who is asking, once the API key is checked.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The employer the request's API key belongs to (nil on the open endpoints). A reference, so
    /// the access log, outside the key check, can name who asked.
    let caller = Caller()
    public var employer: String? { caller.employer.withLock { $0 } }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bulk bodies are read by the route itself, with its own limit and a 413 that says it.
    public var maxUploadSize: Int { 16 << 20 }
}

/// One line per request: method, the route's pattern (never the path: it holds credential
/// numbers), status, duration, employer. Errors become problem details here, so every answer,
/// including a thrown one, is logged with the status it went out with.
struct AccessLogMiddleware: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status: HTTPResponse.Status = .internalServerError
        var employer: String?
        defer {
            let milliseconds = (ContinuousClock.now - start).seconds * 1000
            logger.info("request", metadata: [
                "method": "\(request.method.rawValue)",
                "route": "\(context.endpointPath ?? "unmatched")",
                "status": "\(status.code)",
                "ms": "\(String(format: "%.2f", milliseconds))",
                "employer": "\(employer ?? "-")",
            ])
        }
        defer { employer = context.employer }
        do {
            let response = try await next(request, context)
            status = response.status
            return response
        } catch let problem as Problem {
            status = problem.status
            return try problem.response(from: request, context: context)
        } catch let error as HTTPResponseError where error.status == .notFound && Endpoints.allowedMethod(for: request.uri.path) != nil {
            let allowed = Endpoints.allowedMethod(for: request.uri.path)!
            var problem = Problem(.methodNotAllowed, "method-not-allowed", "Method Not Allowed", detail: EmployerWording.methodNotAllowed(allowed.rawValue))
            problem.allow = allowed.rawValue
            status = problem.status
            return try problem.response(from: request, context: context)
        } catch let error as HTTPResponseError {
            // Hummingbird's own (an unknown route, a body over the limit): the same problem shape.
            status = error.status
            let problem = Problem(error.status, "http-\(error.status.code)", error.status.reasonPhrase,
                                  detail: error.status == .notFound ? EmployerWording.noSuchEndpoint : EmployerWording.notHandled)
            return try problem.response(from: request, context: context)
        } catch {
            logger.error("request failed", metadata: ["route": "\(context.endpointPath ?? "unmatched")", "error": "\(type(of: error))"])
            status = .internalServerError
            return try Problem.internalError.response(from: request, context: context)
        }
    }
}

/// Checks the API key (`Authorization: Bearer KEY`) against the stored digests on every request,
/// so a revoked key stops working at once; then applies the key's rate limit.
struct APIKeyMiddleware: RouterMiddleware {
    let pool: DatabasePool
    let limiter: RateLimiter

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { throw Problem.unauthorized }
        let key = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.count <= 200 else { throw Problem.unauthorized }
        let digest = APIKey.digestHex(key)
        let employer = try await database(pool) { try APIKeyStore(connection: $0).employer(digestHex: digest) }
        guard let employer else { throw Problem.unauthorized }
        if let wait = limiter.admit(digest) {
            var problem = Problem(.tooManyRequests, "rate-limited", "Too Many Requests",
                                  detail: EmployerWording.rateLimited(perMinute: limiter.requestsPerMinute, retryAfter: wait))
            problem.retryAfterSeconds = wait
            throw problem
        }
        context.caller.employer.withLock { $0 = employer }
        return try await next(request, context)
    }
}

final class Caller: Sendable {
    let employer: Mutex<String?> = Mutex(nil)
}

/// A token bucket per key: `requestsPerMinute` tokens, refilled continuously.
final class RateLimiter: Sendable {
    let requestsPerMinute: Int
    private struct Bucket { var tokens: Double; var updated: ContinuousClock.Instant }
    private let buckets: Mutex<[String: Bucket]> = Mutex([:])

    init(requestsPerMinute: Int) { self.requestsPerMinute = requestsPerMinute }

    /// nil when admitted; otherwise the seconds to wait before a token is back.
    func admit(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        let capacity = Double(requestsPerMinute)
        let perSecond = capacity / 60
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated).seconds * perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
    }
}

/// Database work for a request; a lost or refused connection is a 503, not a 500.
func database<T: Sendable>(_ pool: DatabasePool, _ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
    do {
        return try await pool.withConnection(body)
    } catch let error as PGError where error.code == .connectionFailed || error.code == .connectionLost {
        throw Problem.unavailable
    }
}
