/// The nonces of signed requests, so that a replayed request is refused.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol NonceStore: Sendable {
    /// Records a request nonce; false when the terminal used it before (a replay).
    func useNonce(terminal: UInt32, nonce: String, expiresAt: Int64) async throws -> Bool
    /// Forgets nonces whose request time is out of the window anyway.
    func purgeNonces(expiredBefore: Int64) async throws
}
