import BackOfficeStorage

/// Keeps the overview projection (``OverviewStore``) up to date with the synced journals: reads
/// the transactions stored after its position a page at a time and applies each page with the
/// position it reaches, in one store transaction. One instance per server; ``catchUp()`` runs one
/// at a time here, and the store's check of the position keeps two servers from applying a page
/// twice.
public actor OverviewProjection {
    /// Transactions read per page (one store transaction each).
    public static let pageSize = 5_000

    let store: any LedgerStore
    let pageSize: Int

    public init(store: any LedgerStore, pageSize: Int = OverviewProjection.pageSize) {
        self.store = store
        self.pageSize = pageSize
    }

    /// Projects every transaction stored after the projection's position; answers how many
    /// this call projected.
    @discardableResult
    public func catchUp() async throws -> Int { try await catchUp(limit: .max) }

    /// Projects the transactions stored after the projection's position, stopping after the
    /// page that reaches `limit` of them (for progress); answers how many it projected, 0 when
    /// there was nothing to project.
    @discardableResult
    public func catchUp(limit: Int) async throws -> Int {
        var read = 0
        while read < limit {
            let after = try await store.overviewProjectionPosition()
            let page = try await store.pull(PullQuery(after: after, limit: pageSize))
            guard page.nextAfter > after else { return read }
            let changes = page.transactions.flatMap(OverviewChanges.changes(from:))
            if try await store.projectOverview(changes, after: after, through: page.nextAfter) {
                read += page.transactions.count
                if !page.more { return read }
            }
        }
        return read
    }
}
