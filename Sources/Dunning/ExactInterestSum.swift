/// A running sum of day-interest, kept as an exact fraction of a minor unit until it is rounded once.
///
/// One day's interest on principal P (minor units) at rate r (hundredths of a percent) in a year of Y days is
/// P × r / (10 000 × Y) minor units. Every term shares the denominator 10 000 × 365 × 366, so the sum is one
/// `Int128` numerator over it: a 365-day year's term is scaled by 366 and a 366-day year's by 365. No `Double`, no
/// rounding until `roundedHalfUp`.
struct ExactInterestSum {
    /// The common denominator of every term: 10 000 (hundredths of a percent) × 365 × 366.
    static let denominator: Int128 = 10_000 * 365 * 366

    /// The sum so far, in units of 1 / `denominator` minor units.
    private(set) var numerator: Int128 = 0

    /// Adds the interest of some days on which principal, rate and year length stay the same.
    /// - Parameters:
    ///   - principal: The open principal on those days, in minor units.
    ///   - rate: The yearly rate on those days.
    ///   - days: How many days.
    ///   - daysInYear: 365 or 366, the year length the rate divides by.
    mutating func add(principal: Int64, rate: InterestRate, days: Int, daysInYear: Int) {
        precondition(daysInYear == 365 || daysInYear == 366, "a year has 365 or 366 days")
        let scale: Int128 = daysInYear == 365 ? 366 : 365
        numerator += Int128(principal) * Int128(rate.hundredthsOfPercent) * Int128(days) * scale
    }

    /// The sum in minor units, rounded half away from zero (half up for interest, which is never negative).
    /// Traps only if the interest does not fit in `Int64` minor units.
    var roundedHalfUp: Int64 {
        let half = Self.denominator / 2
        let magnitude = (numerator.magnitude + UInt128(half)) / UInt128(Self.denominator)
        return numerator < 0 ? -Int64(magnitude) : Int64(magnitude)
    }
}
