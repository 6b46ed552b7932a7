public import Receivables

/// What insight reads from the ledger (docs/insight.md): the receivables of its window, each with its payments (net of
/// the rows that undid them) and credit notes; or, for the sums a day's run keeps (docs/insight.md, "How the ledger is
/// read"), the receivables open now or lately and those a day changed, and the sums themselves. Once the creditor is
/// known (`creditorBusinessId`), only its own receivables: another seller's are none of its picture.
extension Ledger {
    /// The payment history insight computes from, as of `asOf`, complete from `since` (invoice dates, booking dates and
    /// credit notes' dates; the indexes of schema versions 12 and 15 find them), handed to `body` one invoice at a
    /// time in the order of invoice date and number (or, `byCustomer`, a customer at a time, in the order of the
    /// customers' keys' bytes), so that it need not be held whole. A payment the bank gave no booking date counts
    /// from the day of the run that placed it; an invoice without a due date is due on its date. Dunning states are
    /// read for the invoices open at `asOf` and due before `statesDueBefore` (insight shows them on its list of open
    /// invoices long past due only; nil: for none); the others carry `.none`.
    ///
    /// The invoices chosen are numbered in that order in a temporary table; they and their allocations are then read
    /// side by side in two passes over it, rather than looked up invoice by invoice.
    public func forEachInvoiceHistory(
        asOf: LocalDate, since: LocalDate, statesDueBefore: LocalDate?, byCustomer: Bool = false,
        _ body: (InvoiceHistory) -> Void
    ) throws(LedgerError) {
        func choose() throws(LedgerError) {
            try pickOpen()
            try database.prepare("INSERT OR IGNORE INTO temp.insight_pick (id) SELECT id FROM invoices WHERE invoice_date >= ?")
                .run([.text(since.description)])
            try pickPaidOrCredited(from: since, through: nil)
        }
        try readHistories(asOf: asOf, statesDueBefore: statesDueBefore, order: byCustomer ? .byCustomer : .byDate,
                          choosing: choose) {
            histories throws(LedgerError) in
            while let (invoice, _) = try histories.next() { body(invoice) }
        }
    }

    /// The receivables open at `asOf` or at `since` (the back-test's day), and perhaps others dated by `since` that
    /// were paid or credited after it, handed to `body` a customer at a time in the order of customer keys (their
    /// bytes, as SQLite orders text), each customer with its kept rows of the insight figures `figures`; before them
    /// the company's rows (owner ""), as a customer with no receivables. Kept rows of owners with none of these
    /// receivables are passed over. Of a customer's receivables, those dated by `since` with something booked after it
    /// (a payment booked, a credit note dated), and any with something booked after `asOf`, are read with their
    /// histories (`OpenCustomer.histories`), dunning states as `forEachInvoiceHistory` reads them; the others open at
    /// `asOf` as they are now (`OpenCustomer.steady`: what they owe now they owed at the end of `asOf`, and of `since`
    /// when dated by then; one dated after `since` may have been paid in part between). Found through the indexes of
    /// open balances and the dates of what was booked after `since`, not by reading the history before it; the steady
    /// ones without their histories. So that a big ledger's open receivables are never all held, the three reads (those
    /// with histories, the steady ones, the kept rows) go side by side in customer order. The picks and the reads are
    /// separate statements: call it in one snapshot (`readingOneSnapshot`), or a payment booked meanwhile may be
    /// missed. Rethrows what `body` throws, once it stops reading.
    public func forEachOpenCustomer(
        asOf: LocalDate, since: LocalDate, statesDueBefore: LocalDate?, figures: [Int],
        _ body: (OpenCustomer) throws -> Void
    ) throws {
        var failure: (any Error)?
        try withPicked(choosing: { () throws(LedgerError) in
            // Open on the back-test's day, and paid or credited since: dated by then. Paid or credited after the day.
            try pickPaidOrCredited(from: since.adding(days: 1), through: nil, datedBy: since)
            try pickPaidOrCredited(from: asOf.adding(days: 1), through: nil)
        }) { () throws(LedgerError) in
            try rankCustomers()
            var histories = try CustomerOrderedHistories(
                database, asOf: asOf, statesDueBefore: statesDueBefore, creditor: creditorBusinessId)
            var steady = try SteadyOpenInvoices(
                database, asOf: asOf, statesDueBefore: statesDueBefore, creditor: creditorBusinessId)
            var kept: [KeptRowsOfFigure] = []
            for figure in figures { kept.append(try KeptRowsOfFigure(database, figure: figure)) }
            func customer(_ key: String) throws(LedgerError) -> OpenCustomer {
                var customer = OpenCustomer(key: key)
                for figure in kept { try figure.take(owner: key, into: &customer.rows) }
                return customer
            }
            let company = try customer("")
            do { try body(company) } catch { failure = error; return }
            var (nextHistory, nextSteady) = (try histories.next(), try steady.next())
            while let key = Self.first(nextHistory?.customerId, nextSteady?.customerId) {
                var open = try customer(key)
                while let invoice = nextHistory, TextBytes.order(invoice.customerId, key) == 0 {
                    open.histories.append(invoice)
                    nextHistory = try histories.next()
                }
                while let invoice = nextSteady, TextBytes.order(invoice.customerId, key) == 0 {
                    open.steady.append(invoice)
                    nextSteady = try steady.next()
                }
                do { try body(open) } catch { failure = error; return }
            }
        }
        if let failure { throw failure }
    }

