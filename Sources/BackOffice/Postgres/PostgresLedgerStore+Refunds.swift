import BackOfficeStorage
import Logging
import PostgresNIO

// Sales, refunds and refund reservations. Projected under the members lock, in the member
// projection's transaction; a sale's row is locked (FOR UPDATE) by whoever settles its refunds or
// holds part of it, so a hold never reads a refund half projected and two servers never hold the
// same rest.
extension PostgresLedgerStore {
    public func projectMembers(_ updates: [MemberUpdate], sales changes: [SaleRefundChange], through position: Int64) async throws
        -> ProjectionOutcome
    {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.lock(PostgresSchema.Lock.members, on: connection, logger: logger)
            var outcome = ProjectionOutcome(clashes: try await Self.apply(updates, connection, logger: logger))
            for change in changes {
                if let over = try await Self.apply(change, connection, logger: logger) { outcome.overRefunds.append(over) }
            }
            try await Self.advanceMemberProjection(to: position, connection, logger: logger)
            _ = try await connection.query(
                "UPDATE sale_projection SET position = greatest(position, \(position)) WHERE id = 1", logger: logger
            ).collect()
            return outcome
        }
    }

    public func saleProjectionPosition() async throws -> Int64 {
        try await rows("SELECT position FROM sale_projection WHERE id = 1").first?.decode(Int64.self) ?? 0
    }

    /// Applies one change inside the caller's transaction; answers the sale when a refund (or the
    /// sale arriving after its refunds) leaves it over-refunded.
    private static func apply(_ change: SaleRefundChange, _ connection: PostgresConnection, logger: Logger) async throws
        -> OverRefundedSale?
    {
        switch change {
        case .sale(let sale):
            _ = try await connection.query(
                """
                INSERT INTO sales (terminal, sale_id, sequence, member, card, day, amount, qualifying_spend, bill_points,
                    bonus_points, redeemed_points)
                VALUES (\(Int64(sale.terminal)), \(sale.saleId), \(Int64(sale.sequence)), \(sale.member), \(sale.card),
                    \(Int64(sale.day)), \(sale.amount), \(sale.qualifyingSpend), \(sale.billPoints), \(sale.bonusPoints),
                    \(sale.redeemedPoints))
                ON CONFLICT (terminal, sale_id) DO UPDATE SET sequence = excluded.sequence, member = excluded.member,
                    card = excluded.card, day = excluded.day, amount = excluded.amount, qualifying_spend = excluded.qualifying_spend,
                    bill_points = excluded.bill_points, bonus_points = excluded.bonus_points, redeemed_points = excluded.redeemed_points
                """, logger: logger
            ).collect()
            return try await settle(
                saleTerminal: sale.terminal, saleId: sale.saleId,
                reference: SaleRefundSettlement.reference(terminal: sale.terminal, sequence: sale.sequence), connection, logger: logger)
        case .refund(let refund):
            let saleSequence = refund.saleSequence.map { Int64($0) }
            _ = try await connection.query(
                """
                INSERT INTO sale_refunds (terminal, sequence, refund_id, sale_terminal, sale_id, sale_sequence, member, amount,
                    taken_back, returned)
                VALUES (\(Int64(refund.terminal)), \(Int64(refund.sequence)), \(refund.refundId), \(Int64(refund.saleTerminal)),
                    \(refund.saleId), \(saleSequence), \(refund.member), \(refund.amount), \(refund.takenBack), \(refund.returned))
                ON CONFLICT (terminal, sequence) DO NOTHING
                """, logger: logger
            ).collect()
            _ = try await connection.query(
                "UPDATE refund_reservations SET used = true WHERE terminal = \(Int64(refund.terminal)) AND refund_id = \(refund.refundId)",
                logger: logger
            ).collect()
            return try await settle(
                saleTerminal: refund.saleTerminal, saleId: refund.saleId,
                reference: SaleRefundSettlement.reference(terminal: refund.terminal, sequence: refund.sequence), connection, logger: logger)
        case .void(let terminal, let sequence, let voided):
            _ = try await connection.query(
                "DELETE FROM sales WHERE terminal = \(Int64(terminal)) AND sequence = \(Int64(voided))", logger: logger
            ).collect()
            var removed: [(Int64, String)] = []
            for try await row in try await connection.query(
                "DELETE FROM sale_refunds WHERE terminal = \(Int64(terminal)) AND sequence = \(Int64(voided)) RETURNING sale_terminal, sale_id",
                logger: logger
            ).decode((Int64, String).self) {
                removed.append(row)
            }
            for (saleTerminal, saleId) in removed {
                guard let id = UInt32(exactly: saleTerminal) else { continue }
                _ = try await settle(
                    saleTerminal: id, saleId: saleId, reference: SaleRefundSettlement.reference(terminal: terminal, sequence: sequence),
                    connection, logger: logger)
            }
            return nil
        }
    }

    /// Settles the refunds of the sale (when it is held, its row locked): adds what the member is
    /// owed and is not settled yet as an adjustment `reference`; answers the sale when it is
    /// over-refunded.
    private static func settle(
        saleTerminal: UInt32, saleId: String, reference: String, _ connection: PostgresConnection, logger: Logger
    ) async throws -> OverRefundedSale? {
        let terminal = Int64(saleTerminal)
        var held: (ProjectedSale, Int64)?
        for try await row in try await connection.query(
            "SELECT \(unescaped: saleColumns), corrected FROM sales WHERE terminal = \(terminal) AND sale_id = \(saleId) FOR UPDATE",
            logger: logger
        ) {
            held = (try sale(from: row), try row.decode(SaleRow.self).11)
        }
        guard let (sale, corrected) = held else { return nil }
        var sums: (count: Int64, amount: Int64, takenBack: Int64, returned: Int64, tills: Int64) = (0, 0, 0, 0, 0)
        for try await row in try await connection.query(
            """
            SELECT count(*)::bigint, coalesce(sum(amount), 0)::bigint, coalesce(sum(taken_back), 0)::bigint,
                coalesce(sum(returned), 0)::bigint, count(DISTINCT terminal)::bigint
            FROM sale_refunds WHERE sale_terminal = \(terminal) AND sale_id = \(saleId)
            """, logger: logger
        ).decode((Int64, Int64, Int64, Int64, Int64).self) {
            sums = row
        }
        let settlement = SaleRefundSettlement(sale: sale, refunded: sums.amount, takenBack: sums.takenBack, returned: sums.returned)
        if let adjustment = settlement.correction(settled: corrected, tills: Int(sums.tills), reference: reference),
            try await insert(adjustment, connection, logger: logger) != nil
        {
            _ = try await connection.query(
                "UPDATE sales SET corrected = corrected + \(adjustment.points) WHERE terminal = \(terminal) AND sale_id = \(saleId)",
                logger: logger
            ).collect()
        }
        guard settlement.excess > 0 else { return nil }
        return OverRefundedSale(
            sale: sale, refunded: settlement.refunded, excess: settlement.excess,
            refunds: try await refunds(of: saleTerminal, saleId, connection, logger: logger))
    }

    /// A sale's columns (``saleColumns``) and one more.
    typealias SaleRow = (Int64, String, Int64, String, String?, Int64, Int64, Int64, Int64, Int64, Int64, Int64)

    /// The columns of a ``ProjectedSale``, in ``sale(from:)``'s order, each prefixed with `table.` when given.
    static func saleColumns(of table: String?) -> String { ProjectedSale.columns(of: table) }

    static let saleColumns = saleColumns(of: nil)

    /// The sale in the row's first columns (``saleColumns``; the row has one column more).
    static func sale(from row: PostgresRow) throws -> ProjectedSale {
        let c = try row.decode(SaleRow.self)
        guard let terminal = UInt32(exactly: c.0) else { throw PostgresLedgerStoreError.unexpectedValue(column: "sales.terminal") }
        return ProjectedSale(
            terminal: terminal, sequence: UInt64(c.2), saleId: c.1, member: c.3, card: c.4, day: Int(c.5), amount: c.6,
            qualifyingSpend: c.7, billPoints: c.8, bonusPoints: c.9, redeemedPoints: c.10)
    }

    private static func refunds(of saleTerminal: UInt32, _ saleId: String, _ connection: PostgresConnection, logger: Logger) async throws
        -> [ProjectedRefund]
    {
        var found: [ProjectedRefund] = []
        for try await c in try await connection.query(
            """
            SELECT terminal, sequence, refund_id, sale_terminal, sale_id, sale_sequence, member, amount, taken_back, returned
            FROM sale_refunds WHERE sale_terminal = \(Int64(saleTerminal)) AND sale_id = \(saleId) ORDER BY terminal, sequence
            """, logger: logger
        ).decode((Int64, Int64, String, Int64, String, Int64?, String?, Int64, Int64, Int64).self) {
            guard let terminal = UInt32(exactly: c.0), let sold = UInt32(exactly: c.3) else {
                throw PostgresLedgerStoreError.unexpectedValue(column: "sale_refunds.terminal")
            }
            found.append(
                ProjectedRefund(
                    terminal: terminal, sequence: UInt64(c.1), refundId: c.2, saleTerminal: sold, saleId: c.4,
                    saleSequence: c.5.map { UInt64($0) },
                    member: c.6, amount: c.7, takenBack: c.8, returned: c.9))
        }
        return found
    }

    public func overRefundedSales() async throws -> [OverRefundedSale] {
        let logger = self.logger
        return try await transaction { connection in
            var found: [OverRefundedSale] = []
            var sales: [(ProjectedSale, Int64)] = []
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: Self.saleColumns(of: "s")), sum(r.amount)::bigint
                FROM sales AS s JOIN sale_refunds AS r ON r.sale_terminal = s.terminal AND r.sale_id = s.sale_id
                GROUP BY s.terminal, s.sale_id HAVING sum(r.amount) > s.amount ORDER BY s.terminal, s.sale_id
                """, logger: logger
            ) {
                sales.append((try Self.sale(from: row), try row.decode(SaleRow.self).11))
            }
            for (sale, refunded) in sales {
                found.append(
                    OverRefundedSale(
                        sale: sale, refunded: refunded, excess: refunded - sale.amount,
                        refunds: try await Self.refunds(of: sale.terminal, sale.saleId, connection, logger: logger)))
            }
            return found
        }
    }

    public func unmatchedRefundCount() async throws -> Int {
        Int(
            try await rows(
                """
                SELECT count(*)::bigint FROM sale_refunds AS r
                WHERE NOT EXISTS (SELECT 1 FROM sales AS s WHERE s.terminal = r.sale_terminal AND s.sale_id = r.sale_id)
                """
            ).first?.decode(Int64.self) ?? 0)
    }
}
