import BackOfficeStorage
import PostgresNIO

// Terminals, nonces, users, published documents and alarms: one statement each (publishing:
// one transaction), so each is atomic.
extension PostgresLedgerStore {
    // MARK: Terminals

    /// Enrols a terminal; an id already known gets the new key, label and enrolment time, and
    /// its revocation is cleared.
    public func enrol(_ terminal: EnrolledTerminal) async throws {
        try await rows(
            """
            INSERT INTO terminals (id, public_key, label, enrolled_at, revoked_at, revocation_reason)
            VALUES (\(Int64(terminal.id)), \(ByteBuffer(bytes: terminal.publicKey)), \(terminal.label), \(terminal.enrolledAt), NULL, NULL)
            ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key, label = excluded.label,
                enrolled_at = excluded.enrolled_at, revoked_at = NULL, revocation_reason = NULL
            """)
    }

    /// Revokes a terminal (again, for one revoked already: the new time and reason replace the
    /// old). Throws ``LedgerStoreError/unknownTerminal(_:)`` for an id never enrolled.
    public func revoke(terminal: UInt32, at: Int64, reason: String) async throws {
        let updated = try await rows(
            """
            UPDATE terminals SET revoked_at = \(at), revocation_reason = \(reason)
            WHERE id = \(Int64(terminal)) RETURNING id
            """)
        if updated.isEmpty { throw LedgerStoreError.unknownTerminal(terminal) }
    }

    /// The terminal with this id, revoked or not; nil when it was never enrolled.
    public func terminal(_ id: UInt32) async throws -> EnrolledTerminal? {
        try await rows(
            """
            SELECT id, public_key, label, enrolled_at, revoked_at, revocation_reason FROM terminals WHERE id = \(Int64(id))
            """
        ).first.map(Self.terminal(from:))
    }

    /// Every enrolled terminal, revoked ones included, by id.
    public func terminals() async throws -> [EnrolledTerminal] {
        try await rows(
            "SELECT id, public_key, label, enrolled_at, revoked_at, revocation_reason FROM terminals ORDER BY id"
        ).map(Self.terminal(from:))
    }

    private static func terminal(from row: PostgresRow) throws -> EnrolledTerminal {
        let (id, key, label, enrolledAt, revokedAt, reason) = try row.decode(
            (Int64, ByteBuffer, String, Int64, Int64?, String?).self
        )
        guard let terminalID = UInt32(exactly: id) else { throw PostgresLedgerStoreError.unexpectedValue(column: "terminals.id") }
        return EnrolledTerminal(
            id: terminalID, publicKey: Array(key.readableBytesView), label: label,
            enrolledAt: enrolledAt, revokedAt: revokedAt, revocationReason: reason
        )
    }

    // MARK: Replay protection

    /// Records `nonce` for `terminal`; false when it is recorded already (a replay).
    public func useNonce(terminal: UInt32, nonce: String, expiresAt: Int64) async throws -> Bool {
        try await rows(
            """
            INSERT INTO nonces (terminal, nonce, expires_at) VALUES (\(Int64(terminal)), \(nonce), \(expiresAt))
            ON CONFLICT DO NOTHING RETURNING 1
            """
        ).count == 1
    }

    /// Forgets the nonces that expire before `expiredBefore`.
    public func purgeNonces(expiredBefore: Int64) async throws {
        try await rows("DELETE FROM nonces WHERE expires_at < \(expiredBefore)")
    }

    // MARK: Users

    /// Adds a user; ``LedgerStoreError/duplicateUser(_:)`` when the name is taken.
    public func addUser(_ user: BackOfficeUser) async throws {
        let added = try await rows(
            """
            INSERT INTO users (name, role, token_digest, created_at, password_hash)
            VALUES (\(user.name), \(user.role.rawValue), \(ByteBuffer(bytes: user.tokenDigest)), \(user.createdAt), \(user.passwordHash))
            ON CONFLICT (name) DO NOTHING RETURNING 1
            """)
        if added.isEmpty { throw LedgerStoreError.duplicateUser(user.name) }
    }

