/// A refund or return, linked to the original sale.
public struct Refund: Codable, Hashable, Sendable {
    /// The POS's identifier of this refund.
    public var refundId: String
    /// The original sale as the journal recorded it, including what has
    /// already been refunded (the terminal passes its latest version).
    public var original: SaleRecord
    /// How much of the sale is refunded.
    public var amount: RefundAmount

    public init(refundId: String, original: SaleRecord, amount: RefundAmount) {
        self.refundId = refundId
        self.original = original
        self.amount = amount
    }
}

/// The refunded part of a sale.
public enum RefundAmount: Hashable, Sendable, Codable {
    /// Everything not yet refunded.
    case full
    /// This many minor units of the bill amount (lines' total). More than is
    /// left is reduced to what is left.
    case amount(Int64)
}

/// What the engine did on a sale, kept in the journal so that a refund,
/// on this terminal or another, can take back exactly the right points.
///
/// The engine returns a new version of the record after each refund; the
/// terminal journals it and passes the latest version to the next refund.
public struct SaleRecord: Codable, Hashable, Sendable {
    /// The POS's sale identifier.
    public var saleId: String
    /// Local day of the sale.
    public var day: Day
    /// Bill amount, in minor units.
    public var amount: Int64
    /// Qualifying spend added to the tier window (the earning base).
    public var qualifyingSpend: Int64
    /// Bill points, tier bonus included: taken back in proportion to the refund.
    public var billPoints: Int64
    /// Visit, birthday, win-back and welcome points: taken back only when the
    /// sale becomes fully refunded.
    public var bonusPoints: Int64
    /// Points redeemed on the sale: given back in proportion to the refund.
    public var redeemedPoints: Int64
    /// Amount refunded so far, in minor units.
    public var refundedAmount: Int64

    public init(
        saleId: String, day: Day, amount: Int64, qualifyingSpend: Int64, billPoints: Int64,
        bonusPoints: Int64, redeemedPoints: Int64, refundedAmount: Int64 = 0
    ) {
        self.saleId = saleId
        self.day = day
        self.amount = amount
        self.qualifyingSpend = qualifyingSpend
        self.billPoints = billPoints
        self.bonusPoints = bonusPoints
        self.redeemedPoints = redeemedPoints
        self.refundedAmount = refundedAmount
    }

    /// Whether nothing is left to refund.
    public var isFullyRefunded: Bool { refundedAmount >= amount }
}
