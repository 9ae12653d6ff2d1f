import BackOfficeStorage
import SQLiteNIO

// The member index, consents and erasures.
extension SQLiteLedgerStore {
    public func memberIndexPosition() async throws -> Int64 {
        try await read { db in
            guard let row = try await db.query("SELECT position FROM member_index WHERE id = 1").first else { return 0 }
            return try Self.int64(row.columns[0].data, "member_index.position")
        }
    }

    public func transactions(of member: String) async throws -> [StoredTransaction] {
        let rows = try await read { db in
            try await db.query(
                """
                SELECT j.position, j.terminal, j.sequence, j.recorded_at, j.received_at, j.payload
                FROM member_transactions AS m JOIN journal AS j ON j.position = m.position
                WHERE m.member = ?1 ORDER BY m.position
                """, [.text(member)])
        }
        return try rows.map { row in
            let columns = row.columns
            return StoredTransaction(
                position: try Self.int64(columns[0].data, "journal.position"),
                terminal: try Self.uint32(columns[1].data, "journal.terminal"),
                sequence: UInt64(try Self.int64(columns[2].data, "journal.sequence")),
                recordedAt: try Self.int64(columns[3].data, "journal.recorded_at"),
                receivedAt: try Self.int64(columns[4].data, "journal.received_at"),
                payload: try Self.bytes(columns[5].data, "journal.payload"))
        }
    }

    public func memberIDs(card: String) async throws -> [String] {
        try await read { db in
            try await db.query("SELECT member FROM members WHERE card = ?1 ORDER BY member", [.text(card)])
                .map { try Self.text($0.columns[0].data, "members.member") }
        }
    }

    public func recordConsent(_ event: ConsentEvent) async throws {
        try await write { db in
            _ = try await db.query(
                "INSERT INTO consent_events (member, code, given, at, how, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                [
                    .text(event.member), .text(event.code), .integer(event.given ? 1 : 0), .integer(.init(event.at)), .text(event.how),
                    event.reason.map { .text($0) } ?? .null,
                ])
        }
    }

    public func consentEvents(of member: String) async throws -> [ConsentEvent] {
        let rows = try await read { db in
            try await db.query(
                "SELECT member, code, given, at, how, reason FROM consent_events WHERE member = ?1 ORDER BY id", [.text(member)])
        }
        return try rows.map { row in
            let columns = row.columns
            return ConsentEvent(
                member: try Self.text(columns[0].data, "consent_events.member"),
                code: try Self.text(columns[1].data, "consent_events.code"),
                given: try Self.int64(columns[2].data, "consent_events.given") != 0,
                at: try Self.int64(columns[3].data, "consent_events.at"),
                how: try Self.text(columns[4].data, "consent_events.how"),
                reason: columns[5].data.isNull ? nil : try Self.text(columns[5].data, "consent_events.reason"))
        }
    }

    public func erase(_ erasure: MemberErasure) async throws -> Bool {
        try await write { db in
            try await Self.transaction(db) {
                let inserted = try await db.query(
                    "INSERT INTO erasures (member, at, by, reason) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING RETURNING member",
                    [.text(erasure.member), .integer(.init(erasure.at)), .text(erasure.by), .text(erasure.reason)])
                guard !inserted.isEmpty else { return false }
                _ = try await db.query("UPDATE members SET phone = NULL, details = NULL WHERE member = ?1", [.text(erasure.member)])
                return true
            }
        }
    }

    public func erasure(of member: String) async throws -> MemberErasure? {
        let rows = try await read { db in
            try await db.query("SELECT member, at, by, reason FROM erasures WHERE member = ?1", [.text(member)])
        }
        return try rows.first.map(Self.erasure(from:))
    }

    public func erasedMembers() async throws -> [String] {
        try await read { db in
            try await db.query("SELECT member FROM erasures ORDER BY member").map { try Self.text($0.columns[0].data, "erasures.member") }
        }
    }

    private static func erasure(from row: SQLiteRow) throws -> MemberErasure {
        let columns = row.columns
        return MemberErasure(
            member: try text(columns[0].data, "erasures.member"), at: try int64(columns[1].data, "erasures.at"),
            by: try text(columns[2].data, "erasures.by"), reason: try text(columns[3].data, "erasures.reason"))
    }
}
