import Foundation
import PointsEngine

/// One journal transaction of the checkout: the payload given to `Journal.append`, as JSON
/// (keys sorted). The back office reads the same type; `docs/ledger-format.md` is its exact format.
public struct LedgerEntry: Codable, Hashable, Sendable {
    /// Current payload format.
    public static let currentFormat = 1

    public enum Kind: String, Codable, Hashable, Sendable {
        /// A sale applied to a member.
        case sale
        /// A refund of an earlier sale.
        case refund
        /// A balance enquiry that changed the member's state (expiry, tier review, grants).
        case balance
        /// An earlier transaction that never reached the card and never will: it does not count.
        case void
        /// Written at a clean shutdown: confirms the card writes of earlier transactions.
        case checkpoint
        /// A member enrolled at the till: a blank card personalised with a new member id.
        case enrolment
        /// Points added or taken at the till (goodwill, a correction), with the card tapped:
        /// ``adjustedPoints``, ``reason``, ``cashier``, and ``approval`` when a manager approved.
        case adjustment
        /// This terminal's last transaction undone at the till, with the same card tapped:
        /// ``reversed`` names it.
        case reversal
        /// A customer's survey answer (``survey``), no card needed; ``member`` when the POS
        /// named one. Changes no points.
        case survey
    }

    public var format: Int
    public var kind: Kind
    public var terminalId: UInt32
    /// When the transaction happened, seconds since the Unix epoch (the terminal's clock).
    public var time: Int64
    /// The sale or refund id.
    public var requestId: String?
    /// The sale as the POS sent it (sales).
    public var sale: Sale?
    /// For a refund: the refunded sale's id and the amount asked (`nil`: the whole remainder).
    public var refundedSaleId: String?
    public var refundAmount: Int64?
    /// For a refund: the sale's terminal and sequence, the money covered, where the sale was found.
    public var refund: RefundDetails?
    /// The member id of the card's record, or `uid:HEX` for a card known by UID only.
    public var member: String?
    /// The card: its key id in hex (member cards), or `uid:HEX` (UID-only cards, as ``member``).
    public var card: String?
    /// `member-card` or `uid-only`.
    public var trust: String?
    /// The counter of the card session the new state is bound to (member cards).
    public var cardCounter: UInt32?
    /// Who wrote the state the card held before this transaction (`nil`: no state yet).
    public var previousWrite: CarriedWrite?
    /// In-doubt transactions of this card whose effects this transaction's state carries on.
    public var carriedForward: [UInt64]
    /// The sale's record after this transaction (sales and refunds).
    public var saleRecord: SaleRecord?
    /// The member's state after the transaction, compact encoding in base64.
    public var state: String?
    /// The programme (id and version) the engine priced the transaction with (sales, refunds,
    /// balances; absent in entries written before it was recorded).
    public var programme: ProgrammeReference?
    /// For a referred member's first qualifying sale: the points the back office should grant
    /// the referrer (the engine's ``ReferrerReward``).
    public var referrerReward: ReferrerReward?
    /// A replacement card's first transaction: the key id of the lost card it replaces. Its state
    /// started from the back office's replacement notice, not from a new member.
    public var replaces: String?
    /// The answer given to the POS (its journal sequence is the transaction's own).
    public var answer: CheckoutAnswer?
    /// Earlier transactions whose card write has since been confirmed.
    public var confirmed: [UInt64]
    /// Earlier transactions of this terminal the card could not tell about: no longer in doubt
    /// here, still counted, settled by the back office from the synced chain (absent: none).
    public var unresolved: [UInt64]?
    /// For `enrolment`: what the shop collected (kept by the back office apart from the ledger).
    public var enrolment: EnrolmentDetails?
    /// For `void`: the transaction voided, and why. For `adjustment` and `reversal`: why, as
    /// the cashier gave it.
    public var voided: UInt64?
    public var reason: String?
    /// For `adjustment`: the points added (positive) or taken (negative).
    public var adjustedPoints: Int64?
    /// For `reversal`: the transaction reversed.
    public var reversed: ReversedReference?
    /// For `adjustment` and `reversal`: who asked, as the POS named them.
    public var cashier: String?
    /// For an operation a manager approved: who, and how.
    public var approval: ApprovalRecord?
    /// For `survey`: the answer.
    public var survey: SurveyRecord?

    public init(kind: Kind, terminalId: UInt32, time: Int64) {
        format = Self.currentFormat
        self.kind = kind
        self.terminalId = terminalId
        self.time = time
        carriedForward = []
        confirmed = []
    }

    /// A writer of a card state: terminal and journal sequence.
    public struct CarriedWrite: Codable, Hashable, Sendable {
        public var terminalId: UInt32
        public var sequence: UInt64

        public init(terminalId: UInt32, sequence: UInt64) {
            self.terminalId = terminalId
            self.sequence = sequence
        }
    }

    /// The member state after the transaction.
    public func memberState() -> MemberState? {
        guard let state, let bytes = Data(base64Encoded: state) else { return nil }
        return try? MemberState(compact: Array(bytes))
    }

    /// Sets ``state`` from a member state.
    public mutating func setMemberState(_ member: MemberState) {
        state = Data(member.compactEncoded()).base64EncodedString()
    }

    /// The JSON payload.
    public func encoded() throws -> [UInt8] {
        Array(try Self.encoder.encode(self))
    }

    /// Decodes a journal payload; `nil` for a payload that is not a checkout entry.
    public static func decode(_ payload: [UInt8]) -> LedgerEntry? {
        guard payload.first == UInt8(ascii: "{") else { return nil }
        return try? JSONDecoder().decode(LedgerEntry.self, from: Data(payload))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
