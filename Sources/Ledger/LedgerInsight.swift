public import Receivables

/// What insight reads from the ledger (docs/insight.md): the receivables open now, those dated since a day, and those
/// paid by payments booked since it, each with its payments (net of the rows that undid them) and credit notes.
extension Ledger {
    /// The payment history insight computes from, as of `asOf`, complete from `since` (invoice dates and booking
    /// dates; the indexes of schema version 12 find them). A payment the bank gave no booking date counts from the
    /// day of the run that placed it; an invoice without a due date is due on its date.
    public func paymentHistory(asOf: LocalDate, since: LocalDate) throws(LedgerError) -> PaymentHistory {
        let statement = try database.prepare("""
            SELECT r.id, r.invoice_number, c.key, c.name, r.currency, r.amount, r.invoice_date,
                coalesce(r.due_date, r.invoice_date) AS due_date,
                (SELECT count(*) FROM reminders m WHERE m.invoice_id = r.id AND m.action = 'reminder') AS reminder_level,
                EXISTS (SELECT 1 FROM reminders m WHERE m.invoice_id = r.id AND m.action = 'collection') AS in_collection,
                (SELECT h.kind FROM holds h WHERE h.status = 'active' AND (h.invoice_id = r.id OR h.customer_id = r.customer_id)
                    ORDER BY CASE h.kind WHEN 'dispute' THEN 0 WHEN 'plan' THEN 1 ELSE 2 END LIMIT 1) AS hold
            FROM receivables r JOIN customers c ON c.id = r.customer_id
            WHERE r.id IN (
                SELECT id FROM receivables WHERE open <> 0 AND open > 0
                UNION SELECT id FROM invoices WHERE invoice_date >= ?1
                UNION SELECT a.invoice_id FROM payments p JOIN allocations a ON a.payment_id = p.id
                    WHERE p.booking_date >= ?1 AND a.invoice_id IS NOT NULL
                UNION SELECT a.invoice_id FROM payments p JOIN allocations a ON a.payment_id = p.id JOIN runs n ON n.id = a.run_id
                    WHERE p.booking_date IS NULL AND n.as_of >= ?1 AND a.invoice_id IS NOT NULL)
            ORDER BY r.invoice_date, r.invoice_number
            """)
        let payments = try database.prepare("""
            SELECT coalesce(p.booking_date, min((SELECT as_of FROM runs WHERE id = a.run_id))) AS day, sum(a.amount) AS amount
            FROM allocations a JOIN payments p ON p.id = a.payment_id
            WHERE a.invoice_id = ? AND a.pays_charges = 0 GROUP BY a.payment_id HAVING sum(a.amount) <> 0 ORDER BY day, a.payment_id
            """)
        let credits = try database.prepare("""
            SELECT cn.invoice_date AS day, sum(a.amount) AS amount
            FROM allocations a JOIN invoices cn ON cn.id = a.credit_note_id
            WHERE a.invoice_id = ? GROUP BY a.credit_note_id HAVING sum(a.amount) <> 0 ORDER BY day, a.credit_note_id
            """)
        let (id, number, customer, name, currency, amount, invoiceDate, dueDate) = (
            try statement.column("id"), try statement.column("invoice_number"), try statement.column("key"),
            try statement.column("name"), try statement.column("currency"), try statement.column("amount"),
            try statement.column("invoice_date"), try statement.column("due_date"))
        let (level, inCollection, hold) = (
            try statement.column("reminder_level"), try statement.column("in_collection"), try statement.column("hold"))
        func dated(_ rows: borrowing Statement, invoice: Int64, what: String) throws(LedgerError) -> [DatedAmount] {
            let (day, money) = (try rows.column("day"), try rows.column("amount"))
            try rows.bind([.integer(invoice)])
            var amounts: [DatedAmount] = []
            while try rows.step() {
                guard let date = try rows.date(day) else {
                    throw LedgerError(code: 0, message: "a \(what) of invoice row \(invoice) has no date")
                }
                amounts.append(DatedAmount(date: date, amount: rows.integer(money)))
            }
            return amounts
        }
        try statement.bind([.text(since.description)])
        var invoices: [InvoiceHistory] = []
        while try statement.step() {
            guard let issued = try statement.date(invoiceDate), let due = try statement.date(dueDate) else {
                throw LedgerError(code: 0, message: "invoice \(statement.text(number) ?? "?") has no invoice date")
            }
            let row = statement.integer(id)
            invoices.append(InvoiceHistory(
                invoiceNumber: try statement.requiredText(number), customerId: try statement.requiredText(customer),
                customerName: statement.text(name), currency: try statement.currency(currency),
                amount: statement.integer(amount), invoiceDate: issued, dueDate: due,
                dunning: DunningState(
                    reminderLevel: Int(statement.integer(level)), inCollection: statement.integer(inCollection) == 1,
                    hold: try statement.decoded(hold, as: HoldKind.self)),
                payments: try dated(payments, invoice: row, what: "payment"),
                credits: try dated(credits, invoice: row, what: "credit note")))
        }
        return PaymentHistory(asOf: asOf, since: since, invoices: invoices)
    }
}
