public import Dunning
public import Receivables

/// Why a hold was refused or could not be released: an unknown invoice, customer or hold, a plan without
/// instalments, instalments on a hold that is no plan, dates in the wrong order. Nothing was changed.
public struct HoldError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Holds (docs/dunning.md): what stops the dunning ladder for one invoice or all of a customer's, by the run's as-of
/// date. Every change of a hold's status is audited (entity `hold`, key its id).
extension Ledger {
    /// A hold a run ended, and why.
    public struct EndedHold: Sendable, Equatable {
        /// The hold as it is now (status `ended`).
        public let hold: HoldView
        /// `instalment of 2026-12-01 missed`, or `until 2026-12-31 passed`.
        public let reason: String
        /// Whether a payment plan ended because an instalment was missed (not because its time ran out).
        public let isBrokenPlan: Bool
    }

    /// Records a hold, in one transaction with its audit row.
    ///
    /// A request naming an unknown invoice or customer (or both, when the invoice is not that customer's), a plan
    /// without instalments, instalments on a hold that is no plan, `from` after `until`, or an instalment outside
    /// the plan's dates or of nothing, is refused and changes nothing. A plan covers invoices in euros only. A plan
    /// without `from` begins on the ledger's day: the as-of date of `run`, else of the latest run.
    /// - Parameters:
    ///   - request: What was asked for.
    ///   - source: Who asked: `saatava hold`, or the holds CSV's name.
    ///   - run: The run applying it (a holds CSV), or nil (the command line).
    /// - Returns: The hold as the `holds` view shows it.
    /// - Throws: `HoldError` for a refusal, `LedgerError` for a fault.
    public func addHold(_ request: HoldRequest, source: String, run: Int64?) throws -> HoldView {
        try database.transaction {
            let isPlan = request.kind == .plan
            var invoiceID: Int64?
            var customerID: Int64?
            let covered: String
            if let number = request.invoiceNumber {
                switch try receivable(numbered: number) {
                case .none: throw HoldError(description: "there is no invoice \(number)")
                case .several:
                    throw HoldError(description: "invoice number \(number) names invoices of several sellers: "
                        + "hold the customer instead")
                case .one(let id): invoiceID = id
                }
                let find = try database.prepare("""
                    SELECT r.currency, c.key FROM receivables r JOIN customers c ON c.id = r.customer_id WHERE r.id = ?
                    """)
                try find.bind([invoiceID.sql])
                guard try find.step() else { throw LedgerError(code: 0, message: "invoice \(number) vanished") }
                let invoiceCurrency = try find.currency(0)
                let owner = try find.requiredText(1)
                if let customer = request.customerId, customer != owner {
                    throw HoldError(description: "invoice \(number) is customer \(owner)'s, not \(customer)'s")
                }
                if isPlan && invoiceCurrency != .euro {
                    throw HoldError(
                        description: "invoice \(number) is in \(invoiceCurrency.code): a payment plan is in euros")
                }
                covered = "invoice \(number)"
            } else if let typed = request.customerId {
                let key = Customer.bookedKey(typed)
                let find = try database.prepare("""
                    SELECT c.id,
                        (SELECT r.currency FROM receivables r
                            WHERE r.customer_id = c.id AND r.currency <> 'EUR' LIMIT 1) AS other_currency
                    FROM customers c WHERE c.key = ?
                    """)
                let (id, otherCurrency) = (try find.column("id"), try find.column("other_currency"))
                try find.bind([.text(key)])
                guard try find.step() else { throw HoldError(description: "there is no customer \(key)") }
                customerID = find.integer(id)
                if isPlan, let code = find.text(otherCurrency) {
                    throw HoldError(description: "customer \(key) has invoices in \(code): a payment plan is in euros")
                }
                covered = "customer \(key)"
            } else {
                throw HoldError(description: "a hold names the invoice or the customer it covers")
            }
            if let from = request.from, let until = request.until, until < from {
                throw HoldError(
                    description: "the \(request.kind.rawValue) would end on \(until), before it begins on \(from)")
            }
            guard isPlan || request.instalments.isEmpty else {
                throw HoldError(description: "a \(request.kind.rawValue) has no instalments: only a plan does")
            }
            guard !isPlan || !request.instalments.isEmpty else {
                throw HoldError(description: "a payment plan needs its instalments")
            }
            var from = request.from
            if isPlan && from == nil {
                let day = try database.prepare(
                    "SELECT coalesce((SELECT as_of FROM runs WHERE id = ?), (SELECT max(as_of) FROM runs)) AS day")
                try day.bind([run.sql])
                from = try day.step() ? try day.date(try day.column("day")) : nil
                guard from != nil else { throw HoldError(description: "a payment plan needs the day it begins (from)") }
            }
            let instalments = request.instalments.sorted { $0.date < $1.date }
            for (index, instalment) in instalments.enumerated() {
                guard instalment.amount > 0 else {
                    throw HoldError(description: "the instalment of \(instalment.date) is of nothing: "
                        + "an instalment is more than zero")
                }
                if index > 0 && instalments[index - 1].date == instalment.date {
                    throw HoldError(description: "two instalments fall on \(instalment.date): one a day")
                }
                if let from, instalment.date < from {
                    throw HoldError(
                        description: "the instalment of \(instalment.date) falls before the plan begins on \(from)")
                }
                if let until = request.until, until < instalment.date {
                    throw HoldError(
                        description: "the instalment of \(instalment.date) falls after the plan ends on \(until)")
                }
            }
            try database.prepare("""
                INSERT INTO holds (invoice_id, customer_id, kind, from_date, until_date, note, status, run_id, source)
                VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)
                """).run([
                    invoiceID.sql, customerID.sql, .text(request.kind.rawValue), (from?.description).sql,
                    (request.until?.description).sql, request.note.sql, run.sql, .text(source),
                ])
            let id = database.lastInsertedRowID
            let insert = try database.prepare(
                "INSERT INTO hold_instalments (hold_id, position, due_date, amount) VALUES (?, ?, ?, ?)")
            for (index, instalment) in instalments.enumerated() {
                try insert.run([.integer(id), .integer(Int64(index + 1)), .text(instalment.date.description),
                                .integer(instalment.amount)])
            }
            try auditHold(
                id, "active", "\(request.kind.rawValue) on \(covered) added by \(source)", note: request.note, run: run)
            return try holdView(id)
        }
    }

