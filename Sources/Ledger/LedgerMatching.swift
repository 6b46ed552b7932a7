import CSQLite3
public import Matching
import Receivables

extension Ledger {
    /// What matching needs from the ledger.
    public struct MatchingInput: Sendable {
        public var openItems: [OpenItem] = []
        public var credits: [CreditToApply] = []
        public var payments: [PaymentToMatch] = []
        public var priorPayments: [PriorPayment] = []
        /// The keys and numbers of booked credit notes that the payments' credit-note blocks name.
        public var bookedCreditNotes: Set<String> = []
    }

    /// Invoices with what they still owe, credit notes with credit left to apply (waiting for their invoice, or
    /// beyond what it owed), payments not yet placed (new ones, pending ones and those still unmatched, in booking
    /// order), and the matched payments that one of their reversals can name.
    /// Names and accounts repeat across rows: each distinct one is held once.
    public func matchingInput() throws(LedgerError) -> MatchingInput {
        var input = MatchingInput()
        var names = Set<String>()
        func shared(_ text: String?) -> String? {
            guard let text else { return nil }
            return names.insert(text).memberAfterInsert
        }
        // Counted first, so that a big day's arrays are allocated once, at their size.
        let paymentCount = try scalar("SELECT count(*) FROM payments WHERE (status = 'pending' OR status = 'unmatched')")
        let credits = try database.prepare("""
            SELECT i.id, i.invoice_number, i.original_invoice_number, i.reference_key,
                -i.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.credit_note_id = i.id), 0) AS remaining
            FROM invoices i WHERE i.type = 'credit_note' AND remaining > 0
            ORDER BY i.id
            """)
        let (creditId, creditNumber, original, creditKey, remaining) = (
            try credits.column("id"), try credits.column("invoice_number"), try credits.column("original_invoice_number"),
            try credits.column("reference_key"), try credits.column("remaining"))
        try credits.bind([])
        while try credits.step() {
            input.credits.append(CreditToApply(
                id: credits.integer(creditId), creditNoteNumber: try credits.requiredText(creditNumber),
                originalInvoiceNumber: credits.text(original), referenceKey: credits.text(creditKey),
                amount: credits.integer(remaining)))
        }
        // The remittance blocks of the payments to match, in one pass: most payments have none.
        let parts = try database.prepare("""
            SELECT pp.payment_id, pp.reference, pp.amount, pp.document_type, pp.document_number
            FROM payment_parts pp JOIN payments p ON p.id = pp.payment_id
            WHERE (p.status = 'pending' OR p.status = 'unmatched') ORDER BY pp.payment_id, pp.position
            """)
        let (partPayment, partReference, partAmount, partType, partNumber) = (
            try parts.column("payment_id"), try parts.column("reference"), try parts.column("amount"),
            try parts.column("document_type"), try parts.column("document_number"))
        try parts.bind([])
        var blocksByPayment: [Int64: [PaymentToMatch.RemittanceBlock]] = [:]
        while try parts.step() {
            blocksByPayment[parts.integer(partPayment), default: []].append((
                parts.text(partReference).flatMap { StatedReference(stated: $0) }, parts.optionalInteger(partAmount),
                parts.text(partType), parts.text(partNumber)))
        }
        // Read in the status index's order and put in booking order here: SQLite's ORDER BY sorts whole rows, and
        // a big day's rows outgrow its sorter's memory (2 MB) and spill to temporary files.
        let payments = try database.prepare("""
            SELECT id, account, archive_id, booking_date, amount, currency, direction, reversal, entry_status, return_reason,
                   reference, remittance_text, payer_name, sequence
            FROM payments WHERE (status = 'pending' OR status = 'unmatched')
            """)
        let (id, account, archiveId, bookingDate, amount, currency, direction, reversal, entryStatus, returnReason) = (
            try payments.column("id"), try payments.column("account"), try payments.column("archive_id"),
            try payments.column("booking_date"), try payments.column("amount"), try payments.column("currency"),
            try payments.column("direction"), try payments.column("reversal"), try payments.column("entry_status"),
            try payments.column("return_reason"))
        let (reference, remittanceText, payerName, sequence) = (
            try payments.column("reference"), try payments.column("remittance_text"), try payments.column("payer_name"),
            try payments.column("sequence"))
        try payments.bind([])
        var unordered: [PaymentToMatch] = []
        var bookingOrder: [(date: String?, sequence: Int64)] = []
        unordered.reserveCapacity(paymentCount)
        bookingOrder.reserveCapacity(paymentCount)
        while try payments.step() {
            let row = payments.integer(id)
            guard let moneyDirection = try payments.decoded(direction, as: Payment.Direction.self) else {
                throw LedgerError(code: 0, message: "payment \(row) has no direction")
            }
            unordered.append(PaymentToMatch(
                id: row, archiveId: try payments.requiredText(archiveId), account: shared(payments.text(account)),
                amount: payments.optionalInteger(amount), currency: try payments.currency(currency),
                direction: moneyDirection, isReversal: payments.integer(reversal) == 1,
                entryStatus: Payment.EntryStatus(storedName: try payments.requiredText(entryStatus)),
                returnReason: payments.text(returnReason), reference: payments.text(reference).flatMap { StatedReference(stated: $0) },
                remittanceBlocks: blocksByPayment[row] ?? [], remittanceText: payments.text(remittanceText),
                payerName: shared(payments.text(payerName))))
            bookingOrder.append((payments.text(bookingDate), payments.integer(sequence)))
        }
        // Booking date (none first, as SQLite orders NULL), then the order the bank reported them.
        input.payments = bookingOrder.indices.sorted { left, right in
            let (a, b) = (bookingOrder[left], bookingOrder[right])
            return a.date == b.date ? a.sequence < b.sequence : (a.date ?? "") < (b.date ?? "")
        }.map { unordered[$0] }
        input.priorPayments = try reversiblePayments(for: input.payments)
        input.bookedCreditNotes = try bookedCreditNotes(namedBy: input.payments)
        input.openItems = try openItems(for: input, shared: shared)
        return input
    }

