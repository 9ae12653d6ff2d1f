import Hummingbird
import SyncProtocol

/// A refusal of the back office: an HTTP status, a stable code and the reason in words. The
/// observation middleware renders it as a `ProblemAnswer`.
struct BackOfficeProblem: Error, CustomStringConvertible {
    var status: HTTPResponse.Status
    var code: String
    var reason: String
    var headers: HTTPFields = [:]

    var description: String { "\(status.code) \(code): \(reason)" }

    func response(serverTime: Int64) throws -> Response {
        try JSONBody.response(ProblemAnswer(error: code, reason: reason, serverTime: serverTime), status: status, headers: headers)
    }

    static func badRequest(_ reason: String) -> Self { Self(status: .badRequest, code: "invalid-request", reason: reason) }
    static func unsupportedMediaType(_ expected: String) -> Self {
        Self(status: .unsupportedMediaType, code: "unsupported-media-type", reason: "the body must be sent as Content-Type: \(expected)")
    }
    static func tooLarge(_ limit: Int) -> Self {
        Self(status: .contentTooLarge, code: "body-too-large", reason: "the body may hold at most \(limit) bytes")
    }
    static let notFound = Self(status: .notFound, code: "not-found", reason: "no such endpoint")
    /// 405: the path is the back office's, the method is not one it takes there; `Allow` lists those.
    static func methodNotAllowed(_ allowed: [HTTPRequest.Method]) -> Self {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return Self(status: .methodNotAllowed, code: "method-not-allowed", reason: "this endpoint takes \(list)", headers: [.allow: list])
    }
    static func unauthenticated(_ reason: String, code: String = "unauthenticated", challenge: String? = nil) -> Self {
        Self(status: .unauthorized, code: code, reason: reason, headers: challenge.map { [.wwwAuthenticate: $0] } ?? [:])
    }
    static func forbidden(_ reason: String, code: String = "forbidden") -> Self { Self(status: .forbidden, code: code, reason: reason) }
    static func conflict(_ reason: String) -> Self { Self(status: .conflict, code: "conflict", reason: reason) }
    static let internalError = Self(
        status: .internalServerError, code: "internal-error", reason: "the back office could not answer; see its log")
}
