/// Applying the overview projection: the rows of a page of transactions, in one transaction with
/// the position they bring the projection to.
extension OverviewStore {
    /// The journal position the overview is projected through.
    public func overviewProjectionPosition() async throws -> Int64 {
        try await overviewRead { sql in try await Self.position(sql) }
    }

    /// Applies `changes`, those of the transactions stored after position `after` through
    /// `through`, unless the projection is not at `after` any more (another server projected
    /// them): answers whether it applied them.
    @discardableResult
    public func projectOverview(_ changes: [OverviewChange], after: Int64, through: Int64) async throws -> Bool {
        try await overviewWrite { sql in
            guard try await Self.position(sql) == after else { return false }
            try await OverviewProjectionWriter(sql: sql).apply(changes)
            try await sql.run("UPDATE overview_projection SET position = ?1 WHERE id = 1", [.integer(through)])
            return true
        }
    }

    /// Files a terminal's transactions under `store` from now on (those projected already keep
    /// the store they were projected with).
    public func setStore(terminal: UInt32, store: String) async throws {
        let updated = try await overviewWrite { sql in
            try await sql.run("UPDATE terminals SET store = ?2 WHERE id = ?1 RETURNING id", [.integer(Int64(terminal)), .text(store)])
        }
        guard !updated.isEmpty else { throw LedgerStoreError.unknownTerminal(terminal) }
    }

    private static func position(_ sql: any OverviewSQL) async throws -> Int64 {
        try await sql.run("SELECT position FROM overview_projection WHERE id = 1", []).first?.first?.int ?? 0
    }
}

/// Writes one page of ``OverviewChange``s inside the caller's transaction.
struct OverviewProjectionWriter {
    let sql: any OverviewSQL
    /// Rows per multi-row INSERT (well under both backends' limits on bound values).
    static let rowsPerInsert = 500

    private struct Key: Hashable {
        var terminal: UInt32
        var sequence: UInt64
    }

    private struct Holder: Hashable {
        var store: String?
        var member: String
    }

    func apply(_ changes: [OverviewChange]) async throws {
        var sales: [OverviewSale] = []
        var refunds: [OverviewRefund] = []
        var states: [OverviewState] = []
        var voids: [(key: Key, position: Int64)] = []
        var surveys: [OverviewSurvey] = []
        for change in changes {
            switch change {
            case .survey(let survey): surveys.append(survey)
            case .sale(let sale): sales.append(sale)
            case .refund(let refund): refunds.append(refund)
            case .state(let state): states.append(state)
            case .void(let terminal, let sequence, let position): voids.append((Key(terminal: terminal, sequence: sequence), position))
            }
        }
        // Voided in this page, or by a void stored earlier than what it voids.
        var voided = Set(voids.map(\.key))
        voided.formUnion(
            try await earlierVoids(covering: sales.map(\.source) + refunds.map(\.source) + states.map(\.source) + surveys.map(\.source)))
        func kept(_ source: OverviewSource) -> Bool { !voided.contains(Key(terminal: source.terminal, sequence: source.sequence)) }
        sales.removeAll { !kept($0.source) }
        refunds.removeAll { !kept($0.source) }
        states.removeAll { !kept($0.source) }
        surveys.removeAll { !kept($0.source) }

        let stores = try await terminalStores()
        func store(_ source: OverviewSource) -> OverviewValue { .text(stores[source.terminal] ?? "") }
        func origin(_ source: OverviewSource) -> [OverviewValue] {
            [.integer(Int64(source.terminal)), .integer(Int64(source.sequence)), .integer(source.position), store(source)]
        }
        try await insert(
            "overview_sales (terminal, sequence, position, store, member, time, sale_id, amount, earned, redeemed)",
            sales.map { sale in
                origin(sale.source) + [
                    .text(sale.member), .integer(sale.time), sale.saleId.map { OverviewValue.text($0) } ?? OverviewValue.null,
                    .integer(sale.amount),
                    .integer(sale.earned), .integer(sale.redeemed),
                ]
            })
        try await insert(
            "overview_refunds (terminal, sequence, position, store, member, sale_id, time, reversal, refunded)",
            refunds.map { refund in
                origin(refund.source) + [
                    .text(refund.member), .text(refund.saleId), .integer(refund.time), .integer(refund.isReversal ? 1 : 0),
                    .integer(refund.refunded),
                ]
            })
        try await insert(
            "overview_states (terminal, sequence, position, store, member, time, balance, tier)",
            states.map { state in
                origin(state.source) + [.text(state.member), .integer(state.time), .integer(state.balance), .text(state.tier)]
            })
        try await insert(
            "nps_answers (source, store, time, score, comment)",
            surveys.map { survey in
                [
                    .text(Self.surveySource(survey.source)), store(survey.source), .integer(survey.time), .integer(Int64(survey.score)),
                    .text(survey.comment),
                ]
            })
        try await insert(
            "overview_voids (terminal, sequence, position)",
            voids.map { [.integer(Int64($0.key.terminal)), .integer(Int64($0.key.sequence)), .integer($0.position)] })

        try await markSales(sales.compactMap { sale in sale.saleId.map { SaleKey(member: sale.member, saleId: $0) } }, refunds: refunds)

        // The newest state of each member, overall and per store, among this page's.
        var newest: [Holder: OverviewState] = [:]
        for state in states {
            for holder in [
                Holder(store: nil, member: state.member), Holder(store: stores[state.source.terminal] ?? "", member: state.member),
            ] {
                if newest[holder].map({ Self.order($0) < Self.order(state) }) ?? true { newest[holder] = state }
            }
        }
        try await upsertLatest(newest)

        // Rows of earlier pages voided by this page's voids; their members' newest states again.
        var forgotten: Set<Holder> = []
        var touched: Set<SaleKey> = []
        for (key, _) in voids {
            let binds: [OverviewValue] = [.integer(Int64(key.terminal)), .integer(Int64(key.sequence))]
            for row in try await sql.run(
                "DELETE FROM overview_sales WHERE terminal = ?1 AND sequence = ?2 RETURNING member, sale_id", binds)
            {
                if let member = row[0].string, let saleId = row[1].string { touched.insert(SaleKey(member: member, saleId: saleId)) }
            }
            for row in try await sql.run(
                "DELETE FROM overview_refunds WHERE terminal = ?1 AND sequence = ?2 RETURNING member, sale_id", binds)
            {
                if let member = row[0].string, let saleId = row[1].string { touched.insert(SaleKey(member: member, saleId: saleId)) }
            }
            try await sql.run(
                "DELETE FROM nps_answers WHERE source = ?1",
                [.text(Self.surveySource(OverviewSource(terminal: key.terminal, sequence: key.sequence, position: 0)))])
            for row in try await sql.run("DELETE FROM overview_states WHERE terminal = ?1 AND sequence = ?2 RETURNING member, store", binds)
            {
                guard let member = row[0].string, let store = row[1].string else { continue }
                forgotten.insert(Holder(store: nil, member: member))
                forgotten.insert(Holder(store: store, member: member))
            }
        }
        for holder in forgotten { try await recomputeLatest(holder) }
        for key in touched {
            let binds: [OverviewValue] = [.text(key.member), .text(key.saleId)]
            try await sql.run(
                """
                UPDATE overview_sales SET
                    shared = CASE WHEN (SELECT count(*) FROM overview_sales d WHERE d.member = ?1 AND d.sale_id = ?2) > 1 THEN 1 ELSE 0 END,
                    refunded = CASE WHEN EXISTS (SELECT 1 FROM overview_refunds r WHERE r.member = ?1 AND r.sale_id = ?2) THEN 1 ELSE 0 END
                WHERE member = ?1 AND sale_id = ?2
                """, binds)
        }
    }