    /// The keys and numbers of the booked credit notes that the credit-note blocks of `payments` name.
    private func bookedCreditNotes(namedBy payments: [PaymentToMatch]) throws(LedgerError) -> Set<String> {
        let byKey = try database.prepare("SELECT 1 FROM invoices WHERE reference_key = ? AND type = 'credit_note'")
        let byNumber = try database.prepare("SELECT 1 FROM invoices WHERE invoice_number = ? AND type = 'credit_note'")
        var booked = Set<String>()
        func look(_ statement: borrowing Statement, _ name: String?) throws(LedgerError) {
            guard let name else { return }
            try statement.bind([.text(name)])
            if try statement.step() { booked.insert(name) }
        }
        for payment in payments {
            for part in payment.parts where part.isCreditNote {
                try look(byKey, part.referenceKey)
                try look(byNumber, part.documentNumber)
            }
        }
        return booked
    }

    /// The matched payments a reversal among `payments` can name (none when there is no reversal), each with what it
    /// still has applied per invoice (its allocations less their undoing rows).
    private func reversiblePayments(for payments: [PaymentToMatch]) throws(LedgerError) -> [PriorPayment] {
        let reversalTargets = ReversalTargets(of: payments)
        guard !reversalTargets.isEmpty else { return [] }
        let prior = try database.prepare("""
            SELECT p.id AS payment_id, p.archive_id, p.account, p.reference, p.amount AS payment_amount, p.booking_date,
                   i.invoice_number, a.amount AS allocated, a.rule, i.id AS invoice_id, i.currency, a.pays_charges
            FROM payments p JOIN allocations a ON a.payment_id = p.id JOIN invoices i ON i.id = a.invoice_id
            WHERE p.status = 'matched' AND p.reversal = 0 ORDER BY p.sequence, a.id
            """)
        let (paymentColumn, archiveColumn, accountColumn, referenceColumn, amountColumn, dateColumn) = (
            try prior.column("payment_id"), try prior.column("archive_id"), try prior.column("account"),
            try prior.column("reference"), try prior.column("payment_amount"), try prior.column("booking_date"))
        let (numberColumn, allocatedColumn, ruleColumn, invoiceColumn, currencyColumn) = (
            try prior.column("invoice_number"), try prior.column("allocated"), try prior.column("rule"),
            try prior.column("invoice_id"), try prior.column("currency"))
        let chargesColumn = try prior.column("pays_charges")
        try prior.bind([])
        var byID: [Int64: PriorPayment] = [:]
        var order: [Int64] = []
        while try prior.step() {
            let id = prior.integer(paymentColumn)
            let amount = prior.integer(allocatedColumn)
            let allocation = Allocation(
                paymentId: id, invoiceId: prior.integer(invoiceColumn), invoiceNumber: try prior.requiredText(numberColumn),
                currency: try prior.currency(currencyColumn), amount: amount,
                rule: MatchRule(rawValue: try prior.requiredText(ruleColumn)), paysCharges: prior.integer(chargesColumn) == 1)
            if byID[id] != nil {
                // An undoing row (or a second block's allocation) nets into the allocation to the same invoice.
                if let same = byID[id]!.allocations.firstIndex(where: {
                    $0.invoiceId == allocation.invoiceId && $0.paysCharges == allocation.paysCharges
                }) {
                    let net = byID[id]!.allocations[same]
                    byID[id]!.allocations[same] = Allocation(
                        paymentId: id, invoiceId: net.invoiceId, invoiceNumber: net.invoiceNumber, currency: net.currency,
                        amount: net.amount + amount, rule: net.rule, paysCharges: net.paysCharges)
                } else {
                    byID[id]!.allocations.append(allocation)
                }
            } else {
                let payment = PriorPayment(
                    id: id, archiveId: try prior.requiredText(archiveColumn), account: prior.text(accountColumn),
                    referenceKey: prior.text(referenceColumn).flatMap { StatedReference(stated: $0)?.matchingKey },
                    amount: prior.integer(amountColumn), bookingDate: try prior.date(dateColumn), allocations: [allocation])
                guard reversalTargets.mayName(payment) else { continue }
                order.append(id)
                byID[id] = payment
            }
        }
        return order.map { id in
            var payment = byID[id]!
            payment.allocations.removeAll { $0.amount <= 0 }
            return payment
        }
    }

