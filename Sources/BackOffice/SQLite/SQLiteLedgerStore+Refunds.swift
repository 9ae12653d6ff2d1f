import BackOfficeStorage
import SQLiteNIO

// Sales and refunds, projected in the member projection's transaction on the write connection;
// the over-refunded sales and the refunds not matched yet, read on the read connection.
extension SQLiteLedgerStore {
    public func projectMembers(_ updates: [MemberUpdate], sales changes: [SaleRefundChange], through position: Int64) async throws
        -> ProjectionOutcome
    {
        try await write { db in
            try await Self.transaction(db) {
                var outcome = ProjectionOutcome(clashes: try await Self.apply(updates, db))
                for change in changes {
                    if let over = try await Self.apply(change, db) { outcome.overRefunds.append(over) }
                }
                try await Self.advanceMemberProjection(to: position, db)
                _ = try await db.query("UPDATE sale_projection SET position = max(position, ?1) WHERE id = 1", [.integer(.init(position))])
                return outcome
            }
        }
    }

    public func saleProjectionPosition() async throws -> Int64 {
        try await read { db in
            guard let row = try await db.query("SELECT position FROM sale_projection WHERE id = 1").first else { return 0 }
            return try Self.int64(row.columns[0].data, "sale_projection.position")
        }
    }

    /// Applies one change inside the caller's transaction; answers the sale when a refund (or the
    /// sale arriving after its refunds) leaves it over-refunded.
    private static func apply(_ change: SaleRefundChange, _ db: SQLiteConnection) async throws -> OverRefundedSale? {
        switch change {
        case .sale(let sale):
            _ = try await db.query(
                """
                INSERT INTO sales (terminal, sale_id, sequence, member, card, day, amount, qualifying_spend, bill_points,
                    bonus_points, redeemed_points)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                ON CONFLICT (terminal, sale_id) DO UPDATE SET sequence = excluded.sequence, member = excluded.member,
                    card = excluded.card, day = excluded.day, amount = excluded.amount, qualifying_spend = excluded.qualifying_spend,
                    bill_points = excluded.bill_points, bonus_points = excluded.bonus_points, redeemed_points = excluded.redeemed_points
                """,
                [
                    .integer(.init(sale.terminal)), .text(sale.saleId), .integer(.init(Int64(sale.sequence))), .text(sale.member),
                    sale.card.map { .text($0) } ?? .null, .integer(.init(sale.day)), .integer(.init(sale.amount)),
                    .integer(.init(sale.qualifyingSpend)), .integer(.init(sale.billPoints)), .integer(.init(sale.bonusPoints)),
                    .integer(.init(sale.redeemedPoints)),
                ])
            return try await settle(
                saleTerminal: sale.terminal, saleId: sale.saleId,
                reference: SaleRefundSettlement.reference(terminal: sale.terminal, sequence: sale.sequence), db)
        case .refund(let refund):
            _ = try await db.query(
                """
                INSERT INTO sale_refunds (terminal, sequence, refund_id, sale_terminal, sale_id, sale_sequence, member, amount,
                    taken_back, returned)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT (terminal, sequence) DO NOTHING
                """,
                [
                    .integer(.init(refund.terminal)), .integer(.init(Int64(refund.sequence))), .text(refund.refundId),
                    .integer(.init(refund.saleTerminal)), .text(refund.saleId),
                    refund.saleSequence.map { .integer(.init(Int64($0))) } ?? .null,
                    refund.member.map { .text($0) } ?? .null, .integer(.init(refund.amount)), .integer(.init(refund.takenBack)),
                    .integer(.init(refund.returned)),
                ])
            _ = try await db.query(
                "UPDATE refund_reservations SET used = 1 WHERE terminal = ?1 AND refund_id = ?2",
                [.integer(.init(refund.terminal)), .text(refund.refundId)])
            return try await settle(
                saleTerminal: refund.saleTerminal, saleId: refund.saleId,
                reference: SaleRefundSettlement.reference(terminal: refund.terminal, sequence: refund.sequence), db)
        case .void(let terminal, let sequence, let voided):
            let voidedKey: [SQLiteData] = [.integer(.init(terminal)), .integer(.init(Int64(voided)))]
            _ = try await db.query("DELETE FROM sales WHERE terminal = ?1 AND sequence = ?2", voidedKey)
            let removed = try await db.query(
                "DELETE FROM sale_refunds WHERE terminal = ?1 AND sequence = ?2 RETURNING sale_terminal, sale_id", voidedKey)
            for row in removed {
                _ = try await settle(
                    saleTerminal: try uint32(row.columns[0].data, "sale_refunds.sale_terminal"),
                    saleId: try text(row.columns[1].data, "sale_refunds.sale_id"),
                    reference: SaleRefundSettlement.reference(terminal: terminal, sequence: sequence), db)
            }
            return nil
        }
    }

