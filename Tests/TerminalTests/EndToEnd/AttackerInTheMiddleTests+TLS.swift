import Foundation
import StoreProcesses
import Testing

/// The attacks on the transport: the terminal syncs over HTTPS with its back office, trusting the
/// authority enrolment handed it and no other, and the attacker sits on the path (its proxy is the address the terminal
/// knows), relaying the bytes until it attacks. Whatever it does, the terminal never sends a
/// request it can read, records why it cannot reach its back office, keeps what it had, and
/// takes the genuine versions again once the path is clear.
extension AttackerInTheMiddleTests {
    /// True when the terminal's log shows it refused the server it reached as its back office.
    static func showsSyncFailure(_ log: String) -> Bool {
        log.contains("sync refused the back office: its TLS certificate is not from the authority this terminal trusts")
    }

    /// Expects the refused server counted in the terminal's `/metrics`.
    static func expectUntrustedServerCounted(_ stack: AttackedTerminal, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let metrics = String(decoding: try await stack.terminal.get("/metrics").data, as: UTF8.self)
        #expect(metrics.contains("loyalty_sync_untrusted_server_total"), "no refused server counted", sourceLocation: sourceLocation)
    }

    @Test("TLS stripped: a handshake answered in plain HTTP (offering http://) is refused; no request in the clear, the card stays blocked")
    func strippedTLS() async throws {
        try await AttackedTerminal.run(tls: true) { stack in
            try await stack.publishBlockList([AttackedTerminal.member])
            #expect(try await stack.health("blockedMembers", becomes: 1) == 1, "the block list did not pass, relayed over TLS")

            let logged = stack.terminal.log.count
            stack.proxy.attackConnections(.stripTLS)
            try await stack.publishBlockList([AttackedTerminal.member, Self.thirdMember])
            let refused = try await SyncEndToEndTests.eventually { () -> String? in
                let since = String(stack.terminal.log.dropFirst(logged))
                return stack.proxy.strippedHandshakes > 0 && Self.showsSyncFailure(since) ? since : nil
            }
            #expect(refused != nil, "the stripped handshake was not refused and logged:\n\(stack.terminal.log.suffix(3000))")
            #expect(refused?.contains("handshakeFailed") == true || refused?.contains("SSL") == true, "\(refused ?? "")")
            try await Self.expectUntrustedServerCounted(stack)
            #expect(stack.proxy.exchanges().isEmpty, "the terminal sent a request in plain HTTP")
            try await Self.expectHeldThenRecovered(stack)
        }
    }

    @Test(
        "a forged certificate: TLS terminated with a certificate for 127.0.0.1 from the attacker's authority is refused; nothing decrypted, the card stays blocked"
    )
    func forgedCertificate() async throws {
        try await AttackedTerminal.run(tls: true) { stack in
            try await stack.publishBlockList([AttackedTerminal.member])
            #expect(try await stack.health("blockedMembers", becomes: 1) == 1, "the block list did not pass, relayed over TLS")

            let forgery = try await TestAuthority.make("attacker", in: stack.terminal.directory + "/attacker")
            let forged = try await ForgedTLSServer(certificate: forgery.serverCertificate, key: forgery.serverKey)
            let logged = stack.terminal.log.count
            stack.proxy.attackConnections(.relay(toPort: forged.port))
            try await stack.publishBlockList([AttackedTerminal.member, Self.thirdMember])
            let refused = try await SyncEndToEndTests.eventually { () -> String? in
                let since = String(stack.terminal.log.dropFirst(logged))
                return forged.brokenOffHandshakes > 0 && Self.showsSyncFailure(since) ? since : nil
            }
            #expect(refused != nil, "the forged certificate was not refused and logged:\n\(stack.terminal.log.suffix(3000))")
            #expect(refused?.contains("CERTIFICATE_VERIFY_FAILED") == true, "\(refused ?? "")")
            try await Self.expectUntrustedServerCounted(stack)
            #expect(forged.decryptedBytes == 0, "the terminal sent a request through the forged TLS")
            try await Self.expectHeldThenRecovered(stack)
            await forged.stop()
        }
    }

    /// After a refused attack: the card is still blocked and the terminal still sells; once the
    /// path is clear, the genuine delta passes.
    static func expectHeldThenRecovered(_ stack: AttackedTerminal) async throws {
        #expect(try await stack.terminal.get("/health").body["blockedMembers"] as? Int == 1)
        try await stack.expectMemberBlocked("S-1")
        try await stack.expectServing("S-OTHER-1")

        // The sync backs off after failures (at most 30 s): the genuine delta comes within that.
        stack.proxy.attackConnections(.relay(toPort: nil))
        #expect(
            try await stack.health("blockedMembers", becomes: 2, seconds: 35) == 2,
            "the genuine delta did not pass once the path was clear")
    }
}
