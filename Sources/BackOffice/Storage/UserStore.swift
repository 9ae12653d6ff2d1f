/// Who may pull and administer: users with a role, known by the digest of their token, and
/// for the console by their name and password hash.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol UserStore: Sendable {
    func addUser(_ user: BackOfficeUser) async throws
    /// Removes the user and ends their console sessions; ``LedgerStoreError/unknownUser(_:)``
    /// when there is none of that name.
    func removeUser(named name: String) async throws
    func user(tokenDigest: [UInt8]) async throws -> BackOfficeUser?
    /// The user of this name, if any.
    func user(named name: String) async throws -> BackOfficeUser?
    /// Replaces the user's password hash (``PasswordHash``'s text); ``LedgerStoreError/unknownUser(_:)``
    /// when there is none of that name.
    func setPassword(named name: String, hash: String) async throws
    func users() async throws -> [BackOfficeUser]
}
