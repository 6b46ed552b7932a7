public import Receivables

/// The ledger's views (docs/design.md, "Ledger views") and the totals the report states: every row read by column name, every stored
/// value decoded or refused.
extension Ledger {
    /// What an invoice owes now (nil when no receivable has the number).
    public func openAmount(ofInvoice number: String) throws(LedgerError) -> Int64? {
        let statement = try database.prepare("SELECT open FROM receivables WHERE invoice_number = ?")
        try statement.bind([.text(number)])
        return try statement.step() ? statement.integer(try statement.column("open")) : nil
    }

    /// A payment's status, reason and unapplied amount (of the payment itself, when a reversal shares its archive id).
    public func state(ofPayment archiveId: String) throws(LedgerError)
        -> (status: PaymentStatus, reason: UnappliedReason?, unapplied: Int64)?
    {
        let statement = try database.prepare(
            "SELECT status, reason, unapplied FROM payments WHERE archive_id = ? ORDER BY reversal, id LIMIT 1")
        try statement.bind([.text(archiveId)])
        guard try statement.step() else { return nil }
        guard let status = try statement.decoded(try statement.column("status"), as: PaymentStatus.self) else {
            throw LedgerError(code: 0, message: "payment \(archiveId) has no status")
        }
        return (status, try statement.decoded(try statement.column("reason"), as: UnappliedReason.self),
                statement.integer(try statement.column("unapplied")))
    }

    /// Every receivable (credit notes show as `credited` on the invoice they reduce; reminders, test invoices and
    /// other documents that claim nothing are not listed), in invoice order; with `onlyOpen`, only those that owe
    /// principal, found through the open balances' index rather than by reading every invoice ever booked.
    public func invoiceViews(onlyOpen: Bool = false) throws(LedgerError) -> [InvoiceView] {
        try invoiceViews(where: onlyOpen ? "WHERE r.open <> 0 AND r.open > 0" : "", [])
    }

    /// The receivables with these row ids (`DunnableInvoice.id`), by id; an id no receivable has is left out. One
    /// statement read once per id: a day's reminders need some thousands, and SQLite takes longer to prepare the view
    /// than to read one row of it.
    public func invoiceViews(ids: [Int64]) throws(LedgerError) -> [Int64: InvoiceView] {
        let statement = try invoiceViewsStatement(where: "WHERE r.id = ?")
        var views: [Int64: InvoiceView] = [:]
        try Self.readInvoiceViews(statement, bindings: ids.lazy.map { [.integer($0)] }) { binding, view in
            views[ids[binding]] = view
        }
        return views
    }

    private func invoiceViews(where filter: String, _ values: [SQLValue]) throws(LedgerError) -> [InvoiceView] {
        let statement = try invoiceViewsStatement(where: filter)
        var views: [InvoiceView] = []
        try Self.readInvoiceViews(statement, bindings: [values]) { _, view in views.append(view) }
        return views
    }

    /// That hold `h` is in effect on the ledger's day, its latest run's (the running one's during a run).
    private static let holdInEffectNow = holdInEffect("h", on: "(SELECT max(as_of) FROM runs)")

    /// The receivables the `filter` keeps, with what the views show of each, in invoice order.
    private func invoiceViewsStatement(where filter: String) throws(LedgerError) -> Statement {
        try database.prepare("""
            SELECT r.invoice_number, r.reference, c.key, c.name, c.consumer, r.currency, r.amount, r.paid, r.credited,
                r.invoice_date, r.due_date, r.charges,
                (SELECT count(*) FROM reminders m WHERE m.invoice_id = r.id AND m.action = 'reminder') AS dunning_level,
                CASE WHEN EXISTS (SELECT 1 FROM reminders m WHERE m.invoice_id = r.id AND m.action = 'collection')
                        THEN 'in_collection'
                    WHEN EXISTS (SELECT 1 FROM holds h WHERE h.kind = 'dispute' AND \(Self.holdInEffectNow)
                        AND (h.invoice_id = r.id OR h.customer_id = r.customer_id)) THEN 'disputed'
                    WHEN EXISTS (SELECT 1 FROM holds h WHERE \(Self.holdInEffectNow)
                        AND (h.invoice_id = r.id OR h.customer_id = r.customer_id)) THEN 'on_hold'
                END AS standing
            FROM receivables r JOIN customers c ON c.id = r.customer_id \(filter) ORDER BY r.invoice_date, r.invoice_number
            """)
    }

