// The insight's two layers (docs/insight.md): the payment history the ledger reads for it, and the figures it
// computes from that history, which `saatava insight` prints as JSON and a page may render. Both are plain values
// here, so that the renderers need not know how the figures were computed.

// MARK: - The payment history (what the ledger reads)

/// An amount of money on a day: a payment booked, or a credit note dated.
public struct DatedAmount: Sendable, Equatable {
    public let date: LocalDate
    /// In minor units of the invoice's currency.
    public let amount: Int64

    /// Creates an amount on a day.
    public init(date: LocalDate, amount: Int64) {
        self.date = date
        self.amount = amount
    }
}

/// Where dunning stands with an invoice, as the ledger records it now.
public struct DunningState: Sendable, Equatable {
    /// How many reminders were issued for it.
    public let reminderLevel: Int
    /// Whether it was transferred to collection.
    public let inCollection: Bool
    /// The kind of the active hold that covers it (the invoice's own or its customer's; a dispute before a plan
    /// before a hold), if any.
    public let hold: HoldKind?

    /// Creates a dunning state.
    public init(reminderLevel: Int, inCollection: Bool, hold: HoldKind?) {
        self.reminderLevel = reminderLevel
        self.inCollection = inCollection
        self.hold = hold
    }

    /// No reminder, no collection, no hold.
    public static let none = DunningState(reminderLevel: 0, inCollection: false, hold: nil)
}

/// One receivable (an invoice or an interest invoice) with every payment and credit note that lowered its principal.
public struct InvoiceHistory: Sendable, Equatable {
    public let invoiceNumber: String
    /// The customer's stable key (`id:<business ID>`, `cust:…`, `einvoice:…`, `name:…`).
    public let customerId: String
    public let customerName: String?
    public let currency: Currency
    /// What was invoiced, in minor units.
    public let amount: Int64
    public let invoiceDate: LocalDate
    /// The due date; the invoice date when the invoice states none.
    public let dueDate: LocalDate
    /// Where the dunning ladder has it: a reader that knows only later whether it needs the state sets it then.
    public var dunning: DunningState
    /// What each payment paid of the principal, by the payment's booking date: one entry per payment, its
    /// allocations less the rows that undid them (a payment reversed in full is left out).
    public let payments: [DatedAmount]
    /// What each credit note took off the principal, by the credit note's date.
    public let credits: [DatedAmount]

    /// Creates an invoice's history.
    public init(
        invoiceNumber: String, customerId: String, customerName: String?, currency: Currency, amount: Int64,
        invoiceDate: LocalDate, dueDate: LocalDate, dunning: DunningState = .none, payments: [DatedAmount] = [],
        credits: [DatedAmount] = []
    ) {
        self.invoiceNumber = invoiceNumber
        self.customerId = customerId
        self.customerName = customerName
        self.currency = currency
        self.amount = amount
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.dunning = dunning
        self.payments = payments
        self.credits = credits
    }

    /// What the principal still owed at the end of `day`: the amount less the payments booked and the credit notes
    /// dated on or before it. Nil when the invoice is dated after `day` (it was not owed yet).
    public func open(at day: LocalDate) -> Int64? {
        guard invoiceDate <= day else { return nil }
        var open = amount
        for payment in payments where payment.date <= day { open -= payment.amount }
        for credit in credits where credit.date <= day { open -= credit.amount }
        return open
    }
}

/// A receivable open on a day (the as-of day) that nothing booked after an earlier day (or after its own date, if
/// later) touched, nor anything after the as-of day: no payment booked, no credit note dated then. What it owes now it
/// owed at the end of the as-of day, and of the earlier day when it was dated by then. A reader that needs only what
/// it owed on those two days need not read its history.
public struct SteadyOpenInvoice: Sendable, Equatable {
    public let invoiceNumber: String
    /// The customer's stable key, as `InvoiceHistory.customerId`.
    public let customerId: String
    public let customerName: String?
    public let currency: Currency
    /// What was invoiced, in minor units.
    public let amount: Int64
    /// What it owes of that, in minor units (more than zero).
    public let open: Int64
    public let invoiceDate: LocalDate
    /// The due date; the invoice date when the invoice states none.
    public let dueDate: LocalDate
    public let dunning: DunningState

    /// Creates an open invoice.
    public init(
        invoiceNumber: String, customerId: String, customerName: String?, currency: Currency, amount: Int64,
        open: Int64, invoiceDate: LocalDate, dueDate: LocalDate, dunning: DunningState = .none
    ) {
        self.invoiceNumber = invoiceNumber
        self.customerId = customerId
        self.customerName = customerName
        self.currency = currency
        self.amount = amount
        self.open = open
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.dunning = dunning
    }
}

