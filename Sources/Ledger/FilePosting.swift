public import Receivables

/// Books the records of one file, inside the transaction `Ledger.post` opened for it. A record already in the
/// ledger (a payment by account + archive id + whether it is a reversal, an invoice by seller + invoice number) is
/// counted, not booked again; when it comes with other content it is a conflict: the original is kept and the
/// difference reported. (Banks may give a reversal its original's archive id.) Two exceptions, for the same money
/// seen twice by the bank (docs/ledger.md): a pending entry booked later under its archive id is booked then, and
/// a camt.053 statement entry whose entry archive id a camt.054 notification already brought books nothing.
public final class FilePosting {
    let file: Int64
    private let run: Int64
    private let kind: String
    private let database: Database
    private let insertPayment: Statement
    private let findPayment: Statement
    private let bookPending: Statement
    private let insertPart: Statement
    private let deleteParts: Statement
    private let notifyEntry: Statement
    private let findNotifiedEntry: Statement
    private let notifiedOnDay: Statement
    private let insertCustomer: Statement
    private let findCustomer: Statement
    private let insertInvoice: Statement
    private let findInvoice: Statement
    private let audit: Statement
    private let journal: JournalWriter
    let kept: KeptFigures
    private var sequence: Int64
    /// Customers already looked up in this file, by key: a customer with many invoices is upserted once.
    private var customerIDs: [String: Int64] = [:]
    /// The last camt.054 entry remembered as notified: an entry's transactions come one after another.
    private var lastNotifiedEntry: (account: String, entry: String)?
    /// What has been posted so far.
    public private(set) var posted = Ledger.Posted()

