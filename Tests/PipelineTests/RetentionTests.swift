import Receivables
import XCTest

@testable import Pipeline

/// When an archive day may be deleted: after the end of the year in which its financial year ended, plus the
/// configured years (Kirjanpitolaki (1336/1997) 2 luku 10 §: 6 at the least).
final class RetentionTests: XCTestCase {
    private func day(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }

    func test_calendarYear_dayOf2020_isKeptThrough2026_andDeletableFrom2027() throws {
        let retention = try Retention(archiveYears: 6)
        for archived in ["2020-01-01", "2020-12-31"] {
            XCTAssertEqual(retention.lastKeptDay(for: day(archived)), day("2026-12-31"), archived)
            XCTAssertFalse(retention.isDeletable(day(archived), asOf: day("2026-12-31")), archived)
            XCTAssertTrue(retention.isDeletable(day(archived), asOf: day("2027-01-01")), archived)
        }
        XCTAssertFalse(retention.isDeletable(day("2021-01-01"), asOf: day("2027-01-01")))
        XCTAssertTrue(retention.isDeletable(day("2021-01-01"), asOf: day("2028-01-01")))
    }

    func test_moreYearsThanTheLaw_keepLonger() throws {
        let retention = try Retention(archiveYears: 10)
        XCTAssertEqual(retention.lastKeptDay(for: day("2020-06-15")), day("2030-12-31"))
        XCTAssertFalse(retention.isDeletable(day("2020-06-15"), asOf: day("2030-12-31")))
        XCTAssertTrue(retention.isDeletable(day("2020-06-15"), asOf: day("2031-01-01")))
    }

    /// A financial year 1.7.–30.6.: 30.6.2021 ends the year that began 1.7.2020; 1.7.2021 begins the next, which
    /// ends in 2022 and is kept a year longer.
    func test_yearEnding30June_countsFromTheCalendarYearTheFinancialYearEnded() throws {
        let retention = try Retention(archiveYears: 6, financialYearEnd: "30.6.")
        XCTAssertEqual(retention.financialYearEnd(containing: day("2020-07-01")), day("2021-06-30"))
        XCTAssertEqual(retention.financialYearEnd(containing: day("2021-06-30")), day("2021-06-30"))
        XCTAssertEqual(retention.financialYearEnd(containing: day("2021-07-01")), day("2022-06-30"))
        XCTAssertEqual(retention.lastKeptDay(for: day("2021-06-30")), day("2027-12-31"))
        XCTAssertTrue(retention.isDeletable(day("2021-06-30"), asOf: day("2028-01-01")))
        XCTAssertFalse(retention.isDeletable(day("2021-07-01"), asOf: day("2028-01-01")))
        XCTAssertTrue(retention.isDeletable(day("2021-07-01"), asOf: day("2029-01-01")))
    }

    /// 29.2. is February's last day: 28.2. in a common year, so 29.2.2021 does not exist and 1.3. starts a new year.
    func test_yearEnding29February_isFebruarysLastDay() throws {
        let retention = try Retention(archiveYears: 6, financialYearEnd: "29.2.")
        XCTAssertEqual(retention.financialYearEnd(containing: day("2021-02-28")), day("2021-02-28"))
        XCTAssertEqual(retention.financialYearEnd(containing: day("2021-03-01")), day("2022-02-28"))
        XCTAssertEqual(retention.financialYearEnd(containing: day("2023-03-01")), day("2024-02-29"))
        XCTAssertEqual(retention.financialYearEnd(containing: day("2024-02-29")), day("2024-02-29"))
        XCTAssertEqual(retention.lastKeptDay(for: day("2024-02-29")), day("2030-12-31"))
        XCTAssertEqual(retention.lastKeptDay(for: day("2024-03-01")), day("2031-12-31"))
    }

    func test_refusals_nameTheKey() {
        XCTAssertThrowsError(try Retention(archiveYears: 5)) { XCTAssertEqual(($0 as? RetentionError)?.key, "archiveYears") }
        for text in ["30.2.", "31.4.", "0.1.", "1.13.", "31-12", "31.12.2026", "", "+1.1."] {
            XCTAssertThrowsError(try Retention(archiveYears: 6, financialYearEnd: text), text) {
                XCTAssertEqual(($0 as? RetentionError)?.key, "financialYearEnd", text)
            }
        }
        XCTAssertEqual(try Retention(archiveYears: 6, financialYearEnd: "31.12").yearEndDay, 31, "the last dot may be left out")
        XCTAssertNil(try Retention(archiveYears: 9000).lastKeptDay(for: day("2020-01-01")), "past 9999: kept for ever")
        XCTAssertFalse(try Retention(archiveYears: 9000).isDeletable(day("2020-01-01"), asOf: day("9999-12-31")))
    }
}
