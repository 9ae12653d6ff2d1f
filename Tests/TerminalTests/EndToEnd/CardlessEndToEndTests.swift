import Foundation
import StoreProcesses
import Testing

/// A member without their card through the real stack (the terminal process, a back office
/// process over HTTPS): found by member id, priced on the back office's state, the points to
/// spend held there so that they cannot be spent twice, settled onto the card at its next tap;
/// offline, a member id earns and a phone is refused with the reason.
@Suite("Members without their card end to end", .serialized)
struct CardlessEndToEndTests {
    static func cardless(_ id: String, _ amount: Int, member: String, redemption: String = "\"none\"") -> String {
        #"{"saleId":"\#(id)","amount":\#(amount),"currency":"VND","redemption":\#(redemption),"member":\#(member)}"#
    }

    @Test(
        "without the card: earn and spend by member id online, never the same points twice, settled onto the card once; offline a member id earns, a phone is refused"
    )
    func withoutTheCard() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            let first = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 3_000_000))
            #expect(first.status == 200)
            let cardBalance = try #require(first.body["balance"] as? Int)
            let oldCard = try #require(try terminal.journalEntries().last?["card"] as? String)
            let synced = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                try await CardReplacementEndToEndTests.status(oldCard, server: server)["transactions"] as? Int == 1 ? true : nil
            }
            #expect(synced == true)
            terminal.host.remove()

            let byId = #"{"memberId":"M-E2E-1"}"#
            let earned = try await terminal.post("/v1/sales", Self.cardless("C-1", 1_000_000, member: byId))
            #expect(earned.status == 200, "\(String(decoding: earned.data, as: UTF8.self))")
            #expect(earned.body["trust"] as? String == "no-card")
            let earnedNet = try #require((earned.body["points"] as? [String: Any])?["net"] as? Int)
            #expect(earned.body["balance"] as? Int == cardBalance + earnedNet, "priced on the back office's state")

            let unknown = try await terminal.post("/v1/sales", Self.cardless("C-X", 100_000, member: #"{"memberId":"M-NOBODY"}"#))
            #expect(unknown.status == 404)
            #expect((unknown.body["refusal"] as? [String: Any])?["code"] as? String == "unknown-member")
            let both = try await terminal.post(
                "/v1/sales", Self.cardless("C-Y", 100_000, member: #"{"memberId":"M-E2E-1","phone":"+60123456789"}"#))
            #expect(both.status == 400, "exactly one of phone and memberId")

            // All the points the bill allows, held at the back office; then more than is left is refused.
            let spent = try await terminal.post("/v1/sales", Self.cardless("C-2", 10_000_000, member: byId, redemption: "\"maximum\""))
            #expect(spent.status == 200, "\(String(decoding: spent.data, as: UTF8.self))")
            let spentPoints = try #require((spent.body["points"] as? [String: Any])?["redeemed"] as? Int)
            #expect(spentPoints > 0)
            let spentNet = try #require((spent.body["points"] as? [String: Any])?["net"] as? Int)
            #expect(spent.body["balance"] as? Int == cardBalance + earnedNet + spentNet)
            let left = cardBalance + earnedNet + spentNet
            // More than is left: never more than what the member has is spent.
            let more = try await terminal.post("/v1/sales", Self.cardless("C-3", 10_000_000, member: byId, redemption: "\(left + 100)"))
            let moreRedeemed = (more.body["points"] as? [String: Any])?["redeemed"] as? Int ?? 0
            #expect(moreRedeemed <= left, "\(String(decoding: more.data, as: UTF8.self))")
            let moreNet = (more.body["points"] as? [String: Any])?["net"] as? Int ?? 0

            // The back office settles both onto the card: its next tap shows them, once.
            var published = 0
            let stored = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                let settled = try await server.command(["card", "settle", "--document-key", SyncEndToEndTests.documentKeyPath(terminal)])
                published += settled.standardOutput.components(separatedBy: "\n").filter { $0.contains("Purchase without your card") }.count
                return published >= (more.status == 200 ? 3 : 2) ? true : nil
            }
            #expect(stored == true, "the two purchases without the card were not settled")
            #expect(published == (more.status == 200 ? 3 : 2), "each settled once")
            try await terminal.insertCard()
            let expected = cardBalance + earnedNet + spentNet + moreNet
            var shown: Int?
            for _ in 0..<30 {
                let balance = try await terminal.post("/v1/balance", #"{"waitSeconds":5}"#)
                shown = balance.body["balance"] as? Int
                if shown == expected { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(shown == expected)
            #expect(try terminal.cardBalance() == Int64(expected))
            terminal.host.remove()

            // Offline: a member id earns (settled later), a phone needs the back office.
            _ = try await server.stop()
            let offline = try await terminal.post("/v1/sales", Self.cardless("C-4", 500_000, member: byId))
            #expect(offline.status == 200, "\(String(decoding: offline.data, as: UTF8.self))")
            #expect(offline.body["balance"] == nil, "offline the balance is not known")
            let phone = try await terminal.post("/v1/sales", Self.cardless("C-5", 500_000, member: #"{"phone":"+60123456789"}"#))
            #expect(phone.status == 422)
            #expect((phone.body["refusal"] as? [String: Any])?["code"] as? String == "back-office-needed")
            let spendOffline = try await terminal.post("/v1/sales", Self.cardless("C-6", 500_000, member: byId, redemption: "50"))
            #expect((spendOffline.body["refusal"] as? [String: Any])?["code"] as? String == "back-office-needed")
            try await server.start()
        }
    }
}
