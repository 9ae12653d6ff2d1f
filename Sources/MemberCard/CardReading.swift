import CardProfile

/// How far a card can be trusted.
public enum TrustClass: String, Hashable, Sendable {
    /// A member card whose record, authentication and state were verified.
    case memberCard = "member-card"
    /// A card identified by its UID only (MIFARE Classic, Ultralight, NTAG): lower trust,
    /// anyone can clone a UID.
    case uidOnly = "uid-only"
    /// Nothing could be trusted.
    case none
}

/// One verification step and its result.
public struct VerificationStep: Hashable, Sendable {
    public enum Name: String, Hashable, Sendable {
        case select, uid
        case issuerSignature = "issuer-signature"
        case enrolment
        case personalise
        case validity
        case blockList = "block-list"
        case authentication
        case stateSignature = "state-signature"
        case stateBinding = "state-binding"
        case writeState = "write-state"
    }

    public var name: Name
    public var passed: Bool
    public var detail: String

    public init(_ name: Name, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// What a read of a card found: each step, the record, the state, and why it stopped.
public struct CardReading: Sendable {
    public var trust: TrustClass = .none
    public var uid: [UInt8]?
    public var record: MemberRecord?
    public var steps: [VerificationStep] = []
    /// The verified carried state (`nil` on a card that has none yet).
    public var state: PointsState?
    /// The counter of this session's AUTHENTICATE: a state written now carries it.
    public var counter: UInt32?
    /// Command APDUs sent (GET RESPONSE inside the driver's chaining not counted).
    public var commands = 0
    /// Why the card is not trusted, or `nil`.
    public var refusal: CardRefusal?

    public init() {}

    /// True for a member card that passed every step.
    public var isVerified: Bool { trust == .memberCard && refusal == nil }

    mutating func pass(_ name: VerificationStep.Name, _ detail: String) {
        steps.append(VerificationStep(name, passed: true, detail: detail))
    }

    mutating func fail(_ name: VerificationStep.Name, _ refusal: CardRefusal) {
        steps.append(VerificationStep(name, passed: false, detail: refusal.description))
        self.refusal = refusal
        trust = .none
    }

    /// A failed step whose detail says more than the refusal does.
    mutating func fail(_ name: VerificationStep.Name, _ refusal: CardRefusal, why: String) {
        fail(name, refusal)
        steps[steps.count - 1].detail += ": \(why)"
    }
}
