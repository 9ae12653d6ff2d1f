/// What a refund does when taking back points would make the balance negative.
public struct RefundPolicy: Codable, Hashable, Sendable {
    /// The negative-balance policy.
    public var negativeBalance: NegativeBalancePolicy
    /// The most days after the sale's day a refund may be made (0: the same day only); `nil`:
    /// no limit. A later refund is refused `refund-too-late`.
    public var maxAgeDays: Int?

    public init(negativeBalance: NegativeBalancePolicy = .carryDebt, maxAgeDays: Int? = nil) {
        self.negativeBalance = negativeBalance
        self.maxAgeDays = maxAgeDays
    }
}

/// How a refund that takes back more points than the member has is settled.
public enum NegativeBalancePolicy: String, Codable, Hashable, Sendable {
    /// The shortfall is kept as a debt that the next points earned pay off
    /// first; the balance shows as negative until then.
    case carryDebt
    /// The balance stops at zero and the shortfall is written off (reported
    /// in the result and on the receipt).
    case writeOff
}

/// Points expire a number of calendar months after the month they were earned.
///
/// Points earned (or given back) in month M expire at the start of month
/// M + ``months``: with 12, points earned any day of March 2025 expire on
/// 1 March 2026. Spending always takes the oldest points first.
public struct ExpiryPolicy: Codable, Hashable, Sendable {
    /// Lifetime in months, 1...36.
    public var months: Int

    public init(months: Int) { self.months = months }
}
