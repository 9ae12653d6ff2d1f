/// A sale sent by the POS.
public struct Sale: Codable, Hashable, Sendable {
    /// Longest sale id accepted, in UTF-8 bytes (refunds remember it on the card).
    public static let maxIdBytes = 32

    /// The POS's identifier of the sale; refunds name it. 1 to
    /// ``maxIdBytes`` UTF-8 bytes: refunds remember it on the card.
    public var saleId: String
    /// Total of the bill, in minor units, including excluded lines.
    public var amount: Int64
    /// ISO 4217 code; must be the programme's.
    public var currency: String
    /// Parts of the bill the POS itemised (tax, delivery, tip...).
    public var excluded: [ExcludedAmount]
    /// Points the member wants to spend as credit on this bill.
    public var redemption: RedemptionRequest

    public init(
        saleId: String, amount: Int64, currency: String, excluded: [ExcludedAmount] = [],
        redemption: RedemptionRequest = .none
    ) {
        self.saleId = saleId
        self.amount = amount
        self.currency = currency
        self.excluded = excluded
        self.redemption = redemption
    }
}

/// An itemised part of a bill, e.g. `tax` 8,000.
public struct ExcludedAmount: Codable, Hashable, Sendable {
    /// Kind of line, matched against ``EarningRules/excludedKinds``.
    public var kind: String
    /// Amount in minor units.
    public var amount: Int64

    public init(kind: String, amount: Int64) {
        self.kind = kind
        self.amount = amount
    }
}

/// What the member asks to redeem.
public enum RedemptionRequest: Hashable, Sendable, Codable {
    /// No redemption.
    case none
    /// Up to this many points, rounded down to whole credit steps; refused
    /// (not reduced) when a limit would not allow that many.
    case points(Int64)
    /// As many points as every limit allows.
    case maximum
}

/// How much trust a card deserves.
public enum CardClass: String, Codable, Hashable, Sendable {
    /// A member card that authenticates and carries a signed state.
    case memberCard
    /// A card identified by its UID only (MIFARE Classic, Ultralight, NTAG).
    case uidOnly
}
