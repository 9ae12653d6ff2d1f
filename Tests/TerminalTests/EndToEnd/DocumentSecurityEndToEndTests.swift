import CardProfile
import Foundation
import StoreProcesses
import SyncProtocol
import Testing

@testable import TerminalApp

/// A real terminal and a real back office, with someone rewriting what the back office sends:
/// the forged documents are put in its database (`sqlite3`), so the terminal receives them over
/// HTTP exactly as a proxy on the shop network would hand them over. Each must be refused with
/// its reason recorded (log, `refusals.json`, `/health`, `/metrics`), and the card stays blocked.
@Suite("Signed documents against a forger, end to end", .serialized)
struct DocumentSecurityEndToEndTests {
    static let member = "M-E2E-1"

    /// Puts `step` (and `snapshot`) in the back office's database as `version` of the block list.
    static func plant(_ step: SignedDocument, snapshot: SignedDocument? = nil, version: Int64, terminal: TerminalHarness) async throws {
        func hex(_ document: SignedDocument) throws -> String { "X'" + HexText.encode(try document.encoded()) + "'" }
        try await sql(
            "DELETE FROM documents WHERE kind = 'block-list' AND version >= \(version); "
                + "INSERT INTO documents (kind, version, body, snapshot, published_at) VALUES "
                + "('block-list', \(version), \(try hex(step)), \(try hex(snapshot ?? step)), 0);", terminal: terminal)
    }

    static func sql(_ statement: String, terminal: TerminalHarness) async throws {
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/sqlite3"), [terminal.directory + "/backoffice.sqlite", statement])
        #expect(result.status == 0, "\(result.standardError)")
    }

    /// Waits until the terminal records a refusal of the block list for `reason`; returns the line.
    static func refusal(_ reason: String, terminal: TerminalHarness) async throws -> String? {
        try await SyncEndToEndTests.eventually { () async throws -> String? in
            let refusals = try await terminal.get("/health").body["documentRefusals"] as? [String] ?? []
            return refusals.first { $0.hasPrefix("block-list") && $0.contains(": \(reason): ") }
        }
    }

