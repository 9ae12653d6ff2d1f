import BackOfficeStorage
import SQLiteNIO

// Terminals, nonces, users, published documents and alarms: one statement each, so each is
// atomic on its own; writes take their turn on the write connection.
extension SQLiteLedgerStore {
    // MARK: Terminals

    /// Enrols a terminal; an id already known gets the new key, label and enrolment time, and
    /// its revocation is cleared.
    public func enrol(_ terminal: EnrolledTerminal) async throws {
        let binds: [SQLiteData] = [
            .integer(.init(terminal.id)), .blob(ByteBuffer(bytes: terminal.publicKey)),
            .text(terminal.label), .integer(.init(terminal.enrolledAt)),
        ]
        try await write { db in
            _ = try await db.query(
                """
                INSERT INTO terminals (id, public_key, label, enrolled_at, revoked_at, revocation_reason)
                VALUES (?1, ?2, ?3, ?4, NULL, NULL)
                ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key, label = excluded.label,
                    enrolled_at = excluded.enrolled_at, revoked_at = NULL, revocation_reason = NULL
                """, binds)
        }
    }

    /// Revokes a terminal (again, for one revoked already: the new time and reason replace the
    /// old). Throws ``LedgerStoreError/unknownTerminal(_:)`` for an id never enrolled.
    public func revoke(terminal: UInt32, at: Int64, reason: String) async throws {
        let binds: [SQLiteData] = [.integer(.init(terminal)), .integer(.init(at)), .text(reason)]
        let updated = try await write { db in
            try await db.query(
                "UPDATE terminals SET revoked_at = ?2, revocation_reason = ?3 WHERE id = ?1 RETURNING id", binds
            ).count
        }
        if updated == 0 { throw LedgerStoreError.unknownTerminal(terminal) }
    }

    /// The terminal with this id, revoked or not; nil when it was never enrolled.
    public func terminal(_ id: UInt32) async throws -> EnrolledTerminal? {
        try await read { db in
            try await db.query(
                "SELECT id, public_key, label, enrolled_at, revoked_at, revocation_reason FROM terminals WHERE id = ?1",
                [.integer(.init(id))]
            ).first.map(Self.terminal(from:))
        }
    }

    /// Every enrolled terminal, revoked ones included, by id.
    public func terminals() async throws -> [EnrolledTerminal] {
        try await read { db in
            try await db.query(
                "SELECT id, public_key, label, enrolled_at, revoked_at, revocation_reason FROM terminals ORDER BY id"
            ).map(Self.terminal(from:))
        }
    }

    private static func terminal(from row: SQLiteRow) throws -> EnrolledTerminal {
        let columns = row.columns
        return EnrolledTerminal(
            id: try uint32(columns[0].data, "terminals.id"),
            publicKey: try bytes(columns[1].data, "terminals.public_key"),
            label: try text(columns[2].data, "terminals.label"),
            enrolledAt: try int64(columns[3].data, "terminals.enrolled_at"),
            revokedAt: try optionalInt64(columns[4].data, "terminals.revoked_at"),
            revocationReason: columns[5].data.isNull ? nil : try text(columns[5].data, "terminals.revocation_reason")
        )
    }

    // MARK: Replay protection

    /// Records `nonce` for `terminal`; false when it is recorded already (a replay).
    public func useNonce(terminal: UInt32, nonce: String, expiresAt: Int64) async throws -> Bool {
        let binds: [SQLiteData] = [.integer(.init(terminal)), .text(nonce), .integer(.init(expiresAt))]
        return try await write { db in
            try await db.query(
                "INSERT INTO nonces (terminal, nonce, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING RETURNING 1",
                binds
            ).count == 1
        }
    }

    /// Forgets the nonces that expire before `expiredBefore`.
    public func purgeNonces(expiredBefore: Int64) async throws {
        try await write { db in
            _ = try await db.query("DELETE FROM nonces WHERE expires_at < ?1", [.integer(.init(expiredBefore))])
        }
    }

    // MARK: Users

    /// Adds a user; ``LedgerStoreError/duplicateUser(_:)`` when the name is taken.
    public func addUser(_ user: BackOfficeUser) async throws {
        let binds: [SQLiteData] = [
            .text(user.name), .text(user.role.rawValue), .blob(ByteBuffer(bytes: user.tokenDigest)), .integer(.init(user.createdAt)),
            user.passwordHash.map { .text($0) } ?? .null,
        ]
        let added = try await write { db in
            try await db.query(
                """
                INSERT INTO users (name, role, token_digest, created_at, password_hash) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (name) DO NOTHING RETURNING 1
                """, binds
            ).count
        }
        if added == 0 { throw LedgerStoreError.duplicateUser(user.name) }
    }

