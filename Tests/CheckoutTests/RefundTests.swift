import Checkout
import Testing

@Suite("Checkout: refunds")
struct RefundFlowTests {
    @Test("a partial then a full refund take the points back; a third is refused")
    func partialThenFull() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let card = try fixture.card("M-1")
        fixture.reader.present(card)
        let sale = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
        let partial = await service.refund(RefundRequest(refundId: "R-1", saleId: "S-1", amount: 500_000))
        #expect(partial.outcome == .completed, "\(partial.refusal?.description ?? "")")
        #expect(partial.points?.takenBack ?? 0 > 0)
        #expect(partial.saleId == "S-1")
        let full = await service.refund(RefundRequest(refundId: "R-2", saleId: "S-1"))
        #expect(full.outcome == .completed)
        #expect((full.balance ?? -1) < (partial.balance ?? 0))
        #expect(full.balance == 0, "sale \(sale.balance ?? -1), after refunds \(full.balance ?? -1)")
        let third = await service.refund(RefundRequest(refundId: "R-3", saleId: "S-1"))
        #expect(third.refusal?.code == .alreadyRefunded)
        #expect(try cardState(card)?.balance == full.balance)
        #expect(try fixture.entries().map(\.entry.kind) == [.sale, .refund, .refund])
    }

    @Test("a refund of an unknown sale, or with another card, is refused")
    func refusals() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        fixture.reader.present(try fixture.card("M-1"))
        _ = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
        let unknown = await service.refund(RefundRequest(refundId: "R-1", saleId: "S-404"))
        #expect(unknown.refusal?.code == .unknownSale)
        fixture.reader.present(try fixture.card("M-2", uid: [1, 2, 3, 4]))
        let wrong = await service.refund(RefundRequest(refundId: "R-2", saleId: "S-1"))
        #expect(wrong.refusal?.code == .wrongCard)
        #expect(try fixture.entries().count == 1)
    }

    @Test("after a restart, sales are still refundable and answers still replay")
    func afterRestart() async throws {
        let fixture = try CheckoutFixture()
        let card = try fixture.card("M-1")
        fixture.reader.present(card)
        do {
            let service = try fixture.service()
            _ = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
            await service.shutdown()
            try service.journal.close()
        }
        let restarted = try fixture.service()
        #expect(restarted.inDoubtCount == 0)
        let replay = await restarted.sale(CheckoutFixture.sale("S-1", 1_000_000))
        #expect(replay.replayed)
        let refund = await restarted.refund(RefundRequest(refundId: "R-1", saleId: "S-1"))
        #expect(refund.outcome == .completed)
        #expect(try cardState(card)?.balance == 0)
    }
}
