public import Dunning
public import Receivables

/// What dunning reads from the ledger and what it records there: the invoices that may be due a step, what
/// lowered their principal when (for penalty interest), and each step issued, once.
extension Ledger {
    /// A step to record: a reminder with its charges and rules, or a transfer to collection.
    public struct DunningStep: Sendable, Equatable {
        /// The invoice's row id (`DunnableInvoice.id`).
        public let invoiceId: Int64
        public let reminder: ReminderView
        public let action: DunningPolicy.Action
        /// The fee the law allowed before the compensation's offset (cents).
        public let allowedFee: Int64

        /// Creates a step to record.
        public init(invoiceId: Int64, reminder: ReminderView, action: DunningPolicy.Action, allowedFee: Int64) {
            self.invoiceId = invoiceId
            self.reminder = reminder
            self.action = action
            self.allowedFee = allowedFee
        }
    }

    /// The receivables with principal open and a due date before `asOf`, with their buyer and the steps issued for
    /// them so far, in due-date order: through the index of open balances by due date, never through settled ones.
    public func dunnableInvoices(asOf: LocalDate) throws(LedgerError) -> [DunnableInvoice] {
        let statement = try database.prepare("""
            SELECT r.id, r.seller_id, r.invoice_number, r.reference_key, r.currency, r.amount, r.open,
                r.invoice_date, r.due_date, r.customer_id,
                c.key, c.name, c.business_id, c.consumer, c.street, c.post_code, c.town, c.country, c.language,
                c.einvoice_address, c.einvoice_intermediator
            FROM receivables r JOIN customers c ON c.id = r.customer_id
            WHERE r.open <> 0 AND r.due_date < ? AND r.open > 0 ORDER BY r.due_date, r.invoice_number
            """)
        let history = try database.prepare("""
            SELECT step, action, issued_on, allowed_fee, fee, compensation, pay_by, interest FROM reminders
            WHERE invoice_id = ? ORDER BY step
            """)
        var customers = try CustomerColumns(statement)
        let (id, seller, number, key, currency, amount, open, invoiceDate, dueDate) = (
            try statement.column("id"), try statement.column("seller_id"), try statement.column("invoice_number"),
            try statement.column("reference_key"), try statement.column("currency"), try statement.column("amount"),
            try statement.column("open"), try statement.column("invoice_date"), try statement.column("due_date"))
        let (step, action, issuedOn, allowedFee, fee, compensation, payBy, interest) = (
            try history.column("step"), try history.column("action"), try history.column("issued_on"),
            try history.column("allowed_fee"), try history.column("fee"), try history.column("compensation"),
            try history.column("pay_by"), try history.column("interest"))
        try statement.bind([.text(asOf.description)])
        var invoices: [DunnableInvoice] = []
        while try statement.step() {
            try history.bind([.integer(statement.integer(id))])
            var issued: [IssuedStep] = []
            while try history.step() {
                guard let kind = try history.decoded(action, as: DunningPolicy.Action.self), let day = try history.date(issuedOn)
                else { throw LedgerError(code: 0, message: "a reminder of invoice \(statement.text(number) ?? "?") has no action or date") }
                issued.append(IssuedStep(step: Int(history.integer(step)), action: kind, issuedOn: day,
                                         allowedFee: history.integer(allowedFee), fee: history.integer(fee),
                                         compensation: history.integer(compensation), payBy: try history.date(payBy),
                                         interest: history.integer(interest)))
            }
            guard let issuedDate = try statement.date(invoiceDate), let due = try statement.date(dueDate) else {
                throw LedgerError(code: 0, message: "invoice \(statement.text(number) ?? "?") has no dates")
            }
            invoices.append(DunnableInvoice(
                id: statement.integer(id), invoiceNumber: try statement.requiredText(number),
                sellerId: statement.text(seller).flatMap { $0.isEmpty ? nil : $0 }, referenceKey: statement.text(key),
                customer: try customers.customer(statement),
                currency: try statement.currency(currency), amount: statement.integer(amount), open: statement.integer(open),
                invoiceDate: issuedDate, dueDate: due, history: issued))
        }
        return invoices
    }

