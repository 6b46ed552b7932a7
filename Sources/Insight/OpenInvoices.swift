public import Receivables

extension InsightEngine {
    /// The invoices a report needs whole, gathered one at a time: those open on the as-of day and those open on the
    /// back-test's day (8 weeks before). A big ledger has them by the million, so each is kept as the few figures the
    /// report computes from (`OpenItem`, 40 bytes), its customer named by number; what needs more of an invoice (the
    /// list of those over 100 days past due, what arrived on those open on the back-test's day) is taken as it passes.
    public struct OpenInvoices {
        public let asOf: LocalDate
        private let madeAsOf: LocalDate
        /// The keys of the customers of the invoices kept, each once, in the order they came: an item's `customer` is
        /// an index here.
        public private(set) var customers: [String] = []
        private var customerNumbers: [String: Int32] = [:]
        /// Open on the as-of day, and on the back-test's day.
        private(set) var now: [OpenItem] = []
        private(set) var then: [OpenItem] = []
        /// The invoices of `now` more than 100 days past due, in the order they came.
        private(set) var overHundredDays: [OverdueInvoice] = []
        /// What was booked on the invoices of `then` in each of the 8 weeks after the back-test's day, per currency.
        private(set) var arrived: [Currency: [Int64]] = [:]

        /// None yet, for a report as of `asOf`.
        public init(asOf: LocalDate) {
            self.asOf = asOf
            madeAsOf = CashForecaster.backTestDay(of: asOf)
        }

        /// Keeps `invoice` if it is open on either day.
        public mutating func add(_ invoice: InvoiceHistory) {
            let owedNow = invoice.open(at: asOf).flatMap { $0 > 0 ? $0 : nil }
            let owedThen = invoice.open(at: madeAsOf).flatMap { $0 > 0 ? $0 : nil }
            guard owedNow != nil || owedThen != nil else { return }
            let customer = numbering(invoice.customerId)
            if let owedNow {
                keepNow(OpenItem(invoice, customer: customer, open: owedNow), invoiceNumber: invoice.invoiceNumber,
                        customerId: invoice.customerId, customerName: invoice.customerName, dunning: invoice.dunning)
            }
            if let owedThen {
                then.append(OpenItem(invoice, customer: customer, open: owedThen))
                CashForecaster.count(arrivedOn: invoice, since: madeAsOf, into: &arrived)
            }
        }

        /// Keeps `invoice` (open on the as-of day and dated by it, with nothing booked on it after the back-test's day
        /// if dated by then, nor after the as-of day): open on the as-of day, and on the back-test's day as well when
        /// it was dated by then, nothing of it arrived since.
        public mutating func add(steady invoice: SteadyOpenInvoice) {
            guard invoice.open > 0 && invoice.invoiceDate <= asOf else { return }
            let item = OpenItem(
                amount: invoice.amount, open: invoice.open, currency: invoice.currency,
                customer: numbering(invoice.customerId), invoiceDate: invoice.invoiceDate, dueDate: invoice.dueDate)
            keepNow(item, invoiceNumber: invoice.invoiceNumber, customerId: invoice.customerId,
                    customerName: invoice.customerName, dunning: invoice.dunning)
            if invoice.invoiceDate <= madeAsOf { then.append(item) }
        }

        /// Keeps `item` as open on the as-of day, and in the list of those over 100 days past due if it is one.
        private mutating func keepNow(
            _ item: OpenItem, invoiceNumber: String, customerId: String, customerName: String?, dunning: DunningState
        ) {
            now.append(item)
            if let overdue = Ageing.overHundredDays(
                invoiceNumber: invoiceNumber, customerId: customerId, customerName: customerName, item: item,
                dunning: dunning, asOf: asOf)
            {
                overHundredDays.append(overdue)
            }
        }

        /// The number of `customer` among those of the invoices kept, if it is one of them.
        func number(of customer: String) -> Int32? { customerNumbers[customer] }

        private mutating func numbering(_ customer: String) -> Int32 {
            if let number = customerNumbers[customer] { return number }
            let number = Int32(customers.count)
            customers.append(customer)
            customerNumbers[customer] = number
            return number
        }
    }
}

/// An invoice open on a day, as the report computes from it: what it was for, what was open that day, its dates and its
/// customer (an index into `OpenInvoices.customers`).
struct OpenItem {
    let amount: Int64
    let open: Int64
    let currency: Currency
    let customer: Int32
    let invoiceDate: LocalDate
    let dueDate: LocalDate

    init(_ invoice: InvoiceHistory, customer: Int32, open: Int64) {
        self.init(amount: invoice.amount, open: open, currency: invoice.currency, customer: customer,
                  invoiceDate: invoice.invoiceDate, dueDate: invoice.dueDate)
    }

    init(amount: Int64, open: Int64, currency: Currency, customer: Int32, invoiceDate: LocalDate, dueDate: LocalDate) {
        self.amount = amount
        self.open = open
        self.currency = currency
        self.customer = customer
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
    }
}
