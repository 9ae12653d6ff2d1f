import CardProfile
import Foundation
import Logging
import PointsEngine
import StoreProcesses
import Synchronization
import TestSupport
import Testing
import VirtualCard

/// A real `loyalty-terminal run` whose back office URL is an ``AttackerProxy`` in front of a
/// real, untouched `loyalty-backoffice serve`: the terminal is enrolled, the member card
/// `M-E2E-1` is on the reader, and a second member's card (`M-E2E-2`) can take its place for an
/// ordinary sale.
struct AttackedTerminal {
    static let member = "M-E2E-1"
    static let otherMember = "M-E2E-2"

    let terminal: TerminalHarness
    let server: BackOfficeProcess
    let proxy: AttackerProxy
    let otherCard: VirtualCardHost

    /// What a test started, for the cleanup.
    private final class Started: Sendable {
        let server = Mutex<BackOfficeProcess?>(nil)
        let proxy = Mutex<AttackerProxy?>(nil)
    }

    /// Runs `body` with the terminal syncing through the proxy; everything is stopped afterwards.
    /// In the lab setting (`tls` false) everything is plain HTTP, named unsafe on both sides
    /// (`serve --unsafe-plain-http`, `backOffice.unsafePlainHTTP`), and the proxy reads and
    /// forwards requests (until the test gives it an attack). With `tls`, as in production, the
    /// back office serves HTTPS with its own authority, which enrolment hands the terminal (the
    /// only one it trusts), and the proxy relays the bytes, TLS end to end, until the test gives
    /// it a connection attack.
    static func run(tls: Bool = false, _ body: (AttackedTerminal) async throws -> Void) async throws {
        let started = Started()
        defer {
            started.proxy.withLock { $0?.stop() }
            if let server = started.server.withLock({ $0 }) { Task { _ = try? await server.stop(signal: SIGKILL) } }
        }
        try await CheckoutEndToEndTests.withTerminal(configure: { terminal in
            let server = BackOfficeProcess(
                database: "sqlite:\(terminal.directory)/backoffice.sqlite", logPath: terminal.directory + "/backoffice.log",
                arguments: tls ? [] : ["--unsafe-plain-http"])
            started.server.withLock { $0 = server }
            let enrolled = try await server.command([
                "terminal", "enrol", "--credential-file", terminal.directory + "/credential.json", "--issuer-file",
                terminal.directory + "/issuer.json",
            ])
            #expect(enrolled.status == 0, "\(enrolled.standardError)")
            try DocumentKeyFile.certified(keyId: "e2e-documents", generation: 1, by: terminal.issuer)
                .save(SyncEndToEndTests.documentKeyPath(terminal))
            try await server.start()
            let proxy = try AttackerProxy(upstreamPort: { server.port })
            started.proxy.withLock { $0 = proxy }
            if tls {
                #expect(server.url.hasPrefix("https://"))
                proxy.attackConnections(.relay(toPort: nil))
                try terminal.writeConfiguration(backOfficeURL: "https://127.0.0.1:\(proxy.port)")
            } else {
                try terminal.writeConfiguration(backOfficeURL: proxy.url)
                let configuration = try String(contentsOfFile: terminal.configurationPath, encoding: .utf8)
                try configuration.replacingOccurrences(of: #""timeoutSeconds": 5"#, with: #""unsafePlainHTTP": true, "timeoutSeconds": 5"#)
                    .write(toFile: terminal.configurationPath, atomically: true, encoding: .utf8)
            }
        }) { terminal in
            let server = try #require(started.server.withLock { $0 })
            let proxy = try #require(started.proxy.withLock { $0 })
            let other = Issuer.Member(
                memberID: otherMember, issued: try CalendarDate(year: 2025, month: 3, day: 1),
                expires: try CalendarDate(year: 2030, month: 12, day: 31), birthdayMonth: 1, birthdayDay: 2)
            let imagePath = terminal.directory + "/other-card.img"
            try CardImageFile(path: imagePath).write(terminal.issuer.personalise(other, uid: [0x08, 0x11, 0x22, 0x33]))
            let otherCard = VirtualCardHost(
                application: try MemberCardApplication(imagePath: imagePath), port: TerminalHarness.cardPort,
                logger: Logger(label: "test.mitm.other-card"))
            defer { otherCard.remove() }
            try await terminal.insertCard()
            try await body(AttackedTerminal(terminal: terminal, server: server, proxy: proxy, otherCard: otherCard))
            try await server.stop()
        }
    }

    // MARK: The back office, as its operator uses it

    /// `loyalty-backoffice publish block-list` with these members.
    func publishBlockList(_ members: [String]) async throws {
        let path = terminal.directory + "/blocked.txt"
        try members.map { $0 + "\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
        let published = try await server.command([
            "publish", "block-list", "--file", path, "--document-key", SyncEndToEndTests.documentKeyPath(terminal),
        ])
        #expect(published.status == 0, "\(published.standardError)")
    }

    /// `loyalty-backoffice publish bonuses` with one `review` grant for each of these members.
    func publishBonuses(for members: [String]) async throws {
        let path = terminal.directory + "/grants.json"
        let grants = members.map { #"{"member":"\#($0)","sequence":1,"kind":"review"}"# }.joined(separator: ",")
        try #"{"grants":[\#(grants)]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let published = try await server.command([
            "publish", "bonuses", "--file", path, "--document-key", SyncEndToEndTests.documentKeyPath(terminal),
        ])
        #expect(published.status == 0, "\(published.standardError)")
    }

    /// `loyalty-backoffice publish programme`: the embedded demo programme as `version`, giving
    /// `visitPoints` a visit, signed with the demo's TEST programme key.
    func publishProgramme(version: Int, visitPoints: Int) async throws {
        let published = try await SyncEndToEndTests.publishDemoProgramme(
            version: version, visitPoints: visitPoints, terminal: terminal, server: server)
        #expect(published.status == 0, "\(published.standardError)")
    }

    // MARK: What the terminal shows

    /// A number `GET /health` shows, once it is `expected` (asked every half second, at most
    /// `seconds`); what it last was.
    @discardableResult
    func health(_ field: String, becomes expected: Int, seconds: Int = 15) async throws -> Int? {
        var last: Int?
        for _ in 0..<(seconds * 2) {
            last = try await terminal.get("/health").body[field] as? Int
            if last == expected { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        return last
    }

    /// Expects the terminal to have refused `kind` for `reason` everywhere it records a refusal:
    /// `GET /health`, `/metrics`, `documents/refusals.json`, its log.
    func expectRefused(_ kind: String, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let line = try await SyncEndToEndTests.eventually { () async throws -> String? in
            let refusals = try await terminal.get("/health").body["documentRefusals"] as? [String] ?? []
            return refusals.first { $0.hasPrefix(kind) && $0.contains(": \(reason): ") }
        }
        #expect(line != nil, "no \(kind) refusal for \(reason) in /health:\n\(terminal.log.suffix(3000))", sourceLocation: sourceLocation)
        let metrics = String(decoding: try await terminal.get("/metrics").data, as: UTF8.self)
        #expect(
            metrics.contains(#"loyalty_document_refusals_total{kind="\#(kind)",reason="\#(reason)"}"#)
                || metrics.contains(#"loyalty_document_refusals_total{reason="\#(reason)",kind="\#(kind)"}"#),
            "no refusal of \(kind) counted for \(reason)", sourceLocation: sourceLocation)
        let kept = try Data(contentsOf: URL(fileURLWithPath: terminal.directory + "/documents/refusals.json"))
        let refusal = (try JSONSerialization.jsonObject(with: kept) as? [String: Any])?[kind] as? [String: Any]
        #expect(refusal?["reason"] as? String == reason, "\(String(decoding: kept, as: UTF8.self))", sourceLocation: sourceLocation)
        #expect(terminal.log.contains("\(kind)") && terminal.log.contains("refused: \(reason)"), sourceLocation: sourceLocation)
    }

    /// Expects the proxy to have changed at least one answer on `path`: the attack happened.
    func expectTampered(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            proxy.exchanges(path: path).contains { $0.tampered }, "the attacker changed no answer on \(path)",
            sourceLocation: sourceLocation)
    }

    // MARK: Taps

    /// A sale with the member card on the reader.
    func sale(_ id: String) async throws -> TerminalHarness.Reply {
        try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale(id, 1_000_000))
    }

    /// Expects the member card to be refused as blocked at a sale.
    func expectMemberBlocked(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await sale(id)
        let code = (reply.body["refusal"] as? [String: Any])?["code"] as? String
        #expect(code == "card-blocked", "\(String(decoding: reply.data, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    /// A sale with the other member's card in place of the member's (put back afterwards).
    func saleWithOtherCard(_ id: String) async throws -> TerminalHarness.Reply {
        terminal.host.remove()
        try await PCSCDaemon.waitForEmptyReader(TerminalHarness.reader)
        otherCard.insert()
        let reply = try await sale(id)
        otherCard.remove()
        try await terminal.insertCard()
        return reply
    }

    /// Expects the terminal to keep serving: `/health` answers and an ordinary sale on the other
    /// card succeeds.
    func expectServing(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let health = try await terminal.get("/health")
        #expect(health.status == 200, "\(String(decoding: health.data, as: UTF8.self))", sourceLocation: sourceLocation)
        let reply = try await saleWithOtherCard(id)
        #expect(reply.status == 200, "\(String(decoding: reply.data, as: UTF8.self))", sourceLocation: sourceLocation)
    }
}
