import Foundation
import TestSupport
import XCTest

/// report.html as the accountant reads and prints it, in each language, checked in a real browser (Debian's
/// chromium, headless): the page prints on A4, and the printed pages show the insight's charts.
final class PageTests: XCTestCase {
    /// The demo's month, then a day more in Swedish and one in English: each day's report in a real browser.
    func test_reportInEachLanguage_printsOnA4_withItsCharts() throws {
        let root = try temporaryDirectory("pages")
        let month = try runSaatava(["demo", "--dir", root.path + "/work", "--samples", packageRoot.appendingPathComponent("samples").path])
        XCTAssertEqual(month.status, 0, month.standardError)
        let config = root.appendingPathComponent("work/config.json")
        let finnish = try String(contentsOf: config, encoding: .utf8)
        var reports: [(language: String, day: String)] = [("fi", "2026-02-13")]
        for (language, day) in [("sv", "2026-02-16"), ("en", "2026-02-17")] {
            try finnish.replacingOccurrences(of: "{ \"workdir\": \".\",", with: "{ \"workdir\": \".\", \"language\": \"\(language)\",")
                .write(to: config, atomically: true, encoding: .utf8)
            let run = try runSaatava(["run", "--config", config.path, "--as-of", day])
            XCTAssertEqual(run.status, 0, run.standardError)
            reports.append((language, day))
        }
        let headings = ["fi": ["Päätettävät maksut", "Saatavien ikäjakauma", "Kassaennuste"],
                        "sv": ["Betalningar att besluta om", "Kundfordringarnas åldersfördelning", "Kassaprognos"],
                        "en": ["Payments to decide on", "Ageing of receivables", "Cash-in forecast"]]
        for (language, day) in reports {
            let html = root.appendingPathComponent("work/outbox/\(day)/report.html")
            let text = try String(contentsOf: html, encoding: .utf8)
            XCTAssertTrue(text.contains("<html lang=\"\(language)\">"), language)
            for heading in headings[language]! { XCTAssertTrue(text.contains("<h2>\(heading)</h2>"), "\(language): \(heading)") }
            XCTAssertFalse(text.contains("<script"), "readable without scripts")

            let pdf = root.appendingPathComponent("report-\(language).pdf")
            try Browser.printToPDF(html, to: pdf)
            let pages = try Browser.pages(of: pdf)
            XCTAssertTrue(pages.size.hasSuffix("(A4)"), "\(language): \(pages.size)")
            XCTAssertGreaterThan(pages.count, 2, language)
            var bars = 0
            var lines = 0
            for page in 1...pages.count {
                let image = try Browser.raster(pdf, page: page)
                XCTAssertEqual(image.width * 297, image.height * 210, accuracy: image.height, "\(language): page \(page) is A4")
                bars += image.count(of: "#2f6db5", tolerance: 8)
                lines += image.count(of: "#ef6c00", tolerance: 8)
            }
            XCTAssertGreaterThan(bars, 300, "\(language): the ageing and forecast bars are drawn")
            XCTAssertGreaterThan(lines, 40, "\(language): the back-test's actual line is drawn")
        }
    }
}
