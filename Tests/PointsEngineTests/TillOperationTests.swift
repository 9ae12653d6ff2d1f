import Foundation
import Testing

@testable import PointsEngine

@Suite("Till adjustments, reversals and the approval rules")
struct TillOperationTests {
    let context = Fixture.online()

    @Test("a goodwill adjustment credits now; a correction takes from the oldest lots, the rest a debt")
    func adjustments() throws {
        let engine = Fixture.engine
        let added = try engine.evaluate(
            TillAdjustment(points: 250, reason: "Goodwill"), member: Fixture.member(points: 100), now: Fixture.now, context: context)
        #expect(added.balance == 350 && added.bonusPoints == 250 && added.netPoints == 250)
        #expect(added.receipt == ["Goodwill: +250 pts"])
        let taken = try engine.evaluate(
            TillAdjustment(points: -150, reason: "Correction"), member: Fixture.member(points: 100), now: Fixture.now, context: context)
        #expect(taken.balance == -50 && taken.state.debt == 50 && taken.takenBackPoints == 150 && taken.netPoints == -150)
        #expect(throws: EngineError.self) {
            try engine.evaluate(TillAdjustment(points: 0, reason: "Nothing"), member: Fixture.newMember, now: Fixture.now, context: context)
        }
    }

    @Test("reversing a sale undoes it as its full refund: points, redeemed points, spend, the sale marked refunded")
    func saleReversed() throws {
        let start = Fixture.member(points: 5_000)
        let sale = try Fixture.run(Fixture.sale(850_000, redeem: .points(1_000)), start)
        let record = try #require(sale.saleRecord)
        #expect(sale.balance != start.balance)
        let reversed = try Fixture.engine.evaluate(reversalOf: .sale(record), member: sale.state, now: Fixture.now, context: context)
        #expect(reversed.balance == start.balance, "every point back where it was")
        #expect(reversed.state.spend.reduce(0) { $0 + $1.amount } == start.spend.reduce(0) { $0 + $1.amount })
        #expect(reversed.saleRecord?.isFullyRefunded == true)
        #expect(reversed.receipt.first == "Sale S1 reversed")
    }

    @Test("reversing a refund gives back what it took and takes what it gave; the sale is refundable again")
    func refundReversed() throws {
        let sale = try Fixture.run(Fixture.sale(850_000, redeem: .points(1_000)), Fixture.member(points: 5_000))
        let record = try #require(sale.saleRecord)
        let refund = try Fixture.run(.refund(Refund(refundId: "R1", original: record, amount: .amount(400_000))), sale.state)
        let after = try #require(refund.saleRecord)
        let reversed = try Fixture.engine.evaluate(
            reversalOf: .refund(before: record, after: after, takenBack: refund.takenBackPoints, returned: refund.returnedPoints),
            member: refund.state, now: Fixture.now, context: context)
        #expect(reversed.balance == sale.balance)
        #expect(reversed.state.spend == sale.state.spend)
        #expect(reversed.state.refunds == sale.state.refunds)
        #expect(reversed.saleRecord == record)
        let again = try Fixture.run(.refund(Refund(refundId: "R2", original: record, amount: .amount(400_000))), reversed.state)
        #expect(again.balance == refund.balance, "the same refund made again lands where the first did")
    }

    @Test("reversing an adjustment applies its opposite")
    func adjustmentReversed() throws {
        let engine = Fixture.engine
        let added = try engine.evaluate(
            TillAdjustment(points: 300, reason: "Goodwill"), member: Fixture.member(points: 40), now: Fixture.now, context: context)
        let undone = try engine.evaluate(reversalOf: .adjustment(points: 300), member: added.state, now: Fixture.now, context: context)
        #expect(undone.balance == 40)
        let taken = try engine.evaluate(
            TillAdjustment(points: -100, reason: "Correction"), member: Fixture.member(points: 40), now: Fixture.now, context: context)
        let given = try engine.evaluate(reversalOf: .adjustment(points: -100), member: taken.state, now: Fixture.now, context: context)
        #expect(given.balance == 40 && given.state.debt == 0)
    }

    @Test("a programme without approvals decodes, keeps its bytes, and gets the defaults")
    func defaults() throws {
        let encoded = Programme.demo.encoded()
        #expect(!String(decoding: encoded, as: UTF8.self).contains("approvals"))
        let decoded = try Programme.decode(encoded)
        #expect(decoded.approvals == nil && decoded.approvalRules == ApprovalRules())
        #expect(decoded.needsApproval(.adjustment(points: 1)))
        #expect(!decoded.needsApproval(.reversal) && !decoded.needsApproval(.refundWithoutReceipt))
        #expect(!decoded.needsApproval(.redemptionOverLimit))
        #expect(decoded.approvalRules.reversalWindowSeconds == 300)
    }

    @Test("the approvals section: thresholds by absolute points, partial sections take defaults, bad values are refused")
    func section() throws {
        var json = try #require(JSONSerialization.jsonObject(with: Data(Programme.demo.encoded())) as? [String: Any])
        json["approvals"] = ["adjustmentPointsWithoutApproval": 500, "refundWithoutReceipt": true]
        let programme = try Programme.decode(Array(try JSONSerialization.data(withJSONObject: json)))
        #expect(!programme.needsApproval(.adjustment(points: 500)) && !programme.needsApproval(.adjustment(points: -500)))
        #expect(programme.needsApproval(.adjustment(points: 501)) && programme.needsApproval(.adjustment(points: -501)))
        #expect(programme.needsApproval(.refundWithoutReceipt))
        #expect(programme.approvalRules.maximumAdjustmentPoints == 100_000)
        let bad = Fixture.programme {
            $0.approvals = ApprovalRules(adjustmentPointsWithoutApproval: -1, reversalWindowSeconds: 100_000)
        }
        #expect {
            try bad.validate()
        } throws: { error in
            guard let error = error as? ProgrammeValidationError else { return false }
            return error.names("approvals.adjustmentPointsWithoutApproval") && error.names("approvals.reversalWindowSeconds")
        }
    }
}
