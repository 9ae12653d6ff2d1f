import Checkout
import Foundation
import LedgerFormat
import PointsEngine
import Testing

/// Every entry the engine priced names the programme and version it was priced with, including
/// after a newer version comes into force; entries journaled before the field existed still decode.
@Suite("Checkout: the programme on every priced journal entry")
struct PricedByProgrammeTests {
    @Test("sale, balance and refund entries name the programme in force when each was priced")
    func namesTheVersion() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        fixture.reader.present(try fixture.card("M-1"))
        let first = await service.sale(CheckoutFixture.sale("S-1", 1_200_000))
        #expect(first.outcome == .completed)

        var newer = Programme.demo
        newer.version = 2
        newer.earning.pointsPerVisit = 7
        service.updateProgramme(try PointsEngine(programme: newer))
        let second = await service.sale(CheckoutFixture.sale("S-2", 1_200_000))
        #expect(second.lines.first { $0.rule == .visit }?.points == 7, "priced by version 2")
        let refund = await service.refund(RefundRequest(refundId: "R-1", saleId: "S-1"))
        #expect(refund.outcome == .completed)

        let entries = try fixture.entries().map(\.entry)
        let named = entries.map { [$0.requestId ?? $0.kind.rawValue: $0.programme] }
        let one = ProgrammeReference(id: Programme.demo.programmeId, version: Programme.demo.version)
        let two = ProgrammeReference(id: newer.programmeId, version: 2)
        #expect(entries.first { $0.requestId == "S-1" }?.programme == one, "\(named)")
        #expect(entries.first { $0.requestId == "S-2" }?.programme == two, "\(named)")
        #expect(entries.first { $0.requestId == "R-1" }?.programme == two, "a refund is priced by the programme in force at the refund")
        #expect(entries.filter { $0.kind != .checkpoint && $0.kind != .void }.allSatisfy { $0.programme != nil }, "\(named)")
        let payload = String(decoding: try #require(entries.first { $0.requestId == "S-2" }).encoded(), as: UTF8.self)
        #expect(payload.contains(#""programme":{"id":"saigon-coffee-friends","version":2}"#), "\(payload)")
    }

    @Test("an entry journaled without a programme (or a referrer reward) still decodes, and re-encodes without them")
    func olderEntryDecodes() throws {
        var entry = LedgerEntry(kind: .sale, terminalId: 7, time: 1_795_410_000)
        entry.requestId = "S-OLD"
        entry.member = "M-1"
        let old = try entry.encoded()
        #expect(!String(decoding: old, as: UTF8.self).contains("programme"))
        let decoded = try #require(LedgerEntry.decode(old))
        #expect(decoded.programme == nil && decoded.referrerReward == nil)
        #expect(try decoded.encoded() == old)
    }
}
