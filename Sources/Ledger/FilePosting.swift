public import Receivables

/// Books the records of one file, inside the transaction `Ledger.post` opened for it. A record already in the
/// ledger (a payment by account + archive id + whether it is a reversal, an invoice by seller + invoice number) is
/// counted, not booked again. (Banks may give a reversal its original's archive id.)
public final class FilePosting {
    let file: Int64
    private let run: Int64
    private let database: Database
    private let insertPayment: Statement
    private let insertPart: Statement
    private let insertCustomer: Statement
    private let findCustomer: Statement
    private let insertInvoice: Statement
    private let audit: Statement
    private var sequence: Int64
    /// Customers already looked up in this file, by key: a customer with many invoices is upserted once.
    private var customerIDs: [String: Int64] = [:]
    /// What has been posted so far.
    public private(set) var posted = Ledger.Posted()

    init(database: Database, file: Int64, run: Int64) throws(LedgerError) {
        self.database = database
        self.file = file
        self.run = run
        insertPayment = try database.prepare("""
            INSERT INTO payments (account, archive_id, sequence, booking_date, amount, currency, direction, reversal,
                entry_status, return_reason, reference, reference_kind, remittance_text, payer_name, file_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, archive_id, reversal) DO NOTHING
            """)
        insertPart = try database.prepare("""
            INSERT INTO payment_parts (payment_id, position, reference, amount, document_type, document_number)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertCustomer = try database.prepare("""
            INSERT INTO customers (key, name, business_id, consumer) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING
            """)
        findCustomer = try database.prepare("SELECT id FROM customers WHERE key = ?")
        insertInvoice = try database.prepare("""
            INSERT INTO invoices (seller_id, invoice_number, type, customer_id, invoice_date, due_date, currency, amount,
                reference, reference_kind, reference_key, original_invoice_number, file_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seller_id, invoice_number) DO NOTHING
            """)
        audit = try database.prepare("INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (?, ?, ?, ?, ?)")
        let last = try database.prepare("SELECT coalesce(max(sequence), 0) FROM payments")
        try last.bind([])
        sequence = try last.step() ? last.integer(0) : 0
    }

    /// Books a payment, unless the ledger has it already.
    public func add(_ payment: Payment) throws(LedgerError) {
        posted.records += 1
        sequence += 1
        try insertPayment.run([
            .text(payment.account ?? ""), .text(payment.archiveId), .integer(sequence), (payment.bookingDate?.description).sql,
            (payment.amount?.minorUnits).sql, .text(payment.currency.code), .text(payment.direction.rawValue),
            .integer(payment.isReversal ? 1 : 0), .text(payment.entryStatus.name), payment.returnReason.sql,
            (payment.reference?.text).sql, (payment.reference?.kindName).sql, payment.remittanceText.sql,
            payment.payerName.sql, .integer(file),
        ])
        guard database.changes == 1 else {
            posted.alreadyBooked += 1
            return
        }
        posted.booked += 1
        let id = database.lastInsertedRowID
        for (position, part) in payment.parts.enumerated() {
            try insertPart.run([
                .integer(id), .integer(Int64(position)), (part.reference?.text).sql, (part.amount?.minorUnits).sql,
                part.documentType.sql, part.documentNumber.sql,
            ])
        }
        try audit.run([.integer(run), .text("payment"), .text(payment.archiveId), .text("book"),
                       .text("\(payment.amount?.description ?? "no amount") \(payment.direction.rawValue) from \(payment.file)")])
    }

    /// Books an invoice or credit note (and its customer, when new), unless the ledger has it already.
    public func add(_ invoice: Invoice) throws(LedgerError) {
        posted.records += 1
        let key = invoice.buyerId.map { "id:\($0)" } ?? "name:\(invoice.buyerName ?? "")"
        let customer: Int64
        if let known = customerIDs[key] {
            customer = known
        } else {
            try insertCustomer.run([.text(key), invoice.buyerName.sql, invoice.buyerId.sql, .integer(invoice.isConsumer ? 1 : 0)])
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
        ])
        guard database.changes == 1 else {
            posted.alreadyBooked += 1
            return
        }
        posted.booked += 1
        try audit.run([.integer(run), .text("invoice"), .text(invoice.invoiceNumber), .text("book"),
                       .text("\(invoice.kind.name) \(invoice.amount) from \(invoice.file)")])
    }
}
