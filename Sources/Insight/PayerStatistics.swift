import Receivables

/// How customers pay: each payer's figures over the payer window, the slowest, and those who slowed down.
enum PayerStatistics {
    /// The payer window: the 365 days through the as-of date.
    static let windowDays = 365
    /// The trend's recent period (the 90 days through the as-of date) and the period before it (the 270 days before).
    static let recentDays = 90
    static let previousDays = 270
    /// The trend line's periods: twelve of 30 days, the 360 days of both periods (the last three are the recent one).
    static let months = (recentDays + previousDays) / 30
    /// How many payers `Slowest` keeps.
    static let slowestCount = 10

    /// Days late, weighted by amount, as an exact fraction: `amountDays / amount`.
    struct Lateness: Sendable, Equatable {
        var amountDays: Int64 = 0
        var amount: Int64 = 0
        var payments = 0

        /// Counts a payment of `amount` booked `days` after the due date (0 when it was on time or early); with a
        /// `sign` of −1, takes it back.
        mutating func count(_ amount: Int64, daysLate days: Int, sign: Int) {
            amountDays += Int64(sign) * amount * Int64(max(0, days))
            self.amount += Int64(sign) * amount
            payments += sign
        }

        static func + (left: Lateness, right: Lateness) -> Lateness {
            Lateness(amountDays: left.amountDays + right.amountDays, amount: left.amount + right.amount,
                     payments: left.payments + right.payments)
        }

        static func += (left: inout Lateness, right: Lateness) { left = left + right }

        var days: Double? { amount > 0 ? Double(amountDays) / Double(amount) : nil }
        var isZero: Bool { amountDays == 0 && amount == 0 && payments == 0 }
    }

    /// One payer's invoices settled with a last payment in the payer window.
    struct Payer: Sendable, Equatable {
        var paid = 0
        var daysLate = 0
        var onTime = 0
        /// Over every payment of those invoices.
        var lateness = Lateness()

        var isZero: Bool { paid == 0 && daysLate == 0 && onTime == 0 && lateness.isZero }

        static func += (left: inout Payer, right: Payer) {
            left.paid += right.paid
            left.daysLate += right.daysLate
            left.onTime += right.onTime
            left.lateness += right.lateness
        }
    }

    /// Counts what `invoice` adds to its payer's figures as of `day` (with a `sign` of −1, takes it back): something
    /// when it is settled on `day` and its last payment was booked in the window through `day`.
    static func countPayer(_ invoice: InvoiceHistory, at day: LocalDate, sign: Int, into payers: inout [String: Payer]) {
        var last: LocalDate?
        for payment in invoice.payments where payment.date <= day && payment.amount > 0 {
            last = max(last ?? payment.date, payment.date)
        }
        guard let last, last >= day.adding(days: -(windowDays - 1)), let owed = invoice.open(at: day), owed <= 0 else { return }
        let days = max(0, invoice.dueDate.days(until: last))
        var payer = payers.removeValue(forKey: invoice.customerId) ?? Payer()
        payer.paid += sign
        payer.daysLate += sign * days
        payer.onTime += days == 0 ? sign : 0
        for payment in invoice.payments where payment.date <= day && payment.amount > 0 {
            payer.lateness.count(payment.amount, daysLate: invoice.dueDate.days(until: payment.date), sign: sign)
        }
        if !payer.isZero { payers[invoice.customerId] = payer }
    }

    /// A customer's payments in the trend's two periods: the 270 days before the recent 90, and the recent 90.
    struct Trend: Sendable, Equatable {
        var previous = Lateness()
        var recent = Lateness()

        var isZero: Bool { previous.isZero && recent.isZero }
    }

