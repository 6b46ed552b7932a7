public import Matching
import Receivables

extension Ledger {
    /// How many payments not placed yet one matching pass places at most: a day with more is matched a part at a time,
    /// so that what matching holds is bounded by the part, not by the day.
    public static let matchingPartSize = 100_000
    /// How many payments the parts left unmatched one suggestion pass reads at most (fewer when the parts are
    /// smaller): a payment asks for a suggestion more than for its place (some twenty typo keys, invoice numbers in its
    /// message, its amount), so that pass's part is smaller.
    public static let suggestionPartSize = 25_000

    /// One matching pass of the day, once it is applied.
    public struct MatchedPass {
        /// What the pass applied (without its items; of a suggestion pass, only its outcomes' suggestions).
        public let result: MatchingEngine.Result
        /// The payments it read.
        public let payments: [PaymentToMatch]
        /// Which: the whole day, a part of it, or the suggestions after the parts.
        public let part: MatchingPart
        /// Of the money the pass undid, what earlier parts of the run placed (by the matching rules, not by a decision):
        /// a payment reversed in a later part of its own day, which one pass would not have placed at all. `rows`
        /// counts the allocation rows undone.
        public let undoingEarlierParts: (allocations: [Allocation], rows: Int)
    }

    /// The day's matching (docs/ledger.md, "A big day in parts"): one pass over what `scope` reads, applied in one
    /// transaction. When only what the day touches is read and more than `partSize` payments are not placed yet, a
    /// pass per part of them in booking order instead, each applied before the next is read (so a later part finds
    /// what an earlier one placed, as the one pass would; a waiting payment a part's look-ups find is placed in the
    /// part its booking falls in), then passes that only give the payments the parts left unmatched their
    /// suggestions (`suggestionPartSize` at a time), once no later part can pay what they would name. The payments
    /// an earlier run's parts left unmatched and that run stopped before suggesting (killed, a full disk) get theirs in
    /// the same passes; after a day in one pass, those it did not read get theirs in passes of their own (as of this
    /// run's ledger). `applied` receives each pass; a pass it throws from stays applied, and the day's matching stops
    /// there.
    public func matchDay(
        scope: MatchingScope, engine: MatchingEngine, run: Int64, partSize: Int = matchingPartSize,
        suggestionPartSize: Int = suggestionPartSize, applied: (MatchedPass) throws -> Void
    ) throws {
        var suggestionPart = suggestionPartSize
        if scope == .touched, try paymentCounts()[PaymentStatus.pending.rawValue, default: 0] > partSize {
            var part = MatchingPart.next(count: partSize, after: nil, deferred: [])
            while true {
                let done = try pass(part, scope: scope, engine: engine, run: run)
                try applied(done.pass)
                guard let after = done.after else { break }
                part = .next(count: partSize, after: after, deferred: done.deferred)
            }
            suggestionPart = min(partSize, suggestionPartSize)
        } else {
            // Almost always none is owed (only after a run stopped between its parts and their suggestions).
            let anyOwed = try scalar("SELECT EXISTS (SELECT 1 FROM payments_owing_suggestions)") != 0
            try applied(try pass(.all, scope: scope, engine: engine, run: run, settlingOwed: anyOwed).pass)
        }
        // What the parts left unmatched and what an earlier run owed (less what a day's one pass read), once each.
        let waiting = try paymentsOwingSuggestions()
        for start in stride(from: 0, to: waiting.count, by: suggestionPart) {
            let ids = Array(waiting[start..<min(start + suggestionPart, waiting.count)])
            try applied(try pass(.suggestions(for: ids), scope: scope, engine: engine, run: run).pass)
        }
    }

    /// The payments a big day's parts left unmatched that neither a suggestion pass nor a day's one pass has read
    /// since, in row order.
    func paymentsOwingSuggestions() throws(LedgerError) -> [Int64] {
        let statement = try database.prepare("SELECT payment_id FROM payments_owing_suggestions ORDER BY payment_id")
        var ids: [Int64] = []
        while try statement.step() { ids.append(statement.integer(0)) }
        return ids
    }

    /// The last invoice and decision a day's pass has seen (`matching_marks`).
    func matchingMarks() throws(LedgerError) -> (lastInvoice: Int64, lastDecision: Int64) {
        let marks = try database.prepare("SELECT last_invoice, last_decision FROM matching_marks WHERE id = 1")
        try marks.bind([])
        guard try marks.step() else { return (0, 0) }
        return (marks.integer(0), marks.integer(1))
    }

