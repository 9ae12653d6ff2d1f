/// Reading the overview projection: each figure one indexed query (see `docs/backoffice-storage.md`,
/// "Overview projection"). Times are seconds since the epoch; a period is `from..<to`.
extension OverviewStore {
    /// The customers of `from..<to` and of the period before, `before..<from`.
    public func overviewCustomers(before: Int64, from: Int64, to: Int64, scope: OverviewScope) async throws -> OverviewCustomers {
        try await overviewCustomers(boundaries: [before, from, to], scope: scope)[0]
    }

    /// The customers of each period `boundaries[k]..<boundaries[k + 1]` (k ≥ 1) against the
    /// period before it, from one pass over the sales of `boundaries.first..<boundaries.last`:
    /// each member's purchases counted per period, then the counts summed per period. A trend's
    /// periods cost one scan, not one each.
    public func overviewCustomers(boundaries: [Int64], scope: OverviewScope) async throws -> [OverviewCustomers] {
        let periods = boundaries.count - 1
        guard periods >= 2 else { return [] }
        let perPeriod = (0..<periods).map { k in
            "sum(CASE WHEN s.time >= ?\(k + 1) AND s.time < ?\(k + 2) THEN 1 ELSE 0 END) AS c\(k)"
        }
        let totals = (1..<periods).map { k in
            """
            CAST(coalesce(sum(CASE WHEN c\(k - 1) > 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
            CAST(coalesce(sum(CASE WHEN c\(k) > 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
            CAST(coalesce(sum(CASE WHEN c\(k) > 0 AND c\(k - 1) > 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
            CAST(coalesce(sum(CASE WHEN c\(k) >= 2 THEN 1 ELSE 0 END), 0) AS BIGINT), \
            CAST(coalesce(sum(c\(k)), 0) AS BIGINT)
            """
        }
        let (filter, values) = Self.storeFilter(scope, "s", after: boundaries.count)
        let row = try await overviewRead { sql in
            try await sql.run(
                """
                SELECT \(totals.joined(separator: ", "))
                FROM (SELECT s.member, \(perPeriod.joined(separator: ", "))
                      FROM overview_sales s WHERE s.time >= ?1 AND s.time < ?\(boundaries.count)\(filter) GROUP BY s.member) AS m
                """, boundaries.map { .integer($0) } + values
            ).first ?? []
        }
        func count(_ index: Int) -> Int { index < row.count ? Int(row[index].int) : 0 }
        return (0..<(periods - 1)).map { period in
            let first = period * 5
            return OverviewCustomers(
                before: count(first), during: count(first + 1), both: count(first + 2), repeaters: count(first + 3),
                purchases: count(first + 4))
        }
    }

    /// The net amount of the purchases of `from..<to` that name a sale: each member's sale counted
    /// once (the latest stored), less what its refunds and reversals before `to` refunded, in
    /// journal order (a refund raises the refunded amount, a reversal sets it), never below zero.
    /// One sum over the period's sales, then one by one only the few marked `shared` (another
    /// sale has the member's sale id) or `refunded`.
    public func overviewNetSales(from: Int64, to: Int64, scope: OverviewScope) async throws -> Int64 {
        let (filter, values) = Self.storeFilter(scope, "s", after: 2)
        let (refundFilter, _) = Self.storeFilter(scope, "r", after: 2)
        let period = "s.time >= ?1 AND s.time < ?2 AND s.sale_id IS NOT NULL\(filter)"
        let binds: [OverviewValue] = [.integer(from), .integer(to)] + values
        let (plain, marked, refunds) = try await overviewRead { sql in
            let plain = try await sql.run(
                "SELECT CAST(coalesce(sum(s.amount), 0) AS BIGINT) FROM overview_sales s WHERE \(period) AND s.shared = 0 AND s.refunded = 0",
                binds)
            let marked = try await sql.run(
                "SELECT s.member, s.sale_id, s.position, s.amount FROM overview_sales s WHERE \(period) AND (s.shared = 1 OR s.refunded = 1)",
                binds)
            let refunds = try await sql.run(
                """
                SELECT r.member, r.sale_id, r.reversal, r.refunded FROM overview_sales s
                JOIN overview_refunds r ON r.member = s.member AND r.sale_id = s.sale_id AND r.time < ?2\(refundFilter)
                WHERE \(period) AND s.refunded = 1
                GROUP BY r.terminal, r.sequence, r.member, r.sale_id, r.reversal, r.refunded, r.position
                ORDER BY r.position
                """, binds)
            return (plain.first?.first?.int ?? 0, marked, refunds)
        }
        /// A member's sale id, as one text.
        func key(_ row: [OverviewValue]) -> String { (row[0].string ?? "") + "\u{0}" + (row[1].string ?? "") }
        // Each marked key's latest sale in the period, and its refunded amount as of `to`.
        var latest: [String: (position: Int64, amount: Int64)] = [:]
        for row in marked {
            let key = key(row)
            if latest[key].map({ $0.position < row[2].int }) ?? true { latest[key] = (row[2].int, row[3].int) }
        }
        var refunded: [String: Int64] = [:]
        for row in refunds {
            let key = key(row)
            refunded[key] = row[2].int == 1 ? row[3].int : max(refunded[key] ?? 0, row[3].int)
        }
        return latest.reduce(plain) { total, sale in total + max(0, sale.value.amount - (refunded[sale.key] ?? 0)) }
    }

