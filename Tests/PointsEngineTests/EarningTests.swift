import Testing

@testable import PointsEngine

@Suite("Earning by bill value, per visit, excluded amounts")
struct EarningTests {
    @Test("a regular sale earns band points and the visit bonus, with receipt lines")
    func regularSale() throws {
        let r = try Fixture.run(Fixture.sale(85_000))
        #expect(r.earnedPoints == 8)
        #expect(r.bonusPoints == 2)
        #expect(r.balance == 10)
        #expect(r.receipt == ["Spend 85,000 VND at 1 pt per 10,000 VND: +8 pts", "Visit bonus: +2 pts"])
        #expect(
            r.saleRecord
                == SaleRecord(
                    saleId: "S1", day: Day(year: 2025, month: 3, day: 14), amount: 85_000,
                    qualifyingSpend: 85_000, billPoints: 8, bonusPoints: 2, redeemedPoints: 0))
    }

    @Test(
        "band edges and the minimum bill; points are floored over the whole bill",
        arguments: [
            (Int64(0), Int64(0), Int64(0)),
            (19_999, 0, 0),  // below the minimum bill
            (20_000, 2, 2),  // exactly the minimum
            (29_999, 2, 2),  // 2.9999 floored
            (199_999, 19, 2),  // top of band 0
            (200_000, 30, 2),  // band 1 applies to the whole bill: 3 pts per 20,000
            (999_999, 149, 2),  // 149.99985 floored
            (1_000_000, 200, 2),  // band 2: 2 pts per 10,000
            (100_000_000, 20_000, 2),  // the maximum bill
        ])
    func bands(amount: Int64, earned: Int64, visit: Int64) throws {
        let r = try Fixture.run(Fixture.sale(amount))
        #expect(r.earnedPoints == earned)
        #expect(r.bonusPoints == visit)
    }

    @Test("a bill below the minimum says so and earns nothing")
    func belowMinimum() throws {
        let r = try Fixture.run(Fixture.sale(15_000))
        #expect(r.receipt == ["Below the minimum bill of 20,000 VND: no points"])
        #expect(r.state.lastVisit == nil)
        #expect(r.state.spend.isEmpty)
    }

    @Test("what does not earn is said at the earning step, after the tier discount and the redemption")
    func notEarningLinesComeAtTheEarningStep() throws {
        let gold = Fixture.member(points: 1_000, tier: "gold")
        let below = try Fixture.run(Fixture.sale(15_000), gold)
        #expect(below.receipt == ["Gold discount 5% on 15,000 VND: -750 VND", "Below the minimum bill of 20,000 VND: no points"])
        #expect(below.discount == 750 && below.earnedPoints == 0)
        let taxed = try Fixture.run(
            Fixture.sale(240_000, excluded: [ExcludedAmount(kind: "tax", amount: 24_000)], redeem: .points(100)), gold)
        #expect(
            taxed.lines.map(\.rule) == [.tierDiscount, .redemption, .earning, .earning, .tierMultiplier, .visit, .monthlyGift])
        #expect(taxed.receipt[2] == "Not earning on 24,000 VND (tax)")
    }

    @Test("excluded kinds (tax, delivery, tip) earn nothing; other kinds still earn")
    func excluded() throws {
        let r = try Fixture.run(
            Fixture.sale(
                130_000,
                excluded: [
                    ExcludedAmount(kind: "tax", amount: 10_000), ExcludedAmount(kind: "delivery", amount: 15_000),
                    ExcludedAmount(kind: "service", amount: 5_000),
                ]))
        #expect(r.earnedPoints == 10)  // 105,000 eligible
        #expect(r.receipt.first == "Not earning on 25,000 VND (tax, delivery)")
        #expect(r.saleRecord?.qualifyingSpend == 105_000)
    }

    @Test("exclusions can push a bill below the minimum")
    func excludedBelowMinimum() throws {
        let r = try Fixture.run(Fixture.sale(25_000, excluded: [ExcludedAmount(kind: "delivery", amount: 10_000)]))
        #expect(r.earnedPoints == 0 && r.bonusPoints == 0)
    }

    @Test(
        "a tier multiplier applies in the same single floor",
        arguments: [
            (Int64(85_000), Int64(8), Int64(2)),  // floor(10.625) = 10
            (20_000, 2, 0),  // floor(2.5) = 2: no bonus line
            (80_000, 8, 2),  // exactly 10
        ])
    func multiplier(amount: Int64, plain: Int64, bonus: Int64) throws {
        let r = try Fixture.run(Fixture.sale(amount), Fixture.member(points: 0, tier: "silver"))
        #expect(r.points(.earning) == plain)
        #expect(r.points(.tierMultiplier) == bonus)
        #expect(r.earnedPoints == plain + bonus)
        if bonus > 0 { #expect(r.receipt.contains("Silver bonus x1.25: +\(bonus) pts")) }
    }

    @Test("the multiplier text reads naturally")
    func multiplierText() {
        #expect(EarningRule.multiplierText(150) == "1.5")
        #expect(EarningRule.multiplierText(200) == "2")
        #expect(EarningRule.multiplierText(125) == "1.25")
        #expect(EarningRule.multiplierText(105) == "1.05")
    }

    @Test("invalid sales are refused with the field")
    func invalidSales() {
        #expect(throws: EngineError.currencyMismatch(sale: "MYR", programme: "VND")) {
            try Fixture.run(.sale(Sale(saleId: "S", amount: 100, currency: "MYR")))
        }
        #expect(throws: EngineError.invalidInput(field: "sale.amount", problem: "negative")) {
            try Fixture.run(Fixture.sale(-1))
        }
        #expect(throws: EngineError.billAboveMaximum(amount: 100_000_001, maximum: 100_000_000)) {
            try Fixture.run(Fixture.sale(100_000_001))
        }
        #expect(throws: EngineError.invalidInput(field: "sale.excluded", problem: "excluded lines total more than the bill")) {
            try Fixture.run(Fixture.sale(10_000, excluded: [ExcludedAmount(kind: "tax", amount: 10_001)]))
        }
        #expect(throws: EngineError.invalidInput(field: "sale.saleId", problem: "empty")) {
            try Fixture.run(Fixture.sale(10_000, id: ""))
        }
    }

    @Test("a corrupt member state is refused")
    func corruptState() {
        var m = Fixture.newMember
        m.lots = [PointLot(month: Month(year: 2025, month: 3), points: -5)]
        #expect(throws: EngineError.invalidInput(field: "member.lots", problem: "a lot without positive points")) {
            try Fixture.run(Fixture.sale(10_000), m)
        }
    }

    @Test("the same inputs give the same result")
    func deterministic() throws {
        let m = Fixture.member(points: 700, tier: "gold")
        let a = try Fixture.run(Fixture.sale(456_789, redeem: .maximum), m)
        let b = try Fixture.run(Fixture.sale(456_789, redeem: .maximum), m)
        #expect(a == b)
    }
}
