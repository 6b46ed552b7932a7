import Foundation
@testable import Reports
import TestSupport
import XCTest

/// The inline charts: their geometry from the figures, and what a real browser draws of them on an A4 page.
final class SVGChartTests: XCTestCase {
    private let ageing = SVGChart.chart(
        title: "Ikäjakauma", labels: ["ei erääntynyt", "1–30", "31–60", "61–90", "91–100", "yli 100"],
        series: [SVGChart.Series(name: "avoinna", values: [1200, 800, 400, 200, 0, 600], style: .bars, alarms: [5])],
        axisText: { "\(Int($0)) €" })

    func test_theValueAxisEndsAtARoundNumberAboveTheLargestValue() {
        XCTAssertEqual(SVGChart.roundCeiling(1200), 2000)
        XCTAssertEqual(SVGChart.roundCeiling(2000), 2000)
        XCTAssertEqual(SVGChart.roundCeiling(2001), 2500)
        XCTAssertEqual(SVGChart.roundCeiling(0.3), 0.5)
        XCTAssertEqual(SVGChart.roundCeiling(0), 1, "an empty chart still has an axis")
        XCTAssertTrue(ageing.contains(">2000 €</text>") && ageing.contains(">1000 €</text>") && ageing.contains(">0 €</text>"))
    }

    func test_barsAreAsHighAsTheirValues_andTheAlarmIsRed() throws {
        let bars = ageing.components(separatedBy: "<rect ").dropFirst().filter { !$0.contains("width=\"12\"") }
        XCTAssertEqual(bars.count, 6, "one bar per band (a band of 0 is drawn flat)")
        func height(_ bar: String) -> Double {
            Double(bar.components(separatedBy: "height=\"")[1].prefix { $0 != "\"" })!
        }
        // The plot is 240 − 28 − 36 = 176 units high; 2000 € fills it, so 1200 € is 105.6 and 800 € is 70.4.
        XCTAssertEqual(bars.map(height), [105.6, 70.4, 35.2, 17.6, 0, 52.8])
        XCTAssertEqual(bars.filter { $0.contains(SVGChart.Colour.alarm) }.count, 1)
        XCTAssertTrue(bars.last!.contains(SVGChart.Colour.alarm), "the over-100 band is the alarm")
    }

    func test_linesBreakAtMissingPoints_andTextIsEscaped() {
        let chart = SVGChart.chart(
            title: "Maksuviive <asiakas & co>", labels: ["1", "2", "3", "4", "5"],
            series: [SVGChart.Series(name: "viive", values: [10, 12, nil, 30, nil], style: .line),
                     SVGChart.Series(name: "aiempi", values: [5, 5, 5, 5, 5], style: .dashedLine)],
            axisText: { "\(Int($0)) pv" })
        XCTAssertTrue(chart.contains("<title>Maksuviive &lt;asiakas &amp; co&gt;</title>"))
        let polylines = chart.components(separatedBy: "<polyline points=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertEqual(polylines.map { $0.split(separator: " ").count }, [2, 5],
                       "no line across the missing point: 10–12, then 30 alone, a point without a line")
        XCTAssertEqual(chart.components(separatedBy: "<circle ").count - 1, 3 + 5)
        XCTAssertTrue(chart.contains("stroke-dasharray"))
    }

    /// Chromium prints the chart on one A4 page, and the page's pixels have the bars' and the alarm's colours.
    func test_aBrowserDrawsTheChartOnAnA4Page() throws {
        let folder = try temporaryDirectory("chart")
        let html = folder.appendingPathComponent("chart.html")
        try """
            <!doctype html><html lang="fi"><head><meta charset="utf-8"><style>@page { size: A4; margin: 15mm }
            svg.chart { width: 100%; height: auto }</style></head><body><h1>Ikäjakauma</h1>\(ageing)</body></html>
            """.write(to: html, atomically: true, encoding: .utf8)
        let pdf = folder.appendingPathComponent("chart.pdf")
        try Browser.printToPDF(html, to: pdf)
        let pages = try Browser.pages(of: pdf)
        XCTAssertEqual(pages.count, 1)
        XCTAssertTrue(pages.size.hasSuffix("(A4)"), pages.size)
        let image = try Browser.raster(pdf, page: 1)
        XCTAssertGreaterThan(image.count(of: SVGChart.Colour.bar), 200, "the bars are drawn")
        XCTAssertGreaterThan(image.count(of: SVGChart.Colour.alarm), 30, "the over-100 bar is drawn in red")
        XCTAssertEqual(image.count(of: "#00ff00"), 0, "a colour the page does not use is not found")
    }
}
