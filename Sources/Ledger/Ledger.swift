import CSQLite3
public import Receivables

/// The open-items ledger in one SQLite file: every invoice and payment booked exactly once, what was applied
/// to what (with the rule and the run), and an append-only audit trail. SQL lives only in this module.
public final class Ledger {
    let database: Database
    /// The accounts journal lines are written to (config `journal`); the defaults until the pipeline sets them.
    public var journalAccounts = JournalAccounts()
    /// The business ID of the creditor the ledger's payments are paid to (config `creditor.businessId`, canonical):
    /// matching, its suggestions, decisions and holds take its own invoices before another seller's, and insight and
    /// the report's totals count only its own. Nil (every seller's alike) until the pipeline sets it.
    public var creditorBusinessId: String?

    /// Opens the ledger (creating it when new, if `creating`) in WAL mode with foreign keys on, and brings its schema
    /// up to date.
    /// - Throws: `LedgerError` if the file cannot be opened (or is missing and not to be created), SQLite is older
    ///   than 3.37 (STRICT tables), or the file was written by a newer saatava.
    public init(path: String, creating: Bool = true) throws(LedgerError) {
        guard sqlite3_libversion_number() >= 3_037_000 else {
            throw LedgerError(code: 0, message: "SQLite \(String(cString: sqlite3_libversion())) is too old: 3.37 or newer is needed")
        }
        database = try Database(path: path, creating: creating)
        try database.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        let version = try scalar("PRAGMA user_version")
        guard version <= Schema.migrations.count else {
            throw LedgerError(code: 0, message: "\(path): the ledger has schema version \(version); this saatava knows \(Schema.migrations.count)")
        }
        guard version < Schema.migrations.count else { return }
        // The migrations the file lacks run in one transaction with foreign keys off (a table is changed by copying
        // it, SQLite's documented way), and every reference must still hold before it commits: checked once, as the
        // check reads the whole ledger.
        try database.execute("PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE")
        var step = ""
        do throws(LedgerError) {
            for (index, migration) in Schema.migrations.enumerated() where index >= version {
                step = "version \(index + 1)"
                try database.execute(migration)
                if index + 1 == Schema.referenceKeysVersion { try fillReferenceKeys() }
                if index + 1 == Schema.composedKeysVersion { try composeCustomerKeys() }
            }
            step = "the check of its references"
            if try scalar("SELECT count(*) FROM pragma_foreign_key_check") > 0 {
                throw LedgerError(code: 0, message: "a reference no longer holds")
            }
            step = "its commit"
            try database.execute("PRAGMA user_version = \(Schema.migrations.count)")
            try database.execute("COMMIT; PRAGMA foreign_keys = ON")
        } catch {
            try? database.execute("ROLLBACK; PRAGMA foreign_keys = ON")
            throw LedgerError(
                code: error.code, message: "\(path): migrating the ledger from schema version \(version) failed at "
                    + "\(step) (the file is left as it was): \(error)")
        }
    }

    /// Writes the matching key of every payment's and remittance block's reference (schema 14): SQL cannot compute
    /// it, so the migration leaves it to this.
    private func fillReferenceKeys() throws(LedgerError) {
        for table in ["payments", "payment_parts"] {
            let read = try database.prepare("SELECT rowid, reference FROM \(table) WHERE reference IS NOT NULL")
            let write = try database.prepare("UPDATE \(table) SET reference_key = ? WHERE rowid = ?")
            try read.bind([])
            while try read.step() {
                guard let key = StatedReference(stated: try read.requiredText(1))?.matchingKey else { continue }
                try write.run([.text(key), .integer(read.integer(0))])
            }
        }
    }

    func scalar(_ sql: String, _ values: [SQLValue] = []) throws(LedgerError) -> Int {
        let statement = try database.prepare(sql)
        try statement.bind(values)
        return try statement.step() ? Int(statement.integer(0)) : 0
    }

    // MARK: Runs

    /// Records the start of a run and returns its id.
    public func startRun(asOf: LocalDate, at timestamp: String) throws(LedgerError) -> Int64 {
        try database.prepare("INSERT INTO runs (as_of, started_at, status) VALUES (?, ?, 'running')")
            .run([.text(asOf.description), .text(timestamp)])
        return database.lastInsertedRowID
    }

