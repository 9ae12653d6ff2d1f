import Foundation
import LedgerFormat
import PointsEngine
import Testing

@testable import Checkout

/// Refunds of a sale made at another till, without the network: from the receipt's signed
/// reference, with the card or without it.
@Suite("Checkout: refunds at any till, offline")
struct AnyTillRefundTests {
    /// A sale of 1,000,000 VND at terminal 7 (its own journal), and its receipt reference.
    static func saleAtTerminal7(_ fixture: CheckoutFixture) async throws -> CheckoutAnswer {
        let seller = try fixture.service(terminalID: 7, journalPath: fixture.directory + "/t7.lj", online: false)
        let sale = await seller.sale(CheckoutFixture.sale("S-1", 1_000_000))
        await seller.shutdown()
        return sale
    }

    @Test("another till refunds a sale from its receipt, in parts, never beyond the sale; the last part is refused")
    func fromReceiptInParts() async throws {
        let fixture = try CheckoutFixture()
        let card = try fixture.card("M-1")
        fixture.reader.present(card)
        let sale = try await Self.saleAtTerminal7(fixture)
        let receipt = try #require(sale.receipt)
        #expect(receipt.hasPrefix(ReceiptReference.textPrefix))
        let till = try fixture.service(terminalID: 8, online: false)
        let first = await till.refund(RefundRequest(refundId: "R-1", saleId: "S-1", amount: 600_000, receipt: receipt))
        #expect(first.outcome == .completed, "\(first.refusal?.description ?? "")")
        #expect(first.refundedAmount == 600_000)
        let rest = await till.refund(RefundRequest(refundId: "R-2", saleId: "S-1", amount: 900_000, receipt: receipt))
        #expect(rest.refundedAmount == 400_000, "only what is left of the sale")
        #expect(try cardState(card)?.balance == 0, "every point of the sale taken back once")
        let more = await till.refund(RefundRequest(refundId: "R-3", saleId: "S-1", receipt: receipt))
        #expect(more.refusal?.code == .alreadyRefunded)
        let refunds = try fixture.entries().map(\.entry)
        #expect(
            refunds.map(\.refund) == [
                RefundDetails(saleTerminal: 7, saleSequence: nil, amount: 600_000, basis: .receipt),
                RefundDetails(saleTerminal: 7, saleSequence: nil, amount: 400_000, basis: .receipt),
            ])
    }

    @Test("a till nobody told of an earlier refund learns it from the card: the sale is not refunded twice")
    func cardMarksCatchASecondTill() async throws {
        let fixture = try CheckoutFixture()
        let card = try fixture.card("M-1")
        fixture.reader.present(card)
        let receipt = try #require(try await Self.saleAtTerminal7(fixture).receipt)
        let first = try fixture.service(terminalID: 8, journalPath: fixture.directory + "/t8.lj", online: false)
        #expect(await first.refund(RefundRequest(refundId: "R-1", saleId: "S-1", receipt: receipt)).refundedAmount == 1_000_000)
        let second = try fixture.service(terminalID: 9, online: false)
        let again = await second.refund(RefundRequest(refundId: "R-2", saleId: "S-1", receipt: receipt))
        #expect(again.refusal?.code == .alreadyRefunded, "\(again)")
        #expect(try fixture.entries().isEmpty, "nothing journaled at the second till")
    }

    @Test("a forged, altered, misapplied or revoked receipt is refused with the reason, before any tap")
    func receiptRefusals() async throws {
        let fixture = try CheckoutFixture()
        fixture.reader.present(try fixture.card("M-1"))
        let receipt = try #require(try await Self.saleAtTerminal7(fixture).receipt)
        let till = try fixture.service(terminalID: 8, online: false)
        var altered = Array(receipt)
        let middle = altered.count / 3
        altered[middle] = altered[middle] == "A" ? "B" : "A"
        let forged = await till.refund(RefundRequest(refundId: "R-1", saleId: "S-1", receipt: String(altered)))
        #expect(forged.refusal?.code == .receiptRefused, "\(forged)")
        let otherSale = await till.refund(RefundRequest(refundId: "R-2", saleId: "S-2", receipt: receipt))
        #expect(otherSale.refusal?.code == .receiptRefused)
        #expect(otherSale.refusal?.reason.contains("S-1") == true)

        let stranger = try CheckoutFixture()
        stranger.reader.present(try stranger.card("M-1"))
        let foreign = try #require(try await Self.saleAtTerminal7(stranger).receipt)
        let foreignRefund = await till.refund(RefundRequest(refundId: "R-3", saleId: "S-1", receipt: foreign))
        #expect(foreignRefund.refusal?.code == .receiptRefused, "another issuer's terminal")

        till.updateRevokedTerminals([7])
        let revoked = await till.refund(RefundRequest(refundId: "R-4", saleId: "S-1", receipt: receipt))
        #expect(revoked.refusal?.code == .receiptRefused)
        #expect(revoked.refusal?.reason.contains("revoked") == true)
        #expect(try fixture.entries().isEmpty)
    }

    @Test("without the card, offline: the refund's points are journaled as a debit the card settles later")
    func withoutCardOffline() async throws {
        let fixture = try CheckoutFixture()
        fixture.reader.present(try fixture.card("M-1"))
        let sale = try await Self.saleAtTerminal7(fixture)
        fixture.reader.remove()
        let till = try fixture.service(terminalID: 8, online: false)
        let refund = await till.refund(RefundRequest(refundId: "R-1", saleId: "S-1", receipt: sale.receipt, withoutCard: true))
        #expect(refund.outcome == .completed, "\(refund.refusal?.description ?? "")")
        #expect(refund.trust == CardlessPurchase.trust)
        #expect(refund.memberId == "M-1")
        #expect(refund.balance == nil, "nobody knows the balance offline")
        let earned = (sale.points?.earned ?? 0) + (sale.points?.bonus ?? 0)
        #expect(refund.points?.net == -earned, "the whole sale's points owed")
        let entry = try #require(try fixture.entries().last?.entry)
        #expect(entry.trust == CardlessPurchase.trust && entry.card == nil && entry.refund?.basis == .receipt)
    }

    @Test("past the programme's refund period: refused before any tap, nothing journaled")
    func tooLate() async throws {
        let fixture = try CheckoutFixture()
        var programme = Programme.demo
        programme.refunds.maxAgeDays = 30
        let card = try fixture.card("M-1")
        fixture.reader.present(card)
        let service = try fixture.service(online: false, programme: programme)
        _ = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
        fixture.clock.advance(byMilliseconds: 30 * 86_400_000)
        let inTime = await service.refund(RefundRequest(refundId: "R-1", saleId: "S-1", amount: 100_000))
        #expect(inTime.outcome == .completed, "the 30th day is within the period")
        fixture.clock.advance(byMilliseconds: 86_400_000)
        let late = await service.refund(RefundRequest(refundId: "R-2", saleId: "S-1"))
        #expect(late.refusal?.code == .refundTooLate, "\(late)")
        #expect(try fixture.entries().map(\.entry.kind) == [.sale, .refund])
    }

    @Test("a receipt reference reads back exactly what was signed")
    func roundTrip() throws {
        let fixture = try CheckoutFixture()
        let record = SaleRecord(
            saleId: "S-42", day: Day(number: 20_700), amount: 123_456, qualifyingSpend: 120_000, billPoints: 12, bonusPoints: 5,
            redeemedPoints: 3, refundedAmount: 99)
        let reference = ReceiptReference(
            programmeID: CheckoutFixture.programmeID, terminalID: 7, member: "M-1", card: "0011223344556677", record: record)
        let text = reference.signed(by: fixture.issuer.enrolTerminal(id: 7))
        #expect(text.count < 600, "\(text.count) characters")
        let policy = try fixture.service(online: false).terminal.policy
        let read = try ReceiptReference(verifying: text, policy: policy)
        #expect(read == reference)
        #expect(read.record.refundedAmount == 0, "a receipt carries the sale as made")
        #expect(throws: ReceiptRefusal.self) { try ReceiptReference(verifying: text + "A", policy: policy) }
        #expect(throws: ReceiptRefusal.self) { try ReceiptReference(verifying: "LT1.", policy: policy) }
    }
}
