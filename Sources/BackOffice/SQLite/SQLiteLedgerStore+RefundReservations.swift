import BackOfficeStorage
import SQLiteNIO

// Parts of sales held for refunds under way: one write transaction each, on the one write
// connection, so two holds never see the same rest.
extension SQLiteLedgerStore {
    public func reserveRefund(_ hold: RefundHold, now: Int64) async throws -> RefundHoldOutcome {
        try await write { db in
            try await Self.transaction(db) {
                var found: [ProjectedSale]
                if let terminal = hold.saleTerminal {
                    found = try await db.query(
                        "SELECT \(Self.saleColumns) FROM sales WHERE terminal = ?1 AND sale_id = ?2",
                        [.integer(.init(terminal)), .text(hold.saleId)]
                    ).map(Self.sale(from:))
                } else {
                    found = try await db.query(
                        "SELECT \(Self.saleColumns) FROM sales WHERE sale_id = ?1 ORDER BY terminal", [.text(hold.saleId)]
                    ).map(Self.sale(from:))
                }
                guard let sale = found.first else { return .unknownSale }
                guard found.count == 1 else { return .ambiguousSale(terminals: found.map(\.terminal)) }
                let binds: [SQLiteData] = [
                    .integer(.init(sale.terminal)), .text(sale.saleId), .integer(.init(hold.terminal)), .text(hold.refundId),
                ]
                let synced =
                    try await db.query(
                        """
                        SELECT coalesce(sum(amount), 0) FROM sale_refunds
                        WHERE sale_terminal = ?1 AND sale_id = ?2 AND NOT (terminal = ?3 AND refund_id = ?4)
                        """, binds
                    ).first.map { try Self.int64($0.columns[0].data, "sum(sale_refunds.amount)") } ?? 0
                let others = try await db.query(
                    """
                    SELECT terminal, amount FROM refund_reservations
                    WHERE sale_terminal = ?1 AND sale_id = ?2 AND NOT (terminal = ?3 AND refund_id = ?4) AND used = 0 AND expires_at > ?5
                    ORDER BY created_at, terminal
                    """, binds + [.integer(.init(now))]
                ).map {
                    (
                        terminal: try Self.uint32($0.columns[0].data, "refund_reservations.terminal"),
                        amount: try Self.int64($0.columns[1].data, "refund_reservations.amount")
                    )
                }
                let refunded = synced + others.reduce(0) { $0 + $1.amount }
                if let made = try await db.query(
                    """
                    SELECT amount, expires_at, used FROM refund_reservations
                    WHERE terminal = ?3 AND refund_id = ?4 AND sale_terminal = ?1 AND sale_id = ?2
                    """, binds
                ).first {
                    let expiresAt = try Self.int64(made.columns[1].data, "refund_reservations.expires_at")
                    if try Self.int64(made.columns[2].data, "refund_reservations.used") != 0 || expiresAt > now {
                        return .granted(
                            sale: sale, refunded: refunded, reserved: try Self.int64(made.columns[0].data, "refund_reservations.amount"),
                            expiresAt: expiresAt)
                    }
                }
                guard synced < sale.amount else { return .alreadyRefunded(sale: sale, refunded: synced) }
                let left = sale.amount - refunded
                guard left > 0 else {
                    return .inProgress(sale: sale, refunded: refunded, terminal: others.first?.terminal ?? hold.terminal)
                }
                let asked = min(hold.amount ?? left, left)
                _ = try await db.query(
                    """
                    INSERT INTO refund_reservations (terminal, refund_id, sale_terminal, sale_id, amount, created_at, expires_at)
                    VALUES (?3, ?4, ?1, ?2, ?5, ?6, ?7)
                    ON CONFLICT (terminal, refund_id) DO UPDATE SET sale_terminal = excluded.sale_terminal, sale_id = excluded.sale_id,
                        amount = excluded.amount, created_at = excluded.created_at, expires_at = excluded.expires_at, used = 0
                    """, binds + [.integer(.init(asked)), .integer(.init(hold.createdAt)), .integer(.init(hold.expiresAt))])
                return .granted(sale: sale, refunded: refunded, reserved: asked, expiresAt: hold.expiresAt)
            }
        }
    }
}
