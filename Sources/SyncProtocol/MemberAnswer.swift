/// `GET /v1/members/{member}` and `GET /v1/members?phone=`: a member as the back office holds it,
/// for a terminal (`docs/sync-protocol.md`, "Members"). The newest state the synced journals
/// carry and where it comes from; no enrolment details (a terminal needs the balance, not the
/// phone).
public struct MemberAnswer: Codable, Sendable, Equatable {
    public var member: String
    /// The member state (compact encoding, base64), `nil` before any transaction.
    public var state: String?
    public var balance: Int64?
    public var tier: String?
    /// The card of the newest transaction (key id, or `uid:HEX`).
    public var card: String?
    /// The newest transaction: terminal, sequence, and its time (seconds since the epoch).
    public var stateTerminal: UInt32?
    public var stateSequence: UInt64?
    public var stateTime: Int64?

    public init(
        member: String, state: String?, balance: Int64?, tier: String?, card: String?, stateTerminal: UInt32?, stateSequence: UInt64?,
        stateTime: Int64?
    ) {
        self.member = member
        self.state = state
        self.balance = balance
        self.tier = tier
        self.card = card
        self.stateTerminal = stateTerminal
        self.stateSequence = stateSequence
        self.stateTime = stateTime
    }
}
