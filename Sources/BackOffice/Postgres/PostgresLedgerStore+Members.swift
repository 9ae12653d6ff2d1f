import BackOfficeStorage
import PostgresNIO

// The member projection: one transaction per projected page, under the members lock so that
// servers sharing the database apply each page once.
extension PostgresLedgerStore {
    public func memberProjectionPosition() async throws -> Int64 {
        try await rows("SELECT position FROM member_projection WHERE id = 1").first?.decode(Int64.self) ?? 0
    }

    @discardableResult
    public func projectMembers(_ updates: [MemberUpdate], through position: Int64) async throws -> [MemberPhoneClash] {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.lock(PostgresSchema.Lock.members, on: connection, logger: logger)
            var clashes: [MemberPhoneClash] = []
            for update in updates {
                if let state = update.state {
                    let card = update.card
                    _ = try await connection.query(
                        """
                        INSERT INTO members (member, state, state_time, state_terminal, state_sequence, card)
                        VALUES (\(update.member), \(ByteBuffer(bytes: state)), \(update.mark.time), \(Int64(update.mark.terminal)),
                            \(Int64(update.mark.sequence)), \(card))
                        ON CONFLICT (member) DO UPDATE SET state = excluded.state, state_time = excluded.state_time,
                            state_terminal = excluded.state_terminal, state_sequence = excluded.state_sequence, card = excluded.card
                        WHERE members.state_time IS NULL
                            OR (excluded.state_time, excluded.state_terminal, excluded.state_sequence)
                                > (members.state_time, members.state_terminal, members.state_sequence)
                        """, logger: logger
                    ).collect()
                }
                guard update.details != nil || update.phone != nil || update.referrer != nil else { continue }
                var phone = update.phone
                if let wanted = phone {
                    for try await holder in try await connection.query(
                        "SELECT member FROM members WHERE phone = \(wanted) AND member <> \(update.member)", logger: logger
                    ).decode(String.self) {
                        clashes.append(MemberPhoneClash(member: update.member, phone: wanted, holder: holder))
                        phone = nil
                    }
                }
                let details = update.details.map { ByteBuffer(bytes: $0) }
                let referrer = update.referrer
                _ = try await connection.query(
                    """
                    INSERT INTO members (member, phone, details, referrer) VALUES (\(update.member), \(phone), \(details), \(referrer))
                    ON CONFLICT (member) DO UPDATE SET phone = excluded.phone, details = excluded.details, referrer = excluded.referrer
                    """, logger: logger
                ).collect()
            }
            _ = try await connection.query(
                "UPDATE member_projection SET position = greatest(position, \(position)) WHERE id = 1", logger: logger
            ).collect()
            return clashes
        }
    }

    public func member(_ id: String) async throws -> MemberSnapshot? {
        try await memberRows(
            "SELECT member, state, state_time, state_terminal, state_sequence, card, phone, details, referrer FROM members WHERE member = \(id)"
        )
    }

    public func member(phone: String) async throws -> MemberSnapshot? {
        try await memberRows(
            "SELECT member, state, state_time, state_terminal, state_sequence, card, phone, details, referrer FROM members WHERE phone = \(phone)"
        )
    }

    private func memberRows(_ query: PostgresQuery) async throws -> MemberSnapshot? {
        guard let row = try await rows(query).first else { return nil }
        let (member, state, time, terminal, sequence, card, phone, details, referrer) = try row.decode(
            (String, ByteBuffer?, Int64?, Int64?, Int64?, String?, String?, ByteBuffer?, String?).self)
        var mark: MemberStateMark?
        if let time, let terminal, let sequence, let id = UInt32(exactly: terminal) {
            mark = MemberStateMark(time: time, terminal: id, sequence: UInt64(sequence))
        }
        return MemberSnapshot(
            member: member, state: state.map { Array($0.readableBytesView) }, mark: mark, card: card, phone: phone,
            details: details.map { Array($0.readableBytesView) }, referrer: referrer)
    }
}
