import AsyncHTTPClient
import CardProfile
import Foundation
import Logging
import LoyaltyJournal
import NIOSSL
import StoreProcesses
import TerminalSync
import TestSupport
import Testing
import Timekeeping

/// The back office over TLS: by default with its own authority, made on first start and handed
/// to terminals at enrolment; a terminal trusting it syncs, and refuses a back office whose
/// certificate comes from another authority; plain HTTP only when asked for by its unsafe name.
@Suite("Back office over TLS", .serialized)
struct TLSTests {
    static func folder(_ name: String) throws -> String {
        let folder = NSTemporaryDirectory() + name + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func mode(_ path: String) throws -> Int {
        try #require((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// A client trusting only the authorities in `pem`.
    static func client(trustingPEM pem: String) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
    }

    @Test("serve makes its own authority and server certificate on first start, reuses them, renews for new names; keys are 0600")
    func ownAuthority() async throws {
        let folder = try Self.folder("backoffice-own-ca")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = BackOfficeProcess(database: "sqlite:\(folder)/backoffice.sqlite", logPath: folder + "/server.log")
        let tls = try #require(server.tlsDirectory)
        #expect(tls == folder + "/tls")
        #expect(!FileManager.default.fileExists(atPath: tls + "/ca.pem"))
        try await server.start()
        #expect(server.url.hasPrefix("https://127.0.0.1:"))
        #expect(server.log.contains("made the back office's certificate authority"), "\(server.log)")
        for key in ["ca-key.pem", "server-key.pem"] { #expect(try Self.mode(tls + "/" + key) == 0o600, "\(key)") }
        #expect(try Self.mode(tls) == 0o700)
        let authority = try Self.read(tls + "/ca.pem")
        let certificate = try Self.read(tls + "/server.pem")
        let client = try Self.client(trustingPEM: authority)
        let answer = try await client.execute(HTTPClientRequest(url: server.url + "/v1/time"), timeout: .seconds(10))
        #expect(answer.status == .ok)
        try await client.shutdown()
        try await server.stop()

        // Started again: the same authority and certificate.
        try await server.start()
        try await server.stop()
        #expect(try Self.read(tls + "/ca.pem") == authority)
        #expect(try Self.read(tls + "/server.pem") == certificate)

        // Another name: a new server certificate from the same authority.
        let renamed = BackOfficeProcess(
            database: server.database, logPath: folder + "/server-2.log", arguments: ["--tls-name", "backoffice.shop.example"])
        try await renamed.start()
        try await renamed.stop()
        #expect(try Self.read(tls + "/ca.pem") == authority)
        #expect(try Self.read(tls + "/server.pem") != certificate)
        #expect(renamed.log.contains("renewed the server certificate"), "\(renamed.log)")

        // A key file others may read is refused, with the fix.
        chmod(tls + "/ca-key.pem", 0o644)
        let refused = BackOfficeProcess(database: server.database, logPath: folder + "/server-3.log")
        await #expect(throws: BackOfficeProcessError.self) { try await refused.start(timeout: .seconds(30)) }
        #expect(refused.log.contains("chmod 600"), "\(refused.log)")
    }

    @Test("an enrolled terminal syncs over https; a back office of another authority is refused and counted; plain HTTP gets nowhere")
    func enrolledAuthority() async throws {
        let other = try Self.folder("backoffice-other-ca")
        defer { try? FileManager.default.removeItem(atPath: other) }
        try await BackOfficeFixture.run(terminals: [7]) { fixture in
            // Enrolment handed the terminal the back office's authority.
            let enrolled = try #require(try TerminalCredentialFile.load(fixture.credentialPath(7)).backOfficeAuthority)
            #expect(enrolled == (try Self.read(try #require(fixture.server.authorityCertificatePath))))
            let client = try Self.client(trustingPEM: enrolled)
            // A second back office with its own authority, where terminal 7 is enrolled too.
            let impostor = BackOfficeProcess(database: "sqlite:\(other)/backoffice.sqlite", logPath: other + "/server.log")
            try FileManager.default.copyItem(atPath: fixture.credentialPath(7), toPath: other + "/terminal-7.json")
            try FileManager.default.copyItem(atPath: fixture.directory + "/issuer.json", toPath: other + "/issuer.json")
            let enrolledThere = try await impostor.command([
                "terminal", "enrol", "--credential-file", other + "/terminal-7.json", "--issuer-file", other + "/issuer.json",
            ])
            #expect(enrolledThere.status == 0, "\(enrolledThere.standardError)")
            try await impostor.start()
            do {
                let journal = try SyncServiceTests.journal(in: fixture.directory)
                defer { try? journal.close() }
                try SyncServiceTests.append(journal, count: 25, terminal: 7)
                let (logger, messages) = RecordingLogHandler.logger(label: "test.tls")
                func sync(_ url: String) throws -> SyncService {
                    SyncService(
                        journal: journal, credential: try fixture.credential(7), settings: SyncSettings(url: url, timeout: .seconds(5)),
                        client: client, logger: logger, wallTime: SystemWallTime())
                }
                #expect(try await sync(fixture.server.url).step() == .uploaded(transactions: 25, through: 25))

                try SyncServiceTests.append(journal, count: 1, terminal: 7)
                guard case .failed = try await sync(impostor.url).step() else {
                    Issue.record("a certificate of another authority was accepted")
                    try await impostor.stop()
                    try await client.shutdown()
                    return
                }
                #expect(
                    messages.text.contains("its TLS certificate is not from the authority this terminal trusts"), "\(messages.text)")

                // The system's roots do not know the back office's authority either.
                let system = SyncService(
                    journal: journal, credential: try fixture.credential(7),
                    settings: SyncSettings(url: fixture.server.url, timeout: .seconds(5)),
                    client: .shared, logger: Logger(label: "test.tls"), wallTime: SystemWallTime())
                guard case .failed = await system.step() else {
                    Issue.record("the system's roots accepted the back office's own authority")
                    return
                }
                // Plain HTTP to the TLS port.
                let plain = fixture.server.url.replacingOccurrences(of: "https://", with: "http://")
                await #expect(throws: (any Error).self) {
                    _ = try await HTTPClient.shared.execute(HTTPClientRequest(url: plain + "/v1/time"), timeout: .seconds(5))
                }
            } catch {
                _ = try? await impostor.stop()
                try await client.shutdown()
                throw error
            }
            try await impostor.stop()
            try await client.shutdown()
        }
    }