    init(database: Database, file: Int64, kind: String, run: Int64, accounts: JournalAccounts) throws(LedgerError) {
        self.database = database
        journal = try JournalWriter(database: database, accounts: accounts, run: run)
        kept = try KeptFigures(database: database)
        self.file = file
        self.kind = kind
        self.run = run
        insertPayment = try database.prepare("""
            INSERT INTO payments (account, archive_id, sequence, booking_date, amount, currency, direction, reversal,
                entry_status, return_reason, reference, reference_kind, remittance_text, payer_name, file_id, entry_archive_id,
                reference_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, archive_id, reversal) DO NOTHING
            """)
        findPayment = try database.prepare("""
            SELECT id, entry_status, status, amount, currency, booking_date, reference, direction,
                EXISTS (SELECT 1 FROM allocations a WHERE a.payment_id = payments.id) AS applied
            FROM payments WHERE account = ? AND archive_id = ? AND reversal = ?
            """)
        bookPending = try database.prepare("""
            UPDATE payments SET sequence = ?2, booking_date = ?3, amount = ?4, currency = ?5, direction = ?6, entry_status = ?7,
                return_reason = ?8, reference = ?9, reference_kind = ?10, remittance_text = ?11, payer_name = ?12,
                file_id = ?13, entry_archive_id = ?14, reference_key = ?15, status = 'pending', reason = NULL, unapplied = 0
            WHERE id = ?1
            """)
        insertPart = try database.prepare("""
            INSERT INTO payment_parts (payment_id, position, reference, amount, document_type, document_number, reference_key)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        deleteParts = try database.prepare("DELETE FROM payment_parts WHERE payment_id = ?")
        notifyEntry = try database.prepare(
            "INSERT INTO notified_entries (account, entry_archive_id, file_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        findNotifiedEntry = try database.prepare(
            "SELECT 1 FROM notified_entries WHERE account = ? AND entry_archive_id = ?")
        notifiedOnDay = try database.prepare("""
            SELECT count(*), sum(p.amount)
            FROM payments p INDEXED BY payments_by_booking_date CROSS JOIN files f ON f.id = p.file_id
            WHERE p.booking_date = ?2 AND p.account = ?1 AND p.currency = ?3 AND p.direction = 'credit'
                AND p.reversal = 0 AND p.entry_status = 'booked' AND f.kind IN ('ktl', 'camt054')
            GROUP BY p.file_id
            """)
        // A customer's details are the latest invoice's, where it states them (`Customer.latestDetails`).
        insertCustomer = try database.prepare("""
            INSERT INTO customers (key, name, business_id, consumer, street, post_code, town, country, language,
                einvoice_address, einvoice_intermediator)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET
            """ + " " + Customer.latestDetails.map { "\($0) = coalesce(excluded.\($0), \($0))" }
                .joined(separator: ", "))
        findCustomer = try database.prepare("SELECT id FROM customers WHERE key = ?")
        insertInvoice = try database.prepare("""
            INSERT INTO invoices (seller_id, invoice_number, type, customer_id, invoice_date, due_date, currency, amount,
                reference, reference_kind, reference_key, original_invoice_number, file_id, overdue_interest, seller_account)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seller_id, invoice_number) DO NOTHING
            """)
        findInvoice = try database.prepare("""
            SELECT type, amount, currency, invoice_date, due_date, reference FROM invoices
            WHERE seller_id = ? AND invoice_number = ?
            """)
        audit = try database.prepare("INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (?, ?, ?, ?, ?)")
        let last = try database.prepare("SELECT coalesce(max(sequence), 0) FROM payments")
        try last.bind([])
        sequence = try last.step() ? last.integer(0) : 0
    }

    /// Whether a statement's entry sums up a batch it does not list (`Payment.batchCount`) that reference-payment
    /// files (KTL) or notifications (camt.054) already booked one by one: the same number of payments received on
    /// that account and booking date, in its currency, for the same sum, in one such file or in all of them. It is
    /// that money again, and books nothing.
    private func sumsUpNotifiedPayments(_ payment: Payment, account: String) throws(LedgerError) -> Bool {
        guard let count = payment.batchCount, count > 0, let amount = payment.amount, let day = payment.bookingDate,
              payment.direction == .credit, !payment.isReversal, payment.entryStatus == .booked
        else { return false }
        let batch = (count: Int64(count), sum: amount.minorUnits)
        var wholeDay = (count: Int64(0), sum: Int64(0))
        try notifiedOnDay.bind([.text(account), .text(day.description), .text(amount.currency.code)])
        while try notifiedOnDay.step() {
            let file = (count: notifiedOnDay.integer(0), sum: notifiedOnDay.integer(1))
            if file == batch { return true }
            wholeDay = (wholeDay.count + file.count, wholeDay.sum &+ file.sum)
        }
        return wholeDay == batch
    }

    /// Books a payment, unless the ledger has it already.
    public func add(_ payment: Payment) throws(LedgerError) {
        posted.records += 1
        let account = payment.account ?? ""
        if kind == "camt053", try sumsUpNotifiedPayments(payment, account: account) {
            posted.alreadyBooked += 1
            return
        }
        if let entry = payment.entryArchiveId {
            if kind == "camt053" {
                try findNotifiedEntry.bind([.text(account), .text(entry)])
                if try findNotifiedEntry.step() {
                    posted.alreadyBooked += 1
                    return
                }
            } else if kind == "camt054" && payment.entryStatus == .booked
                && lastNotifiedEntry.map({ $0 != (account, entry) }) ?? true
            {
                try notifyEntry.run([.text(account), .text(entry), .integer(file)])
                lastNotifiedEntry = (account, entry)
            }
        }
        sequence += 1
        try insertPayment.run([
            .text(account), .text(payment.archiveId), .integer(sequence), (payment.bookingDate?.description).sql,
            (payment.amount?.minorUnits).sql, .text(payment.currency.code), .text(payment.direction.rawValue),
            .integer(payment.isReversal ? 1 : 0), .text(payment.entryStatus.name), payment.returnReason.sql,
            (payment.reference?.text).sql, (payment.reference?.kindName).sql, payment.remittanceText.sql,
            payment.payerName.sql, .integer(file), payment.entryArchiveId.sql, (payment.reference?.matchingKey).sql,
        ])
        let id: Int64
        if database.changes == 1 {
            id = database.lastInsertedRowID
            kept.payment(from: nil, to: PaymentStatus.pending.rawValue)
            try audit.run([.integer(run), .text("payment"), .text(payment.archiveId), .text("book"),
                           .text("\(payment.amount?.description ?? "no amount") \(payment.direction.rawValue) from \(payment.file)")])
        } else {
            guard let pending = try bookedBefore(payment, account: account) else { return }
            id = pending.id
            kept.payment(from: pending.status.rawValue, to: PaymentStatus.pending.rawValue)
            try deleteParts.run([.integer(id)])
            try bookPending.run([
                .integer(id), .integer(sequence), (payment.bookingDate?.description).sql, (payment.amount?.minorUnits).sql,
                .text(payment.currency.code), .text(payment.direction.rawValue), .text(payment.entryStatus.name),
                payment.returnReason.sql, (payment.reference?.text).sql, (payment.reference?.kindName).sql,
                payment.remittanceText.sql, payment.payerName.sql, .integer(file), payment.entryArchiveId.sql,
                (payment.reference?.matchingKey).sql,
            ])
            try audit.run([.integer(run), .text("payment"), .text(payment.archiveId), .text("book"),
                           .text("\(payment.amount?.description ?? "no amount") \(payment.direction.rawValue) from \(payment.file), "
                                 + "booked after it was \(payment.entryStatus == .booked ? "pending" : "reported")")])
        }
        posted.booked += 1
        try journalReceipt(payment, id: id)
        for (position, part) in payment.parts.enumerated() {
            try insertPart.run([
                .integer(id), .integer(Int64(position)), (part.reference?.text).sql, (part.amount?.minorUnits).sql,
                part.documentType.sql, part.documentNumber.sql, (part.reference?.matchingKey).sql,
            ])
        }
    }

    /// Money received (docs/journal.md): a booked incoming payment that is no reversal and no return is debited to its
    /// bank account and credited to advances until it is placed. Other entries move no receivable money.
    private func journalReceipt(_ payment: Payment, id: Int64) throws(LedgerError) {
        guard payment.entryStatus == .booked, payment.direction == .credit, !payment.isReversal, payment.returnReason == nil,
            let amount = payment.amount, amount.minorUnits > 0
        else { return }
        try journal.post(
            amount.minorUnits, debit: .bank, debitAccount: journal.accounts.bank(for: payment.account), credit: .advances,
            currency: amount.currency, payment: id, invoice: nil, source: payment.archiveId, memo: "payment received")
    }

    /// For a payment whose key the ledger holds: the row to book it into when the ledger has it only as a pending
    /// or informational entry that the bank now books; else nil, after counting it as booked before (and as a
    /// conflict when its content differs).
    private func bookedBefore(_ payment: Payment, account: String) throws(LedgerError) -> (id: Int64, status: PaymentStatus)? {
        try findPayment.bind([.text(account), .text(payment.archiveId), .integer(payment.isReversal ? 1 : 0)])
        guard try findPayment.step() else { throw LedgerError(code: 0, message: "payment \(payment.archiveId) vanished") }
        let wasBooked = try findPayment.requiredText(try findPayment.column("entry_status")) == "booked"
        let status = try findPayment.decoded(try findPayment.column("status"), as: PaymentStatus.self)
        let isApplied = findPayment.integer(try findPayment.column("applied")) == 1
        if !wasBooked && payment.entryStatus == .booked && !isApplied, let status, status == .pending || status == .ignored {
            return (findPayment.integer(try findPayment.column("id")), status)
        }
        posted.alreadyBooked += 1
        // A pending report of money booked before, or one still pending, is the same payment told again.
        guard wasBooked && payment.entryStatus == .booked else { return nil }
        var differences = Ledger.Conflict.Differences()
        let currency = try findPayment.currency(try findPayment.column("currency"))
        differences.compare("amount", findPayment.optionalInteger(try findPayment.column("amount"))
            .map { Amount(minorUnits: $0, currency: currency).description }, payment.amount?.description)
        differences.compare("currency", currency.code, payment.currency.code)
        differences.compare("bookingDate", findPayment.text(try findPayment.column("booking_date")), payment.bookingDate?.description)
        differences.compare("reference", findPayment.text(try findPayment.column("reference")), payment.reference?.text)
        differences.compare("direction", findPayment.text(try findPayment.column("direction")), payment.direction.rawValue)
        if !differences.list.isEmpty {
            posted.conflicts.append(Ledger.Conflict(record: "payment", key: payment.archiveId, differences: differences.list))
        }
        return nil
    }

    /// Books an invoice or credit note (and its customer, keyed as `Customer` says in its composed form, with the
    /// details the invoice states), unless the ledger has it already.
    public func add(_ invoice: Invoice) throws(LedgerError) {
        posted.records += 1
        let key = Customer.bookedKey(Customer.key(ofBuyerOf: invoice))
        let customer: Int64
        if let known = customerIDs[key] {
            customer = known
        } else {
            let buyer = Customer(buyerOf: invoice)
            try insertCustomer.run([
                .text(key), buyer.name.sql, buyer.businessId.sql, .integer(buyer.isConsumer ? 1 : 0), buyer.address?.street.sql ?? .null,
                buyer.address?.postCode.sql ?? .null, buyer.address?.town.sql ?? .null, buyer.address?.country.sql ?? .null,
                buyer.language.sql, buyer.eInvoiceAddress.sql, buyer.eInvoiceIntermediator.sql,
            ])
            try findCustomer.bind([.text(key)])
            guard try findCustomer.step() else { throw LedgerError(code: 0, message: "customer \(key) vanished") }
            customer = findCustomer.integer(0)
            customerIDs[key] = customer
        }
        try insertInvoice.run([
            .text(invoice.sellerId ?? ""), .text(invoice.invoiceNumber), .text(invoice.kind.name), .integer(customer),
            .text(invoice.invoiceDate.description), (invoice.dueDate?.description).sql, .text(invoice.amount.currency.code),
            .integer(invoice.amount.minorUnits), (invoice.reference?.text).sql, (invoice.reference?.kindName).sql,
            (invoice.reference?.matchingKey).sql, invoice.originalInvoiceNumber.sql, .integer(file),
            invoice.overdueInterestPercent.sql, invoice.sellerAccount.sql,
        ])
        guard database.changes == 1 else {
            posted.alreadyBooked += 1
            try findInvoice.bind([.text(invoice.sellerId ?? ""), .text(invoice.invoiceNumber)])
            guard try findInvoice.step() else { throw LedgerError(code: 0, message: "invoice \(invoice.invoiceNumber) vanished") }
            var differences = Ledger.Conflict.Differences()
            let booked = Amount(minorUnits: findInvoice.integer(try findInvoice.column("amount")),
                                currency: try findInvoice.currency(try findInvoice.column("currency")))
            differences.compare("type", findInvoice.text(try findInvoice.column("type")), invoice.kind.name)
            differences.compare("amount", booked.description, invoice.amount.description)
            differences.compare("invoiceDate", findInvoice.text(try findInvoice.column("invoice_date")), invoice.invoiceDate.description)
            differences.compare("dueDate", findInvoice.text(try findInvoice.column("due_date")), invoice.dueDate?.description)
            differences.compare("reference", findInvoice.text(try findInvoice.column("reference")), invoice.reference?.text)
            if !differences.list.isEmpty {
                posted.conflicts.append(Ledger.Conflict(record: "invoice", key: invoice.invoiceNumber, differences: differences.list))
            }
            return
        }
        try kept.booked(invoice: database.lastInsertedRowID, kind: invoice.kind, dueDate: invoice.dueDate,
                        amount: invoice.amount.minorUnits)
        posted.booked += 1
        try audit.run([.integer(run), .text("invoice"), .text(invoice.invoiceNumber), .text("book"),
                       .text("\(invoice.kind.name) \(invoice.amount) from \(invoice.file)")])
    }
}
