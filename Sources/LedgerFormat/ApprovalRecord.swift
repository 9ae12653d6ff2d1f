/// Who approved an operation at the till, as the journal records it.
public struct ApprovalRecord: Codable, Hashable, Sendable {
    /// How the manager proved who they are.
    public enum Method: String, Codable, Hashable, Sendable {
        /// The manager's card, tapped and authenticated as any member card.
        case card
        /// The manager's PIN, checked against its salted hash.
        case pin
    }

    /// The manager's id, from the managers list.
    public var manager: String
    public var method: Method

    public init(manager: String, method: Method) {
        self.manager = manager
        self.method = method
    }
}

/// An approval as an answer carries it: the token a manager's card tap gave (approval answers),
/// or who approved (answers of approved operations).
public struct ApprovalAnswer: Codable, Hashable, Sendable {
    public var manager: String
    public var method: ApprovalRecord.Method
    /// For a card tap: the single-use token to put in the operation's `approval`.
    public var token: String?
    /// For a card tap: seconds the token stays valid.
    public var expiresInSeconds: Int?

    public init(manager: String, method: ApprovalRecord.Method, token: String? = nil, expiresInSeconds: Int? = nil) {
        self.manager = manager
        self.method = method
        self.token = token
        self.expiresInSeconds = expiresInSeconds
    }

    /// Who approved.
    public init(_ record: ApprovalRecord) { self.init(manager: record.manager, method: record.method) }
}

/// A transaction a reversal undid: its journal sequence, request id and kind.
public struct ReversedReference: Codable, Hashable, Sendable {
    public var sequence: UInt64
    public var requestId: String
    public var kind: LedgerEntry.Kind

    public init(sequence: UInt64, requestId: String, kind: LedgerEntry.Kind) {
        self.sequence = sequence
        self.requestId = requestId
        self.kind = kind
    }
}
