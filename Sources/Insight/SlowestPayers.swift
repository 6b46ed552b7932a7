public import Receivables

extension InsightEngine {
    /// The slowest payers of kept payer rows (`InsightSums.payerFigure`) handed over a customer at a time, every row
    /// of a customer together (the ledger reads them in owner order): a page's report, which lists no payer but the
    /// slowest, then never holds every payer's figures. Rows are told apart by the owner as `TrendAlarms` tells them.
    /// What they owe is not known yet: the report adds it (`KeptReport`).
    public struct SlowestPayers {
        private var customer: String?
        private var payer = PayerStatistics.Payer()
        private var slowest = PayerStatistics.Slowest()

        /// None yet.
        public init() {}

        /// Adds one payer row; a row of another customer ends the one before.
        /// - Throws: `InsightSumRow.Unknown` for a row that is no payer's.
        public mutating func add(_ row: InsightSumRow) throws(InsightSumRow.Unknown) {
            let part = try InsightSums.payer(of: row)
            if row.owner != customer {
                endCustomer()
                customer = row.owner
            }
            payer += part
        }

        /// The slowest payers, the slowest first, unnamed, owing nothing.
        public consuming func payers() -> [PayerBehaviour] {
            endCustomer()
            return slowest.payers
        }

        private mutating func endCustomer() {
            if let customer, !payer.isZero { slowest.consider(PayerStatistics.behaviour(of: customer, payer)) }
            payer = PayerStatistics.Payer()
        }
    }
}
