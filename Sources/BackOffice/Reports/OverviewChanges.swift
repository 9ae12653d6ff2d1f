import BackOfficeStorage
import LedgerFormat

/// What a stored transaction changes in the overview projection (``OverviewStore``): exactly
/// what ``RetentionCalculator`` reads of it, so that the figures from the projection equal the
/// scan's.
public enum OverviewChanges {
    /// The changes of one stored transaction; none for a payload that is not a ledger entry.
    public static func changes(from stored: StoredTransaction) -> [OverviewChange] {
        guard let entry = LedgerEntry.decode(stored.payload) else { return [] }
        let source = OverviewSource(terminal: stored.terminal, sequence: stored.sequence, position: stored.position)
        var changes: [OverviewChange] = []
        if entry.kind == .void, let voided = entry.voided {
            changes.append(.void(terminal: stored.terminal, sequence: voided, position: stored.position))
        }
        if entry.kind == .survey, let survey = entry.survey, (0...10).contains(survey.score) {
            changes.append(.survey(OverviewSurvey(source: source, time: entry.time, score: survey.score, comment: survey.comment ?? "")))
        }
        guard let member = entry.member else { return changes }
        // A purchase without the card holds no state of the member's card (its points reach the
        // card as an adjustment).
        if entry.trust != CardlessPurchase.trust, let state = entry.memberState() {
            changes.append(
                .state(OverviewState(source: source, member: member, time: entry.time, balance: state.balance, tier: state.tierId)))
        }
        switch entry.kind {
        case .sale:
            let record = entry.saleRecord
            changes.append(
                .sale(
                    OverviewSale(
                        source: source, member: member, time: entry.time, saleId: record?.saleId ?? entry.requestId,
                        amount: record?.amount ?? entry.sale?.amount ?? 0,
                        earned: (record?.billPoints ?? 0) + (record?.bonusPoints ?? 0), redeemed: record?.redeemedPoints ?? 0)))
        case .refund:
            if let record = entry.saleRecord {
                changes.append(
                    .refund(
                        OverviewRefund(
                            source: source, member: member, saleId: entry.refundedSaleId ?? record.saleId, time: entry.time,
                            isReversal: false, refunded: record.refundedAmount)))
            }
        case .reversal:
            if let record = entry.saleRecord {
                changes.append(
                    .refund(
                        OverviewRefund(
                            source: source, member: member, saleId: record.saleId, time: entry.time, isReversal: true,
                            refunded: record.refundedAmount)))
            }
        case .balance, .void, .checkpoint, .enrolment, .adjustment, .survey:
            break
        }
        return changes
    }
}
