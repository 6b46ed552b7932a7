public import Receivables

/// How a CSV written for people is laid out (config `csv`). The files for machines (the collection agency's
/// transfer and payments CSVs) are always RFC 4180.
public enum CSVDialect: String, Sendable, CaseIterable {
    /// RFC 4180: `,` between fields, CRLF, no byte order mark, dot decimals (`-10.00`), dates `YYYY-MM-DD`.
    case rfc4180
    /// What Excel in a Finnish locale opens as columns and saves back alike: a UTF-8 byte order mark, `;` between
    /// fields, CRLF, a decimal comma in every decimal cell (`-10,00`), dates `d.M.yyyy` (`27.11.2026`).
    case excelFi = "excel-fi"

    /// Between fields.
    var separator: String { self == .excelFi ? ";" : "," }

    /// A number formatted with a dot for decimals (`-10.00`) as this dialect writes decimals (`-10,00`).
    func decimal(_ dotted: String) -> String { self == .excelFi ? dotted.replacing(".", with: ",") : dotted }

    /// A date as this dialect writes it: `2026-11-27`, `27.11.2026`.
    func date(_ day: LocalDate) -> String { self == .excelFi ? day.dayMonthYear : day.description }

    /// A plan's instalment as `DATE:AMOUNT` (euros) in this dialect's date and decimals; `Instalment(parsing:)` reads
    /// either.
    func instalment(_ instalment: HoldView.Instalment) -> String {
        date(instalment.date) + ":" + decimal(Amount(minorUnits: instalment.amount, currency: .euro).decimalString)
    }
}

/// One cell of a CSV row: text, which is guarded against spreadsheet formulas, or a number saatava formatted.
public enum CSVCell: Sendable, Equatable {
    /// Text: names, references, messages, identifiers, codes, anything that came from a file. A text that
    /// starts with a formula character (`=`, `+`, `-`, `@`, tab or carriage return) is written with a `'` in
    /// front, so that a spreadsheet shows it and does not run it (OWASP's advice on CSV injection). nil is
    /// an empty cell.
    case text(String?)
    /// A number saatava formatted itself with a dot for decimals: an amount, a count, a rate or a confidence. It
    /// is written as it is (with a decimal comma in `excel-fi`), so that `-10.00` stays a number; should it start
    /// with a formula character and yet not be a plain decimal number (`-` and digits with at most one `.`), it is
    /// guarded like text. nil is an empty cell.
    case numeric(String?)
    /// A date: `2026-11-27`, or `27.11.2026` in `excel-fi`. nil is an empty cell.
    case date(LocalDate?)
}

/// CSV in a dialect (RFC 4180 unless told): CRLF line ends, fields quoted when they hold the separator, a quote
/// or a line break.
///
/// Text cells that a spreadsheet would take for a formula get a leading `'` (see `CSVCell.text`); `parse`
/// removes it again, so that what is written reads back as it was.
public struct CSVWriter {
    private let dialect: CSVDialect
    private(set) var text: String

    /// A writer that starts with a header row (the names are written as text cells).
    public init(header: [String], dialect: CSVDialect = .rfc4180) {
        self.dialect = dialect
        text = dialect == .excelFi ? "\u{FEFF}" : ""
        row(header.map { .text($0) })
    }

    /// Appends one row.
    public mutating func row(_ cells: [CSVCell]) {
        text += cells.map { Self.field($0, dialect) }.joined(separator: dialect.separator) + "\r\n"
    }

    /// The CSV text.
    public var output: String { text }

    /// The text written since the last take (the first: the header and all rows so far), which the writer then
    /// forgets, so that a long CSV can be written out piece by piece.
    public mutating func take() -> String {
        defer { text = "" }
        return text
    }

    /// A cell as it is written: guarded if need be, then quoted if need be.
    static func field(_ cell: CSVCell, _ dialect: CSVDialect = .rfc4180) -> String {
        let value: String
        switch cell {
        case .text(let text?) where dialect == .excelFi && Self.excelWouldMangle(text): value = "=\"" + text + "\""
        case .text(let text): value = guarded(text ?? "")
        case .numeric(let number?) where isPlainNumber(number): value = dialect.decimal(number)
        case .numeric(let number): value = guarded(number ?? "")
        case .date(let day): value = day.map(dialect.date) ?? ""
        }
        let separator = dialect.separator.utf8.first
        // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard value.utf8.contains(where: { $0 == separator || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        // Quotes doubled scalar by scalar: a quote followed by a combining mark is one Character with it, and a
        // Character-wise split would leave that quote single.
        var quoted = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        return "\"" + String(quoted) + "\""
    }

    /// Whether Excel would take the text for a number and change it: digits only, and 12 or more (an archive id, a
    /// reference: Excel shows such a number as `1,23457E+14` and saves it so, and keeps 15 significant digits at most)
    /// or with a leading zero. `excel-fi` writes such a text as
    /// the formula `="…"`, which Excel shows, and saves back, as the text itself; `parse` reads the formula back as
    /// the text. The formula holds digits only, so it can run nothing.
    static func excelWouldMangle(_ text: String) -> Bool {
        let bytes = text.utf8
        return bytes.count > 1 && bytes.allSatisfy { (0x30...0x39).contains($0) } && (bytes.count >= 12 || bytes.first == 0x30)
    }