    /// Reads the rows of `statement` (of `invoiceViewsStatement(where:)`) bound to each of `bindings` in turn, and
    /// hands each row's view to `body` with the offset of its binding.
    private static func readInvoiceViews(
        _ statement: borrowing Statement, bindings: some Sequence<[SQLValue]>, _ body: (Int, InvoiceView) -> Void
    ) throws(LedgerError) {
        let (number, reference, customer, name, consumer, currency, amount, paid, credited, invoiceDate, dueDate) = (
            try statement.column("invoice_number"), try statement.column("reference"), try statement.column("key"),
            try statement.column("name"), try statement.column("consumer"), try statement.column("currency"),
            try statement.column("amount"), try statement.column("paid"), try statement.column("credited"),
            try statement.column("invoice_date"), try statement.column("due_date"))
        let (level, standing, charges) = (
            try statement.column("dunning_level"), try statement.column("standing"), try statement.column("charges"))
        for (offset, values) in bindings.enumerated() {
            try statement.bind(values)
            while try statement.step() {
                guard let issued = try statement.date(invoiceDate) else {
                    throw LedgerError(code: 0, message: "invoice \(statement.text(number) ?? "?") has no invoice date")
                }
                body(offset, InvoiceView(
                    invoiceNumber: try statement.requiredText(number), reference: statement.text(reference),
                    customerId: try statement.requiredText(customer), customerName: statement.text(name),
                    consumer: statement.integer(consumer) == 1, currency: try statement.currency(currency),
                    amount: statement.integer(amount), paid: statement.integer(paid),
                    credited: statement.integer(credited), invoiceDate: issued, dueDate: try statement.date(dueDate),
                    dunningLevel: Int(statement.integer(level)),
                    dunningStanding: try statement.decoded(standing, as: InvoiceStatus.self),
                    charges: statement.integer(charges)))
            }
        }
    }

    /// How many payments the ledger holds in each status (kept by the ledger as payments are booked and placed).
    public func paymentCounts() throws(LedgerError) -> [String: Int] {
        let statement = try database.prepare("SELECT status, count FROM payment_counts WHERE count <> 0")
        try statement.bind([])
        var counts: [String: Int] = [:]
        while try statement.step() { counts[try statement.requiredText(0)] = Int(statement.integer(1)) }
        return counts
    }

    /// Every payment (or, with `onlyToDecide`, only those the accountant must look at: every unmatched one and
    /// matched ones with money left over), in booking order, with what it has applied per invoice (allocations
    /// less the rows that undid them; the rule of the first).
    public func paymentViews(onlyToDecide: Bool = false) throws(LedgerError) -> [PaymentView] {
        // Two look-ups, each through its own partial index (an OR of the two would read every payment).
        try paymentViews(where: onlyToDecide ? """
            WHERE p.id IN (SELECT id FROM payments WHERE status = 'unmatched'
                UNION ALL SELECT id FROM payments WHERE status = 'matched' AND unapplied > 0)
            """ : "", [])
    }

    /// The payments in one status, in booking order, found through the index by status rather than by reading every
    /// payment ever booked.
    public func paymentViews(status: PaymentStatus) throws(LedgerError) -> [PaymentView] {
        try paymentViews(where: "WHERE p.status = ?", [.text(status.rawValue)])
    }

