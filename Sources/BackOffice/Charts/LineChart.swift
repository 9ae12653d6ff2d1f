/// A line chart drawn as SVG on the server: one point per value (a `<circle class="point">` with
/// its key as a data attribute and its value in a `<title>`), a line through them, the value
/// axis from zero with labelled grid lines, and the first, middle and last keys under the axis.
/// The output depends only on the input (no clock, no randomness, no locale).
public struct LineChart: Sendable {
    /// One value on the chart; nil leaves a gap (a figure with no value that period).
    public struct Point: Sendable, Equatable {
        /// What it is the value of, as the data attribute holds it (a day `2026-10-03`, a period).
        public var key: String
        /// What a reader sees for it under the axis and in its title.
        public var label: String
        public var value: Double?

        public init(key: String, label: String, value: Double?) {
            self.key = key
            self.label = label
            self.value = value
        }
    }

    /// The chart's accessible name (its `<title>`).
    public var title: String
    public var points: [Point]
    /// The data attribute of each point: `day` gives `data-day="..."`.
    public var keyName: String
    /// A value as a reader reads it (axis labels and point titles).
    public var format: @Sendable (Double) -> String
    public var width = 640
    public var height = 220

    public init(title: String, points: [Point], keyName: String = "key", format: @escaping @Sendable (Double) -> String) {
        self.title = title
        self.points = points
        self.keyName = keyName.filter { $0.isASCII && ($0.isLetter || $0 == "-") }
        self.format = format
    }

    /// The chart as an `<svg>` element.
    public var svg: String {
        let left = 72.0
        let right = Double(width) - 16
        let top = 16.0
        let bottom = Double(height) - 36
        let values = points.compactMap(\.value)
        let highest = ChartScale.top(of: values.max() ?? 0)
        let lowest = min(0, values.min() ?? 0)
        func x(_ index: Int) -> Double {
            points.count > 1 ? left + (right - left) * Double(index) / Double(points.count - 1) : (left + right) / 2
        }
        func y(_ value: Double) -> Double { bottom - (bottom - top) * (value - lowest) / max(highest - lowest, 1e-9) }
        let id = SVGText.identifier(title)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" viewBox="0 0 \(width) \(height)" \
            role="img" aria-labelledby="\(id)"><title id="\(id)">\(SVGText.escaped(title))</title>
            """
        for step in 0...4 {
            let value = lowest + (highest - lowest) * Double(step) / 4
            let position = SVGText.coordinate(y(value))
            svg += """
                <line class="grid" x1="\(SVGText.coordinate(left))" y1="\(position)" x2="\(SVGText.coordinate(right))" y2="\(position)"/>\
                <text class="axis" x="\(SVGText.coordinate(left - 6))" y="\(position)" text-anchor="end" \
                dominant-baseline="middle">\(SVGText.escaped(format(value)))</text>
                """
        }
        let labelled = Set([0, points.count / 2, points.count - 1].filter { $0 >= 0 })
        for index in labelled.sorted() {
            svg += """
                <text class="axis" x="\(SVGText.coordinate(x(index)))" y="\(SVGText.coordinate(bottom + 20))" \
                text-anchor="middle">\(SVGText.escaped(points[index].label))</text>
                """
        }
        // The line, broken where a value is missing.
        var segments: [[String]] = [[]]
        for (index, point) in points.enumerated() {
            if let value = point.value {
                segments[segments.count - 1].append("\(SVGText.coordinate(x(index))),\(SVGText.coordinate(y(value)))")
            } else if !(segments.last?.isEmpty ?? true) {
                segments.append([])
            }
        }
        for segment in segments where segment.count > 1 {
            svg += "<polyline class=\"line\" fill=\"none\" points=\"\(segment.joined(separator: " "))\"/>"
        }
        for (index, point) in points.enumerated() {
            guard let value = point.value else { continue }
            svg += """
                <circle class="point" data-\(keyName)="\(SVGText.escaped(point.key))" cx="\(SVGText.coordinate(x(index)))" \
                cy="\(SVGText.coordinate(y(value)))" r="3"><title>\(SVGText.escaped(point.label)): \
                \(SVGText.escaped(format(value)))</title></circle>
                """
        }
        return svg + "</svg>"
    }
}

/// Where a chart's value axis ends: a round number at or above the highest value.
enum ChartScale {
    static func top(of value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        var unit = 1.0
        while unit * 10 <= value { unit *= 10 }
        while unit > value { unit /= 10 }
        for multiple in [1.0, 2, 2.5, 5, 10] where unit * multiple >= value { return unit * multiple }
        return unit * 10
    }
}
