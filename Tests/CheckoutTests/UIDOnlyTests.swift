import Checkout
import Foundation
import PCSC
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

    @Test("the UID command is the reader profile's: a profile asking FF CA 00 00 07 is sent that, the generic one FF CA 00 00 00")
    func uidCommandFromProfile() async throws {
        let json = #"""
            {"formatVersion": 1, "id": "test-reader", "model": "Test", "vendor": "Test", "interface": "memory",
             "namePatterns": ["In-Memory Reader"], "uid": {"apdu": "FFCA000007", "answer": "UID then 9000"},
             "ats": null, "led": null, "buzzer": null, "quirks": []}
            """#
        let profile = try JSONDecoder().decode(ReaderProfile.self, from: Data(json.utf8))
        let uid: [UInt8] = [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]
        for (catalog, expected) in [
            (ReaderProfileCatalog(profiles: [profile]), [UInt8]([0xFF, 0xCA, 0x00, 0x00, 0x07])),
            (ReaderProfileCatalog.builtIn, [UInt8]([0xFF, 0xCA, 0x00, 0x00, 0x00])),
        ] {
            let fixture = try CheckoutFixture()
            let service = try fixture.service(online: false, readerProfiles: catalog)
            fixture.reader.present(UIDCard(uid: uid))
            let answer = await service.sale(CheckoutFixture.sale("S-1", 100_000))
            #expect(answer.outcome == .completed, "\(answer.refusal?.description ?? "")")
            let uidCommands = fixture.reader.commands.filter { $0.starts(with: [0xFF, 0xCA]) }
            #expect(uidCommands == [expected], "\(uidCommands)")
        }
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
