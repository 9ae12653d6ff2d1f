import Foundation
import StoreProcesses
import Testing

extension SyncEndToEndTests {
    @Test(
        "a terminal that synced, stopped and started again with its back office out of reach keeps its last sync: an offline redemption is allowed, not refused as never synced"
    )
    func lastSyncSurvivesARestart() async throws {
        try await Self.withTerminalAndBackOffice { terminal, server, _ in
            let earn = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-L1", 5_000_000))
            #expect(earn.status == 200, "\(String(decoding: earn.data, as: UTF8.self))")
            let lastSyncPath = terminal.directory + "/last-sync"
            let kept = try await Self.eventually { () -> Int64? in
                (try? String(contentsOfFile: lastSyncPath, encoding: .utf8)).flatMap {
                    Int64($0.trimmingCharacters(in: .whitespacesAndNewlines))
                }
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let keptSync = try #require(kept, "the last sync was not kept beside the journal")
            #expect(abs(now - keptSync) < 60_000, "kept \(keptSync), now \(now)")

            #expect(try await terminal.stop() == 0)
            #expect(try await server.stop() == 0)
            try await terminal.start()
            #expect(terminal.log.contains("last sync kept"), "\(terminal.log.suffix(2000))")
            let redeem = try await terminal.post(
                "/v1/sales", #"{"saleId":"S-L2","amount":200000,"currency":"VND","redemption":50,"waitSeconds":10}"#)
            let text = String(decoding: redeem.data, as: UTF8.self)
            #expect(redeem.status == 200, "\(text)")
            #expect(redeem.body["redemption"] as? String == "applied: 50 points", "\(text)")
            #expect((redeem.body["points"] as? [String: Any])?["redeemed"] as? Int == 50, "\(text)")
            #expect(!text.contains("never synced"), "\(text)")
        }
    }
}
