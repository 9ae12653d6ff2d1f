import BackOfficeStorage

/// Checks that every member card's states form one chain in the synced journals
/// (`docs/backoffice.md`, "Copied and rolled-back cards"): one pass over the store, in its order.
///
/// Memory grows with the member-card transactions and the cards (``CardChainLedger``): the
/// whole history must be in view, since a fork's branches can be years and terminals apart.
public enum CardChainReporter {
    /// Transactions read per page.
    public static let pageSize = 10_000
    /// How long a transaction its terminal left unresolved may stay unsettled before it is
    /// reported, by default: a day, time enough for every terminal of a store to sync.
    public static let defaultUnresolvedLimit: Int64 = 86_400

    /// The check of everything stored, at `now` (seconds since the epoch); `progress` is told
    /// the transactions read so far after each page.
    public static func report(
        store: any LedgerStore, now: Int64, unresolvedLimit: Int64 = defaultUnresolvedLimit,
        progress: (_ read: Int) -> Void = { _ in }
    ) async throws -> CardChainReport {
        var ledger = CardChainLedger()
        try await store.forEachPage(pageSize: pageSize) { page, read in
            for transaction in page {
                ledger.add(terminal: transaction.terminal, sequence: transaction.sequence, payload: transaction.payload)
            }
            progress(read)
        }
        return ledger.report(now: now, unresolvedLimit: unresolvedLimit)
    }

    /// The check as the back office runs it (the endpoint, `report cards`, the server's own
    /// periodic run): the report at `at` (milliseconds since the epoch), each of its findings
    /// raised as an alarm once; with the number of alarms new this time.
    public static func check(
        store: any LedgerStore, at: Int64, unresolvedLimit: Int64 = defaultUnresolvedLimit,
        progress: (_ read: Int) -> Void = { _ in }
    ) async throws -> (report: CardChainReport, newAlarms: Int) {
        let report = try await report(store: store, now: at / 1000, unresolvedLimit: unresolvedLimit, progress: progress)
        return (report, try await raiseAlarms(for: report, store: store, at: at))
    }

    /// Raises an alarm, once each, for every voided transaction found on the card and every
    /// transaction unresolved too long in `report`; answers how many were new.
    @discardableResult
    public static func raiseAlarms(for report: CardChainReport, store: any LedgerStore, at: Int64) async throws -> Int {
        var raised = 0
        for anomaly in report.anomalies {
            let concerned: [CardChainTransaction]
            switch anomaly.kind {
            case .voidedButOnCard: concerned = anomaly.branches.flatMap(\.transactions)
            case .unresolved: concerned = anomaly.branches.filter { !$0.confirmed }.flatMap(\.transactions)
            case .copiedOrRolledBack, .unsettled: concerned = []
            }
            for transaction in concerned {
                let alarm = Alarm(
                    at: at, kind: "card-\(anomaly.kind.rawValue)", terminal: transaction.terminal,
                    sequence: transaction.sequence, detail: anomaly.text)
                if try await store.raiseOnce(alarm) { raised += 1 }
            }
        }
        return raised
    }
}
