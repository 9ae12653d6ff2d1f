import BackOffice
import BackOfficeSQLite
import BackOfficeStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// `POST /v1/cards/{card}/lost` and `/replacement`: staff's card acts over HTTP, for admins,
/// refused clearly without a document key or with bad input.
@Suite("Card endpoints")
struct CardEndpointTests {
    /// Card acts that only record what they were asked (the signed acts themselves are tested
    /// through the command line against a real back office process).
    final class RecordingCards: CardOperations {
        let asked = Mutex<[String]>([])
        func reportLost(card: String, actor: String) async throws -> String {
            asked.withLock { $0.append("lost \(card)") }
            return "card \(card) blocked"
        }
        func replace(lost: String, with newCard: String, actor: String) async throws -> String {
            asked.withLock { $0.append("replace \(lost) by \(newCard)") }
            if lost == "00000000000000FF" { throw CocoaError(.featureUnsupported) }
            return "card \(newCard) replaces card \(lost)"
        }
    }

    static func run(cards: (any CardOperations)?, _ test: @Sendable (ServerFixture, String, String) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "backoffice-cards-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try await SQLiteLedgerStore.open(path: folder + "/store.sqlite")
        try await store.migrate()
        let router = BackOfficeServer.router(
            store: store, options: BackOfficeOptions(clock: { ServerFixture.now }), cards: cards, logger: Logger(label: "test.cards"))
        try await Application(router: router).test(.router) { client in
            let server = ServerFixture(store: store, client: client)
            try await test(server, try await server.user("ada", role: .admin), try await server.user("bob", role: .auditor))
        }
        try await store.close()
    }

    @Test("an admin blocks a card and replaces it; an auditor is forbidden; bad card ids and bodies are 400")
    func acts() async throws {
        let cards = RecordingCards()
        try await Self.run(cards: cards) { server, admin, auditor in
            try await server.client.execute(uri: "/v1/cards/3f1a0c2b9e774d10/lost", method: .post, headers: bearer(admin)) { response in
                #expect(response.status == .ok && response.text.contains("3F1A0C2B9E774D10 blocked"), "\(response.text)")
            }
            let body = ByteBuffer(string: #"{"newCard":"8C02D4E6F1A3B597"}"#)
            try await server.client.execute(
                uri: "/v1/cards/3F1A0C2B9E774D10/replacement", method: .post, headers: bearer(admin), body: body
            ) { response in
                #expect(response.status == .ok && response.text.contains("replaces"), "\(response.text)")
            }
            try await server.client.execute(uri: "/v1/cards/3F1A0C2B9E774D10/lost", method: .post, headers: bearer(auditor)) {
                #expect($0.status == .forbidden)
            }
            try await server.client.execute(uri: "/v1/cards/XYZ/lost", method: .post, headers: bearer(admin)) {
                #expect($0.status == .badRequest)
            }
            try await server.client.execute(
                uri: "/v1/cards/3F1A0C2B9E774D10/replacement", method: .post, headers: bearer(admin), body: ByteBuffer(string: "{}")
            ) { #expect($0.status == .badRequest) }
            try await server.client.execute(
                uri: "/v1/cards/00000000000000FF/replacement", method: .post, headers: bearer(admin), body: body
            ) { response in
                #expect(response.status == .unprocessableContent && response.problem?.error == "card-refused")
            }
            #expect(cards.asked.withLock { $0 }.count == 3)
        }
    }

    @Test("without a document key the server says so: 503 no-document-key")
    func noKey() async throws {
        try await Self.run(cards: nil) { server, admin, _ in
            try await server.client.execute(uri: "/v1/cards/3F1A0C2B9E774D10/lost", method: .post, headers: bearer(admin)) { response in
                #expect(response.status == .serviceUnavailable && response.problem?.error == "no-document-key")
            }
        }
    }
}
