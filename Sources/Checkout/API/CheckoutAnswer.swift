import PointsEngine

/// The terminal's answer to a POS request: what the tap did, in figures and receipt lines.
///
/// The same request id sent again gets the same answer (with ``replayed`` set), rebuilt from
/// the journal, so a POS that lost an answer can simply ask again.
public struct CheckoutAnswer: Codable, Hashable, Sendable {
    /// How the request ended.
    public enum Outcome: String, Codable, Hashable, Sendable {
        /// Points applied, journal durable, card written.
        case completed
        /// The card, the programme or the terminal refused; ``refusal`` says why. Nothing journaled.
        case refused
        /// Nobody tapped before the wait ended. Nothing journaled.
        case timedOut = "timed-out"
        /// The POS cancelled the request while it waited. Nothing journaled.
        case cancelled
        /// The card left after the transaction was journaled but before the card confirmed its
        /// new state. The transaction is kept; tapping the same card again (same request id)
        /// finishes it. See `docs/checkout.md`.
        case incomplete
    }

    /// What was asked.
    public enum Kind: String, Codable, Hashable, Sendable {
        case sale, refund, balance
    }

    public var outcome: Outcome
    public var kind: Kind
    /// The sale or refund id (none for a balance enquiry).
    public var requestId: String?
    /// For a refund: the sale refunded.
    public var saleId: String?
    /// The member, once the card was read.
    public var memberId: String?
    /// How far the card was trusted: `member-card` or `uid-only`.
    public var trust: String?
    /// The points, when the programme was applied.
    public var points: PointsSummary?
    /// Money on the bill, for a sale.
    public var bill: BillSummary?
    /// Balance after the transaction.
    public var balance: Int64?
    /// Tier after the transaction.
    public var tier: String?
    /// A tier change, with its reason.
    public var tierChange: TierChange?
    /// What happened to a redemption request, in words (`applied`, or the limit that refused it).
    public var redemption: String?
    /// Receipt lines, one per rule applied, in order.
    public var lines: [ExplanationLine]
    /// The journal sequence of the transaction.
    public var journalSequence: UInt64?
    /// Why the request did not complete.
    public var refusal: Refusal?
    /// True when this answer was given before, for the same request id, and is repeated.
    public var replayed: Bool

    public init(outcome: Outcome, kind: Kind, requestId: String? = nil) {
        self.outcome = outcome
        self.kind = kind
        self.requestId = requestId
        lines = []
        replayed = false
    }
}

/// The points of one transaction.
public struct PointsSummary: Codable, Hashable, Sendable {
    public var earned: Int64
    public var bonus: Int64
    public var redeemed: Int64
    public var expired: Int64
    public var takenBack: Int64
    public var returned: Int64
    public var writtenOff: Int64
    /// Net change of the balance.
    public var net: Int64

    public init(_ result: EvaluationResult) {
        earned = result.earnedPoints
        bonus = result.bonusPoints
        redeemed = result.redeemedPoints
        expired = result.expiredPoints
        takenBack = result.takenBackPoints
        returned = result.returnedPoints
        writtenOff = result.writtenOffPoints
        net = result.netPoints
    }
}

/// Money on a sale's bill, in minor units.
public struct BillSummary: Codable, Hashable, Sendable {
    public var amount: Int64
    public var discount: Int64
    public var redemptionCredit: Int64
    public var amountDue: Int64

    public init(amount: Int64, result: EvaluationResult) {
        self.amount = amount
        discount = result.discount
        redemptionCredit = result.redemptionCredit
        amountDue = result.amountDue
    }
}

/// Why a request did not complete: a stable code for the POS, the reason in words.
public struct Refusal: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    public var code: Code
    public var reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }

    /// The stable codes.
    public enum Code: String, Codable, Hashable, Sendable, CaseIterable {
        /// The card is not trusted: forged, copied, rolled back, expired, test card, other programme.
        case cardRefused = "card-refused"
        /// The member's card is on the block list.
        case cardBlocked = "card-blocked"
        /// A card with no member-card application where the programme needs one.
        case uidOnlyRefused = "uid-only-refused"
        /// A redemption the programme's limits (or offline risk limits) refuse.
        case redemptionRefused = "redemption-refused"
        /// The programme refused the transaction (e.g. a bill above the maximum).
        case programmeRefused = "programme-refused"
        /// A refund names a sale this terminal has not journaled.
        case unknownSale = "unknown-sale"
        /// A refund of a sale that was made with another card.
        case wrongCard = "wrong-card"
        /// A refund of a sale already fully refunded.
        case alreadyRefunded = "already-refunded"
        /// The same request id was used before with different content.
        case idConflict = "id-conflict"
        /// Another request is waiting for a tap on this terminal.
        case busy
        /// The card left before the transaction was journaled: nothing happened.
        case cardRemoved = "card-removed"
        /// The card refused to store its new state (nothing happened).
        case cardWriteFailed = "card-write-failed"
        /// The journal has no room: records wait for sync.
        case journalFull = "journal-full"
        /// The journal or the reader failed.
        case terminalFault = "terminal-fault"
        /// The request itself is invalid (see the API's 400 answers).
        case invalidRequest = "invalid-request"
    }
}
