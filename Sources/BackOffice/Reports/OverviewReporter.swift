import BackOfficeStorage
import PointsEngine

/// The retention figures, their trends and the days of a period from the overview projection
/// (``OverviewStore``), for every store or one: what the console's Overview and the retention
/// report show. Equal, figure for figure, to ``RetentionReporter``'s scan of the journals (the
/// tests check it); a few indexed queries instead of reading every transaction.
public enum OverviewReporter {
    /// The figures of `period`. `holdings` false leaves out the tier mix, the members and the
    /// outstanding points (empty, 0): a trend's older periods do without them.
    public static func report(
        _ period: RetentionPeriod, scope: OverviewScope = .all, store: any OverviewStore, holdings: Bool = true
    ) async throws -> RetentionReport {
        let customers = try await store.overviewCustomers(before: period.previous.from, from: period.from, to: period.to, scope: scope)
        return try await report(period, customers: customers, scope: scope, store: store, holdings: holdings)
    }

    private static func report(
        _ period: RetentionPeriod, customers: OverviewCustomers, scope: OverviewScope, store: any OverviewStore, holdings: Bool
    ) async throws -> RetentionReport {
        let netSales = try await store.overviewNetSales(from: period.from, to: period.to, scope: scope)
        let held = holdings ? try await store.overviewHoldings(at: period.to, scope: scope) : []
        var tiers: [String: Int] = [:]
        for holding in held { tiers[holding.tier, default: 0] += holding.members }
        return RetentionReport(
            period: period,
            counts: RetentionCounts(
                start: customers.before, end: customers.during, retained: customers.both, repeaters: customers.repeaters,
                purchases: customers.purchases, netSales: netSales),
            tierMix: tiers, outstandingPoints: held.reduce(0) { $0 + $1.points }, members: held.reduce(0) { $0 + $1.members })
    }

    /// The figures of `count` periods of `period`'s length ending with it, oldest first (the
    /// last is `period`'s, with its holdings; the others without). The customers of all of them
    /// come from one pass over their sales.
    public static func trend(
        _ period: RetentionPeriod, count: Int, scope: OverviewScope = .all, store: any OverviewStore
    ) async throws -> [RetentionReport] {
        let count = max(1, count)
        let periods = try (0..<count).map { index in
            let shift = Int64(count - 1 - index) * period.seconds
            return try RetentionPeriod(from: period.from - shift, to: period.to - shift)
        }
        let boundaries = [periods[0].previous.from] + periods.map(\.from) + [period.to]
        let customers = try await store.overviewCustomers(boundaries: boundaries, scope: scope)
        var reports: [RetentionReport] = []
        for (index, earlier) in periods.enumerated() {
            reports.append(
                try await report(earlier, customers: customers[index], scope: scope, store: store, holdings: index == count - 1))
        }
        return reports
    }

    /// One entry per local day of `period` (`utcOffsetMinutes` east of UTC), days without a
    /// purchase included with zeros.
    public static func days(
        _ period: RetentionPeriod, utcOffsetMinutes: Int, scope: OverviewScope = .all, store: any OverviewStore
    ) async throws -> [OverviewDay] {
        let offset = Int64(utcOffsetMinutes) * 60
        let found = try await store.overviewDays(from: period.from, to: period.to, utcOffsetSeconds: offset, scope: scope)
        let byDay = Dictionary(found.map { ($0.day, $0) }, uniquingKeysWith: { first, _ in first })
        let first = Int((period.from + offset) / 86_400)
        let last = Int((period.to + offset - 1) / 86_400)
        guard last >= first else { return [] }
        return (first...last).map { byDay[$0] ?? OverviewDay(day: $0, purchases: 0, customers: 0, pointsEarned: 0, pointsRedeemed: 0) }
    }
}
