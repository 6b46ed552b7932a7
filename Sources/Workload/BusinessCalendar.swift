public import Receivables

/// Finnish business days, Monday to Friday, numbered from a first one (0). Public holidays are not modelled: a
/// generated history books payments on every weekday.
public struct BusinessCalendar: Sendable {
    /// Business day 0.
    public let first: LocalDate
    /// The Monday of business day 0's week, as days since the epoch.
    private let monday: Int

    /// Numbers the business days from `start`, or from the next business day when `start` is a Saturday or Sunday.
    public init(startingAtOrAfter start: LocalDate) {
        first = Self.nextBusinessDay(onOrAfter: start)
        monday = first.daysSinceEpoch - (first.weekday - 1)
    }

    /// `date`, or the Monday after it when it falls on a weekend.
    public static func nextBusinessDay(onOrAfter date: LocalDate) -> LocalDate {
        date.weekday >= 6 ? date.adding(days: 8 - date.weekday) : date
    }

    /// The date of business day `index`.
    public func date(_ index: Int) -> LocalDate {
        let fromMonday = first.weekday - 1 + index
        let weeks = fromMonday.floorDivided(by: 5)
        return LocalDate(daysSinceEpoch: monday + weeks * 7 + (fromMonday - weeks * 5))
    }

    /// The number of the first business day on or after `date` (negative before business day 0).
    public func index(onOrAfter date: LocalDate) -> Int {
        let day = Self.nextBusinessDay(onOrAfter: date).daysSinceEpoch - monday
        let weeks = day.floorDivided(by: 7)
        return weeks * 5 + (day - weeks * 7) - (first.weekday - 1)
    }
}

