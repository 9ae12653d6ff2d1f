import Testing

@testable import PointsEngine

@Suite("Tiers: rolling window, upgrade at once, downgrade at the end of the period")
struct TierTests {
    let march = Month(year: 2025, month: 3)

    func member(tier: String, spend: [(Month, Int64)], review: Month?) -> MemberState {
        var m = MemberState(tierId: tier)
        m.spend = spend.map { SpendBucket(month: $0.0, amount: $0.1) }
        m.tierReviewMonth = review
        return m
    }

    @Test("reaching a threshold upgrades at once, with the reason; the sale earns at the old tier")
    func upgrade() throws {
        let m = member(tier: "member", spend: [(march, 1_950_000)], review: nil)
        let r = try Fixture.run(Fixture.sale(100_000), m)
        let change = try #require(r.tierChange)
        #expect(change.kind == .upgrade && change.from == "member" && change.to == "silver")
        #expect(change.qualifyingSpend == 2_050_000 && change.threshold == 2_000_000)
        #expect(r.state.tierId == "silver")
        #expect(r.state.tierReviewMonth == Month(year: 2026, month: 3))
        #expect(r.points(.tierMultiplier) == 0)
        #expect(r.receipt.last == "Upgraded Member to Silver: spend 2,050,000 VND over 12 months reached Silver at 2,000,000 VND")
    }

    @Test("a large sale can jump several tiers")
    func jump() throws {
        let r = try Fixture.run(Fixture.sale(6_000_000))
        #expect(r.tierChange?.to == "gold")
        #expect(r.state.tierId == "gold")
    }

    @Test("no downgrade before the end of the period, even with no spend")
    func heldDuringPeriod() throws {
        let m = member(tier: "gold", spend: [], review: Month(year: 2025, month: 4))
        let r = try Fixture.run(.inquiry, m)
        #expect(r.tierChange == nil && r.state.tierId == "gold")
    }

    @Test("at the end of the period the tier follows the spend down, with the reason")
    func downgrade() throws {
        let m = member(tier: "gold", spend: [(Month(year: 2024, month: 6), 3_000_000)], review: march)
        let r = try Fixture.run(.inquiry, m)
        let change = try #require(r.tierChange)
        #expect(change.kind == .downgrade && change.from == "gold" && change.to == "silver")
        #expect(change.threshold == 5_000_000 && change.qualifyingSpend == 3_000_000)
        #expect(r.state.tierReviewMonth == Month(year: 2026, month: 3))
        #expect(
            r.receipt == [
                "Downgraded Gold to Silver: spend 3,000,000 VND over 12 months is below Gold at 5,000,000 VND at the end of the period"
            ])
    }

    @Test("down to the entry tier there is no further review")
    func downToEntry() throws {
        let m = member(tier: "silver", spend: [], review: march)
        let r = try Fixture.run(.inquiry, m)
        #expect(r.state.tierId == "member" && r.state.tierReviewMonth == nil)
    }

    @Test("enough spend at the end of the period renews the tier")
    func renewal() throws {
        let m = member(tier: "gold", spend: [(Month(year: 2024, month: 9), 6_000_000)], review: march)
        let r = try Fixture.run(.inquiry, m)
        #expect(r.tierChange == nil && r.state.tierId == "gold")
        #expect(r.state.tierReviewMonth == Month(year: 2026, month: 3))
        #expect(r.lines.first?.rule == .tierChange)
    }

    @Test("spend older than the window no longer counts")
    func rollingWindow() throws {
        // Window for March 2025 is April 2024 ... March 2025.
        let m = member(tier: "member", spend: [(Month(year: 2024, month: 3), 1_900_000), (Month(year: 2024, month: 4), 100)], review: nil)
        let r = try Fixture.run(Fixture.sale(100_000), m)
        #expect(r.state.spend.map(\.month) == [Month(year: 2024, month: 4), march])
        #expect(r.tierChange == nil)
        #expect(r.state.qualifyingSpend(windowMonths: 12, asOf: march) == 100_100)
    }

    @Test("a tier the programme no longer has is reviewed at once")
    func unknownTier() throws {
        let m = member(tier: "diamond", spend: [(march, 2_500_000)], review: Month(year: 2026, month: 1))
        let r = try Fixture.run(.inquiry, m)
        #expect(r.state.tierId == "silver")
    }

    @Test("tier discount applies to the eligible amount, floored, and the gift once a month")
    func privileges() throws {
        let m = Fixture.member(points: 0, tier: "gold")
        let r = try Fixture.run(Fixture.sale(100_999, excluded: [ExcludedAmount(kind: "tax", amount: 999)]), m)
        #expect(r.discount == 5_000)
        #expect(r.amountDue == 95_999)
        #expect(r.earnedPoints == 14)  // floor(95,000 × 1 × 150% / 10,000)
        #expect(r.receipt.contains("Gold gift for Mar 2025: Free iced coffee"))
        let again = try Fixture.run(Fixture.sale(50_000, id: "S2"), r.state)
        #expect(!again.lines.contains { $0.rule == .monthlyGift })
        let nextMonth = try Fixture.run(Fixture.sale(50_000, id: "S3"), r.state, at: Fixture.at(2025, 4, 1))
        #expect(nextMonth.lines.contains { $0.rule == .monthlyGift })
    }

    @Test("a discount that floors to zero prints nothing")
    func tinyDiscount() throws {
        let m = Fixture.member(points: 0, tier: "gold")
        let engine = try Fixture.engine { $0.earning.minimumBill = 0 }
        let r = try Fixture.run(Fixture.sale(19), m, engine: engine)
        #expect(r.discount == 0)
        #expect(!r.lines.contains { $0.rule == .tierDiscount })
    }
}

extension TierTests {
    @Test("a tier above the entry level without a review month is reviewed at once")
    func missingReviewMonth() throws {
        let m = member(tier: "gold", spend: [(march, 2_100_000)], review: nil)
        let r = try Fixture.run(.inquiry, m)
        #expect(r.state.tierId == "silver")
        #expect(r.state.tierReviewMonth == Month(year: 2026, month: 3))
    }
}
