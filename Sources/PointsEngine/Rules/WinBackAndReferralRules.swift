/// Win-back: bonus points on a qualifying sale at least `afterDays` days after
/// the previous qualifying sale. Never on a first sale.
enum WinBackRuleEngine {
    static func apply(_ e: inout Evaluation, qualifying: Bool) -> Int64 {
        guard qualifying, let rule = e.programme.winBack, let last = e.state.lastVisit else { return 0 }
        let days = e.today.number - last.number
        guard days >= rule.afterDays, rule.points > 0 else { return 0 }
        e.line(.winBack, "Welcome back after \(days) days", rule.points)
        return rule.points
    }
}

/// Referral: on a referred member's first qualifying sale, once, the member
/// gets the welcome points and the referrer's reward is reported for the back
/// office to grant. A refund does not reverse the referrer's reward (the back
/// office sees the refund in the journal and decides).
enum ReferralRuleEngine {
    static func apply(_ e: inout Evaluation, qualifying: Bool, saleId: String) -> Int64 {
        guard qualifying, !e.state.hasPurchased, let rule = e.programme.referral,
            let referrer = e.context.referrerId, !referrer.isEmpty
        else { return 0 }
        e.result.referrerReward = ReferrerReward(referrerId: referrer, points: rule.referrerPoints, saleId: saleId)
        if rule.refereePoints > 0 {
            e.line(.referral, "Welcome! First purchase with a referral", rule.refereePoints)
        }
        if rule.referrerPoints > 0 {
            e.line(.referral, "Your friend will receive \(pointsText(rule.referrerPoints)) for referring you")
        }
        return rule.refereePoints
    }
}
