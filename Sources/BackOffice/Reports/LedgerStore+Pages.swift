import BackOfficeStorage

extension LedgerStore {
    /// Reads every stored transaction (recorded before `recordedBefore`, in ms, if given) page by
    /// page in the store's order; `body` gets each page and the transactions read so far.
    func forEachPage(
        recordedBefore: Int64? = nil, pageSize: Int, _ body: ([StoredTransaction], Int) -> Void
    ) async throws {
        var after: Int64 = 0
        var read = 0
        while true {
            let page = try await pull(PullQuery(after: after, recordedBefore: recordedBefore, limit: pageSize))
            read += page.transactions.count
            body(page.transactions, read)
            guard page.more, page.nextAfter > after else { return }
            after = page.nextAfter
        }
    }
}
