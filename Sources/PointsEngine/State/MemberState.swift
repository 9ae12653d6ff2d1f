/// Everything the engine remembers about a member between taps.
///
/// It is carried on the member card (signed by the terminal that wrote it)
/// and in the journal, so it is small and every list in it is bounded:
///
/// | field | bound |
/// | --- | --- |
/// | ``lots`` | one per calendar month of the expiry period: at most ``maxLots`` (37) |
/// | ``spend`` | one per month of the tier window: at most 24 |
/// | ``onceEvents`` | one per once-per-member event kind of the programme: at most 16 |
/// | ``refunds`` | the ``maxRefundMarks`` (4) most recent refunded sales |
///
/// The balance is not stored: it is the sum of the lots minus the debt.
public struct MemberState: Codable, Hashable, Sendable {
    /// Most point lots kept (one per month; 36 months of expiry plus the current).
    public static let maxLots = 37
    /// Most spend buckets kept (one per month of the longest tier window).
    public static let maxSpendBuckets = 24
    /// Most once-per-member event kinds remembered.
    public static let maxOnceEvents = 16
    /// Most refunded sales remembered on the card.
    public static let maxRefundMarks = 4

    /// Points by month earned, oldest first. Spending takes the oldest first.
    public var lots: [PointLot]
    /// Points owed after a refund took back more than the balance
    /// (``NegativeBalancePolicy/carryDebt``); new points pay it off first.
    public var debt: Int64
    /// Current tier id.
    public var tierId: String
    /// First month of the tier review; `nil` for the entry tier.
    public var tierReviewMonth: Month?
    /// Qualifying spend by month, oldest first, inside the tier window.
    public var spend: [SpendBucket]
    /// Local day of the last qualifying sale; `nil` before the first.
    public var lastVisit: Day?
    /// Year of the last birthday rewarded.
    public var birthdayYear: Int?
    /// Whether the member has made a qualifying sale (referral pays once).
    public var hasPurchased: Bool
    /// Highest event grant sequence applied.
    public var lastGrantSequence: UInt64
    /// Highest points adjustment applied (``PointsAdjustment``).
    public var lastAdjustmentSequence: UInt64
    /// Once-per-member event kinds already granted.
    public var onceEvents: [String]
    /// Month of the last monthly tier gift.
    public var lastGiftMonth: Month?
    /// Offline redemption counters.
    public var offline: OfflineCounters
    /// Points redeemed on the card's latest day of redemption, online and offline (the online
    /// per-day limit).
    public var redeemedToday: DailyRedemptions
    /// Most recent refunded sales and how much of each was refunded.
    public var refunds: [RefundMark]

    /// A new member in the programme's entry tier with no points.
    public init(tierId: String) {
        lots = []
        debt = 0
        self.tierId = tierId
        tierReviewMonth = nil
        spend = []
        lastVisit = nil
        birthdayYear = nil
        hasPurchased = false
        lastGrantSequence = 0
        lastAdjustmentSequence = 0
        onceEvents = []
        lastGiftMonth = nil
        offline = OfflineCounters()
        redeemedToday = DailyRedemptions()
        refunds = []
    }

    /// A new member of `programme`, in its entry tier.
    public static func newMember(of programme: Programme) -> MemberState {
        MemberState(tierId: programme.tiers.levels[0].id)
    }

    /// Points the member can spend: the lots' total minus the debt (negative
    /// while a debt is larger than the lots).
    public var balance: Int64 {
        lots.reduce(0) { $0 &+ $1.points } &- debt
    }

    /// Qualifying spend in the window of `windowMonths` months ending with `month`.
    public func qualifyingSpend(windowMonths: Int, asOf month: Month) -> Int64 {
        let first = month.adding(months: -(windowMonths - 1))
        return spend.reduce(0) { $1.month >= first && $1.month <= month ? $0 &+ $1.amount : $0 }
    }
}

/// Points earned in one calendar month.
public struct PointLot: Codable, Hashable, Sendable {
    /// Month the points were earned (or given back).
    public var month: Month
    /// Points left in the lot, always positive.
    public var points: Int64

    public init(month: Month, points: Int64) {
        self.month = month
        self.points = points
    }
}

/// Qualifying spend in one calendar month.
public struct SpendBucket: Codable, Hashable, Sendable {
    public var month: Month
    /// Minor units.
    public var amount: Int64

    public init(month: Month, amount: Int64) {
        self.month = month
        self.amount = amount
    }
}

/// Points redeemed on one day.
public struct DailyRedemptions: Codable, Hashable, Sendable {
    /// The day counted (`nil`: never redeemed).
    public var day: Day?
    public var points: Int64

    public init(day: Day? = nil, points: Int64 = 0) {
        self.day = day
        self.points = points
    }
}

/// Counters for the offline risk limits.
public struct OfflineCounters: Codable, Hashable, Sendable {
    /// Offline redemptions since the card was last seen online.
    public var consecutiveRedemptions: Int
    /// Day that ``pointsToday`` counts.
    public var day: Day?
    /// Points redeemed offline on ``day``.
    public var pointsToday: Int64

    public init(consecutiveRedemptions: Int = 0, day: Day? = nil, pointsToday: Int64 = 0) {
        self.consecutiveRedemptions = consecutiveRedemptions
        self.day = day
        self.pointsToday = pointsToday
    }
}

/// How much of a sale has been refunded, remembered on the card so that
/// another terminal (whose journal does not have the refund yet) cannot
/// refund it again.
public struct RefundMark: Codable, Hashable, Sendable {
    public var saleId: String
    /// Minor units refunded so far.
    public var refundedAmount: Int64

    public init(saleId: String, refundedAmount: Int64) {
        self.saleId = saleId
        self.refundedAmount = refundedAmount
    }
}
