import BackOfficeStorage
import SQLiteNIO

// The console's sessions and sign-in failures; the audit log, appended under the write lock
// (BEGIN IMMEDIATE: one writer at a time, in this process and any other on the file).
extension SQLiteLedgerStore {
    // MARK: Sessions

    /// Records a new session.
    public func createSession(_ session: ConsoleSession) async throws {
        let binds: [SQLiteData] = [
            .blob(ByteBuffer(bytes: session.idDigest)), .text(session.user), .text(session.csrfToken),
            .integer(.init(session.createdAt)), .integer(.init(session.lastSeenAt)), .integer(.init(session.expiresAt)),
        ]
        try await write { db in
            _ = try await db.query(
                """
                INSERT INTO console_sessions (id_digest, user, csrf_token, created_at, last_seen_at, expires_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """, binds)
        }
    }

    /// The live session with this id digest, touched; an idle or expired one is deleted.
    public func touchSession(idDigest: [UInt8], now: Int64, idleLimit: Int64) async throws -> ConsoleSession? {
        let binds: [SQLiteData] = [.blob(ByteBuffer(bytes: idDigest)), .integer(.init(now)), .integer(.init(now - idleLimit))]
        return try await write { db in
            try await Self.transaction(db) {
                _ = try await db.query(
                    "DELETE FROM console_sessions WHERE id_digest = ?1 AND (expires_at <= ?2 OR last_seen_at <= ?3)", binds)
                return try await db.query(
                    """
                    UPDATE console_sessions SET last_seen_at = ?2 WHERE id_digest = ?1
                    RETURNING id_digest, user, csrf_token, created_at, last_seen_at, expires_at
                    """, Array(binds.prefix(2))
                ).first.map(Self.session(from:))
            }
        }
    }

    /// Ends a session.
    public func deleteSession(idDigest: [UInt8]) async throws {
        try await write { db in
            _ = try await db.query("DELETE FROM console_sessions WHERE id_digest = ?1", [.blob(ByteBuffer(bytes: idDigest))])
        }
    }

    /// Deletes idle and expired sessions.
    public func purgeSessions(now: Int64, idleLimit: Int64) async throws {
        try await write { db in
            _ = try await db.query(
                "DELETE FROM console_sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2",
                [.integer(.init(now)), .integer(.init(now - idleLimit))])
        }
    }

    private static func session(from row: SQLiteRow) throws -> ConsoleSession {
        let columns = row.columns
        return ConsoleSession(
            idDigest: try bytes(columns[0].data, "console_sessions.id_digest"),
            user: try text(columns[1].data, "console_sessions.user"),
            csrfToken: try text(columns[2].data, "console_sessions.csrf_token"),
            createdAt: try int64(columns[3].data, "console_sessions.created_at"),
            lastSeenAt: try int64(columns[4].data, "console_sessions.last_seen_at"),
            expiresAt: try int64(columns[5].data, "console_sessions.expires_at"))
    }

    // MARK: Sign-in rate limit

    /// Records a failed sign-in for each key.
    public func recordSignInFailure(keys: [String], at: Int64) async throws {
        try await write { db in
            try await Self.transaction(db) {
                for key in keys {
                    _ = try await db.query("INSERT INTO sign_in_failures (key, at) VALUES (?1, ?2)", [.text(key), .integer(.init(at))])
                }
            }
        }
    }

    /// The failures of `key` since `since`, oldest first.
    public func signInFailures(key: String, since: Int64) async throws -> [Int64] {
        try await read { db in
            try await db.query(
                "SELECT at FROM sign_in_failures WHERE key = ?1 AND at >= ?2 ORDER BY at", [.text(key), .integer(.init(since))]
            ).map { try Self.int64($0.columns[0].data, "sign_in_failures.at") }
        }
    }

    /// Forgets `key`'s failures and every failure before `before`.
    public func clearSignInFailures(key: String, before: Int64) async throws {
        try await write { db in
            _ = try await db.query("DELETE FROM sign_in_failures WHERE key = ?1 OR at < ?2", [.text(key), .integer(.init(before))])
        }
    }

    // MARK: Audit log

    /// Appends `event` after the newest row, in one immediate transaction.
    @discardableResult
    public func appendAudit(_ event: AuditEvent) async throws -> AuditRecord {
        try await write { db in
            try await Self.transaction(db) {
                let last = try await db.query("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1").first
                let sequence = try last.map { try Self.int64($0.columns[0].data, "audit_log.sequence") } ?? 0
                let previous = try last.map { try Self.text($0.columns[1].data, "audit_log.hash") } ?? AuditChain.genesis
                let record = AuditRecord(sequence: sequence + 1, event: event, previousHash: previous)
                _ = try await db.query(
                    """
                    INSERT INTO audit_log (sequence, at, actor, action, subject, reason, detail, previous_hash, hash)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                    """,
                    [
                        .integer(.init(record.sequence)), .integer(.init(record.at)), .text(record.actor), .text(record.action),
                        .text(record.subject), .text(record.reason), .text(record.detail), .text(record.previousHash),
                        .text(record.hash),
                    ])
                return record
            }
        }
    }

    /// Rows below `before`, newest first.
    public func auditRecords(before: Int64?, limit: Int) async throws -> [AuditRecord] {
        try await read { db in
            try await db.query(
                "SELECT \(Self.auditColumns) FROM audit_log WHERE sequence < ?1 ORDER BY sequence DESC LIMIT ?2",
                [.integer(.init(before ?? Int64.max)), .integer(.init(max(1, limit)))]
            ).map(Self.auditRecord(from:))
        }
    }

    /// Rows above `after`, oldest first.
    public func auditRecords(after: Int64, limit: Int) async throws -> [AuditRecord] {
        try await read { db in
            try await db.query(
                "SELECT \(Self.auditColumns) FROM audit_log WHERE sequence > ?1 ORDER BY sequence LIMIT ?2",
                [.integer(.init(after)), .integer(.init(max(1, limit)))]
            ).map(Self.auditRecord(from:))
        }
    }

    static let auditColumns = "sequence, at, actor, action, subject, reason, detail, previous_hash, hash"

    private static func auditRecord(from row: SQLiteRow) throws -> AuditRecord {
        let c = row.columns
        return AuditRecord(
            sequence: try int64(c[0].data, "audit_log.sequence"), at: try int64(c[1].data, "audit_log.at"),
            actor: try text(c[2].data, "audit_log.actor"), action: try text(c[3].data, "audit_log.action"),
            subject: try text(c[4].data, "audit_log.subject"), reason: try text(c[5].data, "audit_log.reason"),
            detail: try text(c[6].data, "audit_log.detail"), previousHash: try text(c[7].data, "audit_log.previous_hash"),
            hash: try text(c[8].data, "audit_log.hash"))
    }
}
