/// A sale as its terminal journaled it (the ledger entry's `saleRecord`): what a refund at any
/// till is measured against.
public struct ProjectedSale: Sendable, Equatable, Codable {
    /// The `sales` table's columns of a sale, in both stores' order (terminal, sale id, sequence,
    /// member, card, day, amount, qualifying spend, bill, bonus and redeemed points), each
    /// prefixed with `table.` when given.
    public static func columns(of table: String?) -> String {
        [
            "terminal", "sale_id", "sequence", "member", "card", "day", "amount", "qualifying_spend", "bill_points", "bonus_points",
            "redeemed_points",
        ]
        .map { column in table.map { "\($0).\(column)" } ?? column }.joined(separator: ", ")
    }

    public var terminal: UInt32
    /// The sale's journal sequence at its terminal.
    public var sequence: UInt64
    /// The POS's sale id (the entry's `requestId`).
    public var saleId: String
    public var member: String
    /// The card (key id, `uid:HEX`); `nil` for a sale made without the card.
    public var card: String?
    /// Days since the epoch.
    public var day: Int
    /// The bill, in minor units.
    public var amount: Int64
    public var qualifyingSpend: Int64
    public var billPoints: Int64
    public var bonusPoints: Int64
    public var redeemedPoints: Int64

    public init(
        terminal: UInt32, sequence: UInt64, saleId: String, member: String, card: String?, day: Int, amount: Int64, qualifyingSpend: Int64,
        billPoints: Int64, bonusPoints: Int64, redeemedPoints: Int64
    ) {
        self.terminal = terminal
        self.sequence = sequence
        self.saleId = saleId
        self.member = member
        self.card = card
        self.day = day
        self.amount = amount
        self.qualifyingSpend = qualifyingSpend
        self.billPoints = billPoints
        self.bonusPoints = bonusPoints
        self.redeemedPoints = redeemedPoints
    }
}

/// One refund transaction as its terminal journaled it (the entry's `refund` details and points).
public struct ProjectedRefund: Sendable, Equatable, Codable {
    /// The refunding terminal and the refund's journal sequence there.
    public var terminal: UInt32
    public var sequence: UInt64
    /// The refund's request id (the POS's refund id).
    public var refundId: String
    /// The sale refunded: its terminal, id and (when the refunding terminal knew it) sequence.
    public var saleTerminal: UInt32
    public var saleId: String
    public var saleSequence: UInt64?
    public var member: String?
    /// Minor units of the bill this refund covers.
    public var amount: Int64
    /// Points the refund took from the member, those written off included.
    public var takenBack: Int64
    /// Redeemed points it gave back.
    public var returned: Int64

    public init(
        terminal: UInt32, sequence: UInt64, refundId: String, saleTerminal: UInt32, saleId: String, saleSequence: UInt64?, member: String?,
        amount: Int64, takenBack: Int64, returned: Int64
    ) {
        self.terminal = terminal
        self.sequence = sequence
        self.refundId = refundId
        self.saleTerminal = saleTerminal
        self.saleId = saleId
        self.saleSequence = saleSequence
        self.member = member
        self.amount = amount
        self.takenBack = takenBack
        self.returned = returned
    }
}

/// What one stored transaction changes in the sales and refunds the back office keeps.
public enum SaleRefundChange: Sendable, Equatable {
    /// A sale with its record: kept (the same terminal and sale id again replace it).
    case sale(ProjectedSale)
    /// A refund with its details: kept (matched with its sale when that arrives), the refund
    /// reservation it made marked used, and its sale's refunds settled (``SaleRefundSettlement``).
    case refund(ProjectedRefund)
    /// A `void` at `terminal`, sequence `sequence`, of the transaction `voided` there: a sale or
    /// refund that never reached the card is forgotten.
    case void(terminal: UInt32, sequence: UInt64, voided: UInt64)
}

/// A sale whose refunds add up to more money than the sale: two tills each refunded it without
/// knowing of the other. The shop has to chase `excess`.
public struct OverRefundedSale: Sendable, Equatable, Codable {
    public var sale: ProjectedSale
    /// Minor units refunded in total (more than the sale's amount).
    public var refunded: Int64
    /// Minor units refunded beyond the sale's amount.
    public var excess: Int64
    /// The refunds, by terminal then sequence.
    public var refunds: [ProjectedRefund]

    public init(sale: ProjectedSale, refunded: Int64, excess: Int64, refunds: [ProjectedRefund]) {
        self.sale = sale
        self.refunded = refunded
        self.excess = excess
        self.refunds = refunds
    }
}

/// What one projected page came to: enrolments kept without their phone, sales found
/// over-refunded by the refunds it held.
public struct ProjectionOutcome: Sendable, Equatable {
    public var clashes: [MemberPhoneClash]
    public var overRefunds: [OverRefundedSale]

    public init(clashes: [MemberPhoneClash] = [], overRefunds: [OverRefundedSale] = []) {
        self.clashes = clashes
        self.overRefunds = overRefunds
    }
}

/// A terminal about to refund a sale asks for the part it refunds to be held
/// (`POST /v1/refund-reservations`).
public struct RefundHold: Sendable, Equatable {
    /// The sale's terminal; `nil`: found by its id alone.
    public var saleTerminal: UInt32?
    public var saleId: String
    /// The refunding terminal and the refund's id.
    public var terminal: UInt32
    public var refundId: String
    /// Minor units asked; the rest of the sale when `nil`.
    public var amount: Int64?
    /// ms since the epoch.
    public var createdAt: Int64
    public var expiresAt: Int64

    public init(
        saleTerminal: UInt32?, saleId: String, terminal: UInt32, refundId: String, amount: Int64?, createdAt: Int64, expiresAt: Int64
    ) {
        self.saleTerminal = saleTerminal
        self.saleId = saleId
        self.terminal = terminal
        self.refundId = refundId
        self.amount = amount
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What a ``RefundHold`` came to.
public enum RefundHoldOutcome: Sendable, Equatable {
    /// Held (or held already for the same terminal and refund): `refunded` is what the sale's
    /// other refunds took or hold now, `reserved` this refund's part.
    case granted(sale: ProjectedSale, refunded: Int64, reserved: Int64, expiresAt: Int64)
    /// No sale of that id (at that terminal).
    case unknownSale
    /// No terminal named, and the id is a sale at each of `terminals`.
    case ambiguousSale(terminals: [UInt32])
    /// The synced refunds took the whole sale.
    case alreadyRefunded(sale: ProjectedSale, refunded: Int64)
    /// What is left is held by another refund, at `terminal`, until its transaction arrives or
    /// its hold lapses.
    case inProgress(sale: ProjectedSale, refunded: Int64, terminal: UInt32)
}
