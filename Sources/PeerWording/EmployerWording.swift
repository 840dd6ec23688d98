/// What an employer reads besides a credential's status: the problem details of the verification
/// API (RFC 9457), saying what to do, never repeating a number or a name from the request.
public enum EmployerWording {
    public static let unauthorized = "send a valid, unrevoked API key as `Authorization: Bearer KEY`; keys come from `peercert keys add`"
    public static let notFound = "no published credential matches"
    public static let unavailable = "the credentials database cannot be reached; try again later"
    public static let internalError = "the request could not be answered; the server's log says why"
    public static let notAnArray = "the body must be a JSON array of question objects"
    public static let notAnArrayItem = "not a JSON array"
    public static let emptyArray = "the array is empty; send at least one question"
    public static let notAnObject = "must be an object"
    public static let notAString = "must be a string"
    public static let noSuchEndpoint = "no such endpoint; see /openapi.json"
    public static let notHandled = "the request could not be handled as sent"

    /// "this key's limit of 600 requests a minute is reached; retry after 12 s"
    public static func rateLimited(perMinute: Int, retryAfter seconds: Int) -> String {
        "this key's limit of \(perMinute) requests a minute is reached; retry after \(seconds) s"
    }

    /// "this endpoint answers GET only"
    public static func methodNotAllowed(_ allowed: String) -> String { "this endpoint answers \(allowed) only" }

    /// "state is required (two letters, e.g. GA)": a field of a question and what is wrong with it.
    public static func invalid(field: String, _ problem: String) -> String { "\(field) \(problem)" }

    public static func ambiguous(people: Int) -> String {
        "the number matches credentials of \(people) people; ask the board, or look up by name and birth date"
    }

    public static func bodyTooLarge(bytes: Int, items: Int) -> String { "the body is over \(bytes) bytes; send at most \(items) items a request" }

    public static func tooManyItems(_ count: Int, limit: Int) -> String { "\(count) items; send at most \(limit) a request" }

    /// "2 items cannot be asked; the first is item 0 (state)"
    public static func itemsRefused(_ count: Int, first item: Int, field: String) -> String {
        "\(count) item\(count == 1 ? "" : "s") cannot be asked; the first is item \(item) (\(field))"
    }

    public static func unknownField(among fields: [String]) -> String { "is not a known field (\(fields.joined(separator: ", ")))" }
}
