import BackOffice
import BackOfficeStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import SyncProtocol
import Testing

/// `GET /v1/documents/{kind}?after=N`: the newest published version for an enrolled terminal,
/// 204 when it has it already.
@Suite("Document downloads")
struct DocumentEndpointTests {
    @Test("the newest version is served with its version header; asked after it, 204")
    func newestThenNothing() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(9)
            _ = try await server.store.publish(kind: .blockList, body: Array(#"{"v":1}"#.utf8), at: ServerFixture.now)
            let second = try await server.store.publish(kind: .blockList, body: Array(#"{"v":2}"#.utf8), at: ServerFixture.now)
            let path = "/v1/documents/block-list?after=0"
            try await server.client.execute(uri: path, method: .get, headers: till.headers(.get, path)) { response in
                #expect(response.status == .ok)
                #expect(response.text == #"{"v":2}"#)
                #expect(response.header("Loyalty-Document-Version") == String(second.version))
            }
            let current = "/v1/documents/block-list?after=\(second.version)"
            try await server.client.execute(uri: current, method: .get, headers: till.headers(.get, current)) { response in
                #expect(response.status == .noContent)
            }
        }
    }

    @Test("a kind never published is a 204")
    func nothingPublished() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(9)
            let path = "/v1/documents/bonuses"
            try await server.client.execute(uri: path, method: .get, headers: till.headers(.get, path)) { response in
                #expect(response.status == .noContent)
            }
        }
    }

    @Test("an unknown kind is a 404 naming the kinds there are; a bad after is a 400")
    func refusals() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(9)
            let unknown = "/v1/documents/recipes"
            try await server.client.execute(uri: unknown, method: .get, headers: till.headers(.get, unknown)) { response in
                #expect(response.status == .notFound)
                #expect(response.problem?.error == "unknown-document")
                #expect(response.problem?.reason.contains("block-list") == true)
            }
            let negative = "/v1/documents/programme?after=-1"
            try await server.client.execute(uri: negative, method: .get, headers: till.headers(.get, negative)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("a download signed for another path is refused: the signature covers the path")
    func signatureCoversPath() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(9)
            _ = try await server.store.publish(kind: .programme, body: Array("{}".utf8), at: ServerFixture.now)
            let headers = till.headers(.get, "/v1/documents/block-list")
            try await server.client.execute(uri: "/v1/documents/programme", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.error == "bad-signature")
            }
        }
    }
}
