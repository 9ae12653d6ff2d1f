import Crypto

/// What the terminal trusts: the issuer key of its programme (and the enrolment keys it certified),
/// and the members and terminals it refuses.
public struct TrustPolicy: Sendable {
    public var issuerKey: P256.Signing.PublicKey
    public var programmeID: UInt32
    /// Member ids refused, every card of theirs.
    public var blockedMembers: Set<String>
    /// Cards refused (reported lost or stolen), by card key id in upper-case hex: the member's
    /// other cards, a replacement among them, are still accepted.
    public var blockedCards: Set<String> = []
    /// Members whose personal details the back office erased at their request: every card of
    /// theirs is refused (`member-erased`), so that the programme stops using their data.
    public var erasedMembers: Set<String> = []
    /// Accept cards of class `test` (test issuers only).
    public var acceptTestCards: Bool
    /// Terminals whose keys the back office revoked: a card state one of them signed is refused.
    public var revokedTerminals: Set<UInt32> = []
    /// For revoked terminals that enrolled members, the last enrolment number still honoured:
    /// the members a revoked terminal enrolled up to it stay valid, any numbered above are refused.
    /// A revoked terminal not listed here has none honoured.
    public var enrolmentsHonoured: [UInt32: UInt32] = [:]

    public init(issuerKey: P256.Signing.PublicKey, programmeID: UInt32, blockedMembers: Set<String> = [], acceptTestCards: Bool = false) {
        self.issuerKey = issuerKey
        self.programmeID = programmeID
        self.blockedMembers = blockedMembers
        self.acceptTestCards = acceptTestCards
    }
}
