public import Receivables

extension InsightEngine {
    /// The forecasts of a report from kept sums, made as the cohorts' delays are read (`delayFigures`, a figure's rows
    /// in owner order): each customer's delays are used once its rows have passed and then dropped, so that the delays
    /// of every customer are never all held. The forecasts are those of `report(sums:open:)` from every row.
    public struct KeptForecasts {
        /// The delay figures to read, each with the owners whose delays the forecasts use (`InsightSums.delayFigures`).
        public let delayFigures: [(figure: Int, owners: Set<String>)]
        private let forecaster: CashForecaster
        private let open: OpenInvoices
        private let samples: (now: CashForecaster.Cohort, then: CashForecaster.Cohort)
        private var now: CashForecaster.Making
        private var then: CashForecaster.Making
        private var company: (now: CashForecaster.Cohort.Paid, then: CashForecaster.Cohort.Paid)
        /// The owner whose rows are passing: of which cohort, and what they paid so far.
        private var passing: (now: Bool, owner: String, paid: CashForecaster.Cohort.Paid)?

        /// Forecasts of the invoices `open` from the sums whose samples (`InsightSums.sampleFigures`) are read.
        public init(sums: InsightSums, open: OpenInvoices, settings: Settings) {
            delayFigures = sums.delayFigures(minimumSample: settings.minimumSample)
            forecaster = CashForecaster(asOf: open.asOf, minimumSample: settings.minimumSample)
            self.open = open
            samples = (sums.paidNow, sums.paidThen)
            now = forecaster.making(open, backTest: false)
            then = forecaster.making(open, backTest: true)
            company = (sums.paidNow.all, sums.paidThen.all)
        }

        /// Adds a row of a delay figure; an owner's rows of a figure come together.
        /// - Throws: `InsightSumRow.Unknown` for a row of no delay figure.
        public mutating func add(_ row: InsightSumRow) throws(InsightSumRow.Unknown) {
            let (ofNow, delay, share) = try InsightSums.delay(of: row)
            if let passing, passing.now != ofNow || passing.owner != row.owner { usePassing() }
            if passing == nil {
                let cohort = ofNow ? samples.now : samples.then
                let sample = row.owner.isEmpty ? cohort.all.sample : cohort.byCustomer[row.owner]?.sample ?? 0
                passing = (ofNow, row.owner, CashForecaster.Cohort.Paid(sample: sample))
            }
            passing?.paid.atDelay[delay, default: 0] += share
        }

        /// The forecasts, from the rows added.
        public mutating func forecasts() -> [CashForecast] {
            usePassing()
            return forecaster.forecasts(open, now: now.finish(company: company.now),
                                        then: then.finish(company: company.then))
        }

        /// Forecasts the customer whose rows have passed (or keeps the company's delays, for the rest).
        private mutating func usePassing() {
            guard let (ofNow, owner, paid) = passing else { return }
            passing = nil
            switch (ofNow, owner.isEmpty) {
            case (true, true): company.now = paid
            case (false, true): company.then = paid
            case (true, false): now.add(own: paid, of: owner)
            case (false, false): then.add(own: paid, of: owner)
            }
        }
    }
}
