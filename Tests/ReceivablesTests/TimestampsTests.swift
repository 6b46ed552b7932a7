import Foundation
import Receivables
import XCTest

/// The run's own timestamps and Helsinki day, against Foundation's formatter and time zone (which they replace, to keep
/// ICU's data out of a run's memory).
final class TimestampsTests: XCTestCase {
    func test_helsinkiDay_isFoundationsEveryHour_overFifteenYears() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try XCTUnwrap(TimeZone(identifier: "Europe/Helsinki"))
        let (first, last) = (Int64(1_577_836_800), Int64(2_051_222_400))  // 2020-01-01 and 2035-01-01, 00:00 UTC
        var mismatches: [String] = []
        // Every hour: 00:00 and 01:00 UTC, when summer time begins and ends, among them; and each minute about both.
        for seconds in stride(from: first, to: last, by: 3600) {
            for probe in [seconds, seconds + 59, seconds + 3599] {
                let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(probe)))
                let expected = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
                if Timestamps.helsinkiDay(probe) != expected { mismatches.append("\(probe): \(Timestamps.helsinkiDay(probe)) \(expected)") }
            }
        }
        XCTAssertEqual(mismatches.prefix(5), [])
        // 2026-03-29 01:00 UTC summer time begins (21:00 UTC is then 00:00 in Helsinki); 2026-10-25 01:00 UTC it ends.
        XCTAssertEqual(Timestamps.helsinkiDay(1_774_818_000).description, "2026-03-30", "2026-03-29T21:00:00Z is past midnight")
        XCTAssertEqual(Timestamps.helsinkiDay(1_774_731_600).description, "2026-03-28", "2026-03-28T21:00:00Z is not")
    }

    func test_utcTimestamp_isFoundationsISO8601_andReadsBack() {
        let formatter = ISO8601DateFormatter()
        for seconds: Int64 in [0, 59, 86_399, 86_400, 951_782_400, 1_764_633_600, 1_774_745_999, 4_102_444_799, -1, -86_401] {
            let text = Timestamps.utc(seconds)
            XCTAssertEqual(text, formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))), "\(seconds)")
            XCTAssertEqual(Timestamps.seconds(text), seconds, text)
        }
    }

    func test_secondsOfATimestamp_withAnOffset_orNone() {
        XCTAssertEqual(Timestamps.seconds("2026-12-02T06:30:00+02:00"), Timestamps.seconds("2026-12-02T04:30:00Z"))
        XCTAssertEqual(Timestamps.seconds("2026-12-01T23:30:00-0500"), Timestamps.seconds("2026-12-02T04:30:00Z"))
        XCTAssertEqual(Timestamps.seconds("1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(Timestamps.seconds("1970-01-01T00:00:01.999+00:00"), 1, "a fraction of a second is dropped")
        for text in ["", "t", "2026-12-02", "2026-12-02T06:30:00", "2026-12-02T25:00:00Z", "2026-12-02T06:30:00+2", "2026-02-30T00:00:00Z",
                     "2026-12-02 06:30:00Z", "2026-12-02T06:30:00Zulu", "2026-12-02T06:30:00+02::00", "2026-12-02T06:30:00+0:200",
                     "2026-12-02T06:30:00+02:60", "2026-12-02T06:30:00+24:00", "2026-12-02T06:30:00 02:00",
                     "2026-12-02T06:30:00.Z", "2026-12-02T06:30:00.5", "2026-12-02T06:30:00.5x02:00"] {
            XCTAssertNil(Timestamps.seconds(text), text)
        }
    }
}