    /// What lowered each of these invoices' principal (by row id; none for one with no reduction), and the day it was
    /// booked: each payment by its booking date, each credit note by its date (what payments paid of interest and fees
    /// is no principal). An undone allocation's opposite row carries its original's day, so the two cancel. One
    /// statement read once per invoice: a day's reminders and transfers need some thousands.
    public func principalReductions(ofInvoices ids: [Int64]) throws(LedgerError)
        -> [Int64: [(bookedOn: LocalDate, amount: Int64)]]
    {
        // A payment the bank gave no booking date counts from the day of the run that placed it.
        let statement = try database.prepare("""
            SELECT coalesce(p.booking_date, cn.invoice_date, (SELECT as_of FROM runs WHERE id = a.run_id)) AS day, a.amount
            FROM allocations a LEFT JOIN payments p ON p.id = a.payment_id LEFT JOIN invoices cn ON cn.id = a.credit_note_id
            WHERE a.invoice_id = ? AND a.pays_charges = 0 ORDER BY a.id
            """)
        let (day, amount) = (try statement.column("day"), try statement.column("amount"))
        var reductions: [Int64: [(bookedOn: LocalDate, amount: Int64)]] = [:]
        for id in ids where reductions[id] == nil {
            try statement.bind([.integer(id)])
            var invoice: [(bookedOn: LocalDate, amount: Int64)] = []
            while try statement.step() {
                guard let booked = try statement.date(day) else { continue }
                invoice.append((booked, statement.integer(amount)))
            }
            if !invoice.isEmpty { reductions[id] = invoice }
        }
        return reductions
    }

    /// The payments received but not placed (unmatched, or the excess of an overpayment, until the accountant decides):
    /// the reference keys they name (by their reference or a remittance block), the invoices matching suggests them
    /// for, and the customers whose invoice they name was paid already (by the payment itself, for an overpayment);
    /// and the reference keys of the credits the bank reported pending (not booked yet) that reached the ledger on
    /// `pendingSince` or later, and are dated then or later, or undated. Money that may be a customer's payment of an
    /// invoice, which must not be reminded meanwhile.
    public func paymentsWaiting(pendingSince: LocalDate) throws(LedgerError) -> PaymentsWaiting {
        // Two conditions, not one with OR, so that each is found through its own partial index.
        let received = ["unmatched", "matched"].map {
            "p.status = '\($0)' AND p.unapplied > 0 AND p.direction = 'credit' AND p.reversal = 0"
        }
        let (unmatched, excess) = (received[0], received[1])
        let pending = """
            p.status = 'pending' AND p.entry_status = 'pending' AND p.direction = 'credit' AND p.reversal = 0
                AND (p.booking_date IS NULL OR p.booking_date >= ?1)
                AND (SELECT r.as_of FROM files f JOIN runs r ON r.id = f.run_id WHERE f.id = p.file_id) >= ?1
            """
        let statement = try database.prepare([unmatched, excess, pending].map { waiting in """
            SELECT p.reference, p.suggested_invoice FROM payments p WHERE \(waiting)
            UNION ALL
            SELECT pp.reference, NULL FROM payment_parts pp JOIN payments p ON p.id = pp.payment_id WHERE \(waiting)
            """ }.joined(separator: "\nUNION ALL\n"))
        try statement.bind([.text(pendingSince.description)])
        var found = PaymentsWaiting()
        while try statement.step() {
            if let key = statement.text(0).flatMap({ StatedReference(stated: $0)?.matchingKey }) {
                found.referenceKeys.insert(key)
            }
            if let invoice = statement.text(1) { found.suggestedInvoices.insert(invoice) }
        }
        let customers = try database.prepare("""
            SELECT c.key FROM payments p JOIN invoices i ON i.reference_key = p.reference_key
                JOIN customers c ON c.id = i.customer_id
            WHERE \(unmatched) AND p.reason = 'invoice_settled'
            UNION
            SELECT c.key FROM payments p JOIN invoices i ON i.reference_key = p.reference_key
                JOIN customers c ON c.id = i.customer_id
            WHERE \(excess)
            """)
        try customers.bind([])
        while try customers.step() { found.customers.insert(try customers.requiredText(0)) }
        return found
    }

    /// The sellers other than the creditor (`creditorBusinessId`; none while it is nil) that the invoices booked by
    /// `run` name, each with how many: invoices dunning never reminds (an operator's batch that held another company's
    /// invoices). Read through the run's files.
    public func otherSellers(bookedBy run: Int64) throws(LedgerError) -> [(sellerId: String, invoices: Int)] {
        let statement = try database.prepare(Self.otherSellersQuery)
        try statement.bind([.integer(run), creditorBusinessId.sql])
        var sellers: [(sellerId: String, invoices: Int)] = []
        while try statement.step() {
            sellers.append((try statement.requiredText(0), Int(statement.integer(1))))
        }
        return sellers
    }

