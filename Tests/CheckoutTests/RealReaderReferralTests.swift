import Checkout
import LedgerFormat
import PointsEngine
import Testing

extension RealReaderTests {
    @Test(
        "a referred member's first qualifying sale, on a real reader, earns the welcome points and journals the referrer's reward; the second does not"
    )
    func referral() async throws {
        let rule = try #require(Programme.demo.referral)
        try await Self.withTill(wait: .seconds(8), referrer: "M-0") { till in
            let (fixture, service) = (till.fixture, till.service)
            till.host.insert()
            let below = await service.sale(CheckoutFixture.sale("S-0", Programme.demo.earning.minimumBill - 1))
            #expect(below.outcome == .completed, "\(below.refusal?.description ?? "")")
            #expect(!below.lines.contains { $0.rule == .referral }, "a sale below the minimum bill does not qualify")

            let first = await service.sale(CheckoutFixture.sale("S-1", 150_000))
            #expect(first.outcome == .completed, "\(first.refusal?.description ?? "")")
            let welcome = first.lines.filter { $0.rule == .referral }.map(\.points)
            #expect(welcome.contains(rule.refereePoints), "\(first.lines)")
            #expect(first.points?.bonus ?? 0 >= rule.refereePoints)

            let second = await service.sale(CheckoutFixture.sale("S-2", 150_000))
            #expect(second.outcome == .completed, "\(second.refusal?.description ?? "")")
            #expect(!second.lines.contains { $0.rule == .referral }, "\(second.lines)")

            let entries = try fixture.entries().map(\.entry)
            #expect(entries.map(\.requestId) == ["S-0", "S-1", "S-2"])
            let reward = try #require(entries[1].referrerReward, "the first qualifying sale's entry carries the reward")
            #expect(reward.referrerId == "M-0")
            #expect(reward.points == rule.referrerPoints)
            #expect(reward.saleId == "S-1")
            #expect(entries[0].referrerReward == nil)
            #expect(entries[2].referrerReward == nil)
            let payload = String(decoding: try entries[1].encoded(), as: UTF8.self)
            #expect(
                payload.contains(#""referrerReward":{"points":\#(rule.referrerPoints),"referrerId":"M-0","saleId":"S-1"}"#), "\(payload)")
        }
    }
}
