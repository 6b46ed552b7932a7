import CSQLite3
public import Matching
public import Receivables

extension Ledger {
    /// What matching needs from the ledger.
    public struct MatchingInput: Sendable {
        public var openItems: [OpenItem] = []
        public var credits: [CreditToApply] = []
        public var payments: [PaymentToMatch] = []
        public var priorPayments: [PriorPayment] = []
        /// The keys and numbers of booked credit notes that the payments' credit-note blocks name.
        public var bookedCreditNotes: Set<String> = []
        /// The last invoice booked and the last decision made when the input was read: `apply` records that the pass
        /// has seen them and all before.
        public var lastInvoice: Int64 = 0
        public var lastDecision: Int64 = 0
        /// Whether `openItems` holds every invoice that owes something (a big day, or `everything`): the suggestion
        /// pass then needs no more (`suggestionItems`).
        public var holdsEveryOpenItem = false
        /// Of a part (`MatchingPart.next`): where in booking order its last payment not placed yet is (the next part
        /// starts after it), or nil when it is the day's last part.
        public var nextPartAfter: BookingPosition?
        /// Of a part: the waiting payments its look-ups found that come after its last payment in booking order, for the
        /// part they fall in (one pass would place them after the payments before them, whichever part those are in).
        public var deferred: [BookingPosition] = []
    }

    /// Where a payment is in booking order: its booking date (none first, as SQLite orders them), then its sequence,
    /// then its row id.
    public struct BookingPosition: Sendable, Comparable {
        public let date: LocalDate?
        public let sequence: Int64
        /// The payment's row id.
        public let id: Int64

        public static func < (left: BookingPosition, right: BookingPosition) -> Bool {
            guard left.date == right.date else {
                guard let leftDate = left.date else { return true }
                return right.date.map { leftDate < $0 } ?? false
            }
            return (left.sequence, left.id) < (right.sequence, right.id)
        }
    }

    /// Which payments not placed yet a matching pass reads (besides the waiting ones its scope brings in).
    public enum MatchingPart: Sendable {
        /// Every one: the day in one pass.
        case all
        /// The first `count` in booking order after `after` (nil: from the first): a big day, a part at a time; with the
        /// waiting payments earlier parts found beyond their end (`MatchingInput.deferred`) that fall in this part.
        case next(count: Int, after: BookingPosition?, deferred: [BookingPosition])
        /// None: only these waiting payments, those of them still unmatched, for their suggestions once every part of
        /// a day is placed (or, after a run that stopped between its parts and their suggestions, once the next run's
        /// matching is). No other waiting payment, no credit note and no payment a reversal may undo is read.
        case suggestions(for: [Int64])
    }

    /// Which payments and invoices a matching pass reads.
    public enum MatchingScope: Sendable {
        /// What the day touches: the payments not placed yet (booked since the last pass, or booked after being
        /// pending), the payments still waiting whose reference or remittance block names an invoice or credit note
        /// booked since the last pass, or shares a reference with a payment just booked or with an invoice a reversal
        /// reopens; and the invoices these name. Nothing settled long ago is read.
        case touched
        /// Every payment still waiting and every open invoice, as well (`saatava run --rematch-all`).
        case everything

        /// What a day's run reads: what the day touches, unless suggestions are applied automatically (config
        /// `autoApply`). A suggestion applied places money by a payment's message or amount, which no reference key
        /// follows: a payment waiting for the invoice its message names, or one of two invoices under a key paid that
        /// way, would not be read again. Such a run reads everything, as runs did before the ledger's version 14.
        public static func daily(autoApply: Set<MatchRule>, rematchAll: Bool = false) -> MatchingScope {
            rematchAll || !autoApply.isEmpty ? .everything : .touched
        }
    }