    /// Of two customer keys, the one SQLite orders first (by bytes); nil when there is none.
    private static func first(_ one: String?, _ other: String?) -> String? {
        guard let one, let other else { return one ?? other }
        return TextBytes.order(other, one) < 0 ? other : one
    }

    /// The receivables whose part in insight's kept sums `changes` may have changed: each as it is now, and as it was
    /// when the sums were last kept (nil for an invoice booked since), a customer at a time
    /// (`HistoryOrder.byCustomer`); their customers unnamed
    /// (`customerName` nil: the sums need only the keys, and a Monday's change has tens of thousands of customers).
    public func forEachChangedInvoiceHistory(
        _ changes: InsightChanges, _ body: (_ now: InvoiceHistory, _ then: InvoiceHistory?) -> Void
    ) throws(LedgerError) {
        try readHistories(asOf: nil, statesDueBefore: nil, order: .byCustomer, named: false, choosing: {
            () throws(LedgerError) in
            try database.prepare("INSERT OR IGNORE INTO temp.insight_pick (id) SELECT id FROM invoices WHERE id > ?")
                .run([.integer(changes.mark.lastInvoice)])
            try database.prepare("INSERT OR IGNORE INTO temp.insight_pick (id) SELECT invoice_id FROM allocations WHERE id > ?")
                .run([.integer(changes.mark.lastAllocation)])
            let dated = try database.prepare(
                "INSERT OR IGNORE INTO temp.insight_pick (id) SELECT id FROM invoices WHERE invoice_date BETWEEN ? AND ?")
            for range in changes.invoiceDates {
                try dated.run([.text(range.lowerBound.description), .text(range.upperBound.description)])
            }
            for range in changes.paymentDates {
                try pickPaidOrCredited(from: range.lowerBound, through: range.upperBound, credits: false)
            }
            for range in changes.creditDates {
                try pickPaidOrCredited(from: range.lowerBound, through: range.upperBound, payments: false)
            }
        }, before: changes.mark) { histories throws(LedgerError) in
            while let (invoice, before) = try histories.next() { body(invoice, before) }
        }
    }

    /// Adds to `temp.insight_pick` the invoices that owe principal now, through the index of open balances.
    private func pickOpen() throws(LedgerError) {
        try database.execute(
            "INSERT OR IGNORE INTO temp.insight_pick (id) SELECT invoice_id FROM balances WHERE open <> 0 AND open > 0")
    }

    /// Adds to `temp.insight_pick` the invoices with a payment booked (or, without a booking date, placed by a run of
    /// a day) from `first` through `last` (nil: no end), and those with a credit note dated in them; with `datedBy`,
    /// only the invoices dated on or before it.
    private func pickPaidOrCredited(from first: LocalDate, through last: LocalDate?, datedBy: LocalDate? = nil,
                                    payments: Bool = true, credits: Bool = true) throws(LedgerError) {
        let values: [SQLValue] = [.text(first.description), .text(last?.description ?? "9999-12-31")]
        // With `datedBy`, the invoices are gathered first and their dates looked up after, in the order of their rows,
        // rather than one invoice page read for each allocation.
        let into = datedBy == nil ? "temp.insight_pick" : "temp.insight_staged"
        if payments {
            try database.prepare("""
                INSERT OR IGNORE INTO \(into) (id)
                SELECT a.invoice_id FROM payments p JOIN allocations a ON a.payment_id = p.id
                WHERE p.booking_date BETWEEN ?1 AND ?2
                """).run(values)
            try database.prepare("""
                INSERT OR IGNORE INTO \(into) (id)
                SELECT a.invoice_id FROM payments p JOIN allocations a ON a.payment_id = p.id JOIN runs n ON n.id = a.run_id
                WHERE p.booking_date IS NULL AND n.as_of BETWEEN ?1 AND ?2
                """).run(values)
        }
        if credits {
            try database.prepare("""
                INSERT OR IGNORE INTO \(into) (id)
                SELECT a.invoice_id FROM invoices n JOIN allocations a ON a.credit_note_id = n.id
                WHERE n.invoice_date BETWEEN ?1 AND ?2 AND n.type = 'credit_note'
                """).run(values)
        }
        if let datedBy {
            try database.prepare("""
                INSERT OR IGNORE INTO temp.insight_pick (id)
                SELECT k.id FROM temp.insight_staged k CROSS JOIN invoices i ON i.id = k.id WHERE i.invoice_date <= ?
                """).run([.text(datedBy.description)])
            try database.execute("DELETE FROM temp.insight_staged")
        }
    }