    /// Removes a user and their console sessions; ``LedgerStoreError/unknownUser(_:)`` when
    /// there is none of that name.
    public func removeUser(named name: String) async throws {
        let removed = try await write { db in
            try await Self.transaction(db) {
                _ = try await db.query("DELETE FROM console_sessions WHERE user = ?1", [.text(name)])
                return try await db.query("DELETE FROM users WHERE name = ?1 RETURNING 1", [.text(name)]).count
            }
        }
        if removed == 0 { throw LedgerStoreError.unknownUser(name) }
    }

    /// The user of this name, if any.
    public func user(named name: String) async throws -> BackOfficeUser? {
        try await read { db in
            try await db.query("SELECT \(Self.userColumns) FROM users WHERE name = ?1", [.text(name)]).first.map(Self.user(from:))
        }
    }

    /// Replaces the user's password hash; ``LedgerStoreError/unknownUser(_:)`` when there is none.
    public func setPassword(named name: String, hash: String) async throws {
        let updated = try await write { db in
            try await db.query("UPDATE users SET password_hash = ?2 WHERE name = ?1 RETURNING 1", [.text(name), .text(hash)]).count
        }
        if updated == 0 { throw LedgerStoreError.unknownUser(name) }
    }

    static let userColumns = "name, role, token_digest, created_at, password_hash"

    /// The user whose token has this SHA-256 digest, if any.
    public func user(tokenDigest: [UInt8]) async throws -> BackOfficeUser? {
        try await read { db in
            try await db.query(
                "SELECT \(Self.userColumns) FROM users WHERE token_digest = ?1",
                [.blob(ByteBuffer(bytes: tokenDigest))]
            ).first.map(Self.user(from:))
        }
    }

    /// Every user, by name.
    public func users() async throws -> [BackOfficeUser] {
        try await read { db in
            try await db.query("SELECT \(Self.userColumns) FROM users ORDER BY name").map(Self.user(from:))
        }
    }

    private static func user(from row: SQLiteRow) throws -> BackOfficeUser {
        let columns = row.columns
        guard let role = Role(rawValue: try text(columns[1].data, "users.role")) else {
            throw SQLiteLedgerStoreError.unexpectedValue(column: "users.role")
        }
        return BackOfficeUser(
            name: try text(columns[0].data, "users.name"),
            role: role,
            tokenDigest: try bytes(columns[2].data, "users.token_digest"),
            createdAt: try int64(columns[3].data, "users.created_at"),
            passwordHash: columns[4].data.isNull ? nil : try text(columns[4].data, "users.password_hash")
        )
    }

    // MARK: Published documents

    /// Stores `version` of `kind` when it is the newest plus one: the check and the insert are
    /// one statement, on the one write connection.
    public func publish(kind: DocumentKind, version: Int64, step: [UInt8], snapshot: [UInt8], at: Int64) async throws
        -> PublishedDocument
    {
        let binds: [SQLiteData] = [
            .text(kind.rawValue), .integer(.init(version)), .blob(ByteBuffer(bytes: step)), .blob(ByteBuffer(bytes: snapshot)),
            .integer(.init(at)),
        ]
        let inserted = try await write { db in
            try await db.query(
                """
                INSERT INTO documents (kind, version, body, snapshot, published_at)
                SELECT ?1, ?2, ?3, ?4, ?5 WHERE (SELECT coalesce(max(version), 0) FROM documents WHERE kind = ?1) = ?2 - 1
                RETURNING version
                """, binds
            ).count
        }
        guard inserted == 1 else { throw DocumentVersionConflict(kind: kind, version: version) }
        return PublishedDocument(kind: kind, version: version, body: step, snapshot: snapshot, isSigned: true, publishedAt: at)
    }

    /// The newest version of `kind`; nil before the first is published.
    public func latest(_ kind: DocumentKind) async throws -> PublishedDocument? {
        try await read { db in
            guard
                let row = try await db.query(
                    "SELECT version, body, published_at, snapshot FROM documents WHERE kind = ?1 ORDER BY version DESC LIMIT 1",
                    [.text(kind.rawValue)]
                ).first
            else { return nil }
            return try Self.document(kind, from: row, withSnapshot: true)
        }
    }

