import Checkout
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerFormat
import Logging
import POSAPI

/// Runs `test` against the API's router over `checkout`, without a socket; every answer is
/// checked against `docs/pos-api.yaml` (`DocumentCheckingClient`).
func withAPI(
    _ checkout: ScriptedCheckout, options: POSAPIOptions = POSAPIOptions(),
    _ test: @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let router = POSAPI.router(checkout: checkout, options: options, logger: Logger(label: "pos-api-test"))
    let app = Application(router: router)
    try await app.test(.router) { client in try await test(DocumentCheckingClient(client: client)) }
}

/// JSON headers, plus the token when given.
func jsonHeaders(token: String? = nil) -> HTTPFields {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let token { headers[.authorization] = "Bearer \(token)" }
    return headers
}

/// A body from JSON text.
func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

/// The API's error body.
struct ErrorBody: Decodable, Equatable {
    var error: String
    var message: String?
    var problems: [FieldProblem]?

    /// The fields named by the problems.
    var fields: [String] { (problems ?? []).map(\.field) }
}

extension TestResponse {
    /// The body decoded as `T`.
    func decoded<T: Decodable>(_: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var errorBody: ErrorBody? { try? decoded(ErrorBody.self) }
}
