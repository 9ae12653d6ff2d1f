import SyncProtocol

/// The synced journals: stored once each, pulled in the order they were stored.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol JournalStore: Sendable {
    /// Stores a terminal's transactions, each exactly once, and answers what is durably stored.
    ///
    /// A transaction already stored with the same payload counts as a duplicate; the same
    /// (terminal, sequence) with a different payload refuses the whole batch with
    /// ``LedgerStoreError/conflict(terminal:sequence:)`` (nothing of it is stored) and records
    /// an alarm. Only after the data is durable does this return.
    func ingest(terminal: UInt32, _ transactions: [UploadedTransaction], receivedAt: Int64) async throws -> IngestReport

    /// The highest sequence `s` such that 1...s are all stored for `terminal` (0: none).
    func storedThrough(terminal: UInt32) async throws -> UInt64

    /// One page of stored transactions in the order they were stored, after `query.after`.
    func pull(_ query: PullQuery) async throws -> PullPage
}
