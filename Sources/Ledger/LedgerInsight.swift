public import Receivables

/// What insight reads from the ledger (docs/insight.md): the receivables open now, those dated since a day, and those
/// paid by payments booked since it, each with its payments (net of the rows that undid them) and credit notes.
extension Ledger {
    /// The payment history insight computes from, as of `asOf`, complete from `since` (invoice dates and booking
    /// dates; the indexes of schema version 12 find them). A payment the bank gave no booking date counts from the
    /// day of the run that placed it; an invoice without a due date is due on its date. Dunning states are read for
    /// the invoices open at `asOf` (insight shows them for open invoices only); the others carry `.none`.
    ///
    /// The invoices chosen go to a temporary table, and their payments and credit notes are read in one pass each,
    /// by invoice, rather than looked up invoice by invoice.
    public func paymentHistory(asOf: LocalDate, since: LocalDate) throws(LedgerError) -> PaymentHistory {
        try database.execute("""
            DROP TABLE IF EXISTS temp.insight_invoices;
            CREATE TEMP TABLE insight_invoices (id INTEGER PRIMARY KEY);
            """)
        do {
            try database.prepare("""
                INSERT INTO temp.insight_invoices
                SELECT id FROM receivables WHERE open <> 0 AND open > 0
                UNION SELECT id FROM invoices WHERE invoice_date >= ?1
                UNION SELECT a.invoice_id FROM payments p JOIN allocations a ON a.payment_id = p.id
                    WHERE p.booking_date >= ?1 AND a.invoice_id IS NOT NULL
                UNION SELECT a.invoice_id FROM payments p JOIN allocations a ON a.payment_id = p.id JOIN runs n ON n.id = a.run_id
                    WHERE p.booking_date IS NULL AND n.as_of >= ?1 AND a.invoice_id IS NOT NULL
                """).run([.text(since.description)])
            let history = try readHistory(asOf: asOf, since: since)
            try database.execute("DROP TABLE temp.insight_invoices")
            return history
        } catch {
            try? database.execute("DROP TABLE IF EXISTS temp.insight_invoices")
            throw error
        }
    }

    /// Reads the invoices of `temp.insight_invoices` with their payments, credit notes and (when open) dunning states.
    private func readHistory(asOf: LocalDate, since: LocalDate) throws(LedgerError) -> PaymentHistory {
        var payments = try datedAmounts(what: "payment", sql: """
            SELECT a.invoice_id AS invoice, coalesce(p.booking_date, min((SELECT as_of FROM runs WHERE id = a.run_id))) AS day,
                sum(a.amount) AS amount
            FROM temp.insight_invoices t JOIN allocations a ON a.invoice_id = t.id JOIN payments p ON p.id = a.payment_id
            WHERE a.pays_charges = 0 GROUP BY a.invoice_id, a.payment_id HAVING sum(a.amount) <> 0
            ORDER BY a.invoice_id, day, a.payment_id
            """)
        var credits = try datedAmounts(what: "credit note", sql: """
            SELECT a.invoice_id AS invoice, cn.invoice_date AS day, sum(a.amount) AS amount
            FROM temp.insight_invoices t JOIN allocations a ON a.invoice_id = t.id JOIN invoices cn ON cn.id = a.credit_note_id
            GROUP BY a.invoice_id, a.credit_note_id HAVING sum(a.amount) <> 0 ORDER BY a.invoice_id, day, a.credit_note_id
            """)
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
            SELECT r.id, r.invoice_number, c.key, c.name, r.currency, r.amount, r.invoice_date,
                coalesce(r.due_date, r.invoice_date) AS due_date
            FROM temp.insight_invoices t JOIN receivables r ON r.id = t.id JOIN customers c ON c.id = r.customer_id
            ORDER BY r.invoice_date, r.invoice_number
            """)
        let (id, number, customer, name, currency, amount, invoiceDate, dueDate) = (
            try statement.column("id"), try statement.column("invoice_number"), try statement.column("key"),
            try statement.column("name"), try statement.column("currency"), try statement.column("amount"),
            try statement.column("invoice_date"), try statement.column("due_date"))
        // A customer's key and name once per customer, shared by its invoices, rather than a copy per invoice.
        var customers: [String: (key: String, name: String?)] = [:]
        var invoices: [InvoiceHistory] = []
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
            let invoice = InvoiceHistory(
                invoiceNumber: try statement.requiredText(number), customerId: known.key, customerName: known.name,
                currency: try statement.currency(currency), amount: statement.integer(amount), invoiceDate: issued,
                dueDate: due, payments: payments.removeValue(forKey: row) ?? [], credits: credits.removeValue(forKey: row) ?? [])
            guard let open = invoice.open(at: asOf), open > 0 else {
                invoices.append(invoice)
                continue
            }
            try dunning.bind([.integer(row)])
            guard try dunning.step() else { throw LedgerError(code: 0, message: "invoice row \(row) cannot be read again") }
            invoices.append(InvoiceHistory(
                invoiceNumber: invoice.invoiceNumber, customerId: invoice.customerId, customerName: invoice.customerName,
                currency: invoice.currency, amount: invoice.amount, invoiceDate: issued, dueDate: due,
                dunning: DunningState(
                    reminderLevel: Int(dunning.integer(level)), inCollection: dunning.integer(inCollection) == 1,
                    hold: try dunning.decoded(hold, as: HoldKind.self)),
                payments: invoice.payments, credits: invoice.credits))
        }
        return PaymentHistory(asOf: asOf, since: since, invoices: invoices)
    }

    /// Dated amounts by invoice row, from a query giving `invoice`, `day` and `amount` ordered by invoice then day.
    private func datedAmounts(what: String, sql: String) throws(LedgerError) -> [Int64: [DatedAmount]] {
        let rows = try database.prepare(sql)
        let (invoice, day, money) = (try rows.column("invoice"), try rows.column("day"), try rows.column("amount"))
        var amounts: [Int64: [DatedAmount]] = [:]
        while try rows.step() {
            let row = rows.integer(invoice)
            guard let date = try rows.date(day) else {
                throw LedgerError(code: 0, message: "a \(what) of invoice row \(row) has no date")
            }
            amounts[row, default: []].append(DatedAmount(date: date, amount: rows.integer(money)))
        }
        return amounts
    }
}
