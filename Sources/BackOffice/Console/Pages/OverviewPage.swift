import BackOfficeReports
import BackOfficeStorage

extension ConsolePage {
    /// `/console/overview`, where signing in leads: the retention figures of a period and store
    /// with their trends, the tier mix, the outstanding points, the days' points and purchases,
    /// and the NPS (`?from=YYYY-MM-DD&to=YYYY-MM-DD&store=NAME|*&utcOffsetMinutes=N`; by default
    /// the last 30 days of every store in the console's time zone).
    public static let overview = ConsolePage(
        path: "/console/overview", role: .auditor, title: "Overview", template: ConsoleTemplates.overview
    ) { request in
        let offset =
            request.query["utcOffsetMinutes"].flatMap { Int($0) } ?? request.options.timeZone.secondsFromGMT() / 60
        let defaults = OverviewData.lastDays(30, now: request.now, utcOffsetMinutes: offset)
        let store = request.query["store"].flatMap { $0 == "*" ? nil : $0 }
        let data: OverviewData
        do {
            data = try await OverviewData.load(
                first: request.query["from"] ?? defaults.first, last: request.query["to"] ?? defaults.last, utcOffsetMinutes: offset,
                store: store, ledger: request.store, projection: OverviewProjection(store: request.store))
        } catch let error as RetentionPeriodError {
            return .refused(status: 400, message: error.description)
        }
        return .view(["content": OverviewHTML.render(data, path: "/console/overview")])
    }
}
