import BackOfficeReports
import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

/// The members held apart from the ledger (``MemberStore``), on each backend: the newest state
/// wins whatever the order it is projected in, the position only moves forward, enrolment
/// details are kept per member with one phone per member.
@Suite("Member store conformance", .timeLimit(.minutes(2)))
struct MemberStoreConformance {
    static func state(balance: Int64) -> [UInt8] {
        var member = MemberState(tierId: "member")
        if balance > 0 { member.lots = [PointLot(month: Month(year: 2026, month: 12), points: balance)] }
        return member.compactEncoded()
    }

    @Test(
        "the newest state wins, in whatever order the transactions are projected; the position never goes back", arguments: Backend.allCases
    )
    func newestWins(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            #expect(try await store.memberProjectionPosition() == 0)
            let newer = MemberUpdate(
                member: "uid:0A0B0C0D", state: Self.state(balance: 70), mark: MemberStateMark(time: 200, terminal: 7, sequence: 9),
                card: "uid:0A0B0C0D")
            let older = MemberUpdate(
                member: "uid:0A0B0C0D", state: Self.state(balance: 30), mark: MemberStateMark(time: 100, terminal: 8, sequence: 50),
                card: "uid:0A0B0C0D")
            try await store.projectMembers([newer], through: 10)
            try await store.projectMembers([older], through: 5)
            let held = try #require(try await store.member("uid:0A0B0C0D"))
            #expect(held.state == Self.state(balance: 70) && held.mark == newer.mark)
            #expect(try await store.memberProjectionPosition() == 10)
            #expect(try await store.member("nobody") == nil)
            #expect(MemberAnswer(held).balance == 70)
        }
    }

    @Test(
        "enrolment details are kept per member, found by phone; a phone another member holds is not taken from them",
        arguments: Backend.allCases)
    func phones(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let mark = MemberStateMark(time: 1, terminal: 7, sequence: 1)
            let first = MemberUpdate(
                member: "E7-1", state: nil, mark: mark, card: nil, phone: "+60123456789", details: Array(#"{"language":"ms"}"#.utf8))
            var second = first
            second.member = "E8-1"
            let clashes = try await store.projectMembers([first, second], through: 2)
            #expect(clashes == [MemberPhoneClash(member: "E8-1", phone: "+60123456789", holder: "E7-1")])
            #expect(try await store.member(phone: "+60123456789")?.member == "E7-1")
            let kept = try #require(try await store.member("E8-1"))
            #expect(kept.phone == nil && kept.details == first.details)
        }
    }
}
