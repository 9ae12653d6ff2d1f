/// The console's acts that need more than the store: a publication signed with the server's
/// document key (a card blocked, an erasure reaching the tills, the revoked terminals' list).
/// The App provides them (`serve`); each records its own audit row with `actor` and `reason`.
public protocol ConsoleActions: Sendable {
    /// Blocks a lost card at every terminal (the signed block list); answers what was done.
    func blockCard(_ card: String, actor: String, reason: String) async throws -> String
    /// Revokes a terminal (and publishes the revoked terminals when the server can sign).
    func revokeTerminal(_ id: UInt32, actor: String, reason: String) async throws -> String
    /// Erases a member's personal details (and publishes the block list with them among the
    /// erased when the server can sign).
    func eraseMember(_ member: String, actor: String, reason: String) async throws -> String
}
