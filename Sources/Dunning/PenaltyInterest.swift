public import Receivables

/// How a day's interest divides the yearly rate (config `dunning.dayCount`).
public enum DayCount: String, Hashable, Sendable, CaseIterable {
    /// Each day is 1/365 of a year in a common year and 1/366 in a leap year (the default; law.md §0 Q4e).
    case actualActual = "actual/actual"
    /// Each day is 1/365 of a year, in leap years too.
    case actual365 = "actual/365"
}

/// Statutory penalty interest (viivästyskorko) on one invoice: a pure calculation, exact to the end.
///
/// The rate is the reference rate of the day's half-year plus 7 percentage points (korkolaki 4 §), or plus 8 for a
/// business debtor, one with a business ID (4 a §). Interest runs on each day's open principal from the day after
/// the due date through the as-of date, both inclusive; a payment or credit note booked on day P lowers the
/// principal from day P + 1, so a payment one day late bears one day of interest. A day's interest is
/// principal × rate / (days in its year, or 365 under `DayCount.actual365`). The days are summed as one exact
/// fraction and rounded half up to the cent once, at the end.
public enum PenaltyInterest {
    /// Something that lowers an invoice's open principal: a payment or a credit note placed on it.
    public struct Reduction: Hashable, Sendable {
        /// The day it was booked; the principal is lower from the next day on.
        public let bookedOn: LocalDate
        /// How much it lowers the principal, in minor units (negative for a reversal that raises it again).
        public let amount: Int64

        /// Creates a reduction booked on a day.
        public init(bookedOn: LocalDate, amount: Int64) {
            self.bookedOn = bookedOn
            self.amount = amount
        }
    }

    /// The interest accrued on one invoice.
    public struct Result: Hashable, Sendable {
        /// The interest in minor units, rounded half up to the cent.
        public let amount: Int64
        /// The last day counted: the as-of date, or the last day the rate table covers when `isCutShort`; nil when
        /// no day was counted (not yet overdue, or the table covers not even the first day).
        public let through: LocalDate?
        /// The penalty rate on `through` (reference rate + margin), nil when `through` is.
        public let rate: InterestRate?
        /// True when the rate table stops before the as-of date, so interest was counted only through `through`
        /// (the caller warns and says "through DATE").
        public let isCutShort: Bool

        /// The penalty rate on `through` as a decimal string ("10.5"), the reminder's `interestRate`.
        public var rateOnThrough: String? { rate?.description }

        /// Creates a result.
        public init(amount: Int64, through: LocalDate?, rate: InterestRate?, isCutShort: Bool) {
            self.amount = amount
            self.through = through
            self.rate = rate
            self.isCutShort = isCutShort
        }
    }

    /// The percentage points penalty interest adds to the reference rate: 8 for a business debtor (korkolaki 4 a §),
    /// 7 otherwise (4 §).
    public static func margin(isBusinessDebtor: Bool) -> Int { isBusinessDebtor ? 8 : 7 }

    /// The penalty interest rate on a day, or nil if the rate table does not cover it.
    public static func rate(on day: LocalDate, isBusinessDebtor: Bool, rates: ReferenceRates) -> InterestRate? {
        rates.entry(on: day)?.rate.adding(percentagePoints: margin(isBusinessDebtor: isBusinessDebtor))
    }

    /// The penalty interest on one invoice from the day after its due date through the as-of date.
    ///
    /// Counting stops before the first day the rate table does not cover: the result is then cut short and says
    /// through which day it counted. The open principal never goes below zero, however much was paid.
    /// - Parameters:
    ///   - principal: The invoice's principal in minor units, before any reduction.
    ///   - dueDate: The due date; the first day of interest is the day after it.
    ///   - asOf: The last day of interest (inclusive).
    ///   - reductions: Payments and credit notes placed on the invoice, in any order, with the day each was booked.
    ///   - isBusinessDebtor: Whether the debtor has a business ID (+8 instead of +7).
    ///   - rates: The reference-rate table.
    ///   - dayCount: How a day's interest divides the yearly rate.
    /// - Returns: The interest rounded half up to the cent, the last day counted and the rate on it.
    public static func compute(
        principal: Int64, dueDate: LocalDate, through asOf: LocalDate, reductions: [Reduction] = [],
        isBusinessDebtor: Bool, rates: ReferenceRates, dayCount: DayCount = .actualActual
    ) -> Result {
        let firstDay = dueDate.adding(days: 1)
        guard firstDay <= asOf else { return Result(amount: 0, through: nil, rate: nil, isCutShort: false) }
        let sorted = reductions.sorted { $0.bookedOn < $1.bookedOn }
        let margin = margin(isBusinessDebtor: isBusinessDebtor)
        var sum = ExactInterestSum()
        var open = principal
        var nextReduction = 0
        var day = firstDay
        var through: LocalDate? = nil
        var rateOnThrough: InterestRate? = nil
        var isCutShort = false
        // One step per run of days with the same principal, rate and year length: the half-year, cut at the next
        // day a reduction takes effect and at the as-of date.
        while day <= asOf {
            while nextReduction < sorted.count && sorted[nextReduction].bookedOn < day {
                open -= sorted[nextReduction].amount
                nextReduction += 1
            }
            guard let entry = rates.entry(on: day) else {
                isCutShort = true
                break
            }
            var end = min(entry.through, asOf)
            if nextReduction < sorted.count { end = min(end, sorted[nextReduction].bookedOn) }
            let rate = entry.rate.adding(percentagePoints: margin)
            let daysInYear = dayCount == .actual365 || LocalDate(year: day.year, month: 2, day: 29) == nil ? 365 : 366
            sum.add(principal: max(open, 0), rate: rate, days: day.days(until: end) + 1, daysInYear: daysInYear)
            through = end
            rateOnThrough = rate
            day = end.adding(days: 1)
        }
        return Result(amount: sum.roundedHalfUp, through: through, rate: rateOnThrough, isCutShort: isCutShort)
    }
}