    @Test("TLS passes end to end through the fault proxy's tunnel (the store simulator's network); a cut stops it, and it resumes")
    func throughTunnel() async throws {
        try await BackOfficeFixture.run(terminals: [7]) { fixture in
            let server = fixture.server
            let proxy = try FaultProxy(upstreamPort: { server.port }, faults: .init(), seed: 1, mode: .tunnel(scheme: "https"))
            defer { proxy.stop() }
            #expect(proxy.url.hasPrefix("https://127.0.0.1:"))
            let journal = try SyncServiceTests.journal(in: fixture.directory)
            defer { try? journal.close() }
            let sync = SyncService(
                journal: journal, credential: try fixture.credential(7), settings: SyncSettings(url: proxy.url, timeout: .seconds(5)),
                client: fixture.client, logger: Logger(label: "test.tls"), wallTime: SystemWallTime())
            try SyncServiceTests.append(journal, count: 10, terminal: 7)
            #expect(await sync.step() == .uploaded(transactions: 10, through: 10))
            proxy.setFaults(.init(dropRequest: 1))
            try SyncServiceTests.append(journal, count: 5, terminal: 7)
            guard case .failed = await sync.step() else {
                Issue.record("an upload went through a cut network")
                return
            }
            proxy.setFaults(.init())
            #expect(await sync.step() == .uploaded(transactions: 5, through: 15))
            #expect(proxy.tally.droppedRequests >= 1)
        }
    }

    @Test("plain HTTP only with --unsafe-plain-http, which warns")
    func unsafePlainHTTP() async throws {
        try await BackOfficeFixture.run(terminals: [7], serveArguments: ["--unsafe-plain-http"]) { fixture in
            #expect(fixture.server.url.hasPrefix("http://127.0.0.1:"))
            #expect(fixture.server.log.contains("serving plain HTTP (--unsafe-plain-http)"), "\(fixture.server.log)")
            let answer = try await fixture.send("GET", "/v1/time")
            #expect(answer.status == 200)
        }
    }

    @Test("serve refuses --unsafe-plain-http with a certificate, and a --tls-name that is no name")
    func refusedOptions() async throws {
        for arguments in [["--unsafe-plain-http", "--tls-name", "x.example"], ["--tls-name", "a b"]] {
            let result = try await ProcessRunner.run(
                BuiltProducts.executable("loyalty-backoffice"), ["serve", "--database", "sqlite:/nonexistent/x.sqlite"] + arguments)
            #expect(result.status != 0)
            #expect(
                result.standardError.contains("--tls-name") || result.standardError.contains("--unsafe-plain-http"),
                "\(result.standardError)")
        }
    }
}
