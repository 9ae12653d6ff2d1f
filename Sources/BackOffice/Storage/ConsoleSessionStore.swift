/// The console's sessions and its sign-in rate limit, in the database so that every server
/// sharing it knows them.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol ConsoleSessionStore: Sendable {
    /// Records a new session.
    func createSession(_ session: ConsoleSession) async throws
    /// The live session whose id has this SHA-256, with its last-seen time moved to `now`; nil
    /// when there is none, or it has been idle `idleLimit` ms or more, or is past its expiry
    /// (such a session is deleted).
    func touchSession(idDigest: [UInt8], now: Int64, idleLimit: Int64) async throws -> ConsoleSession?
    /// Ends a session (sign-out).
    func deleteSession(idDigest: [UInt8]) async throws
    /// Deletes the sessions idle `idleLimit` ms or more, or past their expiry, at `now`.
    func purgeSessions(now: Int64, idleLimit: Int64) async throws
    /// Records a failed sign-in for each of `keys` (a user name, a client address) at `at`.
    func recordSignInFailure(keys: [String], at: Int64) async throws
    /// The times of the failed sign-ins recorded for `key` at or after `since`, oldest first.
    func signInFailures(key: String, since: Int64) async throws -> [Int64]
    /// Forgets the failures recorded for `key` (after a successful sign-in) and every failure
    /// older than `before`.
    func clearSignInFailures(key: String, before: Int64) async throws
}

/// A signed-in console user's session. The id itself (256 random bits) is only in the user's
/// cookie; the store keeps its SHA-256.
public struct ConsoleSession: Sendable, Equatable {
    public var idDigest: [UInt8]
    public var user: String
    /// The token every form of this session carries (`csrf`).
    public var csrfToken: String
    public var createdAt: Int64
    public var lastSeenAt: Int64
    /// The absolute end (creation plus the longest a session lives).
    public var expiresAt: Int64

    public init(idDigest: [UInt8], user: String, csrfToken: String, createdAt: Int64, lastSeenAt: Int64, expiresAt: Int64) {
        self.idDigest = idDigest
        self.user = user
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}