    /// The sellers of the invoices the run `?1` booked, other than the creditor `?2`. The run's files first, then
    /// their invoices by file: left to choose, SQLite read every invoice in the order of its seller instead.
    static let otherSellersQuery = """
        SELECT i.seller_id, count(*) FROM files f CROSS JOIN invoices i ON i.file_id = f.id
        WHERE f.run_id = ?1 AND \(isAnotherSellers("i", creditorParameter: "?2"))
        GROUP BY i.seller_id ORDER BY i.seller_id
        """

    /// Invoices whose principal is paid but whose reminders' interest, fees or compensation are not: for a person,
    /// never dunned alone. Those whose last money came in a run as of `since` or later are handed over one by one, by
    /// invoice number (the report lists them); the others only counted and summed per currency, so that the page
    /// grows with the days, not with charges left unpaid for years. The listed are found through the allocations of
    /// the runs since then; the others are the kept totals of every such invoice (`unpaid_charges`) less the listed.
    public func unpaidCharges(listedSince since: LocalDate) throws(LedgerError)
        -> (listed: [(invoiceNumber: String, customerName: String?, amount: Amount)], older: CountAndSums)
    {
        let totals = try database.prepare("SELECT currency, invoices, charges FROM unpaid_charges")
        try totals.bind([])
        var older = 0
        var olderSums: [Currency: Int64] = [:]
        while try totals.step() {
            older += Int(totals.integer(1))
            olderSums[try totals.currency(0), default: 0] += totals.integer(2)
        }
        let listedStatement = try database.prepare(Self.recentUnpaidChargesQuery)
        let (number, name, currency, charges) = (
            try listedStatement.column("invoice_number"), try listedStatement.column("name"),
            try listedStatement.column("currency"), try listedStatement.column("charges"))
        try listedStatement.bind([.text(since.description)])
        var listed: [(invoiceNumber: String, customerName: String?, amount: Amount)] = []
        while try listedStatement.step() {
            let amount = Amount(minorUnits: listedStatement.integer(charges),
                                currency: try listedStatement.currency(currency))
            listed.append((try listedStatement.requiredText(number), listedStatement.text(name), amount))
            older -= 1
            olderSums[amount.currency, default: 0] -= amount.minorUnits
        }
        return (listed, CountAndSums(count: older, byCurrency: olderSums.filter { $0.value != 0 }))
    }

    /// The invoices of `unpaidCharges(listedSince:)` whose last money came in a run as of `?1` or later, by number
    /// (two sellers' invoices of one number in the order booked): the invoices of those runs' allocations
    /// (`allocations_by_run`) with charges unpaid, each once, and of them those whose last allocation is of such a run.
    static let recentUnpaidChargesQuery = """
        WITH recent AS (
            SELECT DISTINCT a.invoice_id AS id
            FROM runs n CROSS JOIN allocations a ON a.run_id = n.id CROSS JOIN balances b ON b.invoice_id = a.invoice_id
            WHERE n.as_of >= ?1 AND b.charges > 0 AND b.open = 0
        )
        SELECT r.invoice_number, c.name, r.currency, r.charges
        FROM recent CROSS JOIN receivables r ON r.id = recent.id JOIN customers c ON c.id = r.customer_id
        WHERE (SELECT n.as_of FROM allocations a JOIN runs n ON n.id = a.run_id WHERE a.invoice_id = r.id
            ORDER BY a.id DESC LIMIT 1) >= ?1
        ORDER BY r.invoice_number, r.id
        """

    /// Records the day's steps in one transaction, each once (a step already recorded for its invoice is refused),
    /// with the files that carry them (and the day's other files for the agency) queued for delivery: a run stopped
    /// after this leaves no step whose document waits for a delivery nobody recorded.
    public func record(_ steps: [DunningStep], run: Int64, queuing deliveries: [QueuedDelivery]) throws {
        try database.transaction {
            try enqueue(deliveries, run: run)
            let insert = try database.prepare("""
                INSERT INTO reminders (invoice_id, step, action, class, issued_on, currency, allowed_fee, fee, fee_rule,
                    compensation, interest, interest_through, interest_rate, pay_by, channel, file, run_id)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
                """)
            let audit = try database.prepare(
                "INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (?, 'invoice', ?, ?, ?)")
            for step in steps {
                let reminder = step.reminder
                try insert.run([
                    .integer(step.invoiceId), .integer(Int64(reminder.step)), .text(step.action.rawValue),
                    .text(reminder.dunningClass), .text(reminder.issuedOn.description), .text(reminder.currency.code),
                    .integer(step.allowedFee), .integer(reminder.fee), .text(reminder.feeRule), .integer(reminder.compensation),
                    .integer(reminder.interest), (reminder.interestThrough?.description).sql, reminder.interestRate.sql,
                    .text(reminder.payBy.description), .text(reminder.channel.rawValue), reminder.file.sql, .integer(run),
                ])
                try audit.run([.integer(run), .text(reminder.invoiceNumber), .text(step.action.rawValue),
                               .text("step \(reminder.step) of class \(reminder.dunningClass): fee \(reminder.fee), "
                                     + "compensation \(reminder.compensation), interest \(reminder.interest)")])
            }
        }
    }

