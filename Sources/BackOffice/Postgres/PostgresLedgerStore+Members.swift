import BackOfficeStorage
import Logging
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
            let clashes = try await Self.apply(updates, connection, logger: logger)
            try await Self.advanceMemberProjection(to: position, connection, logger: logger)
            return clashes
        }
    }

    /// Applies `updates` inside the caller's transaction (which holds the members lock); answers
    /// the phones refused.
    static func apply(_ updates: [MemberUpdate], _ connection: PostgresConnection, logger: Logger) async throws -> [MemberPhoneClash] {
        var clashes: [MemberPhoneClash] = []
        for update in updates {
            if update.forgetsEnrolment {
                _ = try await connection.query(
                    """
                    DELETE FROM members WHERE state_terminal = \(Int64(update.mark.terminal))
                        AND state_sequence = \(Int64(update.mark.sequence)) AND details IS NOT NULL
                    """, logger: logger
                ).collect()
                continue
            }
            if let position = update.indexedPosition {
                _ = try await connection.query(
                    "INSERT INTO member_transactions (member, position) VALUES (\(update.member), \(position)) ON CONFLICT DO NOTHING",
                    logger: logger
                ).collect()
            }
            if let request = update.requestId {
                _ = try await connection.query(
                    "UPDATE reservations SET used = true WHERE terminal = \(Int64(update.mark.terminal)) AND request = \(request)",
                    logger: logger
                ).collect()
            }
            if let adjustment = update.adjustment { _ = try await Self.insert(adjustment, connection, logger: logger) }
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
            // An erased member's details never come back, even from a transaction projected late.
            if update.details != nil || update.phone != nil,
                try await !connection.query("SELECT 1 FROM erasures WHERE member = \(update.member)", logger: logger).collect().isEmpty
            {
                continue
            }
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
                ON CONFLICT (member) DO UPDATE SET phone = coalesce(excluded.phone, members.phone),
                    details = coalesce(excluded.details, members.details), referrer = coalesce(excluded.referrer, members.referrer)
                """, logger: logger
            ).collect()
        }
        return clashes
    }

    /// Moves the projection's position to `position` (never back), inside the caller's transaction.
    static func advanceMemberProjection(to position: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        _ = try await connection.query(
            "UPDATE member_projection SET position = greatest(position, \(position)) WHERE id = 1", logger: logger
        ).collect()
        _ = try await connection.query(
            "UPDATE member_index SET position = greatest(position, \(position)) WHERE id = 1", logger: logger
        ).collect()
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

// Adjustments and reservations, under the members lock (adjustments: numbers never given twice)
// or the member's row locked (reservations: two servers never grant the same points).
extension PostgresLedgerStore {
    @discardableResult
    public func addAdjustments(_ adjustments: [NewAdjustment]) async throws -> [StoredAdjustment] {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.lock(PostgresSchema.Lock.members, on: connection, logger: logger)
            var added: [StoredAdjustment] = []
            for adjustment in adjustments {
                if let stored = try await Self.insert(adjustment, connection, logger: logger) { added.append(stored) }
            }
            return added
        }
    }

    /// Numbers and inserts `adjustment` unless its reference is there already (the caller holds
    /// the members lock).
    static func insert(_ adjustment: NewAdjustment, _ connection: PostgresConnection, logger: Logger) async throws -> StoredAdjustment? {
        for try await sequence in try await connection.query(
            """
            INSERT INTO adjustments (member, sequence, points, reason, reference)
            SELECT \(adjustment.member), coalesce(max(sequence), 0) + 1, \(adjustment.points), \(adjustment.reason), \(adjustment.reference)
            FROM adjustments WHERE member = \(adjustment.member)
            ON CONFLICT (reference) DO NOTHING RETURNING sequence
            """, logger: logger
        ).decode(Int64.self) {
            return StoredAdjustment(
                member: adjustment.member, sequence: UInt64(sequence), points: adjustment.points, reason: adjustment.reason,
                reference: adjustment.reference)
        }
        return nil
    }

    public func adjustments() async throws -> [StoredAdjustment] {
        try await rows("SELECT member, sequence, points, reason, reference FROM adjustments ORDER BY member, sequence")
            .map(Self.adjustment(from:))
    }

    public func adjustments(of member: String, after sequence: UInt64) async throws -> [StoredAdjustment] {
        try await rows(
            """
            SELECT member, sequence, points, reason, reference FROM adjustments
            WHERE member = \(member) AND sequence > \(Int64(clamping: sequence)) ORDER BY sequence
            """
        ).map(Self.adjustment(from:))
    }

    private static func adjustment(from row: PostgresRow) throws -> StoredAdjustment {
        let (member, sequence, points, reason, reference) = try row.decode((String, Int64, Int64, String, String).self)
        return StoredAdjustment(member: member, sequence: UInt64(sequence), points: points, reason: reason, reference: reference)
    }

    public func reserve(_ reservation: PointsReservation, now: Int64, read: @escaping @Sendable ([UInt8]) -> HeldBalance?) async throws
        -> ReservationOutcome
    {
        let logger = self.logger
        return try await transaction { connection in
            let member = reservation.member
            var found = false
            var held: HeldBalance?
            for try await state in try await connection.query(
                "SELECT state FROM members WHERE member = \(member) FOR UPDATE", logger: logger
            ).decode(ByteBuffer?.self) {
                found = true
                held = state.flatMap { read(Array($0.readableBytesView)) }
            }
            guard found else { return .unknownMember }
            var pending: Int64 = 0
            for try await sum in try await connection.query(
                """
                SELECT coalesce(sum(points), 0)::bigint FROM adjustments
                WHERE member = \(member) AND sequence > \(Int64(clamping: held?.lastAdjustment ?? 0))
                """, logger: logger
            ).decode(Int64.self) {
                pending = sum
            }
            var reserved: Int64 = 0
            for try await sum in try await connection.query(
                "SELECT coalesce(sum(points), 0)::bigint FROM reservations WHERE member = \(member) AND NOT used AND expires_at > \(now)",
                logger: logger
            ).decode(Int64.self) {
                reserved = sum
            }
            let available = (held?.balance ?? 0) + pending - reserved
            for try await (points, created, expires) in try await connection.query(
                """
                SELECT points, created_at, expires_at FROM reservations
                WHERE terminal = \(Int64(reservation.terminal)) AND request = \(reservation.requestId)
                """, logger: logger
            ).decode((Int64, Int64, Int64).self) {
                var existing = reservation
                existing.points = points
                existing.createdAt = created
                existing.expiresAt = expires
                return .granted(existing, available: available)
            }
            guard available >= reservation.points else { return .insufficient(available: available) }
            _ = try await connection.query(
                """
                INSERT INTO reservations (terminal, request, member, points, created_at, expires_at)
                VALUES (\(Int64(reservation.terminal)), \(reservation.requestId), \(member), \(reservation.points),
                    \(reservation.createdAt), \(reservation.expiresAt))
                """, logger: logger
            ).collect()
            return .granted(reservation, available: available - reservation.points)
        }
    }
}
