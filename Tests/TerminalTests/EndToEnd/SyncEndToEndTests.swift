import AsyncHTTPClient
import CardProfile
import Foundation
import PointsEngine
import StoreProcesses
import Synchronization
import Testing

/// The terminal process and a back office process, both real, over HTTPS on loopback: what the
/// POS sells reaches the back office by the terminal's sync service, and what the back office
/// publishes reaches the terminal.
@Suite("Terminal and back office end to end", .serialized)
struct SyncEndToEndTests {
    /// The back office a test started, for the cleanup.
    final class ServerBox: Sendable {
        let server = Mutex<BackOfficeProcess?>(nil)
        let token = Mutex("")
    }

    /// Runs `body` with a terminal syncing to a back office (SQLite) where it is enrolled, the
    /// card on the reader, and an auditor's token.
    static func withTerminalAndBackOffice(
        journalSize: String = "1M", serveArguments: (TerminalHarness) -> [String] = { _ in [] },
        _ body: (TerminalHarness, BackOfficeProcess, String) async throws -> Void
    ) async throws {
        let box = ServerBox()
        defer { if let server = box.server.withLock({ $0 }) { Task { _ = try? await server.stop(signal: SIGKILL) } } }
        try await CheckoutEndToEndTests.withTerminal(configure: { terminal in
            let server = BackOfficeProcess(
                database: "sqlite:\(terminal.directory)/backoffice.sqlite", logPath: terminal.directory + "/backoffice.log",
                arguments: serveArguments(terminal))
            box.server.withLock { $0 = server }
            let enrolled = try await server.command([
                "terminal", "enrol", "--credential-file", terminal.directory + "/credential.json", "--issuer-file",
                terminal.directory + "/issuer.json",
            ])
            #expect(enrolled.status == 0, "\(enrolled.standardError)")
            try DocumentKeyFile.certified(keyId: "e2e-documents", generation: 1, by: terminal.issuer).save(documentKeyPath(terminal))
            let user = try await server.command(["user", "add", "auditor-e2e", "--role", "auditor"])
            box.token.withLock { $0 = user.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) }
            try await server.start()
            terminal.journalSize = journalSize
            try terminal.writeConfiguration(backOfficeURL: server.url)
        }) { terminal in
            let server = try #require(box.server.withLock { $0 })
            try await terminal.insertCard()
            try await body(terminal, server, box.token.withLock { $0 })
            try await server.stop()
        }
    }

    /// The document key (certified by the terminal's issuer) every test publication is signed with.
    static func documentKeyPath(_ terminal: TerminalHarness) -> String { terminal.directory + "/document-key.json" }

    /// Asks every half second, for at most 15 s, until `found` gives a value.
    static func eventually<T>(_ found: () async throws -> T?) async throws -> T? {
        for _ in 0..<30 {
            if let value = try await found() { return value }
            try await Task.sleep(for: .milliseconds(500))
        }
        return nil
    }

    @Test(
        "sales and a refund reach the back office through the sync service; /metrics shows taps and uploads; a published block list refuses the card"
    )
    func salesReachTheBackOffice() async throws {
        try await Self.withTerminalAndBackOffice { terminal, server, token in
            for id in ["S-1", "S-2"] {
                let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale(id, 1_200_000))
                #expect(sale.status == 200, "\(String(decoding: sale.data, as: UTF8.self))")
            }
            let refund = try await terminal.post("/v1/refunds", #"{"refundId":"R-1","saleId":"S-1"}"#)
            #expect(refund.status == 200, "\(String(decoding: refund.data, as: UTF8.self))")

            // The sync service is woken by each append: the back office has them within seconds.
            let auditor = try TrustingClient.make(authorityFile: server.authorityCertificatePath)
            var pulled = ""
            let deadline = ContinuousClock.now.advanced(by: .seconds(20))
            while !(pulled.contains(#""requestId":"S-1""#) && pulled.contains(#""requestId":"S-2""#)
                && pulled.contains(#""requestId":"R-1""#))
            {
                guard ContinuousClock.now < deadline else {
                    Issue.record("not in the back office after 20 s: \(pulled)")
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
                var request = HTTPClientRequest(url: server.url + "/v1/journal?format=ndjson")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let response = try await auditor.execute(request, timeout: .seconds(10))
                pulled = String(buffer: try await response.body.collect(upTo: 1 << 20))
            }
            if auditor !== HTTPClient.shared { try await auditor.shutdown() }
            #expect(pulled.contains(#""terminal":7"#))

            let metrics = String(decoding: try await terminal.get("/metrics").data, as: UTF8.self)
            for name in [
                "loyalty_taps_total", "loyalty_tap_duration_seconds", "loyalty_sync_uploads_total", "loyalty_journal_waiting_records",
                "pos_api_requests_total",
            ] {
                #expect(metrics.contains(name), "no \(name) in /metrics")
            }
            #expect(metrics.contains(#"loyalty_sync_uploads_total{outcome="stored"}"#), "\(metrics.prefix(3000))")

            // The back office blocks the member's card: the terminal downloads the list and refuses it.
            let listPath = terminal.directory + "/blocked.txt"
            try "M-E2E-1  # reported stolen\n".write(toFile: listPath, atomically: true, encoding: .utf8)
            #expect(try await terminal.get("/health").body["blockedMembers"] as? Int == 0)
            let published = try await server.command([
                "publish", "block-list", "--file", listPath, "--document-key", Self.documentKeyPath(terminal),
            ])
            #expect(published.status == 0, "\(published.standardError)")
            var refusal = ""
            for attempt in 0..<30 where refusal != "card-blocked" {
                try await Task.sleep(for: .milliseconds(500))
                let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-B\(attempt)", 100_000))
                refusal = ((sale.body["refusal"] as? [String: Any])?["code"] as? String) ?? "none (HTTP \(sale.status))"
            }
            #expect(refusal == "card-blocked", "the downloaded block list was not applied")
            #expect(try await terminal.get("/health").body["blockedMembers"] as? Int == 1, "/health shows the list in force")
            // diagnose reads what the running terminal kept.
            let diagnosis = try await ProcessRunner.run(
                BuiltProducts.executable("loyalty-terminal"), ["diagnose", "--config", terminal.configurationPath, "--json"])
            let report = try JSONSerialization.jsonObject(with: Data(diagnosis.standardOutput.utf8)) as? [String: Any]
            let documents = (report?["checks"] as? [[String: Any]])?.first { $0["name"] as? String == "documents" }
            #expect(documents?["status"] as? String == "passed", "\(diagnosis.standardOutput)")
            #expect((documents?["detail"] as? String)?.contains("block list v1: 1 members") == true, "\(String(describing: documents))")
            #expect(FileManager.default.fileExists(atPath: terminal.directory + "/documents/block-list.signed"))
        }
    }

    @Test(
        "a programme, event bonuses and revoked terminals published in the back office apply at the terminal while it runs, and again after a restart; each sale's entry names the programme version it was priced with"
    )
    func publishedDocumentsApply() async throws {
        try await Self.withTerminalAndBackOffice { terminal, server, _ in
            let before = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-P1", 100_000))
            #expect(before.status == 200, "\(String(decoding: before.data, as: UTF8.self))")
            // A newer version of the embedded demo programme (7 visit points instead of 2), signed
            // with the demo's TEST key, which the terminal trusts for the embedded programme.
            let published = try await Self.publishDemoProgramme(version: 2, visitPoints: 7, terminal: terminal, server: server)
            #expect(published.status == 0, "\(published.standardError)")
            let version = try await Self.eventually { () async throws -> Int? in
                let version = try await terminal.get("/health").body["programmeVersion"] as? Int
                return version == 2 ? version : nil
            }
            #expect(version == 2, "the downloaded programme was not applied")
            let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-P2", 100_000))
            #expect(Self.points(of: "visit", in: sale) == 7, "\(String(decoding: sale.data, as: UTF8.self))")

            // An event bonus granted in the back office is paid at the member's next tap, once.
            let grantsPath = terminal.directory + "/grants.json"
            try #"{"grants":[{"member":"M-E2E-1","sequence":1,"kind":"review"}]}"#.write(
                toFile: grantsPath, atomically: true, encoding: .utf8)
            let granted = try await server.command([
                "publish", "bonuses", "--file", grantsPath, "--document-key", Self.documentKeyPath(terminal),
            ])
            #expect(granted.status == 0, "\(granted.standardError)")
            let paid = try await Self.eventually { () async throws -> Int? in
                Self.points(of: "event", in: try await terminal.post("/v1/balance", "{}"))
            }
            #expect(paid == 10, "the granted review bonus was not paid")
            let again = try await terminal.post("/v1/balance", "{}")
            #expect(Self.points(of: "event", in: again) == nil, "a grant is paid once: \(String(decoding: again.data, as: UTF8.self))")

            // Another terminal is revoked: this one learns it (and keeps taking this card, whose state it signed itself).
            try TerminalCredentialFile(terminal.issuer.enrolTerminal(id: 8), test: true).save(terminal.directory + "/credential-8.json")
            let enrolled = try await server.command([
                "terminal", "enrol", "--credential-file", terminal.directory + "/credential-8.json", "--issuer-file",
                terminal.directory + "/issuer.json",
            ])
            #expect(enrolled.status == 0, "\(enrolled.standardError)")
            let revoked = try await server.command([
                "terminal", "revoke", "8", "--reason", "stolen", "--document-key", Self.documentKeyPath(terminal),
            ])
            #expect(revoked.status == 0, "\(revoked.standardError)")
            let revokedList = try await Self.eventually { () -> String? in
                (try? String(contentsOfFile: terminal.directory + "/documents/revoked-terminals.json", encoding: .utf8))
            }
            #expect(revokedList == #"{"revoked":[8]}"#)
            #expect(terminal.log.contains("revoked terminals in force"))
            let afterRevocation = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-R8", 100_000))
            #expect(afterRevocation.status == 200, "\(String(decoding: afterRevocation.data, as: UTF8.self))")

            // After a restart the kept programme is in force before anything is downloaded again.
            #expect(try await terminal.stop() == 0)
            try await terminal.start()
            #expect(try await terminal.get("/health").body["programmeVersion"] as? Int == 2)
            let afterRestart = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-P3", 100_000))
            #expect(Self.points(of: "visit", in: afterRestart) == 7, "\(String(decoding: afterRestart.data, as: UTF8.self))")

            // The journal says which programme priced each sale: version 1 before the publication,
            // version 2 after it, and after the restart.
            let pricedBy = try terminal.pricedBy()
            #expect(pricedBy["S-P1"] == "saigon-coffee-friends v1", "\(pricedBy)")
            for sale in ["S-P2", "S-R8", "S-P3"] { #expect(pricedBy[sale] == "saigon-coffee-friends v2", "\(sale): \(pricedBy)") }
        }
    }

    @Test("a programme published with a start time is verified when downloaded and comes into force at that time, not before")
    func programmeAtItsStartTime() async throws {
        try await Self.withTerminalAndBackOffice { terminal, server, _ in
            let start = Int64(Date().timeIntervalSince1970 * 1000) + 6_000
            let published = try await Self.publishDemoProgramme(version: 2, effectiveAt: start, terminal: terminal, server: server)
            #expect(published.status == 0, "\(published.standardError)")
            let pending = try await Self.eventually { () -> Bool? in
                FileManager.default.fileExists(atPath: terminal.directory + "/documents/programme.pending.signed") ? true : nil
            }
            #expect(pending == true, "the programme was not kept for its start time")
            if Int64(Date().timeIntervalSince1970 * 1000) < start - 500 {
                #expect(try await terminal.get("/health").body["programmeVersion"] as? Int == 1, "in force before its start time")
            }
            let version = try await Self.eventually { () async throws -> Int? in
                let version = try await terminal.get("/health").body["programmeVersion"] as? Int
                return version == 2 ? version : nil
            }
            #expect(version == 2, "the programme did not come into force at its start time")
            #expect(Int64(Date().timeIntervalSince1970 * 1000) >= start)
            #expect(!FileManager.default.fileExists(atPath: terminal.directory + "/documents/programme.pending.signed"))
        }
    }

    /// The points of the answer's receipt line of `rule`, if it has one.
    static func points(of rule: String, in reply: TerminalHarness.Reply) -> Int? {
        let lines = reply.body["lines"] as? [[String: Any]] ?? []
        return lines.first { $0["rule"] as? String == rule }?["points"] as? Int
    }

    /// `loyalty-backoffice publish programme`'s key file for the demo's TEST key
    /// (`docs/examples/test-keys/TEST-ONLY-demo-programme-key.txt`, public on purpose).
    /// `loyalty-backoffice publish programme`: the embedded demo programme as `version` (giving
    /// `visitPoints` a visit when given), signed with the demo's TEST programme key and the test
    /// document key, in force from `effectiveAt` (ms) when given.
    static func publishDemoProgramme(
        version: Int, visitPoints: Int? = nil, effectiveAt: Int64? = nil, terminal: TerminalHarness, server: BackOfficeProcess
    ) async throws -> ProcessResult {
        let keyPath = terminal.directory + "/programme-key.json"
        try demoSigningKeyFile().write(toFile: keyPath, atomically: true, encoding: .utf8)
        chmod(keyPath, 0o600)
        let path = terminal.directory + "/programme-v\(version).json"
        var document = Programme.demoDocument.replacingOccurrences(of: #""version": 1"#, with: #""version": \#(version)"#)
        if let visitPoints {
            document = document.replacingOccurrences(of: #""pointsPerVisit": 2"#, with: #""pointsPerVisit": \#(visitPoints)"#)
        }
        try document.write(toFile: path, atomically: true, encoding: .utf8)
        return try await server.command(
            ["publish", "programme", "--file", path, "--signing-key", keyPath, "--document-key", documentKeyPath(terminal)]
                + (effectiveAt.map { ["--effective-at", String($0)] } ?? []))
    }

    static func demoSigningKeyFile() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(
            contentsOf: root.appendingPathComponent("docs/examples/test-keys/TEST-ONLY-demo-programme-key.txt"), encoding: .utf8)
        func value(_ name: String) throws -> String {
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(name + ":") })
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return #"{"keyId":"\#(try value("key-id"))","privateKey":"\#(try value("private"))","publicKey":"\#(try value("public"))"}"#
    }
}
