import CardProfile
import Foundation
import StoreProcesses
import Synchronization
import Testing

/// A real terminal enrolled with one back office, pointed at another whose certificate comes
/// from another authority: the TLS handshake fails, the sync logs and counts the refusal.
@Suite("Terminal refuses a back office of another authority", .serialized)
struct UntrustedBackOfficeTests {
    final class Servers: Sendable {
        let all = Mutex<[BackOfficeProcess]>([])
    }

    @Test("a terminal enrolled with one back office refuses another's certificate; the refusal is logged and counted")
    func refusesOtherAuthority() async throws {
        let servers = Servers()
        defer { for server in servers.all.withLock({ $0 }) { Task { _ = try? await server.stop(signal: SIGKILL) } } }
        try await CheckoutEndToEndTests.withTerminal(configure: { terminal in
            // The terminal's own back office hands it its authority at enrolment ...
            let own = BackOfficeProcess(
                database: "sqlite:\(terminal.directory)/backoffice.sqlite", logPath: terminal.directory + "/backoffice.log")
            let enrolled = try await own.command([
                "terminal", "enrol", "--credential-file", terminal.directory + "/credential.json", "--issuer-file",
                terminal.directory + "/issuer.json",
            ])
            #expect(enrolled.status == 0, "\(enrolled.standardError)")
            let credential = try TerminalCredentialFile.load(terminal.directory + "/credential.json")
            #expect(credential.backOfficeAuthority?.contains("BEGIN CERTIFICATE") == true)
            // ... another back office, with its own authority, is the one it is pointed at.
            let otherFolder = terminal.directory + "/other"
            try FileManager.default.createDirectory(atPath: otherFolder, withIntermediateDirectories: true)
            let other = BackOfficeProcess(database: "sqlite:\(otherFolder)/backoffice.sqlite", logPath: otherFolder + "/backoffice.log")
            servers.all.withLock { $0.append(other) }
            try await other.start()
            #expect(other.url.hasPrefix("https://"))
            try terminal.writeConfiguration(backOfficeURL: other.url)
        }) { terminal in
            try await terminal.insertCard()
            let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-U1", 100_000))
            #expect(sale.status == 200, "\(String(decoding: sale.data, as: UTF8.self))")
            let refused = try await SyncEndToEndTests.eventually { () async throws -> String? in
                let metrics = String(decoding: try await terminal.get("/metrics").data, as: UTF8.self)
                return metrics.contains("loyalty_sync_untrusted_server_total") ? metrics : nil
            }
            #expect(refused != nil, "no loyalty_sync_untrusted_server_total in /metrics")
            #expect(
                terminal.log.contains("sync refused the back office: its TLS certificate is not from the authority this terminal trusts"),
                "\(terminal.log.suffix(3000))")
        }
    }
}
