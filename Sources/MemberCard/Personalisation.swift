import CardProfile

/// What one attempt at personalising a blank card did (``MemberCardTerminal/personalise(_:initialState:credential:today:over:)``).
///
/// ``outcome`` says what the card is known to hold for this enrolment, so a card pulled at any
/// moment leaves a result the caller can act on: ``Outcome/complete`` is done; every other
/// outcome but ``Outcome/notWritten`` is finished by tapping the same card again with the same
/// enrolment (the same number), which picks up where the card is.
public struct Personalisation: Sendable {
    /// What the card holds of this enrolment.
    public enum Outcome: String, Sendable, Hashable {
        /// The record and its first signed state: the member can use the card.
        case complete
        /// The record without a state yet: finish with the same enrolment.
        case personalisedWithoutState = "personalised-without-state"
        /// Still blank: nothing was written (the card left before PERSONALISE, or it was refused).
        case blank
        /// The card left during PERSONALISE: blank, or personalised without a state; the next attempt tells.
        case personaliseInDoubt = "personalise-in-doubt"
        /// The card left during WRITE STATE: personalised, with its first state or without; the next attempt tells.
        case stateInDoubt = "state-in-doubt"
        /// Nothing written, and the card is not this enrolment's to finish: another member's card,
        /// no member-card application, or a card that could not be read.
        case notWritten = "not-written"
    }

    public var outcome: Outcome
    /// The steps, the record written, the state verified or written, the APDUs sent, and the
    /// refusal that stopped the attempt short of ``Outcome/complete``.
    public var reading: CardReading
    /// The card's public key, when SELECT showed it (blank) or its record holds it.
    public var cardPublicKey: [UInt8]?
    /// True when this attempt sent PERSONALISE (false when it found the record already there).
    public var sentPersonalise = false
    /// True when this attempt wrote the first state (false when it found a state already there).
    public var wroteState = false

    public init(outcome: Outcome, reading: CardReading) {
        self.outcome = outcome
        self.reading = reading
    }

    /// Command APDUs sent in this attempt.
    public var commands: Int { reading.commands }
    /// Why the attempt stopped short of a complete card, or `nil`.
    public var refusal: CardRefusal? { reading.refusal }
}
