import Checkout
import Foundation
import LedgerFormat
import StoreProcesses
import TestSupport
import Testing
import VirtualCard

/// `docs/journal-format.md` and `docs/ledger-format.md` are exact enough to write a decoder
/// from: `scripts/independent-journal-reader.py`, written from them alone, reads a journal of
/// every kind of entry the checkout writes and agrees with `loyalty-terminal journal verify`
/// and `journal export` on each transaction.
@Suite("Ledger documents: an independent reader agrees")
struct IndependentReaderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(
        "sales, redemption, refunds, a UID-only card, a referred member, a card pulled mid-write and carried forward, a checkpoint"
    )
    func everyKindOfEntry() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service(wait: .seconds(5))
        let card = try fixture.card("M-1")
        let incomplete = try await TearingTests.incompleteSale(service, fixture, card: card)
        #expect(incomplete.outcome == .incomplete)
        fixture.reader.present(card)
        _ = await service.sale(CheckoutFixture.sale("S-2", 5_000_000))
        _ = await service.sale(CheckoutFixture.sale("S-3", 400_000, redeem: .points(60)))
        _ = await service.refund(RefundRequest(refundId: "R-1", saleId: "S-2", amount: 1_000_000))
        _ = await service.refund(RefundRequest(refundId: "R-2", saleId: "S-2"))
        _ = await service.balance(BalanceRequest())
        fixture.reader.present(UIDCard(uid: [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]))
        _ = await service.sale(CheckoutFixture.sale("S-4", 90_000))
        fixture.reader.present(card)
        _ = await service.sale(CheckoutFixture.sale("S-5", 120_000))
        fixture.reader.present(try fixture.card("M-2", uid: [0x08, 0x11, 0x22, 0x34], referrer: "M-1"))
        _ = await service.sale(CheckoutFixture.sale("S-6", 150_000))
        await service.shutdown()

        let kinds = Set(try fixture.entries().map(\.entry.kind))
        #expect(kinds.isSuperset(of: [.sale, .refund, .checkpoint]), "\(kinds)")
        #expect(try fixture.entries().contains { $0.entry.trust == "uid-only" })
        #expect(try fixture.entries().contains { !$0.entry.carriedForward.isEmpty || !$0.entry.confirmed.isEmpty })
        #expect(try fixture.entries().contains { $0.entry.referrerReward?.referrerId == "M-1" })

        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                Self.repository.appendingPathComponent("scripts/independent-journal-reader.py").path,
                "--bin", BuiltProducts.executable("loyalty-terminal").path, fixture.journalPath,
            ])
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
        #expect(result.standardOutput.contains("agree"), "\(result.standardOutput)")
        let taps = try fixture.entries().filter { [.sale, .refund, .balance].contains($0.entry.kind) }.count
        #expect(
            result.standardOutput.contains("priced by: saigon-coffee-friends v1 (\(taps)); referrer rewards: 1"), "\(result.standardOutput)"
        )
    }
}
