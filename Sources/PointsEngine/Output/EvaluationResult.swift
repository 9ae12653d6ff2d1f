/// What one evaluation produced: the member's new state, the figures for
/// the POS and the journal, and the receipt lines.
public struct EvaluationResult: Hashable, Sendable {
    /// The member's state after the transaction; write it to the card and journal it.
    public var state: MemberState
    /// Points from the bill (bands and tier multiplier).
    public var earnedPoints: Int64
    /// Points from bonuses: visit, birthday, referral welcome, win-back, events.
    public var bonusPoints: Int64
    /// Points spent as credit on this bill.
    public var redeemedPoints: Int64
    /// Points that expired at this evaluation.
    public var expiredPoints: Int64
    /// Points a refund took back (after the negative-balance policy).
    public var takenBackPoints: Int64
    /// Redeemed points a refund gave back.
    public var returnedPoints: Int64
    /// Points a refund could not take back and wrote off (``NegativeBalancePolicy/writeOff``).
    public var writtenOffPoints: Int64
    /// Credit given on the bill for redeemed points, in minor units.
    public var redemptionCredit: Int64
    /// Discounts (tier, birthday) given on the bill, in minor units.
    public var discount: Int64
    /// Amount the customer pays after discounts and credit, in minor units (sales only).
    public var amountDue: Int64
    /// What happened to the redemption request.
    public var redemption: RedemptionOutcome
    /// A tier change, with its reason.
    public var tierChange: TierChange?
    /// A reward for the referrer for the back office to grant.
    public var referrerReward: ReferrerReward?
    /// The sale record to journal (the new sale's, or the refunded sale's updated one).
    public var saleRecord: SaleRecord?
    /// A refund: minor units of the bill it refunded (less than asked when part of the sale was
    /// refunded already, 0 when nothing was left).
    public var refundedAmount: Int64
    /// Receipt lines, one per rule applied, in the order applied.
    public var lines: [ExplanationLine]

    /// Balance after the transaction.
    public var balance: Int64 { state.balance }

    /// Net change of the balance: earned + bonus + returned − redeemed − taken back − expired.
    public var netPoints: Int64 {
        earnedPoints + bonusPoints + returnedPoints - redeemedPoints - takenBackPoints - expiredPoints
    }

    init(state: MemberState) {
        self.state = state
        earnedPoints = 0
        bonusPoints = 0
        redeemedPoints = 0
        expiredPoints = 0
        takenBackPoints = 0
        returnedPoints = 0
        writtenOffPoints = 0
        redemptionCredit = 0
        discount = 0
        amountDue = 0
        redemption = .notRequested
        tierChange = nil
        referrerReward = nil
        saleRecord = nil
        refundedAmount = 0
        lines = []
    }
}

/// A tier change and why it happened.
public struct TierChange: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable {
        /// Reached a higher threshold: applied at once.
        case upgrade
        /// Spend below the tier's threshold at the end of its period.
        case downgrade
    }

    public var kind: Kind
    public var from: String
    public var to: String
    /// Qualifying spend over the window when the change was decided, in minor units.
    public var qualifyingSpend: Int64
    /// The threshold that decided it (the new tier's for an upgrade, the old one's for a downgrade).
    public var threshold: Int64
    /// The reason in words, as printed.
    public var reason: String
}

/// Points the back office should grant to the member who referred this one.
public struct ReferrerReward: Codable, Hashable, Sendable {
    public var referrerId: String
    public var points: Int64
    /// The sale that triggered it.
    public var saleId: String
}
