public import Receivables

/// An invoice as the ledger view shows it (DESIGN.md §3.4).
public struct InvoiceView: Sendable, Equatable {
    public let invoiceNumber: String
    public let reference: String?
    public let customerId: String
    public let customerName: String?
    public let consumer: Bool
    public let currency: Currency
    public let amount: Int64
    public let paid: Int64
    public let credited: Int64
    public let invoiceDate: String
    public let dueDate: String?
    /// The dunning level reached (0 until dunning exists).
    public let dunningLevel: Int

    /// What is still owed.
    public var open: Int64 { amount - paid - credited }

    /// open, partially_paid, paid or credited.
    public var status: String {
        if open <= 0 { return paid == 0 && credited > 0 ? "credited" : "paid" }
        return paid + credited > 0 ? "partially_paid" : "open"
    }
}

/// A payment as the ledger view shows it (DESIGN.md §3.4), with what the accountant needs to decide.
public struct PaymentView: Sendable, Equatable {
    public let archiveId: String
    public let account: String
    public let bookingDate: String?
    public let amount: Int64?
    public let currency: Currency
    public let reference: String?
    public let payerName: String?
    public let remittanceText: String?
    public let status: String
    public let reason: String?
    public let unapplied: Int64
    public let allocations: [(invoiceNumber: String, amount: Int64, rule: String)]
    public let reverses: String?
    public let suggestedInvoice: String?
    public let suggestionRule: String?
    public let confidence: Double?

    public static func == (lhs: PaymentView, rhs: PaymentView) -> Bool {
        lhs.archiveId == rhs.archiveId && lhs.account == rhs.account && lhs.status == rhs.status
            && lhs.unapplied == rhs.unapplied && lhs.allocations.map { "\($0)" } == rhs.allocations.map { "\($0)" }
    }
}

/// An accountant's decision on a payment.
public enum Decision: Sendable, Equatable {
    /// Apply the payment's unapplied money to this invoice.
    case assign(invoiceNumber: String)
    /// The money goes back to the payer.
    case refund
    /// Nothing to do with receivables (a payment that is not for an invoice).
    case ignore
}

/// Why a decision was refused.
public struct DecisionError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension Ledger {
    /// Every receivable (credit notes show as `credited` on the invoice they reduce; reminders, test invoices and
    /// other documents that claim nothing are not listed), in invoice order.
    public func invoiceViews() throws(LedgerError) -> [InvoiceView] {
        let statement = try database.prepare("""
            SELECT i.invoice_number, i.reference, c.key, c.name, c.consumer, i.currency, i.amount,
                coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.payment_id IS NOT NULL), 0),
                coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.credit_note_id IS NOT NULL), 0),
                i.invoice_date, i.due_date, c.business_id
            FROM invoices i JOIN customers c ON c.id = i.customer_id
            WHERE i.type IN ('invoice', 'interest_invoice') ORDER BY i.invoice_date, i.invoice_number
            """)
        try statement.bind([])
        var views: [InvoiceView] = []
        while try statement.step() {
            views.append(InvoiceView(
                invoiceNumber: statement.text(0)!, reference: statement.text(1),
                customerId: statement.text(11) ?? statement.text(2)!, customerName: statement.text(3),
                consumer: statement.integer(4) == 1, currency: Currency(code: statement.text(5)!) ?? .euro,
                amount: statement.integer(6), paid: statement.integer(7), credited: statement.integer(8),
                invoiceDate: statement.text(9)!, dueDate: statement.text(10), dunningLevel: 0))
        }
        return views
    }

