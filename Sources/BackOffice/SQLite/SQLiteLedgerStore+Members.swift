import BackOfficeStorage
import SQLiteNIO

// The member projection: one transaction per projected page, on the write connection.
extension SQLiteLedgerStore {
    public func memberProjectionPosition() async throws -> Int64 {
        try await read { db in
            guard let row = try await db.query("SELECT position FROM member_projection WHERE id = 1").first else { return 0 }
            return try Self.int64(row.columns[0].data, "member_projection.position")
        }
    }

    @discardableResult
    public func projectMembers(_ updates: [MemberUpdate], through position: Int64) async throws -> [MemberPhoneClash] {
        try await write { db in
            try await Self.transaction(db) {
                var clashes: [MemberPhoneClash] = []
                for update in updates {
                    if let state = update.state {
                        _ = try await db.query(
                            """
                            INSERT INTO members (member, state, state_time, state_terminal, state_sequence, card)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                            ON CONFLICT (member) DO UPDATE SET state = excluded.state, state_time = excluded.state_time,
                                state_terminal = excluded.state_terminal, state_sequence = excluded.state_sequence, card = excluded.card
                            WHERE members.state_time IS NULL
                                OR (excluded.state_time, excluded.state_terminal, excluded.state_sequence)
                                    > (members.state_time, members.state_terminal, members.state_sequence)
                            """,
                            [
                                .text(update.member), .blob(ByteBuffer(bytes: state)), .integer(.init(update.mark.time)),
                                .integer(.init(update.mark.terminal)), .integer(.init(Int64(update.mark.sequence))),
                                update.card.map { .text($0) } ?? .null,
                            ])
                    }
                    guard update.details != nil || update.phone != nil || update.referrer != nil else { continue }
                    var phone = update.phone
                    if let wanted = phone,
                        let holder = try await db.query(
                            "SELECT member FROM members WHERE phone = ?1 AND member <> ?2", [.text(wanted), .text(update.member)]
                        ).first
                    {
                        clashes.append(
                            MemberPhoneClash(
                                member: update.member, phone: wanted, holder: try Self.text(holder.columns[0].data, "members.member")))
                        phone = nil
                    }
                    _ = try await db.query(
                        """
                        INSERT INTO members (member, phone, details, referrer) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (member) DO UPDATE SET phone = excluded.phone, details = excluded.details,
                            referrer = excluded.referrer
                        """,
                        [
                            .text(update.member), phone.map { .text($0) } ?? .null,
                            update.details.map { .blob(ByteBuffer(bytes: $0)) } ?? .null, update.referrer.map { .text($0) } ?? .null,
                        ])
                }
                _ = try await db.query(
                    "UPDATE member_projection SET position = max(position, ?1) WHERE id = 1", [.integer(.init(position))])
                return clashes
            }
        }
    }

    public func member(_ id: String) async throws -> MemberSnapshot? {
        try await memberRow(where: "member = ?1", .text(id))
    }

    public func member(phone: String) async throws -> MemberSnapshot? {
        try await memberRow(where: "phone = ?1", .text(phone))
    }

    private func memberRow(where condition: String, _ value: SQLiteData) async throws -> MemberSnapshot? {
        let rows = try await read { db in
            try await db.query(
                """
                SELECT member, state, state_time, state_terminal, state_sequence, card, phone, details, referrer
                FROM members WHERE \(condition)
                """, [value])
        }
        guard let columns = rows.first?.columns else { return nil }
        let time = try Self.optionalInt64(columns[2].data, "members.state_time")
        let mark: MemberStateMark? = try time.map { time in
            MemberStateMark(
                time: time, terminal: try Self.uint32(columns[3].data, "members.state_terminal"),
                sequence: UInt64(try Self.int64(columns[4].data, "members.state_sequence")))
        }
        return MemberSnapshot(
            member: try Self.text(columns[0].data, "members.member"),
            state: columns[1].data.isNull ? nil : try Self.bytes(columns[1].data, "members.state"), mark: mark,
            card: columns[5].data.isNull ? nil : try Self.text(columns[5].data, "members.card"),
            phone: columns[6].data.isNull ? nil : try Self.text(columns[6].data, "members.phone"),
            details: columns[7].data.isNull ? nil : try Self.bytes(columns[7].data, "members.details"),
            referrer: columns[8].data.isNull ? nil : try Self.text(columns[8].data, "members.referrer"))
    }
}