    /// Settles the refunds of the sale (when it is held): adds what the member is owed and is not
    /// settled yet as an adjustment `reference` (with no refund left, what was settled is taken
    /// back); answers the sale when it is over-refunded.
    private static func settle(saleTerminal: UInt32, saleId: String, reference: String, _ db: SQLiteConnection) async throws
        -> OverRefundedSale?
    {
        let key: [SQLiteData] = [.integer(.init(saleTerminal)), .text(saleId)]
        guard let row = try await db.query("SELECT \(saleColumns), corrected FROM sales WHERE terminal = ?1 AND sale_id = ?2", key).first
        else { return nil }
        let sale = try self.sale(from: row)
        let corrected = try int64(row.columns[11].data, "sales.corrected")
        guard
            let sums = try await db.query(
                """
                SELECT coalesce(sum(amount), 0), coalesce(sum(taken_back), 0), coalesce(sum(returned), 0), count(DISTINCT terminal)
                FROM sale_refunds WHERE sale_terminal = ?1 AND sale_id = ?2
                """, key
            ).first
        else { return nil }
        let settlement = SaleRefundSettlement(
            sale: sale, refunded: try int64(sums.columns[0].data, "sum(sale_refunds.amount)"),
            takenBack: try int64(sums.columns[1].data, "sum(sale_refunds.taken_back)"),
            returned: try int64(sums.columns[2].data, "sum(sale_refunds.returned)"))
        let tills = Int(try int64(sums.columns[3].data, "count(sale_refunds.terminal)"))
        if let adjustment = settlement.correction(settled: corrected, tills: tills, reference: reference),
            try await insert(adjustment, db) != nil
        {
            _ = try await db.query(
                "UPDATE sales SET corrected = corrected + ?3 WHERE terminal = ?1 AND sale_id = ?2",
                key + [.integer(.init(adjustment.points))])
        }
        guard settlement.excess > 0 else { return nil }
        return OverRefundedSale(
            sale: sale, refunded: settlement.refunded, excess: settlement.excess, refunds: try await refunds(of: saleTerminal, saleId, db))
    }

    /// The columns of a ``ProjectedSale``, in ``sale(from:)``'s order.
    static let saleColumns = saleColumns(of: nil)

    /// ``saleColumns``, each prefixed with `table.` when given.
    static func saleColumns(of table: String?) -> String { ProjectedSale.columns(of: table) }

    static func sale(from row: SQLiteRow) throws -> ProjectedSale {
        let c = row.columns
        return ProjectedSale(
            terminal: try uint32(c[0].data, "sales.terminal"), sequence: UInt64(try int64(c[2].data, "sales.sequence")),
            saleId: try text(c[1].data, "sales.sale_id"), member: try text(c[3].data, "sales.member"),
            card: c[4].data.isNull ? nil : try text(c[4].data, "sales.card"), day: Int(try int64(c[5].data, "sales.day")),
            amount: try int64(c[6].data, "sales.amount"), qualifyingSpend: try int64(c[7].data, "sales.qualifying_spend"),
            billPoints: try int64(c[8].data, "sales.bill_points"), bonusPoints: try int64(c[9].data, "sales.bonus_points"),
            redeemedPoints: try int64(c[10].data, "sales.redeemed_points"))
    }

    private static func refunds(of saleTerminal: UInt32, _ saleId: String, _ db: SQLiteConnection) async throws -> [ProjectedRefund] {
        try await db.query(
            """
            SELECT terminal, sequence, refund_id, sale_terminal, sale_id, sale_sequence, member, amount, taken_back, returned
            FROM sale_refunds WHERE sale_terminal = ?1 AND sale_id = ?2 ORDER BY terminal, sequence
            """, [.integer(.init(saleTerminal)), .text(saleId)]
        ).map { row in
            let c = row.columns
            return ProjectedRefund(
                terminal: try uint32(c[0].data, "sale_refunds.terminal"), sequence: UInt64(try int64(c[1].data, "sale_refunds.sequence")),
                refundId: try text(c[2].data, "sale_refunds.refund_id"), saleTerminal: try uint32(c[3].data, "sale_refunds.sale_terminal"),
                saleId: try text(c[4].data, "sale_refunds.sale_id"),
                saleSequence: try optionalInt64(c[5].data, "sale_refunds.sale_sequence").map { UInt64($0) },
                member: c[6].data.isNull ? nil : try text(c[6].data, "sale_refunds.member"),
                amount: try int64(c[7].data, "sale_refunds.amount"),
                takenBack: try int64(c[8].data, "sale_refunds.taken_back"), returned: try int64(c[9].data, "sale_refunds.returned"))
        }
    }

    public func overRefundedSales() async throws -> [OverRefundedSale] {
        try await read { db in
            let rows = try await db.query(
                """
                SELECT \(Self.saleColumns(of: "s")), sum(r.amount)
                FROM sales AS s JOIN sale_refunds AS r ON r.sale_terminal = s.terminal AND r.sale_id = s.sale_id
                GROUP BY s.terminal, s.sale_id HAVING sum(r.amount) > s.amount ORDER BY s.terminal, s.sale_id
                """)
            var found: [OverRefundedSale] = []
            for row in rows {
                let sale = try Self.sale(from: row)
                let refunded = try Self.int64(row.columns[11].data, "sum(sale_refunds.amount)")
                found.append(
                    OverRefundedSale(
                        sale: sale, refunded: refunded, excess: refunded - sale.amount,
                        refunds: try await Self.refunds(of: sale.terminal, sale.saleId, db)))
            }
            return found
        }
    }

    public func unmatchedRefundCount() async throws -> Int {
        try await read { db in
            let row = try await db.query(
                """
                SELECT count(*) FROM sale_refunds AS r
                WHERE NOT EXISTS (SELECT 1 FROM sales AS s WHERE s.terminal = r.sale_terminal AND s.sale_id = r.sale_id)
                """
            ).first
            return Int(try row.map { try Self.int64($0.columns[0].data, "count(sale_refunds)") } ?? 0)
        }
    }
}