/// One customer's receivables that insight's report from kept sums reads a customer at a time, with the customer's kept
/// rows: those read with their histories, those read as they are (`SteadyOpenInvoice`), and its rows of the figures
/// asked for. The company's rows come as a customer of key "" with no receivables.
public struct OpenCustomer: Sendable, Equatable {
    /// The customer's stable key, as `InvoiceHistory.customerId`; "" for the company.
    public let key: String
    public var histories: [InvoiceHistory] = []
    public var steady: [SteadyOpenInvoice] = []
    /// Its kept rows (`InsightSumRow.owner` is the key), each figure's in slot order.
    public var rows: [InsightSumRow] = []

    /// A customer with nothing read yet.
    public init(key: String) {
        self.key = key
    }
}

/// What insight reads from the ledger: the receivables open now, those invoiced since `since`, and those paid by
/// payments booked since `since`, each with its whole history.
public struct PaymentHistory: Sendable, Equatable {
    /// The day the history was read for (nothing booked after it counts).
    public let asOf: LocalDate
    /// The earliest invoice date and booking date the history is complete from.
    public let since: LocalDate
    public let invoices: [InvoiceHistory]

    /// Creates a payment history.
    public init(asOf: LocalDate, since: LocalDate, invoices: [InvoiceHistory]) {
        self.asOf = asOf
        self.since = since
        self.invoices = invoices
    }

    /// How many days before `asOf` the history must reach for every figure and the back-test: the back-test's cohort
    /// (365 days) before its day (56 days earlier).
    public static let daysNeeded = 365 + 56
}

// MARK: - The sums a day's run keeps (docs/insight.md, "How the ledger is read")

/// One of insight's kept sums as the ledger stores it: which figure, whose (a customer's key, "" for the company, or a
/// currency's code), where in the figure, and up to three integer values.
public struct InsightSumRow: Sendable, Equatable {
    public let figure: Int
    public let owner: String
    public let slot: Int
    public let a: Int64
    public let b: Int64
    public let c: Int64

    /// Creates a row.
    public init(figure: Int, owner: String, slot: Int, _ a: Int64, _ b: Int64 = 0, _ c: Int64 = 0) {
        self.figure = figure
        self.owner = owner
        self.slot = slot
        self.a = a
        self.b = b
        self.c = c
    }

    /// A row that no saatava writes: the ledger is newer than this saatava, or damaged.
    public struct Unknown: Error, CustomStringConvertible {
        public let row: InsightSumRow
        public init(row: InsightSumRow) { self.row = row }
        public var description: String {
            "insight's kept sums hold a row this saatava does not know (figure \(row.figure), slot \(row.slot))"
        }
    }
}

/// How far the kept sums reach: the day they are as of, and the last money row (allocation) and invoice they saw.
public struct InsightMark: Sendable, Equatable {
    public let asOf: LocalDate
    public let lastAllocation: Int64
    public let lastInvoice: Int64
    /// The creditor whose own invoices the sums count (nil: every seller's).
    public let creditor: String?

    /// Creates a mark.
    public init(asOf: LocalDate, lastAllocation: Int64, lastInvoice: Int64, creditor: String? = nil) {
        self.asOf = asOf
        self.lastAllocation = lastAllocation
        self.lastInvoice = lastInvoice
        self.creditor = creditor
    }
}

/// The invoices to read again to bring the kept sums from their mark's day to another: those booked after the mark's
/// last invoice or with a money row after its last allocation, those dated in `invoiceDates`, and those with a payment
/// booked in `paymentDates` (or, without a booking date, placed by a run of a day in them) or a credit note dated in
/// `creditDates`.
public struct InsightChanges: Sendable, Equatable {
    public let mark: InsightMark
    public let invoiceDates: [ClosedRange<LocalDate>]
    public let paymentDates: [ClosedRange<LocalDate>]
    public let creditDates: [ClosedRange<LocalDate>]

    /// Creates the changes.
    public init(mark: InsightMark, invoiceDates: [ClosedRange<LocalDate>], paymentDates: [ClosedRange<LocalDate>],
                creditDates: [ClosedRange<LocalDate>]) {
        self.mark = mark
        self.invoiceDates = invoiceDates
        self.paymentDates = paymentDates
        self.creditDates = creditDates
    }
}

// MARK: - The figures (what insight computes)