    /// Reads the receivables that `choose` puts in `temp.insight_pick`, in `order`, with their payments, credit notes
    /// and (when open at `asOf` and due before `statesDueBefore`) dunning states; with a `mark`, each also as it was
    /// when the mark was made (its allocations through the mark's last, none for an invoice after its last); their
    /// customers' names only when `named`. `read` takes them from the reader it is handed.
    private func readHistories(
        asOf: LocalDate?, statesDueBefore: LocalDate?, order: HistoryOrder = .byRow, named: Bool = true,
        choosing choose: () throws(LedgerError) -> Void, before mark: InsightMark? = nil,
        _ read: (inout InvoiceHistories) throws(LedgerError) -> Void
    ) throws(LedgerError) {
        try withPicked(choosing: choose) { () throws(LedgerError) in
            let (customers, sorted) = switch order {
            case .byRow: ("", "k.id")
            case .byDate: ("", "r.invoice_date, r.invoice_number, r.id")
            case .byCustomer: ("CROSS JOIN temp.insight_customers c ON c.id = r.customer_id", "c.rank, r.id")
            }
            if order == .byCustomer { try rankCustomers() }
            // Another seller's invoices are none of the creditor's picture.
            try database.prepare("""
                INSERT INTO temp.insight_order (id)
                SELECT r.id FROM temp.insight_pick k CROSS JOIN receivables r ON r.id = k.id \(customers)
                WHERE NOT \(Self.isAnotherSellers("r", creditorParameter: "?1"))
                ORDER BY \(sorted)
                """).run([creditorBusinessId.sql])
            var histories = try InvoiceHistories(
                database, asOf: asOf, statesDueBefore: statesDueBefore, before: mark, named: named)
            try read(&histories)
        }
    }

    /// Ranks every customer in the order of its key (its bytes, as SQLite orders text) in `temp.insight_customers`, a
    /// table small enough to stay in SQLite's cache.
    private func rankCustomers() throws(LedgerError) {
        try database.execute("""
            INSERT INTO temp.insight_customers (id, rank) SELECT id, row_number() OVER (ORDER BY key) FROM customers
            """)
    }

    /// Runs `read` once `choose` has put receivables in `temp.insight_pick`, and then drops it and the other tables
    /// insight's reads fill (`temp.insight_staged`, `temp.insight_order`, `temp.insight_customers`), whatever happens.
    /// The statements `read` prepares on them must be finalized when it returns.
    private func withPicked(
        choosing choose: () throws(LedgerError) -> Void, _ read: () throws(LedgerError) -> Void
    ) throws(LedgerError) {
        let drop = """
            DROP TABLE IF EXISTS temp.insight_pick; DROP TABLE IF EXISTS temp.insight_staged;
            DROP TABLE IF EXISTS temp.insight_order; DROP TABLE IF EXISTS temp.insight_customers;
            """
        try database.execute(drop + """
            CREATE TEMP TABLE insight_pick (id INTEGER PRIMARY KEY);
            CREATE TEMP TABLE insight_staged (id INTEGER PRIMARY KEY);
            CREATE TEMP TABLE insight_order (position INTEGER PRIMARY KEY, id INTEGER NOT NULL);
            CREATE TEMP TABLE insight_customers (id INTEGER PRIMARY KEY, rank INTEGER NOT NULL);
            """)
        do {
            try choose()
            try read()
            try database.execute(drop)
        } catch {
            try? database.execute(drop)
            throw error
        }
    }
}

/// The order in which insight's reads hand the receivables they chose over.
enum HistoryOrder {
    /// In the order of their rows: the cheapest, their pages read in turn.
    case byRow
    /// In the order of invoice date and number.
    case byDate
    /// A customer at a time, the customers in the order of their keys' bytes, each one's in the order of their rows:
    /// sums kept a part at a time then write each customer's rows once, and in the order of the kept rows' keys.
    case byCustomer
}

/// The invoices of `temp.insight_order`, taken one at a time in its order, with their payments, credit notes and
/// (when open at `asOf` and due before `statesDueBefore`) dunning states; with a `mark`, each also as it was when the
/// mark was made.
private struct InvoiceHistories: ~Copyable {
    private let asOf: LocalDate?
    private let statesDueBefore: LocalDate?
    private let mark: InsightMark?
    private var allocations: Allocations
    private let dunning: DunningStates
    private let statement: Statement
    private let columns: InvoiceColumns
    private let position: Int32
    private var customers: CustomerKeys

