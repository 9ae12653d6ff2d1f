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
        /// The card's member asked for their personal details to be erased (privacy laws): the
        /// programme no longer serves them; the POS tells the customer so.
        case memberErased = "member-erased"
        /// A card with no member-card application where the programme needs one.
        case uidOnlyRefused = "uid-only-refused"
        /// A redemption the programme's limits (or offline risk limits) refuse.
        case redemptionRefused = "redemption-refused"
        /// The programme refused the transaction (e.g. a bill above the maximum).
        case programmeRefused = "programme-refused"
        /// A refund names a sale neither this terminal, the back office nor a receipt tells of.
        case unknownSale = "unknown-sale"
        /// A refund of a sale that was made for another member (another member's card tapped).
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
        /// A member named without the card (phone, member id) the back office does not know.
        case unknownMember = "unknown-member"
        /// What was asked needs the back office (a phone to find, points to spend without the
        /// card), and it cannot be reached now.
        case backOfficeNeeded = "back-office-needed"
        /// An enrolment's card is not blank: it already belongs to a member.
        case notBlank = "not-blank"
        /// An enrolment names a phone a member already has.
        case phoneEnrolled = "phone-enrolled"
        /// An enrolment names a referrer the back office does not know, or the member themselves.
        case referralRefused = "referral-refused"
        /// This terminal cannot enrol: no enrolment key, or its certificate's numbers or days are used up.
        case enrolmentUnavailable = "enrolment-unavailable"
        /// A refund's receipt reference is malformed, forged, altered, of another programme or
        /// signed by a revoked terminal.
        case receiptRefused = "receipt-refused"
        /// A refund later than the programme's refund period after the sale.
        case refundTooLate = "refund-too-late"
        /// What is left of the sale is being refunded at another till now (the back office holds it).
        case refundInProgress = "refund-in-progress"
        /// The sale id alone does not tell the sale (several tills have one, or the back office
        /// is out of reach and this terminal has none): the receipt's reference is needed.
        case receiptNeeded = "receipt-needed"
        /// The operation needs a manager's approval (the programme's `approvals`) and carries none.
        case approvalRequired = "approval-required"
        /// The manager's PIN is wrong.
        case wrongPIN = "wrong-pin"
        /// The approval names a manager the managers list does not have (or who has no PIN).
        case unknownManager = "unknown-manager"
        /// The card tapped for an approval is not a manager's card.
        case notAManager = "not-a-manager"
        /// The approval token is unknown, expired or already used.
        case approvalTokenInvalid = "approval-token-invalid"
        /// Too many wrong PINs: the manager's PIN is refused without a check for a while.
        case pinLocked = "pin-locked"
        /// A reversal names a transaction that is not this terminal's last one.
        case notLastTransaction = "not-last-transaction"
        /// A reversal asked after the programme's window closed.
        case reversalWindowClosed = "reversal-window-closed"
    }
}
