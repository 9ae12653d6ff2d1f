import BackOfficeReports
import Foundation
import LedgerFormat
import PointsEngine
import StoreProcesses
import SyncProtocol
import Testing

/// `POST /v1/refund-reservations` and `GET /v1/reports/refunds` on a real server process, each
/// answer checked against `docs/backoffice-api.yaml`: two tills refunding one sale at once, a
/// refund synced, the refusals; two offline refunds beyond the sale reported and raised.
@Suite("Refunds at any till over HTTP")
struct RefundReservationEndpointTests {
    static let path = "/v1/refund-reservations"

    static func sale(_ id: String, amount: Int64, billPoints: Int64) -> LedgerEntry {
        var entry = LedgerEntry(kind: .sale, terminalId: 7, time: Int64(Date().timeIntervalSince1970) - 60)
        entry.requestId = id
        entry.member = "M-1"
        entry.card = "00112233445566AA"
        entry.trust = "member-card"
        entry.saleRecord = SaleRecord(
            saleId: id, day: Day(number: 20_253), amount: amount, qualifyingSpend: amount, billPoints: billPoints, bonusPoints: 0,
            redeemedPoints: 0)
        return entry
    }

    static func refund(_ id: String, of sale: String, terminal: UInt32, amount: Int64, takenBack: Int64) throws -> LedgerEntry {
        var entry = LedgerEntry(kind: .refund, terminalId: terminal, time: Int64(Date().timeIntervalSince1970) - 30)
        entry.requestId = id
        entry.refundedSaleId = sale
        entry.member = "M-1"
        entry.card = "00112233445566AA"
        entry.trust = "member-card"
        entry.refund = RefundDetails(saleTerminal: 7, saleSequence: 1, amount: amount, basis: .receipt)
        var answer = CheckoutAnswer(outcome: .completed, kind: .refund, requestId: id)
        answer.points = try JSONDecoder().decode(
            PointsSummary.self,
            from: Data(
                #"{"earned":0,"bonus":0,"redeemed":0,"expired":0,"takenBack":\#(takenBack),"returned":0,"writtenOff":0,"net":\#(-takenBack)}"#
                    .utf8))
        entry.answer = answer
        return entry
    }

    static func upload(_ entries: [LedgerEntry], terminal: UInt32, from first: UInt64, to fixture: BackOfficeFixture) async throws {
        let transactions = try entries.enumerated().map { offset, entry in
            UploadedTransaction(sequence: first + UInt64(offset), recordedAt: entry.time * 1000, payload: try entry.encoded())
        }
        let reply = try await fixture.upload(JournalBatch(terminal: terminal, transactions: transactions))
        #expect(reply.status == 200, "\(reply.text)")
    }

    static func reserve(_ body: String, by terminal: UInt32, _ fixture: BackOfficeFixture) async throws -> BackOfficeFixture.Reply {
        let bytes = Array(body.utf8)
        return try await fixture.send(
            "POST", path,
            headers: fixture.signedHeaders(bytes, terminal: terminal, key: try fixture.credential(terminal).privateKey, path: path)
                + [("Content-Type", "application/json")],
            body: bytes)
    }

