import BackOffice
import BackOfficeStorage
import CardProfile
import Foundation
import Hummingbird
import HummingbirdTesting
import SyncProtocol
import Testing

/// `GET /v1/documents/{kind}?after=N`: the signed versions after `N` for an enrolled terminal
/// (a snapshot when it is too far behind), 204 when it has the newest.
@Suite("Document downloads")
struct DocumentEndpointTests {
    static let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)

    /// Signs and stores the next version of the block list, blocking `members`.
    static func publish(_ members: [String], store: any LedgerStore, key: DocumentSigningKey) async throws -> PublishedDocument {
        let latest = try await store.latest(.blockList)
        let previous = try latest?.snapshot.map { try SignedDocument.decode($0) }.map { (version: $0.version, state: $0.bodyBytes) }
        let version = (latest?.version ?? 0) + 1
        let publication = try key.publication(
            kind: .blockList, whole: try BlockListDocument(blocked: members).encoded(), previous: previous, version: version,
            issuedAt: ServerFixture.now)
        return try await store.publish(
            kind: .blockList, version: version, step: try publication.step.encoded(), snapshot: try publication.snapshot.encoded(),
            at: ServerFixture.now)
    }

    static func signingKey() throws -> DocumentSigningKey {
        let file = DocumentKeyFile.certified(keyId: "test", generation: 1, by: issuer)
        return try DocumentSigningKey(privateKey: try file.key(), certificate: try #require(file.certificate))
    }

    static func update(_ response: TestResponse) throws -> DocumentUpdate {
        try DocumentUpdate.decode(Array(response.body.readableBytesView))
    }

    @Test("after 0, the newest as a signed snapshot; after an older version, the deltas since; after the newest, 204")
    func snapshotDeltasThenNothing() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(9)
            let key = try Self.signingKey()
            _ = try await Self.publish(["M-1"], store: server.store, key: key)
            _ = try await Self.publish(["M-1", "M-2"], store: server.store, key: key)
            let third = try await Self.publish(["M-2"], store: server.store, key: key)
            let path = "/v1/documents/block-list?after=0"
            try await server.client.execute(uri: path, method: .get, headers: till.headers(.get, path)) { response in
                #expect(response.status == .ok)
                #expect(response.header("Loyalty-Document-Version") == String(third.version))
                let documents = try Self.update(response).documents
                #expect(documents.count == 1 && documents[0].isSnapshot && documents[0].version == 3)
                #expect(documents[0].bodyBytes == Array(#"{"blocked":["M-2"]}"#.utf8))
            }
            let behind = "/v1/documents/block-list?after=1"
            try await server.client.execute(uri: behind, method: .get, headers: till.headers(.get, behind)) { response in
                #expect(response.status == .ok)
                let documents = try Self.update(response).documents
                #expect(documents.map(\.version) == [2, 3] && documents.map(\.base) == [1, 2])
                #expect(documents[1].bodyBytes == Array(#"{"added":[],"removed":["M-1"]}"#.utf8))
            }
            let current = "/v1/documents/block-list?after=\(third.version)"
            try await server.client.execute(uri: current, method: .get, headers: till.headers(.get, current)) { response in
                #expect(response.status == .noContent)
            }
        }
    }

    @Test("more than 32 versions behind, the terminal gets the snapshot")
    func tooFarBehind() async throws {
        try await ServerFixture.run { server in
            let till = try await server.terminal(9)
            let key = try Self.signingKey()
            for index in 1...35 { _ = try await Self.publish((1...index).map { "M-\($0)" }, store: server.store, key: key) }
            let near = "/v1/documents/block-list?after=3"
            try await server.client.execute(uri: near, method: .get, headers: till.headers(.get, near)) { response in
                let documents = try Self.update(response).documents
                #expect(documents.count == 32)
            }
            let far = "/v1/documents/block-list?after=2"
            try await server.client.execute(uri: far, method: .get, headers: till.headers(.get, far)) { response in
                let documents = try Self.update(response).documents
                #expect(documents.count == 1 && documents[0].isSnapshot && documents[0].version == 35)
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
            _ = try await server.store.publish(
                kind: .programme, version: 1, step: Array("{}".utf8), snapshot: Array("{}".utf8), at: ServerFixture.now)
            let headers = till.headers(.get, "/v1/documents/block-list")
            try await server.client.execute(uri: "/v1/documents/programme", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.error == "bad-signature")
            }
        }
    }
}
