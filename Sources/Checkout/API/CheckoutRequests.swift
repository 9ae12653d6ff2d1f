import PointsEngine

/// A sale sent by the POS: the member taps, earns and possibly redeems.
public struct SaleRequest: Codable, Hashable, Sendable {
    /// The POS's identifier of the sale (1 to ``PointsEngine/Sale/maxIdBytes`` UTF-8 bytes of
    /// letters, digits, `-`, `_`, `.`, `:` or `/`). Sending the same id again gives the same answer.
    public var saleId: String
    /// Total of the bill in minor units of the programme's currency (e.g. 85000 for 85,000 VND).
    public var amount: Int64
    /// ISO 4217 code; must be the programme's.
    public var currency: String
    /// Parts of the bill that earn nothing (tax, delivery, tip...).
    public var excluded: [ExcludedAmount]
    /// Points the member wants to spend as credit on this bill.
    public var redemption: RedemptionRequest
    /// Seconds to wait for the tap; the terminal's default when `nil`.
    public var waitSeconds: Int?
    /// The member without their card (no tap): `nil` for a sale with the card.
    public var member: MemberReference?
    /// A manager's approval of a redemption over the online or offline limits, where the
    /// programme allows one (`approvals.redemptionOverLimit`).
    public var approval: ManagerCredential?
    /// Who asks, as the POS names the cashier (recorded with an approval).
    public var cashier: String?

    public init(
        saleId: String, amount: Int64, currency: String, excluded: [ExcludedAmount] = [],
        redemption: RedemptionRequest = .none, waitSeconds: Int? = nil, member: MemberReference? = nil,
        approval: ManagerCredential? = nil, cashier: String? = nil
    ) {
        self.member = member
        self.approval = approval
        self.cashier = cashier
        self.saleId = saleId
        self.amount = amount
        self.currency = currency
        self.excluded = excluded
        self.redemption = redemption
        self.waitSeconds = waitSeconds
    }

    /// The engine's view of the sale.
    public var sale: Sale {
        Sale(saleId: saleId, amount: amount, currency: currency, excluded: excluded, redemption: redemption)
    }
}

/// A refund of an earlier sale, whole or in part, at any till of the chain: the member taps a
/// card of theirs, or the points are settled without it (``withoutCard``).
public struct RefundRequest: Codable, Hashable, Sendable {
    /// The POS's identifier of this refund (same rules as a sale id). Sending it again gives
    /// the same answer.
    public var refundId: String
    /// The sale refunded: its POS sale id.
    public var saleId: String
    /// Minor units of the bill refunded; the whole remainder when `nil`.
    public var amount: Int64?
    /// Seconds to wait for the tap; the terminal's default when `nil`.
    public var waitSeconds: Int?
    /// The sale's receipt reference (``ReceiptReference``, `LT1.…`), scanned or typed from the
    /// receipt: it names the till of the sale and lets this terminal refund it offline.
    public var receipt: String?
    /// The member has not brought the card: the points are taken from the balance the back
    /// office holds (online), or journaled as a debit the card settles at its next tap (offline).
    public var withoutCard: Bool
    /// A manager's approval, for a refund without the receipt where the programme needs one
    /// (`approvals.refundWithoutReceipt`).
    public var approval: ManagerCredential?
    /// Who asks, as the POS names the cashier (recorded with an approval).
    public var cashier: String?

    public init(
        refundId: String, saleId: String, amount: Int64? = nil, waitSeconds: Int? = nil, receipt: String? = nil,
        withoutCard: Bool = false, approval: ManagerCredential? = nil, cashier: String? = nil
    ) {
        self.approval = approval
        self.cashier = cashier
        self.refundId = refundId
        self.saleId = saleId
        self.amount = amount
        self.waitSeconds = waitSeconds
        self.receipt = receipt
        self.withoutCard = withoutCard
    }
}

/// A balance enquiry: the member taps, the terminal shows the balance (after expiry, tier
/// review and event grants, which it writes back to the card and journals when they changed it).
public struct BalanceRequest: Codable, Hashable, Sendable {
    /// Seconds to wait for the tap; the terminal's default when `nil`.
    public var waitSeconds: Int?
    /// The member without their card (no tap; the back office answers): `nil` for a tap.
    public var member: MemberReference?

    public init(waitSeconds: Int? = nil, member: MemberReference? = nil) {
        self.waitSeconds = waitSeconds
        self.member = member
    }
}
