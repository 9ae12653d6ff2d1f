/// What privacy requests need: each member's transactions by an index (not a journal scan),
/// consents given and withdrawn, and the erasure of a member's personal details
/// (`docs/privacy.md`).
///
/// The index is a projection of the journal store kept with the members': every projected page
/// adds its transactions' (member, position) pairs and moves ``memberIndexPosition()`` with the
/// members' position.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol PrivacyStore: Sendable {
    /// The journal position the member index is projected through.
    func memberIndexPosition() async throws -> Int64

    /// `member`'s stored transactions, in the order they were stored, through the index.
    func transactions(of member: String) async throws -> [StoredTransaction]

    /// The members whose newest card state was made with `card` (a key id or `uid:HEX`).
    func memberIDs(card: String) async throws -> [String]

    /// Records a consent given or withdrawn.
    func recordConsent(_ event: ConsentEvent) async throws

    /// `member`'s consent events recorded after enrolment, oldest first.
    func consentEvents(of member: String) async throws -> [ConsentEvent]

    /// Removes `member`'s personal details (phone, details) and records the erasure, in one
    /// transaction; false when the member was erased already. The member's state, cards and
    /// ledger stay: the books still balance under the pseudonymous id.
    func erase(_ erasure: MemberErasure) async throws -> Bool

    /// The erasure of `member`, if any.
    func erasure(of member: String) async throws -> MemberErasure?

    /// Every member erased, by id.
    func erasedMembers() async throws -> [String]
}

/// A consent given or withdrawn: by whom, when and how.
public struct ConsentEvent: Sendable, Equatable, Codable {
    public var member: String
    /// One of `EnrolmentDetails.consentCodes`.
    public var code: String
    /// True: given; false: withdrawn.
    public var given: Bool
    /// ms since the epoch.
    public var at: Int64
    /// How: `till T7 seq 123`, `console user ana`, `cli:ana` (the command line and its Unix user).
    public var how: String
    public var reason: String?

    public init(member: String, code: String, given: Bool, at: Int64, how: String, reason: String? = nil) {
        self.member = member
        self.code = code
        self.given = given
        self.at = at
        self.how = how
        self.reason = reason
    }
}

/// A member's personal details erased: when, by whom, why.
public struct MemberErasure: Sendable, Equatable, Codable {
    public var member: String
    /// ms since the epoch.
    public var at: Int64
    /// Who asked: `cli:ana`, `console user ana`.
    public var by: String
    public var reason: String

    public init(member: String, at: Int64, by: String, reason: String) {
        self.member = member
        self.at = at
        self.by = by
        self.reason = reason
    }
}