    /// Every reminder and transfer issued, in the order issued (the `reminders` view; transfers have action
    /// `collection`).
    public func reminderViews() throws(LedgerError) -> [(reminder: ReminderView, action: DunningPolicy.Action)] {
        try reminderViews(where: "", [])
    }

    func reminderViews(
        where filter: String, _ values: [SQLValue]
    ) throws(LedgerError) -> [(reminder: ReminderView, action: DunningPolicy.Action)] {
        let statement = try database.prepare("""
            SELECT i.invoice_number, c.key, m.step, m.action, m.class, m.issued_on, m.currency, m.fee, m.fee_rule,
                m.compensation, m.interest, m.interest_through, m.interest_rate, m.pay_by, m.channel, m.file
            FROM reminders m JOIN invoices i ON i.id = m.invoice_id JOIN customers c ON c.id = i.customer_id \(filter)
            ORDER BY m.id
            """)
        let names = ["invoice_number", "key", "step", "action", "class", "issued_on", "currency", "fee", "fee_rule",
                     "compensation", "interest", "interest_through", "interest_rate", "pay_by", "channel", "file"]
        var column: [String: Int32] = [:]
        for name in names { column[name] = try statement.column(name) }
        try statement.bind(values)
        var views: [(reminder: ReminderView, action: DunningPolicy.Action)] = []
        while try statement.step() {
            func c(_ name: String) -> Int32 { column[name]! }
            guard let issued = try statement.date(c("issued_on")), let payBy = try statement.date(c("pay_by")),
                let action = try statement.decoded(c("action"), as: DunningPolicy.Action.self),
                let channel = try statement.decoded(c("channel"), as: ReminderChannel.self)
            else { throw LedgerError(code: 0, message: "a reminder of \(statement.text(c("invoice_number")) ?? "?") is incomplete") }
            views.append((ReminderView(
                invoiceNumber: try statement.requiredText(c("invoice_number")), customerId: try statement.requiredText(c("key")),
                step: Int(statement.integer(c("step"))), dunningClass: try statement.requiredText(c("class")), issuedOn: issued,
                currency: try statement.currency(c("currency")), fee: statement.integer(c("fee")),
                feeRule: statement.text(c("fee_rule")) ?? "", compensation: statement.integer(c("compensation")),
                interest: statement.integer(c("interest")), interestThrough: try statement.date(c("interest_through")),
                interestRate: statement.text(c("interest_rate")), payBy: payBy, channel: channel,
                file: statement.text(c("file"))), action))
        }
        return views
    }
}

/// The customer columns of a query (`customer_id`, `key`, `name`, `business_id`, `consumer`, the address, `language`,
/// the e-invoice routing), looked up once; each customer read into a `Customer` once, by row, and then shared by the
/// rows that name it.
struct CustomerColumns {
    private let row, key, name, businessId, consumer, street, postCode, town, country, language, address,
        intermediator: Int32
    private var read: [Int64: Customer] = [:]

    init(_ statement: borrowing Statement) throws(LedgerError) {
        row = try statement.column("customer_id")
        key = try statement.column("key")
        name = try statement.column("name")
        businessId = try statement.column("business_id")
        consumer = try statement.column("consumer")
        street = try statement.column("street")
        postCode = try statement.column("post_code")
        town = try statement.column("town")
        country = try statement.column("country")
        language = try statement.column("language")
        address = try statement.column("einvoice_address")
        intermediator = try statement.column("einvoice_intermediator")
    }

    /// The customer of the statement's current row.
    mutating func customer(_ statement: borrowing Statement) throws(LedgerError) -> Customer {
        if let known = read[statement.integer(row)] { return known }
        let postal = Invoice.PostalAddress(
            street: statement.text(street), postCode: statement.text(postCode), town: statement.text(town),
            country: statement.text(country))
        let customer = Customer(
            key: try statement.requiredText(key), name: statement.text(name), businessId: statement.text(businessId),
            isConsumer: statement.integer(consumer) == 1, address: postal == Invoice.PostalAddress() ? nil : postal,
            language: statement.text(language), eInvoiceAddress: statement.text(address),
            eInvoiceIntermediator: statement.text(intermediator))
        read[statement.integer(row)] = customer
        return customer
    }
}
