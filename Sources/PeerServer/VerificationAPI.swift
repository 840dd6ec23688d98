import Foundation
import Hummingbird
import Logging
import PGClient
import PeerStore
import PeerVerification
import PeerWording
import Prometheus

/// The employers' HTTP API: read-only, every lookup audited. Routes are built here so tests can
/// drive them through Hummingbird's router test client, without a socket.
public struct VerificationAPI: Sendable {
    public struct Settings: Sendable {
        /// Requests a minute per API key.
        public var requestsPerMinute = 600
        /// Items in one `POST /v1/verifications`.
        public var maxBulkItems = 10_000

        public init(requestsPerMinute: Int = 600, maxBulkItems: Int = 10_000) {
            self.requestsPerMinute = requestsPerMinute
            self.maxBulkItems = maxBulkItems
        }
    }

    let pool: DatabasePool
    let settings: Settings
    let logger: Logger
    /// Where request metrics are kept, for `GET /metrics` (nil: no metrics endpoint).
    let metrics: PrometheusCollectorRegistry?

    public init(pool: DatabasePool, settings: Settings, logger: Logger, metrics: PrometheusCollectorRegistry? = nil) {
        self.pool = pool
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
    }

    /// The committed OpenAPI 3.1 document, as served.
    public static func openAPIDocument() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    public func router() throws -> Router<ServerContext> {
        let document = try Self.openAPIDocument()
        let router = Router(context: ServerContext.self)
        router.add(middleware: AccessLogMiddleware(logger: logger))
        if let metrics {
            router.add(middleware: MetricsMiddleware())
            router.get("/metrics") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                         body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
            }
        }
        router.get("/healthz") { _, _ in
            try await database(pool) { _ = try $0.execute("SELECT 1") }
            return json(["status": "ok"])
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: document)))
        }
        let v1 = router.group("/v1").add(middleware: APIKeyMiddleware(pool: pool, limiter: RateLimiter(requestsPerMinute: settings.requestsPerMinute)))
        v1.get("/credentials/{state}/{credential}/{number}") { _, context in
            func parameter(_ name: String) -> String? { context.parameters.get(name).map { $0.removingPercentEncoding ?? $0 } }
            let question = Question(state: parameter("state"), credential: parameter("credential"), number: parameter("number"))
            let query = question.query(trimmingSpaces: false)
            if case let .failure(problem) = query {
                var invalid = Problem(.badRequest, "invalid-input", "Bad Request", detail: EmployerWording.invalid(field: problem.field, problem.detail))
                invalid.errors = [.init(item: 0, field: problem.field, detail: problem.detail)]
                throw invalid
            }
            let answer = try await answer([query], context: context)[0]
            switch answer.outcome {
            case .notFound: throw Problem.notFound
            case .ambiguous:
                var problem = Problem(.conflict, "ambiguous", "Conflict",
                                      detail: EmployerWording.ambiguous(people: answer.people))
                problem.people = answer.people
                throw problem
            default: return try encoded(AnswerJSON.Answer(answer))
            }
        }
        v1.post("/verifications") { request, context in
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: settings.maxBulkItems * 1024) } catch {
                throw Problem(.contentTooLarge, "too-large", "Content Too Large",
                              detail: EmployerWording.bodyTooLarge(bytes: settings.maxBulkItems * 1024, items: settings.maxBulkItems))
            }
            let questions = try BulkBody.questions(Data(buffer: body), limit: settings.maxBulkItems)
            let answers = try await answer(questions.map { $0.query(trimmingSpaces: false) }, context: context)
            return try encoded(["results": answers.map(AnswerJSON.Answer.init)])
        }
        return router
    }

    private func answer(_ queries: [Result<CredentialQuery, InputProblem>], context: ServerContext) async throws -> [VerificationAnswer] {
        let employer = context.employer ?? "unknown"
        return try await database(pool) { connection in
            try Verifier(store: PublicCredentialStore(connection: connection), employer: employer, channel: .api).answer(queries)
        }
    }
}

/// The paths the document lists and the one method each answers: any other method on them is
/// 405 with `Allow` (the path exists), not 404.
enum Endpoints {
    static func allowedMethod(for path: String) -> HTTPRequest.Method? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 2 where parts[1] == "healthz" || parts[1] == "openapi.json" || parts[1] == "metrics": return .get
        case 3 where parts[1] == "v1" && parts[2] == "verifications": return .post
        case 6 where parts[1] == "v1" && parts[2] == "credentials" && !parts[3...].contains(where: \.isEmpty): return .get
        default: return nil
        }
    }
}

/// `POST /v1/verifications`: a JSON array of questions. Every item is checked before anything is
/// looked up; a bad one fails the request naming the item (0-based) and the field.
enum BulkBody {
    static func questions(_ data: Data, limit: Int) throws -> [Question] {
        guard let items = (try? JSONSerialization.jsonObject(with: data)) as? [Any] else {
            var problem = Problem(.badRequest, "invalid-input", "Bad Request", detail: EmployerWording.notAnArray)
            problem.errors = [.init(item: 0, field: "body", detail: EmployerWording.notAnArrayItem)]
            throw problem
        }
        guard items.count <= limit else {
            throw Problem(.contentTooLarge, "too-many-items", "Content Too Large",
                          detail: EmployerWording.tooManyItems(items.count, limit: limit))
        }
        guard !items.isEmpty else {
            throw Problem(.badRequest, "invalid-input", "Bad Request", detail: EmployerWording.emptyArray)
        }
        var questions: [Question] = []
        var errors: [Problem.ItemError] = []
        for (index, item) in items.enumerated() {
            guard let object = item as? [String: Any] else {
                errors.append(.init(item: index, field: "item", detail: EmployerWording.notAnObject))
                continue
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                guard Question.fields.contains(key) else {
                    errors.append(.init(item: index, field: key, detail: EmployerWording.unknownField(among: Question.fields)))
                    continue
                }
                guard let text = value as? String else {
                    errors.append(.init(item: index, field: key, detail: EmployerWording.notAString))
                    continue
                }
                fields[key] = text
            }
            let question = Question(state: fields["state"], credential: fields["credential"], number: fields["number"],
                                    name: fields["name"], birthDate: fields["birth_date"])
            if case let .failure(problem) = question.query(trimmingSpaces: false) {
                errors.append(.init(item: index, field: problem.field, detail: problem.detail))
            }
            questions.append(question)
        }
        guard errors.isEmpty else {
            var problem = Problem(.badRequest, "invalid-input", "Bad Request",
                                  detail: EmployerWording.itemsRefused(errors.count, first: errors[0].item, field: errors[0].field))
            problem.errors = Array(errors.prefix(100))
            throw problem
        }
        return questions
    }
}

private func encoded(_ value: some Encodable) throws -> Response {
    let data = try AnswerJSON.encoder().encode(value)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

private func json(_ value: [String: String]) -> Response {
    (try? encoded(value)) ?? Response(status: .internalServerError)
}