    /// Each tier's members and the points they hold just before `at`: every member's newest
    /// state before then (in `scope`'s transactions).
    public func overviewHoldings(at: Int64, scope: OverviewScope) async throws -> [OverviewHolding] {
        let latest = scope.store == nil ? "overview_latest" : "overview_store_latest"
        let sameStore = scope.store == nil ? "" : " AND p.store = l.store"
        let (filter, values) = Self.storeFilter(scope, "l", after: 1)
        let rows = try await overviewRead { sql in
            try await sql.run(
                """
                SELECT h.tier, CAST(count(*) AS BIGINT), CAST(coalesce(sum(h.balance), 0) AS BIGINT) FROM (
                    SELECT l.tier, l.balance FROM \(latest) l WHERE l.time < ?1\(filter)
                    UNION ALL
                    SELECT s.tier, s.balance FROM \(latest) l JOIN overview_states s ON s.member = l.member
                        AND (s.time, s.terminal, s.sequence) = (
                            SELECT p.time, p.terminal, p.sequence FROM overview_states p
                            WHERE p.member = l.member\(sameStore) AND p.time < ?1
                            ORDER BY p.time DESC, p.terminal DESC, p.sequence DESC LIMIT 1)
                    WHERE l.time >= ?1\(filter)
                ) AS h GROUP BY h.tier ORDER BY h.tier
                """, [.integer(at)] + values)
        }
        return rows.map { OverviewHolding(tier: $0[0].string ?? "", members: Int($0[1].int), points: $0[2].int) }
    }

    /// One row per local day of `from..<to` with a purchase; a local day starts at midnight
    /// `utcOffsetSeconds` east of UTC.
    public func overviewDays(from: Int64, to: Int64, utcOffsetSeconds: Int64, scope: OverviewScope) async throws -> [OverviewDay] {
        let (filter, values) = Self.storeFilter(scope, "s", after: 3)
        let rows = try await overviewRead { sql in
            try await sql.run(
                """
                SELECT (s.time + ?3) / 86400 AS day, CAST(count(*) AS BIGINT), CAST(count(DISTINCT s.member) AS BIGINT),
                       CAST(coalesce(sum(s.earned), 0) AS BIGINT), CAST(coalesce(sum(s.redeemed), 0) AS BIGINT)
                FROM overview_sales s WHERE s.time >= ?1 AND s.time < ?2\(filter)
                GROUP BY 1 ORDER BY 1
                """, [.integer(from), .integer(to), .integer(utcOffsetSeconds)] + values)
        }
        return rows.map {
            OverviewDay(
                day: Int($0[0].int), purchases: Int($0[1].int), customers: Int($0[2].int), pointsEarned: $0[3].int,
                pointsRedeemed: $0[4].int)
        }
    }

    /// Stores imported survey answers, skipping those stored already (the same digest); answers
    /// how many it stored.
    @discardableResult
    public func importSurveys(_ answers: [ImportedSurvey]) async throws -> Int {
        try await overviewWrite { sql in
            var stored = 0
            for answer in answers {
                let rows = try await sql.run(
                    """
                    INSERT INTO nps_answers (source, store, time, score, comment) VALUES (?1, ?2, ?3, ?4, ?5)
                    ON CONFLICT DO NOTHING RETURNING 1
                    """,
                    [
                        .text("import:" + answer.digest), .text(answer.store), .integer(answer.time), .integer(Int64(answer.score)),
                        .text(answer.comment),
                    ])
                stored += rows.count
            }
            return stored
        }
    }

    /// The survey answers of `from..<to` counted per store, local day and score.
    public func surveyCounts(from: Int64, to: Int64, utcOffsetSeconds: Int64, scope: OverviewScope) async throws -> [SurveyCount] {
        let (filter, values) = Self.storeFilter(scope, "n", after: 3)
        let rows = try await overviewRead { sql in
            try await sql.run(
                """
                SELECT n.store, (n.time + ?3) / 86400, n.score, CAST(count(*) AS BIGINT) FROM nps_answers n
                WHERE n.time >= ?1 AND n.time < ?2\(filter) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                """, [.integer(from), .integer(to), .integer(utcOffsetSeconds)] + values)
        }
        return rows.map { SurveyCount(store: $0[0].string ?? "", day: Int($0[1].int), score: Int($0[2].int), answers: Int($0[3].int)) }
    }

    /// The stores terminals are filed under, sorted.
    public func overviewStores() async throws -> [String] {
        try await overviewRead { sql in
            try await sql.run("SELECT DISTINCT store FROM terminals ORDER BY store", []).compactMap { $0.first?.string }
        }
    }

    /// ` AND alias.store = ?n` for one store (n the value after `after` others), or nothing.
    static func storeFilter(_ scope: OverviewScope, _ alias: String, after: Int) -> (String, [OverviewValue]) {
        guard let store = scope.store else { return ("", []) }
        return (" AND \(alias).store = ?\(after + 1)", [.text(store)])
    }
}
