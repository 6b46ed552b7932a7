public import Receivables

/// Which of the config's accounts a journal line is on (the `role` column): the balance checks read roles, so that
/// they hold whatever numbers the accounts had when a line was written.
enum JournalRole: String {
    case receivables, bank, advances, feeIncome, interestIncome, compensationIncome, refundsPayable

    func account(in accounts: JournalAccounts) -> String {
        switch self {
        case .receivables: accounts.receivables
        case .bank: accounts.bank
        case .advances: accounts.advances
        case .feeIncome: accounts.feeIncome
        case .interestIncome: accounts.interestIncome
        case .compensationIncome: accounts.compensationIncome
        case .refundsPayable: accounts.refundsPayable
        }
    }
}

/// Writes journal lines inside the transaction of the money rows that cause them (docs/journal.md). Each `voucher`
/// call starts a voucher; the lines written until the next one belong to it and balance.
final class JournalWriter {
    let accounts: JournalAccounts
    private let insert: Statement
    private let lastLine: Statement
    private let run: Int64?
    private let firstRun: Int64
    private var voucherID: Int64 = 0

    /// - Parameter run: The run booking the lines; nil for `saatava resolve`, whose lines go to the next run's journal.
    init(database: Database, accounts: JournalAccounts, run: Int64?) throws(LedgerError) {
        self.accounts = accounts
        self.run = run
        insert = try database.prepare("""
            INSERT INTO journal_lines (voucher, first_run, run_id, role, account, debit, credit, currency, payment_id,
                invoice_id, source, memo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        lastLine = try database.prepare("SELECT coalesce(max(id), 0) FROM journal_lines")
        if let run {
            firstRun = run
        } else {
            let latest = try database.prepare("SELECT coalesce(max(id), 0) FROM runs")
            try latest.bind([])
            firstRun = (try latest.step() ? latest.integer(0) : 0) + 1
        }
    }

    /// Starts a voucher: the lines written next share it.
    func voucher() throws(LedgerError) {
        try lastLine.bind([])
        voucherID = (try lastLine.step() ? lastLine.integer(0) : 0) + 1
    }

    /// One line: `amount` > 0 is a debit, < 0 a credit, 0 writes nothing.
    func line(
        _ role: JournalRole, account: String? = nil, _ amount: Int64, currency: Currency, payment: Int64?, invoice: Int64?,
        source: String, memo: String
    ) throws(LedgerError) {
        guard amount != 0 else { return }
        try insert.run([
            .integer(voucherID), .integer(firstRun), run.sql, .text(role.rawValue), .text(account ?? role.account(in: accounts)),
            .integer(max(amount, 0)), .integer(max(-amount, 0)), .text(currency.code), payment.sql, invoice.sql, .text(source),
            .text(memo),
        ])
    }

    /// A voucher of two lines: `amount` debited to `debit` and credited to `credit` (the other way round when negative).
    func post(
        _ amount: Int64, debit: JournalRole, debitAccount: String? = nil, credit: JournalRole, creditAccount: String? = nil,
        currency: Currency, payment: Int64?, invoice: Int64?, source: String, memo: String
    ) throws(LedgerError) {
        guard amount != 0 else { return }
        try voucher()
        try line(debit, account: debitAccount, amount, currency: currency, payment: payment, invoice: invoice, source: source,
                 memo: memo)
        try line(credit, account: creditAccount, -amount, currency: currency, payment: payment, invoice: invoice, source: source,
                 memo: memo)
    }
}

extension Ledger {
    /// The journal lines, in the order booked, read one at a time (a big day's journal is never held whole): every
    /// line (`from` nil), or those of the day of the run `from` (for outbox/<day>/journal.csv: the lines that run
    /// carries). A line's run is the first run at or after the one that booked it that finished, or the latest run; a
    /// line booked by `saatava resolve` belongs to the next run.
    public func journalCursor(ofRun from: Int64? = nil) throws(LedgerError) -> JournalCursor {
        // Vouchers are numbered per day: the lines of a day's runs all come after the last finished run of an
        // earlier day.
        var lowerBound: Int64 = 0
        if let from {
            let earlier = try database.prepare("""
                SELECT coalesce(max(id), 0) FROM runs WHERE status = 'finished' AND as_of < (SELECT as_of FROM runs WHERE id = ?)
                """)
            try earlier.bind([.integer(from)])
            lowerBound = try earlier.step() ? earlier.integer(0) : 0
        }
        let statement = try database.prepare("""
            SELECT e.id AS run, e.as_of,
                CASE WHEN e.id IS NULL THEN NULL ELSE dense_rank() OVER (PARTITION BY e.as_of ORDER BY j.voucher) END AS n,
                j.account, j.debit, j.credit, j.currency, j.source, j.memo
            FROM journal_lines j LEFT JOIN runs e ON e.id = (
                SELECT min(r.id) FROM runs r WHERE r.id >= j.first_run
                    AND (r.status = 'finished' OR r.id = (SELECT max(id) FROM runs)))
            WHERE j.first_run > ?
            ORDER BY j.id
            """)
        try statement.bind([.integer(lowerBound)])
        return try JournalCursor(statement, run: from)
    }
}

/// Journal lines read one at a time (`Ledger.journalCursor`); reading another ledger query meanwhile is allowed.
public struct JournalCursor: ~Copyable {
    private let statement: Statement
    private let run: Int64?
    private let columns: (run: Int32, asOf: Int32, number: Int32, account: Int32, debit: Int32, credit: Int32,
                          currency: Int32, source: Int32, memo: Int32)

    fileprivate init(_ statement: consuming Statement, run: Int64?) throws(LedgerError) {
        columns = (
            try statement.column("run"), try statement.column("as_of"), try statement.column("n"),
            try statement.column("account"), try statement.column("debit"), try statement.column("credit"),
            try statement.column("currency"), try statement.column("source"), try statement.column("memo"))
        self.statement = statement
        self.run = run
    }

    /// The next line, or nil after the last.
    public func next() throws(LedgerError) -> JournalLineView? {
        while try statement.step() {
            let carriedBy = statement.optionalInteger(columns.run)
            if let run, carriedBy != run { continue }
            let date = try statement.date(columns.asOf)
            return JournalLineView(
                run: carriedBy, date: date, voucher: date.map { "\($0)/\(statement.integer(columns.number))" },
                account: try statement.requiredText(columns.account), debit: statement.integer(columns.debit),
                credit: statement.integer(columns.credit), currency: try statement.currency(columns.currency),
                source: try statement.requiredText(columns.source), memo: try statement.requiredText(columns.memo))
        }
        return nil
    }
}

extension Ledger {
    /// The checks a run can afford after every run (docs/journal.md): each currency's debits and credits in total and
    /// each voucher of run `run`'s lines; the agreement with the open items and the advances is left to
    /// `journalBalance` (`saatava status`), which reads the whole history. The totals are kept in `journal_totals`,
    /// brought up to date here from the lines written since they were last (whoever wrote them).
    public func journalTotals(ofRun run: Int64) throws -> JournalBalance {
        try database.transaction {
            let through = Int64(try scalar("SELECT coalesce(max(through_line), 0) FROM journal_totals"))
            let last = Int64(try scalar("SELECT coalesce(max(id), 0) FROM journal_lines"))
            guard last > through else { return }
            try database.prepare("""
                INSERT INTO journal_totals (currency, debit, credit, through_line)
                SELECT currency, sum(debit), sum(credit), ?2 FROM journal_lines WHERE id > ?1 AND id <= ?2 GROUP BY currency
                ON CONFLICT (currency) DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit
                """).run([.integer(through), .integer(last)])
            try database.prepare("UPDATE journal_totals SET through_line = ?").run([.integer(last)])
        }
        let totals = try database.prepare("SELECT currency, debit, credit FROM journal_totals ORDER BY currency")
        try totals.bind([])
        var figures: [JournalBalance.Figures] = []
        while try totals.step() {
            var currency = JournalBalance.Figures(currency: try totals.currency(0))
            currency.debits = totals.integer(1)
            currency.credits = totals.integer(2)
            figures.append(currency)
        }
        let unbalanced = try scalar("""
            SELECT count(*) FROM (SELECT 1 FROM journal_lines WHERE first_run = ? GROUP BY voucher, currency
                HAVING sum(debit) <> sum(credit))
            """, [.integer(run)])
        return JournalBalance(currencies: figures, unbalancedVouchers: unbalanced)
    }

    /// The journal's balance checks (docs/journal.md), per currency: debits equal credits (and each voucher balances),
    /// the receivables account agrees with the open invoices, the advances account with what payments still hold.
    public func journalBalance() throws(LedgerError) -> JournalBalance {
        var figures: [String: JournalBalance.Figures] = [:]
        func add(_ sql: String, _ update: (inout JournalBalance.Figures, Int64, Int64) -> Void) throws(LedgerError) {
            let statement = try database.prepare(sql)
            try statement.bind([])
            while try statement.step() {
                let currency = try statement.currency(0)
                update(&figures[currency.code, default: JournalBalance.Figures(currency: currency)], statement.integer(1),
                       statement.integer(2))
            }
        }
        try add("SELECT currency, sum(debit), sum(credit) FROM journal_lines GROUP BY currency") {
            $0.debits = $1
            $0.credits = $2
        }
        try add("SELECT currency, sum(debit) - sum(credit), 0 FROM journal_lines WHERE role = 'receivables' GROUP BY currency") { figures, value, _ in
            figures.receivablesPosted = value
        }
        try add("SELECT currency, sum(credit) - sum(debit), 0 FROM journal_lines WHERE role = 'advances' GROUP BY currency") { figures, value, _ in
            figures.advancesPosted = value
        }
        try add("""
            SELECT currency, sum(amount), 0 FROM invoices
            WHERE type = 'invoice' OR type = 'interest_invoice' OR type = 'credit_note' GROUP BY currency
            """) { figures, value, _ in figures.invoicesBooked = value }
        try add("SELECT currency, sum(open), 0 FROM receivables GROUP BY currency") { figures, value, _ in figures.openItems += value }
        try add("""
            SELECT i.currency, sum(i.amount + coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.credit_note_id = i.id), 0)), 0
            FROM invoices i WHERE i.type = 'credit_note' GROUP BY i.currency
            """) { figures, value, _ in figures.openItems += value }
        // What payments received still hold, in four linear sums rather than three look-ups for each payment.
        let received = """
            p.entry_status = 'booked' AND p.direction = 'credit' AND p.reversal = 0 AND p.return_reason IS NULL AND p.amount > 0
            """
        try add("SELECT p.currency, sum(p.amount), 0 FROM payments p WHERE \(received) GROUP BY p.currency") {
            figures, value, _ in figures.advancesHeld += value
        }
        for placedOrGone in [
            "SELECT p.currency, sum(a.amount), 0 FROM allocations a JOIN payments p ON p.id = a.payment_id",
            "SELECT p.currency, sum(d.amount), 0 FROM decisions d JOIN payments p ON p.id = d.payment_id AND d.action = 'refund'",
            "SELECT p.currency, sum(r.amount), 0 FROM payments r JOIN payments p ON p.id = r.reverses AND r.status = 'reversal'",
        ] {
            try add(placedOrGone + " WHERE \(received) GROUP BY p.currency") { figures, value, _ in figures.advancesHeld -= value }
        }
        // A refund decided on a payment the bank then reversed is owed no more: its money is back in advances.
        try add("""
            SELECT p.currency, sum(d.amount), 0 FROM payments r JOIN payments p ON p.id = r.reverses AND r.status = 'reversal'
                JOIN decisions d ON d.payment_id = p.id AND d.action = 'refund'
            WHERE \(received) GROUP BY p.currency
            """) { figures, value, _ in figures.advancesHeld += value }
        let unbalanced = try scalar("""
            SELECT count(*) FROM (SELECT 1 FROM journal_lines GROUP BY voucher, currency HAVING sum(debit) <> sum(credit))
            """)
        return JournalBalance(currencies: figures.keys.sorted().map { figures[$0]! }, unbalancedVouchers: unbalanced)
    }
}
