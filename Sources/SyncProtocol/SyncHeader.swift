/// The HTTP headers of the sync protocol (`docs/sync-protocol.md`).
public enum SyncHeader {
    /// The terminal id a request speaks for (decimal).
    public static let terminal = "Loyalty-Terminal"
    /// When the terminal signed the request: milliseconds since the Unix epoch (decimal).
    public static let time = "Loyalty-Time"
    /// 32 lowercase hex digits, never used twice by a terminal.
    public static let nonce = "Loyalty-Nonce"
    /// ECDSA P-256 over SHA-256 of the canonical text, `r || s`, 128 lowercase hex digits.
    public static let signature = "Loyalty-Signature"
    /// The back office's clock in every answer: milliseconds since the Unix epoch.
    public static let serverTime = "Loyalty-Server-Time"
    /// A pull's resume point: pass it back as `after` to continue exactly there.
    public static let nextCursor = "Loyalty-Next-Cursor"
    /// `true` when a pull stopped at its limit and more transactions are there now.
    public static let more = "Loyalty-More"
}
