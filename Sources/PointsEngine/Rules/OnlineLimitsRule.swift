/// Online redemption limits (``OnlineLimits``): they apply while the terminal is online; offline,
/// ``OfflineLimitsRule`` applies instead. Every redemption, online or offline, counts in the
/// member's redemptions of the day (``MemberState/redeemedToday``).
enum OnlineLimitsRule {
    /// Points caps that apply now, in order: per transaction, per day.
    static func caps(_ e: Evaluation) -> [(RedemptionLimit, Int64)] {
        guard e.context.online, !e.context.redemptionLimitsApproved, let limits = e.programme.online else { return [] }
        var caps: [(RedemptionLimit, Int64)] = []
        if let limit = limits.maxPointsPerTransaction { caps.append((.onlinePerTransaction(limit: limit), limit)) }
        if let limit = limits.maxPointsPerDay {
            let today = pointsToday(e)
            caps.append((.onlinePerDay(limit: limit, alreadyToday: today), max(0, limit - today)))
        }
        return caps
    }

    /// Points the member redeemed today, online and offline.
    static func pointsToday(_ e: Evaluation) -> Int64 {
        e.state.redeemedToday.day == e.today ? e.state.redeemedToday.points : 0
    }

    /// Counts a redemption of `points` in the member's day.
    static func record(_ e: inout Evaluation, points: Int64) {
        e.state.redeemedToday = DailyRedemptions(day: e.today, points: pointsToday(e) + points)
    }
}
