import CardProfile
import LedgerFormat
import MemberCard
import PointsEngine
import Testing
import VirtualCard

@testable import Checkout

/// The steps of a tap, each on its own (the whole tap is in `SaleFlowTests` and the others).
@Suite("Checkout: the steps of a tap")
struct TapStepTests {
    @Test("validate: an invalid request is answered with the fields at fault and never waits for a tap")
    func validate() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let bad = SaleRequest(saleId: "S 1", amount: -5, currency: "USD", waitSeconds: 0)
        let answer = try #require(service.validate(.sale(bad)))
        #expect(answer.refusal?.code == .invalidRequest)
        #expect(answer.problems?.map(\.field) == ["saleId", "amount", "currency", "waitSeconds"])
        #expect(service.validate(.sale(CheckoutFixture.sale("S-1", 85_000))) == nil)
        // Through the request: no session was opened, nothing journaled.
        fixture.reader.present(try fixture.card("M-1"))
        let sent = await service.sale(bad)
        #expect(sent == answer)
        #expect(fixture.reader.sessions == 0)
        #expect(try fixture.entries().isEmpty)
    }

    @Test("read the card: a member card is read and trusted; a UID-only card is refused where member cards only are taken")
    func readCard() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        fixture.reader.present(try fixture.card("M-1"))
        let work = CheckoutWork.sale(CheckoutFixture.sale("S-1", 85_000))
        let session = try await fixture.reader.connect(timeout: .seconds(1))
        let card = try await service.readCard(for: work, over: session, today: try CalendarDate(year: 2026, month: 11, day: 23))
        await session.end()
        #expect(card.identity.member == "M-1")
        #expect(card.identity.trust == .memberCard)
        #expect(card.carried == nil, "a new card carries no state yet")

        let strict = try fixture.service(journalPath: fixture.directory + "/strict.lj", acceptUIDOnly: false)
        fixture.reader.present(UIDCard(uid: [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]))
        let uidSession = try await fixture.reader.connect(timeout: .seconds(1))
        defer { Task { await uidSession.end() } }
        await #expect(throws: TapEnd.self) {
            _ = try await strict.readCard(for: work, over: uidSession, today: try CalendarDate(year: 2026, month: 11, day: 23))
        }
    }

    @Test("price: the engine's answer before anything is journaled; a refund of a sale not found ends the tap")
    func price() throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        let identity = CardIdentity(card: "0011", member: "M-1", trust: .memberCard, birthday: nil)
        let base = MemberState.newMember(of: service.engine.programme)
        let priced = try service.price(.sale(CheckoutFixture.sale("S-1", 85_000)), card: identity, base: base, now: CheckoutFixture.noon)
        #expect(priced.answer.outcome == .completed)
        #expect(priced.answer.points?.earned == priced.result.earnedPoints)
        #expect(priced.answer.journalSequence == nil)
        #expect(try fixture.entries().isEmpty)

        let refund = CheckoutWork.refund(RefundRequest(refundId: "R-1", saleId: "S-404"), nil)
        do throws(TapEnd) {
            _ = try service.price(refund, card: identity, base: base, now: CheckoutFixture.noon)
            Issue.record("a refund of a sale never found was priced")
        } catch {
            guard case .answer(let answer) = error.outcome else {
                Issue.record("not an answer")
                return
            }
            #expect(answer.refusal?.code == .unknownSale)
        }
    }

    @Test("reserve: the entry journaled is the one the step builds, with the answer given")
    func reserve() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        fixture.reader.present(try fixture.card("M-1"))
        let work = CheckoutWork.sale(CheckoutFixture.sale("S-1", 85_000))
        let session = try await fixture.reader.connect(timeout: .seconds(1))
        let card = try await service.readCard(for: work, over: session, today: try CalendarDate(year: 2026, month: 11, day: 23))
        await session.end()
        let resolution = try service.settleInDoubt(of: card, for: work, now: CheckoutFixture.noon)
        let priced = try service.price(work, card: card.identity, base: resolution.base, now: CheckoutFixture.noon)
        let sequence = try service.reserve(work, card: card, resolution: resolution, priced: priced, now: CheckoutFixture.noon)
        let journaled = try fixture.entries()
        #expect(journaled.map(\.sequence) == [sequence])
        let built = CheckoutService.ledgerEntry(
            recording: work, card: card, resolution: resolution, priced: priced, terminalID: 7, time: CheckoutFixture.noon.secondsSinceEpoch
        )
        #expect(journaled.first?.entry == built)
        #expect(service.inDoubtCount == 1, "reserved, not yet written to the card")
        service.commit(sequence)
        #expect(service.inDoubtCount == 0)
    }
}
