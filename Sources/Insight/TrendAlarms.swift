public import Receivables

extension InsightEngine {
    /// The trend alarms of kept month rows (`InsightSums.trendFigure`) handed over a customer at a time, every row of a
    /// customer together (the ledger reads them in owner order): a big ledger's twelve months for each customer are
    /// then never all held. Rows are told apart by the owner as a Swift string: two keys equal only under Unicode
    /// normalisation are one customer when their rows come together, as in the sums made afresh (no key saatava
    /// writes differs that way).
    public struct TrendAlarms {
        private let marginDays: Int
        private var customer: String?
        private var months = Self.noMonths
        private var raised: [TrendAlarm] = []

        private static let noMonths = Array(repeating: PayerStatistics.Lateness(), count: PayerStatistics.months)

        /// None raised yet, for a margin of `marginDays` days.
        public init(marginDays: Int) { self.marginDays = marginDays }

        /// Adds one month row; a row of another customer ends the one before.
        /// - Throws: `InsightSumRow.Unknown` for a row that is no month of the trend.
        public mutating func add(_ row: InsightSumRow) throws(InsightSumRow.Unknown) {
            let (slot, lateness) = try InsightSums.month(of: row)
            if row.owner != customer {
                endCustomer()
                customer = row.owner
            }
            months[slot] += lateness
        }

        /// The alarms raised, in the report's order.
        public consuming func alarms() -> [TrendAlarm] {
            endCustomer()
            return PayerStatistics.ordered(raised)
        }

        private mutating func endCustomer() {
            if let customer, let alarm = PayerStatistics.alarm(customer, months: months, marginDays: marginDays) {
                raised.append(alarm)
            }
            months = Self.noMonths
        }
    }
}
