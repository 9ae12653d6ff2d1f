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
        case sale, refund, balance, enrolment
        /// A till adjustment (`POST /v1/adjustments`).
        case adjustment
        /// A reversal of the terminal's last transaction (`POST /v1/reversals`).
        case reversal
        /// A manager's card tapped for an approval token (`POST /v1/approvals`).
        case approval
        /// A customer's survey answer journaled (`POST /v1/surveys`).
        case survey
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
    /// For a refusal `invalid-request`: the fields at fault (such an answer is never journaled;
    /// the POS API answers it as its 400).
    public var problems: [FieldProblem]?
    /// True when this answer was given before, for the same request id, and is repeated.
    public var replayed: Bool
    /// A completed sale's signed receipt reference, to print on the receipt (text and QR): any
    /// till refunds the sale from it, offline too (`docs/checkout.md`, "Receipt references").
    public var receipt: String?
    /// A completed refund: minor units of the bill it covers (what the POS gives back; less than
    /// asked when part of the sale was refunded already).
    public var refundedAmount: Int64?
    /// Set when the terminal went on without the back office it would have asked (it did not
    /// answer within its budget, or was out of reach): `offline-rules`.
    public var fallback: String?
    /// For an approval: the token the POS puts in the operation. For an approved adjustment or
    /// reversal: who approved.
    public var approval: ApprovalAnswer?
    /// For a reversal: the transaction reversed.
    public var reversed: ReversedReference?
    /// For a survey: the answer journaled.
    public var survey: SurveyRecord?

    public init(outcome: Outcome, kind: Kind, requestId: String? = nil) {
        self.outcome = outcome
        self.kind = kind
        self.requestId = requestId
        lines = []
        replayed = false
    }
}

extension CheckoutAnswer {
    /// ``fallback`` when the terminal applied its offline rules because the back office did not answer.
    public static let offlineRules = "offline-rules"

    /// A refused answer.
    public static func refused(_ kind: Kind, _ requestId: String?, _ code: Refusal.Code, _ reason: String) -> CheckoutAnswer {
        var answer = CheckoutAnswer(outcome: .refused, kind: kind, requestId: requestId)
        answer.refusal = Refusal(code, reason)
        return answer
    }

    /// The answer to a request with `problems`: refused `invalid-request`, the fields at fault listed.
    public static func invalid(_ kind: Kind, _ requestId: String?, _ problems: [FieldProblem]) -> CheckoutAnswer {
        var answer = refused(kind, requestId, .invalidRequest, problems.map(\.description).joined(separator: "; "))
        answer.problems = problems
        return answer
    }
}
