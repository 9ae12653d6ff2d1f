/// What refunding a sale from `before` to `after` minor units refunded in total takes back and
/// gives back (the proportions of ``RefundRule``, cumulative so that partial refunds add up
/// exactly): bill points and redeemed points in proportion, bonus points when the sale becomes
/// fully refunded, qualifying spend in proportion.
///
/// A terminal refunding without the card, offline, uses it to journal the points the member
/// owes; the back office uses the same shares to settle a sale's refunds exactly once.
public struct RefundShares: Hashable, Sendable {
    /// Points taken from the member (bill share, plus the bonus when fully refunded).
    public var takeBack: Int64
    /// Redeemed points given back.
    public var giveBack: Int64
    /// Qualifying spend removed.
    public var spendBack: Int64

    /// The shares of refunding `record` from `before` to `after` (both within `0...amount`).
    public init(of record: SaleRecord, from before: Int64, to after: Int64) throws(EngineError) {
        guard record.amount > 0, (0...record.amount).contains(before), (before...record.amount).contains(after) else {
            takeBack = 0
            giveBack = 0
            spendBack = 0
            return
        }
        func share(_ total: Int64) throws(EngineError) -> Int64 {
            try CheckedMath.mulDivFloor(total, after, record.amount, rule: .refund)
                - CheckedMath.mulDivFloor(total, before, record.amount, rule: .refund)
        }
        takeBack = try share(record.billPoints)
        if after == record.amount, before < after { takeBack = try CheckedMath.add(takeBack, record.bonusPoints, rule: .refund) }
        giveBack = try share(record.redeemedPoints)
        spendBack = try share(record.qualifyingSpend)
    }

    /// The points' net effect on the balance: given back less taken back.
    public var net: Int64 { giveBack - takeBack }
}
