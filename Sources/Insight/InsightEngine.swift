public import Receivables

/// Insight over a payment history (docs/insight.md): ageing, payer behaviour, trend alarms, the cash-in forecast with
/// its back-test, and DSO. Pure: a history and settings in, a report out.
public enum InsightEngine {
    /// What the computation may be told.
    public struct Settings: Sendable, Equatable {
        /// A customer's trend alarm is raised when its last 90 days are later than its previous 270 by more than this.
        public var trendMarginDays: Int
        /// How many invoices (paid in the forecast's cohort) a customer needs before its own delays are trusted; with
        /// fewer, the company's are used.
        public var minimumSample: Int

        /// The defaults: a margin of 7 days, a sample of 5 invoices.
        public init(trendMarginDays: Int = 7, minimumSample: Int = 5) {
            self.trendMarginDays = trendMarginDays
            self.minimumSample = minimumSample
        }
    }

    /// Every figure as of the history's as-of date.
    public static func report(_ history: PaymentHistory, settings: Settings = Settings()) -> InsightReport {
        var figures = Figures(asOf: history.asOf, settings: settings)
        for invoice in history.invoices { figures.add(invoice) }
        return figures.report()
    }

    /// Every figure as of `open.asOf`, from the sums as of that day (`sums`) and the invoices open on it or on the
    /// back-test's day, with the customers' names by key.
    public static func report(sums: InsightSums, open: OpenInvoices, names: [String: String],
                              settings: Settings = Settings()) -> InsightReport {
        report(asOf: open.asOf, sums: sums, openNow: open.now, openThen: open.then, names: names, settings: settings)
    }

    /// The invoices a report needs whole, gathered one at a time: those open on the as-of day, with what each owes, and
    /// those open on the back-test's day (8 weeks before), each in the order it came (invoice date, then number).
    public struct OpenInvoices {
        public let asOf: LocalDate
        private let madeAsOf: LocalDate
        fileprivate private(set) var now: [(InvoiceHistory, Int64)] = []
        fileprivate private(set) var then: [InvoiceHistory] = []

        /// None yet, for a report as of `asOf`.
        public init(asOf: LocalDate) {
            self.asOf = asOf
            madeAsOf = CashForecaster.backTestDay(of: asOf)
        }

        /// Keeps `invoice` if it is open on either day.
        public mutating func add(_ invoice: InvoiceHistory) {
            if let owed = invoice.open(at: asOf), owed > 0 { now.append((invoice, owed)) }
            if let owed = invoice.open(at: madeAsOf), owed > 0 { then.append(invoice) }
        }

        /// The customers of the invoices kept.
        public var customers: Set<String> { Set(now.lazy.map(\.0.customerId)).union(then.lazy.map(\.customerId)) }
    }

    private static func report(
        asOf: LocalDate, sums: InsightSums, openNow: [(InvoiceHistory, Int64)], openThen: [InvoiceHistory],
        names: [String: String], settings: Settings
    ) -> InsightReport {
        let payers = PayerStatistics.behaviours(payers: sums.payers, open: openNow, names: names, asOf: asOf)
        let forecaster = CashForecaster(asOf: asOf, minimumSample: settings.minimumSample)
        var owed: [Currency: Int64] = [:]
        for (invoice, amount) in openNow { owed[invoice.currency, default: 0] += amount }
        let dso = Set(owed.keys).union(sums.invoiced.keys).sorted().map {
            DaysSalesOutstanding(currency: $0, open: owed[$0] ?? 0, invoiced: sums.invoiced[$0]?.amount ?? 0)
        }
        return InsightReport(
            asOf: asOf, trendMarginDays: settings.trendMarginDays, minimumSample: settings.minimumSample,
            ageing: Ageing.tables(openNow, asOf: asOf), overHundredDays: Ageing.overHundredDays(openNow, asOf: asOf),
            payers: payers, slowestPayers: PayerStatistics.slowest(payers),
            trendAlarms: PayerStatistics.alarms(months: sums.months, names: names, marginDays: settings.trendMarginDays),
            forecasts: forecaster.forecasts(
                openNow: openNow.map(\.0), openThen: openThen, paidNow: sums.paidNow, paidThen: sums.paidThen),
            dso: dso)
    }

    /// The report computed from invoices fed one at a time, so that a history need not be held whole: what an invoice
    /// adds to the sums is added as it passes, and only the invoices open on the as-of day or on the back-test's day
    /// are kept, in the order they came (the ledger's: invoice date, then number).
    public struct Figures {
        private let settings: Settings
        /// What the invoices added so far add up to.
        public private(set) var sums = InsightSums()
        private var open: OpenInvoices
        private var names: [String: String] = [:]

        /// Figures as of `asOf`, nothing added yet.
        public init(asOf: LocalDate, settings: Settings = Settings()) {
            self.settings = settings
            open = OpenInvoices(asOf: asOf)
        }

        /// Adds one invoice's history.
        public mutating func add(_ invoice: InvoiceHistory) {
            sums.count(invoice, at: open.asOf)
            if let name = invoice.customerName, names[invoice.customerId] == nil { names[invoice.customerId] = name }
            open.add(invoice)
        }

        /// Every figure of what was added.
        public func report() -> InsightReport {
            InsightEngine.report(sums: sums, open: open, names: names, settings: settings)
        }
    }
}
