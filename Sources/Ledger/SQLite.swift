import CSQLite3
import Receivables

/// A failed SQLite call: which C function, its result code, SQLite's message and the SQL.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    /// The SQLite result code.
    public let code: Int32
    /// What SQLite said, and where.
    public let message: String

    public var description: String { message }
}

/// The one owner of a SQLite connection; closes it when the last reference goes.
final class Database {
    private let handle: OpaquePointer
    /// The rows the statements finalized so far stepped through in full scans of a table or index: what tests read to
    /// see that a day's work finds what it needs through indexes, not by reading history. The corresponding C function
    /// is `sqlite3_stmt_status` (`SQLITE_STMTSTATUS_FULLSCAN_STEP`).
    fileprivate(set) var fullScanSteps = 0
    /// The virtual machine steps of the statements finalized so far: they grow with every row a statement visits, in
    /// a full scan or through an index (`SQLITE_STMTSTATUS_VM_STEP`), so a test sees a read that searches an index by
    /// too short a prefix (one seller's every invoice) as well.
    fileprivate(set) var virtualMachineSteps = 0

    /// Opens (or, if `creating`, creates) the database file. The corresponding C function is `sqlite3_open_v2`.
    init(path: String, creating: Bool) throws(LedgerError) {
        _ = Self.memoryStatisticsOff
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (creating ? SQLITE_OPEN_CREATE : 0)
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw LedgerError(code: code, message: "\(path): cannot open the ledger: \(message)")
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
        // Another connection may hold the file a moment (a run's commit while `saatava status` opens it, or two
        // openings setting the journal mode at once): wait for it rather than fail.
        sqlite3_busy_timeout(handle, Self.busyMilliseconds)
    }

    /// How long a statement waits for another connection's lock before it fails with "database is locked".
    static let busyMilliseconds: Int32 = 5_000

    /// Before the first connection: SQLite's memory statistics (never read here) cost a global mutex and a
    /// counter update on every allocation it makes.
    private static let memoryStatisticsOff: Void = { _ = csqlite3_disable_memory_statistics() }()

    deinit { sqlite3_close_v2(handle) }

    /// Runs SQL that returns no rows (several statements allowed). The corresponding C function is `sqlite3_exec`.
    func execute(_ sql: String) throws(LedgerError) {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        guard code == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "error \(code)"
            sqlite3_free(error)
            throw LedgerError(code: code, message: "sqlite3_exec: \(message) [\(sql.prefix(120))]")
        }
    }

    /// Prepares one statement. The corresponding C function is `sqlite3_prepare_v2`.
    func prepare(_ sql: String) throws(LedgerError) -> Statement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(code, "sqlite3_prepare_v2", sql) }
        return Statement(raw: statement, database: self, sql: sql)
    }

    /// Whether no transaction is open. The corresponding C function is `sqlite3_get_autocommit`.
    var isInAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Runs `body` in one `BEGIN IMMEDIATE … COMMIT`, or in a savepoint when a transaction is already open;
    /// rolls back what `body` did if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        let isNested = !isInAutocommit
        try execute(isNested ? "SAVEPOINT nested" : "BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute(isNested ? "RELEASE nested" : "COMMIT")
            return value
        } catch {
            if isNested {
                try? execute("ROLLBACK TO nested")
                try? execute("RELEASE nested")
            } else {
                try? execute("ROLLBACK")
            }
            throw error
        }
    }

    /// Rows changed by the last statement. The corresponding C function is `sqlite3_changes`.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The row id of the last insert. The corresponding C function is `sqlite3_last_insert_rowid`.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func failure(_ code: Int32, _ function: String, _ sql: String) -> LedgerError {
        LedgerError(code: code, message: "\(function): \(String(cString: sqlite3_errmsg(handle))) [\(sql.prefix(120))]")
    }
}

/// A value bound to a statement parameter.
enum SQLValue {
    case integer(Int64)
    case text(String)
    case real(Double)
    case null
}

/// One prepared statement, finalized when it goes out of scope.
struct Statement: ~Copyable {
    private let raw: OpaquePointer
    private let database: Database
    private let sql: String

    fileprivate init(raw: OpaquePointer, database: Database, sql: String) {
        self.raw = raw
        self.database = database
        self.sql = sql
    }

    deinit {
        database.fullScanSteps += Int(sqlite3_stmt_status(raw, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0))
        database.virtualMachineSteps += Int(sqlite3_stmt_status(raw, SQLITE_STMTSTATUS_VM_STEP, 0))
        sqlite3_finalize(raw)
    }