/// An ageing bucket: how many days past its due date an open invoice is.
public enum AgeingBucket: String, Sendable, CaseIterable {
    /// Due today or later.
    case notDue = "not_due"
    case days1To30 = "1-30"
    case days31To60 = "31-60"
    case days61To90 = "61-90"
    case days91To100 = "91-100"
    case over100 = "over_100"

    /// The bucket of an invoice this many days past due (0 or less: not due).
    public init(daysPastDue days: Int) {
        switch days {
        case ...0: self = .notDue
        case 1...30: self = .days1To30
        case 31...60: self = .days31To60
        case 61...90: self = .days61To90
        case 91...100: self = .days91To100
        default: self = .over100
        }
    }
}

/// One row of an ageing table: the open invoices of one bucket.
public struct AgeingRow: Sendable, Equatable {
    public let bucket: AgeingBucket
    public let count: Int
    /// Their open principal, in minor units.
    public let amount: Int64

    /// Creates an ageing row.
    public init(bucket: AgeingBucket, count: Int, amount: Int64) {
        self.bucket = bucket
        self.count = count
        self.amount = amount
    }
}

/// The ageing of one currency's open receivables: a row for every bucket, in order, empty ones too.
public struct AgeingTable: Sendable, Equatable {
    public let currency: Currency
    public let rows: [AgeingRow]

    /// Creates an ageing table.
    public init(currency: Currency, rows: [AgeingRow]) {
        self.currency = currency
        self.rows = rows
    }

    /// How many invoices are open.
    public var count: Int { rows.reduce(0) { $0 + $1.count } }
    /// Their open principal, in minor units.
    public var amount: Int64 { rows.reduce(0) { $0 + $1.amount } }
}

/// An open invoice more than 100 days past due, with where dunning stands with it.
public struct OverdueInvoice: Sendable, Equatable {
    public let invoiceNumber: String
    public let customerId: String
    public let customerName: String?
    public let currency: Currency
    /// What was invoiced, in minor units.
    public let amount: Int64
    /// The principal still open, in minor units.
    public let open: Int64
    public let dueDate: LocalDate
    public let daysPastDue: Int
    public let dunning: DunningState

    /// Creates an overdue invoice.
    public init(
        invoiceNumber: String, customerId: String, customerName: String?, currency: Currency, amount: Int64, open: Int64,
        dueDate: LocalDate, daysPastDue: Int, dunning: DunningState
    ) {
        self.invoiceNumber = invoiceNumber
        self.customerId = customerId
        self.customerName = customerName
        self.currency = currency
        self.amount = amount
        self.open = open
        self.dueDate = dueDate
        self.daysPastDue = daysPastDue
        self.dunning = dunning
    }
}

/// How a customer paid over the payer window (the 365 days through the as-of date), and what it owes now.
public struct PayerBehaviour: Sendable, Equatable {
    public let customerId: String
    public internal(set) var customerName: String?
    /// Invoices paid in full by a payment booked in the window.
    public let invoicesPaid: Int
    /// The mean, over those invoices, of the days from the due date to the payment that completed it (0 when on time).
    public let averageDaysLate: Double?
    /// The days late of every payment on those invoices (its booking date less the due date, at least 0), weighted
    /// by the amount it paid.
    public let weightedDaysLate: Double?
    /// The share of those invoices completed on or before the due date, from 0 to 1.
    public let onTimeShare: Double?
    /// What it owes now, per currency (open principal), in currency order.
    public let open: [Amount]
    /// What of that is past due, per currency, in currency order.
    public let overdue: [Amount]

    /// Creates a payer's figures.
    public init(
        customerId: String, customerName: String?, invoicesPaid: Int, averageDaysLate: Double?, weightedDaysLate: Double?,
        onTimeShare: Double?, open: [Amount], overdue: [Amount]
    ) {
        self.customerId = customerId
        self.customerName = customerName
        self.invoicesPaid = invoicesPaid
        self.averageDaysLate = averageDaysLate
        self.weightedDaysLate = weightedDaysLate
        self.onTimeShare = onTimeShare
        self.open = open
        self.overdue = overdue
    }
}