    /// Releases an active hold (a person lifts it), in one transaction with its audit row. An unknown hold, or one
    /// already released or ended, is refused.
    /// - Parameters:
    ///   - id: The hold's id in the `holds` view.
    ///   - note: Why, kept in the audit trail.
    ///   - timestamp: Now, as the hold's `released_at`.
    ///   - source: Who released it: `saatava hold`, or the holds CSV's name.
    ///   - run: The run applying it (a holds CSV), or nil.
    /// - Returns: The hold as it is now.
    /// - Throws: `HoldError` for a refusal, `LedgerError` for a fault.
    public func releaseHold(
        _ id: Int64, note: String?, at timestamp: String, source: String, run: Int64?
    ) throws -> HoldView {
        try database.transaction {
            let find = try database.prepare("SELECT status FROM holds WHERE id = ?")
            let status = try find.column("status")
            try find.bind([.integer(id)])
            guard try find.step() else { throw HoldError(description: "there is no hold \(id)") }
            let current = try find.decoded(status, as: HoldStatus.self)
            guard current == .active else {
                throw HoldError(description: "hold \(id) is \(current?.rawValue ?? "without a status") already: "
                    + "only an active hold is released")
            }
            try database.prepare("UPDATE holds SET status = 'released', released_at = ? WHERE id = ?")
                .run([.text(timestamp), .integer(id)])
            try auditHold(id, "released", "released by \(source)", note: note, run: run)
            return try holdView(id)
        }
    }

    /// Every hold, in id order (the `holds` view).
    public func holdViews() throws(LedgerError) -> [HoldView] {
        try holdViews(where: "", [])
    }

    /// The SQL condition that hold `h` is in effect on the day `day` (an SQL expression): active, from its `from`
    /// through its `until`, a plan also past its `until` (a run ends it once its last instalment can be judged: see
    /// `holdsInEffect(on:)`, which tells that day exactly).
    static func holdInEffect(_ h: String, on day: String) -> String {
        "\(h).status = 'active' AND (\(h).from_date IS NULL OR \(h).from_date <= \(day)) "
            + "AND (\(h).until_date IS NULL OR \(h).until_date >= \(day) OR \(h).kind = 'plan')"
    }

    /// The holds in effect on a day: active, and the day within their `from` and last day (`HoldView.lastDay`:
    /// `until`, or for a plan until its last instalment can be judged), inclusive. By the run's as-of date, never the
    /// wall clock. A plan whose instalment was missed is in effect until `endBrokenPlans` ends it: call that first.
    public func holdsInEffect(on day: LocalDate) throws(LedgerError) -> [HoldView] {
        try holdViews(where: "WHERE " + Self.holdInEffect("h", on: "?1"), [.text(day.description)])
            .filter { $0.isInEffect(on: day) }
    }

    /// Ends, as of a day, every active plan with a missed instalment, and every active hold past its last day in
    /// effect; returns the holds it ended. See `endHolds(asOf:run:)`.
    public func endBrokenPlans(asOf day: LocalDate, run: Int64? = nil) throws -> [HoldView] {
        try endHolds(asOf: day, run: run).map(\.hold)
    }

