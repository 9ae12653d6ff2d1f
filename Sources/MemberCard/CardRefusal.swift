import CardProfile

/// Why the terminal does not trust a card, or could not finish a tap.
public enum CardRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The card has no member-card application and no UID either (the status word of SELECT).
    case unknownApplication(statusWord: UInt16)
    /// An answer broke the profile (bad TLV, wrong length, unknown version).
    case malformedAnswer(String)
    /// The member record's issuer signature does not verify (forged or altered record).
    case forgedRecord
    /// The record belongs to another programme.
    case wrongProgramme(UInt32)
    /// A card personalised with test keys, refused unless the policy accepts them.
    case testCard
    /// Before the issue date.
    case notYetValid(issued: CalendarDate)
    /// After the expiry date.
    case expired(expires: CalendarDate)
    /// The member id is on the block list.
    case blocked(memberID: String)
    /// This card (by its card key id) is on the block list: reported lost or stolen.
    case cardBlocked(memberID: String, card: String)
    /// The member's personal details were erased at their request: the programme no longer serves them.
    case erased(memberID: String)
    /// The card did not prove it holds the key of its record (a copy, or a replayed answer).
    case authenticationFailed(String)
    /// A record a terminal signed that its enrolment certificate does not allow: another
    /// terminal's member id, a number over the limit, an issue date outside its days, a class
    /// other than the certificate's.
    case enrolmentNotCertified(String)
    /// A member a revoked terminal enrolled after the last enrolment number still honoured.
    case revokedEnrolment(terminalID: UInt32, number: UInt32, honoured: UInt32)
    /// A blank card (no member record yet): it must be personalised first.
    case blankCard
    /// PERSONALISE on a card that already holds a record (another member's, or another enrolment's).
    case alreadyPersonalised(memberID: String)
    /// The carried state is not signed by an enrolled terminal, or not this card's.
    case forgedState(String)
    /// The carried state was signed by a terminal whose key the back office revoked.
    case revokedTerminal(UInt32)
    /// The carried state is older than the card's state binding: an older state written back.
    case stateRolledBack(stateCounter: UInt32, cardStateCounter: UInt32)
    /// The card left during WRITE STATE: it holds its old state or its new one, whole;
    /// the next tap tells which.
    case tornWrite
    /// The card refused WRITE STATE (status word).
    case writeRefused(statusWord: UInt16)
    /// The card left the reader before the tap ended.
    case cardRemoved
    /// The reader or `pcscd` failed.
    case transport(String)

    public var description: String {
        switch self {
        case .unknownApplication(let sw): "unknown application (SELECT \(hex16(sw)))"
        case .malformedAnswer(let why): "malformed answer: \(why)"
        case .forgedRecord: "forged record: issuer signature does not verify"
        case .wrongProgramme(let id): "record of another programme (\(id))"
        case .testCard: "card personalised with test keys"
        case .notYetValid(let issued): "card not valid before \(issued)"
        case .expired(let expires): "card expired on \(expires)"
        case .blocked(let member): "member \(member) is blocked"
        case .cardBlocked(let member, let card): "card \(card) of member \(member) is blocked (reported lost or stolen)"
        case .erased(let member): "member \(member) asked for their personal details to be erased: the card is no longer in the programme"
        case .authenticationFailed(let why): "authentication failed: \(why)"
        case .enrolmentNotCertified(let why): "enrolment not certified: \(why)"
        case .revokedEnrolment(let terminal, let number, let honoured):
            "member enrolled by revoked terminal \(terminal) as number \(number), after the last honoured (\(honoured))"
        case .blankCard: "blank card: no member record yet"
        case .alreadyPersonalised(let member): "card already personalised (member \(member))"
        case .forgedState(let why): "state refused: \(why)"
        case .revokedTerminal(let id):
            "state refused: signed by terminal \(id), whose key is revoked (the balance must be restored from the back office)"
        case .stateRolledBack(let state, let card):
            "state rolled back: it belongs to counter \(state), the card's state is bound to \(card)"
        case .tornWrite: "card removed during the state write: tap again"
        case .writeRefused(let sw): "card refused the state write (\(hex16(sw)))"
        case .cardRemoved: "card removed"
        case .transport(let why): "reader error: \(why)"
        }
    }

    /// A short stable name for reports (`forged-record`, `expired`...).
    public var code: String {
        switch self {
        case .unknownApplication: "unknown-application"
        case .malformedAnswer: "malformed-answer"
        case .forgedRecord: "forged-record"
        case .wrongProgramme: "wrong-programme"
        case .testCard: "test-card"
        case .notYetValid: "not-yet-valid"
        case .expired: "expired"
        case .blocked, .cardBlocked: "blocked"
        case .erased: "member-erased"
        case .authenticationFailed: "authentication-failed"
        case .enrolmentNotCertified: "enrolment-not-certified"
        case .revokedEnrolment: "revoked-enrolment"
        case .blankCard: "blank-card"
        case .alreadyPersonalised: "already-personalised"
        case .forgedState: "forged-state"
        case .revokedTerminal: "revoked-terminal"
        case .stateRolledBack: "state-rolled-back"
        case .tornWrite: "torn-write"
        case .writeRefused: "write-refused"
        case .cardRemoved: "card-removed"
        case .transport: "transport"
        }
    }
}

func hex16(_ value: UInt16) -> String {
    let digits = Array("0123456789ABCDEF")
    return String((0..<4).reversed().map { digits[Int((value >> ($0 * 4)) & 0xF)] })
}