    /// The reader of what `database`'s `temp.insight_order` holds; their customers' names only when `named`.
    init(_ database: Database, asOf: LocalDate?, statesDueBefore: LocalDate?, before mark: InsightMark?, named: Bool)
        throws(LedgerError)
    {
        // Each allocation of principal of the invoices, by position: a payment's (dated by its booking date, or by the
        // day of the run that placed it) or a credit note's (dated by the credit note).
        let allocations = try database.prepare("""
            SELECT o.position, a.payment_id, a.credit_note_id, a.amount,
                coalesce(p.booking_date, (SELECT as_of FROM runs WHERE id = a.run_id)) AS payment_day,
                cn.invoice_date AS credit_day, a.id
            FROM temp.insight_order o CROSS JOIN allocations a ON a.invoice_id = o.id
                LEFT JOIN payments p ON p.id = a.payment_id LEFT JOIN invoices cn ON cn.id = a.credit_note_id
            WHERE (a.payment_id IS NOT NULL AND a.pays_charges = 0) OR a.credit_note_id IS NOT NULL
            ORDER BY o.position
            """)
        let dunning = try DunningStates(database)
        let statement = try database.prepare("""
            SELECT o.position, \(InvoiceColumns.selected)
            FROM temp.insight_order o CROSS JOIN receivables r ON r.id = o.id
            ORDER BY o.position
            """)
        let (columns, position) = (try InvoiceColumns(statement), try statement.column("position"))
        try statement.bind([])
        let customers = try CustomerKeys(database, remembersOne: false, named: named)
        (self.asOf, self.statesDueBefore, self.mark, self.columns, self.position) =
            (asOf, statesDueBefore, mark, columns, position)
        self.allocations = Allocations(allocations)
        self.dunning = dunning
        self.statement = statement
        self.customers = customers
    }

    /// The next invoice, and (with a mark) as it was then (nil for an invoice after the mark's last); nil after the
    /// last, once every allocation read is known to be of an invoice read.
    mutating func next() throws(LedgerError) -> (now: InvoiceHistory, before: InvoiceHistory?)? {
        guard try statement.step() else {
            try allocations.finish()
            return nil
        }
        let fields = try columns.fields(of: statement, customers: &customers)
        let rows = try allocations.take(at: statement.integer(position), invoice: fields.row)
        let invoice = try dunning.shown(fields, rows, asOf: asOf, statesDueBefore: statesDueBefore)
        guard let mark else { return (invoice, nil) }
        return (invoice, fields.row > mark.lastInvoice
            ? nil : fields.history(rows.lazy.filter { $0.id <= mark.lastAllocation }))
    }
}

/// The receivables `temp.insight_pick` holds, taken one at a time in the order of their customers' ranks
/// (`temp.insight_customers`, the order of their keys), then of rows, with their payments, credit notes and (when open
/// at `asOf` and due before `statesDueBefore`) dunning states. Another seller's are left out once the creditor is
/// known. SQLite sorts each invoice's row with its allocations, read in the order of the invoices' rows, so that
/// neither the invoices nor their allocations are read a page for each.
private struct CustomerOrderedHistories: ~Copyable {
    private let asOf: LocalDate
    private let statesDueBefore: LocalDate?
    private let dunning: DunningStates
    private let statement: Statement
    private let columns: InvoiceColumns
    private let allocation: AllocationColumns
    private var customers: CustomerKeys
    /// Whether a row is ready (not yet taken); nil before the first step.
    private var pending: Bool?

    init(_ database: Database, asOf: LocalDate, statesDueBefore: LocalDate?, creditor: String?) throws(LedgerError) {
        let dunning = try DunningStates(database)
        // An invoice without allocations of principal comes as one row of nulls for them.
        let statement = try database.prepare("""
            SELECT \(InvoiceColumns.selected), a.id AS allocation, a.payment_id, a.credit_note_id,
                a.amount AS allocated,
                coalesce(p.booking_date, (SELECT as_of FROM runs WHERE id = a.run_id)) AS payment_day,
                cn.invoice_date AS credit_day
            FROM temp.insight_pick k CROSS JOIN receivables r ON r.id = k.id
                CROSS JOIN temp.insight_customers c ON c.id = r.customer_id
                LEFT JOIN allocations a ON a.invoice_id = r.id
                    AND ((a.payment_id IS NOT NULL AND a.pays_charges = 0) OR a.credit_note_id IS NOT NULL)
                LEFT JOIN payments p ON p.id = a.payment_id LEFT JOIN invoices cn ON cn.id = a.credit_note_id
            WHERE NOT \(Ledger.isAnotherSellers("r", creditorParameter: "?1"))
            ORDER BY c.rank, r.id
            """)
        let columns = try InvoiceColumns(statement)
        let allocation = AllocationColumns(
            id: try statement.column("allocation"), payment: try statement.column("payment_id"),
            credit: try statement.column("credit_note_id"), amount: try statement.column("allocated"),
            paymentDay: try statement.column("payment_day"), creditDay: try statement.column("credit_day"))
        try statement.bind([creditor.sql])
        let customers = try CustomerKeys(database, remembersOne: true, named: true)
        (self.asOf, self.statesDueBefore, self.columns, self.allocation) = (asOf, statesDueBefore, columns, allocation)
        self.dunning = dunning
        self.statement = statement
        self.customers = customers
    }

