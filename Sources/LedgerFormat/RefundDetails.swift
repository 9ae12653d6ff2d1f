/// What a refund's ledger entry says about the sale it refunds and how the terminal knew it
/// (`docs/ledger-format.md`): the back office sums a sale's refunds from these, catches two
/// offline tills refunding more than the sale, and settles the points so that each refund's are
/// taken exactly once.
public struct RefundDetails: Codable, Hashable, Sendable {
    /// Where the terminal found the sale.
    public enum Basis: String, Codable, Hashable, Sendable {
        /// Its own journal.
        case journal
        /// The back office, which held the refunded part for it (`POST /v1/refund-reservations`).
        case backOffice = "back-office"
        /// The receipt's signed reference, verified offline.
        case receipt
    }

    /// The terminal that made the sale.
    public var saleTerminal: UInt32
    /// The sale's journal sequence at that terminal (`nil` when the terminal did not know it).
    public var saleSequence: UInt64?
    /// Minor units of the bill this refund covers (the money the POS gives back).
    public var amount: Int64
    public var basis: Basis

    public init(saleTerminal: UInt32, saleSequence: UInt64?, amount: Int64, basis: Basis) {
        self.saleTerminal = saleTerminal
        self.saleSequence = saleSequence
        self.amount = amount
        self.basis = basis
    }
}
