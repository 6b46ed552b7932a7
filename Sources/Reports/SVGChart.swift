import Foundation

/// Inline SVG charts for the pages: text only, sized by a viewBox so that they fit the column on screen and on A4,
/// with a title for screen readers. The figures they draw are always also in a table beside them: a chart shows the
/// shape, the table the exact amounts.
public enum SVGChart {
    /// How a series is drawn.
    public enum Style: Sendable {
        /// Bars, one per label (beside the bars of other bar series).
        case bars
        /// A solid line through the points.
        case line
        /// A dashed line through the points (a comparison: last period, a naive estimate).
        case dashedLine
    }

    /// One series: its name (in the legend), its values by label (nil where it has none), its style, and the labels
    /// whose bar is an alarm (drawn in the alarm colour).
    public struct Series: Sendable {
        public let name: String
        public let values: [Double?]
        public let style: Style
        public let alarms: Set<Int>

        /// A series of `values`, one per label of the chart.
        public init(name: String, values: [Double?], style: Style, alarms: Set<Int> = []) {
            self.name = name
            self.values = values
            self.style = style
            self.alarms = alarms
        }
    }

    /// The colours, also the test's way of finding a chart on a rendered page.
    public enum Colour {
        public static let bar = "#2f6db5"
        public static let alarm = "#c62828"
        public static let line = "#ef6c00"
        public static let comparison = "#5f6368"
    }

    private static let width = 640.0
    private static let height = 240.0
    private static let left = 72.0
    private static let right = 12.0
    private static let top = 28.0
    private static let bottom = 36.0

    /// A chart of the series over `labels` (left to right), its value axis from 0 to a round number above the
    /// largest value, labelled by `axisText`.
    public static func chart(title: String, labels: [String], series: [Series], axisText: (Double) -> String) -> String {
        let largest = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let ceiling = roundCeiling(largest)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let slot = labels.isEmpty ? plotWidth : plotWidth / Double(labels.count)
        func x(_ index: Int) -> Double { left + slot * (Double(index) + 0.5) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - max(0, value) / ceiling) }

        var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(number(width)) \(number(height))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"11\"><title>\(escaped(title))</title>"
        for tick in 0...4 {
            let value = ceiling * Double(tick) / 4
            svg += "<line x1=\"\(number(left))\" x2=\"\(number(width - right))\" y1=\"\(number(y(value)))\" "
                + "y2=\"\(number(y(value)))\" stroke=\"#dddddd\"/>"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y(value) + 4))\" text-anchor=\"end\" fill=\"#444444\">"
                + "\(escaped(axisText(value)))</text>"
        }
        for (index, label) in labels.enumerated() {
            svg += "<text x=\"\(number(x(index)))\" y=\"\(number(height - bottom + 16))\" text-anchor=\"middle\" "
                + "fill=\"#444444\">\(escaped(label))</text>"
        }
        let barSeries = series.filter { $0.style == .bars }
        let barWidth = slot * 0.7 / Double(max(1, barSeries.count))
        for (position, bars) in barSeries.enumerated() {
            for (index, value) in bars.values.enumerated() {
                guard let value, index < labels.count else { continue }
                let start = x(index) - slot * 0.35 + barWidth * Double(position)
                let colour = bars.alarms.contains(index) ? Colour.alarm : Colour.bar
                svg += "<rect x=\"\(number(start))\" y=\"\(number(y(value)))\" width=\"\(number(barWidth))\" "
                    + "height=\"\(number(y(0) - y(value)))\" fill=\"\(colour)\"/>"
            }
        }
        for lines in series where lines.style != .bars {
            let colour = lines.style == .line ? Colour.line : Colour.comparison
            let dash = lines.style == .dashedLine ? " stroke-dasharray=\"6 4\"" : ""
            // A label without a value breaks the line: nothing is drawn across what is not known.
            var segments: [[String]] = [[]]
            for (index, value) in lines.values.enumerated() {
                if let value {
                    segments[segments.count - 1].append("\(number(x(index))),\(number(y(value)))")
                } else if !segments[segments.count - 1].isEmpty {
                    segments.append([])
                }
            }
            for segment in segments where segment.count > 1 {
                svg += "<polyline points=\"\(segment.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" "
                    + "stroke-width=\"2.5\"\(dash)/>"
            }
            for point in segments.joined() {
                let xy = point.split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(colour)\"/>"
            }
        }
        var legendX = left
        for entry in series {
            let colour = entry.style == .bars ? Colour.bar : entry.style == .line ? Colour.line : Colour.comparison
            svg += "<rect x=\"\(number(legendX))\" y=\"8\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>"
                + "<text x=\"\(number(legendX + 16))\" y=\"18\" fill=\"#222222\">\(escaped(entry.name))</text>"
            legendX += 28 + Double(entry.name.count) * 6.2
        }
        return svg + "</svg>"
    }

    /// The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `value` (1 for nothing to draw).
    static func roundCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let power = pow(10, floor(log10(value)))
        return [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= value } ?? value
    }

    /// A coordinate with at most one decimal: short, and the same on every machine.
    private static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(format: "%.1f", tenths / 10)
    }

    private static func escaped(_ text: String) -> String { AccountantReport.escape(text) }
}
