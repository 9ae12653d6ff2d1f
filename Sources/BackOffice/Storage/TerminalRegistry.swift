/// The terminals that may sync: enrolled with their keys, revoked with a reason.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol TerminalRegistry: Sendable {
    /// Enrols a terminal (or re-enrols a revoked one with a new key).
    func enrol(_ terminal: EnrolledTerminal) async throws
    /// Revokes a terminal: its requests are refused from now on.
    func revoke(terminal: UInt32, at: Int64, reason: String) async throws
    func terminal(_ id: UInt32) async throws -> EnrolledTerminal?
    func terminals() async throws -> [EnrolledTerminal]
}
