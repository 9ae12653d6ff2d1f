/// Identifies the rule behind an explanation line or an error.
public enum RuleID: String, Codable, Hashable, Sendable, CaseIterable {
    /// Points by bill value (spend bands).
    case earning
    /// The tier's earning multiplier.
    case tierMultiplier
    /// Points per visit.
    case visit
    /// The tier's discount on the bill.
    case tierDiscount
    /// A tier upgrade, downgrade or renewal.
    case tierChange
    /// The tier's monthly gift.
    case monthlyGift
    /// Birthday points or discount.
    case birthday
    /// Referral reward (referee's welcome points, referrer's reward).
    case referral
    /// Win-back bonus.
    case winBack
    /// Event bonus granted by the back office.
    case event
    /// Points the back office settled outside the card (``PointsAdjustment``).
    case adjustment
    /// Points spent as credit on the bill.
    case redemption
    /// Points taken back or given back by a refund.
    case refund
    /// Points that expired.
    case expiry
    /// Debt paid off by new points, or written off.
    case debt
    /// Arithmetic on the point lots.
    case ledger
}

/// One line of the explanation: which rule did what, with its points.
/// Suitable for a receipt, one line each.
public struct ExplanationLine: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The rule that produced the line.
    public var rule: RuleID
    /// What happened, in words, e.g. `Spend 85,000 VND: 1 pt per 10,000 VND`.
    public var text: String
    /// Points added (positive) or removed (negative); 0 for a line without points.
    public var points: Int64

    public init(rule: RuleID, text: String, points: Int64) {
        self.rule = rule
        self.text = text
        self.points = points
    }

    /// The line as printed: the text, then signed points when there are any.
    public var description: String {
        points == 0 ? text : "\(text): \(points > 0 ? "+" : "")\(pointsText(points))"
    }
}
