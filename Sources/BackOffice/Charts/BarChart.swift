/// A horizontal bar chart drawn as SVG on the server (the tier mix): one `<rect class="bar">`
/// per bar with its label as `data-label`, the label and the value beside it. The output depends
/// only on the input.
public struct BarChart: Sendable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double

        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    /// The chart's accessible name (its `<title>`).
    public var title: String
    public var bars: [Bar]
    /// A value as a reader reads it.
    public var format: @Sendable (Double) -> String
    public var width = 640

    public init(title: String, bars: [Bar], format: @escaping @Sendable (Double) -> String) {
        self.title = title
        self.bars = bars
        self.format = format
    }

    /// The chart as an `<svg>` element.
    public var svg: String {
        let rowHeight = 28.0
        let left = 140.0
        let right = Double(width) - 90
        let height = Int(rowHeight * Double(max(bars.count, 1)) + 8)
        let highest = max(bars.map(\.value).max() ?? 0, 1e-9)
        let id = SVGText.identifier(title)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" viewBox="0 0 \(width) \(height)" \
            role="img" aria-labelledby="\(id)"><title id="\(id)">\(SVGText.escaped(title))</title>
            """
        for (index, bar) in bars.enumerated() {
            let top = 4 + rowHeight * Double(index)
            let length = max(0, (right - left) * bar.value / highest)
            let middle = SVGText.coordinate(top + rowHeight / 2 - 2)
            svg += """
                <text class="label" x="\(SVGText.coordinate(left - 8))" y="\(middle)" text-anchor="end" \
                dominant-baseline="middle">\(SVGText.escaped(bar.label))</text>\
                <rect class="bar" data-label="\(SVGText.escaped(bar.label))" x="\(SVGText.coordinate(left))" \
                y="\(SVGText.coordinate(top))" width="\(SVGText.coordinate(length))" height="\(SVGText.coordinate(rowHeight - 8))">\
                <title>\(SVGText.escaped(bar.label)): \(SVGText.escaped(format(bar.value)))</title></rect>\
                <text class="value" x="\(SVGText.coordinate(left + length + 6))" y="\(middle)" \
                dominant-baseline="middle">\(SVGText.escaped(format(bar.value)))</text>
                """
        }
        return svg + "</svg>"
    }
}
