import Foundation
import Testing

@testable import StoreSimulation

/// Refunds at any till are planned from a random stream of their own: a scenario without the
/// `refunds` block plans as before (a refund of one of the member's last three sales, at its
/// till), and with it the members, the other requests and the faults stay where they were.
@Suite("Refunds at any till: the plan")
struct RefundPlanTests {
    func scenario(refunds: String?, memberLife: String? = nil) throws -> Scenario {
        let block = refunds.map { #","refunds":\#($0)"# } ?? ""
        let life = memberLife.map { #","memberLife":\#($0)"# } ?? ""
        return try JSONDecoder().decode(
            Scenario.self,
            from: Data(
                #"{"name":"plan","seed":7,"terminals":4,"members":30,"transactions":1500,"mix":{"sale":60,"redemption":10,"refund":20,"balance":10},"faults":[{"kind":"copied-card","at":0.5},{"kind":"power-cut","terminal":1,"at":0.2}]\#(block)\#(life)}"#
                    .utf8))
    }

    func fingerprint(_ plan: ScenarioPlan) -> [String] {
        plan.requests.map { "\($0.terminal) \($0.member) \($0.name) \($0.pullAtCommand ?? 0)" }
            + plan.faults.map { "\($0.fault.kind) \($0.afterRequests) \($0.member)" }
    }

    /// Each planned sale by id: where, for whom, how much, and its place in the plan.
    func sales(_ plan: ScenarioPlan) -> [String: (request: PlannedRequest, amount: Int64)] {
        var sales: [String: (PlannedRequest, Int64)] = [:]
        for request in plan.requests { if case .sale(let id, let amount, _) = request.kind { sales[id] = (request, amount) } }
        return sales
    }

    @Test("without the refunds block a refund is of one of the member's last three sales, at the till that made it, with the card")
    func withoutTheBlock() throws {
        let plan = ScenarioPlan(try scenario(refunds: nil))
        let sales = sales(plan)
        var made: [Int: [String]] = [:]
        var refunds = 0
        for request in plan.requests {
            switch request.kind {
            case .sale(let id, _, _): made[request.member, default: []].append(id)
            case .refund(_, let saleId, let amount):
                refunds += 1
                let sale = try #require(sales[saleId])
                #expect(sale.request.terminal == request.terminal && sale.request.member == request.member)
                #expect((made[request.member] ?? []).suffix(3).contains(saleId), "\(request.name): not one of the last three")
                #expect(!request.cardless && !request.receipt && request.saleTerminal == nil)
                #expect(amount == nil || amount == max(1000, sale.amount / 2000 * 1000), "whole or half")
            case .balance: break
            }
        }
        #expect(refunds > 200)
        // What the seed planned before refunds at any till existed (its first requests, and a digest of all).
        #expect(Array(fingerprint(plan).prefix(4)) == Self.firstRequests, "\(fingerprint(plan).prefix(4))")
        #expect(Self.digest(fingerprint(plan)) == Self.planDigest, "\(Self.digest(fingerprint(plan)))")
    }

    @Test("the refunds block leaves the members, the tills of the other requests, the bills and the faults as they were")
    func ownStream() throws {
        let plain = ScenarioPlan(try scenario(refunds: nil))
        let block = ScenarioPlan(try scenario(refunds: #"{"anyTill":0.7,"withReceipt":0.8,"withoutCard":0.2}"#))
        #expect(block.requests.map(\.member) == plain.requests.map(\.member))
        for (a, b) in zip(plain.requests, block.requests) {
            if case .refund = a.kind { continue }
            #expect("\(a.terminal) \(a.name) \(a.pullAtCommand ?? 0)" == "\(b.terminal) \(b.name) \(b.pullAtCommand ?? 0)")
        }
        #expect(
            block.faults.map { "\($0.fault.kind) \($0.afterRequests) \($0.member)" }
                == plain.faults.map { "\($0.fault.kind) \($0.afterRequests) \($0.member)" })
        // Every shape of the block draws the same members and tills for the other requests.
        let none = ScenarioPlan(try scenario(refunds: #"{"anyTill":0,"withReceipt":0,"withoutCard":0}"#))
        #expect(none.requests.map(\.member) == plain.requests.map(\.member))
    }

    @Test("refunds go to any till, of any earlier sale of the member, with the receipt or not, without the card, whole or in part")
    func anyTill() throws {
        let plan = ScenarioPlan(
            try scenario(refunds: #"{"anyTill":0.7,"withReceipt":0.8,"withoutCard":0.2}"#, memberLife: #"{"cardless":0.2}"#))
        let sales = sales(plan)
        var made: [Int: [String]] = [:]
        var (elsewhere, older, withReceipt, withoutCard, parts, ofCardless, total) = (0, 0, 0, 0, 0, 0, 0)
        for request in plan.requests {
            switch request.kind {
            case .sale(let id, _, _): made[request.member, default: []].append(id)
            case .refund(_, let saleId, let amount):
                total += 1
                let sale = try #require(sales[saleId])
                let earlier = made[request.member] ?? []
                #expect(sale.request.member == request.member && earlier.contains(saleId), "\(request.name): not the member's earlier sale")
                #expect(request.saleTerminal == sale.request.terminal)
                if request.terminal != sale.request.terminal { elsewhere += 1 }
                if !earlier.suffix(3).contains(saleId) { older += 1 }
                if request.receipt { withReceipt += 1 }
                if request.cardless {
                    withoutCard += 1
                    #expect(request.pullAtCommand == nil)
                }
                if sale.request.cardless { ofCardless += 1 }
                if let amount {
                    parts += 1
                    #expect(amount >= 1000 && amount < sale.amount)
                }
            case .balance: break
            }
        }
        #expect(total > 200)
        // About 0.7 × 3/4 at another till, 0.8 with the receipt, 0.2 without the card, half in part.
        #expect((Double(elsewhere) / Double(total)) > 0.4 && Double(elsewhere) / Double(total) < 0.65, "\(elsewhere) of \(total)")
        #expect(Double(withReceipt) / Double(total) > 0.7 && Double(withReceipt) / Double(total) < 0.9, "\(withReceipt) of \(total)")
        #expect(Double(withoutCard) / Double(total) > 0.1 && Double(withoutCard) / Double(total) < 0.3, "\(withoutCard) of \(total)")
        #expect(parts > total / 3 && parts < 2 * total / 3, "\(parts) of \(total)")
        #expect(older > total / 2, "most members have more than three earlier sales: \(older) of \(total)")
        #expect(ofCardless > 0, "a sale made without the card is refunded too")
    }

    @Test("a refunds block with a share out of 0 ... 1 is refused, named")
    func badShares() throws {
        var bad = try scenario(refunds: #"{"anyTill":1.5,"withoutCard":-0.1}"#)
        #expect(bad.problems.contains("refunds.anyTill must be 0 ... 1 (a share of the refunds)"))
        #expect(bad.problems.contains("refunds.withoutCard must be 0 ... 1 (a share of the refunds)"))
        bad.refunds = RefundDraws()
        #expect(bad.problems.isEmpty, "\(bad.problems)")
        #expect(try scenario(refunds: "{}").refunds == RefundDraws(anyTill: 0.7, withReceipt: 0.8, withoutCard: 0.2))
    }

    /// A short digest of a plan's fingerprint (FNV-1a over its lines).
    static func digest(_ lines: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in lines.joined(separator: "\n").utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// Recorded from the planner as it was before the `refunds` block (seed 7 of ``scenario``).
    static let firstRequests = ["0 11 balance #0 0", "0 13 sale S-1 0", "0 12 balance #2 0", "3 26 sale S-3 0"]
    static let planDigest = "52c39347f9b88dd0"
}
