import SyncProtocol

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
    /// The transaction's request id: a reservation for it is used.
    public var requestId: String?
    /// A transaction made without the card: its points, settled onto the member.
    public var adjustment: NewAdjustment?
    /// The journal position of the transaction, when the member index is to list it under
    /// ``member`` (``PrivacyStore/transactions(of:)``).
    public var indexedPosition: Int64?
    /// A `void` of an enrolment whose card stayed blank: the member it created (whose state is
    /// still the enrolment's, at ``mark``) is forgotten; ``member`` is empty.
    public var forgetsEnrolment = false

    public init(
        member: String, state: [UInt8]?, mark: MemberStateMark, card: String?, phone: String? = nil, details: [UInt8]? = nil,
        referrer: String? = nil, requestId: String? = nil
    ) {
        self.requestId = requestId
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
