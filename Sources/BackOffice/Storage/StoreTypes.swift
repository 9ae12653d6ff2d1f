import SyncProtocol

/// What one ingest did.
public struct IngestReport: Sendable, Equatable {
    /// Every sequence from 1 through this is stored for the terminal.
    public var storedThrough: UInt64
    /// Transactions stored by this call.
    public var stored: Int
    /// Transactions that were already stored with the same payload (or twice in the batch).
    public var duplicates: Int

    public init(storedThrough: UInt64, stored: Int, duplicates: Int) {
        self.storedThrough = storedThrough
        self.stored = stored
        self.duplicates = duplicates
    }
}

/// A stored transaction as a pull returns it.
public struct StoredTransaction: Sendable, Equatable {
    /// Its place in the store's order: pulls resume after it.
    public var position: Int64
    public var terminal: UInt32
    public var sequence: UInt64
    /// The terminal's clock when it was journaled (ms since the epoch).
    public var recordedAt: Int64
    /// The back office's clock when it was stored (ms since the epoch).
    public var receivedAt: Int64
    public var payload: [UInt8]

    public init(position: Int64, terminal: UInt32, sequence: UInt64, recordedAt: Int64, receivedAt: Int64, payload: [UInt8]) {
        self.position = position
        self.terminal = terminal
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.receivedAt = receivedAt
        self.payload = payload
    }
}

/// Which transactions a pull wants.
public struct PullQuery: Sendable, Equatable {
    /// Resume after this position (0: from the start).
    public var after: Int64
    /// Only this terminal's transactions.
    public var terminal: UInt32?
    /// Only transactions recorded at or after this time (ms).
    public var recordedFrom: Int64?
    /// Only transactions recorded before this time (ms).
    public var recordedBefore: Int64?
    /// At most this many.
    public var limit: Int

    public init(after: Int64 = 0, terminal: UInt32? = nil, recordedFrom: Int64? = nil, recordedBefore: Int64? = nil, limit: Int = 1000) {
        self.after = after
        self.terminal = terminal
        self.recordedFrom = recordedFrom
        self.recordedBefore = recordedBefore
        self.limit = limit
    }
}

/// One page of a pull.
public struct PullPage: Sendable, Equatable {
    public var transactions: [StoredTransaction]
    /// Where the next pull resumes: after everything this page looked at, matching or not.
    public var nextAfter: Int64
    /// True when the page stopped at its limit (more may follow now).
    public var more: Bool

    public init(transactions: [StoredTransaction], nextAfter: Int64, more: Bool) {
        self.transactions = transactions
        self.nextAfter = nextAfter
        self.more = more
    }
}

/// A terminal the back office knows.
public struct EnrolledTerminal: Sendable, Equatable {
    public var id: UInt32
    /// Its P-256 public key, 65 bytes uncompressed.
    public var publicKey: [UInt8]
    public var label: String
    public var enrolledAt: Int64
    /// When it was revoked, and why; nil while it may sync.
    public var revokedAt: Int64?
    public var revocationReason: String?

    public init(id: UInt32, publicKey: [UInt8], label: String, enrolledAt: Int64, revokedAt: Int64? = nil, revocationReason: String? = nil)
    {
        self.id = id
        self.publicKey = publicKey
        self.label = label
        self.enrolledAt = enrolledAt
        self.revokedAt = revokedAt
        self.revocationReason = revocationReason
    }

    public var isRevoked: Bool { revokedAt != nil }
}

