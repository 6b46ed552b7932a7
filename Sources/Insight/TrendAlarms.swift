public import Receivables

extension InsightEngine {
    /// The trend alarms of kept period rows (`InsightSums.trendFigure`) handed over a customer at a time, every row of
    /// a customer together (the ledger reads them in owner order): a big ledger's periods for each customer are then
    /// never all held. The alarms' lines are not drawn (`InsightReport.draw(lines:)`). Rows are told apart by the
    /// owner as a Swift string: two keys equal only under Unicode normalisation are one customer when their rows come
    /// together, as in the sums made afresh (no key saatava writes differs that way).
    public struct TrendAlarms {
        private let marginDays: Int
        private var customer: String?
        private var trend = PayerStatistics.Trend()
        private var raised: [TrendAlarm] = []

        /// None raised yet, for a margin of `marginDays` days.
        public init(marginDays: Int) { self.marginDays = marginDays }

        /// Adds one period row; a row of another customer ends the one before.
        /// - Throws: `InsightSumRow.Unknown` for a row that is no period of the trend.
        public mutating func add(_ row: InsightSumRow) throws(InsightSumRow.Unknown) {
            if row.owner != customer {
                endCustomer()
                customer = row.owner
            }
            try InsightSums.add(row, to: &trend)
        }

        /// The alarms raised, in the report's order.
        public consuming func alarms() -> [TrendAlarm] {
            endCustomer()
            return PayerStatistics.ordered(raised)
        }

        private mutating func endCustomer() {
            if let customer, let alarm = PayerStatistics.alarm(customer, trend: trend, marginDays: marginDays) {
                raised.append(alarm)
            }
            trend = PayerStatistics.Trend()
        }
    }

    /// The lines of trend alarms drawn from the histories of their customers' invoices, handed over one at a time: each
    /// customer's days late, weighted by amount, in each of the twelve 30-day periods through the as-of day, the oldest
    /// first (nil for a period without payments). An alarm is raised from two sums per customer; only the few raised
    /// need the twelve periods.
    public struct TrendLines {
        private let asOf: LocalDate
        private var months: [String: [PayerStatistics.Lateness]] = [:]

        /// No line drawn yet, as of `asOf`.
        public init(asOf: LocalDate) { self.asOf = asOf }

        /// Adds what `invoice`'s payments add to its customer's line.
        public mutating func add(_ invoice: InvoiceHistory) {
            PayerStatistics.countMonths(invoice, at: asOf, into: &months)
        }

        /// Each customer's line (`InsightReport.draw(lines:)`).
        public var lines: [String: [Double?]] { months.mapValues { $0.map(\.days) } }
    }
}
