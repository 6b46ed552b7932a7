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
        let asOf = history.asOf
        let open = history.invoices.compactMap { invoice -> (InvoiceHistory, Int64)? in
            guard let owed = invoice.open(at: asOf), owed > 0 else { return nil }
            return (invoice, owed)
        }
        let payers = PayerStatistics.payers(history.invoices, open: open, asOf: asOf)
        let forecasts = CashForecaster(history: history.invoices, minimumSample: settings.minimumSample)
        return InsightReport(
            asOf: asOf, trendMarginDays: settings.trendMarginDays, minimumSample: settings.minimumSample,
            ageing: Ageing.tables(open, asOf: asOf), overHundredDays: Ageing.overHundredDays(open, asOf: asOf),
            payers: payers, slowestPayers: PayerStatistics.slowest(payers),
            trendAlarms: PayerStatistics.trendAlarms(history.invoices, asOf: asOf, marginDays: settings.trendMarginDays),
            forecasts: forecasts.forecasts(asOf: asOf), dso: dso(history.invoices, open: open, asOf: asOf))
    }

    /// Open principal ÷ invoiced in the 90 days through `asOf` × 90, per currency.
    static func dso(_ invoices: [InvoiceHistory], open: [(InvoiceHistory, Int64)], asOf: LocalDate) -> [DaysSalesOutstanding] {
        var owed: [Currency: Int64] = [:]
        var invoiced: [Currency: Int64] = [:]
        for (invoice, amount) in open { owed[invoice.currency, default: 0] += amount }
        let first = asOf.adding(days: -89)
        for invoice in invoices where invoice.invoiceDate >= first && invoice.invoiceDate <= asOf {
            invoiced[invoice.currency, default: 0] += invoice.amount
        }
        return Set(owed.keys).union(invoiced.keys).sorted().map {
            DaysSalesOutstanding(currency: $0, open: owed[$0] ?? 0, invoiced: invoiced[$0] ?? 0)
        }
    }
}
