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

    /// The report computed from invoices fed one at a time, so that a history need not be held whole: what an invoice
    /// adds to a sum is added as it passes, and only the invoices open on the as-of day or on the back-test's day are
    /// kept. Fed in the order the ledger reads them (invoice date, then number), it gives what `report` gives.
    public struct Figures {
        private let asOf: LocalDate
        private let settings: Settings
        /// The invoices open on the as-of day, with what each owed, in the order they came.
        private var open: [(InvoiceHistory, Int64)] = []
        private var payers: PayerStatistics.Sums
        private var trends: PayerStatistics.Periods
        private var forecaster: CashForecaster
        /// Invoiced in the 90 days through the as-of day, per currency (DSO's denominator).
        private var invoiced: [Currency: Int64] = [:]

        /// Figures as of `asOf`, nothing added yet.
        public init(asOf: LocalDate, settings: Settings = Settings()) {
            self.asOf = asOf
            self.settings = settings
            payers = PayerStatistics.Sums(asOf: asOf)
            trends = PayerStatistics.Periods(asOf: asOf)
            forecaster = CashForecaster(asOf: asOf, minimumSample: settings.minimumSample)
        }

        /// Adds one invoice's history.
        public mutating func add(_ invoice: InvoiceHistory) {
            if let owed = invoice.open(at: asOf), owed > 0 { open.append((invoice, owed)) }
            payers.add(invoice)
            trends.add(invoice)
            forecaster.add(invoice)
            if invoice.invoiceDate >= asOf.adding(days: -89) && invoice.invoiceDate <= asOf {
                invoiced[invoice.currency, default: 0] += invoice.amount
            }
        }

        /// Every figure of what was added.
        public func report() -> InsightReport {
            let payers = payers.behaviours(open: open)
            return InsightReport(
                asOf: asOf, trendMarginDays: settings.trendMarginDays, minimumSample: settings.minimumSample,
                ageing: Ageing.tables(open, asOf: asOf), overHundredDays: Ageing.overHundredDays(open, asOf: asOf),
                payers: payers, slowestPayers: PayerStatistics.slowest(payers),
                trendAlarms: trends.alarms(marginDays: settings.trendMarginDays),
                forecasts: forecaster.forecasts(openNow: open.lazy.map(\.0)), dso: dso())
        }

        /// Open principal ÷ invoiced in the 90 days through `asOf` × 90, per currency.
        private func dso() -> [DaysSalesOutstanding] {
            var owed: [Currency: Int64] = [:]
            for (invoice, amount) in open { owed[invoice.currency, default: 0] += amount }
            return Set(owed.keys).union(invoiced.keys).sorted().map {
                DaysSalesOutstanding(currency: $0, open: owed[$0] ?? 0, invoiced: invoiced[$0] ?? 0)
            }
        }
    }
}