    /// The invoices that owe something, and the settled ones a pass can name: by a payment's or a credit note's
    /// reference (a payment for a settled invoice is reported as such), a credit note's original invoice, or an
    /// allocation a reversal may undo. Not every invoice the ledger ever held: that would grow with the years.
    private func openItems(
        for input: MatchingInput, shared: (String?) -> String?
    ) throws(LedgerError) -> [OpenItem] {
        var keys = Set<String>()
        var numbers = Set<String>()
        for payment in input.payments {
            if let key = payment.reference?.matchingKey { keys.insert(key) }
            keys.formUnion(payment.parts.compactMap(\.referenceKey))
        }
        for credit in input.credits {
            if let key = credit.referenceKey { keys.insert(key) }
            if let number = credit.originalInvoiceNumber { numbers.insert(number) }
        }
        for payment in input.priorPayments { numbers.formUnion(payment.allocations.map(\.invoiceNumber)) }

        let columns = """
            SELECT r.id, r.invoice_number, r.reference_key, r.currency, r.due_date, c.name, r.open, r.charges
            FROM receivables r JOIN customers c ON c.id = r.customer_id
            """
        var rows: [OpenItem] = []
        // Settled invoices named both by a key and by a number come once.
        var settled = Set<Int64>()
        func collect(_ statement: borrowing Statement, _ values: [SQLValue]) throws(LedgerError) {
            let (id, number, key, currency, due, name, open) = (
                try statement.column("id"), try statement.column("invoice_number"), try statement.column("reference_key"),
                try statement.column("currency"), try statement.column("due_date"), try statement.column("name"),
                try statement.column("open"))
            let charges = try statement.column("charges")
            try statement.bind(values)
            while try statement.step() {
                if statement.integer(open) == 0, !settled.insert(statement.integer(id)).inserted { continue }
                rows.append(OpenItem(
                    id: statement.integer(id), invoiceNumber: try statement.requiredText(number), referenceKey: statement.text(key),
                    currency: try statement.currency(currency), dueDate: try statement.date(due),
                    customerName: shared(statement.text(name)), open: statement.integer(open),
                    charges: statement.integer(charges)))
            }
        }
        // SQLite still reads every invoice to tell which are open (a maintained table of open invoices would
        // avoid that, at a cost on every booking and allocation); only those become Swift values.
        try collect(try database.prepare(columns + " WHERE r.open <> 0 ORDER BY r.id"), [])
        let openCount = rows.count
        // A key or number with an open invoice needs no more: settled invoices beside it change nothing. The open
        // invoices are all in, so only settled ones are looked up.
        keys.subtract(rows.compactMap(\.referenceKey))
        numbers.subtract(rows.map(\.invoiceNumber))
        let byKey = try database.prepare(columns + " WHERE r.open = 0 AND r.reference_key = ?")
        for key in keys { try collect(byKey, [.text(key)]) }
        let byNumber = try database.prepare(columns + " WHERE r.open = 0 AND r.invoice_number = ?")
        for number in numbers { try collect(byNumber, [.text(number)]) }
        if rows.count > openCount { rows.sort { $0.id < $1.id } }
        return rows
    }

