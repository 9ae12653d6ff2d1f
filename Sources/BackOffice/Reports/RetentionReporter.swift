import BackOfficeStorage

/// Computes a period's retention figures from the synced journals in a store: one pass for the
/// voided transactions, one for the figures, each paging through the store in its own order.
/// The reference the overview projection is checked against (``OverviewReporter`` answers the
/// same figures from a few indexed queries).
public enum RetentionReporter {
    /// Transactions read per page.
    public static let pageSize = 10_000

    /// The figures of `period` from the transactions of `terminals` (nil: every terminal's);
    /// `progress` is told the transactions read so far after each page.
    public static func report(
        _ period: RetentionPeriod, store: any LedgerStore, terminals: Set<UInt32>? = nil,
        progress: (_ pass: Int, _ read: Int) -> Void = { _, _ in }
    ) async throws -> RetentionReport {
        var calculator = RetentionCalculator(period: period)
        try await store.forEachPage(pageSize: pageSize) { page, read in
            for transaction in page where terminals?.contains(transaction.terminal) ?? true {
                if let voided = RetentionCalculator.voidedTransaction(terminal: transaction.terminal, payload: transaction.payload) {
                    calculator.void(voided)
                }
            }
            progress(1, read)
        }
        // Transactions journaled well after the period cannot be in it (a minute of margin
        // between the journal's clock and the entry's).
        try await store.forEachPage(recordedBefore: (period.to + 60) * 1000, pageSize: pageSize) { page, read in
            for transaction in page where terminals?.contains(transaction.terminal) ?? true {
                calculator.add(terminal: transaction.terminal, sequence: transaction.sequence, payload: transaction.payload)
            }
            progress(2, read)
        }
        return calculator.report()
    }
}