    /// A member's sale id.
    private struct SaleKey: Hashable {
        var member: String
        var saleId: String
    }

    /// Marks the sales of `sales`' keys that share their key with another sale, and the sales
    /// this page's refunds and reversals name (or that earlier ones named): the few the net
    /// sales read one by one.
    private func markSales(_ sales: [SaleKey], refunds: [OverviewRefund]) async throws {
        let sold = Array(Set(sales))
        for chunk in stride(from: 0, to: sold.count, by: Self.rowsPerInsert).map({ sold[$0..<min(sold.count, $0 + Self.rowsPerInsert)] }) {
            let pairs = chunk.indices.map { "(?\(($0 - chunk.startIndex) * 2 + 1), ?\(($0 - chunk.startIndex) * 2 + 2))" }.joined(
                separator: ", ")
            let binds = chunk.flatMap { [OverviewValue.text($0.member), .text($0.saleId)] }
            try await sql.run(
                """
                UPDATE overview_sales SET shared = 1 WHERE (member, sale_id) IN (
                    SELECT member, sale_id FROM overview_sales WHERE (member, sale_id) IN (VALUES \(pairs))
                    GROUP BY member, sale_id HAVING count(*) > 1)
                """, binds)
            try await sql.run(
                """
                UPDATE overview_sales SET refunded = 1 WHERE (member, sale_id) IN (VALUES \(pairs)) AND refunded = 0
                    AND EXISTS (SELECT 1 FROM overview_refunds r WHERE r.member = overview_sales.member AND r.sale_id = overview_sales.sale_id)
                """, binds)
        }
        let named = Array(Set(refunds.map { SaleKey(member: $0.member, saleId: $0.saleId) }))
        for chunk in stride(from: 0, to: named.count, by: Self.rowsPerInsert).map({ named[$0..<min(named.count, $0 + Self.rowsPerInsert)] })
        {
            let pairs = chunk.indices.map { "(?\(($0 - chunk.startIndex) * 2 + 1), ?\(($0 - chunk.startIndex) * 2 + 2))" }.joined(
                separator: ", ")
            try await sql.run(
                "UPDATE overview_sales SET refunded = 1 WHERE (member, sale_id) IN (VALUES \(pairs)) AND refunded = 0",
                chunk.flatMap { [OverviewValue.text($0.member), .text($0.saleId)] })
        }
    }