    /// Applies one matching pass in one transaction: allocations (with the rule and the run), undone allocations,
    /// every payment's new status, customer credits, and an audit row for each change. Ids are the ledger's row ids
    /// (as `matchingInput` gave them); audit rows name payments by archive id and credit notes by number. A result
    /// that names a row the ledger lacks, or undoes an allocation it does not hold, is refused whole.
    public func apply(_ result: MatchingEngine.Result, run: Int64) throws {
        try database.transaction {
            let insertCredit = try database.prepare(
                "INSERT INTO allocations (credit_note_id, invoice_id, amount, rule, run_id) VALUES (?1, ?2, ?3, ?4, ?5)")
            let insertPayment = try database.prepare("""
                INSERT INTO allocations (payment_id, invoice_id, amount, rule, run_id, pays_charges) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """)
            // One row each, so SQLite needs no statement journal (INSERT … SELECT would open one per row audited).
            let paymentAudit = try database.prepare("""
                INSERT INTO audit (run_id, entity, entity_key, action, detail)
                VALUES (?1, 'payment', (SELECT archive_id FROM payments WHERE id = ?4), ?2, ?3)
                """)
            let creditNoteAudit = try database.prepare("""
                INSERT INTO audit (run_id, entity, entity_key, action, detail)
                VALUES (?1, 'credit_note', (SELECT invoice_number FROM invoices WHERE id = ?4), ?2, ?3)
                """)
            // An audit row naming the payment or credit note with row id `id` by its archive id or number.
            func auditRow(_ statement: borrowing Statement, _ what: String, _ id: Int64, _ action: String, _ detail: String)
                throws(LedgerError)
            {
                do {
                    try statement.run([.integer(run), .text(action), .text(detail), .integer(id)])
                } catch {
                    // The only constraint the row can break: no such row, so no key to name it by.
                    guard error.code & 0xFF == SQLITE_CONSTRAINT else { throw error }
                    throw LedgerError(code: error.code, message: "\(what) \(id) is not in the ledger")
                }
            }
            func values(_ allocation: Allocation) -> [SQLValue] {
                [.integer(allocation.paymentId), .integer(allocation.invoiceId), .integer(allocation.amount),
                 .text(allocation.rule.rawValue), .integer(run), .integer(allocation.paysCharges ? 1 : 0)]
            }
            func detail(_ allocation: Allocation) -> String {
                "\(allocation.amount) to invoice \(allocation.invoiceNumber) by \(allocation.rule)"
            }
            for allocation in result.creditAllocations {
                try insertCredit.run(Array(values(allocation).prefix(5)))
                try auditRow(creditNoteAudit, "credit note", allocation.paymentId, "allocate", detail(allocation))
            }
            // An undone allocation gets an opposite row; the money undone must be what the payment has on the invoice.
            let held = try database.prepare("""
                SELECT coalesce(sum(amount), 0) FROM allocations WHERE payment_id = ? AND invoice_id = ? AND pays_charges = ?
                """)
            let undo = try database.prepare("""
                INSERT INTO allocations (payment_id, invoice_id, amount, rule, run_id, pays_charges)
                VALUES (?1, ?2, -?3, 'undo', ?5, ?6)
                """)
            for allocation in result.undone {
                try held.bind([.integer(allocation.paymentId), .integer(allocation.invoiceId),
                               .integer(allocation.paysCharges ? 1 : 0)])
                guard try held.step(), held.integer(0) >= allocation.amount else {
                    throw LedgerError(code: 0, message: "payment \(allocation.paymentId) has no allocation of \(allocation.amount) "
                        + "to invoice \(allocation.invoiceNumber) to undo")
                }
                try undo.run(values(allocation))
                try auditRow(paymentAudit, "payment", allocation.paymentId, "undo",
                          "\(allocation.amount) from invoice \(allocation.invoiceNumber): reversed")
            }
            // After the undo rows, so that what a reversal gives back is back before new money is placed (the journal's
            // split of charges, live and when backfilled, reads what the invoice's income accounts already hold).
            for allocation in result.allocations {
                try insertPayment.run(values(allocation))
                try auditRow(paymentAudit, "payment", allocation.paymentId, "allocate", detail(allocation))
            }
            // Only a payment whose outcome changed is updated and audited: one still unmatched, as before, is not.
            // `reverses` is set only for reversals (naming it in an UPDATE makes SQLite check its foreign key); a
            // payment the engine places has none before: a reversal that found its original is never placed again.
            let changed = """
                WHERE id = ?8 AND (status IS NOT ?1 OR reason IS NOT ?2 OR unapplied IS NOT ?3 OR suggested_invoice IS NOT ?4
                    OR suggestion_rule IS NOT ?5 OR confidence IS NOT ?6 OR reverses IS NOT ?7)
                """
            let update = try database.prepare("""
                UPDATE payments SET status = ?1, reason = ?2, unapplied = ?3, suggested_invoice = ?4, suggestion_rule = ?5,
                    confidence = ?6 \(changed)
                """)
            let updateReversal = try database.prepare("""
                UPDATE payments SET status = ?1, reason = ?2, unapplied = ?3, suggested_invoice = ?4, suggestion_rule = ?5,
                    confidence = ?6, reverses = ?7 \(changed)
                """)
            // In row order, so that the table and its status index are walked once, front to back.
            for (id, outcome) in result.outcomes.sorted(by: { $0.key < $1.key }) {
                let values: [SQLValue] = [
                    .text(outcome.status.rawValue), (outcome.reason?.rawValue).sql, .integer(outcome.unapplied),
                    (outcome.suggestion?.invoiceNumber).sql, (outcome.suggestion?.rule.rawValue).sql,
                    outcome.suggestion.map { .real($0.confidence) } ?? .null, outcome.reverses.sql, .integer(id),
                ]
                if outcome.reverses == nil { try update.run(values) } else { try updateReversal.run(values) }
                guard database.changes == 1 else { continue }
                try auditRow(paymentAudit, "payment", id, outcome.status.rawValue,
                          "reason \(outcome.reason?.rawValue ?? "-"), unapplied \(outcome.unapplied)")
            }
            try journal(result, run: run)
        }
    }

