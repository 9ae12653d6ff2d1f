/// A sale or refund made without the member's card (found by phone or member id at the till):
/// its entry's `trust` is `no-card`, it carries no card and no card state of the member; the back
/// office settles its points onto the member as an adjustment (`docs/sync-protocol.md`,
/// "Members without their card").
public enum CardlessPurchase {
    /// The entry's `trust`.
    public static let trust = "no-card"

    /// The receipt line of the adjustment that settles it onto the card.
    public static func reason(_ kind: LedgerEntry.Kind, terminal: UInt32) -> String {
        kind == .refund ? "Refund without your card at terminal \(terminal)" : "Purchase without your card at terminal \(terminal)"
    }
}