    /// Owes a suggestion pass to each waiting payment, besides those the pass `read`, whose suggestion may now be
    /// another: a suggestion names an open invoice by a number in the payment's message, by a typo of its reference
    /// owing exactly its amount, or by its amount alone, and is made only when one invoice fits. So the invoices that
    /// changed (booked since the marks `since`, named by a decision since them, or placed on, credited or reopened by
    /// the pass) can change a payment's suggestion only when its message holds one of their numbers, or its amount is
    /// what one of them owes now or owed before the run (a payment made before its invoice, or before a credit note
    /// made its invoice owe what was paid; an invoice of its amount paid, leaving one other). In the transaction that
    /// applies the pass, after it, so that a run stopped before the suggestion passes leaves them owed. The waiting
    /// payments are read first: when none is left (a ledger's first big day), no invoice is.
    func oweSuggestionsConcerned(
        by result: MatchingEngine.Result, since marks: (lastInvoice: Int64, lastDecision: Int64), run: Int64,
        besides read: Set<Int64>
    ) throws(LedgerError) {
        // Those owed already (an earlier part's unmatched payments, on a big day) need no look-up.
        let waiting = try database.prepare("""
            SELECT id, currency, amount, remittance_text FROM payments
            WHERE status = 'unmatched' AND id NOT IN (SELECT payment_id FROM payments_owing_suggestions)
            """)
        try waiting.bind([])
        var others: [(id: Int64, amount: Amount, text: String?)] = []
        while try waiting.step() {
            guard !read.contains(waiting.integer(0)), let cents = waiting.optionalInteger(2) else { continue }
            let amount = Amount(minorUnits: cents, currency: try waiting.currency(1))
            others.append((waiting.integer(0), amount, waiting.text(3)))
        }
        guard !others.isEmpty else { return }
        var numbers = Set<String>()
        var amounts = Set<Amount>()
        // Those booked since the marks, as they are now (they owed nothing before the run).
        let booked = try database.prepare("""
            SELECT i.invoice_number, i.currency, b.open FROM invoices i JOIN balances b ON b.invoice_id = i.id
            WHERE i.id > ?
            """)
        try booked.bind([.integer(marks.lastInvoice)])
        while try booked.step() {
            numbers.insert(try booked.requiredText(0))
            let open = booked.integer(2)
            if open > 0 { amounts.insert(Amount(minorUnits: open, currency: try booked.currency(1))) }
        }
        // Those a decision or the pass changed: as they are now and as they were before the run.
        var changed = Set(result.allocations.map(\.invoiceId))
        changed.formUnion(result.creditAllocations.map(\.invoiceId))
        changed.formUnion(result.undone.map(\.invoiceId))
        let decided = try database.prepare("SELECT invoice_id FROM decisions WHERE id > ? AND invoice_id IS NOT NULL")
        try decided.bind([.integer(marks.lastDecision)])
        while try decided.step() { changed.insert(decided.integer(0)) }
        // Through the invoice's allocations (`+run_id`: not the index by run, which holds all the run made).
        let invoice = try database.prepare("""
            SELECT i.invoice_number, i.currency, b.open, b.open + coalesce((SELECT sum(a.amount) FROM allocations a
                WHERE a.invoice_id = i.id AND +a.run_id = ?2 AND a.pays_charges = 0), 0)
            FROM invoices i JOIN balances b ON b.invoice_id = i.id WHERE i.id = ?1
            """)
        for id in changed where id <= marks.lastInvoice {
            try invoice.bind([.integer(id), .integer(run)])
            guard try invoice.step() else { continue }
            numbers.insert(try invoice.requiredText(0))
            for open in [invoice.integer(2), invoice.integer(3)] where open > 0 {
                amounts.insert(Amount(minorUnits: open, currency: try invoice.currency(1)))
            }
        }
        let owe = try database.prepare("INSERT OR IGNORE INTO payments_owing_suggestions VALUES (?)")
        for payment in others {
            let namesOne = payment.text.map { text in
                MatchingEngine.invoiceNumberTokens(in: text).contains { numbers.contains(String($0)) }
            }
            if amounts.contains(payment.amount) || namesOne == true { try owe.run([.integer(payment.id)]) }
        }
    }

    /// Takes `ids` off the payments owed a suggestion: a pass read them and suggested what it could.
    func forgetOwedSuggestions(_ ids: [Int64]) throws(LedgerError) {
        let owed = try database.prepare("DELETE FROM payments_owing_suggestions WHERE payment_id = ?")
        for id in ids { try owed.run([.integer(id)]) }
    }