    /// One version of `kind`, with its snapshot.
    public func document(_ kind: DocumentKind, version: Int64) async throws -> PublishedDocument? {
        try await read { db in
            try await db.query(
                "SELECT version, body, published_at, snapshot FROM documents WHERE kind = ?1 AND version = ?2",
                [.text(kind.rawValue), .integer(.init(version))]
            ).first.map { try Self.document(kind, from: $0, withSnapshot: true) }
        }
    }

    /// The versions of `kind` after `version`, oldest first, without their snapshots.
    public func documents(_ kind: DocumentKind, after version: Int64, limit: Int) async throws -> [PublishedDocument] {
        try await read { db in
            try await db.query(
                """
                SELECT version, body, published_at, snapshot IS NOT NULL FROM documents
                WHERE kind = ?1 AND version > ?2 ORDER BY version LIMIT ?3
                """,
                [.text(kind.rawValue), .integer(.init(version)), .integer(limit)]
            ).map { try Self.document(kind, from: $0, withSnapshot: false) }
        }
    }

    private static func document(_ kind: DocumentKind, from row: SQLiteRow, withSnapshot: Bool) throws -> PublishedDocument {
        let columns = row.columns
        let snapshot: [UInt8]? = withSnapshot && columns[3].data != .null ? try bytes(columns[3].data, "documents.snapshot") : nil
        let isSigned = withSnapshot ? columns[3].data != .null : try int64(columns[3].data, "documents.snapshot") != 0
        return PublishedDocument(
            kind: kind, version: try int64(columns[0].data, "documents.version"), body: try bytes(columns[1].data, "documents.body"),
            snapshot: snapshot, isSigned: isSigned, publishedAt: try int64(columns[2].data, "documents.published_at"))
    }

    // MARK: Alarms

    /// Records an alarm for the operators.
    public func raise(_ alarm: Alarm) async throws {
        let binds: [SQLiteData] = [
            .integer(.init(alarm.at)), .text(alarm.kind),
            alarm.terminal.map { .integer(.init($0)) } ?? .null,
            alarm.sequence.map { .integer(.init(Int64(truncatingIfNeeded: $0))) } ?? .null,
            .text(alarm.detail),
        ]
        try await write { db in
            _ = try await db.query(
                "INSERT INTO alarms (at, kind, terminal, sequence, detail) VALUES (?1, ?2, ?3, ?4, ?5)", binds
            )
        }
    }

    /// Records an alarm unless one of the same kind, terminal and sequence is recorded.
    public func raiseOnce(_ alarm: Alarm) async throws -> Bool {
        let binds: [SQLiteData] = [
            .integer(.init(alarm.at)), .text(alarm.kind),
            alarm.terminal.map { .integer(.init($0)) } ?? .null,
            alarm.sequence.map { .integer(.init(Int64(truncatingIfNeeded: $0))) } ?? .null,
            .text(alarm.detail),
        ]
        return try await write { db in
            let rows = try await db.query(
                """
                INSERT INTO alarms (at, kind, terminal, sequence, detail)
                SELECT ?1, ?2, ?3, ?4, ?5
                WHERE NOT EXISTS (SELECT 1 FROM alarms WHERE kind = ?2 AND terminal IS ?3 AND sequence IS ?4)
                RETURNING id
                """, binds
            )
            return !rows.isEmpty
        }
    }

    /// The newest `limit` alarms, newest first.
    public func alarms(limit: Int) async throws -> [Alarm] {
        try await read { db in
            try await db.query(
                "SELECT at, kind, terminal, sequence, detail FROM alarms ORDER BY id DESC LIMIT ?1",
                [.integer(.init(max(0, limit)))]
            ).map { row in
                let columns = row.columns
                return Alarm(
                    at: try Self.int64(columns[0].data, "alarms.at"),
                    kind: try Self.text(columns[1].data, "alarms.kind"),
                    terminal: columns[2].data.isNull ? nil : try Self.uint32(columns[2].data, "alarms.terminal"),
                    sequence: try Self.optionalInt64(columns[3].data, "alarms.sequence").map { UInt64(bitPattern: $0) },
                    detail: try Self.text(columns[4].data, "alarms.detail")
                )
            }
        }
    }
}
