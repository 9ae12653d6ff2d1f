/// `GET /v1/members/{member}` and `GET /v1/members?phone=`: a member as the back office holds it,
/// for a terminal (`docs/sync-protocol.md`, "Members"). The newest state the synced journals
/// carry and where it comes from; no enrolment details (a terminal needs the balance, not the
/// phone).
public struct MemberAnswer: Codable, Sendable, Equatable {
    public var member: String
    /// The member state (compact encoding, base64), `nil` before any transaction.
    public var state: String?
    /// What the member has: the state's balance plus the adjustments it has not applied yet.
    public var balance: Int64?
    /// The adjustments the state has not applied yet (numbered above its last): a terminal
    /// pricing on this state passes them to the engine.
    public var pendingAdjustments: [PendingAdjustment]?
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

    /// A points adjustment the back office holds for the member (`docs/programme.md` §3.11).
    public struct PendingAdjustment: Codable, Sendable, Equatable {
        public var sequence: UInt64
        public var points: Int64
        public var reason: String

        public init(sequence: UInt64, points: Int64, reason: String) {
            self.sequence = sequence
            self.points = points
            self.reason = reason
        }
    }
}

/// `POST /v1/members/{member}/reservations`: a terminal holds points of a member's balance for a
/// sale without the card, until the sale's transaction reaches the back office.
public struct ReservationRequest: Codable, Sendable, Equatable {
    public var points: Int64
    /// The sale's request id.
    public var requestId: String

    public init(points: Int64, requestId: String) {
        self.points = points
        self.requestId = requestId
    }
}

/// The answer to a granted ``ReservationRequest``.
public struct ReservationAnswer: Codable, Sendable, Equatable {
    public var member: String
    public var points: Int64
    public var requestId: String
    /// When it lapses if the sale's transaction has not arrived, ms since the epoch.
    public var expiresAt: Int64
    /// What the member may still spend after it.
    public var available: Int64

    public init(member: String, points: Int64, requestId: String, expiresAt: Int64, available: Int64) {
        self.member = member
        self.points = points
        self.requestId = requestId
        self.expiresAt = expiresAt
        self.available = available
    }
}
