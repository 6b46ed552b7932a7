public import Receivables

extension InsightEngine {
    /// The invoices a report needs whole, gathered one at a time: those open on the as-of day and those open on the
    /// back-test's day (8 weeks before). What the report sums over them is summed as they pass (ageing, what is owed,
    /// what each customer owes, what arrived since the back-test's day), and the list of those over 100 days past due
    /// taken; each is kept as the few figures the forecasts compute from (`OpenItem`, 40 bytes), its customer named by
    /// number, until the forecasts take them: all at once (`forEachCustomer`), or a customer's at a time
    /// (`takeItems`), so that a big ledger's are never all held.
    public struct OpenInvoices {
        public let asOf: LocalDate
        private let madeAsOf: LocalDate
        /// The keys of the customers of the items kept, each once, in the order they came: an item's `customer` is an
        /// index here.
        private var customers: [String] = []
        private var customerNumbers: [String: Int32] = [:]
        /// Open on the as-of day, and on the back-test's day; kept until taken.
        private var now: [OpenItem] = []
        private var then: [OpenItem] = []
        /// The invoices open on the as-of day more than 100 days past due, listed or counted.
        private(set) var overHundredDays: OverdueList
        /// What was booked on the invoices open on the back-test's day in each of the 8 weeks after it, per currency.
        private(set) var arrived: [Currency: [Int64]] = [:]
        /// The invoices open on the as-of day by how long past due.
        private(set) var ageing = Ageing.Counts()
        /// What they owe, per currency.
        private(set) var owed: [Currency: Int64] = [:]
        /// What each customer owes of them.
        private(set) var owing: PayerStatistics.Owing

        /// None yet, for a report as of `asOf` that shows what every customer owes, and lists `listedOverdue` (nil:
        /// every one) of the invoices over 100 days past due.
        public init(asOf: LocalDate, listedOverdue: Int? = nil) {
            self.init(asOf: asOf, owingOf: nil, listedOverdue: listedOverdue)
        }

        /// None yet, for a report as of `asOf` that shows what the customers `owingOf` (nil: every customer) owe, and
        /// lists `listedOverdue` (nil: every one) of the invoices over 100 days past due.
        init(asOf: LocalDate, owingOf customers: Set<String>?, listedOverdue: Int?) {
            self.asOf = asOf
            madeAsOf = CashForecaster.backTestDay(of: asOf)
            owing = PayerStatistics.Owing(asOf: asOf, of: customers)
            overHundredDays = OverdueList(listing: listedOverdue)
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

        /// Hands `body` each customer's items kept, open on the as-of day and on the back-test's day, a customer at a
        /// time.
        func forEachCustomer(_ body: (_ customer: String, _ now: Items, _ then: Items) -> Void) {
            let now = Gathered(now, customers: customers.count)
            let then = Gathered(then, customers: customers.count)
            for (number, customer) in customers.enumerated() {
                body(customer, now.items(of: number), then.items(of: number))
            }
        }

        /// One customer's items of those kept.
        typealias Items = LazyMapSequence<ArraySlice<Int32>, OpenItem>

        /// The items kept, open on the as-of day and on the back-test's day, which are then no longer kept: those of
        /// the invoices added since the last time taken.
        mutating func takeItems() -> (now: [OpenItem], then: [OpenItem]) {
            defer {
                (now, then) = ([], [])
                customers.removeAll(keepingCapacity: true)
                customerNumbers.removeAll(keepingCapacity: true)
            }
            return (now, then)
        }

        /// Keeps `item` as open on the as-of day: in the sums, and among those over 100 days past due if it is one.
        private mutating func keepNow(
            _ item: OpenItem, invoiceNumber: String, customerId: String, customerName: String?, dunning: DunningState
        ) {
            now.append(item)
            ageing.add(item, asOf: asOf)
            owed[item.currency, default: 0] += item.open
            owing.add(item, of: customerId)
            if let overdue = Ageing.overHundredDays(
                invoiceNumber: invoiceNumber, customerId: customerId, customerName: customerName, item: item,
                dunning: dunning, asOf: asOf)
            {
                overHundredDays.add(overdue)
            }
        }

        private mutating func numbering(_ customer: String) -> Int32 {
            if let number = customerNumbers[customer] { return number }
            let number = Int32(customers.count)
            customers.append(customer)
            customerNumbers[customer] = number
            return number
        }

        /// Items gathered by customer number, each customer's in the order they came: their indices sorted by
        /// counting, so that the items are not copied.
        private struct Gathered {
            private let items: [OpenItem]
            /// Customer `c`'s items are `items[order[starts[c]..<starts[c + 1]]]`.
            private let starts: [Int]
            private let order: [Int32]

            init(_ items: [OpenItem], customers: Int) {
                var starts = [Int](repeating: 0, count: customers + 1)
                for item in items { starts[Int(item.customer) + 1] += 1 }
                for customer in 0..<customers { starts[customer + 1] += starts[customer] }
                var next = starts
                var order = [Int32](repeating: 0, count: items.count)
                for (index, item) in items.enumerated() {
                    order[next[Int(item.customer)]] = Int32(index)
                    next[Int(item.customer)] += 1
                }
                (self.items, self.starts, self.order) = (items, starts, order)
            }

            func items(of customer: Int) -> Items {
                let items = items
                return order[starts[customer]..<starts[customer + 1]].lazy.map { items[Int($0)] }
            }
        }
    }
}

/// An invoice open on a day, as the report computes from it: what it was for, what was open that day, its dates and its
/// customer (an index into the customers of `OpenInvoices`).
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

    /// What it owed that day, when due, in which currency: what a forecast splits.
    var due: DueAmount { DueAmount(currency: currency, dueDate: dueDate, open: open) }
}

/// What an open invoice owed on a day and when it was due: what a forecast of it needs once the delays it is forecast
/// from are known.
struct DueAmount {
    let currency: Currency
    let dueDate: LocalDate
    let open: Int64
}
