import Crypto
import Foundation

/// An administrative act to record: who did what to what, and why.
public struct AuditEvent: Sendable, Equatable {
    /// When, ms since the Unix epoch.
    public var at: Int64
    /// Who: a console user's name, `cli:<unix user>` for a command, `manager:<id>` for an
    /// approval at a till.
    public var actor: String
    /// What, a stable code: `programme.publish`, `terminal.revoke`, `user.add`, `card.block`, ...
    public var action: String
    /// To what: `terminal 7`, `user ana`, a member id, a document kind and version.
    public var subject: String
    /// Why, as the actor said it (may be empty).
    public var reason: String
    /// More, as a JSON object's text (`{}` when nothing).
    public var detail: String

    /// An event at `at` (now by default) with `detail` as a JSON object of strings.
    public init(
        at: Int64 = AuditEvent.now(), actor: String, action: String, subject: String = "", reason: String = "",
        detail: [String: String] = [:]
    ) {
        self.init(at: at, actor: actor, action: action, subject: subject, reason: reason, detailJSON: Self.json(detail))
    }

    /// An event whose detail is JSON text already.
    public init(at: Int64, actor: String, action: String, subject: String, reason: String, detailJSON: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.detail = detailJSON
    }

    /// The system's clock, ms since the Unix epoch.
    public static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    static func json(_ detail: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(detail) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// One row of the audit log as stored.
public struct AuditRecord: Sendable, Equatable, Codable {
    /// 1, 2, 3, ... without gaps.
    public var sequence: Int64
    public var at: Int64
    public var actor: String
    public var action: String
    public var subject: String
    public var reason: String
    /// A JSON object's text.
    public var detail: String
    /// The row before's ``hash`` (64 zeros for the first row).
    public var previousHash: String
    /// ``AuditChain/hash(sequence:event:previousHash:)`` of this row: lowercase hex SHA-256.
    public var hash: String

    public init(
        sequence: Int64, at: Int64, actor: String, action: String, subject: String, reason: String, detail: String,
        previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The row `event` makes after a row whose hash is `previousHash`.
    public init(sequence: Int64, event: AuditEvent, previousHash: String) {
        self.init(
            sequence: sequence, at: event.at, actor: event.actor, action: event.action, subject: event.subject, reason: event.reason,
            detail: event.detail, previousHash: previousHash,
            hash: AuditChain.hash(sequence: sequence, event: event, previousHash: previousHash))
    }

    /// The event this row records.
    public var event: AuditEvent {
        AuditEvent(at: at, actor: actor, action: action, subject: subject, reason: reason, detailJSON: detail)
    }

    enum CodingKeys: String, CodingKey {
        case sequence, at, actor, action, subject, reason, detail
        case previousHash = "previous_hash"
        case hash
    }
}

/// The audit log's hash chain (docs/console.md, "Audit log").
///
/// A row's hash is the SHA-256, as lowercase hex, of its canonical encoding: nine netstrings
/// (`LENGTH:BYTES,`, the length in decimal bytes of UTF-8) of `audit-v1`, the sequence and
/// the time in ms (decimal), the actor, action, subject, reason, detail, and the previous row's
/// hash (64 zeros for the first row).
public enum AuditChain {
    /// The previous hash of the first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical encoding of a row.
    public static func canonical(sequence: Int64, event: AuditEvent, previousHash: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in [
            "audit-v1", String(sequence), String(event.at), event.actor, event.action, event.subject, event.reason, event.detail,
            previousHash,
        ] {
            let utf8 = Array(field.utf8)
            bytes += Array("\(utf8.count):".utf8) + utf8 + [UInt8(ascii: ",")]
        }
        return bytes
    }

    /// A row's hash: SHA-256 of ``canonical(sequence:event:previousHash:)``, lowercase hex.
    public static func hash(sequence: Int64, event: AuditEvent, previousHash: String) -> String {
        PasswordHash.hex(Array(SHA256.hash(data: canonical(sequence: sequence, event: event, previousHash: previousHash))))
    }

    /// Checks `records` (oldest first, continuing after `sequence` and `hash`) and answers the
    /// first bad row, or nil when they all chain.
    public static func firstProblem(in records: [AuditRecord], after sequence: Int64, hash: String) -> AuditVerification.Problem? {
        var expected = sequence + 1
        var previous = hash
        for record in records {
            if record.sequence != expected {
                return .init(sequence: expected, reason: "row \(expected) was removed (the next row is \(record.sequence))")
            }
            if record.previousHash != previous {
                return .init(
                    sequence: record.sequence,
                    reason: "row \(record.sequence) does not follow row \(record.sequence - 1): a row before it was removed or edited")
            }
            if AuditChain.hash(sequence: record.sequence, event: record.event, previousHash: record.previousHash) != record.hash {
                return .init(sequence: record.sequence, reason: "row \(record.sequence) was edited (its hash does not match)")
            }
            expected += 1
            previous = record.hash
        }
        return nil
    }
}

/// What a walk of the audit chain found.
public struct AuditVerification: Sendable, Equatable {
    /// The first bad row.
    public struct Problem: Sendable, Equatable {
        /// The first row found edited, or the sequence found missing.
        public var sequence: Int64
        public var reason: String

        public init(sequence: Int64, reason: String) {
            self.sequence = sequence
            self.reason = reason
        }
    }

    /// Rows that chain, from the first.
    public var verified: Int64
    /// The first bad row; nil when the whole chain holds.
    public var problem: Problem?

    public init(verified: Int64, problem: Problem?) {
        self.verified = verified
        self.problem = problem
    }

    public var isIntact: Bool { problem == nil }
}

extension AuditLog {
    /// Walks the whole chain, oldest first, `pageSize` rows at a time, and names the first bad row.
    public func verifyAuditChain(pageSize: Int = 1000) async throws -> AuditVerification {
        var after: Int64 = 0
        var hash = AuditChain.genesis
        while true {
            let page = try await auditRecords(after: after, limit: pageSize)
            if let problem = AuditChain.firstProblem(in: page, after: after, hash: hash) {
                return AuditVerification(verified: problem.sequence - 1, problem: problem)
            }
            guard let last = page.last else { return AuditVerification(verified: after, problem: nil) }
            after = last.sequence
            hash = last.hash
            if page.count < pageSize { return AuditVerification(verified: after, problem: nil) }
        }
    }
}
