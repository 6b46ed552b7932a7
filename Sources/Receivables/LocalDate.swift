/// A calendar date with no time and no time zone (saatava's dates are Europe/Helsinki calendar days).
public struct LocalDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Year, month and day in one word (`year << 9 | month << 5 | day`): four bytes instead of three integers' 24, for
    /// the records a big day holds by the hundred thousand; ordered as the dates are.
    @usableFromInline let packed: UInt32

    /// The year, e.g. 2026.
    @inlinable public var year: Int { Int(packed >> 9) }
    /// The month, 1–12.
    @inlinable public var month: Int { Int(packed >> 5 & 0xF) }
    /// The day of the month, 1–31.
    @inlinable public var day: Int { Int(packed & 0x1F) }

    /// A date from its parts, or nil if there is no such day (2026-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(valid: year, month, day)
    }

    /// A date from parts already checked.
    private init(valid year: Int, _ month: Int, _ day: Int) {
        packed = UInt32(year) << 9 | UInt32(month) << 5 | UInt32(day)
    }

    /// Parses `YYYY-MM-DD`, `CCYYMMDD` (Finvoice), `YYMMDD` (KTL; years 00–79 are 2000–2079, 80–99 are
    /// 1980–1999) or an ISO date-time, of which the date part as written is taken ("2025-03-09T23:30:00+02:00"
    /// is 2025-03-09, the bank's own calendar day).
    /// - Throws: `ValueError` if the text is none of these or names no real day.
    public init(parsing text: String) throws(ValueError) {
        var text = text
        switch text.withUTF8(Self.parts) {
        case nil:
            throw ValueError(
                expected: "date", text: text, problem: "expected YYYY-MM-DD, CCYYMMDD, YYMMDD or an ISO date-time")
        case (nil, _, _)?, (_, nil, _)?, (_, _, nil)?:
            throw ValueError(expected: "date", text: text, problem: "it has a non-digit where a digit belongs")
        case let (year?, month?, day?)?:
            guard let date = LocalDate(year: year, month: month, day: day) else {
                throw ValueError(expected: "date", text: text, problem: "there is no such day")
            }
            self = date
        }
    }

    /// A date from exactly the bytes of `YYYY-MM-DD`, or nil if they are anything else or name no real day: the
    /// ledger's dates, read without making a string of each.
    public init?(isoUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, case let (year?, month?, day?)? = Self.parts(bytes),
              let date = LocalDate(year: year, month: month, day: day)
        else { return nil }
        self = date
    }

    /// The year, month and day the forms `init(parsing:)` reads write (each nil where a digit is not one); nil for
    /// none of the forms.
    private static func parts(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int?, Int?, Int?)? {
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        let isDashed = bytes.count >= 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
        if isDashed && (bytes.count == 10 || bytes[10] == UInt8(ascii: "T")) {
            return (number(0..<4), number(5..<7), number(8..<10))
        } else if bytes.count == 8 {
            return (number(0..<4), number(4..<6), number(6..<8))
        } else if bytes.count == 6 {
            return (number(0..<2).map { $0 < 80 ? 2000 + $0 : 1900 + $0 }, number(2..<4), number(4..<6))
        }
        return nil
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date that is a number of days after 1970-01-01 (from 0001-01-01, which an earlier count gives, to the end of
    /// year 999 999, which a later one gives: the packed form holds no other; days past 9999 are counted on, as ever).
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = min(max(days, -719_162), 364_522_971) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(valid: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The date a number of days later (earlier for a negative count).
    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Days from this date to another: positive when `other` is later.
    public func days(until other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The ISO weekday: 1 for Monday through 7 for Sunday.
    public var weekday: Int {
        let days = daysSinceEpoch
        // 1970-01-01 was a Thursday (4).
        return ((days % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// `YYYY-MM-DD`.
    public var description: String { withISOUTF8 { String(decoding: $0, as: UTF8.self) } }

    /// Calls `body` with the bytes of `description`, made without allocating (for writers of many dates).
    @inlinable
    public func withISOUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        func digit(_ value: Int) -> UInt8 { UInt8(0x30 + value % 10) }
        var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), 0x2D, digit(month / 10), digit(month),
            0x2D, digit(day / 10), digit(day)
        )
        return try withUnsafeBytes(of: &bytes) { try body($0.assumingMemoryBound(to: UInt8.self)) }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.packed < rhs.packed }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
