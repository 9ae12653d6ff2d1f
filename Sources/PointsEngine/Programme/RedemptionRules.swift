/// Points spent as credit on the bill.
///
/// `points` points are worth `amount` minor units. Credit is given in whole
/// steps of ``wholeUnit`` minor units (e.g. 1,000 VND or 1.00 MYR), each costing
/// `wholeUnit × points / amount` points exactly (validation requires that to be
/// a whole number). Requests are rounded **down** to whole steps. Credit is at
/// most ``maximumBillPercent`` of the amount due after discounts (floored), and
/// never more than the member's balance.
public struct RedemptionRules: Codable, Hashable, Sendable {
    /// Points in the conversion rate.
    public var points: Int64
    /// Minor units those points are worth.
    public var amount: Int64
    /// Smallest number of points a redemption may spend.
    public var minimumPoints: Int64
    /// Largest share of the amount due that points may pay, 0...100 percent.
    public var maximumBillPercent: Int64
    /// Credit step in minor units.
    public var wholeUnit: Int64

    public init(points: Int64, amount: Int64, minimumPoints: Int64, maximumBillPercent: Int64, wholeUnit: Int64) {
        self.points = points
        self.amount = amount
        self.minimumPoints = minimumPoints
        self.maximumBillPercent = maximumBillPercent
        self.wholeUnit = wholeUnit
    }

    /// Points that one credit step costs (exact on a validated programme).
    public var pointsPerStep: Int64 { wholeUnit * points / amount }
}

/// Offline redemption limits, like a payment terminal's floor limits.
///
/// They apply only while the terminal is offline; online, the back office
/// holds the authoritative balance. The defaults are zero: nothing may be
/// redeemed offline unless the programme says so.
public struct OfflineLimits: Codable, Hashable, Sendable {
    /// Limits for member cards that authenticate and carry a signed state.
    public var memberCard: OfflineLimit
    /// Limits for UID-only cards (MIFARE Classic, Ultralight, NTAG); lower trust.
    public var uidOnly: OfflineLimit

    public init(memberCard: OfflineLimit = OfflineLimit(), uidOnly: OfflineLimit = OfflineLimit()) {
        self.memberCard = memberCard
        self.uidOnly = uidOnly
    }

    /// The limit for a card class.
    public func limit(for cardClass: CardClass) -> OfflineLimit {
        switch cardClass {
        case .memberCard: memberCard
        case .uidOnly: uidOnly
        }
    }
}

/// One card class's offline redemption limits. Zero means nothing allowed.
public struct OfflineLimit: Codable, Hashable, Sendable {
    /// Most points one offline transaction may redeem.
    public var maxPointsPerTransaction: Int64
    /// Most points one card may redeem offline per local day.
    public var maxPointsPerDay: Int64
    /// Most offline redemptions in a row before the card must be seen online.
    public var maxConsecutiveRedemptions: Int
    /// Longest time since the terminal's last successful sync, in seconds,
    /// after which offline redemption stops.
    public var maxSecondsSinceSync: Int64

    public init(
        maxPointsPerTransaction: Int64 = 0, maxPointsPerDay: Int64 = 0,
        maxConsecutiveRedemptions: Int = 0, maxSecondsSinceSync: Int64 = 0
    ) {
        self.maxPointsPerTransaction = maxPointsPerTransaction
        self.maxPointsPerDay = maxPointsPerDay
        self.maxConsecutiveRedemptions = maxConsecutiveRedemptions
        self.maxSecondsSinceSync = maxSecondsSinceSync
    }
}
