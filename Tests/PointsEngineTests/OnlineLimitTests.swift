import Testing

@testable import PointsEngine

@Suite("Online redemption limits")
struct OnlineLimitTests {
    let rich = Fixture.member(points: 50_000)
    let engine: PointsEngine

    init() throws {
        engine = try Fixture.engine { $0.online = OnlineLimits(maxPointsPerTransaction: 2_000, maxPointsPerDay: 3_000) }
    }

    func redeem(_ request: RedemptionRequest, _ m: MemberState, online: Bool = true, id: String = "S1") throws -> EvaluationResult {
        try engine.evaluate(
            Fixture.sale(2_000_000, id: id, redeem: request), member: m, now: Fixture.now,
            context: online ? Fixture.online() : Fixture.offline())
    }

    @Test("online, more than the per-transaction limit is refused and a maximum is capped by it")
    func perTransaction() throws {
        #expect(try redeem(.points(2_500), rich).redemption == .refused(.onlinePerTransaction(limit: 2_000)))
        #expect(
            try redeem(.maximum, rich).redemption
                == .applied(points: 2_000, credit: 200_000, limitedBy: .onlinePerTransaction(limit: 2_000)))
    }

    @Test("the per-day limit counts every redemption of the day, offline ones too, and resets the next day")
    func perDay() throws {
        let offline = try redeem(.points(500), rich, online: false)
        #expect(offline.state.redeemedToday == DailyRedemptions(day: Day(year: 2025, month: 3, day: 14), points: 500))
        let first = try redeem(.points(2_000), offline.state, id: "S2")
        let second = try redeem(.points(1_000), first.state, id: "S3")
        #expect(second.redemption == .refused(.onlinePerDay(limit: 3_000, alreadyToday: 2_500)))
        #expect(try redeem(.maximum, first.state, id: "S4").redeemedPoints == 500)
        let tomorrow = try engine.evaluate(
            Fixture.sale(2_000_000, id: "S5", redeem: .points(2_000)), member: first.state, now: Fixture.at(2025, 3, 15),
            context: Fixture.online(at: Fixture.at(2025, 3, 15)))
        #expect(tomorrow.redeemedPoints == 2_000)
    }

    @Test("offline, the online limits do not apply (the offline ones do)")
    func offlineIgnoresThem() throws {
        #expect(
            try redeem(.points(2_500), rich, online: false).redemption
                == .refused(.offlinePerTransaction(limit: 500, cardClass: .memberCard)))
    }

    @Test("a programme without online limits redeems online as before, and its states keep their bytes until a redemption")
    func noLimits() throws {
        let plain = try Fixture.run(Fixture.sale(2_000_000, redeem: .points(2_500)), rich, context: Fixture.online())
        #expect(plain.redeemedPoints == 2_500)
        let earnOnly = try Fixture.run(Fixture.sale(2_000_000), rich, context: Fixture.online())
        #expect(earnOnly.state.compactEncoded()[1] & 128 == 0)
        #expect(try MemberState(compact: plain.state.compactEncoded()) == plain.state)
    }

    @Test("limits out of range are refused by validation")
    func validation() throws {
        #expect(throws: ProgrammeValidationError.self) { try Fixture.engine { $0.online = OnlineLimits(maxPointsPerTransaction: -1) } }
    }
}
