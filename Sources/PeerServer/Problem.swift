import Foundation
import Hummingbird
import PeerVerification
import PeerWording

/// An error answered as RFC 9457 problem details (`application/problem+json`). `detail` says what
/// to do; it never repeats a credential number or a name from the request.
public struct Problem: HTTPResponseError, Sendable {
    public struct ItemError: Encodable, Sendable {
        public let item: Int
        public let field: String
        public let detail: String
    }

    public let status: HTTPResponse.Status
    public let slug: String
    public let title: String
    public let detail: String
    public var errors: [ItemError] = []
    public var people: Int? = nil
    public var retryAfterSeconds: Int? = nil
    /// The methods a 405 names.
    public var allow: String? = nil

    public init(_ status: HTTPResponse.Status, _ slug: String, _ title: String, detail: String) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
    }

    struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let errors: [ItemError]?
        let people: Int?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(type: "https://peercert.invalid/problems/\(slug)", title: title, status: status.code, detail: detail,
                        errors: errors.isEmpty ? nil : errors, people: people)
        let data = try AnswerJSON.encoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let unauthorized = Problem(.unauthorized, "unauthorized", "Unauthorized",
                                      detail: EmployerWording.unauthorized)
    static let notFound = Problem(.notFound, "not-found", "Not Found", detail: EmployerWording.notFound)
    static let unavailable = Problem(.serviceUnavailable, "database-unavailable", "Service Unavailable",
                                     detail: EmployerWording.unavailable)
    static let internalError = Problem(.internalServerError, "internal-error", "Internal Server Error",
                                       detail: EmployerWording.internalError)
}
