import BackOfficeStorage

/// Checks that every member card's states form one chain in the synced journals
/// (`docs/backoffice.md`, "Copied and rolled-back cards"): one pass over the store, in its order.
///
/// Memory grows with the member-card transactions and the cards (``CardChainLedger``): the
/// whole history must be in view, since a fork's branches can be years and terminals apart.
public enum CardChainReporter {
    /// Transactions read per page.
    public static let pageSize = 10_000

    /// The check of everything stored; `progress` is told the transactions read so far after each page.
    public static func report(store: any LedgerStore, progress: (_ read: Int) -> Void = { _ in }) async throws -> CardChainReport {
        var ledger = CardChainLedger()
        try await store.forEachPage(pageSize: pageSize) { page, read in
            for transaction in page {
                ledger.add(terminal: transaction.terminal, sequence: transaction.sequence, payload: transaction.payload)
            }
            progress(read)
        }
        return ledger.report()
    }
}
