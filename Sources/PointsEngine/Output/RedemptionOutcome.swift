/// What happened to a redemption request.
public enum RedemptionOutcome: Hashable, Sendable {
    /// The sale asked for no redemption.
    case notRequested
    /// Points were spent: how many, and the credit on the bill in minor units.
    /// `limitedBy` names the limit that capped a ``RedemptionRequest/maximum``
    /// request, if any.
    case applied(points: Int64, credit: Int64, limitedBy: RedemptionLimit?)
    /// Nothing was redeemed, and why.
    case refused(RedemptionLimit)

    /// Points spent (0 unless applied).
    public var points: Int64 {
        if case .applied(let points, _, _) = self { points } else { 0 }
    }
}

/// A limit that refused or capped a redemption.
public enum RedemptionLimit: Hashable, Sendable, CustomStringConvertible {
    /// The programme has no redemption.
    case redemptionDisabled
    /// Fewer points than the programme's minimum redemption.
    case belowMinimumPoints(minimum: Int64)
    /// More than the member's balance.
    case insufficientBalance(balance: Int64)
    /// More than the programme's maximum share of the bill.
    case billShare(maximumPercent: Int64)
    /// Offline: more than the per-transaction limit of the card class.
    case offlinePerTransaction(limit: Int64, cardClass: CardClass)
    /// Offline: more than the card's per-day limit (points already redeemed today included).
    case offlinePerDay(limit: Int64, alreadyToday: Int64, cardClass: CardClass)
    /// Offline: too many offline redemptions in a row.
    case offlineConsecutive(limit: Int, cardClass: CardClass)
    /// Offline: the terminal's last sync is too old (or it never synced).
    case offlineSyncTooOld(maxSeconds: Int64, secondsSinceSync: Int64?)
    /// A request for a negative number of points.
    case invalidRequest
    /// Online: more than the programme's per-transaction limit.
    case onlinePerTransaction(limit: Int64)
    /// Online: more than the member's per-day limit (points redeemed today included).
    case onlinePerDay(limit: Int64, alreadyToday: Int64)

    /// Short name of the limit for a "limited by" note, e.g. `balance`.
    public var name: String {
        switch self {
        case .redemptionDisabled: "redemption disabled"
        case .belowMinimumPoints: "minimum points"
        case .insufficientBalance: "balance"
        case .billShare(let percent): "\(percent)% of the bill"
        case .offlinePerTransaction(_, let cardClass): "offline limit per transaction (\(cardClass.receiptName))"
        case .offlinePerDay(_, _, let cardClass): "offline limit per day (\(cardClass.receiptName))"
        case .offlineConsecutive(_, let cardClass): "offline redemptions in a row (\(cardClass.receiptName))"
        case .offlineSyncTooOld: "time since last sync"
        case .invalidRequest: "invalid request"
        case .onlinePerTransaction: "limit per transaction"
        case .onlinePerDay: "limit per day"
        }
    }

    public var description: String {
        switch self {
        case .redemptionDisabled: "redemption is not part of this programme"
        case .belowMinimumPoints(let minimum): "below the minimum of \(pointsText(minimum))"
        case .insufficientBalance(let balance): "more than the balance of \(pointsText(balance))"
        case .billShare(let percent): "more than \(percent)% of the bill"
        case .offlinePerTransaction(let limit, let cardClass):
            "offline limit of \(pointsText(limit)) per transaction (\(cardClass.receiptName))"
        case .offlinePerDay(let limit, let today, let cardClass):
            "offline limit of \(pointsText(limit)) per day, \(formatPoints(today)) used (\(cardClass.receiptName))"
        case .offlineConsecutive(let limit, let cardClass):
            "offline limit of \(limit) redemptions in a row (\(cardClass.receiptName))"
        case .offlineSyncTooOld(let maxSeconds, let since):
            since.map { "terminal last synced \($0 / 3600) h ago, limit \(maxSeconds / 3600) h" }
                ?? "terminal has never synced"
        case .invalidRequest: "invalid request"
        case .onlinePerTransaction(let limit): "limit of \(pointsText(limit)) per transaction"
        case .onlinePerDay(let limit, let today): "limit of \(pointsText(limit)) per day, \(formatPoints(today)) used"
        }
    }
}

extension CardClass {
    var receiptName: String {
        switch self {
        case .memberCard: "member card"
        case .uidOnly: "UID-only card"
        }
    }
}