    /// The next invoice; nil after the last.
    mutating func next() throws(LedgerError) -> InvoiceHistory? {
        if pending == nil { pending = try statement.step() }
        guard pending == true else { return nil }
        let fields = try columns.fields(of: statement, customers: &customers)
        var rows: [AllocationRow] = []
        while pending == true && statement.integer(columns.id) == fields.row {
            if statement.optionalInteger(allocation.id) != nil {
                rows.append(try AllocationRow(statement, allocation, invoice: fields.row))
            }
            pending = try statement.step()
        }
        return try dunning.shown(fields, rows, asOf: asOf, statesDueBefore: statesDueBefore)
    }
}

/// The columns of an invoice's own fields in a statement of insight's reads, found by name: `selected` from the view
/// `receivables` as `r`, or the same names from the tables.
private struct InvoiceColumns {
    static let selected = """
        r.id, r.invoice_number, r.customer_id, r.currency, r.amount, r.invoice_date,
        coalesce(r.due_date, r.invoice_date) AS due_date
        """
    let id: Int32
    private let number: Int32
    private let customer: Int32
    private let currency: Int32
    private let amount: Int32
    private let invoiceDate: Int32
    private let dueDate: Int32

    init(_ statement: borrowing Statement) throws(LedgerError) {
        (id, number, customer, currency, amount, invoiceDate, dueDate) = (
            try statement.column("id"), try statement.column("invoice_number"), try statement.column("customer_id"),
            try statement.column("currency"), try statement.column("amount"), try statement.column("invoice_date"),
            try statement.column("due_date"))
    }

    /// The fields of the row `statement` is on, its customer's key and name read by `customers`.
    func fields(of statement: borrowing Statement, customers: inout CustomerKeys) throws(LedgerError) -> InvoiceFields {
        guard let issued = try statement.date(invoiceDate), let due = try statement.date(dueDate) else {
            throw LedgerError(code: 0, message: "invoice \(statement.text(number) ?? "?") has no invoice date")
        }
        return InvoiceFields(
            row: statement.integer(id), number: try statement.requiredText(number),
            customer: try customers.customer(statement.integer(customer)), currency: try statement.currency(currency),
            amount: statement.integer(amount), issued: issued, due: due)
    }
}

/// An invoice's own fields as insight's reads take them, before its allocations.
private struct InvoiceFields {
    let row: Int64
    let number: String
    let customer: (key: String, name: String?)
    let currency: Currency
    let amount: Int64
    let issued: LocalDate
    let due: LocalDate

    /// The invoice with its allocations `rows`, in no dunning state.
    func history(_ rows: some Sequence<AllocationRow>) -> InvoiceHistory {
        let dated = Allocations.dated(rows)
        return InvoiceHistory(
            invoiceNumber: number, customerId: customer.key, customerName: customer.name, currency: currency,
            amount: amount, invoiceDate: issued, dueDate: due, payments: dated.payments, credits: dated.credits)
    }
}

/// The receivables open at `asOf`, dated by it, that `temp.insight_pick` does not hold, taken one at a time as they
/// are now, in the order of their customers' ranks (`temp.insight_customers`, the order of their keys), then of rows:
/// the `SteadyOpenInvoice` of those `temp.insight_pick` does not hold because nothing was booked on them since the
/// back-test's day. Another seller's are left out once the creditor is known.
private struct SteadyOpenInvoices: ~Copyable {
    private let asOf: LocalDate
    private let statesDueBefore: LocalDate?
    private let dunning: DunningStates
    private let statement: Statement
    private let columns: InvoiceColumns
    private let open: Int32
    private var customers: CustomerKeys

    init(_ database: Database, asOf: LocalDate, statesDueBefore: LocalDate?, creditor: String?)
        throws(LedgerError)
    {
        let dunning = try DunningStates(database)
        let statement = try database.prepare("""
            SELECT i.id, i.invoice_number, i.customer_id, i.currency, i.amount, i.invoice_date,
                coalesce(b.due_date, i.invoice_date) AS due_date, b.open
            FROM balances b INDEXED BY balances_owing_by_invoice CROSS JOIN invoices i ON i.id = b.invoice_id
                CROSS JOIN temp.insight_customers c ON c.id = i.customer_id
            WHERE b.open > 0 AND \(Ledger.isReceivable("i")) AND i.invoice_date <= ?1
                AND b.invoice_id NOT IN (SELECT id FROM temp.insight_pick)
                AND NOT \(Ledger.isAnotherSellers("i", creditorParameter: "?2"))
            ORDER BY c.rank, i.id
            """)
        let (columns, open) = (try InvoiceColumns(statement), try statement.column("open"))
        try statement.bind([.text(asOf.description), creditor.sql])
        let customers = try CustomerKeys(database, remembersOne: true, named: true)
        (self.asOf, self.statesDueBefore, self.columns, self.open) = (asOf, statesDueBefore, columns, open)
        self.dunning = dunning
        self.statement = statement
        self.customers = customers
    }

