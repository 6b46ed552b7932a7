public import Receivables

/// What collection reads from the ledger (docs/collection.md): the reminders of one invoice for its claim, the payments
/// a run placed on invoices already in collection, and the transfers made.
extension Ledger {
    /// The reminders (action `reminder`) issued for one invoice, in order: the history a transfer claim states.
    public func reminders(ofInvoice invoiceId: Int64) throws(LedgerError) -> [ReminderView] {
        try reminderViews(where: "WHERE m.invoice_id = ? AND m.action = 'reminder'", [.integer(invoiceId)]).map(\.reminder)
    }

    /// What the run (and any run killed or failed since the last finished one) placed on invoices that were
    /// transferred to collection before it: one entry per payment and invoice, what it applied there (principal and
    /// charges, less what it undid), in the order placed. Read from the newest allocations back to the first of a
    /// finished run (runs are one at a time, so a run's allocations are the newest rows), so it costs what the run
    /// placed, not the whole history.
    public func collectionPayments(run: Int64) throws(LedgerError) -> [CollectionPayment] {
        let newest = try database.prepare(
            "SELECT id, run_id, payment_id, invoice_id, amount FROM allocations ORDER BY id DESC")
        let (runId, paymentId, invoiceId, amount) = (
            try newest.column("run_id"), try newest.column("payment_id"), try newest.column("invoice_id"),
            try newest.column("amount"))
        try newest.bind([])
        let status = try database.prepare("SELECT status FROM runs WHERE id = ?")
        var unfinished: [Int64: Bool] = [run: true]
        var order: [(payment: Int64, invoice: Int64)] = []
        var sums: [String: Int64] = [:]
        while try newest.step() {
            // This run's allocations, and those of runs killed or failed since the last finished one (whose payment
            // files may never have been written): stop at the first of a finished run.
            let owner = newest.integer(runId)
            if unfinished[owner] == nil {
                try status.bind([.integer(owner)])
                unfinished[owner] = try status.step() ? status.text(0) != "finished" : false
            }
            guard unfinished[owner] == true else { break }
            guard let payment = newest.optionalInteger(paymentId) else { continue }
            let invoice = newest.integer(invoiceId)
            let key = "\(payment) \(invoice)"
            if sums[key] == nil { order.append((payment, invoice)) }
            sums[key, default: 0] += newest.integer(amount)
        }
        let transferred = try database.prepare(
            "SELECT 1 FROM reminders WHERE invoice_id = ? AND action = 'collection' AND run_id <> ?")
        let details = try database.prepare("""
            SELECT i.invoice_number, i.currency, p.archive_id, p.booking_date, p.payer_name
            FROM invoices i, payments p WHERE i.id = ? AND p.id = ?
            """)
        let (number, currency, archiveId, bookingDate, payer) = (
            try details.column("invoice_number"), try details.column("currency"), try details.column("archive_id"),
            try details.column("booking_date"), try details.column("payer_name"))
        var payments: [CollectionPayment] = []
        for (payment, invoice) in order.reversed() {
            let applied = sums["\(payment) \(invoice)"] ?? 0
            guard applied != 0 else { continue }
            try transferred.bind([.integer(invoice), .integer(run)])
            guard try transferred.step() else { continue }
            try details.bind([.integer(invoice), .integer(payment)])
            guard try details.step() else { continue }
            payments.append(CollectionPayment(
                invoiceNumber: try details.requiredText(number), archiveId: try details.requiredText(archiveId),
                bookingDate: try details.date(bookingDate), amount: applied, currency: try details.currency(currency),
                payerName: details.text(payer)))
        }
        return payments
    }

    /// A transfer to collection as the `transfers` view lists it, with what the interest through the transfer day
    /// needs (the caller computes it: the reference rates are the config's).
    public struct Transfer: Sendable {
        /// The row with `interest` 0.
        public let view: TransferView
        public let invoiceId: Int64
        public let dueDate: LocalDate
        public let isBusinessDebtor: Bool
    }

    /// How many invoices were transferred to collection on `day` (through the index of steps by day).
    public func transferCount(on day: LocalDate) throws(LedgerError) -> Int {
        try scalar(Self.transfersOfADay, [.text(day.description)])
    }

    /// The transfers of the day `?1`.
    static let transfersOfADay = "SELECT count(*) FROM reminders WHERE issued_on = ?1 AND action = 'collection'"

    /// Every transfer to collection, in the order made: what each invoice owes now, and the fees and compensation
    /// its reminders charged.
    public func transfers() throws(LedgerError) -> [Transfer] {
        let statement = try database.prepare("""
            SELECT m.invoice_id, r.invoice_number, c.key, c.business_id, c.consumer, m.issued_on, r.currency, r.amount,
                r.paid, r.credited, r.due_date, m.file,
                (SELECT coalesce(sum(x.fee), 0) FROM reminders x WHERE x.invoice_id = m.invoice_id AND x.action = 'reminder')
                    AS fees,
                (SELECT coalesce(sum(x.compensation), 0) FROM reminders x
                    WHERE x.invoice_id = m.invoice_id AND x.action = 'reminder') AS compensation
            FROM reminders m JOIN receivables r ON r.id = m.invoice_id JOIN customers c ON c.id = r.customer_id
            WHERE m.action = 'collection' ORDER BY m.id
            """)
        let names = ["invoice_id", "invoice_number", "key", "business_id", "consumer", "issued_on", "currency", "amount",
                     "paid", "credited", "due_date", "file", "fees", "compensation"]
        var column: [String: Int32] = [:]
        for name in names { column[name] = try statement.column(name) }
        try statement.bind([])
        var transfers: [Transfer] = []
        while try statement.step() {
            func c(_ name: String) -> Int32 { column[name]! }
            guard let issued = try statement.date(c("issued_on")), let due = try statement.date(c("due_date")) else {
                throw LedgerError(code: 0, message: "the transfer of \(statement.text(c("invoice_number")) ?? "?") has no dates")
            }
            let view = TransferView(
                invoiceNumber: try statement.requiredText(c("invoice_number")), customerId: try statement.requiredText(c("key")),
                transferredOn: issued, currency: try statement.currency(c("currency")), amount: statement.integer(c("amount")),
                paid: statement.integer(c("paid")), credited: statement.integer(c("credited")), interest: 0,
                fees: statement.integer(c("fees")), compensation: statement.integer(c("compensation")),
                file: statement.text(c("file")))
            transfers.append(Transfer(
                view: view, invoiceId: statement.integer(c("invoice_id")), dueDate: due,
                isBusinessDebtor: statement.text(c("business_id")) != nil && statement.integer(c("consumer")) != 1))
        }
        return transfers
    }
}
