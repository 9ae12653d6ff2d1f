import Testing

@testable import PointsEngine

@Suite("Birthday reward")
struct BirthdayTests {
    func context(_ month: Int, _ day: Int, at time: Timestamp = Fixture.now) -> TerminalContext {
        TerminalContext(online: true, lastSync: time, birthday: MonthDay(month: month, day: day))
    }

    @Test("in the window: 20% off and 50 points, once a year")
    func inWindow() throws {
        let r = try Fixture.run(Fixture.sale(100_000), context: context(3, 16))
        #expect(r.discount == 20_000)
        #expect(r.amountDue == 80_000)
        #expect(r.earnedPoints == 8)
        #expect(r.bonusPoints == 52)
        #expect(r.state.birthdayYear == 2025)
        #expect(
            r.receipt == [
                "Happy birthday! 20% off 100,000 VND: -20,000 VND",
                "Spend 80,000 VND at 1 pt per 10,000 VND: +8 pts",
                "Visit bonus: +2 pts",
                "Happy birthday! Birthday bonus: +50 pts",
            ])
        let again = try Fixture.run(Fixture.sale(100_000, id: "S2"), r.state, at: Fixture.at(2025, 3, 20), context: context(3, 16))
        #expect(again.discount == 0)
        #expect(!again.lines.contains { $0.rule == .birthday })
    }

    @Test(
        "window edges: 3 days before to 7 days after, inclusive",
        arguments: [
            (3, 10, false), (3, 11, true), (3, 14, true), (3, 21, true), (3, 22, false),
        ])
    func edges(month: Int, day: Int, rewarded: Bool) throws {
        let time = Fixture.at(2025, month, day)
        let r = try Fixture.run(Fixture.sale(100_000), at: time, context: context(3, 14, at: time))
        #expect((r.state.birthdayYear == 2025) == rewarded)
    }

    @Test("a window across New Year counts for the birthday's own year")
    func newYear() throws {
        let december = Fixture.at(2024, 12, 31)
        let r = try Fixture.run(Fixture.sale(100_000), at: december, context: context(1, 2, at: december))
        #expect(r.state.birthdayYear == 2025)
        let january = Fixture.at(2025, 1, 5)
        let again = try Fixture.run(Fixture.sale(100_000, id: "S2"), r.state, at: january, context: context(1, 2, at: january))
        #expect(!again.lines.contains { $0.rule == .birthday })
        let nextYear = Fixture.at(2026, 1, 2)
        let later = try Fixture.run(Fixture.sale(100_000, id: "S3"), again.state, at: nextYear, context: context(1, 2, at: nextYear))
        #expect(later.state.birthdayYear == 2026)
    }

    @Test("29 February falls on 28 February in other years")
    func leapDay() throws {
        let rule = BirthdayRule(daysBefore: 0, daysAfter: 0, points: 1)
        #expect(rule.occurrenceYear(of: MonthDay(month: 2, day: 29), on: Day(year: 2025, month: 2, day: 28)) == 2025)
        #expect(rule.occurrenceYear(of: MonthDay(month: 2, day: 29), on: Day(year: 2024, month: 2, day: 28)) == nil)
        #expect(rule.occurrenceYear(of: MonthDay(month: 2, day: 29), on: Day(year: 2024, month: 2, day: 29)) == 2024)
    }

    @Test("a sale below the minimum bill does not use up the birthday")
    func notQualifying() throws {
        let r = try Fixture.run(Fixture.sale(10_000), context: context(3, 14))
        #expect(r.state.birthdayYear == nil && r.discount == 0)
    }

    @Test("no birthday on the card, no reward")
    func unknownBirthday() throws {
        let r = try Fixture.run(Fixture.sale(100_000))
        #expect(r.state.birthdayYear == nil)
    }

    @Test("a points-only birthday gives no discount")
    func pointsOnly() throws {
        let engine = try Fixture.engine { $0.birthday?.discountPercent = 0 }
        let r = try Fixture.run(Fixture.sale(100_000), context: context(3, 14), engine: engine)
        #expect(r.discount == 0 && r.points(.birthday) == 50)
    }

    @Test("the tier discount comes first, the birthday discount on what is left")
    func stacking() throws {
        let r = try Fixture.run(Fixture.sale(100_000), Fixture.member(points: 0, tier: "platinum"), context: context(3, 14))
        #expect(r.discount == 10_000 + 18_000)
    }
}
