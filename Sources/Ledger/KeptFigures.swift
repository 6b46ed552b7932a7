import Receivables

/// What the ledger keeps beside the money rows (schema 14, docs/ledger.md): each invoice's `balances` row and the
/// `payment_counts`, written by the code that writes the money row, in its transaction. Not by triggers: a trigger
/// makes SQLite keep a statement journal (a temporary file) for every row the statement writes, and a big day's
/// posting and matching wrote gigabytes to it.
final class KeptFigures {
    private let balance: Statement
    private let principal: Statement
    private let charges: Statement
    private let credit: Statement
    private let count: Statement
    private var counts: [String: Int] = [:]

    init(database: Database) throws(LedgerError) {
        balance = try database.prepare("INSERT INTO balances (invoice_id, due_date, open, charges) VALUES (?, ?, ?, 0)")
        principal = try database.prepare("UPDATE balances SET open = open - ?2 WHERE invoice_id = ?1")
        charges = try database.prepare("UPDATE balances SET charges = charges - ?2 WHERE invoice_id = ?1")
        credit = try database.prepare("UPDATE balances SET open = open + ?2 WHERE invoice_id = ?1")
        count = try database.prepare("""
            INSERT INTO payment_counts (status, count) VALUES (?1, ?2)
            ON CONFLICT (status) DO UPDATE SET count = count + excluded.count
            """)
    }

    /// A document booked: invoices, interest invoices and credit notes owe (or credit) their amount; other documents
    /// claim nothing.
    func booked(invoice id: Int64, type: String, dueDate: LocalDate?, amount: Int64) throws(LedgerError) {
        let owes = type == "invoice" || type == "interest_invoice" || type == "credit_note"
        try balance.run([.integer(id), (dueDate?.description).sql, .integer(owes ? amount : 0)])
    }

    /// An allocation written (an undoing row with its negative amount): on the invoice's principal or charges, and
    /// for a credit note's, off the credit it has left.
    func allocated(_ amount: Int64, invoice: Int64, paysCharges: Bool = false, creditNote: Int64? = nil) throws(LedgerError) {
        if paysCharges {
            try charges.run([.integer(invoice), .integer(amount)])
        } else {
            try principal.run([.integer(invoice), .integer(amount)])
        }
        if let creditNote { try credit.run([.integer(creditNote), .integer(amount)]) }
    }

    /// A payment booked (`from` nil) or moved from one status to another: counted here, written by `save`.
    func payment(from old: String?, to new: String) {
        guard old != new else { return }
        if let old { counts[old, default: 0] -= 1 }
        counts[new, default: 0] += 1
    }

    /// Writes the payment counts changed since the last time, in the caller's transaction (before it commits).
    func save() throws(LedgerError) {
        for (status, change) in counts where change != 0 { try count.run([.text(status), .integer(Int64(change))]) }
        counts = [:]
    }
}