    /// Invoices with what they still owe (those the payments and credit notes name, settled ones too), credit notes
    /// with credit left to apply (waiting for their invoice, or beyond what it owed), payments to place (see `scope`
    /// and `part`), in booking order, and the matched payments that one of their reversals can name. Names and
    /// accounts repeat across rows: each distinct one is held once.
    public func matchingInput(scope: MatchingScope = .touched, part: MatchingPart = .all) throws(LedgerError)
        -> MatchingInput
    {
        var input = MatchingInput()
        var names = Set<String>()
        func shared(_ text: String?) -> String? {
            guard let text else { return nil }
            return names.insert(text).memberAfterInsert
        }
        input.lastInvoice = Int64(try scalar("SELECT coalesce(max(id), 0) FROM invoices"))
        input.lastDecision = Int64(try scalar("SELECT coalesce(max(id), 0) FROM decisions"))
        let reader = try PaymentReader(database: database, shared: shared)
        var payments: [PaymentToMatch]
        // Of a part: where it ends (nil: the last part, or the whole day), and the waiting payments found beyond it.
        var partEnd: BookingPosition?
        var beyond: [BookingPosition] = []
        var isSuggestionPass = false
        switch part {
        case .all: payments = try reader.readNotPlaced(alsoWaiting: scope == .everything)
        case .next(let count, let after, let deferred):
            (payments, input.nextPartAfter) = try reader.readNotPlaced(count, after: after)
            partEnd = input.nextPartAfter
            var falling: [Int64] = []
            for position in deferred {
                if let partEnd, position > partEnd { beyond.append(position) } else { falling.append(position.id) }
            }
            payments += try reader.read(try reader.stillWaiting(falling))
        case .suggestions(let ids):
            payments = try reader.read(try reader.stillWaiting(ids))
            isSuggestionPass = true
        }
        input.credits = isSuggestionPass ? [] : try creditsToApply()
        // Made only when waiting payments are looked for: a big first day's are many and wait for nothing.
        lazy var read = Set(payments.map(\.id) + beyond.map(\.id))
        // Payments still waiting that today's documents and payments may now place, found by reference key: looked up
        // key by key, or (when fewer payments wait than there are keys, as on a big day) read all and picked. A waiting
        // payment found may pay invoices under other keys of its own (its remittance blocks'), where payments wait that
        // may then find one invoice of two paid, or their invoice settled: those are read too, until no payment read
        // names a key not looked up.
        let waitingCount = try scalar("SELECT count(*) FROM payments WHERE status = 'unmatched'")
        var lookedUp = Set<String>()
        func waiting(named keys: Set<String>, documents: Set<String> = []) throws(LedgerError) {
            var (keys, documents) = (keys.subtracting(lookedUp), documents)
            while !keys.isEmpty || !documents.isEmpty {
                lookedUp.formUnion(keys)
                let found = waitingCount <= keys.count + documents.count
                    ? try reader.everyWaitingId(namedBy: keys, documentNumbers: documents)
                    : try reader.waitingIds(keys: keys, documentNumbers: documents)
                var more: [PaymentToMatch] = []
                for payment in try reader.read(found.filter { read.insert($0).inserted }) {
                    let position = reader.position(of: payment)
                    if let partEnd, position > partEnd { beyond.append(position) } else { more.append(payment) }
                }
                payments += more
                (keys, documents) = (Self.referenceKeys(of: more).subtracting(lookedUp), [])
            }
        }
        // (Nothing waits on a ledger's first big day: then there is nothing to look for.)
        let looksForWaiting = scope == .touched && waitingCount > 0 && !isSuggestionPass
        if looksForWaiting {
            var keys = Self.referenceKeys(of: payments)
            let marks = try matchingMarks()
            let booked = try invoicesBooked(after: marks.lastInvoice)
            // An invoice a decision paid since (an `assign`) may leave one payment of two under its key to place.
            let assigned = try database.prepare("""
                SELECT i.reference_key FROM decisions d JOIN invoices i ON i.id = d.invoice_id
                WHERE d.id > ? AND i.reference_key IS NOT NULL
                """)
            try assigned.bind([.integer(marks.lastDecision)])
            while try assigned.step() { keys.insert(try assigned.requiredText(0)) }
            try waiting(named: keys.union(booked.keys), documents: booked.creditNoteNumbers)
            // A reversal and its original under one archive id (a reversal may carry no reference, or arrive first):
            // the one still waiting is read with the one just booked, through the unique index.
            let sameArchiveId = try database.prepare("""
                SELECT id FROM payments WHERE account IS ? AND archive_id = ? AND reversal = ? AND status = 'unmatched'
                """)
            var partners: [Int64] = []
            for payment in payments where payment.isBooked {
                try sameArchiveId.bind([payment.account.sql, .text(payment.archiveId), .integer(payment.isReversal ? 0 : 1)])
                while try sameArchiveId.step() { partners.append(sameArchiveId.integer(0)) }
            }
            payments += try reader.read(partners.filter { read.insert($0).inserted })
        }
        input.priorPayments = isSuggestionPass ? [] : try reversiblePayments(for: payments)
        if looksForWaiting && !input.priorPayments.isEmpty {
            // A reversal reopens what its original paid: a payment that found that invoice settled pays it now.
            try waiting(named: try referenceKeys(ofInvoices: Set(input.priorPayments.flatMap { $0.allocations.map(\.invoiceId) })))
        }
        reader.sortInBookingOrder(&payments)
        input.payments = payments
        input.deferred = beyond
        input.bookedCreditNotes = try bookedCreditNotes(namedBy: input.payments)
        (input.openItems, input.holdsEveryOpenItem) = try openItems(for: input, everyOpen: scope == .everything, shared: shared)
        return input
    }

    /// The open items the suggestion pass asks for (`MatchingEngine.SuggestionLookups`) that `items` lacks: invoices by
    /// number and by key, in any state, and, besides `items`, up to one more open invoice than payments ask for each
    /// amount (one of `items` the pass paid owes no longer what the ledger says it owes).
    public func suggestionItems(
        for lookups: MatchingEngine.SuggestionLookups, besides items: [OpenItem]
    ) throws(LedgerError) -> [OpenItem] {
        // The ids in order, searched by halves: a big day's items are too many for a set of them.
        var given = items.map(\.id)
        given.sort()
        func has(_ id: Int64) -> Bool {
            let found = given.partitioningIndex { $0 >= id }
            return found < given.endIndex && given[found] == id
        }
        var names = Set<String>()
        let reader = try OpenItemReader(database: database, creditor: creditorBusinessId, excluding: has) { text in
            guard let text else { return nil }
            return names.insert(text).memberAfterInsert
        }
        for number in lookups.invoiceNumbers { try reader.collect(number: number) }
        for key in lookups.referenceKeys { try reader.collect(key: key) }
        for (currency, amounts) in lookups.amounts {
            for (amount, asking) in amounts { try reader.collect(open: amount, currency: currency, limit: asking + 1) }
        }
        return reader.takeRowsById()
    }

