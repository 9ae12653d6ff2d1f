import BackOfficeStorage
import PostgresNIO

// The member index, consents and erasures.
extension PostgresLedgerStore {
    public func memberIndexPosition() async throws -> Int64 {
        try await rows("SELECT position FROM member_index WHERE id = 1").first?.decode(Int64.self) ?? 0
    }

    public func transactions(of member: String) async throws -> [StoredTransaction] {
        try await rows(
            """
            SELECT j.position, j.terminal, j.sequence, j.recorded_at, j.received_at, j.payload
            FROM member_transactions AS m JOIN journal AS j ON j.position = m.position
            WHERE m.member = \(member) ORDER BY m.position
            """
        ).map { row in
            let (position, terminal, sequence, recordedAt, receivedAt, payload) = try row.decode(
                (Int64, Int64, Int64, Int64, Int64, ByteBuffer).self)
            guard let id = UInt32(exactly: terminal) else { throw PostgresLedgerStoreError.unexpectedValue(column: "journal.terminal") }
            return StoredTransaction(
                position: position, terminal: id, sequence: UInt64(sequence), recordedAt: recordedAt, receivedAt: receivedAt,
                payload: Array(payload.readableBytesView))
        }
    }

    public func memberIDs(card: String) async throws -> [String] {
        try await rows("SELECT member FROM members WHERE card = \(card) ORDER BY member").map { try $0.decode(String.self) }
    }

    public func recordConsent(_ event: ConsentEvent) async throws {
        try await rows(
            """
            INSERT INTO consent_events (member, code, given, at, how, reason)
            VALUES (\(event.member), \(event.code), \(event.given), \(event.at), \(event.how), \(event.reason))
            """)
    }

    public func consentEvents(of member: String) async throws -> [ConsentEvent] {
        try await rows("SELECT member, code, given, at, how, reason FROM consent_events WHERE member = \(member) ORDER BY id").map { row in
            let (member, code, given, at, how, reason) = try row.decode((String, String, Bool, Int64, String, String?).self)
            return ConsentEvent(member: member, code: code, given: given, at: at, how: how, reason: reason)
        }
    }

    public func erase(_ erasure: MemberErasure) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.lock(PostgresSchema.Lock.members, on: connection, logger: logger)
            let inserted = try await connection.query(
                """
                INSERT INTO erasures (member, at, by, reason) VALUES (\(erasure.member), \(erasure.at), \(erasure.by), \(erasure.reason))
                ON CONFLICT DO NOTHING RETURNING member
                """, logger: logger
            ).collect()
            guard !inserted.isEmpty else { return false }
            _ = try await connection.query(
                "UPDATE members SET phone = NULL, details = NULL WHERE member = \(erasure.member)", logger: logger
            ).collect()
            return true
        }
    }

    public func erasure(of member: String) async throws -> MemberErasure? {
        guard let row = try await rows("SELECT member, at, by, reason FROM erasures WHERE member = \(member)").first else { return nil }
        let (member, at, by, reason) = try row.decode((String, Int64, String, String).self)
        return MemberErasure(member: member, at: at, by: by, reason: reason)
    }

    public func erasedMembers() async throws -> [String] {
        try await rows("SELECT member FROM erasures ORDER BY member").map { try $0.decode(String.self) }
    }
}