/// A customer whose payments of the last 90 days were later than those of the 270 days before by more than the
/// margin: the figures that raised the alarm.
public struct TrendAlarm: Sendable, Equatable {
    public let customerId: String
    public internal(set) var customerName: String?
    /// The amount-weighted days late of the payments booked in the last 90 days through the as-of date.
    public let recentDaysLate: Double
    /// How many payments that is.
    public let recentPayments: Int
    /// The amount-weighted days late of the payments booked in the 270 days before those 90.
    public let previousDaysLate: Double
    public let previousPayments: Int
    /// The config's `insight.trendMarginDays`: the alarm is raised when `slowerBy` exceeds it.
    public let marginDays: Int
    /// The amount-weighted days late of the payments booked in each of the twelve 30-day periods through the as-of
    /// date, the oldest first (the last three are the recent 90 days); nil for a period without payments. Empty in a
    /// page's report for an alarm the page does not show.
    public internal(set) var monthlyDaysLate: [Double?]

    /// Creates a trend alarm.
    public init(
        customerId: String, customerName: String?, recentDaysLate: Double, recentPayments: Int, previousDaysLate: Double,
        previousPayments: Int, marginDays: Int, monthlyDaysLate: [Double?]
    ) {
        self.customerId = customerId
        self.customerName = customerName
        self.recentDaysLate = recentDaysLate
        self.recentPayments = recentPayments
        self.previousDaysLate = previousDaysLate
        self.previousPayments = previousPayments
        self.marginDays = marginDays
        self.monthlyDaysLate = monthlyDaysLate
    }

    /// How many days later the recent payments were.
    public var slowerBy: Double { recentDaysLate - previousDaysLate }
}

/// One week of a cash-in forecast: the principal expected to be booked in it, by the method and by the naive rule
/// (every open invoice paid on its due date; one already due, in the first week).
public struct ForecastWeek: Sendable, Equatable {
    /// The first day of the week (the day after the forecast's day, then every 7 days).
    public let start: LocalDate
    /// The last day of the week (6 days after `start`).
    public let end: LocalDate
    /// In minor units.
    public let expected: Int64
    /// In minor units.
    public let naive: Int64

    /// Creates a forecast week.
    public init(start: LocalDate, end: LocalDate, expected: Int64, naive: Int64) {
        self.start = start
        self.end = end
        self.expected = expected
        self.naive = naive
    }
}

/// One week of a back-test: what the forecast made on the back-test's day expected, what the naive rule did, and
/// what was actually booked on the invoices open that day.
public struct BackTestWeek: Sendable, Equatable {
    public let start: LocalDate
    public let end: LocalDate
    /// In minor units.
    public let expected: Int64
    /// In minor units.
    public let naive: Int64
    /// In minor units.
    public let actual: Int64

    /// Creates a back-test week.
    public init(start: LocalDate, end: LocalDate, expected: Int64, naive: Int64, actual: Int64) {
        self.start = start
        self.end = end
        self.expected = expected
        self.naive = naive
        self.actual = actual
    }
}

/// The same forecast made 8 weeks before the as-of date, from what the ledger knew then, against what arrived.
public struct ForecastBackTest: Sendable, Equatable {
    /// The day the forecast is made as of (56 days before the report's as-of date).
    public let madeAsOf: LocalDate
    public let weeks: [BackTestWeek]
    /// The forecast's weighted absolute percentage error: the sum over the weeks of |expected − actual|, divided by
    /// the sum of actual, in percent. Nil when nothing arrived.
    public let error: Double?
    /// The naive rule's, the same way.
    public let naiveError: Double?

    /// Creates a back-test.
    public init(madeAsOf: LocalDate, weeks: [BackTestWeek], error: Double?, naiveError: Double?) {
        self.madeAsOf = madeAsOf
        self.weeks = weeks
        self.error = error
        self.naiveError = naiveError
    }
}

/// The cash-in forecast of one currency for the 8 weeks after the as-of date, with its back-test.
public struct CashForecast: Sendable, Equatable {
    public let currency: Currency
    /// The principal open on the as-of date, in minor units: what the weeks spread, with `beyond`.
    public let open: Int64
    public let weeks: [ForecastWeek]
    /// What of `open` is not expected within the 8 weeks (later, or never), in minor units.
    public let beyond: Int64
    public let backTest: ForecastBackTest

    /// Creates a forecast.
    public init(currency: Currency, open: Int64, weeks: [ForecastWeek], beyond: Int64, backTest: ForecastBackTest) {
        self.currency = currency
        self.open = open
        self.weeks = weeks
        self.beyond = beyond
        self.backTest = backTest
    }
}

/// Days sales outstanding for one currency: open receivables ÷ invoiced in the last 90 days × 90.
public struct DaysSalesOutstanding: Sendable, Equatable {
    public let currency: Currency
    /// The principal open on the as-of date, in minor units.
    public let open: Int64
    /// What was invoiced in the 90 days through the as-of date, in minor units.
    public let invoiced: Int64

