import LedgerFormat
import PointsEngine
import Testing

@testable import Checkout

/// Online is not a looser mode: the flow's logic with a scripted back office.
@Suite("Checkout: the live balance before a redemption online")
struct LiveBalanceTests {
    static func fixtureAndCard() throws -> (CheckoutFixture, CheckoutService) {
        let fixture = try CheckoutFixture()
        fixture.reader.present(try fixture.card("M-1"))
        var programme = Programme.demo
        programme.online = OnlineLimits(maxPointsPerTransaction: 100)
        return (fixture, try fixture.service(programme: programme))
    }

    @Test("a debit the back office holds is applied before the redemption, so the card's older balance is not spent twice")
    func pendingDebitApplied() async throws {
        let (fixture, service) = try Self.fixtureAndCard()
        let first = await service.sale(CheckoutFixture.sale("S-1", 5_000_000))
        let before = try #require(first.balance)
        let debit = PointsAdjustment(sequence: 1, points: -(before - 30), reason: "Refund without your card at terminal 8")
        service.setMemberLookup(ScriptedLookup(found: .found(FoundMember(member: "M-1", state: nil, pending: [debit]))))
        let sale = await service.sale(CheckoutFixture.sale("S-2", 400_000, redeem: .points(60)))
        #expect(sale.redemption?.contains("balance") == true, "\(sale.redemption ?? "") \(sale.lines.map(\.text))")
        #expect(sale.points?.redeemed == 0)
        #expect(sale.lines.contains { $0.text == debit.reason && $0.points == debit.points })
        #expect(sale.fallback == nil)
    }

    @Test("online limits apply when the back office answered; a slow back office leaves the offline rules, said in the answer")
    func limitsAndSlowBackOffice() async throws {
        let (fixture, service) = try Self.fixtureAndCard()
        defer { withExtendedLifetime(fixture) {} }
        _ = await service.sale(CheckoutFixture.sale("S-1", 5_000_000))
        service.setMemberLookup(ScriptedLookup(found: .unknown), budget: .milliseconds(300))
        let online = await service.sale(CheckoutFixture.sale("S-2", 400_000, redeem: .points(150)))
        #expect(online.outcome == .completed, "\(online)")
        #expect(online.redemption?.contains("per transaction") == true, "\(online.redemption ?? "")")
        #expect(online.fallback == nil)

        service.setMemberLookup(ScriptedLookup(found: .unknown, delay: .seconds(30)), budget: .milliseconds(300))
        let started = ContinuousClock.now
        let slow = await service.sale(CheckoutFixture.sale("S-3", 400_000, redeem: .points(150)))
        // Far below the back office's 30 s, whatever the machine's load.
        #expect(ContinuousClock.now - started < .seconds(10), "the queue did not wait for the back office")
        #expect(slow.fallback == CheckoutAnswer.offlineRules)
        #expect(slow.lines.first?.text.contains("300 ms") == true, "\(slow.lines.map(\.text))")
        #expect(slow.points?.redeemed == 150, "the demo's offline limit (500), not the online one (100)")
    }
}
