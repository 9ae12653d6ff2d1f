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
}

/// Where a member state was taken from: a terminal's journal transaction, and its time.
public struct MemberStateMark: Sendable, Equatable, Hashable, Comparable {
    /// Seconds since the epoch (the terminal's clock).
    public var time: Int64
    public var terminal: UInt32
    public var sequence: UInt64

    public init(time: Int64, terminal: UInt32, sequence: UInt64) {
        self.time = time
        self.terminal = terminal
        self.sequence = sequence
    }

    public static func < (a: Self, b: Self) -> Bool { (a.time, a.terminal, a.sequence) < (b.time, b.terminal, b.sequence) }
}

/// One change to a member, read from one journal transaction.
public struct MemberUpdate: Sendable, Equatable {
    public var member: String
    /// The member state after the transaction (compact encoding), with where it comes from.
    public var state: [UInt8]?
    public var mark: MemberStateMark
    /// The card the transaction was made with (key id, or `uid:HEX`).
    public var card: String?
    /// Enrolment details: phone (normalised), the rest as JSON.
    public var phone: String?
    public var details: [UInt8]?
    public var referrer: String?

    public init(
        member: String, state: [UInt8]?, mark: MemberStateMark, card: String?, phone: String? = nil, details: [UInt8]? = nil,
        referrer: String? = nil
    ) {
        self.member = member
        self.state = state
        self.mark = mark
        self.card = card
        self.phone = phone
        self.details = details
        self.referrer = referrer
    }
}

/// What the back office holds about one member.
public struct MemberSnapshot: Sendable, Equatable {
    public var member: String
    public var state: [UInt8]?
    public var mark: MemberStateMark?
    public var card: String?
    public var phone: String?
    public var details: [UInt8]?
    public var referrer: String?

    public init(
        member: String, state: [UInt8]?, mark: MemberStateMark?, card: String?, phone: String?, details: [UInt8]?, referrer: String?
    ) {
        self.member = member
        self.state = state
        self.mark = mark
        self.card = card
        self.phone = phone
        self.details = details
        self.referrer = referrer
    }
}

/// A member whose enrolment named a phone another member already holds (two offline tills).
public struct MemberPhoneClash: Sendable, Equatable {
    public var member: String
    public var phone: String
    public var holder: String

    public init(member: String, phone: String, holder: String) {
        self.member = member
        self.phone = phone
        self.holder = holder
    }
}