    /// Every payment (or, with `onlyToDecide`, only those the accountant must look at: every unmatched one and
    /// matched ones with money left over), in booking order, with what it has applied per invoice (allocations
    /// less the rows that undid them; the rule of the first).
    public func paymentViews(onlyToDecide: Bool = false) throws(LedgerError) -> [PaymentView] {
        let filter = onlyToDecide ? "WHERE p.status = 'unmatched' OR (p.status = 'matched' AND p.unapplied > 0)" : ""
        let statement = try database.prepare("""
            SELECT p.id, p.archive_id, p.account, p.booking_date, p.amount, p.currency, p.reference, p.payer_name,
                p.remittance_text, p.status, p.reason, p.unapplied, r.archive_id, p.suggested_invoice, p.suggestion_rule,
                p.confidence
            FROM payments p LEFT JOIN payments r ON r.id = p.reverses \(filter) ORDER BY p.booking_date, p.sequence
            """)
        let allocations = try database.prepare("""
            SELECT i.invoice_number, a.amount, a.rule FROM allocations a JOIN invoices i ON i.id = a.invoice_id
            WHERE a.payment_id = ? ORDER BY a.id
            """)
        try statement.bind([])
        var views: [PaymentView] = []
        while try statement.step() {
            try allocations.bind([.integer(statement.integer(0))])
            var applied: [(invoiceNumber: String, amount: Int64, rule: String)] = []
            while try allocations.step() {
                let number = allocations.text(0)!
                if let same = applied.firstIndex(where: { $0.invoiceNumber == number }) {
                    applied[same].amount += allocations.integer(1)
                } else {
                    applied.append((number, allocations.integer(1), allocations.text(2)!))
                }
            }
            applied.removeAll { $0.amount == 0 }
            views.append(PaymentView(
                archiveId: statement.text(1)!, account: statement.text(2)!, bookingDate: statement.text(3),
                amount: statement.optionalInteger(4), currency: Currency(code: statement.text(5)!) ?? .euro,
                reference: statement.text(6), payerName: statement.text(7), remittanceText: statement.text(8),
                status: statement.text(9)!, reason: statement.text(10), unapplied: statement.integer(11), allocations: applied,
                reverses: statement.text(12), suggestedInvoice: statement.text(13), suggestionRule: statement.text(14),
                confidence: statement.real(15)))
        }
        return views
    }

    /// Credit notes that credited more than their invoice still owed: the customer's credit, by credit note. (One
    /// whose invoice is not booked yet waits for it and is no credit.) Computed from the money rows: the credit
    /// note's amount less what its allocations applied.
    public func customerCredits() throws(LedgerError) -> [(creditNote: String, customer: String?, amount: Amount)] {
        let statement = try database.prepare("""
            SELECT i.invoice_number, c.name, i.currency,
                -i.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.credit_note_id = i.id), 0) AS credit
            FROM invoices i JOIN customers c ON c.id = i.customer_id
            WHERE i.type = 'credit_note' AND credit > 0
                AND EXISTS (SELECT 1 FROM invoices o WHERE o.type IN ('invoice', 'interest_invoice')
                    AND (o.invoice_number = i.original_invoice_number
                        OR (i.original_invoice_number IS NULL AND o.reference_key = i.reference_key)))
            ORDER BY i.invoice_number
            """)
        try statement.bind([])
        var credits: [(creditNote: String, customer: String?, amount: Amount)] = []
        while try statement.step() {
            credits.append((statement.text(0)!, statement.text(1),
                            Amount(minorUnits: statement.integer(3), currency: Currency(code: statement.text(2)!) ?? .euro)))
        }
        return credits
    }

    /// How many invoices owe money, and how much, per currency.
    public func openInvoiceTotals() throws(LedgerError) -> (count: Int, byCurrency: [Currency: Int64]) {
        try totals("""
            SELECT currency, count(*), sum(open) FROM (
                SELECT i.currency AS currency,
                    i.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id), 0) AS open
                FROM invoices i WHERE i.type IN ('invoice', 'interest_invoice')
            ) WHERE open > 0 GROUP BY currency
            """, [])
    }

    /// How many payments were booked on a day (reversal entries left out), and how much, per currency.
    public func receivedTotals(on day: LocalDate) throws(LedgerError) -> (count: Int, byCurrency: [Currency: Int64]) {
        try totals("""
            SELECT currency, count(*), sum(coalesce(amount, 0)) FROM payments
            WHERE booking_date = ? AND status <> 'reversal' GROUP BY currency
            """, [.text(day.description)])
    }

    /// Runs a `currency, count, sum` aggregate query.
    private func totals(_ sql: String, _ values: [SQLValue]) throws(LedgerError) -> (count: Int, byCurrency: [Currency: Int64]) {
        let statement = try database.prepare(sql)
        try statement.bind(values)
        var count = 0
        var sums: [Currency: Int64] = [:]
        while try statement.step() {
            count += Int(statement.integer(1))
            sums[Currency(code: statement.text(0)!) ?? .euro] = statement.integer(2)
        }
        return (count, sums)
    }

