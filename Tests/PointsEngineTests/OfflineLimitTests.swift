import Testing

@testable import PointsEngine

@Suite("Offline risk limits on redemption")
struct OfflineLimitTests {
    let rich = Fixture.member(points: 5_000)

    func redeem(
        _ request: RedemptionRequest, _ m: MemberState, at time: Timestamp = Fixture.now,
        context: TerminalContext? = nil, id: String = "S1"
    ) throws -> EvaluationResult {
        try Fixture.run(Fixture.sale(2_000_000, id: id, redeem: request), m, at: time, context: context ?? Fixture.offline(at: time))
    }

    @Test("within the limits, offline redemption works and is counted")
    func withinLimits() throws {
        let r = try redeem(.points(400), rich)
        #expect(r.redeemedPoints == 400)
        #expect(r.state.offline == OfflineCounters(consecutiveRedemptions: 1, day: Day(year: 2025, month: 3, day: 14), pointsToday: 400))
    }

    @Test("more than the per-transaction limit is refused; maximum is capped")
    func perTransaction() throws {
        #expect(try redeem(.points(600), rich).redemption == .refused(.offlinePerTransaction(limit: 500, cardClass: .memberCard)))
        #expect(
            try redeem(.maximum, rich).redemption
                == .applied(points: 500, credit: 50_000, limitedBy: .offlinePerTransaction(limit: 500, cardClass: .memberCard)))
    }

    @Test("the per-day limit counts earlier offline redemptions of the day, and resets the next day")
    func perDay() throws {
        let first = try redeem(.points(400), rich)
        let second = try redeem(.points(400), first.state, id: "S2")
        let third = try redeem(.points(400), second.state, id: "S3")
        #expect(third.redemption == .refused(.offlinePerDay(limit: 1_000, alreadyToday: 800, cardClass: .memberCard)))
        // The third was refused, so it does not count as a consecutive redemption.
        #expect(third.state.offline.consecutiveRedemptions == 2)
        let capped = try redeem(.maximum, second.state, id: "S4")
        #expect(capped.redeemedPoints == 200)
        let tomorrow = Fixture.at(2025, 3, 15)
        #expect(try redeem(.points(400), second.state, at: tomorrow, id: "S5").redeemedPoints == 400)
    }

    @Test("too many offline redemptions in a row; an online tap resets the count")
    func consecutive() throws {
        var m = rich
        for i in 0..<3 {
            m = try redeem(.points(100), m, at: Fixture.at(2025, 3, 14 + i), id: "S\(i)").state
        }
        let fourth = try redeem(.points(100), m, at: Fixture.at(2025, 3, 17), context: Fixture.offline(at: Fixture.at(2025, 3, 17)))
        #expect(fourth.redemption == .refused(.offlineConsecutive(limit: 3, cardClass: .memberCard)))
        let online = try Fixture.run(.inquiry, m, at: Fixture.at(2025, 3, 17))
        #expect(online.state.offline.consecutiveRedemptions == 0)
        #expect(try redeem(.points(100), online.state, at: Fixture.at(2025, 3, 17)).redeemedPoints == 100)
    }

    @Test("a stale or missing sync stops offline redemption")
    func syncAge() throws {
        let stale = try redeem(.points(100), rich, context: Fixture.offline(syncedSecondsAgo: 259_201))
        #expect(stale.redemption == .refused(.offlineSyncTooOld(maxSeconds: 259_200, secondsSinceSync: 259_201)))
        #expect(stale.receipt.first == "Redemption refused: terminal last synced 72 h ago, limit 72 h")
        let edge = try redeem(.points(100), rich, context: Fixture.offline(syncedSecondsAgo: 259_200))
        #expect(edge.redeemedPoints == 100)
        let never = TerminalContext(online: false, lastSync: nil)
        #expect(
            try redeem(.maximum, rich, context: never).redemption
                == .refused(.offlineSyncTooOld(maxSeconds: 259_200, secondsSinceSync: nil)))
    }

    @Test("UID-only cards redeem nothing offline by default, but do online")
    func uidOnly() throws {
        let offline = Fixture.offline(card: .uidOnly)
        #expect(try redeem(.maximum, rich, context: offline).redemption == .refused(.offlinePerTransaction(limit: 0, cardClass: .uidOnly)))
        #expect(
            try redeem(.points(100), rich, context: offline).redemption == .refused(.offlinePerTransaction(limit: 0, cardClass: .uidOnly)))
        let online = TerminalContext(online: true, lastSync: Fixture.now, cardClass: .uidOnly)
        #expect(try redeem(.points(100), rich, context: online).redeemedPoints == 100)
        // UID-only cards still earn offline.
        #expect(try redeem(.none, rich, context: offline).earnedPoints == 400)
    }

    @Test("a programme may give UID-only cards a lower offline limit")
    func uidOnlyLimit() throws {
        let engine = try Fixture.engine {
            $0.offline.uidOnly = OfflineLimit(
                maxPointsPerTransaction: 100, maxPointsPerDay: 100, maxConsecutiveRedemptions: 1, maxSecondsSinceSync: 86_400)
        }
        let context = Fixture.offline(card: .uidOnly)
        let r = try Fixture.run(Fixture.sale(2_000_000, redeem: .maximum), rich, context: context, engine: engine)
        #expect(r.redemption == .applied(points: 100, credit: 10_000, limitedBy: .offlinePerTransaction(limit: 100, cardClass: .uidOnly)))
    }

    @Test("limits do not apply online")
    func online() throws {
        let r = try redeem(.points(3_000), rich, context: Fixture.online())
        #expect(r.redeemedPoints == 3_000)
        #expect(r.state.offline.consecutiveRedemptions == 0)
    }
}
