import BackOfficeReports
import BackOfficeStorage
import PointsEngine

/// Everything the console's Overview shows for one period and store, read from the overview
/// projection (brought up to date first): the retention figures with their trend, the days of
/// the period, the stores to choose from, the NPS per store and month, the programme's currency.
public struct OverviewData: Sendable {
    /// Periods a figure's trend shows (the period and those of the same length before it).
    public static let trendPeriods = 6

    /// The period as asked: its first and last day (`YYYY-MM-DD`) and the shops' UTC offset.
    public var first: String
    public var last: String
    public var utcOffsetMinutes: Int
    public var period: RetentionPeriod
    /// The store chosen; nil for every store.
    public var store: String?
    public var stores: [String]
    public var report: RetentionReport
    /// Oldest first; the last is ``report``'s period.
    public var trend: [RetentionReport]
    public var days: [OverviewDay]
    public var nps: NPSReport
    public var currency: Currency

    /// The data of the days `first` to `last` (both included) for `store` (nil: every store).
    public static func load(
        first: String, last: String, utcOffsetMinutes: Int, store: String?, ledger: any LedgerStore, projection: OverviewProjection
    ) async throws -> OverviewData {
        let period = try RetentionPeriod(first: first, last: last, utcOffsetMinutes: utcOffsetMinutes)
        try await projection.catchUp()
        let scope = OverviewScope(store: store)
        let trend = try await OverviewReporter.trend(period, count: trendPeriods, scope: scope, store: ledger)
        return OverviewData(
            first: first, last: last, utcOffsetMinutes: utcOffsetMinutes, period: period, store: store,
            stores: try await ledger.overviewStores(), report: trend[trend.count - 1], trend: trend,
            days: try await OverviewReporter.days(period, utcOffsetMinutes: utcOffsetMinutes, scope: scope, store: ledger),
            nps: try await NPSReporter.report(
                from: period.from, to: period.to, utcOffsetMinutes: utcOffsetMinutes, scope: scope, store: ledger),
            currency: try await programmeCurrency(store: ledger))
    }

    /// The days `YYYY-MM-DD` of the last `count` days up to the day of `now` (ms) in local time.
    public static func lastDays(_ count: Int, now: Int64, utcOffsetMinutes: Int) -> (first: String, last: String) {
        let today = Int((now / 1000 + Int64(utcOffsetMinutes) * 60) / 86_400)
        return (Day(number: today - count + 1).iso, Day(number: today).iso)
    }
}

extension Day {
    /// `YYYY-MM-DD`.
    var iso: String {
        let civil = self.civil
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(civil.year)-\(two(civil.month))-\(two(civil.day))"
    }
}