    /// Ends, as of a day, in one transaction with an audit row each: every active plan with a missed instalment
    /// (reason `instalment of DATE missed`), and every other active hold whose last day in effect (its `until`; for a
    /// plan no sooner than its last instalment can be judged) is before the day (`until DATE passed`).
    ///
    /// An instalment of date D is missed when, once a payment made on D can be known, the payments booked from the
    /// plan's `from` through the day such a payment is booked (`PaymentTiming`; by booking date; what reversals undid
    /// does not count; credit notes are no payment) applied to the invoices the plan covers add up to less than the
    /// plan's instalments of D and before, and those invoices still owe money. Not while money `waiting` (received
    /// and not placed, or pending at the bank) may pay one of those invoices: the accountant places it first, and an
    /// instalment paid without its reference then counts by its booking date. docs/ledger.md states the rule.
    /// - Parameter waiting: Reads the money waiting; called once, and only when a plan has missed an instalment (a
    ///   growing backlog's waiting payments are many, and most days no plan misses one).
    /// - Returns: The holds ended, in id order, with why.
    public func endHolds(
        asOf day: LocalDate, run: Int64?,
        waiting: () throws(LedgerError) -> PaymentsWaiting = { PaymentsWaiting() }
    ) throws -> [EndedHold] {
        try database.transaction {
            var ended: [EndedHold] = []
            var waitingRead: PaymentsWaiting?
            for hold in try holdViews(where: "WHERE h.status = 'active'", []) {
                let reason: String
                var missed = hold.kind == .plan ? try missedInstalment(of: hold, asOf: day) : nil
                if missed != nil {
                    let money = try waitingRead ?? waiting()
                    waitingRead = money
                    if try mayPayACoveredInvoice(hold, money) { missed = nil }
                }
                if let missed {
                    reason = "instalment of \(missed) missed"
                } else if let until = hold.until, let lastDay = hold.lastDay, lastDay < day {
                    reason = "until \(until) passed"
                } else {
                    continue
                }
                try database.prepare("UPDATE holds SET status = 'ended' WHERE id = ?").run([.integer(hold.id)])
                try auditHold(hold.id, "ended", "ended as of \(day): \(reason)", note: nil, run: run)
                ended.append(EndedHold(hold: try holdView(hold.id), reason: reason, isBrokenPlan: missed != nil))
            }
            return ended
        }
    }

    // MARK: Helpers

    /// The first instalment of a plan that is missed as of `day`, if any (the rule: `endHolds`). An instalment is
    /// judged once a payment made on its date can be known, by the payments booked by the day such a payment is
    /// (`PaymentTiming`): a Saturday's instalment paid on the Monday is in time.
    private func missedInstalment(of plan: HoldView, asOf day: LocalDate) throws(LedgerError) -> LocalDate? {
        let due = plan.instalments.filter { PaymentTiming.firstDayKnowing(paymentOn: $0.date) <= day }
            .sorted { $0.date < $1.date }
        guard let last = due.last else { return nil }
        // The invoices the plan covers: its invoice, or every invoice of its customer in euros, as the plan is (a
        // customer given invoices in another currency after the plan began: their payments pay no instalment).
        let covered = """
            SELECT h.invoice_id FROM holds h WHERE h.id = ?1 AND h.invoice_id IS NOT NULL
            UNION ALL SELECT i.id FROM holds h JOIN invoices i ON i.customer_id = h.customer_id
                WHERE h.id = ?1 AND i.currency = 'EUR'
            """
        let payments = try database.prepare("""
            SELECT coalesce(p.booking_date, r.as_of) AS day, sum(a.amount) AS amount
            FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN runs r ON r.id = a.run_id
            WHERE a.invoice_id IN (\(covered)) AND coalesce(p.booking_date, r.as_of) >= ?2
                AND coalesce(p.booking_date, r.as_of) <= ?3
            GROUP BY 1 ORDER BY 1
            """)
        let (paidOn, paidAmount) = (try payments.column("day"), try payments.column("amount"))
        try payments.bind([
            .integer(plan.id), .text(plan.from?.description ?? "0000-00-00"),
            .text(PaymentTiming.bookedBy(paymentOn: last.date).description),
        ])
        var paid: [(day: LocalDate, amount: Int64)] = []
        while try payments.step() {
            guard let date = try payments.date(paidOn) else { continue }
            paid.append((date, payments.integer(paidAmount)))
        }
        var paidSoFar: Int64 = 0
        var dueSoFar: Int64 = 0
        var next = paid.startIndex
        var missed: LocalDate?
        for instalment in due {
            let bookedBy = PaymentTiming.bookedBy(paymentOn: instalment.date)
            while next < paid.endIndex && paid[next].day <= bookedBy {
                paidSoFar += paid[next].amount
                next += 1
            }
            dueSoFar += instalment.amount
            if paidSoFar < dueSoFar {
                missed = instalment.date
                break
            }
        }
        guard let missed else { return nil }
        // Nothing owed any more (a credit note, an early payment in full): there is nothing left to miss.
        let open = try database.prepare(
            "SELECT coalesce(sum(open), 0) AS open FROM receivables WHERE id IN (\(covered))")
        let owed = try open.column("open")
        try open.bind([.integer(plan.id)])
        return try open.step() && open.integer(owed) > 0 ? missed : nil
    }