    /// The card is still refused as blocked, and the terminal answers.
    static func expectStillBlocked(_ terminal: TerminalHarness, _ id: String) async throws {
        let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale(id, 100_000))
        #expect(sale.status < 500, "\(String(decoding: sale.data, as: UTF8.self))")
        #expect(
            (sale.body["refusal"] as? [String: Any])?["code"] as? String == "card-blocked", "\(String(decoding: sale.data, as: UTF8.self))")
    }

    @Test(
        "a forged delta, a rollback to an older version and a document key certified by another issuer are refused; the card stays blocked")
    func forgeriesRefused() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            let listPath = terminal.directory + "/blocked.txt"
            try "\(Self.member)\n".write(toFile: listPath, atomically: true, encoding: .utf8)
            let published = try await server.command([
                "publish", "block-list", "--file", listPath, "--document-key", SyncEndToEndTests.documentKeyPath(terminal),
            ])
            #expect(published.status == 0, "\(published.standardError)")
            let applied = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                try await terminal.get("/health").body["blockedMembers"] as? Int == 1 ? true : nil
            }
            #expect(applied == true, "the signed block list was not applied")
            try await Self.expectStillBlocked(terminal, "S-0")

            let keyFile = try DocumentKeyFile.load(SyncEndToEndTests.documentKeyPath(terminal))
            let key = try DocumentSigningKey(privateKey: try keyFile.key(), certificate: try #require(keyFile.certificate))
            let held = try #require(DocumentFolder(journalPath: terminal.directory + "/terminal.journal").held(.blockList))
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let unblocked = try BlockListDocument(blocked: []).encoded()
            let genuine = try key.publication(
                kind: .blockList, whole: unblocked, previous: (held.version, held.state), version: 2, issuedAt: now)

            // 1. A genuine delta (blocking one more member) rewritten in transit to unblock the card.
            var tampered = try key.publication(
                kind: .blockList, whole: try BlockListDocument(blocked: [Self.member, "M-OTHER"]).encoded(),
                previous: (held.version, held.state), version: 2, issuedAt: now
            ).step
            tampered.body = genuine.step.body
            tampered.state = genuine.step.state
            try await Self.plant(tampered, version: 2, terminal: terminal)
            let badSignature = try await Self.refusal("bad-signature", terminal: terminal)
            #expect(badSignature != nil, "a rewritten delta was not refused as bad-signature:\n\(terminal.log.suffix(3000))")
            try await Self.expectStillBlocked(terminal, "S-1")

            // 2. An older version replayed (the snapshot of version 1, as the back office once sent it).
            try await Self.plant(held.signed, version: 2, terminal: terminal)
            #expect(try await Self.refusal("rollback", terminal: terminal) != nil, "a replayed version 1 was not refused as rollback")
            try await Self.expectStillBlocked(terminal, "S-2")

            // 3. A document key certified by another issuer signs a well-formed unblocking delta.
            let stranger = Issuer.generateTestIssuer(programmeID: terminal.issuer.programmeID)
            let strangerFile = DocumentKeyFile.certified(keyId: "not-ours", generation: 9, by: stranger)
            let strangerKey = try DocumentSigningKey(
                privateKey: try strangerFile.key(), certificate: try #require(strangerFile.certificate))
            let foreign = try strangerKey.publication(
                kind: .blockList, whole: unblocked, previous: (held.version, held.state), version: 2, issuedAt: now)
            try await Self.plant(foreign.step, snapshot: foreign.snapshot, version: 2, terminal: terminal)
            #expect(try await Self.refusal("bad-certificate", terminal: terminal) != nil, "a foreign certificate was not refused")
            try await Self.expectStillBlocked(terminal, "S-3")

            // 4. A genuine delta, but on another base than the version the terminal holds.
            let wrongBase = try key.publication(kind: .blockList, whole: unblocked, previous: (7, held.state), version: 9, issuedAt: now)
            try await Self.plant(wrongBase.step, version: 2, terminal: terminal)
            #expect(try await Self.refusal("wrong-base", terminal: terminal) != nil, "a delta on another base was not refused")
            try await Self.expectStillBlocked(terminal, "S-4")

            // Each refusal is counted, kept beside the documents and named by diagnose.
            let metrics = String(decoding: try await terminal.get("/metrics").data, as: UTF8.self)
            for reason in ["bad-signature", "rollback", "bad-certificate", "wrong-base"] {
                #expect(
                    metrics.contains(#"loyalty_document_refusals_total{kind="block-list",reason="\#(reason)"}"#)
                        || metrics.contains(#"loyalty_document_refusals_total{reason="\#(reason)",kind="block-list"}"#),
                    "no refusal counted for \(reason)")
            }
            let kept = try String(contentsOfFile: terminal.directory + "/documents/refusals.json", encoding: .utf8)
            #expect(kept.contains("wrong-base"), "\(kept)")
            #expect(terminal.log.contains("refused: bad-signature"))

            // The genuine next version still applies: the member is unblocked.
            try await Self.sql("DELETE FROM documents WHERE kind = 'block-list' AND version >= 2;", terminal: terminal)
            try "".write(toFile: listPath, atomically: true, encoding: .utf8)
            let unblock = try await server.command([
                "publish", "block-list", "--file", listPath, "--document-key", SyncEndToEndTests.documentKeyPath(terminal),
            ])
            #expect(unblock.status == 0, "\(unblock.standardError)")
            let lifted = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                try await terminal.get("/health").body["blockedMembers"] as? Int == 0 ? true : nil
            }
            #expect(lifted == true, "the genuine version 2 was not applied:\n\(terminal.log.suffix(3000))")
        }
    }

    @Test("rotating the document key: documents re-signed under generation 2 apply, then anything signed with the old key is refused")
    func rotationRevokesTheOldKey() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            let oldKey = SyncEndToEndTests.documentKeyPath(terminal)
            let listPath = terminal.directory + "/blocked.txt"
            try "\(Self.member)\n".write(toFile: listPath, atomically: true, encoding: .utf8)
            #expect(try await server.command(["publish", "block-list", "--file", listPath, "--document-key", oldKey]).status == 0)

            // The procedure of docs/operations.md, "Document key": a new key, certified by the issuer
            // with a higher generation, installed, and every document published again under it.
            let newKey = terminal.directory + "/document-key-2.json"
            let backOffice = BuiltProducts.executable("loyalty-backoffice")
            let made = try await ProcessRunner.run(
                backOffice, ["publish", "document-key", "--output", newKey, "--key-id", "e2e-documents-2"])
            #expect(made.status == 0, "\(made.standardError)")
            let attributes = try FileManager.default.attributesOfItem(atPath: newKey)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let issuerPath = terminal.directory + "/issuer-private.json"
            try IssuerFile(terminal.issuer).save(issuerPath)
            let certificatePath = terminal.directory + "/document-key-2.certificate.json"
            let certified = try await ProcessRunner.run(
                BuiltProducts.executable("loyalty-sim"),
                [
                    "issuer", "certify-document-key", "--issuer", issuerPath, "--public-key",
                    made.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines), "--key-id", "e2e-documents-2", "--generation", "2",
                    "--out", certificatePath,
                ])
            #expect(certified.status == 0, "\(certified.standardError)")
            let installed = try await ProcessRunner.run(
                backOffice,
                [
                    "publish", "document-certificate", "--document-key", newKey, "--certificate", certificatePath, "--issuer-file",
                    terminal.directory + "/issuer.json",
                ])
            #expect(installed.status == 0, "\(installed.standardError)")
            let resigned = try await server.command(["publish", "re-sign", "--document-key", newKey])
            #expect(resigned.status == 0, "\(resigned.standardError)")
            let generation = try await SyncEndToEndTests.eventually { () -> String? in
                let text = try? String(contentsOfFile: terminal.directory + "/documents/key-generation", encoding: .utf8)
                return text == "2" ? text : nil
            }
            #expect(generation == "2", "the terminal did not take the re-signed block list:\n\(terminal.log.suffix(3000))")

            // The old key is compromised: what it signs is refused, even though the issuer once certified it.
            try "".write(toFile: listPath, atomically: true, encoding: .utf8)
            #expect(try await server.command(["publish", "block-list", "--file", listPath, "--document-key", oldKey]).status == 0)
            let revoked = try await Self.refusal("revoked-key", terminal: terminal)
            #expect(revoked != nil, "a document under the old generation was not refused:\n\(terminal.log.suffix(3000))")
            try await Self.expectStillBlocked(terminal, "S-K1")

            // The refusal survives a restart, and so does the generation.
            #expect(try await terminal.stop() == 0)
            try await terminal.start()
            let afterRestart = try await terminal.get("/health").body["documentRefusals"] as? [String] ?? []
            #expect(afterRestart.contains { $0.contains("revoked-key") }, "\(afterRestart)")
            try await Self.expectStillBlocked(terminal, "S-K2")
        }
    }
}
