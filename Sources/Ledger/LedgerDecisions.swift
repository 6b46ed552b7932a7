public import Receivables

/// Why a decision was refused.
public struct DecisionError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// What the accountant's list said of a payment she decided on: its `amount` and what was `unapplied`, as written
/// (nil: not said). A decision is refused when the payment is not what she saw.
public struct ListedPayment: Sendable, Equatable {
    public let amount: String?
    public let unapplied: String?

    /// What a list said.
    public init(amount: String?, unapplied: String?) {
        self.amount = amount
        self.unapplied = unapplied
    }
}

extension Ledger {
    /// Applies an accountant's decision on a payment, in one transaction, with an audit row. A decision naming an
    /// unknown payment or invoice (or an invoice number several sellers have), on outgoing money, a reversal or an
    /// entry the bank has not booked, on a payment with nothing unapplied, or one that would over-apply, is refused
    /// and changes nothing; but `ignore` takes off the list an entry waiting with no money to place (outgoing money, a
    /// reversal saatava could not book, a payment of nothing), when the archive id names no receipt to decide on.
    /// `refund` refunds only what is unapplied: a payment that paid invoices stays matched, its excess refunded. With
    /// `listed`, a payment whose amount, or unapplied money, is not what the list said is refused too: an amount edited
    /// (a decision places the whole unapplied amount), or a payment placed in part since.
    /// - Returns: The decision as applied, with what it placed, refunded or set aside.
    @discardableResult
    public func decide(
        _ decision: Decision, payment archiveId: String, note: String?, source: String, run: Int64?,
        listed: ListedPayment? = nil
    ) throws -> AppliedDecision {
        try database.transaction {
            // A reversal may share its original's archive id: the decision is about the payment itself.
            let find = try database.prepare("""
                SELECT id, amount, unapplied, currency, status, direction, reversal, entry_status,
                    EXISTS (SELECT 1 FROM allocations a WHERE a.payment_id = payments.id) AS applied
                FROM payments WHERE archive_id = ? ORDER BY reversal, id LIMIT 1
                """)
            try find.bind([.text(archiveId)])
            guard try find.step() else { throw DecisionError(description: "there is no payment with archive id \(archiveId)") }
            let paymentID = find.integer(try find.column("id"))
            let unapplied = find.integer(try find.column("unapplied"))
            let currency = try find.currency(try find.column("currency"))
            let status = try find.decoded(try find.column("status"), as: PaymentStatus.self)
            let entryStatus = try find.requiredText(try find.column("entry_status"))
            let hasAllocations = find.integer(try find.column("applied")) == 1
            let isReceipt = try find.decoded(try find.column("direction"), as: Payment.Direction.self) == .credit
                && find.integer(try find.column("reversal")) == 0
            let hasMoneyToPlace = isReceipt && entryStatus == "booked" && unapplied > 0
                && (status == .unmatched || status == .matched)
            // A receipt and a reversal may share an archive id, each on the list: the list's figures tell them apart.
            if decision == .ignore, let waiting = try waitingWithoutMoney(archiveId: archiveId) {
                let cents = find.optionalInteger(try find.column("amount")) ?? 0
                let amount = Amount(minorUnits: cents, currency: currency)
                let listsTheWaiting = listed.map {
                    !Self.fits($0, amount: amount, unapplied: Amount(minorUnits: unapplied, currency: currency))
                        && Self.fits($0, amount: Amount(minorUnits: waiting.amount, currency: waiting.currency),
                                     unapplied: Amount(minorUnits: waiting.unapplied, currency: waiting.currency))
                }
                if !hasMoneyToPlace || listsTheWaiting == true {
                    return try ignore(waiting, archiveId: archiveId, note: note, source: source, run: run,
                                      listed: listed)
                }
            }
            guard isReceipt else {
                throw DecisionError(description: "payment \(archiveId) is outgoing money or a reversal, not a receipt: "
                    + "it cannot be assigned or refunded, only ignored while it waits")
            }
            guard entryStatus == "booked" else {
                throw DecisionError(description: "payment \(archiveId) is not booked by the bank (\(entryStatus)): it is no money yet")
            }
            guard unapplied > 0, status == .unmatched || status == .matched else {
                throw DecisionError(description: "payment \(archiveId) has nothing unapplied (status \(status?.rawValue ?? "none"))")
            }
            if let listed {
                try Self.check(listed, payment: archiveId, amount: Amount(minorUnits: find.integer(try find.column("amount")),
                                                                          currency: currency),
                               unapplied: Amount(minorUnits: unapplied, currency: currency))
            }
            var invoiceID: Int64?
            let action: String
            let journal = try JournalWriter(database: database, accounts: journalAccounts, run: run)
            let kept = try KeptFigures(database: database)
            switch decision {
            case .assign(let invoiceNumber):
                action = "assign"
                let invoiceRow: Int64
                switch try receivable(numbered: invoiceNumber) {
                case .none: throw DecisionError(description: "there is no invoice \(invoiceNumber)")
                case .several:
                    throw DecisionError(
                        description: "invoice number \(invoiceNumber) names invoices of several sellers: "
                            + "which one the payment is for cannot be told")
                case .one(let id): invoiceRow = id
                }
                let invoice = try database.prepare("SELECT currency, open FROM receivables WHERE id = ?")
                try invoice.bind([.integer(invoiceRow)])
                guard try invoice.step() else {
                    throw LedgerError(code: 0, message: "invoice row \(invoiceRow) vanished")
                }
                let (invoiceCurrency, open) = (try invoice.currency(0), invoice.integer(1))
                guard invoiceCurrency == currency else {
                    throw DecisionError(description: "invoice \(invoiceNumber) is in \(invoiceCurrency.code), payment \(archiveId) in "
                        + currency.code)
                }
                guard unapplied <= open else {
                    let money = { (cents: Int64) in Amount(minorUnits: cents, currency: currency).description }
                    throw DecisionError(description: "payment \(archiveId) has \(money(unapplied)) unapplied but invoice "
                        + "\(invoiceNumber) owes only \(money(open)): assigning would over-apply")
                }
                invoiceID = invoiceRow
                try database.prepare("""
                    INSERT INTO allocations (payment_id, invoice_id, amount, rule, run_id)
                    VALUES (?, ?, ?, 'decision', coalesce(?, (SELECT max(id) FROM runs)))
                    """).run([.integer(paymentID), .integer(invoiceID!), .integer(unapplied), run.sql])
                try kept.allocated(unapplied, invoice: invoiceID!)
                try database.prepare("UPDATE payments SET status = 'matched', reason = NULL, unapplied = 0 WHERE id = ?")
                    .run([.integer(paymentID)])
                kept.payment(from: status?.rawValue, to: PaymentStatus.matched.rawValue)
                try journal.post(unapplied, debit: .advances, credit: .receivables, currency: currency, payment: paymentID,
                                 invoice: invoiceID, source: archiveId, memo: "paid invoice \(invoiceNumber)")
            case .refund where hasAllocations, .ignore where hasAllocations:
                // The excess of a payment that paid invoices: it stays matched, with nothing left to decide.
                action = decision == .refund ? "refund" : "ignore"
                try database.prepare("UPDATE payments SET reason = NULL, unapplied = 0 WHERE id = ?").run([.integer(paymentID)])
            case .refund, .ignore:
                action = decision == .refund ? "refund" : "ignore"
                let decided: PaymentStatus = decision == .refund ? .refunded : .ignored
                try database.prepare("UPDATE payments SET status = ?, reason = NULL WHERE id = ?")
                    .run([.text(decided.rawValue), .integer(paymentID)])
                kept.payment(from: status?.rawValue, to: decided.rawValue)
            }
            try kept.save()
            // A refund owes the money back until the books pay it; what is ignored stays in advances (docs/journal.md).
            if action == "refund" {
                try journal.post(unapplied, debit: .advances, credit: .refundsPayable, currency: currency, payment: paymentID,
                                 invoice: nil, source: archiveId, memo: "refund decided")
            }
            try recordDecision(action, payment: paymentID, archiveId: archiveId, invoice: invoiceID, amount: unapplied,
                               note: note, source: source, run: run,
                               detail: "\(action)\(invoiceID != nil ? " to invoice" : "") by \(source)")
            return AppliedDecision(archiveId: archiveId, decision: decision, amount: unapplied, currency: currency,
                                   note: note, source: source)
        }
    }

