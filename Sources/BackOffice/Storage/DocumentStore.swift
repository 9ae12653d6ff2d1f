import SyncProtocol

/// What terminals download: versioned, signed documents (programme, block list, revocations,
/// bonuses), each version stored as the step terminals fetch (a delta) and as a whole snapshot.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol DocumentStore: Sendable {
    /// Stores `version` of `kind`: `step` (the signed delta, or snapshot) and `snapshot` (the signed
    /// whole document). Throws ``DocumentVersionConflict`` unless `version` is the newest plus one
    /// (the signatures cover the version, so it is chosen before signing).
    func publish(kind: DocumentKind, version: Int64, step: [UInt8], snapshot: [UInt8], at: Int64) async throws -> PublishedDocument
    /// The newest version of a kind, with its snapshot, if any.
    func latest(_ kind: DocumentKind) async throws -> PublishedDocument?
    /// One version of a kind, with its snapshot, if it was published.
    func document(_ kind: DocumentKind, version: Int64) async throws -> PublishedDocument?
    /// The versions of a kind after `version`, oldest first, at most `limit`, without their snapshots.
    func documents(_ kind: DocumentKind, after version: Int64, limit: Int) async throws -> [PublishedDocument]
}