    private func paymentViews(where filter: String, _ values: [SQLValue]) throws(LedgerError) -> [PaymentView] {
        let statement = try database.prepare("""
            SELECT p.id, p.archive_id, p.account, p.booking_date, p.amount, p.currency, p.reference, p.payer_name,
                p.remittance_text, p.status, p.reason, p.unapplied, r.archive_id AS reverses, p.suggested_invoice,
                p.suggestion_rule, p.confidence
            FROM payments p LEFT JOIN payments r ON r.id = p.reverses \(filter) ORDER BY p.booking_date, p.sequence
            """)
        let allocations = try database.prepare("""
            SELECT i.invoice_number, a.amount, a.rule, a.pays_charges FROM allocations a JOIN invoices i ON i.id = a.invoice_id
            WHERE a.payment_id = ? ORDER BY a.id
            """)
        let (id, archiveId, account, bookingDate, amount, currency, reference, payer, text, status, reason, unapplied) = (
            try statement.column("id"), try statement.column("archive_id"), try statement.column("account"),
            try statement.column("booking_date"), try statement.column("amount"), try statement.column("currency"),
            try statement.column("reference"), try statement.column("payer_name"), try statement.column("remittance_text"),
            try statement.column("status"), try statement.column("reason"), try statement.column("unapplied"))
        let (reverses, suggested, rule, confidence) = (
            try statement.column("reverses"), try statement.column("suggested_invoice"),
            try statement.column("suggestion_rule"), try statement.column("confidence"))
        let (invoice, allocated, allocationRule, paysCharges) = (
            try allocations.column("invoice_number"), try allocations.column("amount"), try allocations.column("rule"),
            try allocations.column("pays_charges"))
        try statement.bind(values)
        var views: [PaymentView] = []
        while try statement.step() {
            try allocations.bind([.integer(statement.integer(id))])
            var applied: [PaymentView.Applied] = []
            while try allocations.step() {
                let number = try allocations.requiredText(invoice)
                let money = allocations.integer(allocated)
                // What it paid of the invoice's interest and fees is listed apart from the principal, as `charges`.
                let isCharges = allocations.integer(paysCharges) == 1
                if let same = applied.firstIndex(where: { $0.invoiceNumber == number && ($0.rule == .charges) == isCharges }) {
                    applied[same] = PaymentView.Applied(
                        invoiceNumber: number, amount: applied[same].amount + money, rule: applied[same].rule)
                } else {
                    applied.append(PaymentView.Applied(
                        invoiceNumber: number, amount: money,
                        rule: isCharges ? .charges : MatchRule(rawValue: try allocations.requiredText(allocationRule))))
                }
            }
            applied.removeAll { $0.amount == 0 }
            guard let paymentStatus = try statement.decoded(status, as: PaymentStatus.self) else {
                throw LedgerError(code: 0, message: "payment \(statement.text(archiveId) ?? "?") has no status")
            }
            views.append(PaymentView(
                archiveId: try statement.requiredText(archiveId), account: try statement.requiredText(account),
                bookingDate: try statement.date(bookingDate), amount: statement.optionalInteger(amount),
                currency: try statement.currency(currency), reference: statement.text(reference),
                payerName: statement.text(payer), remittanceText: statement.text(text), status: paymentStatus,
                reason: try statement.decoded(reason, as: UnappliedReason.self), unapplied: statement.integer(unapplied),
                allocations: applied, reverses: statement.text(reverses), suggestedInvoice: statement.text(suggested),
                suggestionRule: statement.text(rule).map(MatchRule.init(rawValue:)), confidence: statement.real(confidence)))
        }
        return views
    }