    /// The text of a field `excel-fi` wrote as `="digits"` (see `excelWouldMangle`), or nil for any other field.
    private static func textOfDigitsFormula(_ field: String) -> String? {
        guard field.hasPrefix("=\""), field.hasSuffix("\""), field.utf8.count > 3 else { return nil }
        let inner = String(field.dropFirst(2).dropLast())
        return excelWouldMangle(inner) ? inner : nil
    }

    /// The first bytes that make a spreadsheet read a cell as a formula: `=`, `+`, `-`, `@`, tab, carriage return.
    private static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]
    private static let apostrophe = UInt8(ascii: "'")

    /// Whether `parse` takes the first byte of a field for a guard: a `'` before a formula character or before
    /// another `'`.
    private static func startsWithGuard(_ value: String) -> Bool {
        var bytes = value.utf8.makeIterator()
        guard bytes.next() == apostrophe, let second = bytes.next() else { return false }
        return second == apostrophe || formulaStarts.contains(second)
    }

    /// The text with a `'` in front when it starts with a formula character, or when it starts the way a guard
    /// does (then `parse` would take its own `'` for one and drop it).
    static func guarded(_ value: String) -> String {
        guard let first = value.utf8.first else { return value }
        return formulaStarts.contains(first) || startsWithGuard(value) ? "'" + value : value
    }

    /// The field with its guard removed, if it has one: the inverse of `guarded` (and of `excel-fi`'s `="digits"`).
    static func unguarded(_ field: String) -> String {
        textOfDigitsFormula(field) ?? (startsWithGuard(field) ? String(field.dropFirst()) : field)
    }

    /// Whether a numeric cell is a plain decimal number: an optional `-`, digits, and at most one `.` between
    /// digits. Only such a value may start with `-` unguarded.
    private static func isPlainNumber(_ value: String) -> Bool {
        var bytes = value.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return (1...2).contains(parts.count)
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { (0x30...0x39).contains($0) } }
    }

    /// Splits CSV text of either dialect into rows of fields (quoted fields, doubled quotes and line breaks inside
    /// quotes allowed). A leading byte order mark is skipped; the separator is `;` when the first line has more
    /// semicolons than commas outside quotes (as Excel saves in a Finnish locale), else `,`. A quote opens a quoted
    /// field only at the field's start; elsewhere (`24"`, as typed in a text editor) it is a character of the field,
    /// as Excel reads it. A field's formula guard is removed: one leading `'` before a formula character or another
    /// `'`. Cells are given as written: read a date with `LocalDate(asWritten:)`, an amount with `Amount(parsing:)`
    /// (both take either dialect's form).
    /// - Throws: `CSVError` for a quoted field that is never closed (what follows its quote would be one field).
    public static func parse(_ text: String) throws(CSVError) -> [[String]] {
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        let separator = separatorOfFirstLine(text)
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var isQuoted = false
        var atFieldStart = true
        var quoteOpenedInRow = 0
        // Unicode scalars, not Characters: a combining mark after a quote, a separator or a line break joins it into
        // one Character, which would hide the quote (a cell starting with U+0616, written quoted, read back as
        // several cells).
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endField() {
            row.append(unguarded(String(field)))
            field = String.UnicodeScalarView()
        }
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if isQuoted {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        isQuoted = false
                        pending = next
                    }
                } else {
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart:
                isQuoted = true
                atFieldStart = false
                quoteOpenedInRow = rows.count + 1
            case separator:
                endField()
                atFieldStart = true
            case "\r", "\n":
                if scalar == "\r" {
                    // CRLF is one line end.
                    let next = scalars.next()
                    if next != "\n" { pending = next }
                }
                endField()
                rows.append(row)
                row = []
                atFieldStart = true
            default:
                field.append(scalar)
                atFieldStart = false
            }
        }
        guard !isQuoted else {
            throw CSVError(row: quoteOpenedInRow, description: "a quote opened in this row is never closed")
        }
        if !field.isEmpty || !row.isEmpty {
            endField()
            rows.append(row)
        }
        return rows
    }

    /// The rows of a CSV file whose first row names its columns (`parse`), each row checked to have no text beyond
    /// the header's columns (an unquoted cell holding the separator shifts the cells after it).
    /// - Throws: `CSVError` for what `parse` refuses, or a row longer than the header.
    public static func table(_ text: String) throws(CSVError) -> [[String]] {
        let rows = try parse(text)
        guard let columns = rows.first?.count else { return rows }
        for (index, row) in rows.enumerated().dropFirst() where row.count > columns {
            if row[columns...].contains(where: { !$0.allSatisfy { $0 == " " } }) {
                throw CSVError(row: index + 1, description: "\(row.count) cells where the header names \(columns) "
                               + "columns: quote a cell that holds the separator")
            }
        }
        return rows
    }

    /// `;` or `,`, whichever the first line has more of outside quotes (`,` when as many).
    private static func separatorOfFirstLine(_ text: String) -> Unicode.Scalar {
        var semicolons = 0
        var commas = 0
        var isQuoted = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): isQuoted.toggle()
            case UInt8(ascii: ";") where !isQuoted: semicolons += 1
            case UInt8(ascii: ",") where !isQuoted: commas += 1
            case 0x0A where !isQuoted, 0x0D where !isQuoted: return semicolons > commas ? ";" : ","
            default: break
            }
        }
        return semicolons > commas ? ";" : ","
    }
}

/// CSV text that cannot be read as rows: the row (1 is the first, as a spreadsheet numbers them) and what is wrong.
public struct CSVError: Error, CustomStringConvertible {
    public let row: Int
    public let description: String
}