    /// The journal lines of a matching pass (docs/journal.md), in the transaction that applies it: a voucher per credit
    /// note applied, per payment whose allocations were made or undone, and per reversal that found its original.
    private func journal(_ result: MatchingEngine.Result, run: Int64) throws(LedgerError) {
        let journal = try JournalWriter(database: database, accounts: journalAccounts, run: run)
        let creditNote = try database.prepare("SELECT invoice_number FROM invoices WHERE id = ?")
        for allocation in result.creditAllocations {
            try creditNote.bind([.integer(allocation.paymentId)])
            guard try creditNote.step(), let number = creditNote.text(0) else {
                throw LedgerError(code: 0, message: "credit note \(allocation.paymentId) is not in the ledger")
            }
            let memo = "credit note \(number) on invoice \(allocation.invoiceNumber)"
            try journal.voucher()
            try journal.line(.receivables, allocation.amount, currency: allocation.currency, payment: nil,
                             invoice: allocation.paymentId, source: number, memo: memo)
            try journal.line(.receivables, -allocation.amount, currency: allocation.currency, payment: nil,
                             invoice: allocation.invoiceId, source: number, memo: memo)
        }
        let payment = try database.prepare("SELECT archive_id, account, amount, currency FROM payments WHERE id = ?")
        func row(_ id: Int64) throws(LedgerError) -> (archiveId: String, account: String?, amount: Int64, currency: Currency) {
            try payment.bind([.integer(id)])
            guard try payment.step() else { throw LedgerError(code: 0, message: "payment \(id) is not in the ledger") }
            return (try payment.requiredText(0), payment.text(1), payment.optionalInteger(2) ?? 0, try payment.currency(3))
        }
        var order: [Int64] = []
        var made: [Int64: [Allocation]] = [:]
        var undone: [Int64: [Allocation]] = [:]
        // Undone placements first: the income a reversal takes back must be gone before a new payment's charges are
        // split by what the income accounts already received on the invoice.
        for allocation in result.undone {
            if made[allocation.paymentId] == nil && undone[allocation.paymentId] == nil { order.append(allocation.paymentId) }
            undone[allocation.paymentId, default: []].append(allocation)
        }
        for allocation in result.allocations {
            if made[allocation.paymentId] == nil && undone[allocation.paymentId] == nil { order.append(allocation.paymentId) }
            made[allocation.paymentId, default: []].append(allocation)
        }
        let charges = try ChargesJournal(database: database)
        for id in order {
            let source = try row(id).archiveId
            // A line of this payment's voucher on `allocation`'s invoice; an undone allocation's lines are the opposite
            // of its allocation's (`sign` -1), in the same order.
            func line(_ role: JournalRole, account: String? = nil, _ amount: Int64, _ allocation: Allocation, _ memo: String)
                throws(LedgerError)
            {
                try journal.line(role, account: account, amount, currency: allocation.currency, payment: id,
                                 invoice: allocation.invoiceId, source: source, memo: memo)
            }
            try journal.voucher()
            for allocation in made[id] ?? [] {
                let invoice = allocation.invoiceNumber
                guard allocation.paysCharges else {
                    try line(.advances, allocation.amount, allocation, "paid invoice \(invoice)")
                    try line(.receivables, -allocation.amount, allocation, "paid invoice \(invoice)")
                    continue
                }
                try line(.advances, allocation.amount, allocation, "charges of invoice \(invoice)")
                for (role, amount) in try charges.split(allocation.amount, invoice: allocation.invoiceId) {
                    try line(role, -amount, allocation, "\(ChargesJournal.word(role)) of invoice \(invoice)")
                }
            }
            for allocation in undone[id] ?? [] {
                let invoice = allocation.invoiceNumber
                guard allocation.paysCharges else {
                    try line(.advances, -allocation.amount, allocation, "reversed: paid invoice \(invoice)")
                    try line(.receivables, allocation.amount, allocation, "reversed: paid invoice \(invoice)")
                    continue
                }
                try line(.advances, -allocation.amount, allocation, "reversed: charges of invoice \(invoice)")
                for (role, account, amount) in try charges.undo(allocation.amount, payment: id, invoice: allocation.invoiceId) {
                    try line(role, account: account, amount, allocation, "reversed: \(ChargesJournal.word(role)) of invoice \(invoice)")
                }
            }
        }
        let refunded = try database.prepare(
            "SELECT coalesce(sum(amount), 0) FROM decisions WHERE payment_id = ? AND action = 'refund'")
        for (id, outcome) in result.outcomes.sorted(by: { $0.key < $1.key }) where outcome.status == .reversal {
            guard let original = outcome.reverses else { continue }
            let reversal = try row(id)
            let memo = "reversal of \(try row(original).archiveId)"
            try journal.post(
                reversal.amount, debit: .advances, credit: .bank, creditAccount: journal.accounts.bank(for: reversal.account),
                currency: reversal.currency, payment: id, invoice: nil, source: reversal.archiveId, memo: memo)
            // A refund decided on the money the bank has now taken back is owed no more: the refund goes back out of
            // refundsPayable (in the reversal's voucher), so that advances do not fall below what payments hold.
            try refunded.bind([.integer(original)])
            if try refunded.step(), refunded.integer(0) > 0 {
                let amount = refunded.integer(0)
                let memo = "refund of \(try row(original).archiveId) not owed: the payment was reversed"
                try journal.line(.refundsPayable, amount, currency: reversal.currency, payment: id, invoice: nil,
                                 source: reversal.archiveId, memo: memo)
                try journal.line(.advances, -amount, currency: reversal.currency, payment: id, invoice: nil,
                                 source: reversal.archiveId, memo: memo)
            }
        }
    }
}

