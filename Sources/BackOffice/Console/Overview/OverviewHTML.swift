import BackOfficeCharts
import BackOfficeReports
import BackOfficeStorage
import Foundation
import PointsEngine

/// The console's Overview as HTML (the page's main content; the console wraps it): the period
/// and store form, the retention figures with their trends as SVG charts, the tier mix, the
/// outstanding points, points earned and redeemed per day, purchases and customers per day, the
/// NPS per store and month, and a link to the same figures as JSON. Every figure carries its
/// raw value (`data-figure`, `data-value`) next to the money or percentage people read.
public enum OverviewHTML {
    /// The content for `data`; `path` is the page's own path (the form's action).
    public static func render(_ data: OverviewData, path: String) -> String {
        var html = "<section class=\"overview\">"
        html += form(data, path: path)
        html += figures(data)
        html += trends(data)
        html += holdings(data)
        html += days(data)
        html += nps(data)
        html += "<p class=\"json\"><a href=\"\(escape(jsonLink(data)))\">These figures as JSON</a></p>"
        return html + "</section>"
    }

    /// `/v1/reports/retention?...` for the same period and store.
    public static func jsonLink(_ data: OverviewData) -> String {
        var query = "from=\(data.first)&to=\(data.last)&utcOffsetMinutes=\(data.utcOffsetMinutes)"
        if let store = data.store { query += "&store=" + (store.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
        return "/v1/reports/retention?" + query
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func storeName(_ store: String) -> String { store.isEmpty ? "(no store)" : store }

    private static func form(_ data: OverviewData, path: String) -> String {
        var options = "<option value=\"*\"\(data.store == nil ? " selected" : "")>All stores</option>"
        for store in data.stores {
            options += "<option value=\"\(escape(store))\"\(data.store == store ? " selected" : "")>\(escape(storeName(store)))</option>"
        }
        return """
            <form class="period" method="get" action="\(escape(path))">\
            <label>From <input type="date" name="from" value="\(data.first)" required></label> \
            <label>To <input type="date" name="to" value="\(data.last)" required></label> \
            <label>Store <select name="store">\(options)</select></label> \
            <input type="hidden" name="utcOffsetMinutes" value="\(data.utcOffsetMinutes)">\
            <button type="submit">Show</button></form>
            """
    }

    /// A retention figure: its name, its JSON key, how to read it, and its value in a report.
    struct Figure: Sendable {
        var name: String
        var key: String
        var kind: Kind
        var value: @Sendable (RetentionReport) -> Double?

        enum Kind: Sendable { case count, rate, number, money }
    }

    static let figureList: [Figure] = [
        Figure(name: "Customers at start (S)", key: "customersAtStart", kind: .count) { Double($0.customersAtStart) },
        Figure(name: "Customers at end (E)", key: "customersAtEnd", kind: .count) { Double($0.customersAtEnd) },
        Figure(name: "New customers (N)", key: "newCustomers", kind: .count) { Double($0.newCustomers) },
        Figure(name: "Customer retention rate", key: "retentionRate", kind: .rate) { $0.retentionRate },
        Figure(name: "Churn rate", key: "churnRate", kind: .rate) { $0.churnRate },
        Figure(name: "Repeat customer rate", key: "repeatCustomerRate", kind: .rate) { $0.repeatCustomerRate },
        Figure(name: "Purchase frequency", key: "purchaseFrequency", kind: .number) { $0.purchaseFrequency },
        Figure(name: "Purchases", key: "purchases", kind: .count) { Double($0.purchases) },
        Figure(name: "Net sales", key: "netSales", kind: .money) { Double($0.netSales) },
        Figure(name: "Average order value", key: "averageOrderValue", kind: .money) { $0.averageOrderValue },
        Figure(name: "Customer lifetime value", key: "customerLifetimeValue", kind: .money) { $0.customerLifetimeValue },
    ]

    static func show(_ value: Double?, _ kind: Figure.Kind, currency: Currency) -> String {
        guard let value else { return "n/a" }
        switch kind {
        case .count: return String(Int64(value))
        case .rate: return String(format: "%.1f %%", value * 100)
        case .number: return String(format: "%.2f", value)
        case .money: return currency.display(value)
        }
    }

    /// A raw value as the JSON report writes it (what a test compares).
    static func raw(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    private static func figures(_ data: OverviewData) -> String {
        var rows = ""
        for figure in figureList {
            let value = figure.value(data.report)
            rows += """
                <tr><th scope="row">\(escape(figure.name))</th><td data-figure="\(figure.key)" data-value="\(raw(value))">\
                \(escape(show(value, figure.kind, currency: data.currency)))</td></tr>
                """
        }
        let scope = data.store.map { "store " + escape(storeName($0)) } ?? "all stores"
        return """
            <h2>Retention, \(data.first) to \(data.last), \(scope)</h2>\
            <table class="figures"><tbody>\(rows)</tbody></table>
            """
    }

    private static func trends(_ data: OverviewData) -> String {
        var html = "<h2>Trends: the last \(data.trend.count) periods of \(data.period.seconds / 86_400) days</h2><div class=\"trends\">"
        for figure in figureList where figure.key != "customersAtStart" {
            let points = data.trend.map { report in
                let first = Day(number: Int((report.period.from + Int64(data.utcOffsetMinutes) * 60) / 86_400)).iso
                return LineChart.Point(key: first, label: first, value: figure.value(report))
            }
            let currency = data.currency
            let kind = figure.kind
            let chart = LineChart(title: "\(figure.name), by period", points: points, keyName: "period") {
                show($0, kind, currency: currency)
            }
            html +=
                "<figure class=\"trend\" data-figure=\"\(figure.key)\">\(chart.svg)<figcaption>\(escape(figure.name))</figcaption></figure>"
        }
        return html + "</div>"
    }

    private static func holdings(_ data: OverviewData) -> String {
        let bars = data.report.tierMix.sorted { $0.key < $1.key }.map { BarChart.Bar(label: $0.key, value: Double($0.value)) }
        let chart = BarChart(title: "Tier mix at the period's end", bars: bars) { String(Int64($0)) }
        return """
            <h2>Members and points at the period's end</h2>\
            <p>Members <span data-figure="members" data-value="\(data.report.members)">\(data.report.members)</span>; \
            outstanding points (the liability) \
            <span data-figure="outstandingPoints" data-value="\(data.report.outstandingPoints)">\(data.report.outstandingPoints)</span></p>\
            <figure class="tier-mix">\(chart.svg)<figcaption>Tier mix</figcaption></figure>
            """
    }

    private static func days(_ data: OverviewData) -> String {
        func chart(_ title: String, _ value: @escaping (OverviewDay) -> Double) -> String {
            let points = data.days.map { day in
                LineChart.Point(key: Day(number: day.day).iso, label: Day(number: day.day).iso, value: value(day))
            }
            return LineChart(title: title, points: points, keyName: "day") { String(Int64($0)) }.svg
        }
        return """
            <h2>Day by day</h2>\
            <figure class="daily" data-series="pointsEarned">\(chart("Points earned per day") { Double($0.pointsEarned) })\
            <figcaption>Points earned per day</figcaption></figure>\
            <figure class="daily" data-series="pointsRedeemed">\(chart("Points redeemed per day") { Double($0.pointsRedeemed) })\
            <figcaption>Points redeemed per day</figcaption></figure>\
            <figure class="daily" data-series="purchases">\(chart("Purchases per day") { Double($0.purchases) })\
            <figcaption>Purchases per day</figcaption></figure>\
            <figure class="daily" data-series="customers">\(chart("Customers per day") { Double($0.customers) })\
            <figcaption>Customers per day</figcaption></figure>
            """
    }

    private static func nps(_ data: OverviewData) -> String {
        var rows = ""
        for month in data.nps.months {
            let store = month.store.map(storeName) ?? "All stores"
            rows += """
                <tr data-store="\(escape(month.store ?? "*"))" data-month="\(month.month)"><td>\(escape(store))</td><td>\(month.month)</td>\
                <td data-value="\(raw(month.nps))">\(month.nps.map { String(format: "%+.0f", $0) } ?? "n/a")</td>\
                <td>\(month.answers)</td><td>\(month.promoters) / \(month.passives) / \(month.detractors)</td></tr>
                """
        }
        if rows.isEmpty { rows = "<tr><td colspan=\"5\">No survey answers in the period.</td></tr>" }
        return """
            <h2>Net Promoter Score</h2><table class="nps"><thead><tr><th>Store</th><th>Month</th><th>NPS</th><th>Answers</th>\
            <th>Promoters / passives / detractors</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
