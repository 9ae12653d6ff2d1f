import BackOfficeStorage
import Foundation

/// The sales refunded for more than their amount: two tills each refunded one without knowing
/// of the other (`docs/backoffice.md`, "Refunds at any till"). The money beyond the sale is what
/// the shop has to chase; the points were settled onto the member already.
public struct RefundReport: Sendable, Equatable, Codable {
    /// One over-refunded sale.
    public struct Sale: Sendable, Equatable, Codable {
        public var saleTerminal: UInt32
        public var saleSequence: UInt64
        public var saleId: String
        public var member: String
        /// The sale's amount, what its refunds add up to, and the difference (minor units).
        public var amount: Int64
        public var refunded: Int64
        public var excess: Int64
        public var refundCount: Int
        public var refunds: [Refund]
    }

    /// One refund of an over-refunded sale.
    public struct Refund: Sendable, Equatable, Codable {
        public var terminal: UInt32
        public var sequence: UInt64
        public var refundId: String
        public var amount: Int64
    }

    public var overRefunds: [Sale]
    /// Refunds whose sale the back office does not hold yet (its terminal has not synced it).
    public var refundsOfUnknownSales: Int

    public init(_ sales: [OverRefundedSale], refundsOfUnknownSales: Int) {
        overRefunds = sales.map { over in
            Sale(
                saleTerminal: over.sale.terminal, saleSequence: over.sale.sequence, saleId: over.sale.saleId, member: over.sale.member,
                amount: over.sale.amount, refunded: over.refunded, excess: over.excess, refundCount: over.refunds.count,
                refunds: over.refunds.map { Refund(terminal: $0.terminal, sequence: $0.sequence, refundId: $0.refundId, amount: $0.amount) }
            )
        }
        self.refundsOfUnknownSales = refundsOfUnknownSales
    }

    /// One line per over-refunded sale, then its refunds; a last line for refunds of unknown sales.
    public var text: String {
        var lines = ["over-refunded sales: \(overRefunds.count)"]
        for sale in overRefunds {
            lines.append(
                "sale \(sale.saleId) terminal \(sale.saleTerminal) sequence \(sale.saleSequence) member \(sale.member): amount \(sale.amount), "
                    + "refunded \(sale.refunded) by \(sale.refundCount) refunds, excess \(sale.excess)")
            for refund in sale.refunds {
                lines.append("  refund \(refund.refundId) terminal \(refund.terminal) sequence \(refund.sequence): \(refund.amount)")
            }
        }
        lines.append("refunds of sales not synced yet: \(refundsOfUnknownSales)")
        return lines.joined(separator: "\n")
    }
}

/// Makes the ``RefundReport``: brings the projection of sales and refunds up to date (raising
/// `over-refund` alarms for what it finds new) and reads the over-refunded sales.
public enum RefundReporter {
    public static func report(store: any LedgerStore, projection: MemberProjection) async throws -> RefundReport {
        try await projection.catchUp()
        return RefundReport(try await store.overRefundedSales(), refundsOfUnknownSales: try await store.unmatchedRefundCount())
    }
}
