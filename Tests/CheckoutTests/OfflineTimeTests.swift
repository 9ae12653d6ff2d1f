import Checkout
import Testing

/// The programme's offline limits follow the wall time the checkout is given: three days without
/// a sync are three days on the test's clock, not three days of waiting.
@Suite("Checkout: offline time on the injected wall time")
struct OfflineTimeTests {
    @Test("offline, a redemption is allowed until the last sync is more than three days old")
    func syncTooOld() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service(online: false)
        fixture.reader.present(try fixture.card("M-1"))
        service.setConnectivity(online: true, lastSync: service.now())
        _ = await service.sale(CheckoutFixture.sale("S-1", 5_000_000))
        service.setConnectivity(online: false, lastSync: service.now())

        fixture.clock.advance(byMilliseconds: 259_200_000)  // exactly three days
        let within = await service.sale(CheckoutFixture.sale("S-2", 200_000, redeem: .points(100)))
        #expect(within.points?.redeemed == 100, "\(within.redemption ?? "")")

        fixture.clock.advance(byMilliseconds: 1_000)
        let late = await service.sale(CheckoutFixture.sale("S-3", 200_000, redeem: .points(100)))
        #expect(late.outcome == .completed)
        #expect(late.points?.redeemed == 0)
        #expect(late.redemption?.contains("refused") == true, "\(late.redemption ?? "")")
    }
}
