import Foundation
import PointsEngine

/// What the reports (retention figures, card chains) read from one synced journal transaction:
/// the fields of the checkout's ledger entry that matter here (`docs/checkout.md`, "The journal
/// entries"), decoded without the checkout itself (which needs a card reader). Other payloads
/// are not entries.
struct ReportedEntry: Decodable, Sendable {
    enum Kind: String, Decodable, Sendable {
        case sale, refund, balance, void, checkpoint
    }

    struct SaleAmount: Decodable, Sendable {
        var amount: Int64
    }

    /// The writer of a card state: terminal and journal sequence.
    struct Write: Decodable, Sendable, Hashable {
        var terminalId: UInt32
        var sequence: UInt64
    }

    struct SaleOutcome: Decodable, Sendable {
        var saleId: String
        var amount: Int64
        var refundedAmount: Int64
    }

    var kind: Kind
    /// The terminal's clock, seconds since the Unix epoch.
    var time: Int64
    var requestId: String?
    var sale: SaleAmount?
    var refundedSaleId: String?
    var member: String?
    /// The card: its key id in hex (member cards), or `uid:HEX` (UID-only cards).
    var card: String?
    /// `member-card` or `uid-only`.
    var trust: String?
    /// Who wrote the state the card held before this transaction (nil: no state yet).
    var previousWrite: Write?
    /// In-doubt transactions of this terminal whose effects this transaction's state carries on.
    var carriedForward: [UInt64]?
    /// Earlier transactions of this terminal whose card write has since been confirmed.
    var confirmed: [UInt64]?
    /// Earlier transactions of this terminal its card could not tell about: still counted, for
    /// the back office to settle from the chain.
    var unresolved: [UInt64]?
    var saleRecord: SaleOutcome?
    /// The member's state after the transaction, compact encoding in base64.
    var state: String?
    /// For a `void`: the sequence (on the same terminal) that does not count.
    var voided: UInt64?

    /// The entry in `payload`, or nil for a payload that is not a ledger entry.
    static func decode(_ payload: [UInt8]) -> ReportedEntry? {
        guard payload.first == UInt8(ascii: "{") else { return nil }
        return try? JSONDecoder().decode(ReportedEntry.self, from: Data(payload))
    }

    /// The member state it carries, if any.
    func memberState() -> MemberState? {
        guard let state, let bytes = Data(base64Encoded: state) else { return nil }
        return try? MemberState(compact: Array(bytes))
    }
}
