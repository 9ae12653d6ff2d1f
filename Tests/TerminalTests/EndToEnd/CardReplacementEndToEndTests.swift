import CardProfile
import Foundation
import StoreProcesses
import Testing

/// A lost card through the real stack (the terminal process, pcscd, vpcd and the virtual card,
/// a back office process over HTTPS): the back office blocks the card, not the member, and
/// issues a replacement whose first tap carries the member's balance and tier.
@Suite("Lost card and replacement end to end", .serialized)
struct CardReplacementEndToEndTests {
    @Test(
        "a replacement card's first tap carries the lost card's balance and tier; the lost card is refused once the block arrives; the back office shows both cards' lives"
    )
    func replacementCarriesTheBalance() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            for id in ["S-1", "S-2"] {
                let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale(id, 1_500_000))
                #expect(sale.status == 200, "\(String(decoding: sale.data, as: UTF8.self))")
            }
            let balanceBefore = try #require(try terminal.cardBalance())
            #expect(balanceBefore > 0)
            let oldCard = try #require(try terminal.journalEntries().last?["card"] as? String)
            let synced = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                let status = try await Self.status(oldCard, server: server)
                return status["transactions"] as? Int == 2 ? true : nil
            }
            #expect(synced == true, "the sales did not reach the back office")

            // A new card for the same member, made by the issuer.
            let member = Issuer.Member(
                memberID: "M-E2E-1", issued: try CalendarDate(year: 2025, month: 1, day: 15),
                expires: try CalendarDate(year: 2030, month: 12, day: 31), birthdayMonth: 6, birthdayDay: 30)
            let newImage = terminal.issuer.personalise(member, uid: [0x08, 0x55, 0x66, 0x78])
            let newCard = try #require(newImage.record).record.cardKeyID.map { String(format: "%02X", $0) }.joined()
            let oldImage = try terminal.card.file.read()

            let refused = try await server.command(["card", "replace", "--lost", newCard, "--new-card", newCard])
            #expect(refused.status != 0, "a card cannot replace itself")
            let unknown = try await server.command([
                "card", "replace", "--lost", "00112233445566FF", "--new-card", newCard, "--document-key",
                SyncEndToEndTests.documentKeyPath(terminal),
            ])
            #expect(unknown.status != 0 && unknown.standardError.contains("no synced transaction"), "\(unknown.standardError)")
            let replaced = try await server.command([
                "card", "replace", "--lost", oldCard, "--new-card", newCard, "--document-key", SyncEndToEndTests.documentKeyPath(terminal),
            ])
            #expect(replaced.status == 0, "\(replaced.standardError)")
            #expect(replaced.standardOutput.contains("carrying \(balanceBefore) points"), "\(replaced.standardOutput)")

            // The member taps the new card: once the notice has arrived, it starts from the old balance.
            terminal.host.remove()
            try CardImageFile(path: terminal.card.file.path).write(newImage)
            try await terminal.insertCard()
            var carried: TerminalHarness.Reply?
            for attempt in 0..<30 {
                let balance = try await terminal.post("/v1/balance", #"{"waitSeconds":5}"#)
                if balance.body["balance"] as? Int == Int(balanceBefore) {
                    carried = balance
                    break
                }
                #expect(balance.body["balance"] as? Int == 0, "attempt \(attempt): \(String(decoding: balance.data, as: UTF8.self))")
                try await Task.sleep(for: .milliseconds(500))
            }
            let answer = try #require(carried, "the replacement notice never reached the new card")
            let lines = (answer.body["lines"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
            #expect(lines.first?.contains("carried over from your previous card") == true, "\(lines)")
            #expect(try terminal.cardBalance() == balanceBefore, "the carried state is on the new card")
            let first = try #require(try terminal.journalEntries().last)
            #expect(first["replaces"] as? String == oldCard)
            #expect(first["card"] as? String == newCard)
            let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-3", 1_500_000))
            #expect(sale.status == 200)
            #expect((sale.body["balance"] as? Int ?? 0) > Int(balanceBefore), "the new card earns on top of the carried balance")

            // The lost card is refused: blocked by its key, not the member.
            terminal.host.remove()
            try CardImageFile(path: terminal.card.file.path).write(oldImage)
            try await terminal.insertCard()
            let old = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-4", 100_000))
            #expect(
                (old.body["refusal"] as? [String: Any])?["code"] as? String == "card-blocked",
                "\(String(decoding: old.data, as: UTF8.self))")

            // A block list of whole members published from a file leaves the lost card blocked.
            let listPath = terminal.directory + "/members-blocked.txt"
            try "M-OTHER\n".write(toFile: listPath, atomically: true, encoding: .utf8)
            let members = try await server.command([
                "publish", "block-list", "--file", listPath, "--document-key", SyncEndToEndTests.documentKeyPath(terminal),
            ])
            #expect(members.standardOutput.contains("and 1 lost cards"), "\(members.standardOutput) \(members.standardError)")
            let oldStatus = try await Self.status(oldCard, server: server)
            #expect(oldStatus["state"] as? String == "replaced")
            #expect(oldStatus["lostAt"] != nil, "still blocked after the members' list: \(oldStatus)")
            #expect(oldStatus["replacedBy"] as? String == newCard)
            #expect(oldStatus["notCarriedPoints"] as? Int == 0)
            let newStatus = try await SyncEndToEndTests.eventually { () async throws -> [String: Any]? in
                let status = try await Self.status(newCard, server: server)
                return status["transactions"] as? Int == 2 ? status : nil
            }
            #expect(newStatus?["state"] as? String == "active")
            #expect(newStatus?["replaces"] as? String == oldCard)
            #expect(newStatus?["carriedStateApplied"] as? Bool == true)
            let again = try await server.command([
                "card", "replace", "--lost", oldCard, "--new-card", "00112233445566FF", "--document-key",
                SyncEndToEndTests.documentKeyPath(terminal),
            ])
            #expect(again.status != 0 && again.standardError.contains("already replaced"), "\(again.standardError)")
        }
    }

    @Test(
        "a lost card's tap made offline and synced after its replacement was issued reaches the member once, as a signed points adjustment applied at the new card's next tap"
    )
    func lateTapIsSettled() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            let first = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 1_500_000))
            #expect(first.status == 200)
            let oldCard = try #require(try terminal.journalEntries().last?["card"] as? String)
            let synced = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                try await Self.status(oldCard, server: server)["transactions"] as? Int == 1 ? true : nil
            }
            #expect(synced == true)
            let carried = try #require(try terminal.cardBalance())

            // The back office goes away; the old card buys once more, offline; the replacement is
            // issued meanwhile from what the back office has.
            _ = try await server.stop()
            let late = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-LATE", 2_500_000))
            #expect(late.status == 200)
            let lateNet = try #require((late.body["points"] as? [String: Any])?["net"] as? Int)
            #expect(lateNet > 0)
            let newImage = terminal.issuer.personalise(
                Issuer.Member(
                    memberID: "M-E2E-1", issued: try CalendarDate(year: 2025, month: 1, day: 15),
                    expires: try CalendarDate(year: 2030, month: 12, day: 31), birthdayMonth: 6, birthdayDay: 30),
                uid: [0x08, 0x55, 0x66, 0x79])
            let newCard = try #require(newImage.record).record.cardKeyID.map { String(format: "%02X", $0) }.joined()
            let key = SyncEndToEndTests.documentKeyPath(terminal)
            let replaced = try await server.command(["card", "replace", "--lost", oldCard, "--new-card", newCard, "--document-key", key])
            #expect(replaced.standardOutput.contains("carrying \(carried) points"), "\(replaced.standardOutput) \(replaced.standardError)")
            try await server.start()
            let arrived = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                try await Self.status(oldCard, server: server)["notCarriedPoints"] as? Int == lateNet ? true : nil
            }
            #expect(arrived == true, "the late tap never reached the back office as not carried")
            let settled = try await server.command(["card", "settle", "--document-key", key])
            #expect(settled.status == 0 && settled.standardOutput.contains("1 adjustments published"), "\(settled.standardOutput)")
            let again = try await server.command(["card", "settle", "--document-key", key])
            #expect(again.standardOutput.contains("0 adjustments published"), "settled once: \(again.standardOutput)")

            terminal.host.remove()
            try CardImageFile(path: terminal.card.file.path).write(newImage)
            try await terminal.insertCard()
            let expected = Int(carried) + lateNet
            var lines: [String] = []
            for _ in 0..<30 {
                let balance = try await terminal.post("/v1/balance", #"{"waitSeconds":5}"#)
                lines = (balance.body["lines"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
                if balance.body["balance"] as? Int == expected { break }
                // Before the notice and the adjustment arrive the enquiry changes nothing.
                #expect(balance.body["balance"] as? Int == 0 || balance.body["balance"] as? Int == Int(carried))
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(try terminal.cardBalance() == Int64(expected), "\(lines)")
            #expect(lines.contains { $0.contains("From your previous card") }, "\(lines)")
            let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-NEW", 100_000))
            let saleLines = (sale.body["lines"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
            #expect(!saleLines.contains { $0.contains("From your previous card") }, "applied once: \(saleLines)")
        }
    }

    @Test(
        "a replacement first used where its notice had not arrived ends with the lost card's balance once: the adjustments the lost card had applied, which the new card applies again, are not carried twice"
    )
    func unnoticedReplacementCountsAdjustmentsOnce() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            let key = SyncEndToEndTests.documentKeyPath(terminal)
            let first = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 1_500_000))
            #expect(first.status == 200)
            let oldCard = try #require(try terminal.journalEntries().last?["card"] as? String)
            let known = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                try await Self.status(oldCard, server: server)["transactions"] as? Int == 1 ? true : nil
            }
            #expect(known == true, "the sale did not reach the back office")

            // A purchase without the card: settled as the member's adjustment 1, which the lost card's next tap applies.
            let cardless = try await terminal.post(
                "/v1/sales", #"{"saleId":"S-NC","amount":2000000,"currency":"VND","member":{"memberId":"M-E2E-1"}}"#)
            #expect(cardless.body["trust"] as? String == "no-card", "\(String(decoding: cardless.data, as: UTF8.self))")
            let cardlessNet = try #require((cardless.body["points"] as? [String: Any])?["net"] as? Int)
            #expect(cardlessNet > 0)
            let before = try #require(try terminal.cardBalance())
            var carried: Int64?
            for _ in 0..<30 {
                _ = try await server.command(["card", "settle", "--document-key", key])
                let balance = try await terminal.post("/v1/balance", #"{"waitSeconds":5}"#)
                if balance.body["balance"] as? Int == Int(before) + cardlessNet {
                    carried = Int64(before) + Int64(cardlessNet)
                    break
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            let lostBalance = try #require(carried, "the adjustment of the purchase without the card never reached the card")
            let applied = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                try await Self.status(oldCard, server: server)["balance"] as? Int == Int(lostBalance) ? true : nil
            }
            #expect(applied == true, "the tap that applied the adjustment did not reach the back office")

            // The replacement is issued while the terminal cannot hear of it: the new card starts as a new member's.
            _ = try await server.stop()
            let newImage = terminal.issuer.personalise(
                Issuer.Member(
                    memberID: "M-E2E-1", issued: try CalendarDate(year: 2025, month: 1, day: 15),
                    expires: try CalendarDate(year: 2030, month: 12, day: 31), birthdayMonth: 6, birthdayDay: 30),
                uid: [0x08, 0x55, 0x66, 0x7A])
            let newCard = try #require(newImage.record).record.cardKeyID.map { String(format: "%02X", $0) }.joined()
            let replaced = try await server.command(["card", "replace", "--lost", oldCard, "--new-card", newCard, "--document-key", key])
            #expect(
                replaced.standardOutput.contains("carrying \(lostBalance) points"), "\(replaced.standardOutput) \(replaced.standardError)")
            terminal.host.remove()
            try CardImageFile(path: terminal.card.file.path).write(newImage)
            try await terminal.insertCard()
            let fresh = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-NEW", 100_000))
            let freshBalance = try #require(fresh.body["balance"] as? Int, "\(String(decoding: fresh.data, as: UTF8.self))")
            let freshLines = (fresh.body["lines"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
            #expect(
                freshLines.contains { $0.contains("Purchase without your card") }, "the new card applies adjustment 1 again: \(freshLines)")

            try await server.start()
            let arrived = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                try await Self.status(newCard, server: server)["transactions"] as? Int == 1 ? true : nil
            }
            #expect(arrived == true)
            let settled = try await server.command(["card", "settle", "--document-key", key])
            #expect(
                settled.standardOutput.contains("\(Int(lostBalance) - cardlessNet) points (replacement:\(newCard))"),
                "the carried balance less the adjustment the new card applies again: \(settled.standardOutput) \(settled.standardError)")
            let expected = freshBalance + Int(lostBalance) - cardlessNet
            var final: Int?
            for _ in 0..<30 {
                final = try await terminal.post("/v1/balance", #"{"waitSeconds":5}"#).body["balance"] as? Int
                if final == expected { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(final == expected, "the purchase without the card counted once: \(final ?? -1) against \(expected)")
        }
    }

    static func status(_ card: String, server: BackOfficeProcess) async throws -> [String: Any] {
        let result = try await server.command(["card", "status", "--card", card])
        #expect(result.status == 0, "\(result.standardError)")
        return (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))) as? [String: Any] ?? [:]
    }
}
