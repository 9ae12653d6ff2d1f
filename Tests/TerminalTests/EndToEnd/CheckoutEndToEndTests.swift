import Foundation
import TestSupport
import Testing

/// The terminal as the POS sees it: a `loyalty-terminal run` process, its POS API over HTTP,
/// a real pcscd with the vpcd driver, a simulated member card, a real journal file.
@Suite("Terminal end to end", .serialized)
struct CheckoutEndToEndTests {
    static func sale(_ id: String, _ amount: Int, wait: Int = 10) -> String {
        #"{"saleId":"\#(id)","amount":\#(amount),"currency":"VND","waitSeconds":\#(wait)}"#
    }

    /// Runs `body` with a started terminal on the second virtual reader.
    static func withTerminal(
        configure: (TerminalHarness) async throws -> Void = { _ in }, _ body: (TerminalHarness) async throws -> Void
    ) async throws {
        try await RealStack.withReader(TerminalHarness.reader) {
            try await PCSCDaemon.ensureRunning()
            // A card another test just took away stays listed until pcscd's next poll.
            try await PCSCDaemon.waitForEmptyReader(TerminalHarness.reader)
            let terminal = try TerminalHarness()
            do {
                try await configure(terminal)
                try await terminal.start()
                try await body(terminal)
            } catch {
                let log = terminal.log
                await terminal.cleanUp()
                throw HarnessError("\(error)\n--- terminal log ---\n\(log.suffix(4000))")
            }
            await terminal.cleanUp()
        }
    }

    @Test("earn, the same sale again, balance, partial and full refund, redemption, timeout")
    func salesAndRefunds() async throws {
        try await Self.withTerminal { terminal in
            let timeout = try await terminal.post("/v1/sales", Self.sale("S-0", 10_000, wait: 1))
            #expect(timeout.status == 408, "\(String(decoding: timeout.data, as: UTF8.self))")
            #expect(timeout.body["outcome"] as? String == "timed-out")

            try await terminal.insertCard()
            let sale = try await terminal.post("/v1/sales", Self.sale("S-1", 5_000_000))
            #expect(sale.status == 200, "\(String(decoding: sale.data, as: UTF8.self))")
            let balance = sale.body["balance"] as? Int ?? -1
            #expect(balance > 0)
            #expect((sale.body["lines"] as? [Any])?.isEmpty == false)

            let again = try await terminal.post("/v1/sales", Self.sale("S-1", 5_000_000))
            #expect(again.status == 200)
            #expect(again.body["replayed"] as? Bool == true)
            #expect(again.body["balance"] as? Int == balance)
            #expect(again.body["journalSequence"] as? Int == sale.body["journalSequence"] as? Int)

            let enquiry = try await terminal.post("/v1/balance", "{}")
            #expect(enquiry.body["balance"] as? Int == balance)

            let partial = try await terminal.post("/v1/refunds", #"{"refundId":"R-1","saleId":"S-1","amount":1000000}"#)
            #expect(partial.status == 200, "\(String(decoding: partial.data, as: UTF8.self))")
            let afterPartial = partial.body["balance"] as? Int ?? -1
            #expect(afterPartial < balance)

            let redeem = try await terminal.post(
                "/v1/sales", #"{"saleId":"S-2","amount":200000,"currency":"VND","redemption":50}"#)
            #expect(redeem.status == 200)
            #expect(redeem.body["redemption"] != nil)

            let full = try await terminal.post("/v1/refunds", #"{"refundId":"R-2","saleId":"S-1"}"#)
            #expect(full.status == 200)
            let unknown = try await terminal.post("/v1/refunds", #"{"refundId":"R-3","saleId":"S-404"}"#)
            #expect(unknown.status == 404)

            #expect(try terminal.journalKinds() == ["sale", "refund", "sale", "refund"])
            #expect(try terminal.cardBalance() == Int64(full.body["balance"] as? Int ?? -1))
            #expect(try await terminal.stop() == 0)
            let kinds = try terminal.journalKinds()
            #expect(kinds.last == "checkpoint", "a clean stop journals the confirmed card writes: \(kinds)")
        }
    }

    @Test("bad requests are refused with the field named, and nothing is journaled")
    func badInput() async throws {
        try await Self.withTerminal { terminal in
            let bad: [(String, String, String)] = [
                ("/v1/sales", #"{"saleId":"S-1","amount":-5,"currency":"VND"}"#, "amount"),
                ("/v1/sales", #"{"saleId":"S-1","amount":100000000000,"currency":"VND"}"#, "amount"),
                ("/v1/sales", #"{"saleId":"S-1","amount":1000,"currency":"XYZ"}"#, "currency"),
                ("/v1/sales", #"{"saleId":"bad id!","amount":1000,"currency":"VND"}"#, "saleId"),
                ("/v1/sales", #"{"saleId":"S-1","amount":"ten","currency":"VND"}"#, "amount"),
                ("/v1/refunds", #"{"refundId":"R-1","saleId":"S-1","amount":0}"#, "amount"),
            ]
            for (path, body, field) in bad {
                let reply = try await terminal.post(path, body)
                #expect(reply.status == 400, "\(body)")
                #expect(String(decoding: reply.data, as: UTF8.self).contains(field), "\(body)")
            }
            let huge = try await terminal.post("/v1/sales", String(repeating: " ", count: 100_000) + Self.sale("S-1", 1))
            #expect(huge.status == 413)
            #expect(try terminal.journalKinds().isEmpty)
        }
    }

    @Test("the card pulled at each APDU of a sale and put back: one sale, card and journal agree", arguments: 1...3)
    func pulledAtEachCommand(_ command: Int) async throws {
        try await Self.withTerminal { terminal in
            terminal.host.pullDuringCommand(number: terminal.host.commandCount + command)
            try await terminal.insertCard()
            async let reply = terminal.post("/v1/sales", Self.sale("S-1", 1_000_000, wait: 15))
            try await terminal.waitUntilPulled()
            try await terminal.insertCard()
            let answer = try await reply
            #expect(answer.status == 200, "\(String(decoding: answer.data, as: UTF8.self))")
            #expect(try terminal.journalKinds() == ["sale"])
            #expect(try terminal.cardBalance() == Int64(answer.body["balance"] as? Int ?? -1))
        }
    }

    @Test("terminal killed between the journal write and the card write, restarted: the retried sale completes once")
    func killedBetweenJournalAndCard() async throws {
        try await Self.withTerminal { terminal in
            // The card leaves at WRITE STATE: the sale is journaled, the card never gets it.
            terminal.host.pullDuringCommand(number: terminal.host.commandCount + 3)
            try await terminal.insertCard()
            let pending = Task { try? await terminal.post("/v1/sales", Self.sale("S-1", 1_000_000, wait: 30)) }
            try await terminal.waitUntilPulled()
            var kinds: [String] = []
            for _ in 0..<100 where kinds.isEmpty {
                kinds = try terminal.journalKinds()
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(kinds == ["sale"])
            try await terminal.stop(signal: SIGKILL)
            _ = await pending.value
            #expect(try terminal.cardBalance() == nil)

            try await terminal.start()
            try await terminal.insertCard()
            let retry = try await terminal.post("/v1/sales", Self.sale("S-1", 1_000_000))
            #expect(retry.status == 200, "\(String(decoding: retry.data, as: UTF8.self))")
            #expect(retry.body["replayed"] as? Bool == true)
            #expect(try terminal.journalKinds() == ["sale"])
            #expect(try terminal.cardBalance() == Int64(retry.body["balance"] as? Int ?? -1))
        }
    }
}
