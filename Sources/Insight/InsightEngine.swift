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
        /// Whether the report lists every payer (`InsightReport.payers`), or only the slowest: a big ledger has
        /// hundreds of thousands of customers, and a page that shows ten need not hold them all.
        public var listsEveryPayer: Bool
        /// How many of the invoices over 100 days past due the report lists (`OverdueList`), or nil: every one. A
        /// backlog that grows day by day would grow a page, and what it holds, with it.
        public var listedOverdue: Int?

        /// The defaults: a margin of 7 days, a sample of 5 invoices, every payer and overdue invoice listed.
        public init(trendMarginDays: Int = 7, minimumSample: Int = 5, listsEveryPayer: Bool = true,
                    listedOverdue: Int? = nil) {
            self.trendMarginDays = trendMarginDays
            self.minimumSample = minimumSample
            self.listsEveryPayer = listsEveryPayer
            self.listedOverdue = listedOverdue
        }
    }

    /// The open invoices whose dunning states a report as of `asOf` shows are those on its list of invoices more than
    /// 100 days past due: due before the day this returns. A reader need read no other invoice's state.
    public static func statesShownDueBefore(asOf: LocalDate) -> LocalDate { asOf.adding(days: -100) }

    /// Every figure as of the history's as-of date.
    public static func report(_ history: PaymentHistory, settings: Settings = Settings()) -> InsightReport {
        var figures = Figures(asOf: history.asOf, settings: settings)
        var names: [String: String] = [:]
        for invoice in history.invoices {
            figures.add(invoice)
            if let name = invoice.customerName, names[invoice.customerId] == nil { names[invoice.customerId] = name }
        }
        var report = figures.report()
        report.name(from: names)
        let alarmed = Set(report.trendAlarms.map(\.customerId))
        var lines = TrendLines(asOf: history.asOf)
        for invoice in history.invoices where alarmed.contains(invoice.customerId) { lines.add(invoice) }
        report.draw(lines: lines.lines)
        return report
    }

    /// Every figure as of `open.asOf`, from the sums as of that day (`sums`) and the invoices open on it or on the
    /// back-test's day; payers and trend alarms unnamed (`InsightReport.name(from:)`), the alarms' lines not drawn
    /// (`InsightReport.draw(lines:)`). The trend alarms are `trendAlarms` when given (raised from kept periods read
    /// apart), else those of `sums`; the slowest payers are `slowestPayers` when given (from kept payer rows read
    /// apart, for a report that lists no payer), else those of `sums`; the forecasts are `forecasts` when given (made a
    /// customer at a time, `KeptReport`), else those of `sums` from the invoices `open` kept.
    static func report(sums: InsightSums, open: OpenInvoices, settings: Settings = Settings(),
                       trendAlarms: [TrendAlarm]? = nil, slowestPayers: [PayerBehaviour]? = nil,
                       forecasts: [CashForecast]? = nil)
        -> InsightReport
    {
        precondition(slowestPayers == nil || !settings.listsEveryPayer, "every payer is listed from the sums")
        let asOf = open.asOf
        var payers: [PayerBehaviour] = []
        var slowest = PayerStatistics.Slowest()
        if slowestPayers == nil {
            PayerStatistics.forEachBehaviour(payers: sums.payers, owing: open.owing) { payer in
                slowest.consider(payer)
                if settings.listsEveryPayer { payers.append(payer) }
            }
        }
        let forecaster = CashForecaster(asOf: asOf, minimumSample: settings.minimumSample)
        let overdue = open.overHundredDays.finish()
        let dso = Set(open.owed.keys).union(sums.invoiced.keys).sorted().map {
            DaysSalesOutstanding(currency: $0, open: open.owed[$0] ?? 0, invoiced: sums.invoiced[$0]?.amount ?? 0)
        }
        return InsightReport(
            asOf: asOf, trendMarginDays: settings.trendMarginDays, minimumSample: settings.minimumSample,
            ageing: open.ageing.tables(), overHundredDays: overdue.listed, unlistedOverdue: overdue.unlisted,
            payers: payers, slowestPayers: slowestPayers ?? slowest.payers,
            trendAlarms: trendAlarms
                ?? PayerStatistics.alarms(trends: sums.trends, marginDays: settings.trendMarginDays),
            forecasts: forecasts ?? forecaster.forecasts(open, paidNow: sums.paidNow, paidThen: sums.paidThen),
            dso: dso)
    }

    /// The report computed from invoices fed one at a time, so that a history need not be held whole: what an invoice
    /// adds to the sums is added as it passes, and only the invoices open on the as-of day or on the back-test's day
    /// are kept, in the order they came (the ledger's: invoice date, then number).
    public struct Figures {
        private let settings: Settings
        /// What the invoices added so far add up to.
        private var sums = InsightSums()
        private var open: OpenInvoices

        /// Figures as of `asOf`, nothing added yet.
        public init(asOf: LocalDate, settings: Settings = Settings()) {
            self.settings = settings
            open = OpenInvoices(asOf: asOf, listedOverdue: settings.listedOverdue)
        }

        /// Adds one invoice's history.
        public mutating func add(_ invoice: InvoiceHistory) {
            sums.count(invoice, at: open.asOf)
            open.add(invoice)
        }

        /// Every figure of what was added; payers and trend alarms unnamed (`InsightReport.name(from:)`), the alarms'
        /// lines not drawn (`InsightReport.draw(lines:)`).
        public func report() -> InsightReport {
            InsightEngine.report(sums: sums, open: open, settings: settings)
        }
    }
}
