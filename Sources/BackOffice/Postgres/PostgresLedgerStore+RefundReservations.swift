import BackOfficeStorage
import Logging
import PostgresNIO

// Parts of sales held for refunds under way: one transaction each, the sale's row locked
// (FOR UPDATE), so two servers never hold the same rest and a hold never reads a refund half
// projected.
extension PostgresLedgerStore {
    public func reserveRefund(_ hold: RefundHold, now: Int64) async throws -> RefundHoldOutcome {
        let logger = self.logger
        return try await transaction { connection in
            // Found without a lock (several rows may match), then the one sale locked.
            var terminals: [Int64] = []
            if let terminal = hold.saleTerminal {
                terminals = [Int64(terminal)]
            } else {
                for try await terminal in try await connection.query(
                    "SELECT terminal FROM sales WHERE sale_id = \(hold.saleId) ORDER BY terminal", logger: logger
                ).decode(Int64.self) {
                    terminals.append(terminal)
                }
                guard terminals.count <= 1 else { return .ambiguousSale(terminals: terminals.compactMap { UInt32(exactly: $0) }) }
            }
            guard let saleTerminal = terminals.first else { return .unknownSale }
            var found: ProjectedSale?
            for try await row in try await connection.query(
                "SELECT \(unescaped: Self.saleColumns), 0::bigint FROM sales WHERE terminal = \(saleTerminal) AND sale_id = \(hold.saleId) FOR UPDATE",
                logger: logger
            ) {
                found = try Self.sale(from: row)
            }
            guard let sale = found else { return .unknownSale }
            let terminal = Int64(hold.terminal)
            var synced: Int64 = 0
            for try await sum in try await connection.query(
                """
                SELECT coalesce(sum(amount), 0)::bigint FROM sale_refunds
                WHERE sale_terminal = \(saleTerminal) AND sale_id = \(hold.saleId) AND NOT (terminal = \(terminal) AND refund_id = \(hold.refundId))
                """, logger: logger
            ).decode(Int64.self) {
                synced = sum
            }
            var others: [(terminal: Int64, amount: Int64)] = []
            for try await row in try await connection.query(
                """
                SELECT terminal, amount FROM refund_reservations
                WHERE sale_terminal = \(saleTerminal) AND sale_id = \(hold.saleId) AND NOT (terminal = \(terminal) AND refund_id = \(hold.refundId))
                    AND NOT used AND expires_at > \(now)
                ORDER BY created_at, terminal
                """, logger: logger
            ).decode((Int64, Int64).self) {
                others.append(row)
            }
            let refunded = synced + others.reduce(0) { $0 + $1.amount }
            for try await (amount, expiresAt, used) in try await connection.query(
                """
                SELECT amount, expires_at, used FROM refund_reservations
                WHERE terminal = \(terminal) AND refund_id = \(hold.refundId) AND sale_terminal = \(saleTerminal) AND sale_id = \(hold.saleId)
                """, logger: logger
            ).decode((Int64, Int64, Bool).self) where used || expiresAt > now {
                return .granted(sale: sale, refunded: refunded, reserved: amount, expiresAt: expiresAt)
            }
            guard synced < sale.amount else { return .alreadyRefunded(sale: sale, refunded: synced) }
            let left = sale.amount - refunded
            guard left > 0 else {
                return .inProgress(
                    sale: sale, refunded: refunded, terminal: others.first.flatMap { UInt32(exactly: $0.terminal) } ?? hold.terminal)
            }
            let asked = min(hold.amount ?? left, left)
            _ = try await connection.query(
                """
                INSERT INTO refund_reservations (terminal, refund_id, sale_terminal, sale_id, amount, created_at, expires_at)
                VALUES (\(terminal), \(hold.refundId), \(saleTerminal), \(hold.saleId), \(asked), \(hold.createdAt), \(hold.expiresAt))
                ON CONFLICT (terminal, refund_id) DO UPDATE SET sale_terminal = excluded.sale_terminal, sale_id = excluded.sale_id,
                    amount = excluded.amount, created_at = excluded.created_at, expires_at = excluded.expires_at, used = false
                """, logger: logger
            ).collect()
            return .granted(sale: sale, refunded: refunded, reserved: asked, expiresAt: hold.expiresAt)
        }
    }
}