    /// The next open invoice; nil after the last.
    mutating func next() throws(LedgerError) -> SteadyOpenInvoice? {
        guard try statement.step() else { return nil }
        let fields = try columns.fields(of: statement, customers: &customers)
        var state = DunningState.none
        if let statesDueBefore, fields.due < statesDueBefore { state = try dunning.state(of: fields.row, on: asOf) }
        return SteadyOpenInvoice(
            invoiceNumber: fields.number, customerId: fields.customer.key, customerName: fields.customer.name,
            currency: fields.currency, amount: fields.amount, open: statement.integer(open), invoiceDate: fields.issued,
            dueDate: fields.due, dunning: state)
    }
}

/// One kept insight figure's rows in owner order (by bytes, as SQLite orders text), taken an owner at a time as a
/// reader that goes through the owners in that order asks for them. A class, so that the rows of several figures are
/// read side by side.
private final class KeptRowsOfFigure {
    private let figure: Int
    private let statement: Statement
    /// Whether a row is ready (not yet taken).
    private var pending: Bool

    init(_ database: Database, figure: Int) throws(LedgerError) {
        self.figure = figure
        statement = try database.prepare(
            "SELECT owner, slot, a, b, c FROM insight_sums WHERE figure = ? ORDER BY owner, slot")
        try statement.bind([.integer(Int64(figure))])
        pending = try statement.step()
    }

    /// Appends the rows of `owner` to `rows`, passing over those of the owners before it.
    func take(owner: String, into rows: inout [InsightSumRow]) throws(LedgerError) {
        while pending {
            guard let order = statement.textOrder(0, against: owner) else {
                throw LedgerError(code: 0, message: "a kept insight row has no owner")
            }
            if order == 0 {
                rows.append(InsightSumRow(
                    figure: figure, owner: owner, slot: Int(statement.integer(1)), statement.integer(2),
                    statement.integer(3), statement.integer(4)))
            } else if order > 0 {
                return
            }
            pending = try statement.step()
        }
    }
}

/// Customers' keys and names (or keys alone, unless `named`), each read once, by row, and then shared by the
/// customer's invoices rather than joined to every invoice (a page of customers read for each) and copied for each.
private struct CustomerKeys: ~Copyable {
    private let statement: Statement
    /// Whether only the customer read last is remembered: the invoices come a customer at a time.
    private let remembersOne: Bool
    private var read: [Int64: (key: String, name: String?)] = [:]

    init(_ database: Database, remembersOne: Bool, named: Bool) throws(LedgerError) {
        statement = try database.prepare("SELECT key, \(named ? "name" : "NULL") FROM customers WHERE id = ?")
        self.remembersOne = remembersOne
    }

    /// The key and name of the customer of row `row`.
    mutating func customer(_ row: Int64) throws(LedgerError) -> (key: String, name: String?) {
        if let known = read[row] { return known }
        try statement.bind([.integer(row)])
        guard try statement.step() else { throw LedgerError(code: 0, message: "customer row \(row) cannot be read") }
        let known = (key: try statement.requiredText(0), name: statement.text(1))
        if remembersOne { read.removeAll(keepingCapacity: true) }
        read[row] = known
        return known
    }
}

/// Where dunning stands with an invoice, read one invoice at a time: its reminders, whether it went to collection, and
/// the hold in effect on the day that covers it (the first by kind, as a minimum: an `ORDER BY … LIMIT 1` made SQLite
/// build and sort a temporary table for every invoice read, a quarter of a day's run on a ledger of many old open
/// invoices). In effect: active, from its `from`, through its `until`; a plan past its `until` stays in effect until
/// a run ends it, once its last instalment can be judged (`Ledger.holdsInEffect(on:)`).
private struct DunningStates: ~Copyable {
    private let statement: Statement
    private let level: Int32
    private let inCollection: Int32
    private let hold: Int32

    init(_ database: Database) throws(LedgerError) {
        let statement = try database.prepare("""
            SELECT
                (SELECT count(*) FROM reminders m WHERE m.invoice_id = r.id AND m.action = 'reminder')
                    AS reminder_level,
                EXISTS (SELECT 1 FROM reminders m WHERE m.invoice_id = r.id AND m.action = 'collection')
                    AS in_collection,
                (SELECT CASE min(CASE h.kind WHEN 'dispute' THEN 0 WHEN 'plan' THEN 1 ELSE 2 END)
                        WHEN 0 THEN 'dispute' WHEN 1 THEN 'plan' WHEN 2 THEN 'hold' END
                    FROM holds h
                    WHERE (h.invoice_id = r.id OR h.customer_id = r.customer_id)
                        AND \(Ledger.holdInEffect("h", on: "?2"))) AS hold
            FROM invoices r WHERE r.id = ?1
            """)
        (level, inCollection, hold) = (
            try statement.column("reminder_level"), try statement.column("in_collection"), try statement.column("hold"))
        self.statement = statement
    }

    /// The invoice of `fields` with its allocations `rows`, and its state when it is open at `asOf` and due before
    /// `statesDueBefore` (the others carry `.none`).
    func shown(_ fields: InvoiceFields, _ rows: [AllocationRow], asOf: LocalDate?, statesDueBefore: LocalDate?)
        throws(LedgerError) -> InvoiceHistory
    {
        var invoice = fields.history(rows)
        guard let asOf, let statesDueBefore, fields.due < statesDueBefore, let open = invoice.open(at: asOf), open > 0
        else { return invoice }
        invoice.dunning = try state(of: fields.row, on: asOf)
        return invoice
    }