    /// One pass: its input read, matched and applied (of a suggestion pass, only the suggestions). The items are handed
    /// over to the engine, to be changed in place; when they are only those its payments name (not every open
    /// invoice), the payments left unmatched may be suggested others (by a number in their message, a typo in their
    /// reference, their amount): the engine asks for them once every payment is placed. A part makes no suggestions:
    /// the suggestion passes after the parts do. A day's one pass `settlingOwed` takes the payments it read off those
    /// owed a suggestion.
    private func pass(
        _ part: MatchingPart, scope: MatchingScope, engine: MatchingEngine, run: Int64, settlingOwed: Bool = false
    ) throws -> (pass: MatchedPass, after: BookingPosition?, deferred: [BookingPosition]) {
        var input = try matchingInput(scope: scope, part: part)
        let items = input.openItems
        input.openItems = []
        var suggesting = true
        if case .next = part { suggesting = false }
        var result = try engine.match(
            openItems: consume items, credits: input.credits, payments: input.payments,
            priorPayments: input.priorPayments, bookedCreditNotes: input.bookedCreditNotes, suggesting: suggesting
        ) { [holdsEveryOpenItem = input.holdsEveryOpenItem] lookups, items in
            holdsEveryOpenItem ? [] : try suggestionItems(for: lookups, besides: items)
        }
        // Only the result is held while it is booked.
        (result.openItems, result.suggestionItems) = ([], [])
        var undoing: (allocations: [Allocation], rows: Int) = ([], 0)
        let seen = (input.lastInvoice, input.lastDecision)
        switch part {
        case .all:
            let owed: OwedSuggestions = settlingOwed ? .madeFor(input.payments.map(\.id)) : .unchanged
            try apply(result, run: run, seenThrough: seen, owed: owed,
                      concernedBesides: scope == .touched ? Set(input.payments.map(\.id)) : nil)
        case .next:
            undoing = try undoingEarlierParts(result, run: run)
            let unmatched = result.outcomes.lazy.filter { $0.value.status == .unmatched }.map(\.key)
            try apply(result, run: run, seenThrough: seen, owed: .owedTo(Array(unmatched)),
                      concernedBesides: Set(input.payments.map(\.id)))
        case .suggestions(let ids):
            try applySuggestions(result, read: ids)
            (result.allocations, result.creditAllocations, result.undone) = ([], [], [])
        }
        return (MatchedPass(result: result, payments: input.payments, part: part, undoingEarlierParts: undoing),
                input.nextPartAfter, input.deferred)
    }

    /// The allocations `result` undoes that an earlier part of `run` made (by the matching rules, not by a decision),
    /// and how many rows they were.
    private func undoingEarlierParts(
        _ result: MatchingEngine.Result, run: Int64
    ) throws(LedgerError) -> (allocations: [Allocation], rows: Int) {
        let made = try database.prepare(Self.madeByThisRunQuery)
        var undoing: (allocations: [Allocation], rows: Int) = ([], 0)
        for allocation in result.undone {
            try made.bind([.integer(allocation.paymentId), .integer(allocation.invoiceId), .integer(run)])
            guard try made.step(), made.integer(0) > 0 else { continue }
            undoing.allocations.append(allocation)
            undoing.rows += Int(made.integer(0))
        }
        return undoing
    }

    /// How many allocations of payment `?1` to invoice `?2` the run `?3` made by the matching rules. Through the
    /// payment's allocations (`allocations_by_payment`, a few rows): `+run_id` keeps SQLite from choosing the index by
    /// run, which holds every allocation the run has made (on a million-invoice day, a scan of hundreds of thousands
    /// of rows for each allocation undone).
    static let madeByThisRunQuery = """
        SELECT count(*) FROM allocations WHERE payment_id = ?1 AND invoice_id = ?2 AND +run_id = ?3 AND amount > 0
            AND rule <> 'decision'
        """

    /// Writes the suggestions of a suggestion pass on the payments that are still unmatched, and nothing else: the
    /// parts placed the money (the pass reads no credit note and no payment a reversal may undo, and what it might place
    /// otherwise is left to the next pass that reads the payment). A suggestion is no status change: no audit row. The
    /// payments the pass was to read (`ids`, those no longer waiting too) owe no suggestion any more.
    private func applySuggestions(_ result: MatchingEngine.Result, read ids: [Int64]) throws {
        try database.transaction {
            try forgetOwedSuggestions(ids)
            let suggest = try database.prepare("""
                UPDATE payments SET suggested_invoice = ?1, suggestion_rule = ?2, confidence = ?3
                WHERE id = ?4 AND status = 'unmatched'
                """)
            for (id, outcome) in result.outcomes {
                try suggest.run([
                    (outcome.suggestion?.invoiceNumber).sql, (outcome.suggestion?.rule.rawValue).sql,
                    outcome.suggestion.map { .real($0.confidence) } ?? .null, .integer(id),
                ])
            }
        }
    }
}
