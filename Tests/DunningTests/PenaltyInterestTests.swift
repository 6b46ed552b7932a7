import Dunning
import Receivables
import XCTest

private func date(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }

final class ReferenceRatesTests: XCTestCase {
    func test_statutory_holdsEachHalfYearWithItsSource() {
        let table = ReferenceRates.statutory
        XCTAssertEqual(
            table.entries.map { "\($0.from) \($0.rate)" },
            [
                "2023-01-01 2.5", "2023-07-01 4.0", "2024-01-01 4.5", "2024-07-01 4.5", "2025-01-01 3.5",
                "2025-07-01 2.5", "2026-01-01 2.5",
            ])
        XCTAssertEqual(table.entries.map(\.rate.hundredthsOfPercent), [250, 400, 450, 450, 350, 250, 250])
        XCTAssertEqual(table.rate(on: date("2025-03-01"))?.source, "SK 1123/2024 (Bank of Finland notice, 30.12.2024)")
        XCTAssertTrue(table.entries[0].source.hasPrefix("SK 1276/2022"))
        XCTAssertTrue(table.entries[1].source.hasPrefix("SK 882/2023"))
        XCTAssertTrue(table.entries[2].source.hasPrefix("SK 1/2024"))
        XCTAssertTrue(table.entries[3].source.hasPrefix("SK 393/2024"))
        XCTAssertTrue(table.entries[5].source.hasPrefix("derived from the rounding rule of korkolaki 12 §"))
        XCTAssertTrue(table.entries[6].source.contains("sttinfo.fi/tiedote/71709487"))
    }

    func test_rateOn_coversEachHalfYearAndNothingOutside() {
        let table = ReferenceRates.statutory
        XCTAssertNil(table.rate(on: date("2022-12-31")), "before the first entry")
        XCTAssertEqual(table.rate(on: date("2023-01-01"))?.rate.description, "2.5")
        XCTAssertEqual(table.rate(on: date("2023-06-30"))?.rate.description, "2.5")
        XCTAssertEqual(table.rate(on: date("2023-07-01"))?.rate.description, "4.0")
        XCTAssertEqual(table.rate(on: date("2025-06-30"))?.rate.description, "3.5")
        XCTAssertEqual(table.rate(on: date("2025-07-01"))?.rate.description, "2.5")
        XCTAssertEqual(table.rate(on: date("2026-06-30"))?.rate.description, "2.5")
        XCTAssertNil(table.rate(on: date("2026-07-01")), "after the last entry's half-year")
    }

    func test_extending_addsAndReplacesHalfYears() throws {
        let table = try ReferenceRates(with: [
            (from: date("2026-07-01"), rate: "2.0", source: "SK 999/2026"),
            (from: date("2025-07-01"), rate: "2.50", source: "SK 500/2025"),
        ])
        XCTAssertEqual(table.entries.count, 8)
        XCTAssertEqual(table.entries.map(\.from), table.entries.map(\.from).sorted())
        XCTAssertEqual(table.rate(on: date("2026-12-31"))?.rate, InterestRate(hundredthsOfPercent: 200))
        XCTAssertEqual(table.rate(on: date("2026-12-31"))?.source, "SK 999/2026")
        XCTAssertNil(table.rate(on: date("2027-01-01")))
        XCTAssertEqual(table.rate(on: date("2025-08-01"))?.source, "SK 500/2025", "config replaces the derived rate")

        let withGap = try ReferenceRates(with: [(from: date("2027-01-01"), rate: "1.5", source: "SK 1/2027")])
        XCTAssertNil(withGap.rate(on: date("2026-07-01")), "a half-year no entry names is not covered")
        XCTAssertEqual(withGap.rate(on: date("2027-06-30"))?.rate.description, "1.5")

        let own = try ReferenceRates(
            extending: try ReferenceRates(with: []), with: [(from: date("2022-07-01"), rate: "0", source: "SK x")])
        XCTAssertEqual(own.rate(on: date("2022-12-31"))?.rate.description, "0.0")
    }

    func test_extending_refusesBadEntriesWithClearMessages() {
        func message(_ from: String, _ rate: String, _ source: String = "SK 999/2026") -> String {
            do {
                _ = try ReferenceRates(with: [(from: date(from), rate: rate, source: source)])
                return "accepted"
            } catch { return error.description }
        }
        XCTAssertEqual(
            message("2026-08-01", "2.0"),
            "reference rate from 2026-08-01: a reference rate starts on the first day of a half-year, 1 January or"
                + " 1 July")
        XCTAssertEqual(
            message("2026-07-02", "2.0"),
            "reference rate from 2026-07-02: a reference rate starts on the first day of a half-year, 1 January or"
                + " 1 July")
        XCTAssertEqual(
            message("2026-07-01", "2,0"),
            "reference rate from 2026-07-01: '2,0' is not a valid rate: expected a percentage such as 2.5 (digits and"
                + " at most one '.')")
        XCTAssertEqual(
            message("2026-07-01", "2.005"),
            "reference rate from 2026-07-01: '2.005' is not a valid rate: it has more than two decimals")
        XCTAssertEqual(
            message("2026-07-01", "2.0.0"),
            "reference rate from 2026-07-01: '2.0.0' is not a valid rate: it has more than one '.'")
        XCTAssertEqual(
            message("2026-07-01", "101"), "reference rate from 2026-07-01: '101' is not a valid rate: it is above 100 %"
        )
        XCTAssertEqual(
            message("2026-07-01", ""),
            "reference rate from 2026-07-01: '' is not a valid rate: expected a percentage such as 2.5 (digits and at"
                + " most one '.')")
        XCTAssertEqual(
            message("2026-07-01", "-1"),
            "reference rate from 2026-07-01: '-1' is not a valid rate: expected a percentage such as 2.5 (digits and at"
                + " most one '.')")
        XCTAssertEqual(
            message("2026-07-01", "2.0", " "),
            "reference rate from 2026-07-01: it needs a source (the Statute Book notice or the Bank of Finland"
                + " release)")
        XCTAssertThrowsError(
            try ReferenceRates(with: [
                (from: date("2026-07-01"), rate: "2.0", source: "a"),
                (from: date("2026-07-01"), rate: "2.5", source: "b"),
            ])
        ) {
            XCTAssertEqual("\($0)", "reference rate from 2026-07-01: another entry names the same half-year")
        }
    }

    func test_interestRate_parsesExactlyAndPrintsOneOrTwoDecimals() throws {
        for (text, hundredths) in [
            ("2.5", 250), ("2", 200), ("2.50", 250), ("2.500", 250), ("0.25", 25), (".5", 50), ("100", 10_000),
            ("100.00", 10_000),
        ] {
            XCTAssertEqual(try InterestRate(parsing: text).hundredthsOfPercent, hundredths, text)
        }
        XCTAssertThrowsError(try InterestRate(parsing: "100.01"))
        XCTAssertThrowsError(try InterestRate(parsing: "."))
        XCTAssertThrowsError(try InterestRate(parsing: "2.5 "))
        XCTAssertEqual(
            [1050, 1100, 975, 905, 0, 10_000].map { InterestRate(hundredthsOfPercent: $0).description },
            ["10.5", "11.0", "9.75", "9.05", "0.0", "100.0"])
        XCTAssertEqual(InterestRate(hundredthsOfPercent: 350).adding(percentagePoints: 8).description, "11.5")
    }
}
