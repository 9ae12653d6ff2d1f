/// Tiers by qualifying spend over a rolling window.
///
/// Qualifying spend is the sum of the earning bases of the member's sales in
/// the last ``windowMonths`` calendar months, the current month included,
/// less refunds. A member is **upgraded at once** when a sale lifts their
/// qualifying spend to a higher threshold. A tier is then held for
/// ``reviewMonths`` months; at the first evaluation on or after the end of
/// that period the tier is reviewed against the spend at that moment and may
/// go **down** (or be renewed). Refunds never downgrade on the spot.
public struct TierRules: Codable, Hashable, Sendable {
    /// Length of the rolling window, 1...24 months.
    public var windowMonths: Int
    /// How long a reached tier is held before review, 1...24 months.
    public var reviewMonths: Int
    /// Levels in ascending order of threshold; the first has threshold 0.
    public var levels: [TierLevel]

    public init(windowMonths: Int, reviewMonths: Int, levels: [TierLevel]) {
        self.windowMonths = windowMonths
        self.reviewMonths = reviewMonths
        self.levels = levels
    }

    /// The highest level whose threshold is at most `spend`.
    public func level(forSpend spend: Int64) -> TierLevel {
        levels.last { $0.threshold <= spend } ?? levels[0]
    }

    /// Position of a level in ``levels`` (0 for the entry level; unknown ids rank 0).
    public func rank(of id: String) -> Int {
        levels.firstIndex { $0.id == id } ?? 0
    }
}

/// One tier level and its privileges.
public struct TierLevel: Codable, Hashable, Sendable {
    /// Stable identifier stored on the card, e.g. `gold`.
    public var id: String
    /// Name printed on receipts, e.g. `Gold`.
    public var name: String
    /// Qualifying spend, in minor units, that reaches this level.
    public var threshold: Int64
    /// Earning multiplier on bill points, in percent (100 = ×1, 150 = ×1.5), 100...1000.
    public var multiplierPercent: Int64
    /// Discount on the eligible amount of every sale, in whole percent, 0...100,
    /// floored to a whole minor unit.
    public var discountPercent: Int64
    /// A gift offered once per calendar month on the first qualifying sale, e.g. `Free drink`.
    public var monthlyGift: String?

    public init(
        id: String, name: String, threshold: Int64, multiplierPercent: Int64 = 100,
        discountPercent: Int64 = 0, monthlyGift: String? = nil
    ) {
        self.id = id
        self.name = name
        self.threshold = threshold
        self.multiplierPercent = multiplierPercent
        self.discountPercent = discountPercent
        self.monthlyGift = monthlyGift
    }
}