    /// Whether money `waiting` may pay an invoice `plan` covers (`PaymentsWaiting.mayPay`, dunning's rule).
    private func mayPayACoveredInvoice(_ plan: HoldView, _ waiting: PaymentsWaiting) throws(LedgerError) -> Bool {
        let covered = try database.prepare("""
            SELECT i.reference_key, i.invoice_number, c.key FROM holds h
                JOIN invoices i ON i.id = h.invoice_id OR (h.invoice_id IS NULL AND i.customer_id = h.customer_id)
                JOIN customers c ON c.id = i.customer_id
            WHERE h.id = ? AND \(Self.isReceivable("i"))
            """)
        try covered.bind([.integer(plan.id)])
        while try covered.step() {
            if waiting.mayPay(referenceKey: covered.text(0), invoiceNumber: try covered.requiredText(1),
                              customer: try covered.requiredText(2)) {
                return true
            }
        }
        return false
    }

    /// One hold as the view shows it.
    private func holdView(_ id: Int64) throws(LedgerError) -> HoldView {
        guard let view = try holdViews(where: "WHERE h.id = ?1", [.integer(id)]).first else {
            throw LedgerError(code: 0, message: "hold \(id) is not in the ledger")
        }
        return view
    }

    /// The holds a `WHERE` clause over `holds h` selects, in id order, each with its instalments. An invoice's hold
    /// shows the invoice's customer too.
    private func holdViews(where filter: String, _ values: [SQLValue]) throws(LedgerError) -> [HoldView] {
        let statement = try database.prepare("""
            SELECT h.id, i.invoice_number, coalesce(c.key, ic.key) AS customer_key, h.kind, h.from_date, h.until_date,
                h.status, h.note
            FROM holds h LEFT JOIN invoices i ON i.id = h.invoice_id LEFT JOIN customers ic ON ic.id = i.customer_id
                LEFT JOIN customers c ON c.id = h.customer_id
            \(filter) ORDER BY h.id
            """)
        let instalments = try database.prepare(
            "SELECT due_date, amount FROM hold_instalments WHERE hold_id = ? ORDER BY position")
        let (id, number, customer, kind, from, until, status, note) = (
            try statement.column("id"), try statement.column("invoice_number"), try statement.column("customer_key"),
            try statement.column("kind"), try statement.column("from_date"), try statement.column("until_date"),
            try statement.column("status"), try statement.column("note"))
        let (dueDate, amount) = (try instalments.column("due_date"), try instalments.column("amount"))
        try statement.bind(values)
        var views: [HoldView] = []
        while try statement.step() {
            let holdID = statement.integer(id)
            guard let holdKind = try statement.decoded(kind, as: HoldKind.self),
                let holdStatus = try statement.decoded(status, as: HoldStatus.self)
            else {
                throw LedgerError(code: 0, message: "hold \(holdID) has no kind or no status")
            }
            try instalments.bind([.integer(holdID)])
            var plan: [HoldView.Instalment] = []
            while try instalments.step() {
                guard let date = try instalments.date(dueDate) else {
                    throw LedgerError(code: 0, message: "an instalment of hold \(holdID) has no date")
                }
                plan.append(HoldView.Instalment(date: date, amount: instalments.integer(amount)))
            }
            views.append(HoldView(
                id: holdID, invoiceNumber: statement.text(number), customerId: statement.text(customer), kind: holdKind,
                from: try statement.date(from), until: try statement.date(until), instalments: plan, status: holdStatus,
                note: statement.text(note)))
        }
        return views
    }

    /// An audit row for a hold's change of status (`active` when added, `released`, `ended`).
    private func auditHold(
        _ id: Int64, _ action: String, _ detail: String, note: String?, run: Int64?
    ) throws(LedgerError) {
        try database.prepare(
            "INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (?, 'hold', ?, ?, ?)"
        ).run([run.sql, .text(String(id)), .text(action), .text(detail + (note.map { ": \($0)" } ?? ""))])
    }
}
