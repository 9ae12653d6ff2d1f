import Testing

@testable import PointsEngine

@Suite("Points adjustments settled by the back office")
struct AdjustmentTests {
    func with(_ adjustments: [PointsAdjustment]) -> TerminalContext {
        var context = TerminalContext(online: true, lastSync: Fixture.now)
        context.pendingAdjustments = adjustments
        return context
    }

    @Test("adjustments apply once each, in sequence order, on any tap, each with its receipt line")
    func appliedOnce() throws {
        let adjustments = [
            PointsAdjustment(sequence: 2, points: -30, reason: "From your previous card: refund"),
            PointsAdjustment(sequence: 1, points: 120, reason: "From your previous card: sale"),
        ]
        let r = try Fixture.run(.inquiry, context: with(adjustments))
        #expect(r.receipt == ["From your previous card: sale: +120 pts", "From your previous card: refund: -30 pts"])
        #expect(r.balance == 90 && r.state.lastAdjustmentSequence == 2)
        let again = try Fixture.run(Fixture.sale(50_000), r.state, context: with(adjustments))
        #expect(again.points(.adjustment) == 0, "delivered again: nothing")
        #expect(again.balance > 90)
    }

    @Test("points taken beyond the balance become a debt the next points pay off")
    func debit() throws {
        let r = try Fixture.run(.inquiry, context: with([PointsAdjustment(sequence: 1, points: -50, reason: "Settled")]))
        #expect(r.balance == -50 && r.state.debt == 50 && r.takenBackPoints == 50)
        #expect(r.receipt.contains("50 pts owed, paid off by the next points earned"))
    }

    @Test("the adjustment number travels in the compact state; a state without adjustments is byte for byte as before")
    func compact() throws {
        var m = Fixture.newMember
        let before = m.compactEncoded()
        #expect(before[1] & 64 == 0)
        m.lastAdjustmentSequence = 300
        let bytes = m.compactEncoded()
        #expect(bytes.count == before.count + 2 && bytes[1] & 64 != 0)
        #expect(try MemberState(compact: bytes) == m)
        var zero = bytes
        zero[zero.count - 2] = 0
        zero.removeLast()
        #expect(throws: CompactDecodingError.valueOutOfRange) { try MemberState(compact: zero) }
    }
}
