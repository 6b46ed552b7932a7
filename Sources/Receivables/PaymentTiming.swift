/// When a payment made on the last day to pay (an invoice's due date, a reminder's pay-by date, a plan's instalment)
/// can be known (docs/dunning.md): a last day on a Saturday or Sunday moves to the Monday, as paying on the next
/// banking day is in time; the money reaches the creditor's bank on the banking day after it is paid, and the bank's
/// file of that day comes with the next banking day's morning run. Public holidays are not counted as closed days.
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
    /// The day, or the Monday after it when it falls on a Saturday or Sunday.
    public var bankingDay: LocalDate { weekday >= 6 ? adding(days: 8 - weekday) : self }
}
