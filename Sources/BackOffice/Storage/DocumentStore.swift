import SyncProtocol

/// What terminals download: versioned documents (programme, block list, revocations, bonuses).
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol DocumentStore: Sendable {
    /// Publishes a new version of a document kind and returns it with its version number.
    func publish(kind: DocumentKind, body: [UInt8], at: Int64) async throws -> PublishedDocument
    /// The newest version of a kind, if any.
    func latest(_ kind: DocumentKind) async throws -> PublishedDocument?
}
