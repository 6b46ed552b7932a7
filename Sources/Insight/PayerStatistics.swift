import Receivables

/// How customers pay: each payer's figures over the payer window, the slowest, and those who slowed down.
enum PayerStatistics {
    /// The payer window: the 365 days through the as-of date.
    static let windowDays = 365
    /// The trend's recent period (the 90 days through the as-of date) and the period before it (the 270 days before).
    static let recentDays = 90
    static let previousDays = 270
    /// The trend line's periods: twelve of 30 days, the 360 days of both periods.
    static let months = (recentDays + previousDays) / 30
    /// How many payers `slowest` lists.
    static let slowestCount = 10

    /// Days late, weighted by amount, as an exact fraction: `amountDays / amount`.
    struct Lateness {
        var amountDays: Int64 = 0
        var amount: Int64 = 0
        var payments = 0

        /// Counts a payment of `amount` booked `days` after the due date (0 when it was on time or early).
        mutating func add(_ amount: Int64, daysLate days: Int) {
            amountDays += amount * Int64(max(0, days))
            self.amount += amount
            payments += 1
        }

        var days: Double? { amount > 0 ? Double(amountDays) / Double(amount) : nil }
    }

    /// Each payer's figures over the payer window, summed as invoices pass.
    struct Sums {
        private struct Payer {
            var name: String?
            var paid = 0
            var daysLate = 0
            var onTime = 0
            var lateness = Lateness()
            var open: [Currency: Int64] = [:]
            var overdue: [Currency: Int64] = [:]

            /// Counts an invoice settled by its payments booked through `asOf`, the last on `last`.
            mutating func settled(_ invoice: InvoiceHistory, last: LocalDate, asOf: LocalDate) {
                let days = max(0, invoice.dueDate.days(until: last))
                name = invoice.customerName
                paid += 1
                daysLate += days
                onTime += days == 0 ? 1 : 0
                for payment in invoice.payments where payment.date <= asOf && payment.amount > 0 {
                    lateness.add(payment.amount, daysLate: invoice.dueDate.days(until: payment.date))
                }
            }

            /// Counts what an invoice still owes on `asOf`, overdue when its due date has passed.
            mutating func owes(_ owed: Int64, on invoice: InvoiceHistory, asOf: LocalDate) {
                name = invoice.customerName
                open[invoice.currency, default: 0] += owed
                if invoice.dueDate < asOf { overdue[invoice.currency, default: 0] += owed }
            }
        }
        private let asOf: LocalDate
        private let first: LocalDate
        private var payers: [String: Payer] = [:]

        init(asOf: LocalDate) {
            self.asOf = asOf
            first = asOf.adding(days: -(windowDays - 1))
        }

        /// Counts an invoice settled on `asOf` whose last payment was booked in the window.
        mutating func add(_ invoice: InvoiceHistory) {
            var last: LocalDate?
            for payment in invoice.payments where payment.date <= asOf && payment.amount > 0 {
                last = max(last ?? payment.date, payment.date)
            }
            guard let last, last >= first, let owed = invoice.open(at: asOf), owed <= 0 else { return }
            payers[invoice.customerId, default: Payer()].settled(invoice, last: last, asOf: asOf)
        }

        /// Every customer that paid an invoice in the window or owes money on `asOf` (what `open` holds), by customer id.
        func behaviours(open: [(InvoiceHistory, Int64)]) -> [PayerBehaviour] {
            var payers = payers
            for (invoice, owed) in open { payers[invoice.customerId, default: Payer()].owes(owed, on: invoice, asOf: asOf) }
            func amounts(_ byCurrency: [Currency: Int64]) -> [Amount] {
                byCurrency.keys.sorted().map { Amount(minorUnits: byCurrency[$0]!, currency: $0) }
            }
            return payers.keys.sorted().map { customer in
                let sum = payers[customer]!
                return PayerBehaviour(
                    customerId: customer, customerName: sum.name, invoicesPaid: sum.paid,
                    averageDaysLate: sum.paid > 0 ? Double(sum.daysLate) / Double(sum.paid) : nil,
                    weightedDaysLate: sum.lateness.days,
                    onTimeShare: sum.paid > 0 ? Double(sum.onTime) / Double(sum.paid) : nil,
                    open: amounts(sum.open), overdue: amounts(sum.overdue))
            }
        }
    }

    /// The slowest payers that were late at all: by weighted days late, then invoices paid, then customer id.
    static func slowest(_ payers: [PayerBehaviour]) -> [PayerBehaviour] {
        let late = payers.filter { ($0.weightedDaysLate ?? 0) > 0 }
        return Array(late.sorted {
            ($0.weightedDaysLate!, $0.invoicesPaid, $1.customerId) > ($1.weightedDaysLate!, $1.invoicesPaid, $0.customerId)
        }.prefix(slowestCount))
    }

    /// Each customer's lateness in the trend's two periods and its twelve months, summed as invoices pass.
    struct Periods {
        private struct Entry {
            let name: String?
            var recent = Lateness()
            var previous = Lateness()
            var months = Array(repeating: Lateness(), count: PayerStatistics.months)

            mutating func count(_ amount: Int64, daysLate days: Int, recent isRecent: Bool, month: Int) {
                if isRecent {
                    recent.add(amount, daysLate: days)
                } else {
                    previous.add(amount, daysLate: days)
                }
                months[month].add(amount, daysLate: days)
            }
        }
        private let asOf: LocalDate
        private let recentFirst: LocalDate
        private let previousFirst: LocalDate
        private var periods: [String: Entry] = [:]

        init(asOf: LocalDate) {
            self.asOf = asOf
            recentFirst = asOf.adding(days: -(recentDays - 1))
            previousFirst = recentFirst.adding(days: -previousDays)
        }

        /// Counts the invoice's payments booked in either period.
        mutating func add(_ invoice: InvoiceHistory) {
            for payment in invoice.payments where payment.amount > 0 && payment.date >= previousFirst && payment.date <= asOf {
                periods[invoice.customerId, default: Entry(name: invoice.customerName)].count(
                    payment.amount, daysLate: invoice.dueDate.days(until: payment.date), recent: payment.date >= recentFirst,
                    month: months - 1 - payment.date.days(until: asOf) / 30)
            }
        }

        /// Customers whose payments booked in the last 90 days were, weighted by amount, later than those of the 270
        /// days before by more than `marginDays` (exactly compared: equal to the margin raises nothing). A customer with
        /// no payment in either period raises nothing.
        func alarms(marginDays: Int) -> [TrendAlarm] {
            var alarms: [TrendAlarm] = []
            for (customer, entry) in periods where entry.recent.amount > 0 && entry.previous.amount > 0 {
                // recent − previous > margin, as fractions: r/R − p/P > m  ⇔  r·P − p·R > m·R·P (R, P > 0).
                let (recent, previous) = (entry.recent, entry.previous)
                let difference = Int128(recent.amountDays) * Int128(previous.amount)
                    - Int128(previous.amountDays) * Int128(recent.amount)
                guard difference > Int128(marginDays) * Int128(recent.amount) * Int128(previous.amount) else { continue }
                alarms.append(TrendAlarm(
                    customerId: customer, customerName: entry.name, recentDaysLate: recent.days!,
                    recentPayments: recent.payments, previousDaysLate: previous.days!, previousPayments: previous.payments,
                    marginDays: marginDays, monthlyDaysLate: entry.months.map(\.days)))
            }
            return alarms.sorted { ($0.slowerBy, $1.customerId) > ($1.slowerBy, $0.customerId) }
        }
    }
}