    /// Records the end of a run: its exit code, how long it took, and what it left for a person, together.
    public func finishRun(
        _ run: Int64, at timestamp: String, exitCode: Int32, seconds: Double, findings: [RunFinding]
    ) throws(LedgerError) {
        try database.execute("BEGIN IMMEDIATE")
        do throws(LedgerError) {
            let insert = try database.prepare("INSERT INTO run_findings (run_id, kind, subject, detail) VALUES (?, ?, ?, ?)")
            for finding in findings {
                try insert.run([.integer(run), .text(finding.kind.rawValue), .text(finding.subject), .text(finding.detail)])
            }
            try database.prepare("UPDATE runs SET finished_at = ?, status = 'finished', exit_code = ?, seconds = ? WHERE id = ?")
                .run([.text(timestamp), .integer(Int64(exitCode)), .real(seconds), .integer(run)])
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    /// Records that a run stopped on a fault: its exit code and why.
    public func failRun(_ run: Int64, at timestamp: String, exitCode: Int32, problem: String) throws(LedgerError) {
        try database.prepare("UPDATE runs SET finished_at = ?, status = 'failed', exit_code = ?, problem = ? WHERE id = ?")
            .run([.text(timestamp), .integer(Int64(exitCode)), .text(problem), .integer(run)])
    }

    /// The latest runs, newest first (a run still going, or killed, shows as `running`).
    public func lastRuns(limit: Int) throws(LedgerError) -> [RunView] {
        let statement = try database.prepare(
            "SELECT id, as_of, started_at, finished_at, status, exit_code, seconds, problem FROM runs ORDER BY id DESC LIMIT ?")
        try statement.bind([.integer(Int64(limit))])
        var runs: [RunView] = []
        while try statement.step() {
            guard let asOf = try statement.date(1), let status = try statement.decoded(4, as: RunView.Status.self) else {
                throw LedgerError(code: 0, message: "runs: row \(statement.integer(0)) has no day or status")
            }
            runs.append(RunView(
                id: statement.integer(0), asOf: asOf, startedAt: try statement.requiredText(2), finishedAt: statement.text(3),
                status: status, exitCode: statement.optionalInteger(5).map(Int32.init), seconds: statement.real(6),
                problem: statement.text(7)))
        }
        return runs
    }

    /// What a run left for a person, in the order recorded.
    public func findings(ofRun run: Int64) throws(LedgerError) -> [RunFinding] {
        let statement = try database.prepare("SELECT kind, subject, detail FROM run_findings WHERE run_id = ? ORDER BY id")
        try statement.bind([.integer(run)])
        var findings: [RunFinding] = []
        while try statement.step() {
            guard let kind = try statement.decoded(0, as: RunFinding.Kind.self) else {
                throw LedgerError(code: 0, message: "run_findings: a row of run \(run) has no kind")
            }
            findings.append(RunFinding(kind, subject: try statement.requiredText(1), detail: try statement.requiredText(2)))
        }
        return findings
    }

    /// The day of the latest finished run, if any.
    public func lastFinishedRun() throws(LedgerError) -> LocalDate? {
        let statement = try database.prepare("SELECT max(as_of) FROM runs WHERE status = 'finished'")
        try statement.bind([])
        guard try statement.step(), let text = statement.text(0) else { return nil }
        do {
            return try LocalDate(parsing: text)
        } catch {
            throw LedgerError(code: 0, message: "runs: as_of '\(text)' is not a date")
        }
    }

    /// Runs `body` so that everything it changes through this ledger is kept or, if it throws, undone together.
    public func allOrNothing(_ body: () throws -> Void) throws {
        try database.transaction(body)
    }

    /// Runs `body` and then undoes everything it changed through this ledger, whatever it returns: a dry run.
    public func withoutKeeping<T>(_ body: () throws -> T) throws -> T {
        try database.execute("BEGIN IMMEDIATE")
        defer { try? database.execute("ROLLBACK") }
        return try body()
    }

    /// Runs `body` on one snapshot of the ledger: everything it reads was there together, whatever a run commits
    /// meanwhile (`BEGIN DEFERRED … COMMIT`; within an open transaction, that one). It must not change the ledger.
    public func readingOneSnapshot<T>(_ body: () throws -> T) throws -> T {
        guard database.isInAutocommit else { return try body() }
        try database.execute("BEGIN DEFERRED")
        do {
            let value = try body()
            try database.execute("COMMIT")
            return value
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    /// SQL true when the invoice `alias` names a seller other than the creditor, whose business ID the SQL parameter
    /// `creditorParameter` (such as `?2`) holds (NULL when none is known: then no invoice is another seller's). An
    /// invoice that names no seller (`''`) is the creditor's.
    static func isAnotherSellers(_ alias: String, creditorParameter: String) -> String {
        "(\(creditorParameter) IS NOT NULL AND \(alias).seller_id <> '' AND \(alias).seller_id <> \(creditorParameter))"
    }

    /// SQL true when the document `alias` (none: the query's only table) is a receivable: an invoice or an interest
    /// invoice. (The schema's views, trigger and migrations write the same test in their own, frozen SQL.)
    static func isReceivable(_ alias: String? = nil) -> String {
        let type = alias.map { "\($0).type" } ?? "type"
        return "(\(type) = 'invoice' OR \(type) = 'interest_invoice')"
    }

    /// What an invoice number names for a person's request (a decision, a hold).
    enum NumberedReceivable: Equatable {
        case none
        /// Invoices of several sellers and none of them the creditor's alone: which one is meant cannot be told.
        case several
        /// The receivable's row id.
        case one(Int64)
    }

    /// The receivable numbered `number` that a person means: the only one of the number, or of several sellers'
    /// the creditor's own (`creditorBusinessId`; one that names no seller is taken as its).
    func receivable(numbered number: String) throws(LedgerError) -> NumberedReceivable {
        let find = try database.prepare("""
            SELECT r.id, \(Self.isAnotherSellers("r", creditorParameter: "?2")) AS another_sellers
            FROM receivables r WHERE r.invoice_number = ?1 ORDER BY another_sellers, r.id LIMIT 2
            """)
        try find.bind([.text(number), creditorBusinessId.sql])
        guard try find.step() else { return .none }
        let (first, standing) = (find.integer(0), find.integer(1))
        guard try find.step() else { return .one(first) }
        return find.integer(1) == standing ? .several : .one(first)
    }

    /// How many rows a table holds (for checks and summaries).
    public func count(_ table: String) throws(LedgerError) -> Int {
        try scalar("SELECT count(*) FROM \(table)")
    }
}