    /// Removes a user and their console sessions; ``LedgerStoreError/unknownUser(_:)`` when
    /// there is none of that name.
    public func removeUser(named name: String) async throws {
        let logger = self.logger
        let removed = try await transaction { connection in
            try await connection.query("DELETE FROM console_sessions WHERE user_name = \(name)", logger: logger)
            return try await connection.query("DELETE FROM users WHERE name = \(name) RETURNING 1", logger: logger).collect().count
        }
        if removed == 0 { throw LedgerStoreError.unknownUser(name) }
    }

    /// The user of this name, if any.
    public func user(named name: String) async throws -> BackOfficeUser? {
        try await rows(
            "SELECT name, role, token_digest, created_at, password_hash FROM users WHERE name = \(name)"
        ).first.map(Self.user(from:))
    }

    /// Replaces the user's password hash; ``LedgerStoreError/unknownUser(_:)`` when there is none.
    public func setPassword(named name: String, hash: String) async throws {
        let updated = try await rows("UPDATE users SET password_hash = \(hash) WHERE name = \(name) RETURNING 1")
        if updated.isEmpty { throw LedgerStoreError.unknownUser(name) }
    }

    /// The user whose token has this SHA-256 digest, if any.
    public func user(tokenDigest: [UInt8]) async throws -> BackOfficeUser? {
        try await rows(
            """
            SELECT name, role, token_digest, created_at, password_hash FROM users WHERE token_digest = \(ByteBuffer(bytes: tokenDigest))
            """
        ).first.map(Self.user(from:))
    }

    /// Every user, by name.
    public func users() async throws -> [BackOfficeUser] {
        try await rows("SELECT name, role, token_digest, created_at, password_hash FROM users ORDER BY name").map(Self.user(from:))
    }

    private static func user(from row: PostgresRow) throws -> BackOfficeUser {
        let (name, roleName, digest, createdAt, passwordHash) = try row.decode((String, String, ByteBuffer, Int64, String?).self)
        guard let role = Role(rawValue: roleName) else { throw PostgresLedgerStoreError.unexpectedValue(column: "users.role") }
        return BackOfficeUser(
            name: name, role: role, tokenDigest: Array(digest.readableBytesView), createdAt: createdAt, passwordHash: passwordHash)
    }

    // MARK: Published documents

    /// Stores `version` of `kind` when it is the newest plus one, under the publish lock so two
    /// servers publishing at once cannot both take it.
    public func publish(kind: DocumentKind, version: Int64, step: [UInt8], snapshot: [UInt8], at: Int64) async throws
        -> PublishedDocument
    {
        let logger = self.logger
        let inserted = try await transaction { connection in
            try await Self.lock(PostgresSchema.Lock.publish, on: connection, logger: logger)
            var inserted = 0
            for try await _ in try await connection.query(
                """
                INSERT INTO documents (kind, version, body, snapshot, published_at)
                SELECT \(kind.rawValue), \(version), \(ByteBuffer(bytes: step)), \(ByteBuffer(bytes: snapshot)), \(at)
                WHERE (SELECT coalesce(max(version), 0) FROM documents WHERE kind = \(kind.rawValue)) = \(version - 1)
                RETURNING version
                """, logger: logger
            ).decode(Int64.self) {
                inserted += 1
            }
            return inserted
        }
        guard inserted == 1 else { throw DocumentVersionConflict(kind: kind, version: version) }
        return PublishedDocument(kind: kind, version: version, body: step, snapshot: snapshot, isSigned: true, publishedAt: at)
    }

