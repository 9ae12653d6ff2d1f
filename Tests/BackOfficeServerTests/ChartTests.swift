import BackOfficeCharts
import Foundation
import Testing

/// The console's SVG charts: one element per value, labels escaped, the same output every time.
@Suite("SVG charts")
struct ChartTests {
    func days(_ count: Int) -> [LineChart.Point] {
        (1...count).map { day in
            let key = "2026-10-\(day < 10 ? "0" : "")\(day)"
            return LineChart.Point(key: key, label: "\(day) Oct", value: Double(day * day % 17))
        }
    }

    func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("a line chart has one point per value, each with its day", arguments: [1, 2, 30, 31])
    func pointPerDay(count: Int) {
        let chart = LineChart(title: "Points earned per day", points: days(count), keyName: "day") { String(Int($0)) }
        let svg = chart.svg
        #expect(occurrences("<circle class=\"point\"", in: svg) == count)
        for point in days(count) { #expect(svg.contains("data-day=\"\(point.key)\"")) }
        #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>"))
        #expect(svg.contains("<title id=\"chart-points-earned-per-day\">Points earned per day</title>"))
        #expect(occurrences("<polyline", in: svg) == (count > 1 ? 1 : 0))
    }

    @Test("a missing value leaves a gap: no point, the line broken")
    func gaps() {
        var points = days(6)
        points[2].value = nil
        let svg = LineChart(title: "Retention", points: points) { String($0) }.svg
        #expect(occurrences("<circle class=\"point\"", in: svg) == 5)
        #expect(occurrences("<polyline", in: svg) == 2)
    }

    @Test("labels and titles are escaped")
    func escaping() {
        let hostile = "<script>alert('x')</script> & \"quotes\""
        let line = LineChart(title: hostile, points: [LineChart.Point(key: hostile, label: hostile, value: 1)]) { _ in hostile }.svg
        let bars = BarChart(title: hostile, bars: [BarChart.Bar(label: hostile, value: 3)]) { _ in hostile }.svg
        for svg in [line, bars] {
            #expect(!svg.contains("<script>"))
            #expect(!svg.contains("'x'"))
            #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        }
    }

    @Test("a bar chart has one bar per tier, the longest for the largest value")
    func bars() throws {
        let chart = BarChart(
            title: "Tier mix",
            bars: [
                BarChart.Bar(label: "gold", value: 5), BarChart.Bar(label: "member", value: 40), BarChart.Bar(label: "silver", value: 0),
            ]
        ) { String(Int($0)) }
        let svg = chart.svg
        #expect(occurrences("<rect class=\"bar\"", in: svg) == 3)
        let widths = try ["gold", "member", "silver"].map { label -> Double in
            let range = try #require(svg.range(of: "data-label=\"\(label)\""))
            let rest = svg[range.upperBound...]
            let width = try #require(rest.range(of: "width=\""))
            return Double(rest[width.upperBound...].prefix { $0 != "\"" }) ?? -1
        }
        #expect(widths[1] > widths[0] && widths[0] > widths[2] && widths[2] == 0)
    }

    @Test("the same input draws the same SVG")
    func deterministic() {
        let first = LineChart(title: "Customers", points: days(14)) { String(format: "%.0f", $0) }.svg
        let second = LineChart(title: "Customers", points: days(14)) { String(format: "%.0f", $0) }.svg
        #expect(first == second)
    }
}