    /// The state of the invoice of row `row` on `day`.
    func state(of row: Int64, on day: LocalDate) throws(LedgerError) -> DunningState {
        try statement.bind([.integer(row), .text(day.description)])
        guard try statement.step() else {
            throw LedgerError(code: 0, message: "invoice row \(row) cannot be read again")
        }
        return DunningState(
            reminderLevel: Int(statement.integer(level)), inCollection: statement.integer(inCollection) == 1,
            hold: try statement.decoded(hold, as: HoldKind.self))
    }
}

/// One allocation of principal as insight reads it: a payment's or a credit note's, with its day.
private struct AllocationRow {
    /// The allocation's row id.
    let id: Int64
    let isPayment: Bool
    /// The payment's or the credit note's row id.
    let source: Int64
    let date: LocalDate
    let amount: Int64

    /// The allocation on the row `statement` is on, of the invoice in row `invoice`.
    init(_ statement: borrowing Statement, _ columns: AllocationColumns, invoice: Int64) throws(LedgerError) {
        isPayment = statement.optionalInteger(columns.payment) != nil
        guard let source = statement.optionalInteger(isPayment ? columns.payment : columns.credit),
              let date = try statement.date(isPayment ? columns.paymentDay : columns.creditDay)
        else {
            throw LedgerError(
                code: 0, message: "a \(isPayment ? "payment" : "credit note") of invoice row \(invoice) has no date")
        }
        (id, self.source, self.date, amount) = (statement.integer(columns.id), source, date,
                                                 statement.integer(columns.amount))
    }
}

/// Where a statement of insight's reads gives an allocation's row id, its payment or credit note (one is null), its
/// amount, and the payment's and the credit note's days.
private struct AllocationColumns {
    let id, payment, credit, amount, paymentDay, creditDay: Int32
}

/// The allocations of principal read alongside the invoices they belong to, from a query giving the invoice's
/// position, the payment or credit note, the amount, the days and the allocation's id (columns 0–6), by position.
private struct Allocations: ~Copyable {
    private let rows: Statement
    /// Whether a row is ready (not yet taken); nil before the first step.
    private var pending: Bool?

    init(_ rows: consuming Statement) {
        self.rows = rows
    }

    /// The allocations of the invoice at `position` (row `invoice`).
    mutating func take(at position: Int64, invoice: Int64) throws(LedgerError) -> [AllocationRow] {
        if pending == nil { pending = try rows.step() }
        guard pending == false || rows.integer(0) >= position else { throw Self.unread }
        var taken: [AllocationRow] = []
        while pending == true && rows.integer(0) == position {
            taken.append(try AllocationRow(rows, Self.columns, invoice: invoice))
            pending = try rows.step()
        }
        return taken
    }

    /// Whether every row was taken; throws when one was left (an allocation of an invoice that was not read).
    mutating func finish() throws(LedgerError) {
        if pending == nil { pending = try rows.step() }
        guard pending == false else { throw Self.unread }
    }

    private static let columns = AllocationColumns(id: 6, payment: 1, credit: 2, amount: 3, paymentDay: 4, creditDay: 5)

    private static let unread = LedgerError(
        code: 0, message: "insight read an allocation of an invoice it did not read: the ledger is inconsistent")

    /// One entry per payment and per credit note: its allocations' amounts summed (left out when they sum to nothing),
    /// the earliest day kept (the allocations of one payment with a booking date all carry it; one without gets the
    /// earliest day of the runs that placed it); ordered by day, then by the row that made it.
    static func dated(_ rows: some Sequence<AllocationRow>) -> (payments: [DatedAmount], credits: [DatedAmount]) {
        var payments: [(source: Int64, date: LocalDate, amount: Int64)] = []
        var credits: [(source: Int64, date: LocalDate, amount: Int64)] = []
        for row in rows {
            if row.isPayment {
                add(row, to: &payments)
            } else {
                add(row, to: &credits)
            }
        }
        return (sorted(payments), sorted(credits))
    }

    private static func add(_ row: AllocationRow, to entries: inout [(source: Int64, date: LocalDate, amount: Int64)]) {
        if let index = entries.firstIndex(where: { $0.source == row.source }) {
            entries[index].amount += row.amount
            entries[index].date = min(entries[index].date, row.date)
        } else {
            entries.append((row.source, row.date, row.amount))
        }
    }

    private static func sorted(_ entries: [(source: Int64, date: LocalDate, amount: Int64)]) -> [DatedAmount] {
        entries.filter { $0.amount != 0 }.sorted { ($0.date, $0.source) < ($1.date, $1.source) }
            .map { DatedAmount(date: $0.date, amount: $0.amount) }
    }
}

// MARK: - Insight's kept sums (docs/ledger.md)

