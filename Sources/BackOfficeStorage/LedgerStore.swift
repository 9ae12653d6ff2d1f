import SyncProtocol

/// Where the back office keeps the synced journals, the enrolled terminals, its users, the
/// documents it publishes and its alarms. Two backends implement it: SQLite (one file, the
/// default) and PostgreSQL (several stateless servers sharing one database).
///
/// Every method is atomic: it happens entirely or not at all.
public protocol LedgerStore: Sendable {
    /// Creates the schema, or brings an older one up to date. Safe to call on every start.
    func migrate() async throws

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

    // MARK: Terminals

    /// Enrols a terminal (or re-enrols a revoked one with a new key).
    func enrol(_ terminal: EnrolledTerminal) async throws
    /// Revokes a terminal: its requests are refused from now on.
    func revoke(terminal: UInt32, at: Int64, reason: String) async throws
    func terminal(_ id: UInt32) async throws -> EnrolledTerminal?
    func terminals() async throws -> [EnrolledTerminal]

    // MARK: Replay protection

    /// Records a request nonce; false when the terminal used it before (a replay).
    func useNonce(terminal: UInt32, nonce: String, expiresAt: Int64) async throws -> Bool
    /// Forgets nonces whose request time is out of the window anyway.
    func purgeNonces(expiredBefore: Int64) async throws

    // MARK: Users

    func addUser(_ user: BackOfficeUser) async throws
    func removeUser(named name: String) async throws
    func user(tokenDigest: [UInt8]) async throws -> BackOfficeUser?
    func users() async throws -> [BackOfficeUser]

    // MARK: Published documents (programme, block list, revocations, bonuses)

    /// Publishes a new version of a document kind and returns it with its version number.
    func publish(kind: DocumentKind, body: [UInt8], at: Int64) async throws -> PublishedDocument
    /// The newest version of a kind, if any.
    func latest(_ kind: DocumentKind) async throws -> PublishedDocument?

    // MARK: Alarms

    func raise(_ alarm: Alarm) async throws
    /// Records `alarm` unless one of the same kind, terminal and sequence is recorded already
    /// (a finding that every run of a check makes again); true when it was recorded.
    func raiseOnce(_ alarm: Alarm) async throws -> Bool
    func alarms(limit: Int) async throws -> [Alarm]

    /// Closes connections; the store is not used afterwards.
    func close() async throws
}