    /// An entry under `archiveId` waiting on the accountant's list with no money to place: outgoing money, a reversal
    /// (its original unknown, or another amount than its original's), a payment of nothing or of no amount.
    private func waitingWithoutMoney(archiveId: String) throws(LedgerError)
        -> (id: Int64, amount: Int64, unapplied: Int64, currency: Currency)?
    {
        let find = try database.prepare("""
            SELECT id, coalesce(amount, 0), unapplied, currency FROM payments
            WHERE archive_id = ? AND status = 'unmatched' AND (direction = 'debit' OR reversal = 1 OR unapplied = 0)
            ORDER BY reversal, id LIMIT 1
            """)
        try find.bind([.text(archiveId)])
        guard try find.step() else { return nil }
        return (find.integer(0), find.integer(1), find.integer(2), try find.currency(3))
    }

    /// Ignores an entry with no money to place (`waitingWithoutMoney`), at the accountant's word that it is dealt with
    /// (booked by hand, or no concern of the receivables): it leaves the list, and nothing is placed, undone or
    /// journalled (it never was: docs/journal.md). An ignored reversal undoes nothing, then or later.
    private func ignore(
        _ waiting: (id: Int64, amount: Int64, unapplied: Int64, currency: Currency), archiveId: String, note: String?,
        source: String, run: Int64?, listed: ListedPayment?
    ) throws -> AppliedDecision {
        if let listed {
            try Self.check(listed, payment: archiveId,
                           amount: Amount(minorUnits: waiting.amount, currency: waiting.currency),
                           unapplied: Amount(minorUnits: waiting.unapplied, currency: waiting.currency))
        }
        let kept = try KeptFigures(database: database)
        try database.prepare("UPDATE payments SET status = 'ignored', reason = NULL WHERE id = ?")
            .run([.integer(waiting.id)])
        kept.payment(from: PaymentStatus.unmatched.rawValue, to: PaymentStatus.ignored.rawValue)
        try kept.save()
        try recordDecision("ignore", payment: waiting.id, archiveId: archiveId, invoice: nil, amount: waiting.amount,
                           note: note, source: source, run: run, detail: "ignore (no money to place) by \(source)")
        return AppliedDecision(archiveId: archiveId, decision: .ignore, amount: waiting.amount,
                               currency: waiting.currency, note: note, source: source)
    }