/// What a back-office user may do. Roles are ordered: auditor < support < admin; a role
/// allows everything a lower one does.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    /// Read-only: pull journals and reports, read terminals, alarms and the audit log.
    case auditor
    /// Everything an auditor may, and serve members: lost cards, privacy requests.
    case support
    /// Everything, including terminals, users and published documents.
    case admin

    /// The role's place in the order (auditor 0, support 1, admin 2).
    public var rank: Int {
        switch self {
        case .auditor: 0
        case .support: 1
        case .admin: 2
        }
    }

    /// Whether a user with this role may do what `needed` may.
    public func allows(_ needed: Role) -> Bool { rank >= needed.rank }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A back-office user: a name, a role, the SHA-256 of their bearer token (the token itself
/// is shown once, when the user is added, and never stored) and, for the console, the slow
/// salted hash of their password (``PasswordHash``'s text; nil: no console sign-in).
public struct BackOfficeUser: Sendable, Equatable {
    public var name: String
    public var role: Role
    public var tokenDigest: [UInt8]
    public var createdAt: Int64
    public var passwordHash: String?

    public init(name: String, role: Role, tokenDigest: [UInt8], createdAt: Int64, passwordHash: String? = nil) {
        self.name = name
        self.role = role
        self.tokenDigest = tokenDigest
        self.createdAt = createdAt
        self.passwordHash = passwordHash
    }

    /// Whether `name` may name a user: 1 to 64 letters, digits, `.`, `_` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count) && name.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) }
    }
}

/// The kinds of documents the back office publishes for terminals to download.
public typealias DocumentKind = SyncProtocol.DocumentKind

/// One published version of a document.
public struct PublishedDocument: Sendable, Equatable {
    public var kind: DocumentKind
    /// 1, 2, 3, ... per kind.
    public var version: Int64
    /// The version as terminals fetch it step by step: a signed delta from the version before
    /// (a signed snapshot when there is none), `docs/sync-protocol.md`. Versions published before
    /// documents were signed hold their plain body.
    public var body: [UInt8]
    /// The signed whole document at this version, for a terminal too far behind; nil for a
    /// version published before documents were signed, and in ``DocumentStore/documents(_:after:limit:)``'s lists.
    public var snapshot: [UInt8]?
    /// False for a version published before documents were signed (terminals are never sent it).
    public var isSigned: Bool
    public var publishedAt: Int64

    public init(kind: DocumentKind, version: Int64, body: [UInt8], snapshot: [UInt8]?, isSigned: Bool, publishedAt: Int64) {
        self.kind = kind
        self.version = version
        self.body = body
        self.snapshot = snapshot
        self.isSigned = isSigned
        self.publishedAt = publishedAt
    }
}

/// A publication that lost the race: another version was published since its base was read.
public struct DocumentVersionConflict: Error, Sendable, CustomStringConvertible {
    public var kind: DocumentKind
    public var version: Int64

    public init(kind: DocumentKind, version: Int64) {
        self.kind = kind
        self.version = version
    }

    public var description: String {
        "\(kind.rawValue) version \(version) was published by someone else meanwhile: publish again"
    }
}

/// Something an operator must look at: the same transaction uploaded with other content, a
/// refused request, and the like.
public struct Alarm: Sendable, Equatable {
    public var at: Int64
    /// A stable code: `conflict`, `bad-signature`, `replayed`, ...
    public var kind: String
    public var terminal: UInt32?
    public var sequence: UInt64?
    public var detail: String

    public init(at: Int64, kind: String, terminal: UInt32? = nil, sequence: UInt64? = nil, detail: String) {
        self.at = at
        self.kind = kind
        self.terminal = terminal
        self.sequence = sequence
        self.detail = detail
    }
}

/// Why the store refused.
public enum LedgerStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The same (terminal, sequence) is stored with a different payload.
    case conflict(terminal: UInt32, sequence: UInt64)
    case unknownTerminal(UInt32)
    case duplicateUser(String)
    case unknownUser(String)
    /// The schema in the database is newer than this program knows.
    case schemaTooNew(found: Int, known: Int)
    /// A sequence at or above 2^63 cannot be stored (both backends keep signed 64-bit integers).
    case sequenceOutOfRange(UInt64)

    public var description: String {
        switch self {
        case .conflict(let terminal, let sequence):
            "terminal \(terminal) sequence \(sequence) is already stored with different content"
        case .unknownTerminal(let id): "terminal \(id) is not enrolled"
        case .duplicateUser(let name): "a user named \(name) exists already"
        case .unknownUser(let name): "no user named \(name)"
        case .schemaTooNew(let found, let known): "the database has schema version \(found); this program knows up to \(known)"
        case .sequenceOutOfRange(let sequence): "sequence \(sequence) is beyond what the store can hold (2^63 - 1)"
        }
    }
}