    @Test(
        "two tills refunding one sale at once: one 201, the other 409 refund-in-progress; once the refund is synced, 409 already-refunded; 404, 409 ambiguous, 400",
        arguments: BackOfficeFixture.Backend.allCases)
    func reservations(backend: BackOfficeFixture.Backend) async throws {
        try await BackOfficeFixture.run(terminals: [7, 8, 9], backend: backend) { fixture in
            try await Self.upload([Self.sale("S-1", amount: 100_000, billPoints: 100)], terminal: 7, from: 1, to: fixture)
            async let eight = Self.reserve(#"{"saleTerminal":7,"saleId":"S-1","refundId":"R-8"}"#, by: 8, fixture)
            async let nine = Self.reserve(#"{"saleId":"S-1","refundId":"R-9","amount":100000}"#, by: 9, fixture)
            let replies = try await [eight, nine]
            #expect(replies.map(\.status).sorted() == [201, 409], "\(replies.map(\.text))")
            guard let index = replies.firstIndex(where: { $0.status == 201 }) else { return }
            let winner: UInt32 = index == 0 ? 8 : 9
            let held = try JSONDecoder().decode(RefundReservationAnswer.self, from: Data(replies[index].data))
            #expect(held.saleTerminal == 7 && held.saleSequence == 1 && held.member == "M-1" && held.card == "00112233445566AA")
            #expect(held.amount == 100_000 && held.billPoints == 100 && held.refundedAmount == 0 && held.reserved == 100_000)
            let refused = replies[1 - index]
            #expect(refused.problem?.error == "refund-in-progress" && refused.problem?.reason.contains("terminal \(winner)") == true)

            // The same refund asking again: the same hold.
            let again = try await Self.reserve(#"{"saleTerminal":7,"saleId":"S-1","refundId":"R-\#(winner)"}"#, by: winner, fixture)
            #expect(again.status == 201)
            #expect(try JSONDecoder().decode(RefundReservationAnswer.self, from: Data(again.data)) == held)

            // The refund's transaction is synced: nothing is left for the other till.
            try await Self.upload(
                [try Self.refund("R-\(winner)", of: "S-1", terminal: winner, amount: 100_000, takenBack: 100)], terminal: winner, from: 1,
                to: fixture)
            let loser: UInt32 = winner == 8 ? 9 : 8
            let late = try await Self.reserve(#"{"saleTerminal":7,"saleId":"S-1","refundId":"R-\#(loser)"}"#, by: loser, fixture)
            #expect(late.status == 409 && late.problem?.error == "already-refunded", "\(late.text)")

            let unknown = try await Self.reserve(#"{"saleTerminal":7,"saleId":"S-404","refundId":"R-1"}"#, by: 8, fixture)
            #expect(unknown.status == 404 && unknown.problem?.error == "unknown-sale")
            try await Self.upload([Self.sale("S-1", amount: 5_000, billPoints: 5)], terminal: 8, from: 2, to: fixture)
            let ambiguous = try await Self.reserve(#"{"saleId":"S-1","refundId":"R-2"}"#, by: 9, fixture)
            #expect(ambiguous.status == 409 && ambiguous.problem?.error == "ambiguous-sale", "\(ambiguous.text)")
            for bad in [
                #"{"saleId":"S-1","refundId":"R-2","amount":0}"#, #"{"saleId":"","refundId":"R-2"}"#,
                #"{"saleId":"S-1","refundId":"\#(String(repeating: "r", count: 65))"}"#, #"{"saleId":"S-1"}"#, "not json",
            ] {
                let reply = try await Self.reserve(bad, by: 9, fixture)
                #expect(reply.status == 400 && reply.problem?.error == "invalid-request", "\(bad): \(reply.text)")
            }
            let tooLarge = try await Self.reserve(
                #"{"saleId":"S-1","refundId":"R-2","pad":"\#(String(repeating: "x", count: 5000))"}"#, by: 9, fixture)
            #expect(tooLarge.status == 413)
            #expect(try await fixture.send("POST", Self.path, body: Array(#"{"saleId":"S-1","refundId":"R-2"}"#.utf8)).status == 401)
        }
    }

    @Test("two offline refunds of 60 %: the report lists the sale and its excess, an over-refund alarm is raised, the command prints it")
    func overRefundReport() async throws {
        try await BackOfficeFixture.run(terminals: [7, 8, 9]) { fixture in
            try await Self.upload([Self.sale("S-2", amount: 100_000, billPoints: 100)], terminal: 7, from: 1, to: fixture)
            for terminal: UInt32 in [8, 9] {
                try await Self.upload(
                    [try Self.refund("R-\(terminal)", of: "S-2", terminal: terminal, amount: 60_000, takenBack: 60)], terminal: terminal,
                    from: 1, to: fixture)
            }
            let auditor = [("Authorization", "Bearer \(fixture.auditorToken)")]
            #expect(try await fixture.send("GET", "/v1/reports/refunds").status == 401)
            let reply = try await fixture.send("GET", "/v1/reports/refunds", headers: auditor)
            #expect(reply.status == 200, "\(reply.text)")
            let report = try JSONDecoder().decode(RefundReport.self, from: Data(reply.data))
            #expect(report.overRefunds.count == 1)
            let sale = try #require(report.overRefunds.first)
            #expect(sale.saleId == "S-2" && sale.saleTerminal == 7 && sale.member == "M-1")
            #expect(sale.amount == 100_000 && sale.refunded == 120_000 && sale.refundCount == 2 && sale.excess == 20_000)

            let alarms = try await fixture.send("GET", "/v1/alarms", headers: auditor)
            #expect(alarms.text.contains("over-refund") && alarms.text.contains("20000 refunded beyond the sale"), "\(alarms.text)")

            let printed = try await fixture.server.command(["report", "refunds"])
            #expect(printed.status == 0, "\(printed.standardError)")
            #expect(
                printed.standardOutput.contains(
                    "sale S-2 terminal 7 sequence 1 member M-1: amount 100000, refunded 120000 by 2 refunds, excess 20000"),
                "\(printed.standardOutput)")
            let json = try await fixture.server.command(["report", "refunds", "--format", "json"])
            #expect(try JSONDecoder().decode(RefundReport.self, from: Data(json.standardOutput.utf8)) == report)
        }
    }
}
