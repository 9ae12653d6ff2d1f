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
                let clashes = try await Self.apply(updates, db)
                try await Self.advanceMemberProjection(to: position, db)
                return clashes
            }
        }
    }

    /// Applies `updates` inside the caller's transaction; answers the phones refused.
    static func apply(_ updates: [MemberUpdate], _ db: SQLiteConnection) async throws -> [MemberPhoneClash] {
        var clashes: [MemberPhoneClash] = []
        for update in updates {
            if update.forgetsEnrolment {
                _ = try await db.query(
                    "DELETE FROM members WHERE state_terminal = ?1 AND state_sequence = ?2 AND details IS NOT NULL",
                    [.integer(.init(update.mark.terminal)), .integer(.init(Int64(update.mark.sequence)))])
                continue
            }
            if let position = update.indexedPosition {
                _ = try await db.query(
                    "INSERT INTO member_transactions (member, position) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    [.text(update.member), .integer(.init(position))])
            }
            if let request = update.requestId {
                _ = try await db.query(
                    "UPDATE reservations SET used = 1 WHERE terminal = ?1 AND request = ?2",
                    [.integer(.init(update.mark.terminal)), .text(request)])
            }
            if let adjustment = update.adjustment { _ = try await Self.insert(adjustment, db) }
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
            // An erased member's details never come back, even from a transaction projected late.
            if update.details != nil || update.phone != nil,
                try await !db.query("SELECT 1 FROM erasures WHERE member = ?1", [.text(update.member)]).isEmpty
            {
                continue
            }
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
                ON CONFLICT (member) DO UPDATE SET phone = coalesce(excluded.phone, members.phone),
                    details = coalesce(excluded.details, members.details), referrer = coalesce(excluded.referrer, members.referrer)
                """,
                [
                    .text(update.member), phone.map { .text($0) } ?? .null,
                    update.details.map { .blob(ByteBuffer(bytes: $0)) } ?? .null, update.referrer.map { .text($0) } ?? .null,
                ])
        }
        return clashes
    }

    /// Moves the projection's position to `position` (never back), inside the caller's transaction.
    static func advanceMemberProjection(to position: Int64, _ db: SQLiteConnection) async throws {
        _ = try await db.query("UPDATE member_projection SET position = max(position, ?1) WHERE id = 1", [.integer(.init(position))])
        _ = try await db.query("UPDATE member_index SET position = max(position, ?1) WHERE id = 1", [.integer(.init(position))])
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

// Adjustments and reservations: one write transaction each, so numbers are never given twice
// and two reservations never see the same balance.
extension SQLiteLedgerStore {
    @discardableResult
    public func addAdjustments(_ adjustments: [NewAdjustment]) async throws -> [StoredAdjustment] {
        try await write { db in
            try await Self.transaction(db) {
                var added: [StoredAdjustment] = []
                for adjustment in adjustments {
                    if let stored = try await Self.insert(adjustment, db) { added.append(stored) }
                }
                return added
            }
        }
    }

    /// Numbers and inserts `adjustment` unless its reference is there already.
    static func insert(_ adjustment: NewAdjustment, _ db: SQLiteConnection) async throws -> StoredAdjustment? {
        let row = try await db.query(
            """
            INSERT INTO adjustments (member, sequence, points, reason, reference)
            SELECT ?1, coalesce(max(sequence), 0) + 1, ?2, ?3, ?4 FROM adjustments WHERE member = ?1
            ON CONFLICT (reference) DO NOTHING RETURNING sequence
            """,
            [.text(adjustment.member), .integer(.init(adjustment.points)), .text(adjustment.reason), .text(adjustment.reference)]
        ).first
        guard let row else { return nil }
        return StoredAdjustment(
            member: adjustment.member, sequence: UInt64(try int64(row.columns[0].data, "adjustments.sequence")),
            points: adjustment.points, reason: adjustment.reason, reference: adjustment.reference)
    }

    public func adjustments() async throws -> [StoredAdjustment] {
        try await read { db in
            try await db.query("SELECT member, sequence, points, reason, reference FROM adjustments ORDER BY member, sequence")
                .map(Self.adjustment(from:))
        }
    }

    public func adjustments(of member: String, after sequence: UInt64) async throws -> [StoredAdjustment] {
        try await read { db in
            try await Self.adjustments(of: member, after: sequence, db)
        }
    }

    static func adjustments(of member: String, after sequence: UInt64, _ db: SQLiteConnection) async throws -> [StoredAdjustment] {
        try await db.query(
            "SELECT member, sequence, points, reason, reference FROM adjustments WHERE member = ?1 AND sequence > ?2 ORDER BY sequence",
            [.text(member), .integer(.init(Int64(clamping: sequence)))]
        ).map(adjustment(from:))
    }

    private static func adjustment(from row: SQLiteRow) throws -> StoredAdjustment {
        let columns = row.columns
        return StoredAdjustment(
            member: try text(columns[0].data, "adjustments.member"), sequence: UInt64(try int64(columns[1].data, "adjustments.sequence")),
            points: try int64(columns[2].data, "adjustments.points"), reason: try text(columns[3].data, "adjustments.reason"),
            reference: try text(columns[4].data, "adjustments.reference"))
    }

    public func reserve(_ reservation: PointsReservation, now: Int64, read: @escaping @Sendable ([UInt8]) -> HeldBalance?) async throws
        -> ReservationOutcome
    {
        try await write { db in
            try await Self.transaction(db) {
                let member: SQLiteData = .text(reservation.member)
                guard let row = try await db.query("SELECT state FROM members WHERE member = ?1", [member]).first else {
                    return .unknownMember
                }
                let state = row.columns[0].data.isNull ? nil : read(try Self.bytes(row.columns[0].data, "members.state"))
                let pending = try await Self.adjustments(of: reservation.member, after: state?.lastAdjustment ?? 0, db)
                let reserved =
                    try await db.query(
                        "SELECT coalesce(sum(points), 0) FROM reservations WHERE member = ?1 AND used = 0 AND expires_at > ?2",
                        [member, .integer(.init(now))]
                    ).first.map { try Self.int64($0.columns[0].data, "sum(reservations.points)") } ?? 0
                let available = (state?.balance ?? 0) + pending.reduce(0) { $0 + $1.points } - reserved
                if let made = try await db.query(
                    "SELECT points, created_at, expires_at FROM reservations WHERE terminal = ?1 AND request = ?2",
                    [.integer(.init(reservation.terminal)), .text(reservation.requestId)]
                ).first {
                    var existing = reservation
                    existing.points = try Self.int64(made.columns[0].data, "reservations.points")
                    existing.createdAt = try Self.int64(made.columns[1].data, "reservations.created_at")
                    existing.expiresAt = try Self.int64(made.columns[2].data, "reservations.expires_at")
                    return .granted(existing, available: available)
                }
                guard available >= reservation.points else { return .insufficient(available: available) }
                _ = try await db.query(
                    """
                    INSERT INTO reservations (terminal, request, member, points, created_at, expires_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    """,
                    [
                        .integer(.init(reservation.terminal)), .text(reservation.requestId), member, .integer(.init(reservation.points)),
                        .integer(.init(reservation.createdAt)), .integer(.init(reservation.expiresAt)),
                    ])
                return .granted(reservation, available: available - reservation.points)
            }
        }
    }
}
