import AsyncHTTPClient
import Foundation
import Synchronization
import Testing
import TestSupport

/// The terminal process and a back office process, both real, over HTTP on loopback: what the
/// POS sells reaches the back office by the terminal's sync service.
@Suite("Terminal and back office end to end", .serialized)
struct SyncEndToEndTests {
    /// The back office a test started, for the cleanup.
    final class ServerBox: Sendable {
        let server = Mutex<BackOfficeProcess?>(nil)
        let token = Mutex("")
    }

    @Test("sales and a refund reach the back office through the sync service; /metrics shows taps and uploads; a published block list refuses the card")
    func salesReachTheBackOffice() async throws {
        let box = ServerBox()
        defer { if let server = box.server.withLock({ $0 }) { Task { _ = try? await server.stop(signal: SIGKILL) } } }
        try await CheckoutEndToEndTests.withTerminal(configure: { terminal in
            let server = BackOfficeProcess(database: "sqlite:\(terminal.directory)/backoffice.sqlite", logPath: terminal.directory + "/backoffice.log")
            box.server.withLock { $0 = server }
            let enrolled = try server.command([
                "terminal", "enrol", "--credential-file", terminal.directory + "/credential.json", "--issuer-file", terminal.directory + "/issuer.json",
            ])
            #expect(enrolled.status == 0, "\(enrolled.standardError)")
            let user = try server.command(["user", "add", "auditor-e2e", "--role", "auditor"])
            box.token.withLock { $0 = user.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) }
            try await server.start()
            try terminal.writeConfiguration(backOfficeURL: server.url)
        }) { terminal in
            let server = try #require(box.server.withLock { $0 })
            try await terminal.insertCard()
            for id in ["S-1", "S-2"] {
                let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale(id, 1_200_000))
                #expect(sale.status == 200, "\(String(decoding: sale.data, as: UTF8.self))")
            }
            let refund = try await terminal.post("/v1/refunds", #"{"refundId":"R-1","saleId":"S-1"}"#)
            #expect(refund.status == 200, "\(String(decoding: refund.data, as: UTF8.self))")

            // The sync service is woken by each append: the back office has them within seconds.
            let token = box.token.withLock { $0 }
            var pulled = ""
            let deadline = ContinuousClock.now.advanced(by: .seconds(20))
            while !(pulled.contains(#""requestId":"S-1""#) && pulled.contains(#""requestId":"S-2""#) && pulled.contains(#""requestId":"R-1""#)) {
                guard ContinuousClock.now < deadline else { Issue.record("not in the back office after 20 s: \(pulled)"); break }
                try await Task.sleep(for: .milliseconds(200))
                var request = HTTPClientRequest(url: server.url + "/v1/journal?format=ndjson")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                pulled = String(buffer: try await response.body.collect(upTo: 1 << 20))
            }
            #expect(pulled.contains(#""terminal":7"#))

            let metrics = String(decoding: try await terminal.get("/metrics").data, as: UTF8.self)
            for name in ["loyalty_taps_total", "loyalty_tap_duration_seconds", "loyalty_sync_uploads_total", "loyalty_journal_waiting_records",
                         "pos_api_requests_total"] {
                #expect(metrics.contains(name), "no \(name) in /metrics")
            }
            #expect(metrics.contains(#"loyalty_sync_uploads_total{outcome="stored"}"#), "\(metrics.prefix(3000))")

            // The back office blocks the member's card: the terminal downloads the list and refuses it.
            let listPath = terminal.directory + "/blocked.txt"
            try "M-E2E-1  # reported stolen\n".write(toFile: listPath, atomically: true, encoding: .utf8)
            let published = try server.command(["publish", "block-list", "--file", listPath])
            #expect(published.status == 0, "\(published.standardError)")
            var refusal = ""
            for attempt in 0..<30 where refusal != "card-blocked" {
                try await Task.sleep(for: .milliseconds(500))
                let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-B\(attempt)", 100_000))
                refusal = ((sale.body["refusal"] as? [String: Any])?["code"] as? String) ?? "none (HTTP \(sale.status))"
            }
            #expect(refusal == "card-blocked", "the downloaded block list was not applied")
            #expect(FileManager.default.fileExists(atPath: terminal.directory + "/documents/block-list.version"))
            try await server.stop()
        }
    }
}
