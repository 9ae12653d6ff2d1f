import SyncProtocol

/// What the back office holds about each member, apart from the ledger: the newest member state
/// the synced journals carry (so that a UID-only card's balance, or a member without their
/// card, is served from the back office), and the details the shop collected at enrolment,
/// kept in their own row so that they can be exported or erased without touching the ledger.
///
/// It is a projection of the journal store: ``projectMembers(_:through:)`` applies what the
/// transactions after ``memberProjectionPosition()`` say, and moves that position, atomically.
public protocol MemberStore: Sendable {
    /// The journal position the member projection has read through (0: nothing yet).
    func memberProjectionPosition() async throws -> Int64

    /// Applies `updates` (a state only when newer than the one held: later time, then higher
    /// terminal and sequence) and sets the projection position to `position`, in one
    /// transaction. Details naming a phone another member holds are kept without the phone;
    /// such members are answered.
    @discardableResult
    func projectMembers(_ updates: [MemberUpdate], through position: Int64) async throws -> [MemberPhoneClash]

    /// The member `id`, if the back office knows it.
    func member(_ id: String) async throws -> MemberSnapshot?

    /// The member enrolled with `phone` (normalised by the caller), if any.
    func member(phone: String) async throws -> MemberSnapshot?

    /// Adds the adjustments whose reference is new, each numbered after its member's last, in
    /// one transaction; answers those added.
    @discardableResult
    func addAdjustments(_ adjustments: [NewAdjustment]) async throws -> [StoredAdjustment]

    /// Every adjustment, by member then sequence (what the `adjustments` document publishes).
    func adjustments() async throws -> [StoredAdjustment]

    /// `member`'s adjustments numbered above `sequence` (those a state that applied up to
    /// `sequence` does not hold yet).
    func adjustments(of member: String, after sequence: UInt64) async throws -> [StoredAdjustment]

    /// Holds `points` of `member`'s balance for a terminal's sale without the card, atomically
    /// against every other reservation: granted when what the member may spend (the held
    /// state's balance, plus the adjustments it has not applied yet, less what is held already
    /// by reservations neither used nor expired at `now`) covers it. The same terminal and
    /// request again answer the reservation made. A reservation is used when the sale's
    /// transaction is projected (``MemberUpdate/requestId``), and lapses at `expiresAt`. `read`
    /// gives a held state's balance and last adjustment applied (the store does not know the
    /// engine's encoding).
    func reserve(_ reservation: PointsReservation, now: Int64, read: @escaping @Sendable ([UInt8]) -> HeldBalance?) async throws
        -> ReservationOutcome
}

/// Points the back office settles onto a member outside their card, before it is numbered.
public struct NewAdjustment: Sendable, Equatable {
    public var member: String
    public var points: Int64
    public var reason: String
    /// What it settles (unique): `T<terminal>-<sequence>`, `replacement:<card>`.
    public var reference: String

    public init(member: String, points: Int64, reason: String, reference: String) {
        self.member = member
        self.points = points
        self.reason = reason
        self.reference = reference
    }
}

/// An adjustment numbered for its member (1, 2, 3...): what the `adjustments` document lists.
public typealias StoredAdjustment = PointsAdjustmentsDocument.Adjustment

/// Points held for a sale without the card, until its transaction arrives.
public struct PointsReservation: Sendable, Equatable {
    public var member: String
    public var terminal: UInt32
    /// The sale's request id (the POS's sale id).
    public var requestId: String
    public var points: Int64
    /// ms since the epoch.
    public var createdAt: Int64
    public var expiresAt: Int64

    public init(member: String, terminal: UInt32, requestId: String, points: Int64, createdAt: Int64, expiresAt: Int64) {
        self.member = member
        self.terminal = terminal
        self.requestId = requestId
        self.points = points
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A held state's balance and the last adjustment it applied.
public struct HeldBalance: Sendable, Equatable {
    public var balance: Int64
    public var lastAdjustment: UInt64

    public init(balance: Int64, lastAdjustment: UInt64) {
        self.balance = balance
        self.lastAdjustment = lastAdjustment
    }
}

/// What a reservation came to: `available` is what the member could still spend after it (or,
/// refused, before it).
public enum ReservationOutcome: Sendable, Equatable {
    case granted(PointsReservation, available: Int64)
    case insufficient(available: Int64)
    case unknownMember
}