/// How money paid on an invoice's charges divides into interest, fees and compensation (docs/journal.md): interest
/// first, then fees, then compensation, each up to what the invoice's reminders claimed less what its journal lines
/// already credited to that income.
private final class ChargesJournal {
    private static let order: [JournalRole] = [.interestIncome, .feeIncome, .compensationIncome]
    private let claimed: Statement
    private let booked: Statement
    private let ofPayment: Statement

    init(database: Database) throws(LedgerError) {
        claimed = try database.prepare("""
            SELECT coalesce(max(interest), 0), coalesce(sum(fee), 0), coalesce(sum(compensation), 0) FROM reminders
            WHERE invoice_id = ?
            """)
        let income = "(role = 'interestIncome' OR role = 'feeIncome' OR role = 'compensationIncome')"
        booked = try database.prepare("""
            SELECT role, sum(credit) - sum(debit) FROM journal_lines WHERE invoice_id = ? AND \(income) GROUP BY role
            """)
        ofPayment = try database.prepare("""
            SELECT role, account, sum(credit) - sum(debit) FROM journal_lines WHERE invoice_id = ? AND payment_id = ?
                AND \(income) GROUP BY role, account
            """)
    }

    static func word(_ role: JournalRole) -> String {
        switch role {
        case .interestIncome: "interest"
        case .feeIncome: "fees"
        default: "compensation"
        }
    }

