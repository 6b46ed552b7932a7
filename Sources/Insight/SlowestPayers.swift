public import Receivables

extension InsightEngine {
    /// The slowest payers of kept payer rows (`InsightSums.payerFigure`) handed over a customer at a time, every row
    /// of a customer together (the ledger reads them in owner order): a page's report, which lists no payer but the
    /// slowest, then never holds every payer's figures. Rows are told apart by the owner as `TrendAlarms` tells them.
    public struct SlowestPayers {
        private let owing: PayerStatistics.Owing
        private var customer: String?
        private var payer = PayerStatistics.Payer()
        private var slowest = PayerStatistics.Slowest()

        /// None yet, for a report whose open invoices are `open` (what each payer owes).
        public init(open: OpenInvoices) { owing = PayerStatistics.Owing(open) }

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

        /// The slowest payers, the slowest first, unnamed.
        public consuming func payers() -> [PayerBehaviour] {
            endCustomer()
            return slowest.payers
        }

        private mutating func endCustomer() {
            if let customer, !payer.isZero { slowest.consider(owing.behaviour(of: customer, payer)) }
            payer = PayerStatistics.Payer()
        }
    }
}
