import CSQLite3
public import Receivables

/// The open-items ledger in one SQLite file: every invoice and payment booked exactly once, what was applied
/// to what (with the rule and the run), and an append-only audit trail. SQL lives only in this module.
public final class Ledger {
    let database: Database

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
        // Foreign keys are off while a migration runs (a table is changed by copying it, SQLite's documented way),
        // and every reference must still hold before it commits.
        for (index, migration) in Schema.migrations.enumerated() where index >= version {
            try database.execute("PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE")
            do throws(LedgerError) {
                try database.execute(migration)
                if try scalar("SELECT count(*) FROM pragma_foreign_key_check") > 0 {
                    throw LedgerError(code: 0, message: "a reference no longer holds")
                }
                try database.execute("PRAGMA user_version = \(index + 1)")
                try database.execute("COMMIT; PRAGMA foreign_keys = ON")
            } catch {
                try? database.execute("ROLLBACK; PRAGMA foreign_keys = ON")
                throw LedgerError(code: error.code, message: "\(path): schema migration \(index + 1) failed: \(error)")
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

    /// Records the end of a run.
    public func finishRun(_ run: Int64, at timestamp: String) throws(LedgerError) {
        try database.prepare("UPDATE runs SET finished_at = ?, status = 'finished' WHERE id = ?")
            .run([.text(timestamp), .integer(run)])
    }

    /// Records that a run stopped on a fault.
    public func failRun(_ run: Int64, at timestamp: String) throws(LedgerError) {
        try database.prepare("UPDATE runs SET finished_at = ?, status = 'failed' WHERE id = ?")
            .run([.text(timestamp), .integer(run)])
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

    /// How many rows a table holds (for checks and summaries).
    public func count(_ table: String) throws(LedgerError) -> Int {
        try scalar("SELECT count(*) FROM \(table)")
    }
}
