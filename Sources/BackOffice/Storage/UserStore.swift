/// Who may pull and administer: users with a role, known by the digest of their token.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol UserStore: Sendable {
    func addUser(_ user: BackOfficeUser) async throws
    func removeUser(named name: String) async throws
    func user(tokenDigest: [UInt8]) async throws -> BackOfficeUser?
    func users() async throws -> [BackOfficeUser]
}