    /// Credit notes (the creditor's own, once `creditorBusinessId` is set) that credited more than their invoice still
    /// owed: the customer's credit, by credit note. (One whose invoice, its own seller's of its original number or
    /// under its key, is not booked yet waits for it and is no credit.) Computed from the money rows: the credit note's
    /// amount less what its allocations applied (kept in `balances`), read through the index of balances that are not
    /// zero, not by reading every invoice.
    public func customerCredits() throws(LedgerError) -> [CustomerCredit] {
        let statement = try database.prepare("""
            SELECT i.invoice_number, c.name, i.currency, -b.open AS credit
            FROM balances b INDEXED BY balances_open_by_amount CROSS JOIN invoices i ON i.id = b.invoice_id
                JOIN customers c ON c.id = i.customer_id
            WHERE b.open <> 0 AND b.open < 0 AND i.type = 'credit_note'
                AND NOT \(Self.isAnotherSellers("i", creditorParameter: "?1"))
                AND (EXISTS (SELECT 1 FROM receivables r
                        WHERE r.seller_id = i.seller_id AND r.invoice_number = i.original_invoice_number)
                    OR EXISTS (SELECT 1 FROM receivables r
                        WHERE r.reference_key = i.reference_key AND r.seller_id = i.seller_id))
            ORDER BY i.invoice_number, i.id
            """)
        let (number, name, currency, credit) = (
            try statement.column("invoice_number"), try statement.column("name"), try statement.column("currency"),
            try statement.column("credit"))
        try statement.bind([creditorBusinessId.sql])
        var credits: [CustomerCredit] = []
        while try statement.step() {
            credits.append(CustomerCredit(
                creditNote: try statement.requiredText(number), customerName: statement.text(name),
                amount: Amount(minorUnits: statement.integer(credit), currency: try statement.currency(currency))))
        }
        return credits
    }

    /// How many of the creditor's invoices (`creditorBusinessId`; every seller's when it is nil) owe money, and how
    /// much, per currency, read in the order of the invoices' rows; with `datedAfter`, only those dated after that day
    /// (not open yet as insight counts them), read through the index of invoice dates.
    public func openInvoiceTotals(datedAfter day: LocalDate? = nil) throws(LedgerError) -> CountAndSums {
        let owing = "b.open > 0 AND \(Self.isReceivable("i"))"
            + " AND NOT \(Self.isAnotherSellers("i", creditorParameter: "?1"))"
        guard let day else {
            return try totals("""
                SELECT i.currency, count(*) AS count, sum(b.open) AS total
                FROM balances b INDEXED BY balances_owing_by_invoice CROSS JOIN invoices i ON i.id = b.invoice_id
                WHERE \(owing) GROUP BY i.currency
                """, [creditorBusinessId.sql])
        }
        return try totals("""
            SELECT i.currency, count(*) AS count, sum(b.open) AS total
            FROM invoices i INDEXED BY invoices_by_date CROSS JOIN balances b ON b.invoice_id = i.id
            WHERE i.invoice_date > ?2 AND \(owing) GROUP BY i.currency
            """, [creditorBusinessId.sql, .text(day.description)])
    }

    /// How many payments were booked on a day (reversal entries left out), and how much, per currency.
    public func receivedTotals(on day: LocalDate) throws(LedgerError) -> CountAndSums {
        try totals("""
            SELECT currency, count(*) AS count, sum(coalesce(amount, 0)) AS total FROM payments
            WHERE booking_date = ? AND status <> 'reversal' GROUP BY currency
            """, [.text(day.description)])
    }

    /// Runs a `currency, count, total` aggregate query.
    private func totals(_ sql: String, _ values: [SQLValue]) throws(LedgerError) -> CountAndSums {
        let statement = try database.prepare(sql)
        let (currency, count, total) = (try statement.column("currency"), try statement.column("count"), try statement.column("total"))
        try statement.bind(values)
        var counted = 0
        var sums: [Currency: Int64] = [:]
        while try statement.step() {
            counted += Int(statement.integer(count))
            sums[try statement.currency(currency)] = statement.integer(total)
        }
        return CountAndSums(count: counted, byCurrency: sums)
    }
}