    /// Credit notes with credit left, through the index of balances that are not zero (credit left is negative), each
    /// with the invoices it may reduce: its own seller's invoice of the original number if booked, else its own
    /// seller's invoices under its key (another seller's invoice of one number or key is not its own).
    private func creditsToApply() throws(LedgerError) -> [CreditToApply] {
        let credits = try database.prepare("""
            SELECT i.id, i.seller_id, i.invoice_number, i.original_invoice_number, i.reference_key,
                -b.open AS remaining
            FROM balances b INDEXED BY balances_open_by_amount CROSS JOIN invoices i ON i.id = b.invoice_id
            WHERE b.open <> 0 AND b.open < 0 AND i.type = 'credit_note' ORDER BY i.id
            """)
        let (creditId, seller, creditNumber, original, creditKey, remaining) = (
            try credits.column("id"), try credits.column("seller_id"), try credits.column("invoice_number"),
            try credits.column("original_invoice_number"), try credits.column("reference_key"),
            try credits.column("remaining"))
        let byNumber = try database.prepare(
            "SELECT id FROM invoices WHERE seller_id = ? AND invoice_number = ? AND \(Self.isReceivable())")
        let byKey = try database.prepare(
            "SELECT id FROM invoices WHERE reference_key = ? AND seller_id = ? AND \(Self.isReceivable())")
        func ids(_ statement: borrowing Statement, _ values: [SQLValue]) throws(LedgerError) -> [Int64] {
            try statement.bind(values)
            var found: [Int64] = []
            while try statement.step() { found.append(statement.integer(0)) }
            return found
        }
        try credits.bind([])
        var rows: [CreditToApply] = []
        while try credits.step() {
            let sellerId = SQLValue.text(try credits.requiredText(seller))
            let (number, key) = (credits.text(original), credits.text(creditKey))
            var own: [Int64] = []
            if let number { own = try ids(byNumber, [sellerId, .text(number)]) }
            if own.isEmpty, let key { own = try ids(byKey, [.text(key), sellerId]) }
            rows.append(CreditToApply(
                id: credits.integer(creditId), creditNoteNumber: try credits.requiredText(creditNumber),
                originalInvoiceNumber: number, referenceKey: key, amount: credits.integer(remaining), invoiceIds: own))
        }
        return rows
    }

    /// The reference keys of the invoices and credit notes booked after invoice `last` (the last one a pass saw),
    /// with the invoices their credit notes name, and the credit notes' numbers.
    private func invoicesBooked(after last: Int64) throws(LedgerError) -> (keys: Set<String>, creditNoteNumbers: Set<String>) {
        let booked = try database.prepare(
            "SELECT reference_key, invoice_number, type, original_invoice_number FROM invoices WHERE id > ?")
        try booked.bind([.integer(last)])
        var keys = Set<String>()
        var numbers = Set<String>()
        var originals = Set<String>()
        while try booked.step() {
            if let key = booked.text(0) { keys.insert(key) }
            guard booked.text(2) == "credit_note" else { continue }
            numbers.insert(try booked.requiredText(1))
            if let original = booked.text(3) { originals.insert(original) }
        }
        let byNumber = try database.prepare("SELECT reference_key FROM invoices WHERE invoice_number = ? AND reference_key IS NOT NULL")
        for original in originals {
            try byNumber.bind([.text(original)])
            while try byNumber.step() { keys.insert(try byNumber.requiredText(0)) }
        }
        return (keys, numbers)
    }

    /// The reference keys `payments` name: their references' and their remittance blocks'.
    private static func referenceKeys(of payments: [PaymentToMatch]) -> Set<String> {
        var keys = Set<String>()
        for payment in payments {
            if let key = payment.reference?.matchingKey { keys.insert(key) }
            keys.formUnion(payment.parts.compactMap(\.referenceKey))
        }
        return keys
    }

