/// Where the back office keeps the synced journals, the enrolled terminals, its users, the
/// documents it publishes and its alarms. Two backends implement it: SQLite (one file, the
/// default) and PostgreSQL (several stateless servers sharing one database).
///
/// One protocol per concern (``JournalStore``, ``TerminalRegistry``, ``NonceStore``, ``MemberStore``,
/// ``RefundStore``, ``UserStore``, ``DocumentStore``, ``AlarmStore``, ``ConsoleSessionStore``, ``AuditLog``,
/// ``OverviewStore``, ``TerminalStatusStore``, ``PrivacyStore``): a new concern of the back office is a new
/// small protocol in a file of its own, added here. Every method is atomic: it happens entirely or not at all.
public protocol LedgerStore: JournalStore, TerminalRegistry, NonceStore, UserStore, DocumentStore, AlarmStore, MemberStore,
    RefundStore, ConsoleSessionStore, AuditLog, OverviewStore, TerminalStatusStore, PrivacyStore
{
    /// Creates the schema, or brings an older one up to date. Safe to call on every start.
    func migrate() async throws

    /// Closes connections; the store is not used afterwards.
    func close() async throws
}
