import AsyncHTTPClient
import CardProfile
import Crypto
import Foundation
import NIOCore
import NIOSSL
import StoreProcesses
import SyncProtocol
import Testing

/// A real back office process on a SQLite file in a temp folder, a TEST issuer, enrolled
/// terminals with their credentials, and an auditor's token; over HTTPS with the back office's
/// own authority (unless `serveArguments` say otherwise), which ``client`` trusts alone.
final class BackOfficeFixture: Sendable {
    let directory: String
    let server: BackOfficeProcess
    /// An HTTP client trusting the server's own authority (the shared one for plain HTTP).
    let client: HTTPClient
    let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)
    /// A document key the issuer certified (`--document-key` of the publishing commands).
    var documentKeyPath: String { directory + "/document-key.json" }
    let auditorToken: String

    /// The store a fixture's server uses.
    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// Starts the server on `backend` (a SQLite file in the folder, or a new database on the
    /// test process's PostgreSQL server), enrols `terminals` (ids), and adds an auditor.
    init(terminals: [UInt32] = [7], serveArguments: [String] = [], backend: Backend = .sqlite) async throws {
        directory = NSTemporaryDirectory() + "backoffice-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database: String
        switch backend {
        case .sqlite:
            database = "sqlite:\(directory)/backoffice.sqlite"
        case .postgres:
            let postgres = try await PostgresServer.shared()
            database = postgres.url(database: try await postgres.createDatabase(prefix: "sync"))
        }
        server = BackOfficeProcess(database: database, logPath: directory + "/server.log", arguments: serveArguments)
        try IssuerFile(issuer, includePrivateKey: false).save(directory + "/issuer.json")
        try DocumentKeyFile.certified(keyId: "fixture-documents", generation: 1, by: issuer).save(directory + "/document-key.json")
        for id in terminals {
            let path = Self.credentialPath(id, in: directory)
            try TerminalCredentialFile(issuer.enrolTerminal(id: id), test: true).save(path)
            try await Self.check(
                server.command(["terminal", "enrol", "--credential-file", path, "--issuer-file", directory + "/issuer.json"]))
        }
        let added = try await server.command(["user", "add", "auditor-1", "--role", "auditor"])
        try Self.check(added)
        auditorToken = added.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        try await server.start()
        client = try Self.client(trusting: server.authorityCertificatePath)
    }

    /// A client trusting only the authority in `authorityFile` (the shared client when `nil`).
    static func client(trusting authorityFile: String?) throws -> HTTPClient {
        guard let authorityFile else { return .shared }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(authorityFile))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
    }

    /// Runs `body` with a started fixture and always cleans up (the server stopped, the folder removed).
    static func run(
        terminals: [UInt32] = [7], serveArguments: [String] = [], backend: Backend = .sqlite,
        _ body: (BackOfficeFixture) async throws -> Void
    ) async throws {
        let fixture = try await BackOfficeFixture(terminals: terminals, serveArguments: serveArguments, backend: backend)
        do {
            try await body(fixture)
        } catch {
            await fixture.cleanUp()
            throw error
        }
        await fixture.cleanUp()
    }

    func credentialPath(_ id: UInt32) -> String { Self.credentialPath(id, in: directory) }

    static func credentialPath(_ id: UInt32, in directory: String) -> String { directory + "/terminal-\(id).json" }

    func credential(_ id: UInt32) throws -> TerminalCredential {
        try TerminalCredentialFile.load(credentialPath(id)).credential()
    }

    func cleanUp() async {
        _ = try? await server.stop()
        if client !== HTTPClient.shared { try? await client.shutdown() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func check(_ result: ProcessResult) throws {
        guard result.status == 0 else { throw BackOfficeProcessError("command failed (\(result.status)): \(result.standardError)") }
    }

    // MARK: HTTP

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
        var problem: ProblemAnswer? { try? JSONDecoder().decode(ProblemAnswer.self, from: Data(data)) }
    }

    /// Sends `method` to `path` (with its query) and collects the reply, checked against
    /// `docs/backoffice-api.yaml` (an issue of the running test when it is not as documented).
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: server.url + path)
        request.method = method == "POST" ? .POST : .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let collected = try await response.body.collect(upTo: 64 << 20)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        let reply = Reply(status: Int(response.status.code), headers: fields, data: Array(collected.readableBytesView))
        BackOfficeAPIDocument.check(reply, method: method, target: path)
        return reply
    }

    /// The headers of an upload of `body` signed by `key` as `terminal`.
    func signedHeaders(
        _ body: [UInt8], terminal: UInt32, key: P256.Signing.PrivateKey, method: String = "POST", path: String = "/v1/journal/batches",
        time: Int64? = nil, nonce: String = SignedRequest.newNonce()
    ) -> [(String, String)] {
        let now = time ?? Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let signed = SignedRequest(method: method, path: path, terminal: terminal, time: now, nonce: nonce, body: body)
        return signed.headers(signedWith: key).map { ($0.name, $0.value) }
    }

    func upload(_ batch: JournalBatch, as terminal: UInt32? = nil) async throws -> Reply {
        let id = terminal ?? batch.terminal
        let body = batch.encoded()
        return try await send(
            "POST", "/v1/journal/batches",
            headers: signedHeaders(body, terminal: id, key: try credential(id).privateKey) + [("Content-Type", JournalBatch.mediaType)],
            body: body)
    }

    /// Every transaction stored, pulled page by page as NDJSON: (terminal, sequence, payload text).
    func pullAll(pageSize: Int = 1000, terminal: UInt32? = nil) async throws -> [(terminal: UInt32, sequence: UInt64, entry: String)] {
        var cursor = "c0"
        var all: [(UInt32, UInt64, String)] = []
        while true {
            var path = "/v1/journal?format=ndjson&limit=\(pageSize)&after=\(cursor)"
            if let terminal { path += "&terminal=\(terminal)" }
            let reply = try await send("GET", path, headers: [("Authorization", "Bearer \(auditorToken)")])
            guard reply.status == 200, let next = reply.headers["loyalty-next-cursor"] else {
                throw BackOfficeProcessError("pull failed: \(reply.status) \(reply.text)")
            }
            for line in reply.text.split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                let entry =
                    object["entry"].map {
                        String(decoding: try! JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self)
                    }
                    ?? (object["payloadBase64"] as? String ?? "")
                all.append((UInt32(object["terminal"] as! Int), UInt64(object["sequence"] as! Int), entry))
            }
            cursor = next
            if reply.headers["loyalty-more"] != "true" { return all }
        }
    }
}

/// A batch of `count` transactions from `first` with JSON payloads that name them.
func sampleBatch(terminal: UInt32, first: UInt64, count: Int, tag: String = "sale") -> JournalBatch {
    JournalBatch(
        terminal: terminal,
        transactions: (0..<UInt64(count)).map { offset in
            let sequence = first + offset
            return UploadedTransaction(
                sequence: sequence, recordedAt: 1_763_900_000_000 + Int64(sequence),
                payload: Array(#"{"kind":"\#(tag)","requestId":"T\#(terminal)-\#(sequence)"}"#.utf8))
        })
}