    /// The reference keys of the invoices with these row ids.
    private func referenceKeys(ofInvoices ids: Set<Int64>) throws(LedgerError) -> Set<String> {
        let key = try database.prepare("SELECT reference_key FROM invoices WHERE id = ? AND reference_key IS NOT NULL")
        var keys = Set<String>()
        for id in ids {
            try key.bind([.integer(id)])
            if try key.step() { keys.insert(try key.requiredText(0)) }
        }
        return keys
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

    /// The payments in effect that a reversal among `payments` can name (none when there is no reversal), each with
    /// what it still has applied per invoice (its allocations less their undoing rows): looked up by the reversals'
    /// archive ids and by their reference keys and amounts, never by reading every matched payment. (Which of them a
    /// reversal may undo, by booking date, the engine decides: one read for a reversal is there for all of the pass's.)
    private func reversiblePayments(for payments: [PaymentToMatch]) throws(LedgerError) -> [PriorPayment] {
        let reversalTargets = ReversalTargets(of: payments)
        guard !reversalTargets.isEmpty else { return [] }
        // In effect: matched, or decided by a person to be refunded or ignored (which placed nothing, but the bank's
        // taking the money back must still be booked). An entry matching ignored (not booked, or returned) is none, and
        // so is outgoing money a person ignored: a reversal takes back a receipt.
        let inEffect = """
            reversal = 0 AND (status = 'matched' OR status = 'refunded' OR (status = 'ignored' AND direction = 'credit'
                AND EXISTS (SELECT 1 FROM decisions d WHERE d.payment_id = payments.id AND d.action = 'ignore')))
            """
        let byArchiveId = try database.prepare("SELECT id FROM payments WHERE archive_id = ? AND \(inEffect)")
        let byKey = try database.prepare(
            "SELECT id FROM payments WHERE reference_key = ? AND amount = ? AND \(inEffect)")
        var candidates = Set<Int64>()
        func collect(_ statement: borrowing Statement, _ values: [SQLValue]) throws(LedgerError) {
            try statement.bind(values)
            while try statement.step() { candidates.insert(statement.integer(0)) }
        }
        for payment in payments where payment.isReversal {
            try collect(byArchiveId, [.text(payment.archiveId)])
            if let key = payment.reference?.matchingKey, let amount = payment.amount {
                try collect(byKey, [.text(key), .integer(amount)])
            }
        }
        let prior = try database.prepare("""
            SELECT p.archive_id, p.account, p.reference, p.amount AS payment_amount, p.booking_date, p.sequence,
                   i.invoice_number, a.amount AS allocated, a.rule, i.id AS invoice_id, i.currency, a.pays_charges
            FROM payments p LEFT JOIN allocations a ON a.payment_id = p.id LEFT JOIN invoices i ON i.id = a.invoice_id
            WHERE p.id = ? ORDER BY a.id
            """)
        let (archiveColumn, accountColumn, referenceColumn, amountColumn, dateColumn, sequenceColumn) = (
            try prior.column("archive_id"), try prior.column("account"), try prior.column("reference"),
            try prior.column("payment_amount"), try prior.column("booking_date"), try prior.column("sequence"))
        let (numberColumn, allocatedColumn, ruleColumn, invoiceColumn, currencyColumn) = (
            try prior.column("invoice_number"), try prior.column("allocated"), try prior.column("rule"),
            try prior.column("invoice_id"), try prior.column("currency"))
        let chargesColumn = try prior.column("pays_charges")
        var found: [(sequence: Int64, payment: PriorPayment)] = []
        for id in candidates {
            try prior.bind([.integer(id)])
            var payment: PriorPayment?
            var sequence: Int64 = 0
            while try prior.step() {
                if payment == nil {
                    sequence = prior.integer(sequenceColumn)
                    payment = PriorPayment(
                        id: id, archiveId: try prior.requiredText(archiveColumn), account: prior.text(accountColumn),
                        referenceKey: prior.text(referenceColumn).flatMap { StatedReference(stated: $0)?.matchingKey },
                        amount: prior.integer(amountColumn), bookingDate: try prior.date(dateColumn), allocations: [])
                }
                // A payment refunded or ignored placed nothing: its one row has no allocation.
                guard prior.optionalInteger(invoiceColumn) != nil else { continue }
                let allocation = Allocation(
                    paymentId: id, invoiceId: prior.integer(invoiceColumn), invoiceNumber: try prior.requiredText(numberColumn),
                    currency: try prior.currency(currencyColumn), amount: prior.integer(allocatedColumn),
                    rule: MatchRule(rawValue: try prior.requiredText(ruleColumn)), paysCharges: prior.integer(chargesColumn) == 1)
                // An undoing row (or a second block's allocation) nets into the allocation to the same invoice.
                if let same = payment!.allocations.firstIndex(where: {
                    $0.invoiceId == allocation.invoiceId && $0.paysCharges == allocation.paysCharges
                }) {
                    let net = payment!.allocations[same]
                    payment!.allocations[same] = Allocation(
                        paymentId: id, invoiceId: net.invoiceId, invoiceNumber: net.invoiceNumber, currency: net.currency,
                        amount: net.amount + allocation.amount, rule: net.rule, paysCharges: net.paysCharges)
                } else {
                    payment!.allocations.append(allocation)
                }
            }
            guard var payment, reversalTargets.mayName(payment) else { continue }
            payment.allocations.removeAll { $0.amount <= 0 }
            found.append((sequence, payment))
        }
        return found.sorted { $0.sequence < $1.sequence }.map(\.payment)
    }

    /// The invoices the pass's payments name by key, settled ones too (a payment for a settled invoice is reported as
    /// such), and those its credit notes may reduce and its reversals' originals paid, by id; with `everyOpen`, or
    /// when there are more of them than open invoices (a big day), every open invoice as well, read in one pass, and
    /// only the rest looked up (settled invoices beside an open one under a key change nothing). Says whether every
    /// open invoice is in.
    private func openItems(
        for input: MatchingInput, everyOpen: Bool, shared: @escaping (String?) -> String?
    ) throws(LedgerError) -> (items: [OpenItem], everyOpen: Bool) {
        var keys = Self.referenceKeys(of: input.payments)
        var ids = Set(input.credits.flatMap(\.invoiceIds))
        for payment in input.priorPayments { ids.formUnion(payment.allocations.map(\.invoiceId)) }
        let reader = try OpenItemReader(
            database: database, creditor: creditorBusinessId, excluding: { _ in false }, shared: shared)
        let openCount = try scalar("SELECT count(*) FROM balances WHERE open <> 0")
        let readAll = everyOpen || keys.count + ids.count >= openCount
        if readAll {
            try reader.collectEveryOpen()
            keys.subtract(reader.rows.compactMap(\.referenceKey))
            ids.subtract(reader.rows.map(\.id))
        }
        for key in keys { try reader.collect(key: key) }
        for id in ids { try reader.collect(id: id) }
        return (reader.takeRowsById(), readAll)
    }

    /// Applies one matching pass in one transaction: allocations (with the rule and the run), undone allocations,
    /// every payment's new status, customer credits, and an audit row for each change. Ids are the ledger's row ids
    /// (as `matchingInput` gave them); audit rows name payments by archive id and credit notes by number. A result
    /// that names a row the ledger lacks, or undoes an allocation it does not hold, is refused whole. `seenThrough` is
    /// the input's `lastInvoice` and `lastDecision`: the next pass looks for waiting payments only under invoices booked,
    /// and invoices assigned to, after them.
    public func apply(
        _ result: MatchingEngine.Result, run: Int64, seenThrough marks: (lastInvoice: Int64, lastDecision: Int64)? = nil
    ) throws {
        try apply(result, run: run, seenThrough: marks, owed: .unchanged)
    }

    /// What a pass of a day's matching changes in the payments owed a suggestion (`payments_owing_suggestions`),
    /// in the transaction that applies it.
    enum OwedSuggestions {
        /// Nothing.
        case unchanged
        /// A part of a big day: it left these payments unmatched, and the suggestion passes after the parts owe them
        /// one.
        case owedTo([Int64])
        /// A day in one pass: it read these payments and gave those it left unmatched their suggestions.
        case madeFor([Int64])
    }

    /// `apply(_:run:seenThrough:)`, with what the pass changes in the payments owed a suggestion. A pass that read only
    /// what the day touches (`concernedBesides`: the payments it read) also owes one to each other waiting payment
    /// whose suggestion its changes, and the invoices and decisions since the marks, may alter
    /// (`oweSuggestionsConcerned`).
    func apply(
        _ result: MatchingEngine.Result, run: Int64, seenThrough marks: (lastInvoice: Int64, lastDecision: Int64)?,
        owed: OwedSuggestions, concernedBesides read: Set<Int64>? = nil
    ) throws {
        try database.transaction {
            let before = read == nil ? nil : try matchingMarks()
            switch owed {
            case .unchanged: break
            case .owedTo(let ids):
                let owing = try database.prepare("INSERT OR IGNORE INTO payments_owing_suggestions VALUES (?)")
                for id in ids { try owing.run([.integer(id)]) }
            case .madeFor(let ids): try forgetOwedSuggestions(ids)
            }
            if let marks {
                try database.prepare("""
                    UPDATE matching_marks SET last_invoice = max(last_invoice, ?), last_decision = max(last_decision, ?)
                    WHERE id = 1
                    """).run([.integer(marks.lastInvoice), .integer(marks.lastDecision)])
            }
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
            let kept = try KeptFigures(database: database)
            for allocation in result.creditAllocations {
                try insertCredit.run(Array(values(allocation).prefix(5)))
                try kept.allocated(allocation.amount, invoice: allocation.invoiceId, creditNote: allocation.paymentId)
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
                try kept.allocated(-allocation.amount, invoice: allocation.invoiceId, paysCharges: allocation.paysCharges)
                try auditRow(paymentAudit, "payment", allocation.paymentId, "undo",
                          "\(allocation.amount) from invoice \(allocation.invoiceNumber): reversed")
            }
            // After the undo rows, so that what a reversal gives back is back before new money is placed (the journal's
            // split of charges, live and when backfilled, reads what the invoice's income accounts already hold).
            for allocation in result.allocations {
                try insertPayment.run(values(allocation))
                try kept.allocated(allocation.amount, invoice: allocation.invoiceId, paysCharges: allocation.paysCharges)
                try auditRow(paymentAudit, "payment", allocation.paymentId, "allocate", detail(allocation))
            }
            // Only a payment whose outcome changed is updated, and audited when more than its suggestion changed: one
            // still unmatched, as before, is not (nor one given its suggestion after a big day's parts).
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
            let statusOf = try database.prepare("SELECT status, reason, unapplied, reverses FROM payments WHERE id = ?")
            // In row order, so that the table and its status index are walked once, front to back.
            for id in result.outcomes.keys.sorted() {
                let outcome = result.outcomes[id]!
                try statusOf.bind([.integer(id)])
                let found = try statusOf.step()
                let before = found ? statusOf.text(0) : nil
                let sameButSuggestion = found && before == outcome.status.rawValue
                    && statusOf.text(1) == outcome.reason?.rawValue && statusOf.optionalInteger(2) == outcome.unapplied
                    && statusOf.optionalInteger(3) == outcome.reverses
                let values: [SQLValue] = [
                    .text(outcome.status.rawValue), (outcome.reason?.rawValue).sql, .integer(outcome.unapplied),
                    (outcome.suggestion?.invoiceNumber).sql, (outcome.suggestion?.rule.rawValue).sql,
                    outcome.suggestion.map { .real($0.confidence) } ?? .null, outcome.reverses.sql, .integer(id),
                ]
                if outcome.reverses == nil { try update.run(values) } else { try updateReversal.run(values) }
                guard database.changes == 1, !sameButSuggestion else { continue }
                kept.payment(from: before, to: outcome.status.rawValue)
                try auditRow(paymentAudit, "payment", id, outcome.status.rawValue,
                          "reason \(outcome.reason?.rawValue ?? "-"), unapplied \(outcome.unapplied)")
            }
            try kept.save()
            try journal(result, run: run)
            if let read, let before { try oweSuggestionsConcerned(by: result, since: before, run: run, besides: read) }
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
        let reversals = result.outcomes.compactMap { id, outcome in outcome.status == .reversal ? (id, outcome.reverses) : nil }
        for case let (id, original?) in reversals.sorted(by: { $0.0 < $1.0 }) {
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

/// Reads payments to place: the ones not placed yet in one pass over the status index, the waiting ones a day's keys
/// name one by one; each with its remittance blocks, and puts them in booking order.
private final class PaymentReader {
    private let database: Database
    private let shared: (String?) -> String?
    private let byId: Statement
    private let partsOf: Statement
    private let waitingByKey: Statement
    private let waitingByPartKey: Statement
    private let waitingByDocument: Statement
    /// Each read payment's sequence (the order it was booked in), for `sortInBookingOrder`.
    private var order: [Int64: Int64] = [:]
    private static let columns = """
        SELECT id, account, archive_id, booking_date, amount, currency, direction, reversal, entry_status, return_reason,
               reference, remittance_text, payer_name, sequence
        FROM payments
        """

    init(database: Database, shared: @escaping (String?) -> String?) throws(LedgerError) {
        self.database = database
        self.shared = shared
        byId = try database.prepare(Self.columns + " p WHERE p.id = ?")
        partsOf = try database.prepare("""
            SELECT reference, amount, document_type, document_number FROM payment_parts WHERE payment_id = ? ORDER BY position
            """)
        waitingByKey = try database.prepare(
            "SELECT id FROM payments WHERE reference_key = ? AND reference_key IS NOT NULL AND status = 'unmatched'")
        waitingByPartKey = try database.prepare("""
            SELECT pp.payment_id FROM payment_parts pp JOIN payments p ON p.id = pp.payment_id
            WHERE pp.reference_key = ? AND pp.reference_key IS NOT NULL AND p.status = 'unmatched'
            """)
        waitingByDocument = try database.prepare("""
            SELECT pp.payment_id FROM payment_parts pp JOIN payments p ON p.id = pp.payment_id
            WHERE pp.document_number = ? AND pp.document_number IS NOT NULL AND p.status = 'unmatched'
            """)
    }

    /// The unmatched payments whose reference or a remittance block's is one of `keys`, or whose block names one of
    /// the credit notes `documentNumbers`: read from every unmatched payment (fewer than the keys).
    func everyWaitingId(namedBy keys: Set<String>, documentNumbers: Set<String>) throws(LedgerError) -> [Int64] {
        var ids = Set<Int64>()
        let waiting = try database.prepare("SELECT id, reference_key FROM payments WHERE status = 'unmatched'")
        try waiting.bind([])
        while try waiting.step() {
            if let key = waiting.text(1), keys.contains(key) { ids.insert(waiting.integer(0)) }
        }
        let parts = try database.prepare("""
            SELECT pp.payment_id, pp.reference_key, pp.document_number FROM payment_parts pp
            JOIN payments p ON p.id = pp.payment_id WHERE p.status = 'unmatched'
            """)
        try parts.bind([])
        while try parts.step() {
            if let key = parts.text(1), keys.contains(key) { ids.insert(parts.integer(0)) }
            if let number = parts.text(2), documentNumbers.contains(number) { ids.insert(parts.integer(0)) }
        }
        return ids.sorted()
    }

    /// The unmatched payments whose reference or a remittance block's is one of `keys`, or whose block names one of
    /// the credit notes `documentNumbers`: looked up key by key.
    func waitingIds(keys: Set<String>, documentNumbers: Set<String>) throws(LedgerError) -> [Int64] {
        var ids = Set<Int64>()
        func collect(_ statement: borrowing Statement, _ value: String) throws(LedgerError) {
            try statement.bind([.text(value)])
            while try statement.step() { ids.insert(statement.integer(0)) }
        }
        for key in keys {
            try collect(waitingByKey, key)
            try collect(waitingByPartKey, key)
        }
        for number in documentNumbers { try collect(waitingByDocument, number) }
        return ids.sorted()
    }

    /// The payments not placed yet (`pending`), with `alsoWaiting` the unmatched ones too: one pass over the status
    /// index for the payments and one for their remittance blocks (most payments have none).
    func readNotPlaced(alsoWaiting: Bool) throws(LedgerError) -> [PaymentToMatch] {
        let status = alsoWaiting ? "(p.status = 'pending' OR p.status = 'unmatched')" : "p.status = 'pending'"
        let parts = try database.prepare("""
            SELECT pp.payment_id, pp.reference, pp.amount, pp.document_type, pp.document_number
            FROM payment_parts pp JOIN payments p ON p.id = pp.payment_id WHERE \(status) ORDER BY pp.payment_id, pp.position
            """)
        try parts.bind([])
        var blocks: [Int64: [PaymentToMatch.RemittanceBlock]] = [:]
        while try parts.step() {
            blocks[parts.integer(0), default: []].append(try Self.block(parts, from: 1))
        }
        let statement = try database.prepare(Self.columns + " p WHERE \(status)")
        let columns = try Columns(statement)
        try statement.bind([])
        // Reserved to the count: grown by doubling, a big day's array would be up to twice what it holds.
        var payments: [PaymentToMatch] = []
        let count = try database.prepare("SELECT count(*) FROM payments p WHERE \(status)")
        try count.bind([])
        if try count.step() { payments.reserveCapacity(Int(count.integer(0))) }
        while try statement.step() {
            payments.append(try payment(statement, columns, blocks: blocks[statement.integer(columns.id)] ?? []))
        }
        return payments
    }

    /// The first `count` payments not placed yet in booking order after `after`, through the index that keeps them in
    /// that order (an entry the bank has not booked stays there, before and after its part: it is passed over), with
    /// where the last one is, or nil when no other comes after it.
    func readNotPlaced(_ count: Int, after: Ledger.BookingPosition?) throws(LedgerError)
        -> ([PaymentToMatch], last: Ledger.BookingPosition?)
    {
        let inOrder = try database.prepare("""
            SELECT id, booking_date, sequence FROM payments INDEXED BY payments_pending_in_order
            WHERE status = 'pending' ORDER BY booking_date, sequence, id
            """)
        try inOrder.bind([])
        var ids: [Int64] = []
        var last: Ledger.BookingPosition?
        var more = false
        while try inOrder.step() {
            let position = Ledger.BookingPosition(
                date: try inOrder.date(1), sequence: inOrder.integer(2), id: inOrder.integer(0))
            guard after.map({ $0 < position }) ?? true else { continue }
            guard ids.count < count else {
                more = true
                break
            }
            ids.append(position.id)
            last = position
        }
        return (try read(ids), more ? last : nil)
    }

    /// Where `payment` (read by this reader) is in booking order.
    func position(of payment: PaymentToMatch) -> Ledger.BookingPosition {
        Ledger.BookingPosition(date: payment.bookingDate, sequence: order[payment.id]!, id: payment.id)
    }

    /// Those of `ids` that are still unmatched.
    func stillWaiting(_ ids: [Int64]) throws(LedgerError) -> [Int64] {
        let status = try database.prepare("SELECT 1 FROM payments WHERE id = ? AND status = 'unmatched'")
        var waiting: [Int64] = []
        for id in ids {
            try status.bind([.integer(id)])
            if try status.step() { waiting.append(id) }
        }
        return waiting
    }

    /// The payments with these row ids, each with its remittance blocks.
    func read(_ ids: [Int64]) throws(LedgerError) -> [PaymentToMatch] {
        let columns = try Columns(byId)
        var payments: [PaymentToMatch] = []
        payments.reserveCapacity(ids.count)
        for row in ids {
            try byId.bind([.integer(row)])
            guard try byId.step() else { throw LedgerError(code: 0, message: "payment \(row) is not in the ledger") }
            var blocks: [PaymentToMatch.RemittanceBlock] = []
            try partsOf.bind([.integer(row)])
            while try partsOf.step() { blocks.append(try Self.block(partsOf, from: 0)) }
            payments.append(try payment(byId, columns, blocks: blocks))
        }
        return payments
    }

    /// Where `columns`' values are in a statement's rows.
    private struct Columns {
        let id, account, archiveId, bookingDate, amount, currency, direction, reversal, entryStatus, returnReason: Int32
        let reference, remittanceText, payerName, sequence: Int32

        init(_ statement: borrowing Statement) throws(LedgerError) {
            (id, account, archiveId, bookingDate, amount, currency, direction, reversal, entryStatus, returnReason) = (
                try statement.column("id"), try statement.column("account"), try statement.column("archive_id"),
                try statement.column("booking_date"), try statement.column("amount"), try statement.column("currency"),
                try statement.column("direction"), try statement.column("reversal"), try statement.column("entry_status"),
                try statement.column("return_reason"))
            (reference, remittanceText, payerName, sequence) = (
                try statement.column("reference"), try statement.column("remittance_text"), try statement.column("payer_name"),
                try statement.column("sequence"))
        }
    }

    /// A remittance block from the four columns starting at `first`: reference, amount, document type and number.
    private static func block(_ statement: borrowing Statement, from first: Int32) throws(LedgerError)
        -> PaymentToMatch.RemittanceBlock
    {
        (statement.text(first).flatMap { StatedReference(stated: $0) }, statement.optionalInteger(first + 1),
         statement.text(first + 2), statement.text(first + 3))
    }

    /// The payment on the statement's current row, remembered for `sortInBookingOrder`.
    private func payment(
        _ row: borrowing Statement, _ columns: Columns, blocks: [PaymentToMatch.RemittanceBlock]
    ) throws(LedgerError) -> PaymentToMatch {
        let id = row.integer(columns.id)
        guard let moneyDirection = try row.decoded(columns.direction, as: Payment.Direction.self) else {
            throw LedgerError(code: 0, message: "payment \(id) has no direction")
        }
        order[id] = row.integer(columns.sequence)
        return PaymentToMatch(
            id: id, archiveId: try row.requiredText(columns.archiveId), account: shared(row.text(columns.account)),
            bookingDate: try row.date(columns.bookingDate), amount: row.optionalInteger(columns.amount), currency: try row.currency(columns.currency),
            direction: moneyDirection, isReversal: row.integer(columns.reversal) == 1,
            entryStatus: Payment.EntryStatus(storedName: try row.requiredText(columns.entryStatus)),
            returnReason: row.text(columns.returnReason),
            reference: row.text(columns.reference).flatMap { StatedReference(stated: $0) },
            remittanceBlocks: blocks, remittanceText: row.text(columns.remittanceText),
            payerName: shared(row.text(columns.payerName)))
    }

    /// Puts `payments` (read by this reader) in booking date order (none first, as SQLite orders NULL), then in the
    /// order the bank reported them: in place, as a big day's payments are many.
    func sortInBookingOrder(_ payments: inout [PaymentToMatch]) {
        payments.sort { left, right in
            guard left.bookingDate == right.bookingDate else {
                guard let leftDay = left.bookingDate else { return true }
                return right.bookingDate.map { leftDay < $0 } ?? false
            }
            return order[left.id]! < order[right.id]!
        }
    }
}

/// Reads invoices as open items by key, by number, by what they owe, or every open one, each invoice once.
private final class OpenItemReader {
    /// The columns of an item; the statements' first parameter is the creditor's business ID (or NULL).
    private static let columns = """
        SELECT r.id, r.invoice_number, r.reference_key, r.currency, r.due_date, c.name, r.open, r.charges,
            \(Ledger.isAnotherSellers("r", creditorParameter: "?1")) AS another_sellers
        FROM receivables r JOIN customers c ON c.id = r.customer_id
        """
    private let database: Database
    private let creditor: SQLValue
    private let shared: (String?) -> String?
    private let byKey: Statement
    private let byNumber: Statement
    private let byId: Statement
    private let byOpen: Statement
    private let excluded: (Int64) -> Bool
    private var seen: Set<Int64> = []
    private(set) var rows: [OpenItem] = []

    /// A reader that passes over the invoices `excluding` says the caller has; with a `creditor`, it tells which items
    /// another seller issued (an invoice that names no seller is taken as the creditor's).
    init(
        database: Database, creditor: String?, excluding: @escaping (Int64) -> Bool,
        shared: @escaping (String?) -> String?
    ) throws(LedgerError) {
        self.database = database
        self.creditor = creditor.sql
        self.shared = shared
        excluded = excluding
        byKey = try database.prepare(Self.columns + " WHERE r.reference_key = ?2")
        byNumber = try database.prepare(Self.columns + " WHERE r.invoice_number = ?2")
        byId = try database.prepare(Self.columns + " WHERE r.id = ?2")
        // Through the index of balances that are not zero; no limit here: `collect(open:)` counts only the invoices
        // the caller does not have. Another seller's are never suggested: they would take the places that tell
        // whether more than one fits.
        byOpen = try database.prepare(Self.columns + " WHERE r.open = ?2 AND r.open <> 0 AND r.currency = ?3 AND NOT "
            + Ledger.isAnotherSellers("r", creditorParameter: "?1"))
    }

    /// The rows read, by row id, sorted in place (a big day's are too many to copy); the reader then holds none.
    func takeRowsById() -> [OpenItem] {
        var taken: [OpenItem] = []
        swap(&taken, &rows)
        taken.sort { $0.id < $1.id }
        return taken
    }

    func collect(key: String) throws(LedgerError) { try collect(byKey, [.text(key)]) }

    func collect(number: String) throws(LedgerError) { try collect(byNumber, [.text(number)]) }

    func collect(id: Int64) throws(LedgerError) { try collect(byId, [.integer(id)]) }

    /// Up to `limit` open invoices in `currency` owing exactly `open`, besides those the caller has (`excluding`):
    /// what the caller's own owe now it knows, and one it has paid must not take the place of one still open.
    func collect(open: Int64, currency: Currency, limit: Int) throws(LedgerError) {
        try collect(byOpen, [.integer(open), .text(currency.code)], limit: limit)
    }

    /// Every invoice that owes something (or is owed: an invoice credited beyond what it owed), principal or charges: an
    /// invoice owing only its reminders' charges is paid by a payment under its key too, so the caller, which looks up
    /// only the keys no row read here has, must have it.
    func collectEveryOpen() throws(LedgerError) {
        try collect(try database.prepare(Self.columns + " WHERE r.open <> 0 OR r.charges <> 0"), [])
    }

    /// Reads the rows of `statement`, those the caller has passed over; with a `limit`, stops after that many of the
    /// others (read now or before).
    private func collect(
        _ statement: borrowing Statement, _ values: [SQLValue], limit: Int = .max
    ) throws(LedgerError) {
        let (id, number, key, currency, due, name, open) = (
            try statement.column("id"), try statement.column("invoice_number"), try statement.column("reference_key"),
            try statement.column("currency"), try statement.column("due_date"), try statement.column("name"),
            try statement.column("open"))
        let (charges, anotherSellers) = (try statement.column("charges"), try statement.column("another_sellers"))
        try statement.bind([creditor] + values)
        var found = 0
        while found < limit, try statement.step() {
            guard !excluded(statement.integer(id)) else { continue }
            found += 1
            guard seen.insert(statement.integer(id)).inserted else { continue }
            rows.append(OpenItem(
                id: statement.integer(id), invoiceNumber: try statement.requiredText(number), referenceKey: statement.text(key),
                currency: try statement.currency(currency), dueDate: try statement.date(due),
                customerName: shared(statement.text(name)), open: statement.integer(open),
                charges: statement.integer(charges),
                isAnotherSellers: statement.integer(anotherSellers) == 1))
        }
    }
}
