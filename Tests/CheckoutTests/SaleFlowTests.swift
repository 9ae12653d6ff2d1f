import Checkout
import PointsEngine
import Testing

@Suite("Checkout: sales, redemptions, retries")
struct SaleFlowTests {
    @Test("a sale earns points, is journaled once, and the card carries the new balance")
    func earn() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let card = try fixture.card("M-1")
        fixture.reader.present(card)
        let answer = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        #expect(answer.outcome == .completed, "\(answer.refusal?.description ?? "")")
        #expect(answer.points?.earned ?? 0 > 0)
        #expect(answer.balance == answer.points?.net)
        #expect(answer.lines.reduce(0) { $0 + $1.points } == answer.points?.net)
        #expect(answer.memberId == "M-1")
        let entries = try fixture.entries()
        #expect(entries.count == 1)
        #expect(entries.first?.entry.kind == .sale)
        #expect(answer.journalSequence == entries.first?.sequence)
        let state = try #require(try cardState(card))
        #expect(state.balance == answer.balance)
        #expect(state.terminalSequence == answer.journalSequence)
        #expect(state.terminalID == 7)
    }

    @Test("the same sale id again gives the same answer without a tap, and one journal transaction")
    func duplicateSaleID() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let card = try fixture.card("M-1")
        fixture.reader.present(card)
        let first = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        fixture.reader.remove()
        let again = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        #expect(again.replayed)
        var normalised = again
        normalised.replayed = false
        #expect(normalised == first)
        #expect(try fixture.entries().count == 1)
        #expect(try cardState(card)?.balance == first.balance)
        let looked = await service.answer(for: "S-1")
        #expect(looked?.balance == first.balance)
    }

    @Test("the same sale id with other content is refused as a conflict")
    func idConflict() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        fixture.reader.present(try fixture.card("M-1"))
        _ = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        let conflict = await service.sale(CheckoutFixture.sale("S-1", 90_000))
        #expect(conflict.outcome == .refused)
        #expect(conflict.refusal?.code == .idConflict)
        #expect(try fixture.entries().count == 1)
    }

    @Test("points earned can be redeemed as credit on a later bill")
    func redeem() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let card = try fixture.card("M-1")
        fixture.reader.present(card)
        let earned = await service.sale(CheckoutFixture.sale("S-1", 5_000_000))
        let balance = try #require(earned.balance)
        #expect(balance >= 100)
        let spend = await service.sale(CheckoutFixture.sale("S-2", 200_000, redeem: .points(100)))
        #expect(spend.outcome == .completed)
        #expect(spend.points?.redeemed == 100)
        #expect(spend.bill?.redemptionCredit ?? 0 > 0)
        #expect(spend.bill?.amountDue == 200_000 - (spend.bill?.redemptionCredit ?? 0) - (spend.bill?.discount ?? 0))
        #expect(try cardState(card)?.balance == spend.balance)
    }

    @Test("offline and never synced, a redemption is refused with the limit named; the sale still earns")
    func offlineRedemption() async throws {
        let fixture = try CheckoutFixture()
        let online = try fixture.service()
        fixture.reader.present(try fixture.card("M-1"))
        _ = await online.sale(CheckoutFixture.sale("S-1", 5_000_000))
        let offline = try fixture.service(online: false)
        let answer = await offline.sale(CheckoutFixture.sale("S-2", 200_000, redeem: .points(100)))
        #expect(answer.outcome == .completed)
        #expect(answer.points?.redeemed == 0)
        #expect(answer.redemption?.contains("refused") == true, "\(answer.redemption ?? "")")
    }

    @Test("a blocked card is refused with its reason, and nothing is journaled")
    func blocked() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service(blocked: ["M-1"])
        fixture.reader.present(try fixture.card("M-1"))
        let answer = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        #expect(answer.outcome == .refused)
        #expect(answer.refusal?.code == .cardBlocked)
        #expect(try fixture.entries().isEmpty)
    }

    @Test("a card of another issuer is refused as forged")
    func forged() async throws {
        let fixture = try CheckoutFixture()
        let other = try CheckoutFixture()
        let service = try fixture.service()
        fixture.reader.present(try other.card("M-9"))
        let answer = await service.sale(CheckoutFixture.sale("S-1", 85_000))
        #expect(answer.refusal?.code == .cardRefused)
        #expect(answer.refusal?.reason.contains("forged") == true, "\(answer.refusal?.reason ?? "")")
        #expect(try fixture.entries().isEmpty)
    }

    @Test("invalid input is refused before any wait, naming the field")
    func invalid() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let answer = await service.sale(SaleRequest(saleId: "S 1", amount: -5, currency: "XXX"))
        #expect(answer.refusal?.code == .invalidRequest)
        for field in ["saleId", "amount", "currency"] {
            #expect(answer.refusal?.reason.contains(field) == true)
        }
        #expect(fixture.reader.sessions == 0)
    }
}

@Suite("Checkout: memory bounded by the journal")
struct IndexBoundTests {
    @Test("answers of transactions the ring overwrote are forgotten; the newest are still answered from the journal")
    func forgetsOverwritten() async throws {
        let fixture = try CheckoutFixture()
        // 64 KiB: about a hundred slots, so 400 sales wrap the ring several times.
        let service = try fixture.service(journalSize: 64 << 10)
        let card = try fixture.card("M-1")
        fixture.reader.present(card)
        let capacity = try service.journal.statistics().capacityRecords
        var largest = 0
        for number in 1...400 {
            let answer = await service.sale(CheckoutFixture.sale("S-\(number)", 85_000))
            #expect(answer.outcome == .completed, "sale \(number): \(answer.refusal?.description ?? "")")
            // The back office acknowledges everything now and then: the ring may reuse it.
            if number % 10 == 0 { try service.journal.markSynced(through: try service.journal.statistics().lastSequence) }
            largest = max(largest, service.rememberedAnswers)
        }
        let statistics = try service.journal.statistics()
        #expect(statistics.oldestSequence > 200, "the ring did not wrap: \(statistics)")
        #expect(largest <= Int(capacity) + Int(CheckoutService.forgetInterval), "remembered \(largest) answers with \(capacity) slots")
        #expect(await service.answer(for: "S-1") == nil)
        let newest = await service.answer(for: "S-400")
        #expect(newest?.outcome == .completed)
    }
}
