import Foundation
import StoreProcesses
import Testing

/// A member's erasure and the fleet's figures through the real stack (the terminal process,
/// pcscd, vpcd and the virtual card, a back office process over HTTPS): the terminal reports its
/// status after its sync cycles; an erased member's card is refused `member-erased` once the block
/// list arrives, which the next status report counts; the export keeps the ledger.
@Suite("Privacy and fleet end to end", .serialized)
struct PrivacyFleetEndToEndTests {
    @Test(
        "the terminal reports its status; an erased member's card is refused member-erased; the fleet shows the refusal and the documents held"
    )
    func erasureReachesTheTill() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 1_500_000))
            #expect(sale.status == 200, "\(String(decoding: sale.data, as: UTF8.self))")
            let member = try #require(try terminal.journalEntries().last?["member"] as? String)

            // The terminal's status arrives after a sync cycle.
            let reported = try await SyncEndToEndTests.eventually { () async throws -> [String: Any]? in
                let fleet = try await Self.fleet(server)
                guard let row = fleet.first(where: { $0["id"] as? Int == Int(terminal.terminalID) }),
                    row["reportedAt"] != nil, row["storedThrough"] as? Int ?? 0 >= 1, row["lastSequence"] as? Int ?? 0 >= 1
                else { return nil }
                return row
            }
            let row = try #require(reported, "no status report reached the back office")
            #expect(row["unsyncedTransactions"] as? Int != nil)
            #expect((row["journalFillPercent"] as? Double).map { $0 >= 0 && $0 < 80 } == true)
            #expect((row["clockDriftSeconds"] as? Double).map { abs($0) < 120 } == true, "\(row)")
            #expect((row["reasons"] as? [Any])?.isEmpty == true, "\(row)")

            // The member asks for an export, then for erasure.
            let exportPath = terminal.directory + "/export.json"
            let exported = try await server.command(["member", "export", member, "--output", exportPath])
            #expect(exported.status == 0, "\(exported.standardError)")
            let export = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: exportPath))) as? [String: Any])
            let ledger = try #require(export["ledger"] as? [[String: Any]])
            #expect(ledger.contains { ($0["entry"] as? [String: Any])?["requestId"] as? String == "S-1" }, "\(ledger)")
            let mode = try FileManager.default.attributesOfItem(atPath: exportPath)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let erased = try await server.command([
                "member", "erase", member, "--reason", "request E2E-1", "--document-key", SyncEndToEndTests.documentKeyPath(terminal),
            ])
            #expect(
                erased.status == 0 && erased.standardOutput.contains("member-erased"), "\(erased.standardOutput) \(erased.standardError)")

            // Once the block list arrives, the card is refused with a reason the POS can show.
            var refusal: [String: Any]?
            for attempt in 0..<30 {
                let tried = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-E\(attempt)", 100_000))
                if let code = (tried.body["refusal"] as? [String: Any]), code["code"] as? String == "member-erased" {
                    refusal = code
                    break
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            let refused = try #require(refusal, "the card was never refused member-erased")
            #expect((refused["reason"] as? String)?.contains("erased") == true)

            // The next status report counts the refusal and holds the newest block list.
            let counted = try await SyncEndToEndTests.eventually { () async throws -> [String: Any]? in
                let row = try await Self.fleet(server).first { $0["id"] as? Int == Int(terminal.terminalID) }
                return (row?["refusals"] as? [String: Int])?["member-erased"] ?? 0 >= 1 ? row : nil
            }
            let after = try #require(counted, "no report counted the refusal")
            let blockList = (after["documents"] as? [[String: Any]])?.first { $0["kind"] as? String == "block-list" }
            #expect(blockList?["held"] as? Int != nil && blockList?["held"] as? Int == blockList?["published"] as? Int, "\(after)")

            let shown = try await server.command(["member", "show", member])
            #expect(shown.status == 0 && shown.standardOutput.contains("\"erasure\""), "\(shown.standardOutput)")
        }
    }

    static func fleet(_ server: BackOfficeProcess) async throws -> [[String: Any]] {
        let fleet = try await server.command(["terminal", "fleet", "--format", "json"])
        #expect(fleet.status == 0, "\(fleet.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(fleet.standardOutput.utf8)) as? [String: Any]
        return object?["terminals"] as? [[String: Any]] ?? []
    }
}
