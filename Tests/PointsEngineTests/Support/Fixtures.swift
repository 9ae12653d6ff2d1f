import PointsEngine

/// Shared helpers: the demo programme, times in its zone, sales and contexts.
enum Fixture {
    static let programme = Programme.demo
    static let engine = try! PointsEngine(programme: .demo)

    /// Local time in the demo programme's zone (UTC+7).
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0) -> Timestamp {
        let start = Timestamp.startOf(Day(year: year, month: month, day: day), utcOffsetMinutes: programme.utcOffsetMinutes)
        return Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + Int64(hour * 3600 + minute * 60))
    }

    static let now = at(2025, 3, 14)

    static func online(at time: Timestamp = now) -> TerminalContext {
        TerminalContext(online: true, lastSync: time)
    }

    static func offline(syncedSecondsAgo: Int64 = 3600, at time: Timestamp = now, card: CardClass = .memberCard) -> TerminalContext {
        TerminalContext(online: false, lastSync: Timestamp(secondsSinceEpoch: time.secondsSinceEpoch - syncedSecondsAgo), cardClass: card)
    }

    static func sale(
        _ amount: Int64, id: String = "S1", excluded: [ExcludedAmount] = [], redeem: RedemptionRequest = .none
    ) -> Transaction {
        .sale(Sale(saleId: id, amount: amount, currency: "VND", excluded: excluded, redemption: redeem))
    }

    static let newMember = MemberState.newMember(of: .demo)

    /// A member with `points` in the month of `now`.
    static func member(points: Int64, tier: String = "member", at time: Timestamp = now) -> MemberState {
        var m = MemberState(tierId: tier)
        if points > 0 { m.lots = [PointLot(month: time.day(utcOffsetMinutes: 420).month, points: points)] }
        if tier != "member" { m.tierReviewMonth = time.day(utcOffsetMinutes: 420).month.adding(months: 12) }
        return m
    }

    static func run(
        _ transaction: Transaction, _ member: MemberState = newMember, at time: Timestamp = now,
        context: TerminalContext? = nil, engine: PointsEngine = engine
    ) throws -> EvaluationResult {
        try engine.evaluate(transaction, member: member, now: time, context: context ?? online(at: time))
    }

    /// The demo programme with changes.
    static func programme(_ change: (inout Programme) -> Void) -> Programme {
        var p = Programme.demo
        change(&p)
        return p
    }

    static func engine(_ change: (inout Programme) -> Void) throws -> PointsEngine {
        try PointsEngine(programme: programme(change))
    }
}

extension EvaluationResult {
    /// Receipt lines as printed.
    var receipt: [String] { lines.map(\.description) }
    /// Points on lines of one rule.
    func points(_ rule: RuleID) -> Int64 { lines.filter { $0.rule == rule }.reduce(0) { $0 + $1.points } }
}
