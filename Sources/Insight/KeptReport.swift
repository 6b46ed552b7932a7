public import Receivables

extension InsightEngine {
    /// The report from kept sums, made as the ledger hands over the invoices open on the as-of day or on the
    /// back-test's day a customer at a time, each customer with its kept rows of `InsightSums.customerFigures` (its
    /// cohorts' samples and delays), the company's rows first. A customer's invoices are summed and, when its sample
    /// is big enough, forecast from its own delays, then dropped; only what the invoices left to the company's delays
    /// owe, and when due, is kept to the end. So a big ledger's customers' delays are never all held, nor its open
    /// invoices whole. The report is `report(sums:open:)`'s from the same sums and every invoice held at once.
    public struct KeptReport {
        private let sums: InsightSums
        private let settings: Settings
        private let slowestPayers: [PayerBehaviour]?
        private var open: OpenInvoices
        private var now: CashForecaster.Making
        private var then: CashForecaster.Making
        private var company = (now: CashForecaster.Cohort.Paid(), then: CashForecaster.Cohort.Paid())

        /// A report as of `asOf` from the kept rows read whole (`sums`: what was invoiced, and every payer's figures
        /// when `settings` lists every payer); its slowest payers `slowestPayers` (from kept payer rows read apart,
        /// `SlowestPayers`, for a report that lists no payer), else those of `sums`. No customer added yet.
        public init(asOf: LocalDate, sums: InsightSums, settings: Settings, slowestPayers: [PayerBehaviour]?) {
            precondition(slowestPayers == nil || !settings.listsEveryPayer, "every payer is listed from the sums")
            self.sums = sums
            self.settings = settings
            self.slowestPayers = slowestPayers
            open = OpenInvoices(asOf: asOf, owingOf: slowestPayers.map { Set($0.map(\.customerId)) },
                                listedOverdue: settings.listedOverdue)
            let forecaster = CashForecaster(asOf: asOf, minimumSample: settings.minimumSample)
            now = forecaster.making(backTest: false)
            then = forecaster.making(backTest: true)
        }

        /// Adds one customer's open invoices and kept rows; each customer once, the company's rows (key "") before
        /// any customer's.
        /// - Throws: `InsightSumRow.Unknown` for a row of no figure of `InsightSums.customerFigures`.
        public mutating func add(_ customer: OpenCustomer) throws(InsightSumRow.Unknown) {
            var own = (now: CashForecaster.Cohort.Paid(), then: CashForecaster.Cohort.Paid())
            for row in customer.rows { try InsightSums.add(row, toOwn: &own.now, &own.then) }
            if customer.key.isEmpty && !customer.rows.isEmpty { company = own }
            for invoice in customer.histories { open.add(invoice) }
            for invoice in customer.steady { open.add(steady: invoice) }
            let items = open.takeItems()
            now.add(items.now, own: own.now.isEmpty ? nil : own.now)
            then.add(items.then, own: own.then.isEmpty ? nil : own.then)
        }

        /// The report of what was added, with the trend alarms `trendAlarms` (raised from kept months read apart,
        /// `TrendAlarms`); payers and trend alarms unnamed (`InsightReport.name(from:)`).
        public consuming func report(trendAlarms: [TrendAlarm]) -> InsightReport {
            let forecaster = CashForecaster(asOf: open.asOf, minimumSample: settings.minimumSample)
            let forecasts = forecaster.forecasts(
                open, now: now.finish(company: company.now), then: then.finish(company: company.then))
            return InsightEngine.report(
                sums: sums, open: open, settings: settings, trendAlarms: trendAlarms,
                slowestPayers: slowestPayers.map { $0.map(open.owing.owed(by:)) }, forecasts: forecasts)
        }
    }
}