    /// Creates a DSO figure.
    public init(currency: Currency, open: Int64, invoiced: Int64) {
        self.currency = currency
        self.open = open
        self.invoiced = invoiced
    }

    /// The days; nil when nothing was invoiced in the 90 days.
    public var days: Double? { invoiced > 0 ? Double(open) / Double(invoiced) * 90 : nil }
}

/// Everything insight tells as of a day (docs/insight.md).
public struct InsightReport: Sendable, Equatable {
    public let asOf: LocalDate
    /// The config's `insight.trendMarginDays`.
    public let trendMarginDays: Int
    /// How many invoices paid in the payer window a customer needs before the forecast trusts its own delays.
    public let minimumSample: Int
    /// One table per currency, in currency order.
    public let ageing: [AgeingTable]
    /// Open invoices over 100 days past due, the oldest first: every one, or in a page's report only the oldest to act
    /// on (`OverdueList`).
    public let overHundredDays: [OverdueInvoice]
    /// Those over 100 days past due that the report counts instead of listing (a page's: those with the collection
    /// agency and those beyond the oldest), as `OverdueList.finish()` gives them; empty when every one is listed.
    public let unlistedOverdue: [UnlistedOverdue]
    /// Every customer that paid an invoice in the payer window or owes money now, by customer id; empty in a page's
    /// report (report.html, `insight --format html`), which shows only the slowest.
    public private(set) var payers: [PayerBehaviour]
    /// The slowest payers (at most 10), the slowest first: by weighted days late, then invoices paid, then customer id.
    public private(set) var slowestPayers: [PayerBehaviour]
    /// By how much the customer slowed, the most first.
    public private(set) var trendAlarms: [TrendAlarm]
    /// One per currency with money open now or on the back-test's day, in currency order.
    public let forecasts: [CashForecast]
    /// One per currency, in currency order.
    public let dso: [DaysSalesOutstanding]

    /// Creates a report.
    public init(
        asOf: LocalDate, trendMarginDays: Int, minimumSample: Int, ageing: [AgeingTable],
        overHundredDays: [OverdueInvoice], unlistedOverdue: [UnlistedOverdue] = [], payers: [PayerBehaviour],
        slowestPayers: [PayerBehaviour], trendAlarms: [TrendAlarm], forecasts: [CashForecast],
        dso: [DaysSalesOutstanding]
    ) {
        self.asOf = asOf
        self.trendMarginDays = trendMarginDays
        self.minimumSample = minimumSample
        self.ageing = ageing
        self.overHundredDays = overHundredDays
        self.unlistedOverdue = unlistedOverdue
        self.payers = payers
        self.slowestPayers = slowestPayers
        self.trendAlarms = trendAlarms
        self.forecasts = forecasts
        self.dso = dso
    }
}

extension InsightReport {
    /// The keys of the customers the report lists by name: its payers, the slowest and the trend alarms (the invoices
    /// over 100 days past due carry their customer's name from the invoice).
    public var customersToName: Set<String> {
        Set(payers.lazy.map(\.customerId)).union(slowestPayers.lazy.map(\.customerId))
            .union(trendAlarms.lazy.map(\.customerId))
    }

    /// Draws each trend alarm's line from `lines` (customer key → `TrendAlarm.monthlyDaysLate`); an alarm whose
    /// customer is not in it keeps the line it had. Insight raises alarms from two kept sums per customer and draws the
    /// lines of the few it raised from their histories.
    public mutating func draw(lines: [String: [Double?]]) {
        for index in trendAlarms.indices {
            let customer = trendAlarms[index].customerId
            trendAlarms[index].monthlyDaysLate = lines[customer] ?? trendAlarms[index].monthlyDaysLate
        }
    }

    /// Names the payers, the slowest and the trend alarms from `names` (customer key → name); a customer not in it
    /// keeps the name it had. Insight computes a report unnamed, so that a ledger of many customers need not hold every
    /// name.
    public mutating func name(from names: [String: String]) {
        func fill<Listed>(
            _ list: inout [Listed], key: KeyPath<Listed, String>, name: WritableKeyPath<Listed, String?>
        ) {
            for index in list.indices {
                list[index][keyPath: name] = names[list[index][keyPath: key]] ?? list[index][keyPath: name]
            }
        }
        fill(&payers, key: \.customerId, name: \.customerName)
        fill(&slowestPayers, key: \.customerId, name: \.customerName)
        fill(&trendAlarms, key: \.customerId, name: \.customerName)
    }
}
