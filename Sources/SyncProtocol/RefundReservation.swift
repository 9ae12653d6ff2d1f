/// `POST /v1/refund-reservations`: a terminal about to refund a sale asks the back office for the
/// sale and what has been refunded of it, and holds the part it refunds, so that two tills cannot
/// refund the same part at the same moment (`docs/sync-protocol.md`, "Refunds at any till").
public struct RefundReservationRequest: Codable, Sendable, Equatable {
    /// The terminal that made the sale (from the receipt); `nil`: the back office finds the sale
    /// by its id alone, and answers `ambiguous-sale` when several terminals have one.
    public var saleTerminal: UInt32?
    /// The POS's sale id.
    public var saleId: String
    /// The refund's request id (the POS's refund id): the same refund asking again gets the
    /// same reservation.
    public var refundId: String
    /// Minor units of the bill refunded; the whole remainder when `nil`.
    public var amount: Int64?

    public init(saleTerminal: UInt32?, saleId: String, refundId: String, amount: Int64?) {
        self.saleTerminal = saleTerminal
        self.saleId = saleId
        self.refundId = refundId
        self.amount = amount
    }
}

/// The answer to a granted ``RefundReservationRequest``: the sale as its terminal journaled it,
/// what is refunded of it already (synced refunds, and the parts other refunds hold now), and
/// the part held for this refund.
public struct RefundReservationAnswer: Codable, Sendable, Equatable {
    public var saleTerminal: UInt32
    /// The sale's journal sequence at its terminal.
    public var saleSequence: UInt64
    public var saleId: String
    /// The member the sale was made for, and the card (key id, `uid:HEX`; `nil` without the card).
    public var member: String
    public var card: String?
    /// The sale's record as the engine made it (`SaleRecord`'s fields; `day` is days since the epoch).
    public var day: Int
    public var amount: Int64
    public var qualifyingSpend: Int64
    public var billPoints: Int64
    public var bonusPoints: Int64
    public var redeemedPoints: Int64
    /// Minor units refunded already, or held by other refunds until their transactions arrive.
    public var refundedAmount: Int64
    /// Minor units held for this refund (never more than the rest of the sale).
    public var reserved: Int64
    /// When the hold lapses if the refund's transaction has not arrived, ms since the epoch.
    public var expiresAt: Int64

    public init(
        saleTerminal: UInt32, saleSequence: UInt64, saleId: String, member: String, card: String?, day: Int, amount: Int64,
        qualifyingSpend: Int64, billPoints: Int64, bonusPoints: Int64, redeemedPoints: Int64, refundedAmount: Int64, reserved: Int64,
        expiresAt: Int64
    ) {
        self.saleTerminal = saleTerminal
        self.saleSequence = saleSequence
        self.saleId = saleId
        self.member = member
        self.card = card
        self.day = day
        self.amount = amount
        self.qualifyingSpend = qualifyingSpend
        self.billPoints = billPoints
        self.bonusPoints = bonusPoints
        self.redeemedPoints = redeemedPoints
        self.refundedAmount = refundedAmount
        self.reserved = reserved
        self.expiresAt = expiresAt
    }
}
