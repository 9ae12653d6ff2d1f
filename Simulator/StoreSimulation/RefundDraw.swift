import LoyaltyJournal

/// A refund as ``RefundDraws`` draws it: of any earlier sale of the member, at the till that
/// made it or another, with the receipt or not, with the card or not, whole or in part.
struct RefundDraw: Sendable {
    /// The sale refunded, as the plan made it.
    let sale: (id: String, terminal: Int, amount: Int64, cardless: Bool)
    /// The till of the refund.
    let terminal: Int
    let withReceipt: Bool
    let withoutCard: Bool
    /// Minor units asked back; nil: the whole remainder.
    let amount: Int64?

    /// Draws from `random` (the refunds' own stream) a refund of one of `sales` (the member's
    /// sales so far, not empty). `terminal` is the till the main stream drew for the request: a
    /// refund at any till is made there. A member with a UID-only card refunds at their one
    /// till with the card (its points live in that till's journal).
    init(
        _ draws: RefundDraws, sales: [(id: String, terminal: Int, amount: Int64, cardless: Bool)], terminal: Int, uidOnly: Bool,
        using random: inout SplitMix64
    ) {
        let sale = sales[Int.random(in: 0..<max(1, sales.count), using: &random)]
        self.sale = sale
        let anyTill = Double.random(in: 0..<1, using: &random) < draws.anyTill
        self.terminal = anyTill && !uidOnly ? terminal : sale.terminal
        withReceipt = Double.random(in: 0..<1, using: &random) < draws.withReceipt
        withoutCard = Double.random(in: 0..<1, using: &random) < draws.withoutCard && !uidOnly
        let whole = Bool.random(using: &random)
        let part = 1000 * Int64.random(in: 1...max(1, sale.amount / 1000 - 1), using: &random)
        amount = whole ? nil : min(part, sale.amount)
    }
}
