import Receivables

/// What the ledger keeps beside the money rows (schema 14, docs/ledger.md): each invoice's `balances` row, the
/// `payment_counts` and (schema 23) the `unpaid_charges`, written by the code that writes the money row, in its
/// transaction (what a reminder claims, by the trigger on `reminders`). Not by triggers on the money rows: a trigger
/// makes SQLite keep a statement journal (a temporary file) for every row the statement writes, and a big day's
/// posting and matching wrote gigabytes to it.
final class KeptFigures {
    private let balance: Statement
    private let current: Statement
    private let principal: Statement
    private let charges: Statement
    private let credit: Statement
    private let count: Statement
    private var counts: [String: Int] = [:]
    private let receivableCurrency: Statement
    private let unpaid: Statement
    /// The change to `unpaid_charges` since the last `save`, per currency: invoices and charges.
    private var unpaidChanges: [String: (invoices: Int64, charges: Int64)] = [:]

    init(database: Database) throws(LedgerError) {
        balance = try database.prepare("INSERT INTO balances (invoice_id, due_date, open, charges) VALUES (?, ?, ?, 0)")
        current = try database.prepare("SELECT open, charges FROM balances WHERE invoice_id = ?")
        principal = try database.prepare("UPDATE balances SET open = open - ?2 WHERE invoice_id = ?1")
        charges = try database.prepare("UPDATE balances SET charges = charges - ?2 WHERE invoice_id = ?1")
        credit = try database.prepare("UPDATE balances SET open = open + ?2 WHERE invoice_id = ?1")
        count = try database.prepare("""
            INSERT INTO payment_counts (status, count) VALUES (?1, ?2)
            ON CONFLICT (status) DO UPDATE SET count = count + excluded.count
            """)
        receivableCurrency = try database.prepare(
            "SELECT currency FROM invoices WHERE id = ? AND \(Ledger.isReceivable())")
        unpaid = try database.prepare("""
            INSERT INTO unpaid_charges (currency, invoices, charges) VALUES (?1, ?2, ?3)
            ON CONFLICT (currency)
                DO UPDATE SET invoices = invoices + excluded.invoices, charges = charges + excluded.charges
            """)
    }

    /// A document booked: invoices, interest invoices and credit notes owe (or credit) their amount; other documents
    /// claim nothing.
    func booked(invoice id: Int64, kind: Invoice.Kind, dueDate: LocalDate?, amount: Int64) throws(LedgerError) {
        let owes = switch kind {
        case .invoice, .interestInvoice, .creditNote: true
        case .reminder, .other: false
        }
        try balance.run([.integer(id), (dueDate?.description).sql, .integer(owes ? amount : 0)])
    }

    /// An allocation written (an undoing row with its negative amount): on the invoice's principal or charges, and
    /// for a credit note's, off the credit it has left.
    func allocated(_ amount: Int64, invoice: Int64, paysCharges: Bool = false, creditNote: Int64? = nil) throws(LedgerError) {
        // The balance is read before it is updated, a primary-key lookup on the page the update then writes: cheaper
        // than the update's `RETURNING`, whose rows SQLite collects apart.
        try current.bind([.integer(invoice)])
        guard try current.step() else { throw LedgerError(code: 0, message: "invoice row \(invoice) has no balance") }
        let before = (open: current.integer(0), charges: current.integer(1))
        while try current.step() {}
        if paysCharges {
            try charges.run([.integer(invoice), .integer(amount)])
        } else {
            try principal.run([.integer(invoice), .integer(amount)])
        }
        let now = paysCharges
            ? (open: before.open, charges: before.charges - amount)
            : (open: before.open - amount, charges: before.charges)
        try unpaidCharges(of: invoice, from: before, to: now)
        if let creditNote { try credit.run([.integer(creditNote), .integer(amount)]) }
    }

    /// A payment booked (`from` nil) or moved from one status to another: counted here, written by `save`.
    func payment(from old: String?, to new: String) {
        guard old != new else { return }
        if let old { counts[old, default: 0] -= 1 }
        counts[new, default: 0] += 1
    }

    /// Writes the payment counts and unpaid charges changed since the last time, in the caller's transaction (before
    /// it commits).
    func save() throws(LedgerError) {
        for (status, change) in counts where change != 0 { try count.run([.text(status), .integer(Int64(change))]) }
        counts = [:]
        for (currency, change) in unpaidChanges where change != (0, 0) {
            try unpaid.run([.text(currency), .integer(change.invoices), .integer(change.charges)])
        }
        unpaidChanges = [:]
    }

    /// Counts an invoice's balance changed from `before` to `now` in `unpaid_charges`: an invoice (or interest invoice)
    /// is there while it owes no principal and owes charges.
    private func unpaidCharges(of invoice: Int64, from before: (open: Int64, charges: Int64),
                               to now: (open: Int64, charges: Int64)) throws(LedgerError) {
        let (wasUnpaid, isUnpaid) = (before.open == 0 && before.charges > 0, now.open == 0 && now.charges > 0)
        guard wasUnpaid || isUnpaid else { return }
        try receivableCurrency.bind([.integer(invoice)])
        guard try receivableCurrency.step() else { return }
        let currency = try receivableCurrency.requiredText(0)
        var change = unpaidChanges[currency, default: (0, 0)]
        if wasUnpaid { change = (change.invoices - 1, change.charges - before.charges) }
        if isUnpaid { change = (change.invoices + 1, change.charges + now.charges) }
        unpaidChanges[currency] = change
    }
}
