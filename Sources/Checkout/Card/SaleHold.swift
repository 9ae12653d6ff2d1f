import LedgerFormat
import PointsEngine

/// A sale the back office found for a refund, with the part it holds for it
/// (`POST /v1/refund-reservations`).
public struct HeldSale: Sendable, Equatable {
    public var saleTerminal: UInt32
    public var saleSequence: UInt64
    public var member: String
    /// The sale's card (key id, `uid:HEX`); `nil` for a sale made without the card.
    public var card: String?
    /// The sale's record; its `refundedAmount` is what is refunded already or held by others.
    public var record: SaleRecord
    /// Minor units held for this refund.
    public var reserved: Int64

    public init(saleTerminal: UInt32, saleSequence: UInt64, member: String, card: String?, record: SaleRecord, reserved: Int64) {
        self.saleTerminal = saleTerminal
        self.saleSequence = saleSequence
        self.member = member
        self.card = card
        self.record = record
        self.reserved = reserved
    }
}

/// What asking the back office to hold a refund came to.
public enum RefundHold: Sendable, Equatable {
    case granted(HeldSale)
    /// The back office refused it: `already-refunded`, `refund-in-progress`, `receipt-needed`
    /// (the sale id is at several tills), with its reason.
    case refused(Refusal)
    /// The back office has no such sale (not synced yet, or never made).
    case unknownSale
    case unreachable(String)
}
