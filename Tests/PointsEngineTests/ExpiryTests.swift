import Testing

@testable import PointsEngine

@Suite("Point expiry")
struct ExpiryTests {
    func member(_ lots: [(Int, Int, Int64)]) -> MemberState {
        var m = Fixture.newMember
        m.lots = lots.map { PointLot(month: Month(year: $0.0, month: $0.1), points: $0.2) }
        return m
    }

    @Test("points expire at the start of the month 12 months after they were earned")
    func expires() throws {
        let m = member([(2024, 3, 100), (2024, 6, 50)])
        let before = try Fixture.run(.inquiry, m, at: Fixture.at(2025, 2, 28, 23, 59))
        #expect(before.expiredPoints == 0 && before.balance == 150)
        let r = try Fixture.run(.inquiry, m, at: Fixture.at(2025, 3, 1, 0, 0))
        #expect(r.expiredPoints == 100 && r.balance == 50)
        #expect(r.receipt == ["Points earned in Mar 2024 expired: -100 pts"])
    }

    @Test("several lots can expire at once, oldest first")
    func several() throws {
        let m = member([(2023, 1, 10), (2023, 5, 20), (2024, 9, 30)])
        let r = try Fixture.run(.inquiry, m)
        #expect(r.expiredPoints == 30)
        #expect(r.lines.map(\.points) == [-10, -20])
    }

    @Test("new points go to the current month's lot")
    func lots() throws {
        let m = member([(2024, 9, 30)])
        let r = try Fixture.run(Fixture.sale(100_000), m)
        #expect(
            r.state.lots == [
                PointLot(month: Month(year: 2024, month: 9), points: 30), PointLot(month: Month(year: 2025, month: 3), points: 12),
            ])
        let again = try Fixture.run(Fixture.sale(100_000, id: "S2"), r.state)
        #expect(again.state.lots.count == 2 && again.state.lots[1].points == 24)
    }

    @Test("without expiry, points never expire and share one lot")
    func never() throws {
        let engine = try Fixture.engine { $0.expiry = nil }
        let m = member([(2015, 1, 10)])
        let r = try Fixture.run(Fixture.sale(100_000), m, engine: engine)
        #expect(r.expiredPoints == 0 && r.state.lots.count == 1 && r.balance == 22)
    }

    @Test("expiry also happens at a sale, before redemption")
    func beforeRedemption() throws {
        let m = member([(2024, 1, 500), (2025, 1, 40)])
        let r = try Fixture.run(Fixture.sale(100_000, redeem: .maximum), m)
        #expect(r.expiredPoints == 500)
        #expect(r.redemption == .refused(.belowMinimumPoints(minimum: 50)))
    }
}
