import Receivables
import XCTest

final class LocalDateTests: XCTestCase {
    func test_parsing_acceptsEveryForm() throws {
        let expected = LocalDate(year: 2025, month: 3, day: 9)
        for text in ["2025-03-09", "20250309", "250309", "2025-03-09T00:00:00", "2025-03-09T23:30:00+02:00",
            "2025-03-09T22:59:59.123Z"]
        {
            XCTAssertEqual(try LocalDate(parsing: text), expected, text)
        }
        XCTAssertEqual(try LocalDate(parsing: "991231"), LocalDate(year: 1999, month: 12, day: 31))
        XCTAssertEqual(try LocalDate(parsing: "790101"), LocalDate(year: 2079, month: 1, day: 1))
    }

    func test_parsing_refusesWhatIsNoDay() {
        for text in ["", "2025-02-29", "2024-13-01", "20250230", "2025/03/09", "25-03-09", "2025-03-0x", "1234567",
            "2025-03-09 12:00"]
        {
            XCTAssertThrowsError(try LocalDate(parsing: text), text)
        }
        XCTAssertThrowsError(try LocalDate(parsing: "2025-02-29")) {
            XCTAssertEqual("\($0)", "'2025-02-29' is not a valid date: there is no such day")
        }
        XCTAssertNotNil(LocalDate(year: 2024, month: 2, day: 29))
        XCTAssertNil(LocalDate(year: 2100, month: 2, day: 29))
        XCTAssertNotNil(LocalDate(year: 2000, month: 2, day: 29))
    }

    func test_dayArithmetic_roundTripsOverCenturies() throws {
        XCTAssertEqual(LocalDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch, 0)
        XCTAssertEqual(LocalDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch, 11_017)
        var date = LocalDate(year: 1899, month: 12, day: 25)!
        for _ in 0..<80_000 {
            let next = date.adding(days: 1)
            XCTAssertEqual(LocalDate(daysSinceEpoch: next.daysSinceEpoch), next)
            XCTAssertEqual(date.days(until: next), 1)
            XCTAssertLessThan(date, next)
            XCTAssertEqual(next.weekday, date.weekday % 7 + 1)
            date = next
        }
        XCTAssertEqual(LocalDate(year: 2026, month: 11, day: 29)!.weekday, 7, "2026-11-29 is a Sunday")
        XCTAssertEqual(LocalDate(year: 2026, month: 1, day: 31)!.adding(days: 29).description, "2026-03-01")
        XCTAssertEqual(LocalDate(year: 2026, month: 3, day: 1)!.adding(days: -1).description, "2026-02-28")
    }

    func test_partsAndOrder_surviveTheCompactForm() throws {
        let first = try XCTUnwrap(LocalDate(year: 1, month: 1, day: 1))
        let last = try XCTUnwrap(LocalDate(year: 9999, month: 12, day: 31))
        XCTAssertEqual([first.year, first.month, first.day, last.year, last.month, last.day], [1, 1, 1, 9999, 12, 31])
        XCTAssertEqual(last.description, "9999-12-31")
        XCTAssertEqual(LocalDate(daysSinceEpoch: first.daysSinceEpoch - 1), first, "before year 1: its first day")
        // A loop that walks day by day to an as-of day of 9999-12-31 still gets past it.
        XCTAssertGreaterThan(last.adding(days: 1), last)
        XCTAssertEqual(last.days(until: last.adding(days: 1)), 1)
        XCTAssertEqual(last.adding(days: 1).year, 10_000)
        // A later month with an earlier day, a later year with an earlier month: each part outranks the next.
        let dates = ["2025-12-31", "2026-01-01", "2026-01-31", "2026-02-01", "2026-12-01", "2027-01-01"]
            .map { try! LocalDate(parsing: $0) }
        XCTAssertEqual(dates.shuffled().sorted(), dates)
        XCTAssertEqual(Set(dates + dates).count, dates.count)
    }
}
