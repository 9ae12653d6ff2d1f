/// The audit log: every administrative act (who, when, what, why), append-only and chained
/// by hashes so that an edited or removed row is detected (``AuditChain``, docs/console.md).
///
/// Recording an act is one line: `try await store.appendAudit(AuditEvent(actor: "cli:ana",
/// action: "terminal.revoke", subject: "terminal 7", reason: reason))`.
///
/// Part of ``LedgerStore``. Appends are serialised across every server sharing the database,
/// so the chain never forks; the database refuses updates and deletes of its rows.
public protocol AuditLog: Sendable {
    /// Appends `event` after the newest row, chained to it; answers the row as stored.
    @discardableResult func appendAudit(_ event: AuditEvent) async throws -> AuditRecord
    /// Up to `limit` rows with a sequence below `before` (nil: from the newest), newest first.
    func auditRecords(before: Int64?, limit: Int) async throws -> [AuditRecord]
    /// Up to `limit` rows with a sequence above `after`, oldest first (verification, export).
    func auditRecords(after: Int64, limit: Int) async throws -> [AuditRecord]
}