    /// Counts `invoice`'s payments booked in the trend's two periods through `day` into its customer's (with a `sign`
    /// of −1, takes them back).
    static func countTrend(_ invoice: InvoiceHistory, at day: LocalDate, sign: Int,
                           into trends: inout [String: Trend]) {
        let recentFirst = day.adding(days: -(recentDays - 1))
        let first = day.adding(days: -(recentDays + previousDays - 1))
        guard invoice.payments.contains(where: { $0.amount > 0 && $0.date >= first && $0.date <= day }) else { return }
        var trend = trends.removeValue(forKey: invoice.customerId) ?? Trend()
        for payment in invoice.payments where payment.amount > 0 && payment.date >= first && payment.date <= day {
            let daysLate = invoice.dueDate.days(until: payment.date)
            if payment.date >= recentFirst {
                trend.recent.count(payment.amount, daysLate: daysLate, sign: sign)
            } else {
                trend.previous.count(payment.amount, daysLate: daysLate, sign: sign)
            }
        }
        if !trend.isZero { trends[invoice.customerId] = trend }
    }

    /// Counts `invoice`'s payments booked in the trend line's twelve 30-day periods through `day` into its customer's
    /// periods, the oldest first: the line an alarm draws (`InsightEngine.TrendLines`).
    static func countMonths(_ invoice: InvoiceHistory, at day: LocalDate, into months: inout [String: [Lateness]]) {
        let first = day.adding(days: -(recentDays + previousDays - 1))
        guard invoice.payments.contains(where: { $0.amount > 0 && $0.date >= first && $0.date <= day }) else { return }
        var entry = months.removeValue(forKey: invoice.customerId) ?? Array(repeating: Lateness(), count: Self.months)
        for payment in invoice.payments where payment.amount > 0 && payment.date >= first && payment.date <= day {
            entry[Self.months - 1 - payment.date.days(until: day) / 30].count(
                payment.amount, daysLate: invoice.dueDate.days(until: payment.date), sign: 1)
        }
        months[invoice.customerId] = entry
    }

    /// Hands `body` every customer that paid an invoice in the window (`payers`) or owes money on the as-of day
    /// (`owing`, which holds every customer's), one at a time, by customer id.
    static func forEachBehaviour(payers: [String: Payer], owing: Owing, _ body: (PayerBehaviour) -> Void) {
        for customer in Set(payers.keys).union(owing.customers()).sorted() {
            body(owing.owed(by: behaviour(of: customer, payers[customer] ?? Payer())))
        }
    }

    /// `customer`'s behaviour from its figures (`sum`), owing nothing.
    static func behaviour(of customer: String, _ sum: Payer) -> PayerBehaviour {
        PayerBehaviour(
            customerId: customer, customerName: nil, invoicesPaid: sum.paid,
            averageDaysLate: sum.paid > 0 ? Double(sum.daysLate) / Double(sum.paid) : nil,
            weightedDaysLate: sum.lateness.days,
            onTimeShare: sum.paid > 0 ? Double(sum.onTime) / Double(sum.paid) : nil, open: [], overdue: [])
    }

    /// What customers owe on the as-of day, per currency: open, and overdue; summed as the invoices open that day
    /// pass, of every customer or only of those asked for.
    struct Owing {
        // One entry for each customer and currency, rather than a dictionary for each customer.
        private struct Key: Hashable {
            let customer: String
            let currency: Currency
        }
        private let asOf: LocalDate
        /// The customers whose invoices are summed; nil: every customer.
        private let wanted: Set<String>?
        private var owed: [Key: (open: Int64, overdue: Int64)] = [:]
        private var currencies: Set<Currency> = []

        /// Nothing owed yet on `asOf`, summing the invoices of `customers` (nil: of every customer).
        init(asOf: LocalDate, of customers: Set<String>?) {
            self.asOf = asOf
            wanted = customers
        }

        /// Adds `item` (open on the as-of day) to what `customer` owes, if its invoices are summed.
        mutating func add(_ item: OpenItem, of customer: String) {
            guard wanted?.contains(customer) ?? true else { return }
            let key = Key(customer: customer, currency: item.currency)
            var sum = owed[key] ?? (0, 0)
            sum.open += item.open
            if item.dueDate < asOf { sum.overdue += item.open }
            owed[key] = sum
            currencies.insert(item.currency)
        }