extension Ledger {
    /// How far the kept sums reach; nil when none are kept.
    public func insightMark() throws(LedgerError) -> InsightMark? {
        let statement = try database.prepare(
            "SELECT as_of, last_allocation, last_invoice, creditor FROM insight_mark WHERE id = 1")
        try statement.bind([])
        guard try statement.step() else { return nil }
        guard let day = try statement.date(0) else { throw LedgerError(code: 0, message: "insight_mark: as_of is empty") }
        return InsightMark(asOf: day, lastAllocation: statement.integer(1), lastInvoice: statement.integer(2),
                           creditor: statement.text(3))
    }

    /// A mark as of `day` for what the ledger holds now: its last allocation and last invoice, and the creditor
    /// (`creditorBusinessId`) whose invoices insight counts.
    public func insightMark(asOf day: LocalDate) throws(LedgerError) -> InsightMark {
        InsightMark(asOf: day, lastAllocation: Int64(try scalar("SELECT coalesce(max(id), 0) FROM allocations")),
                    lastInvoice: Int64(try scalar("SELECT coalesce(max(id), 0) FROM invoices")),
                    creditor: creditorBusinessId)
    }

    /// Hands `body` every kept row of the figures `figures`, a figure's rows in owner order (an owner's rows
    /// together, in slot order).
    public func forEachInsightSum(of figures: [Int], _ body: (InsightSumRow) throws -> Void) throws {
        let ofFigure = try database.prepare(
            "SELECT figure, owner, slot, a, b, c FROM insight_sums WHERE figure = ? ORDER BY owner, slot")
        for figure in figures {
            try ofFigure.bind([.integer(Int64(figure))])
            while try ofFigure.step() {
                try body(InsightSumRow(
                    figure: Int(ofFigure.integer(0)), owner: try ofFigure.requiredText(1),
                    slot: Int(ofFigure.integer(2)), ofFigure.integer(3), ofFigure.integer(4), ofFigure.integer(5)))
            }
        }
    }

    /// Keeps the rows `rows` hands over as the sums as of `mark`, in one transaction: in place of every kept row
    /// (`replacing`), or added to them (a row that comes to zero is deleted).
    public func keepInsightSums(
        replacing: Bool, mark: InsightMark, _ rows: ((InsightSumRow) throws -> Void) throws -> Void
    ) throws {
        try database.transaction {
            if replacing { try database.execute("DELETE FROM insight_sums") }
            let add = try database.prepare("""
                INSERT INTO insight_sums (figure, owner, slot, a, b, c) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (figure, owner, slot) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c
                RETURNING a = 0 AND b = 0 AND c = 0
                """)
            let delete = try database.prepare("DELETE FROM insight_sums WHERE figure = ? AND owner = ? AND slot = ?")
            try rows { row in
                let key: [SQLValue] = [.integer(Int64(row.figure)), .text(row.owner), .integer(Int64(row.slot))]
                try add.bind(key + [.integer(row.a), .integer(row.b), .integer(row.c)])
                guard try add.step() else { throw LedgerError(code: 0, message: "insight_sums: a row was not written") }
                let isZero = add.integer(0) == 1
                while try add.step() {}
                if isZero { try delete.run(key) }
            }
            try database.prepare("""
                INSERT INTO insight_mark (id, as_of, last_allocation, last_invoice, creditor) VALUES (1, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of, last_allocation = excluded.last_allocation,
                    last_invoice = excluded.last_invoice, creditor = excluded.creditor
                """).run([.text(mark.asOf.description), .integer(mark.lastAllocation), .integer(mark.lastInvoice),
                          mark.creditor.sql])
        }
    }

    /// The invoices of the customers of `keys` (the creditor's own), each with its payments, handed to `body` one at a
    /// time: what the lines of a few trend alarms are drawn from.
    public func forEachInvoiceHistory(ofCustomers keys: Set<String>, _ body: (InvoiceHistory) -> Void)
        throws(LedgerError)
    {
        try readHistories(asOf: nil, statesDueBefore: nil, named: false, choosing: { () throws(LedgerError) in
            let pick = try database.prepare("""
                INSERT OR IGNORE INTO temp.insight_pick (id)
                SELECT i.id FROM customers c JOIN invoices i ON i.customer_id = c.id WHERE c.key = ?
                """)
            for key in keys { try pick.run([.text(key)]) }
        }) { histories throws(LedgerError) in
            while let (invoice, _) = try histories.next() { body(invoice) }
        }
    }

    /// The names of the customers of `keys`, by key (customers without one left out): one pass over the customers,
    /// keeping only those asked for.
    public func customerNames(of keys: Set<String>) throws(LedgerError) -> [String: String] {
        let statement = try database.prepare("SELECT key, name FROM customers WHERE name IS NOT NULL")
        try statement.bind([])
        var names: [String: String] = [:]
        while try statement.step() {
            let key = try statement.requiredText(0)
            if keys.contains(key) { names[key] = try statement.requiredText(1) }
        }
        return names
    }
}
