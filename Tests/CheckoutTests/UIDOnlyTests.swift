import Checkout
import Testing
import VirtualCard

@Suite("Checkout: cards known by UID only")
struct UIDOnlyTests {
    @Test("a UID-only card earns; its state lives in the journal; redemption follows the programme's uidOnly limits")
    func uidOnly() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service(online: false)
        fixture.reader.present(UIDCard(uid: [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]))
        let first = await service.sale(CheckoutFixture.sale("S-1", 2_000_000))
        #expect(first.outcome == .completed, "\(first.refusal?.description ?? "")")
        #expect(first.trust == "uid-only")
        let second = await service.sale(CheckoutFixture.sale("S-2", 100_000, redeem: .points(50)))
        #expect(second.balance == (first.balance ?? 0) + (second.points?.net ?? 0))
        #expect(second.points?.redeemed == 0)
        #expect(second.redemption?.contains("refused") == true)
        let restarted = try fixture.service(online: false)
        let balance = await restarted.balance(BalanceRequest())
        #expect(balance.balance == second.balance)
    }

    @Test("a terminal that takes member cards only refuses a UID-only card")
    func refused() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service(acceptUIDOnly: false)
        fixture.reader.present(UIDCard(uid: [0x04, 0xA1, 0xB2, 0xC3]))
        let answer = await service.sale(CheckoutFixture.sale("S-1", 100_000))
        #expect(answer.refusal?.code == .uidOnlyRefused)
        #expect(try fixture.entries().isEmpty)
    }
}
