import Checkout
import LedgerFormat
import PointsEngine
import Testing

/// A manager's approval for a refund without the receipt and a redemption over the limits.
@Suite("Checkout: approvals of refunds without a receipt and of redemptions over the limits")
struct ApprovedRefundAndRedemptionTests {
    static func service(_ fixture: CheckoutFixture) throws -> CheckoutService {
        var programme = Programme.demo
        programme.approvals = ApprovalRules(redemptionOverLimit: true, refundWithoutReceipt: true)
        let service = try fixture.service(online: false, programme: programme)
        service.updateManagers(TillOperationFlowTests.roster())
        return service
    }

    @Test("a refund without the receipt needs a manager: refused without one, or with a wrong PIN; journaled with who approved")
    func refundWithoutReceipt() async throws {
        let fixture = try CheckoutFixture()
        fixture.reader.present(try fixture.card("M-1"))
        let service = try Self.service(fixture)
        let sale = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
        #expect(await service.refund(RefundRequest(refundId: "R-1", saleId: "S-1")).refusal?.code == .approvalRequired)
        let wrong = RefundRequest(refundId: "R-1", saleId: "S-1", approval: .pin(manager: "M-1", pin: "0000"), cashier: "C-07")
        #expect(await service.refund(wrong).refusal?.code == .wrongPIN)
        let withReceipt = await service.refund(RefundRequest(refundId: "R-2", saleId: "S-1", amount: 100_000, receipt: sale.receipt))
        #expect(withReceipt.outcome == .completed, "a receipt needs no approval: \(withReceipt.refusal?.description ?? "")")
        let approved = RefundRequest(refundId: "R-3", saleId: "S-1", approval: .pin(manager: "M-1", pin: "4821"), cashier: "C-07")
        let refund = await service.refund(approved)
        #expect(refund.outcome == .completed, "\(refund.refusal?.description ?? "")")
        let entry = try #require(try fixture.entries().last?.entry)
        #expect(entry.approval == ApprovalRecord(manager: "M-1", method: .pin) && entry.cashier == "C-07")
        #expect(try fixture.entries().first { $0.entry.requestId == "R-2" }?.entry.approval == nil)
    }

    @Test("a redemption over the offline limit goes through with a manager's approval, and only then")
    func redemptionOverLimit() async throws {
        let fixture = try CheckoutFixture()
        fixture.reader.present(try fixture.card("M-1"))
        let service = try Self.service(fixture)
        service.setConnectivity(online: false, lastSync: service.now())
        _ = await service.sale(CheckoutFixture.sale("S-1", 20_000_000))
        let over = await service.sale(CheckoutFixture.sale("S-2", 4_000_000, redeem: .points(800)))
        #expect(over.points?.redeemed == 0, "the demo's offline limit is 500: \(over.redemption ?? "")")
        var approved = CheckoutFixture.sale("S-3", 4_000_000, redeem: .points(800))
        approved.approval = .pin(manager: "M-1", pin: "4821")
        approved.cashier = "C-07"
        let lifted = await service.sale(approved)
        #expect(lifted.points?.redeemed == 800, "\(lifted.redemption ?? "") \(lifted.refusal?.description ?? "")")
        let entry = try #require(try fixture.entries().last?.entry)
        #expect(entry.approval == ApprovalRecord(manager: "M-1", method: .pin) && entry.cashier == "C-07")
        var wrong = CheckoutFixture.sale("S-4", 4_000_000, redeem: .points(800))
        wrong.approval = .pin(manager: "M-1", pin: "1234")
        #expect(await service.sale(wrong).refusal?.code == .wrongPIN)
    }
}
