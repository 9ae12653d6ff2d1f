/// Offline risk limits on redemption, per card class. Online, they do not apply.
///
/// Order of checks: a card class with a zero points cap (UID-only cards by
/// default) is refused by that cap; then the age of the last sync, the number
/// of offline redemptions in a row, then the points caps (per transaction, per day).
enum OfflineLimitsRule {
    /// A hard refusal (sync too old, too many in a row), or `nil`.
    static func refusal(_ e: Evaluation) -> RedemptionLimit? {
        guard !e.context.online, !e.context.redemptionLimitsApproved else { return nil }
        let limit = e.programme.offline.limit(for: e.context.cardClass)
        if limit.maxPointsPerTransaction == 0 {
            return .offlinePerTransaction(limit: 0, cardClass: e.context.cardClass)
        }
        if limit.maxPointsPerDay == 0 {
            return .offlinePerDay(limit: 0, alreadyToday: 0, cardClass: e.context.cardClass)
        }
        guard let lastSync = e.context.lastSync else {
            return .offlineSyncTooOld(maxSeconds: limit.maxSecondsSinceSync, secondsSinceSync: nil)
        }
        let since = e.now.secondsSinceEpoch &- lastSync.secondsSinceEpoch
        if since > limit.maxSecondsSinceSync {
            return .offlineSyncTooOld(maxSeconds: limit.maxSecondsSinceSync, secondsSinceSync: since)
        }
        if e.state.offline.consecutiveRedemptions >= limit.maxConsecutiveRedemptions {
            return .offlineConsecutive(limit: limit.maxConsecutiveRedemptions, cardClass: e.context.cardClass)
        }
        return nil
    }

    /// Points caps that apply now, in order: per transaction, per day.
    static func caps(_ e: Evaluation) -> [(RedemptionLimit, Int64)] {
        guard !e.context.online, !e.context.redemptionLimitsApproved else { return [] }
        let cardClass = e.context.cardClass
        let limit = e.programme.offline.limit(for: cardClass)
        let today = pointsToday(e)
        return [
            (.offlinePerTransaction(limit: limit.maxPointsPerTransaction, cardClass: cardClass), limit.maxPointsPerTransaction),
            (
                .offlinePerDay(limit: limit.maxPointsPerDay, alreadyToday: today, cardClass: cardClass),
                max(0, limit.maxPointsPerDay - today)
            ),
        ]
    }

    /// Points redeemed offline today by this card.
    static func pointsToday(_ e: Evaluation) -> Int64 {
        e.state.offline.day == e.today ? e.state.offline.pointsToday : 0
    }

    /// Counts an offline redemption of `points` against the card.
    static func record(_ e: inout Evaluation, points: Int64) {
        guard !e.context.online else { return }
        let today = pointsToday(e)
        e.state.offline = OfflineCounters(
            consecutiveRedemptions: e.state.offline.consecutiveRedemptions + 1,
            day: e.today, pointsToday: today + points)
    }
}
