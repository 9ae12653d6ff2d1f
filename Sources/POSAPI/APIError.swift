import Checkout
import Hummingbird
import LedgerFormat

/// A request the API refuses itself, before or instead of asking the checkout.
///
/// Its JSON body is `{"error": code, "message": ...}`, or for `invalid-request`
/// `{"error": "invalid-request", "problems": [{"field": ..., "problem": ...}]}`.
struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    var status: HTTPResponse.Status
    /// Stable code for the POS, e.g. `invalid-request`, `unauthorized`.
    var code: String
    var message: String?
    var problems: [FieldProblem]?
    var headers: HTTPFields = [:]

    /// The JSON body.
    struct Body: Codable, Sendable {
        var error: String
        var message: String?
        var problems: [FieldProblem]?
    }

    var body: Body { Body(error: code, message: message, problems: problems) }

    var description: String {
        var text = "\(status.code) \(code)"
        if let message { text += ": \(message)" }
        if let problems { text += ": " + problems.map(\.description).joined(separator: "; ") }
        return text
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.make(body, status: status, headers: headers)
    }

    /// 400: the fields at fault.
    static func invalidRequest(_ problems: [FieldProblem]) -> APIError {
        APIError(status: .badRequest, code: "invalid-request", problems: problems)
    }

    /// 401, with the challenge.
    static let unauthorized = APIError(
        status: .unauthorized, code: "unauthorized", message: "a valid Authorization: Bearer token is required",
        headers: [.wwwAuthenticate: "Bearer"])

    /// 429: the peer failed the token check too often; it may try again after the seconds given.
    static func tooManyAttempts(retryAfterSeconds: Int) -> APIError {
        APIError(
            status: .tooManyRequests, code: "too-many-attempts",
            message: "too many requests with a wrong token from this address: try again in \(retryAfterSeconds) s",
            headers: [.retryAfter: String(retryAfterSeconds)])
    }

    /// 404 for a path no route has.
    static let routeNotFound = APIError(status: .notFound, code: "not-found", message: "no such endpoint")

    /// 404 for a transaction id the checkout has no answer for.
    static let transactionNotFound = APIError(
        status: .notFound, code: "not-found", message: "no answer was given for this id")

    /// 405, with the methods the path takes.
    static func methodNotAllowed(_ allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(
            status: .methodNotAllowed, code: "method-not-allowed", message: "this endpoint takes \(list)",
            headers: [.allow: list])
    }

    /// 413: the body is above the limit.
    static func bodyTooLarge(limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "body-too-large", message: "the body may hold at most \(limit) bytes")
    }

    /// 415: the body is not declared as JSON.
    static let unsupportedMediaType = APIError(
        status: .unsupportedMediaType, code: "unsupported-media-type",
        message: "the body must be sent as Content-Type: application/json (UTF-8)")

    /// 500: a fault of the API itself.
    static let internalError = APIError(status: .internalServerError, code: "internal-error", message: "the terminal could not answer")
}