    /// The decision's row, and its audit row (`detail`, with the note after it).
    private func recordDecision(
        _ action: String, payment: Int64, archiveId: String, invoice: Int64?, amount: Int64, note: String?,
        source: String, run: Int64?, detail: String
    ) throws(LedgerError) {
        try database.prepare("""
            INSERT INTO decisions (payment_id, action, invoice_id, amount, note, source, run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).run([.integer(payment), .text(action), invoice.sql, .integer(amount), note.sql, .text(source),
                      run.sql])
        try database.prepare("""
            INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (?, 'payment', ?, 'decision', ?)
            """).run([run.sql, .text(archiveId), .text(detail + (note.map { ": \($0)" } ?? ""))])
    }

    /// Whether a payment is what the list said (`check` refuses nothing).
    private static func fits(_ listed: ListedPayment, amount: Amount, unapplied: Amount) -> Bool {
        (try? check(listed, payment: "", amount: amount, unapplied: unapplied)) != nil
    }

    /// Refuses a decision on a payment that is not what the list said: `amount` its amount, `unapplied` its money
    /// not placed.
    private static func check(_ listed: ListedPayment, payment archiveId: String, amount: Amount, unapplied: Amount)
        throws(DecisionError)
    {
        func said(_ text: String?, column: String) throws(DecisionError) -> Amount? {
            guard let text else { return nil }
            do {
                // A spreadsheet may group the thousands with a space.
                return try Amount(parsing: text.filter { !" \u{A0}\u{202F}".contains($0) }, currency: amount.currency)
            } catch {
                throw DecisionError(description: "'\(text)' in \(column) is no amount in \(amount.currency.code)")
            }
        }
        if let listedAmount = try said(listed.amount, column: "amount"), listedAmount != amount {
            throw DecisionError(description: "payment \(archiveId) is of \(amount), not \(listedAmount) as the list says: "
                + "a decision places the whole unapplied amount (a payment is not split), so give the payment's own "
                + "amount")
        }
        if let listedUnapplied = try said(listed.unapplied, column: "unapplied"), listedUnapplied != unapplied {
            throw DecisionError(description: "payment \(archiveId) has \(unapplied) unapplied, not \(listedUnapplied) "
                + "as the list says: it changed since the list was made; decide on the latest list")
        }
    }
}