    /// A till's survey answer's key in `nps_answers`: `T<terminal>-<sequence>`.
    static func surveySource(_ source: OverviewSource) -> String { "T\(source.terminal)-\(source.sequence)" }

    private static func order(_ state: OverviewState) -> (Int64, UInt32, UInt64) {
        (state.time, state.source.terminal, state.source.sequence)
    }

    /// The transactions among `sources` that a void stored before them voids.
    private func earlierVoids(covering sources: [OverviewSource]) async throws -> Set<Key> {
        var ranges: [UInt32: ClosedRange<UInt64>] = [:]
        for source in sources {
            let range = ranges[source.terminal]
            ranges[source.terminal] = min(range?.lowerBound ?? .max, source.sequence)...max(range?.upperBound ?? 0, source.sequence)
        }
        var found: Set<Key> = []
        for (terminal, range) in ranges {
            let rows = try await sql.run(
                "SELECT sequence FROM overview_voids WHERE terminal = ?1 AND sequence >= ?2 AND sequence <= ?3",
                [.integer(Int64(terminal)), .integer(Int64(range.lowerBound)), .integer(Int64(range.upperBound))])
            for row in rows { found.insert(Key(terminal: terminal, sequence: UInt64(row[0].int))) }
        }
        return found
    }

    private func terminalStores() async throws -> [UInt32: String] {
        var stores: [UInt32: String] = [:]
        for row in try await sql.run("SELECT id, store FROM terminals", []) {
            if let id = UInt32(exactly: row[0].int) { stores[id] = row[1].string ?? "" }
        }
        return stores
    }

    /// Inserts rows (each the same number of values) into `table (columns)`, skipping any
    /// already there.
    private func insert(_ table: String, _ rows: [[OverviewValue]]) async throws {
        guard let width = rows.first?.count else { return }
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + Self.rowsPerInsert)]
            let tuples = chunk.indices.map { row in
                "(" + (0..<width).map { "?\((row - start) * width + $0 + 1)" }.joined(separator: ", ") + ")"
            }
            try await sql.run("INSERT INTO \(table) VALUES \(tuples.joined(separator: ", ")) ON CONFLICT DO NOTHING", chunk.flatMap { $0 })
            start += Self.rowsPerInsert
        }
    }

    private func upsertLatest(_ newest: [Holder: OverviewState]) async throws {
        let columns = "member, time, terminal, sequence, balance, tier"
        let newer = "(excluded.time, excluded.terminal, excluded.sequence) > (%t.time, %t.terminal, %t.sequence)"
        for (table, perStore) in [("overview_latest", false), ("overview_store_latest", true)] {
            let rows = newest.filter { ($0.key.store != nil) == perStore }.map { holder, state -> [OverviewValue] in
                (perStore ? [.text(holder.store ?? "")] : []) + [
                    .text(state.member), .integer(state.time), .integer(Int64(state.source.terminal)),
                    .integer(Int64(state.source.sequence)), .integer(state.balance), .text(state.tier),
                ]
            }
            guard let width = rows.first?.count else { continue }
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(rows.count, start + Self.rowsPerInsert)]
                let tuples = chunk.indices.map { row in
                    "(" + (0..<width).map { "?\((row - start) * width + $0 + 1)" }.joined(separator: ", ") + ")"
                }
                try await sql.run(
                    """
                    INSERT INTO \(table) (\(perStore ? "store, " : "")\(columns)) VALUES \(tuples.joined(separator: ", "))
                    ON CONFLICT (\(perStore ? "store, " : "")member) DO UPDATE SET time = excluded.time, terminal = excluded.terminal,
                        sequence = excluded.sequence, balance = excluded.balance, tier = excluded.tier
                    WHERE \(newer.replacingOccurrences(of: "%t", with: table))
                    """, chunk.flatMap { $0 })
                start += Self.rowsPerInsert
            }
        }
    }

    /// A member's newest state (overall, or in one store) from the states left.
    private func recomputeLatest(_ holder: Holder) async throws {
        let newest = "ORDER BY time DESC, terminal DESC, sequence DESC LIMIT 1"
        if let store = holder.store {
            let binds: [OverviewValue] = [.text(store), .text(holder.member)]
            try await sql.run("DELETE FROM overview_store_latest WHERE store = ?1 AND member = ?2", binds)
            try await sql.run(
                """
                INSERT INTO overview_store_latest (store, member, time, terminal, sequence, balance, tier)
                SELECT store, member, time, terminal, sequence, balance, tier FROM overview_states
                WHERE store = ?1 AND member = ?2 \(newest)
                """, binds)
        } else {
            let binds: [OverviewValue] = [.text(holder.member)]
            try await sql.run("DELETE FROM overview_latest WHERE member = ?1", binds)
            try await sql.run(
                """
                INSERT INTO overview_latest (member, time, terminal, sequence, balance, tier)
                SELECT member, time, terminal, sequence, balance, tier FROM overview_states WHERE member = ?1 \(newest)
                """, binds)
        }
    }
}
