import Foundation
import StoreProcesses
import Testing

/// Refunds at any till through the real stack: two terminal processes of the same shop on the
/// same reader and card (pcscd, vpcd), one back office process over HTTPS.
@Suite("Refunds at any till end to end", .serialized)
struct RefundAnyTillEndToEndTests {
    /// Till 7 (with its back office) and till 8 of the same shop, enrolled at the same back office.
    static func withTwoTills(_ body: (TerminalHarness, TerminalHarness, BackOfficeProcess) async throws -> Void) async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { till7, server, _ in
            let till8 = try TerminalHarness(terminalID: 8, sameShopAs: till7)
            let enrolled = try await server.command([
                "terminal", "enrol", "--credential-file", till8.directory + "/credential.json", "--issuer-file",
                till7.directory + "/issuer.json",
            ])
            #expect(enrolled.status == 0, "\(enrolled.standardError)")
            try till8.writeConfiguration(backOfficeURL: server.url)
            do {
                try await till8.start()
                try await body(till7, till8, server)
            } catch {
                let log = till8.log
                try? await till8.stop(signal: SIGKILL)
                throw HarnessError("\(error)\n--- till 8 log ---\n\(log.suffix(3000))")
            }
            try? await till8.stop()
            try? FileManager.default.removeItem(atPath: till8.directory)
        }
    }

    /// Waits until `till` has uploaded its whole journal.
    static func synced(_ till: TerminalHarness) async throws {
        let done = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
            let health = try await till.get("/health")
            return health.body["journalWaitingRecords"] as? Int == 0 ? true : nil
        }
        try #require(done == true, "till \(till.terminalID) did not sync")
    }

    static func refund(_ id: String, _ sale: String, amount: Int? = nil, receipt: String? = nil, withoutCard: Bool = false) -> String {
        var fields = [#""refundId":"\#(id)""#, #""saleId":"\#(sale)""#, #""waitSeconds":5"#]
        if let amount { fields.append(#""amount":\#(amount)"#) }
        if let receipt { fields.append(#""receipt":"\#(receipt)""#) }
        if withoutCard { fields.append(#""withoutCard":true"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func code(_ reply: TerminalHarness.Reply) -> String? { (reply.body["refusal"] as? [String: Any])?["code"] as? String }

    @Test(
        "online: a sale refunded at another till with the card, found at the back office; two tills refunding the same sale at once, one wins"
    )
    func onlineAtAnotherTill() async throws {
        try await Self.withTwoTills { till7, till8, _ in
            let sale = try await till7.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 4_000_000))
            #expect(sale.status == 200)
            let earned = try #require((sale.body["points"] as? [String: Any])?["earned"] as? Int)
            let second = try await till7.post("/v1/sales", CheckoutEndToEndTests.sale("S-2", 2_000_000))
            #expect(second.status == 200)
            try await Self.synced(till7)

            // With the card, no receipt: till 8 finds the sale at the back office.
            let half = try await till8.post("/v1/refunds", Self.refund("R-1", "S-1", amount: 2_000_000))
            #expect(half.status == 200, "\(String(decoding: half.data, as: UTF8.self))")
            #expect(half.body["refundedAmount"] as? Int == 2_000_000)
            #expect((half.body["points"] as? [String: Any])?["takenBack"] as? Int == earned / 2)
            let entry = try #require(try till8.journalEntries().last)
            let details = try #require(entry["refund"] as? [String: Any])
            #expect(details["basis"] as? String == "back-office" && details["saleTerminal"] as? Int == 7)
            #expect(details["saleSequence"] as? Int == sale.body["journalSequence"] as? Int)

            // Two tills refund what is left of S-2 at the same moment, without the card: one wins.
            till7.host.remove()
            async let at7 = till7.post("/v1/refunds", Self.refund("R-7", "S-2", withoutCard: true))
            async let at8 = till8.post(
                "/v1/refunds", Self.refund("R-8", "S-2", receipt: second.body["receipt"] as? String, withoutCard: true))
            let answers = try await [at7, at8]
            #expect(answers.filter { $0.status == 200 }.count == 1, "\(answers.map { String(decoding: $0.data, as: UTF8.self) })")
            let loser = try #require(answers.first { $0.status != 200 })
            #expect(
                ["refund-in-progress", "already-refunded"].contains(Self.code(loser)), "\(String(decoding: loser.data, as: UTF8.self))")
            let winner = try #require(answers.first { $0.status == 200 })
            #expect(winner.body["trust"] as? String == "no-card" && winner.body["refundedAmount"] as? Int == 2_000_000)
        }
    }

    @Test(
        "offline: from the receipt's reference at another till; two offline tills over-refunding are caught at the back office and reported"
    )
    func offlineOverRefund() async throws {
        try await Self.withTwoTills { till7, till8, server in
            let sale = try await till7.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 3_000_000))
            let receipt = try #require(sale.body["receipt"] as? String)
            try await Self.synced(till7)
            till7.host.remove()
            try await server.stop()

            let atTill8 = try await till8.post("/v1/refunds", Self.refund("R-8", "S-1", receipt: receipt, withoutCard: true))
            #expect(atTill8.status == 200, "\(String(decoding: atTill8.data, as: UTF8.self))")
            #expect(try till8.journalEntries().last.flatMap { $0["refund"] as? [String: Any] }?["basis"] as? String == "receipt")
            let atTill7 = try await till7.post("/v1/refunds", Self.refund("R-7", "S-1", withoutCard: true))
            #expect(atTill7.status == 200, "each till alone sees the sale whole")
            let forged = try await till8.post("/v1/refunds", Self.refund("R-X", "S-1", receipt: String(receipt.dropLast(3)) + "AAA"))
            #expect(Self.code(forged) == "receipt-refused", "\(String(decoding: forged.data, as: UTF8.self))")

            try await server.start()
            try await Self.synced(till7)
            try await Self.synced(till8)
            var last = ""
            let reported = try await SyncEndToEndTests.eventually { () async throws -> String? in
                let report = try await server.command(["report", "refunds", "--format", "json"])
                last = report.standardOutput + report.standardError
                return report.standardOutput.contains("S-1") ? report.standardOutput : nil
            }
            let report = try #require(reported, "the over-refund is not in the back office's refunds report: \(last)")
            #expect(report.contains("3000000"), "the excess money: \(report)")
            let alarms = try await server.command(["alarms"])
            #expect(alarms.standardOutput.contains("over-refund"), "\(alarms.standardOutput)")
        }
    }

    @Test("a card's older balance is corrected online before a redemption; a slow back office leaves the offline rules, said in the answer")
    func liveBalanceAndSlowBackOffice() async throws {
        try await Self.withTwoTills { till7, till8, server in
            let sale = try await till7.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 5_000_000))
            let balance = try #require(sale.body["balance"] as? Int)
            try await Self.synced(till7)
            till7.host.remove()
            // Till 8 refunds the sale without the card: the back office holds the debit.
            let refund = try await till8.post("/v1/refunds", Self.refund("R-1", "S-1", withoutCard: true))
            try #require(refund.status == 200, "\(String(decoding: refund.data, as: UTF8.self))")
            let debit = try #require((refund.body["points"] as? [String: Any])?["net"] as? Int)
            #expect(debit < 0)
            try await Self.synced(till8)

            // The card still shows the old balance; till 7 applies the debit before the redemption.
            try await till7.insertCard()
            let spend = try await till7.post(
                "/v1/sales", #"{"saleId":"S-2","amount":1000000,"currency":"VND","redemption":"maximum","waitSeconds":5}"#)
            #expect(spend.status == 200, "\(String(decoding: spend.data, as: UTF8.self))")
            let lines = (spend.body["lines"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(lines.contains { $0.contains("Refund without your card at terminal 8") }, "\(lines)")
            let redeemed = (spend.body["points"] as? [String: Any])?["redeemed"] as? Int ?? 0
            #expect(redeemed <= max(0, balance + debit), "never the refunded sale's points")
            #expect(spend.body["fallback"] == nil)

            // A back office that does not answer: the answer comes within the budget's reach, offline rules.
            server.send(SIGSTOP)
            defer { server.send(SIGCONT) }
            let started = ContinuousClock.now
            let slow = try await till7.post(
                "/v1/sales", #"{"saleId":"S-3","amount":1000000,"currency":"VND","redemption":"maximum","waitSeconds":5}"#)
            let took = ContinuousClock.now - started
            server.send(SIGCONT)
            #expect(slow.status == 200, "\(String(decoding: slow.data, as: UTF8.self))")
            #expect(slow.body["fallback"] as? String == "offline-rules")
            // Below the sync client's own 5 s timeout: the lookup budget, not the timeout, ended the wait.
            #expect(took < .seconds(4.5), "the queue did not wait for the back office: \(took)")
        }
    }
}