    /// The newest version of `kind`; nil before the first is published.
    public func latest(_ kind: DocumentKind) async throws -> PublishedDocument? {
        guard
            let row = try await rows(
                """
                SELECT version, body, published_at, snapshot FROM documents WHERE kind = \(kind.rawValue) ORDER BY version DESC LIMIT 1
                """
            ).first
        else { return nil }
        let (version, body, publishedAt, snapshot) = try row.decode((Int64, ByteBuffer, Int64, ByteBuffer?).self)
        return PublishedDocument(
            kind: kind, version: version, body: Array(body.readableBytesView), snapshot: snapshot.map { Array($0.readableBytesView) },
            isSigned: snapshot != nil, publishedAt: publishedAt)
    }

    /// One version of `kind`, with its snapshot.
    public func document(_ kind: DocumentKind, version: Int64) async throws -> PublishedDocument? {
        guard
            let row = try await rows(
                """
                SELECT version, body, published_at, snapshot FROM documents WHERE kind = \(kind.rawValue) AND version = \(version)
                """
            ).first
        else { return nil }
        let (version, body, publishedAt, snapshot) = try row.decode((Int64, ByteBuffer, Int64, ByteBuffer?).self)
        return PublishedDocument(
            kind: kind, version: version, body: Array(body.readableBytesView), snapshot: snapshot.map { Array($0.readableBytesView) },
            isSigned: snapshot != nil, publishedAt: publishedAt)
    }

    /// The versions of `kind` after `version`, oldest first, without their snapshots.
    public func documents(_ kind: DocumentKind, after version: Int64, limit: Int) async throws -> [PublishedDocument] {
        try await rows(
            """
            SELECT version, body, published_at, snapshot IS NOT NULL FROM documents
            WHERE kind = \(kind.rawValue) AND version > \(version) ORDER BY version LIMIT \(Int64(limit))
            """
        ).map { row in
            let (version, body, publishedAt, isSigned) = try row.decode((Int64, ByteBuffer, Int64, Bool).self)
            return PublishedDocument(
                kind: kind, version: version, body: Array(body.readableBytesView), snapshot: nil, isSigned: isSigned,
                publishedAt: publishedAt)
        }
    }

    // MARK: Alarms

    /// Records an alarm for the operators.
    public func raise(_ alarm: Alarm) async throws {
        let terminal = alarm.terminal.map { Int64($0) }
        let sequence = alarm.sequence.map { Int64(bitPattern: $0) }
        try await rows(
            """
            INSERT INTO alarms (at, kind, terminal, sequence, detail)
            VALUES (\(alarm.at), \(alarm.kind), \(terminal), \(sequence), \(alarm.detail))
            """)
    }

    /// Records an alarm unless one of the same kind, terminal and sequence is recorded.
    public func raiseOnce(_ alarm: Alarm) async throws -> Bool {
        let terminal = alarm.terminal.map { Int64($0) }
        let sequence = alarm.sequence.map { Int64(bitPattern: $0) }
        let inserted = try await rows(
            """
            INSERT INTO alarms (at, kind, terminal, sequence, detail)
            SELECT \(alarm.at), \(alarm.kind), \(terminal), \(sequence), \(alarm.detail)
            WHERE NOT EXISTS (
                SELECT 1 FROM alarms WHERE kind = \(alarm.kind)
                AND terminal IS NOT DISTINCT FROM \(terminal) AND sequence IS NOT DISTINCT FROM \(sequence))
            RETURNING id
            """)
        return !inserted.isEmpty
    }

    /// The newest `limit` alarms, newest first.
    public func alarms(limit: Int) async throws -> [Alarm] {
        try await rows(
            """
            SELECT at, kind, terminal, sequence, detail FROM alarms ORDER BY id DESC LIMIT \(Int64(max(0, limit)))
            """
        ).map { row in
            let (at, kind, terminal, sequence, detail) = try row.decode((Int64, String, Int64?, Int64?, String).self)
            return Alarm(
                at: at, kind: kind,
                terminal: try terminal.map {
                    guard let id = UInt32(exactly: $0) else { throw PostgresLedgerStoreError.unexpectedValue(column: "alarms.terminal") }
                    return id
                },
                sequence: sequence.map { UInt64(bitPattern: $0) },
                detail: detail
            )
        }
    }
}