    /// Binds the values to parameters 1, 2, … after resetting the statement.
    func bind(_ values: [SQLValue]) throws(LedgerError) {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(raw, index, number)
            case .text(let text): code = sqlite3_bind_text(raw, index, text, -1, csqlite3_transient())
            case .real(let number): code = sqlite3_bind_double(raw, index, number)
            case .null: code = sqlite3_bind_null(raw, index)
            }
            guard code == SQLITE_OK else { throw database.failure(code, "sqlite3_bind", sql) }
        }
    }

    /// Steps once: true when a row is ready, false when done. The corresponding C function is `sqlite3_step`.
    func step() throws(LedgerError) -> Bool {
        let code = sqlite3_step(raw)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw database.failure(code, "sqlite3_step", sql)
    }

    /// Binds and runs a statement that returns no rows.
    func run(_ values: [SQLValue] = []) throws(LedgerError) {
        try bind(values)
        while try step() {}
    }

    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(raw, column) }

    func optionalInteger(_ column: Int32) -> Int64? {
        sqlite3_column_type(raw, column) == SQLITE_NULL ? nil : sqlite3_column_int64(raw, column)
    }

    func text(_ column: Int32) -> String? {
        textBytes(column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of a column's text, valid until the statement steps or is reset; nil for NULL.
    private func textBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        sqlite3_column_text(raw, column).map {
            UnsafeBufferPointer(start: $0, count: Int(sqlite3_column_bytes(raw, column)))
        }
    }

    /// How a column's text orders against `text`, by their bytes as SQLite orders text (`TextBytes.order`), without
    /// making a string of it; nil for NULL.
    func textOrder(_ column: Int32, against text: String) -> Int? {
        guard let stored = textBytes(column) else { return nil }
        var text = text
        return text.withUTF8 { TextBytes.order(stored, $0) }
    }

    func real(_ column: Int32) -> Double? {
        sqlite3_column_type(raw, column) == SQLITE_NULL ? nil : sqlite3_column_double(raw, column)
    }

    // MARK: Columns by name, values decoded

    /// The position of the result column named `name` (as the query's SELECT names it), so that a row is read by
    /// name, the position looked up once per query.
    func column(_ name: String) throws(LedgerError) -> Int32 {
        for index in 0..<sqlite3_column_count(raw) where String(cString: sqlite3_column_name(raw, index)) == name {
            return index
        }
        throw LedgerError(code: 0, message: "the query has no column '\(name)' [\(sql.prefix(120))]")
    }

    /// The text of a column that must hold one.
    func requiredText(_ column: Int32) throws(LedgerError) -> String {
        guard let text = text(column) else { throw undecodable(column, nil, "a value") }
        return text
    }

    /// A currency code, refused unless it is one.
    func currency(_ column: Int32) throws(LedgerError) -> Currency {
        let code = try requiredText(column)
        guard let currency = Currency(code: code) else { throw undecodable(column, code, "a currency code") }
        return currency
    }

    /// A `YYYY-MM-DD` date, or nil for NULL; anything else is refused.
    func date(_ column: Int32) throws(LedgerError) -> LocalDate? {
        guard let bytes = textBytes(column) else { return nil }
        guard let date = LocalDate(isoUTF8: bytes) else { throw undecodable(column, text(column), "a date") }
        return date
    }

    /// A stored name of one of the vocabulary's enums (a status, a reason), or nil for NULL; an unknown name is refused.
    func decoded<Value: RawRepresentable>(_ column: Int32, as type: Value.Type) throws(LedgerError) -> Value?
    where Value.RawValue == String {
        guard let text = text(column) else { return nil }
        guard let value = Value(rawValue: text) else { throw undecodable(column, text, "a \(Value.self)") }
        return value
    }

    private func undecodable(_ column: Int32, _ value: String?, _ expected: String) -> LedgerError {
        let name = String(cString: sqlite3_column_name(raw, column))
        return LedgerError(code: 0, message: "the ledger holds \(value.map { "'\($0)'" } ?? "NULL") in \(name) where \(expected) "
            + "belongs: it cannot be read [\(sql.prefix(120))]")
    }
}

extension Optional where Wrapped == String {
    /// The text, or SQL NULL.
    var sql: SQLValue { map { .text($0) } ?? .null }
}

extension Optional where Wrapped == Int64 {
    /// The number, or SQL NULL.
    var sql: SQLValue { map { .integer($0) } ?? .null }
}

/// Texts compared by their bytes, as SQLite compares text (not as Swift's strings compare, which take "ä" composed and
/// decomposed for one), and without the generic walk of their UTF-8 views.
enum TextBytes {
    /// Negative when `one` orders first, zero when the bytes are the same, positive when `other` orders first.
    static func order(_ one: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Int {
        for index in 0..<min(one.count, other.count) where one[index] != other[index] {
            return one[index] < other[index] ? -1 : 1
        }
        return one.count - other.count
    }

    static func order(_ one: String, _ other: String) -> Int {
        var (one, other) = (one, other)
        return one.withUTF8 { first in other.withUTF8 { order(first, $0) } }
    }
}
