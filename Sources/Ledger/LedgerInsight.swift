public import Receivables

/// What insight reads from the ledger (docs/insight.md): the receivables open now, those dated since a day, and those
/// paid by payments booked since it, each with its payments (net of the rows that undid them) and credit notes.
extension Ledger {
    /// The payment history insight computes from, as of `asOf`, complete from `since` (invoice dates and booking
    /// dates; the indexes of schema version 12 find them), handed to `body` one invoice at a time in the order of
    /// invoice date and number, so that it need not be held whole. A payment the bank gave no booking date counts
    /// from the day of the run that placed it; an invoice without a due date is due on its date. Dunning states are
    /// read for the invoices open at `asOf` (insight shows them for open invoices only); the others carry `.none`.
    ///
    /// The invoices chosen are numbered in that order in a temporary table; they and their allocations are then read
    /// side by side in two passes over it, rather than looked up invoice by invoice.
    public func forEachInvoiceHistory(
        asOf: LocalDate, since: LocalDate, _ body: (InvoiceHistory) -> Void
    ) throws(LedgerError) {
        try database.execute("""
            DROP TABLE IF EXISTS temp.insight_order;
            CREATE TEMP TABLE insight_order (position INTEGER PRIMARY KEY, id INTEGER NOT NULL);
            """)
        do {
            try database.prepare("""
                INSERT INTO temp.insight_order (id)
                SELECT r.id FROM receivables r WHERE r.id IN (
                    SELECT id FROM receivables WHERE open <> 0 AND open > 0
                    UNION SELECT id FROM invoices WHERE invoice_date >= ?1
                    UNION SELECT a.invoice_id FROM payments p JOIN allocations a ON a.payment_id = p.id
                        WHERE p.booking_date >= ?1 AND a.invoice_id IS NOT NULL
                    UNION SELECT a.invoice_id FROM payments p JOIN allocations a ON a.payment_id = p.id
                        JOIN runs n ON n.id = a.run_id
                        WHERE p.booking_date IS NULL AND n.as_of >= ?1 AND a.invoice_id IS NOT NULL)
                ORDER BY r.invoice_date, r.invoice_number, r.id
                """).run([.text(since.description)])
            try readHistory(asOf: asOf, body)
            try database.execute("DROP TABLE temp.insight_order")
        } catch {
            try? database.execute("DROP TABLE IF EXISTS temp.insight_order")
            throw error
        }
    }

    /// Reads the invoices of `temp.insight_order` with their payments, credit notes and (when open) dunning states.
    private func readHistory(asOf: LocalDate, _ body: (InvoiceHistory) -> Void) throws(LedgerError) {
        // Each allocation of principal of the invoices, by position: a payment's (dated by its booking date, or by the
        // day of the run that placed it) or a credit note's (dated by the credit note).
        var allocations = Allocations(try database.prepare("""
            SELECT o.position, a.payment_id, a.credit_note_id, a.amount,
                coalesce(p.booking_date, (SELECT as_of FROM runs WHERE id = a.run_id)) AS payment_day,
                cn.invoice_date AS credit_day
            FROM temp.insight_order o CROSS JOIN allocations a ON a.invoice_id = o.id
                LEFT JOIN payments p ON p.id = a.payment_id LEFT JOIN invoices cn ON cn.id = a.credit_note_id
            WHERE (a.payment_id IS NOT NULL AND a.pays_charges = 0) OR a.credit_note_id IS NOT NULL
            ORDER BY o.position
            """))
        let dunning = try database.prepare("""
            SELECT (SELECT count(*) FROM reminders m WHERE m.invoice_id = r.id AND m.action = 'reminder') AS reminder_level,
                EXISTS (SELECT 1 FROM reminders m WHERE m.invoice_id = r.id AND m.action = 'collection') AS in_collection,
                (SELECT h.kind FROM holds h WHERE h.status = 'active' AND (h.invoice_id = r.id OR h.customer_id = r.customer_id)
                    ORDER BY CASE h.kind WHEN 'dispute' THEN 0 WHEN 'plan' THEN 1 ELSE 2 END LIMIT 1) AS hold
            FROM invoices r WHERE r.id = ?
            """)
        let (level, inCollection, hold) = (
            try dunning.column("reminder_level"), try dunning.column("in_collection"), try dunning.column("hold"))
        let statement = try database.prepare("""
            SELECT o.position, r.id, r.invoice_number, c.key, c.name, r.currency, r.amount, r.invoice_date,
                coalesce(r.due_date, r.invoice_date) AS due_date
            FROM temp.insight_order o CROSS JOIN receivables r ON r.id = o.id JOIN customers c ON c.id = r.customer_id
            ORDER BY o.position
            """)
        let (position, id, number, customer, name, currency, amount, invoiceDate, dueDate) = (
            try statement.column("position"), try statement.column("id"), try statement.column("invoice_number"),
            try statement.column("key"), try statement.column("name"), try statement.column("currency"),
            try statement.column("amount"), try statement.column("invoice_date"), try statement.column("due_date"))
        // A customer's key and name once per customer, shared by its invoices, rather than a copy per invoice.
        var customers: [String: (key: String, name: String?)] = [:]
        while try statement.step() {
            guard let issued = try statement.date(invoiceDate), let due = try statement.date(dueDate) else {
                throw LedgerError(code: 0, message: "invoice \(statement.text(number) ?? "?") has no invoice date")
            }
            let row = statement.integer(id)
            let key = try statement.requiredText(customer)
            let known = customers[key] ?? {
                let entry = (key: key, name: statement.text(name))
                customers[key] = entry
                return entry
            }()
            let (payments, credits) = try allocations.take(at: statement.integer(position), invoice: row)
            let invoice = InvoiceHistory(
                invoiceNumber: try statement.requiredText(number), customerId: known.key, customerName: known.name,
                currency: try statement.currency(currency), amount: statement.integer(amount), invoiceDate: issued,
                dueDate: due, payments: payments, credits: credits)
            guard let open = invoice.open(at: asOf), open > 0 else {
                body(invoice)
                continue
            }
            try dunning.bind([.integer(row)])
            guard try dunning.step() else { throw LedgerError(code: 0, message: "invoice row \(row) cannot be read again") }
            body(InvoiceHistory(
                invoiceNumber: invoice.invoiceNumber, customerId: invoice.customerId, customerName: invoice.customerName,
                currency: invoice.currency, amount: invoice.amount, invoiceDate: issued, dueDate: due,
                dunning: DunningState(
                    reminderLevel: Int(dunning.integer(level)), inCollection: dunning.integer(inCollection) == 1,
                    hold: try dunning.decoded(hold, as: HoldKind.self)),
                payments: payments, credits: credits))
        }
        try allocations.finish()
    }
}

