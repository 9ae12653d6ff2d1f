import BackOffice
import BackOfficeSQLite
import BackOfficeStorage
import CardProfile
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SyncProtocol

/// The back office's router over a SQLite store in a folder of its own, answering through
/// Hummingbird's testing client (no socket), on a fixed clock.
struct ServerFixture: Sendable {
    /// The server's clock for every test: a fixed instant, so requests can be signed for it.
    static let now: Int64 = 1_750_000_000_000

    let store: SQLiteLedgerStore
    let client: any TestClientProtocol

    /// Runs `test` against a fresh server with `options` (its clock ``now`` unless set).
    static func run(
        options: BackOfficeOptions = BackOfficeOptions(clock: { ServerFixture.now }),
        _ test: @Sendable (ServerFixture) async throws -> Void
    ) async throws {
        let folder = NSTemporaryDirectory() + "backoffice-server-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try await SQLiteLedgerStore.open(path: folder + "/store.sqlite")
        do {
            try await store.migrate()
            let router = BackOfficeServer.router(store: store, options: options, logger: Logger(label: "test.backoffice-server"))
            try await Application(router: router).test(.router) { client in
                try await test(ServerFixture(store: store, client: client))
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// Adds a user with `role` and returns their bearer token.
    func user(_ name: String, role: Role = .auditor) async throws -> String {
        let token = UserToken.generate()
        try await store.addUser(BackOfficeUser(name: name, role: role, tokenDigest: UserToken.digest(of: token), createdAt: Self.now))
        return token
    }

    /// Enrols terminal `id` with a fresh key and returns the key it signs with.
    func terminal(_ id: UInt32) async throws -> SigningTerminal {
        let terminal = SigningTerminal(id: id)
        try await store.enrol(
            EnrolledTerminal(id: id, publicKey: ProfileKeys.bytes(of: terminal.key.publicKey), label: "till \(id)", enrolledAt: Self.now))
        return terminal
    }
}

/// A terminal's identity for signing requests (`docs/sync-protocol.md`, "Authentication").
struct SigningTerminal: Sendable {
    let id: UInt32
    let key: P256.Signing.PrivateKey

    init(id: UInt32, key: P256.Signing.PrivateKey = P256.Signing.PrivateKey()) {
        self.id = id
        self.key = key
    }

    /// The headers that sign `method path` with `body` at `time`, with `nonce`.
    func headers(
        _ method: HTTPRequest.Method, _ path: String, body: [UInt8] = [], time: Int64 = ServerFixture.now,
        nonce: String = SignedRequest.newNonce(), as terminal: UInt32? = nil
    ) -> HTTPFields {
        let signed = SignedRequest(method: method.rawValue, path: path, terminal: terminal ?? id, time: time, nonce: nonce, body: body)
        var fields = HTTPFields()
        for (name, value) in signed.headers(signedWith: key) { fields[HTTPField.Name(name)!] = value }
        return fields
    }

    /// A batch of `count` transactions from `first` on, each payload a small JSON object.
    func batch(from first: UInt64 = 1, count: Int, naming terminal: UInt32? = nil) -> [UInt8] {
        let transactions = (0..<UInt64(count)).map { offset in
            UploadedTransaction(
                sequence: first + offset, recordedAt: ServerFixture.now - 60_000 + Int64(offset),
                payload: Array(#"{"kind":"sale","sequence":\#(first + offset)}"#.utf8))
        }
        return JournalBatch(terminal: terminal ?? id, transactions: transactions).encoded()
    }
}

extension TestResponse {
    /// The body decoded as `T`.
    func decoded<T: Decodable>(_: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    /// The refusal's `ProblemAnswer`, if the body is one.
    var problem: ProblemAnswer? { try? decoded(ProblemAnswer.self) }

    /// The body as text.
    var text: String { String(buffer: body) }

    /// A header by name.
    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}

/// Bearer authorisation for `token`.
func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
