/// When a payment made on the last day to pay (an invoice's due date, a reminder's pay-by date, a plan's instalment)
/// can be known (docs/dunning.md): a last day on which Finnish banks are closed (a weekend or a bank holiday) moves to
/// the next banking day, as paying then is in time; the money reaches the creditor's bank on the banking day after it
/// is paid, and the bank's file of that day comes with the next banking day's morning run.
public enum PaymentTiming {
    /// The day by which a payment made on `lastDay` is booked on the creditor's account.
    public static func bookedBy(paymentOn lastDay: LocalDate) -> LocalDate {
        lastDay.bankingDay.adding(days: 1).bankingDay
    }

    /// The first day a run knows of a payment made on `lastDay`: the banking day after it was booked.
    public static func firstDayKnowing(paymentOn lastDay: LocalDate) -> LocalDate {
        bookedBy(paymentOn: lastDay).adding(days: 1).bankingDay
    }
}

extension LocalDate {
    /// The day, or the first banking day after it when Finnish banks are closed on it.
    public var bankingDay: LocalDate {
        var day = self
        while !day.isBankingDay { day = day.adding(days: 1) }
        return day
    }

    /// Whether Finnish banks are open: a weekday that is not one of their eleven closing days, New Year's Day,
    /// Epiphany (6.1.), Good Friday, Easter Monday, May Day, Ascension Day, Midsummer Eve (the Friday of 19–25.6.),
    /// Independence Day (6.12.), Christmas Eve, Christmas Day and Boxing Day.
    public var isBankingDay: Bool {
        guard weekday <= 5 else { return false }
        switch (month, day) {
        case (1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26): return false
        case (6, 19...25): return weekday != 5
        case (3, _), (4, _), (5, _), (6, _):
            let fromEaster = LocalDate.easterSunday(of: year).days(until: self)
            return fromEaster != -2 && fromEaster != 1 && fromEaster != 39
        default: return true
        }
    }

    /// Easter Sunday of a Gregorian year (the anonymous Gregorian computus of Meeus, Jones and Butcher).
    static func easterSunday(of year: Int) -> LocalDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day)!
    }
}