        /// The customers that owe something.
        func customers() -> Set<String> {
            Set(owed.keys.lazy.map(\.customer))
        }

        /// `payer` with what it owes, in currency order.
        func owed(by payer: PayerBehaviour) -> PayerBehaviour {
            var (openAmounts, overdueAmounts): ([Amount], [Amount]) = ([], [])
            for currency in currencies.sorted() {
                guard let owes = owed[Key(customer: payer.customerId, currency: currency)] else { continue }
                openAmounts.append(Amount(minorUnits: owes.open, currency: currency))
                if owes.overdue > 0 { overdueAmounts.append(Amount(minorUnits: owes.overdue, currency: currency)) }
            }
            return PayerBehaviour(
                customerId: payer.customerId, customerName: payer.customerName, invoicesPaid: payer.invoicesPaid,
                averageDaysLate: payer.averageDaysLate, weightedDaysLate: payer.weightedDaysLate,
                onTimeShare: payer.onTimeShare, open: openAmounts, overdue: overdueAmounts)
        }
    }

    /// The slowest payers that were late at all, the slowest first (by weighted days late, then invoices paid, then
    /// customer id), kept in order as payers pass rather than every late payer copied and sorted.
    struct Slowest {
        /// At most `slowestCount`, the slowest first.
        private(set) var payers: [PayerBehaviour] = []

        /// Keeps `payer` if it is among the slowest so far.
        mutating func consider(_ payer: PayerBehaviour) {
            guard (payer.weightedDaysLate ?? 0) > 0,
                payers.count < slowestCount || payers.last.map({ Self.slower(payer, $0) }) == true
            else { return }
            payers.insert(payer, at: payers.firstIndex { Self.slower(payer, $0) } ?? payers.endIndex)
            if payers.count > slowestCount { payers.removeLast() }
        }

        private static func slower(_ one: PayerBehaviour, _ other: PayerBehaviour) -> Bool {
            (one.weightedDaysLate!, one.invoicesPaid, other.customerId)
                > (other.weightedDaysLate!, other.invoicesPaid, one.customerId)
        }
    }

    /// Customers whose payments booked in the last 90 days were, weighted by amount, later than those of the 270 days
    /// before by more than `marginDays` (exactly compared: equal to the margin raises nothing). A customer with no
    /// payment in either period raises nothing. The alarms' lines are not drawn (`InsightReport.draw(lines:)`).
    static func alarms(trends: [String: Trend], marginDays: Int) -> [TrendAlarm] {
        ordered(trends.compactMap { alarm($0.key, trend: $0.value, marginDays: marginDays) })
    }

    /// The alarm `customer`'s two periods raise, if they raise one; its line not drawn.
    static func alarm(_ customer: String, trend: Trend, marginDays: Int) -> TrendAlarm? {
        let (recent, previous) = (trend.recent, trend.previous)
        guard recent.amount > 0 && previous.amount > 0 else { return nil }
        // recent − previous > margin, as fractions: r/R − p/P > m  ⇔  r·P − p·R > m·R·P (R, P > 0).
        let difference = Int128(recent.amountDays) * Int128(previous.amount)
            - Int128(previous.amountDays) * Int128(recent.amount)
        guard difference > Int128(marginDays) * Int128(recent.amount) * Int128(previous.amount) else { return nil }
        return TrendAlarm(
            customerId: customer, customerName: nil, recentDaysLate: recent.days!,
            recentPayments: recent.payments, previousDaysLate: previous.days!, previousPayments: previous.payments,
            marginDays: marginDays, monthlyDaysLate: [])
    }

    /// Alarms in the report's order: by how much the customer slowed, the most first, then by customer id.
    static func ordered(_ alarms: [TrendAlarm]) -> [TrendAlarm] {
        alarms.sorted { ($0.slowerBy, $1.customerId) > ($1.slowerBy, $0.customerId) }
    }
}
