import PointsEngine

/// The points of one transaction.
public struct PointsSummary: Codable, Hashable, Sendable {
    public var earned: Int64
    public var bonus: Int64
    public var redeemed: Int64
    public var expired: Int64
    public var takenBack: Int64
    public var returned: Int64
    public var writtenOff: Int64
    /// Net change of the balance.
    public var net: Int64

    public init(_ result: EvaluationResult) {
        earned = result.earnedPoints
        bonus = result.bonusPoints
        redeemed = result.redeemedPoints
        expired = result.expiredPoints
        takenBack = result.takenBackPoints
        returned = result.returnedPoints
        writtenOff = result.writtenOffPoints
        net = result.netPoints
    }
}

/// Money on a sale's bill, in minor units.
public struct BillSummary: Codable, Hashable, Sendable {
    public var amount: Int64
    public var discount: Int64
    public var redemptionCredit: Int64
    public var amountDue: Int64

    public init(amount: Int64, result: EvaluationResult) {
        self.amount = amount
        discount = result.discount
        redemptionCredit = result.redemptionCredit
        amountDue = result.amountDue
    }
}
