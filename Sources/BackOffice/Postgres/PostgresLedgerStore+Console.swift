import BackOfficeStorage
import PostgresNIO

// The console's sessions and sign-in failures (shared by every server on the database); the
// audit log, appended under an advisory lock so that the chain never forks.
extension PostgresLedgerStore {
    // MARK: Sessions

    /// Records a new session.
    public func createSession(_ session: ConsoleSession) async throws {
        try await rows(
            """
            INSERT INTO console_sessions (id_digest, user_name, csrf_token, created_at, last_seen_at, expires_at)
            VALUES (\(ByteBuffer(bytes: session.idDigest)), \(session.user), \(session.csrfToken), \(session.createdAt),
                \(session.lastSeenAt), \(session.expiresAt))
            """)
    }

    /// The live session with this id digest, touched; an idle or expired one is deleted.
    public func touchSession(idDigest: [UInt8], now: Int64, idleLimit: Int64) async throws -> ConsoleSession? {
        let logger = self.logger
        let digest = ByteBuffer(bytes: idDigest)
        let idleBefore = now - idleLimit
        return try await transaction { connection in
            try await connection.query(
                """
                DELETE FROM console_sessions WHERE id_digest = \(digest) AND (expires_at <= \(now) OR last_seen_at <= \(idleBefore))
                """, logger: logger)
            return try await connection.query(
                """
                UPDATE console_sessions SET last_seen_at = \(now) WHERE id_digest = \(digest)
                RETURNING id_digest, user_name, csrf_token, created_at, last_seen_at, expires_at
                """, logger: logger
            ).collect().first.map(Self.session(from:))
        }
    }

    /// Ends a session.
    public func deleteSession(idDigest: [UInt8]) async throws {
        try await rows("DELETE FROM console_sessions WHERE id_digest = \(ByteBuffer(bytes: idDigest))")
    }

    /// Deletes idle and expired sessions.
    public func purgeSessions(now: Int64, idleLimit: Int64) async throws {
        let idleBefore = now - idleLimit
        try await rows("DELETE FROM console_sessions WHERE expires_at <= \(now) OR last_seen_at <= \(idleBefore)")
    }

    private static func session(from row: PostgresRow) throws -> ConsoleSession {
        let (digest, user, csrf, created, lastSeen, expires) = try row.decode((ByteBuffer, String, String, Int64, Int64, Int64).self)
        return ConsoleSession(
            idDigest: Array(digest.readableBytesView), user: user, csrfToken: csrf, createdAt: created, lastSeenAt: lastSeen,
            expiresAt: expires)
    }

    // MARK: Sign-in rate limit

    /// Records a failed sign-in for each key.
    public func recordSignInFailure(keys: [String], at: Int64) async throws {
        try await rows("INSERT INTO sign_in_failures (key, at) SELECT unnest(\(keys)::text[]), \(at)")
    }

    /// The failures of `key` since `since`, oldest first.
    public func signInFailures(key: String, since: Int64) async throws -> [Int64] {
        try await rows("SELECT at FROM sign_in_failures WHERE key = \(key) AND at >= \(since) ORDER BY at").map {
            try $0.decode(Int64.self)
        }
    }

    /// Forgets `key`'s failures and every failure before `before`.
    public func clearSignInFailures(key: String, before: Int64) async throws {
        try await rows("DELETE FROM sign_in_failures WHERE key = \(key) OR at < \(before)")
    }

    // MARK: Audit log

    /// Appends `event` after the newest row, under the audit lock.
    @discardableResult
    public func appendAudit(_ event: AuditEvent) async throws -> AuditRecord {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.lock(PostgresSchema.Lock.audit, on: connection, logger: logger)
            let last = try await connection.query(
                "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1", logger: logger
            ).collect().first.map { try $0.decode((Int64, String).self) }
            let record = AuditRecord(sequence: (last?.0 ?? 0) + 1, event: event, previousHash: last?.1 ?? AuditChain.genesis)
            try await connection.query(
                """
                INSERT INTO audit_log (sequence, at, actor, action, subject, reason, detail, previous_hash, hash)
                VALUES (\(record.sequence), \(record.at), \(record.actor), \(record.action), \(record.subject), \(record.reason),
                    \(record.detail), \(record.previousHash), \(record.hash))
                """, logger: logger)
            return record
        }
    }

    /// Rows below `before`, newest first.
    public func auditRecords(before: Int64?, limit: Int) async throws -> [AuditRecord] {
        let below = before ?? Int64.max
        let count = Int64(max(1, limit))
        return try await rows(
            """
            SELECT sequence, at, actor, action, subject, reason, detail, previous_hash, hash FROM audit_log
            WHERE sequence < \(below) ORDER BY sequence DESC LIMIT \(count)
            """
        ).map(Self.auditRecord(from:))
    }

    /// Rows above `after`, oldest first.
    public func auditRecords(after: Int64, limit: Int) async throws -> [AuditRecord] {
        let count = Int64(max(1, limit))
        return try await rows(
            """
            SELECT sequence, at, actor, action, subject, reason, detail, previous_hash, hash FROM audit_log
            WHERE sequence > \(after) ORDER BY sequence LIMIT \(count)
            """
        ).map(Self.auditRecord(from:))
    }

    private static func auditRecord(from row: PostgresRow) throws -> AuditRecord {
        let (sequence, at, actor, action, subject, reason, detail, previous, hash) = try row.decode(
            (Int64, Int64, String, String, String, String, String, String, String).self)
        return AuditRecord(
            sequence: sequence, at: at, actor: actor, action: action, subject: subject, reason: reason, detail: detail,
            previousHash: previous, hash: hash)
    }
}