    /// Applies an accountant's decision on a payment, in one transaction, with an audit row. A decision naming an
    /// unknown payment or invoice, on outgoing money, a reversal or an entry the bank has not booked, on a payment
    /// with nothing unapplied, or one that would over-apply, is refused and changes nothing. `refund` refunds only
    /// what is unapplied: a payment that paid invoices stays matched, its excess refunded.
    public func decide(
        _ decision: Decision, payment archiveId: String, note: String?, source: String, run: Int64?
    ) throws {
        try database.transaction {
            // A reversal may share its original's archive id: the decision is about the payment itself.
            let find = try database.prepare("""
                SELECT id, unapplied, currency, status, direction, reversal, entry_status,
                    EXISTS (SELECT 1 FROM allocations a WHERE a.payment_id = payments.id)
                FROM payments WHERE archive_id = ? ORDER BY reversal, id LIMIT 1
                """)
            try find.bind([.text(archiveId)])
            guard try find.step() else { throw DecisionError(description: "there is no payment with archive id \(archiveId)") }
            let paymentID = find.integer(0)
            let unapplied = find.integer(1)
            let currency = find.text(2)!
            let status = find.text(3)!
            let hasAllocations = find.integer(7) == 1
            guard find.text(4) == "credit", find.integer(5) == 0 else {
                throw DecisionError(description: "payment \(archiveId) is outgoing money or a reversal, not a receipt: "
                    + "it cannot be assigned, refunded or ignored")
            }
            guard find.text(6) == "booked" else {
                throw DecisionError(description: "payment \(archiveId) is not booked by the bank (\(find.text(6)!)): it is no money yet")
            }
            guard unapplied > 0, status == "unmatched" || status == "matched" else {
                throw DecisionError(description: "payment \(archiveId) has nothing unapplied (status \(status))")
            }
            var invoiceID: Int64?
            let action: String
            switch decision {
            case .assign(let invoiceNumber):
                action = "assign"
                let invoice = try database.prepare("""
                    SELECT i.id, i.currency, i.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id), 0)
                    FROM invoices i WHERE i.invoice_number = ? AND i.type IN ('invoice', 'interest_invoice')
                    """)
                try invoice.bind([.text(invoiceNumber)])
                guard try invoice.step() else { throw DecisionError(description: "there is no invoice \(invoiceNumber)") }
                guard invoice.text(1) == currency else {
                    throw DecisionError(description: "invoice \(invoiceNumber) is in \(invoice.text(1)!), payment \(archiveId) in \(currency)")
                }
                let open = invoice.integer(2)
                guard unapplied <= open else {
                    let money = { (cents: Int64) in Amount(minorUnits: cents, currency: Currency(code: currency) ?? .euro).description }
                    throw DecisionError(description: "payment \(archiveId) has \(money(unapplied)) unapplied but invoice "
                        + "\(invoiceNumber) owes only \(money(open)): assigning would over-apply")
                }
                invoiceID = invoice.integer(0)
                try database.prepare("""
                    INSERT INTO allocations (payment_id, invoice_id, amount, rule, run_id)
                    VALUES (?, ?, ?, 'decision', coalesce(?, (SELECT max(id) FROM runs)))
                    """).run([.integer(paymentID), .integer(invoiceID!), .integer(unapplied), run.sql])
                try database.prepare("UPDATE payments SET status = 'matched', reason = NULL, unapplied = 0 WHERE id = ?")
                    .run([.integer(paymentID)])
            case .refund where hasAllocations, .ignore where hasAllocations:
                // The excess of a payment that paid invoices: it stays matched, with nothing left to decide.
                action = decision == .refund ? "refund" : "ignore"
                try database.prepare("UPDATE payments SET reason = NULL, unapplied = 0 WHERE id = ?").run([.integer(paymentID)])
            case .refund, .ignore:
                action = decision == .refund ? "refund" : "ignore"
                try database.prepare("UPDATE payments SET status = ?, reason = NULL WHERE id = ?")
                    .run([.text(decision == .refund ? "refunded" : "ignored"), .integer(paymentID)])
            }
            try database.prepare("""
                INSERT INTO decisions (payment_id, action, invoice_id, amount, note, source, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).run([.integer(paymentID), .text(action), invoiceID.sql, .integer(unapplied), note.sql, .text(source), run.sql])
            let detail = "\(action)\(invoiceID != nil ? " to invoice" : "") by \(source)" + (note.map { ": \($0)" } ?? "")
            try database.prepare("INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (?, 'payment', ?, 'decision', ?)")
                .run([run.sql, .text(archiveId), .text(detail)])
        }
    }
}
