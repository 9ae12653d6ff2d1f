/// The sales the synced journals carry, their refunds at any till, and the parts of sales held
/// for refunds under way (`POST /v1/refund-reservations`): a projection of the journal store,
/// kept with the members' (``MemberStore``) in the same transactions.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol RefundStore: Sendable {
    /// The journal position the sales and refunds are projected through (0: nothing yet). Behind
    /// the members' only after an upgrade to a store keeping sales: the transactions between are
    /// projected for their sales alone.
    func saleProjectionPosition() async throws -> Int64

    /// ``MemberStore/projectMembers(_:through:)`` with the sales and refunds of the same
    /// transactions, in one transaction, which moves both positions to `position`: each sale kept; each refund kept, the refund
    /// reservation of its terminal and id used, and its sale (once known) settled: what the
    /// member is owed by ``SaleRefundSettlement`` and not yet settled is added as an adjustment
    /// `refund-excess:T<terminal>-<sequence>` of the transaction that made it due (a refund, the
    /// sale arriving after its refunds, a void removing one), and the sale answered when its
    /// refunds exceed it; each void forgets the sale or refund it names.
    func projectMembers(_ updates: [MemberUpdate], sales changes: [SaleRefundChange], through position: Int64) async throws
        -> ProjectionOutcome

    /// Holds part of a sale for a refund at `now`, atomically against every other hold: the sale
    /// is found by terminal and id (or id alone, when only one terminal has it); what is
    /// refunded is its synced refunds plus what other refunds hold (neither used nor expired);
    /// the hold is the part asked (or the rest), at most what is left. The same terminal and
    /// refund again answer the hold made, unless it lapsed unused (then it is made anew).
    func reserveRefund(_ hold: RefundHold, now: Int64) async throws -> RefundHoldOutcome

    /// The sales whose synced refunds add up to more than the sale, by terminal then sale id.
    func overRefundedSales() async throws -> [OverRefundedSale]

    /// Refunds kept whose sale the back office does not hold (yet).
    func unmatchedRefundCount() async throws -> Int
}