/// The allocations of principal read alongside the invoices they belong to, from a query giving the invoice's
/// position, the payment or credit note, the amount and the day (columns 0–5), by position.
private struct Allocations: ~Copyable {
    private let rows: Statement
    /// Whether a row is ready (not yet taken); nil before the first step.
    private var pending: Bool?

    init(_ rows: consuming Statement) {
        self.rows = rows
    }

    /// The payments and credit notes of the invoice at `position` (row `invoice`), one entry per payment or credit
    /// note (its allocations summed, left out when they sum to nothing), ordered by day, then by the row that made it.
    mutating func take(at position: Int64, invoice: Int64) throws(LedgerError) -> (payments: [DatedAmount], credits: [DatedAmount]) {
        if pending == nil { pending = try rows.step() }
        guard pending == false || rows.integer(0) >= position else { throw Self.unread }
        var payments: [(row: Int64, date: LocalDate, amount: Int64)] = []
        var credits: [(row: Int64, date: LocalDate, amount: Int64)] = []
        while pending == true && rows.integer(0) == position {
            let isPayment = rows.optionalInteger(1) != nil
            guard let row = rows.optionalInteger(isPayment ? 1 : 2), let date = try rows.date(isPayment ? 4 : 5) else {
                throw LedgerError(code: 0, message: "a \(isPayment ? "payment" : "credit note") of invoice row \(invoice) has no date")
            }
            let amount = rows.integer(3)
            if isPayment {
                Self.add(&payments, row: row, date: date, amount: amount)
            } else {
                Self.add(&credits, row: row, date: date, amount: amount)
            }
            pending = try rows.step()
        }
        return (Self.dated(payments), Self.dated(credits))
    }

    /// Whether every row was taken; throws when one was left (an allocation of an invoice that was not read).
    mutating func finish() throws(LedgerError) {
        if pending == nil { pending = try rows.step() }
        guard pending == false else { throw Self.unread }
    }

    private static let unread = LedgerError(
        code: 0, message: "insight read an allocation of an invoice it did not read: the ledger is inconsistent")

    /// Adds an allocation to its payment's or credit note's entry: amounts summed, the earliest day kept (the
    /// allocations of one payment with a booking date all carry it; one without gets its first run's day).
    private static func add(_ entries: inout [(row: Int64, date: LocalDate, amount: Int64)], row: Int64, date: LocalDate,
                            amount: Int64) {
        if let index = entries.firstIndex(where: { $0.row == row }) {
            entries[index].amount += amount
            entries[index].date = min(entries[index].date, date)
        } else {
            entries.append((row, date, amount))
        }
    }

    private static func dated(_ entries: [(row: Int64, date: LocalDate, amount: Int64)]) -> [DatedAmount] {
        entries.filter { $0.amount != 0 }.sorted { ($0.date, $0.row) < ($1.date, $1.row) }
            .map { DatedAmount(date: $0.date, amount: $0.amount) }
    }
}