    /// `amount` paid on the charges of `invoice`, by income; what exceeds every claim (none should) is compensation.
    func split(_ amount: Int64, invoice: Int64) throws(LedgerError) -> [(JournalRole, Int64)] {
        try claimed.bind([.integer(invoice)])
        guard try claimed.step() else { return [(.compensationIncome, amount)] }
        var open: [JournalRole: Int64] = [
            .interestIncome: claimed.integer(0), .feeIncome: claimed.integer(1), .compensationIncome: claimed.integer(2),
        ]
        try booked.bind([.integer(invoice)])
        while try booked.step() {
            if let role = JournalRole(rawValue: try booked.requiredText(0)) { open[role, default: 0] -= booked.integer(1) }
        }
        var left = amount
        var parts: [(JournalRole, Int64)] = []
        for role in Self.order where left > 0 {
            let part = role == .compensationIncome ? left : min(left, max(open[role] ?? 0, 0))
            if part > 0 { parts.append((role, part)) }
            left -= part
        }
        return parts
    }

    /// The exact opposite of what `payment` credited to income on `invoice`, up to `amount` (the last income first,
    /// listed in the order `split` gives): debit lines, each on the account the payment's line was on.
    func undo(_ amount: Int64, payment: Int64, invoice: Int64) throws(LedgerError) -> [(JournalRole, String?, Int64)] {
        try ofPayment.bind([.integer(invoice), .integer(payment)])
        var held: [(role: JournalRole, account: String, net: Int64)] = []
        while try ofPayment.step() {
            guard let role = JournalRole(rawValue: try ofPayment.requiredText(0)) else { continue }
            held.append((role, try ofPayment.requiredText(1), ofPayment.integer(2)))
        }
        var left = amount
        var lines: [(JournalRole, String?, Int64)] = []
        for role in Self.order.reversed() {
            for entry in held where entry.role == role && left > 0 && entry.net > 0 {
                let part = min(left, entry.net)
                lines.append((role, entry.account, part))
                left -= part
            }
        }
        // Lines the ledger does not hold (none should be missing): the rest undoes the last income found.
        if left > 0 {
            let last = lines.last ?? (.compensationIncome, nil, 0)
            lines = lines.dropLast() + [(last.0, last.1, last.2 + left)]
        }
        return lines.reversed()
    }
}

extension Payment.EntryStatus {
    /// Reads the name `name` gives back (`booked`, `pending`, `info`, or another code in lower case).
    init(storedName: String) {
        switch storedName {
        case "booked": self = .booked
        case "pending": self = .pending
        case "info": self = .information
        default: self = .other(storedName.uppercased())
        }
    }
}
