import BackOfficeStorage
import LedgerFormat

/// What a stored transaction says about the sales the back office keeps and their refunds at any
/// till (``RefundStore``): projected with the members, in the same catch-up and transaction
/// (``MemberProjection``).
public enum SaleRefundProjection {
    /// The changes of one stored transaction: a sale with its record, a refund with its details,
    /// a void (which forgets the sale or refund it names, if it is one).
    public static func changes(from stored: StoredTransaction) -> [SaleRefundChange] {
        guard let entry = LedgerEntry.decode(stored.payload) else { return [] }
        switch entry.kind {
        case .void:
            guard let voided = entry.voided else { return [] }
            return [.void(terminal: stored.terminal, sequence: stored.sequence, voided: voided)]
        case .sale:
            guard let record = entry.saleRecord, let member = entry.member else { return [] }
            return [
                .sale(
                    ProjectedSale(
                        terminal: stored.terminal, sequence: stored.sequence, saleId: entry.requestId ?? record.saleId, member: member,
                        card: entry.card, day: record.day.number, amount: record.amount, qualifyingSpend: record.qualifyingSpend,
                        billPoints: record.billPoints, bonusPoints: record.bonusPoints, redeemedPoints: record.redeemedPoints))
            ]
        case .refund:
            guard let details = entry.refund, let saleId = entry.refundedSaleId ?? entry.saleRecord?.saleId, let refundId = entry.requestId
            else { return [] }
            let points = entry.answer?.points
            return [
                .refund(
                    ProjectedRefund(
                        terminal: stored.terminal, sequence: stored.sequence, refundId: refundId, saleTerminal: details.saleTerminal,
                        saleId: saleId, saleSequence: details.saleSequence, member: entry.member, amount: details.amount,
                        takenBack: (points?.takenBack ?? 0) + (points?.writtenOff ?? 0), returned: points?.returned ?? 0))
            ]
        case .balance, .checkpoint, .enrolment, .adjustment, .reversal, .survey:
            // A reversal undoes the till's last transaction on the card itself; the sales kept
            // here are those refunds name.
            return []
        }
    }

    /// The `over-refund` alarm's detail: the sale, its terminal, the member, the refunds and the
    /// money refunded beyond the sale.
    public static func alarmDetail(_ over: OverRefundedSale) -> String {
        let refunds = over.refunds.map { "\($0.refundId) at terminal \($0.terminal) (\($0.amount))" }.joined(separator: ", ")
        return "sale \(over.sale.saleId) of terminal \(over.sale.terminal) (member \(over.sale.member)) refunded \(over.refunded) "
            + "of \(over.sale.amount) by \(refunds): \(over.excess) refunded beyond the sale"
    }
}
