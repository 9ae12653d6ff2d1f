import Testing

@testable import PointsEngine

@Suite("Referral, win-back and event bonuses")
struct BonusTests {
    func referred(_ grants: [EventGrant] = []) -> TerminalContext {
        TerminalContext(online: true, lastSync: Fixture.now, referrerId: "M-0042", pendingGrants: grants)
    }

    func withGrants(_ grants: [EventGrant]) -> TerminalContext {
        TerminalContext(online: true, lastSync: Fixture.now, pendingGrants: grants)
    }

    @Test("a referred member's first purchase rewards both, once")
    func referral() throws {
        let r = try Fixture.run(Fixture.sale(50_000), context: referred())
        #expect(r.referrerReward == ReferrerReward(referrerId: "M-0042", points: 100, saleId: "S1"))
        #expect(r.points(.referral) == 20)
        #expect(r.receipt.contains("Your friend will receive 100 pts for referring you"))
        let second = try Fixture.run(Fixture.sale(50_000, id: "S2"), r.state, context: referred())
        #expect(second.referrerReward == nil && second.points(.referral) == 0)
    }

    @Test("no referral on a sale below the minimum; the first qualifying one counts")
    func referralNeedsQualifyingSale() throws {
        let small = try Fixture.run(Fixture.sale(5_000), context: referred())
        #expect(small.referrerReward == nil && !small.state.hasPurchased)
        let real = try Fixture.run(Fixture.sale(50_000, id: "S2"), small.state, context: referred())
        #expect(real.referrerReward != nil)
    }

    @Test("a member with no referrer triggers nothing")
    func noReferrer() throws {
        #expect(try Fixture.run(Fixture.sale(50_000)).referrerReward == nil)
    }

    @Test("the referrer's reward arrives as a referral grant")
    func referrerGrant() throws {
        let r = try Fixture.run(.inquiry, context: withGrants([EventGrant(sequence: 1, kind: "referral")]))
        #expect(r.bonusPoints == 100 && r.balance == 100)
        #expect(r.receipt == ["Thank you for referring a friend: +100 pts"])
    }

    @Test("win-back after at least 60 days, never on a first sale", arguments: [(59, false), (60, true), (200, true)])
    func winBack(days: Int, given: Bool) throws {
        var m = Fixture.newMember
        m.lastVisit = Day(year: 2025, month: 3, day: 14).adding(days: -days)
        let r = try Fixture.run(Fixture.sale(50_000), m)
        #expect(r.points(.winBack) == (given ? 30 : 0))
        if given { #expect(r.receipt.contains("Welcome back after \(days) days: +30 pts")) }
        #expect(try Fixture.run(Fixture.sale(50_000)).points(.winBack) == 0)
    }

    @Test("event grants apply once each, in sequence order")
    func events() throws {
        let grants = [EventGrant(sequence: 2, kind: "review"), EventGrant(sequence: 1, kind: "newsletter")]
        let r = try Fixture.run(.inquiry, context: withGrants(grants))
        #expect(r.receipt == ["Newsletter sign-up: +20 pts", "Thank you for your review: +10 pts"])
        #expect(r.state.lastGrantSequence == 2)
        // Delivered again by a repeated sync: nothing.
        let again = try Fixture.run(.inquiry, r.state, context: withGrants(grants))
        #expect(again.lines.isEmpty && again.balance == 30)
    }

    @Test("a once-per-member event is not paid twice; repeatable ones are")
    func oncePerMember() throws {
        let grants = [
            EventGrant(sequence: 1, kind: "newsletter"), EventGrant(sequence: 2, kind: "newsletter"),
            EventGrant(sequence: 3, kind: "share"), EventGrant(sequence: 4, kind: "share"),
        ]
        let r = try Fixture.run(.inquiry, context: withGrants(grants))
        #expect(r.balance == 30)
        #expect(r.receipt.contains("Newsletter sign-up: already rewarded once"))
        #expect(r.state.onceEvents == ["newsletter"])
    }

    @Test("an unknown event kind is consumed without points")
    func unknownEvent() throws {
        let r = try Fixture.run(.inquiry, context: withGrants([EventGrant(sequence: 7, kind: "selfie")]))
        #expect(r.receipt == ["Event \"selfie\" not in this programme: not applied"])
        #expect(r.balance == 0 && r.state.lastGrantSequence == 7)
    }

    @Test("event points come with a sale too, but are not part of the sale record")
    func eventsWithSale() throws {
        let r = try Fixture.run(Fixture.sale(50_000), context: withGrants([EventGrant(sequence: 1, kind: "review")]))
        #expect(r.bonusPoints == 12)
        #expect(r.saleRecord?.bonusPoints == 2)
    }
}
