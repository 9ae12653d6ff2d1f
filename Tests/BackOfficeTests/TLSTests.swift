import AsyncHTTPClient
import Foundation
import Logging
import LoyaltyJournal
import NIOSSL
import StoreProcesses
import TerminalSync
import Testing
import Timekeeping

/// The back office over TLS (`serve --tls-certificate --tls-key`), with a certificate from the
/// back office's own authority: a terminal trusting that authority syncs; the system's trust
/// roots and plain HTTP get nowhere.
@Suite("Back office over TLS", .serialized)
struct TLSTests {
    /// A self-signed P-256 certificate for 127.0.0.1, made with the openssl command.
    static func makeCertificate(in folder: String) async throws -> (certificate: String, key: String) {
        let certificate = folder + "/backoffice.pem"
        let key = folder + "/backoffice.key"
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/openssl"),
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
            ])
        guard result.status == 0 else { throw BackOfficeTestError("openssl: \(result.standardError)") }
        return (certificate, key)
    }

    @Test("a terminal trusting the back office's authority syncs over https; untrusted or plain HTTP clients fail")
    func syncOverTLS() async throws {
        let folder = NSTemporaryDirectory() + "backoffice-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = try await Self.makeCertificate(in: folder)
        try await BackOfficeFixture.run(terminals: [7], serveArguments: ["--tls-certificate", files.certificate, "--tls-key", files.key]) {
            fixture in
            #expect(fixture.server.url.hasPrefix("https://"))
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(files.certificate))
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
            do {
                let journal = try SyncServiceTests.journal(in: fixture.directory)
                defer { try? journal.close() }
                try SyncServiceTests.append(journal, count: 25, terminal: 7)
                let sync = SyncService(
                    journal: journal, credential: try fixture.credential(7),
                    settings: SyncSettings(url: fixture.server.url, timeout: .seconds(5)),
                    client: client, logger: Logger(label: "test.tls"), wallTime: SystemWallTime())
                #expect(await sync.step() == .uploaded(transactions: 25, through: 25))

                // The system's roots do not know the back office's authority.
                let untrusted = SyncService(
                    journal: journal, credential: try fixture.credential(7),
                    settings: SyncSettings(url: fixture.server.url, timeout: .seconds(5)),
                    client: .shared, logger: Logger(label: "test.tls"), wallTime: SystemWallTime())
                try SyncServiceTests.append(journal, count: 1, terminal: 7)
                guard case .failed = await untrusted.step() else {
                    Issue.record("an untrusted certificate was accepted")
                    return
                }
                // Plain HTTP to the TLS port.
                let plain = fixture.server.url.replacingOccurrences(of: "https://", with: "http://")
                await #expect(throws: (any Error).self) {
                    _ = try await HTTPClient.shared.execute(HTTPClientRequest(url: plain + "/v1/time"), timeout: .seconds(5))
                }
            } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }
}
