/// What the terminal knows at the moment of the tap, besides the sale and
/// the member's state.
public struct TerminalContext: Codable, Hashable, Sendable {
    /// Whether the terminal can reach the back office right now.
    public var online: Bool
    /// When the terminal last synced with the back office; `nil` if never.
    public var lastSync: Timestamp?
    /// The card's trust class.
    public var cardClass: CardClass
    /// The member's birthday from the card's signed member record, if known.
    public var birthday: MonthDay?
    /// The member who referred this member, from the member record, if any.
    public var referrerId: String?
    /// Event bonuses granted by the back office and delivered by sync for this member.
    public var pendingGrants: [EventGrant]
    /// Points the back office settled for this member outside the card (a lost card's late
    /// taps, purchases without the card), delivered by sync.
    public var pendingAdjustments: [PointsAdjustment] = []
    /// A manager approved going over the redemption limits (online and offline) for this
    /// transaction, as the programme allows (`approvals.redemptionOverLimit`): only the
    /// balance and the share of the bill cap it.
    public var redemptionLimitsApproved = false

    public init(
        online: Bool, lastSync: Timestamp?, cardClass: CardClass = .memberCard,
        birthday: MonthDay? = nil, referrerId: String? = nil, pendingGrants: [EventGrant] = []
    ) {
        self.online = online
        self.lastSync = lastSync
        self.cardClass = cardClass
        self.birthday = birthday
        self.referrerId = referrerId
        self.pendingGrants = pendingGrants
    }
}

/// A month and day without a year (a birthday).
public struct MonthDay: Codable, Hashable, Sendable {
    public var month: Int
    public var day: Int

    public init(month: Int, day: Int) {
        self.month = month
        self.day = day
    }
}

/// An event bonus granted by the back office to one member.
///
/// The back office numbers each member's grants 1, 2, 3...; the card keeps
/// the highest number applied, so a grant delivered twice is applied once.
public struct EventGrant: Codable, Hashable, Sendable {
    /// Per-member sequence number, starting at 1.
    public var sequence: UInt64
    /// Event kind, matched against ``Programme/events`` (or `referral`).
    public var kind: String

    public init(sequence: UInt64, kind: String) {
        self.sequence = sequence
        self.kind = kind
    }
}

/// Points the back office adds to or takes from one member's balance: what happened outside
/// the card (taps of a lost card synced after its replacement, purchases made without the
/// card). Numbered per member 1, 2, 3...; the card keeps the highest number applied, so each
/// is applied once, whichever terminal delivers it.
public struct PointsAdjustment: Codable, Hashable, Sendable {
    /// Per-member sequence number, starting at 1.
    public var sequence: UInt64
    /// Points added (positive) or taken (negative).
    public var points: Int64
    /// Why, for the receipt line.
    public var reason: String

    public init(sequence: UInt64, points: Int64, reason: String) {
        self.sequence = sequence
        self.points = points
        self.reason = reason
    }
}

/// What the member does at the terminal.
public enum Transaction: Hashable, Sendable {
    /// A sale: earn, and possibly redeem.
    case sale(Sale)
    /// A refund or return of (part of) an earlier sale.
    case refund(Refund)
    /// A tap without a sale: applies expiry, tier review and pending grants,
    /// and shows the balance.
    case inquiry
}
