import Checkout
import PointsEngine
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

extension OfflineTimeTests {
    @Test("a last sync later than the clock (set back since) counts from the first tap that sees it, once: not a pass for ever")
    func lastSyncInTheFuture() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service(online: true)
        fixture.reader.present(try fixture.card("M-1"))
        _ = await service.sale(CheckoutFixture.sale("S-1", 5_000_000))
        // Synced ten days ahead of the clock the terminal has now.
        let ahead = Timestamp(secondsSinceEpoch: service.now().secondsSinceEpoch + 10 * 86_400)
        service.setConnectivity(online: false, lastSync: ahead)

        let first = await service.sale(CheckoutFixture.sale("S-2", 200_000, redeem: .points(100)))
        #expect(first.points?.redeemed == 100, "\(first.redemption ?? "")")
        #expect(service.lastSync == service.now(), "taken as the time of the tap that saw it")

        fixture.clock.advance(byMilliseconds: 259_201_000)  // three days and a second after that tap
        let late = await service.sale(CheckoutFixture.sale("S-3", 200_000, redeem: .points(100)))
        #expect(late.points?.redeemed == 0)
        #expect(late.redemption?.contains("refused") == true, "\(late.redemption ?? "")")
    }
}
