import BackOffice
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SyncProtocol
import Testing

/// A request naming one of the back office's paths with a method the path does not take is
/// answered 405 `method-not-allowed` with `Allow` (RFC 9110), before any authentication; a path
/// the back office does not have stays 404.
@Suite("Undeclared methods")
struct MethodNotAllowedTests {
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options]

    /// Each documented route with a concrete path, and the one method it takes.
    static let routes: [(path: String, method: HTTPRequest.Method)] = BackOfficeRoutes.all.map { route in
        (route.path.replacingOccurrences(of: "{kind}", with: "programme"), route.method)
    }

    @Test("every other method on every documented path answers 405 with Allow naming the documented one")
    func everyPathEveryMethod() async throws {
        #expect(Self.routes.count >= 9)
        try await ServerFixture.run { server in
            for (path, allowed) in Self.routes {
                for method in Self.methods where method != allowed {
                    try await server.client.execute(uri: path, method: method) { response in
                        #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                        #expect(response.headers[.allow] == allowed.rawValue, "\(method) \(path)")
                        #expect(response.header(SyncHeader.serverTime) == String(ServerFixture.now))
                        if method != .head {
                            let problem = try #require(response.problem, "\(method) \(path)")
                            #expect(problem.error == "method-not-allowed")
                            #expect(problem.reason == "this endpoint takes \(allowed.rawValue)")
                        }
                    }
                }
            }
        }
    }

    @Test("405 comes before authentication: DELETE /v1/journal without a token is 405, GET without one 401")
    func beforeAuthentication() async throws {
        try await ServerFixture.run { server in
            try await server.client.execute(uri: "/v1/journal?limit=1", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
            try await server.client.execute(uri: "/v1/journal?limit=1", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("a path the back office does not have is 404 not-found whatever the method")
    func unknownPathStays404() async throws {
        try await ServerFixture.run { server in
            for method in [HTTPRequest.Method.get, .post, .delete] {
                for path in ["/v1/journal/batches/7", "/v1/documents", "/v2/time"] {
                    try await server.client.execute(uri: path, method: method) { response in
                        #expect(response.status == .notFound, "\(method) \(path)")
                        #expect(response.headers[.allow] == nil)
                        #expect(response.problem?.error == "not-found")
                    }
                }
            }
        }
    }
}
