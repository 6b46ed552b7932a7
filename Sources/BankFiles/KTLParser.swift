public import Receivables
import Foundation
import SystemIO

/// Reads the legacy fixed-width Finnish reference-payment file (KTL, "viitesiirtoaineisto"): batches of a
/// header record 0, payment records 3 (reference payment) and 5 (direct debit), and a summary record 9.
///
/// Records are 90 characters, CRLF or LF separated, ISO-8859-1 unless the file is valid UTF-8. A correction
/// (oikaisutunnus 1) becomes a reversal (a debit that undoes an earlier payment); a type-5 record with a
/// non-zero feedback code is a failed direct debit: emitted with `returnReason` set, not money received.
public enum KTLParser {
    /// Whether the start of a file looks like KTL: a record 0 of 90 characters (trailing filler may be trimmed)
    /// whose date and time are digits.
    public static func looksLikeKTL(_ head: [UInt8]) -> Bool {
        let line = head.prefix { $0 != 0x0A && $0 != 0x0D }
        guard line.first == UInt8(ascii: "0"), (23...90).contains(line.count) else { return false }
        return line.dropFirst().prefix(10).allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Reads a KTL file.
    /// - Parameters:
    ///   - file: The file's path.
    ///   - diagnostic: Receives warnings (summary records that do not add up).
    ///   - payment: Receives each payment as soon as its record has been read.
    /// - Throws: `KTLError` naming the file, line, column and field of the first record that cannot be read.
    public static func parse(
        file: String, diagnostic: (Diagnostic) -> Void, payment: (Payment) throws -> Void
    ) throws {
        var batch: Batch?
        var sawRecord = false
        try forEachLine(of: file) { (line: [UInt8], lineNumber: Int) throws in
            let text = String(validating: line, as: UTF8.self) ?? String(line.map { Character(Unicode.Scalar($0)) })
            // Carriage returns, the DOS end-of-file mark and a byte-order mark are not part of any record.
            let record = Array(text.unicodeScalars.filter { $0 != "\r" && $0 != "\u{1A}" && $0 != "\u{FEFF}" })
            if record.allSatisfy({ $0 == " " }) { return }
            sawRecord = true
            let fields = Fields(file: file, line: lineNumber, record: record)
            switch record[0] {
            case "0":
                if let open = batch {
                    diagnostic(open.warning("the batch starting here has no summary record 9"))
                }
                guard fields.text(23, 23) == "1" else {
                    throw fields.error(at: 23, "the currency code is '\(fields.text(23, 23))'; only 1 (euro) is supported")
                }
                batch = Batch(file: file, line: lineNumber)
            case "3", "5":
                guard batch != nil else { throw fields.error(at: 1, "a payment record before any header record 0") }
                let read = try readPayment(fields, file: file)
                batch!.add(read)
                try payment(read)
            case "9":
                guard let open = batch else { throw fields.error(at: 1, "a summary record 9 without a header record 0") }
                try open.check(fields, diagnostic: diagnostic)
                batch = nil
            default:
                throw fields.error(at: 1, "unknown record type '\(record[0])': expected 0, 3, 5 or 9")
            }
        }
        guard sawRecord else { throw KTLError(file: file, line: 1, column: 1, message: "the file is empty") }
        if let open = batch { diagnostic(open.warning("the batch starting here has no summary record 9")) }
    }

    /// Calls `body` with each line of a file (without its line feed) and its number, reading 64 KiB at a time
    /// (decompressed ones when the file is gzip).
    private static func forEachLine(of file: String, _ body: ([UInt8], Int) throws -> Void) throws {
        let input: InputFile
        do {
            input = try InputFile(path: file)
        } catch {
            throw KTLError(file: file, line: 0, column: 0, message: "cannot open the file")
        }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        var pending: [UInt8] = []
        var lineNumber = 0
        while true {
            let count: Int
            do {
                count = try input.read(into: chunk)
            } catch {
                // Damaged gzip data is bad data at the line where it broke off; a file that cannot be read is not.
                let line = error.isDamagedGzip ? lineNumber + 1 : 0
                throw KTLError(
                    file: file, line: line, column: line > 0 ? 1 : 0, message: "\(error.what): \(error.reason)")
            }
            if count == 0 { break }
            pending.append(contentsOf: chunk[0..<count])
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                try body(Array(pending[start..<newline]), lineNumber)
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { try body(pending, lineNumber + 1) }
    }

    private static func readPayment(_ fields: Fields, file: String) throws(KTLError) -> Payment {
        guard fields.record.count >= 88 else {
            throw fields.error(at: 1, "a payment record has \(fields.record.count) characters; it needs at least 88")
        }
        let isDirectDebit = fields.record[0] == "5"
        let bban = try fields.digits(2, 15, "account number (tilinumero)")
        let cents = try fields.number(78, 87, "amount (rahamäärä)")
        let correction = fields.text(88, 88)
        guard correction == "0" || correction == "1" else {
            throw fields.error(at: 88, "correction flag (oikaisutunnus) '\(correction)' is neither 0 nor 1")
        }
        let feedback = fields.record.count >= 90 ? fields.text(90, 90) : ""
        let failed = isDirectDebit && !(feedback.isEmpty || feedback == "0")
        guard fields.text(76, 76) == "1" else {
            throw fields.error(at: 76, "the currency code is '\(fields.text(76, 76))'; only 1 (euro) is supported")
        }
        let archiveId = fields.text(28, 43)
        guard !archiveId.isEmpty else { throw fields.error(at: 28, "the archive id (arkistointitunnus) is blank") }
        let name = fields.text(64, 75)
        return Payment(
            format: "ktl", file: file, account: IBAN(finnishBBAN: bban)?.canonical, messageId: nil, entryArchiveId: nil,
            archiveId: archiveId, bookingDate: try fields.date(16, 21, "booking date (kirjauspäivä)"),
            valueDate: nil, paymentDate: try fields.date(22, 27, "payment date (maksupäivä)"),
            amount: Amount(minorUnits: cents, currency: .euro), currency: .euro, direction: correction == "1" ? .debit : .credit,
            isReversal: correction == "1", reference: StatedReference(stated: fields.text(44, 63)),
            remittanceText: nil, payerName: name.isEmpty ? nil : name, endToEndId: nil,
            returnReason: failed ? feedback : nil, entryStatus: .booked, instructedAmount: nil, charges: nil, parts: [])
    }
}

/// A KTL record that cannot be read: file, line, column (the field's first position) and what is wrong.
public struct KTLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public let file: String
    /// The line (record), counted from 1.
    public let line: Int
    /// The first position of the field, counted from 1.
    public let column: Int
    /// What is wrong.
    public let message: String

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}

/// One record's fixed-width fields, by the 1-based positions of the specification.
private struct Fields {
    let file: String
    let line: Int
    let record: [Unicode.Scalar]

    func error(at column: Int, _ message: String) -> KTLError {
        KTLError(file: file, line: line, column: column, message: message)
    }

    /// Positions `from` through `to`, trimmed; positions past the end of a short record read as blanks.
    func text(_ from: Int, _ to: Int) -> String {
        guard from <= record.count else { return "" }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: record[(from - 1)..<min(to, record.count)])
        return String(scalars).trimmingWhitespace
    }

    func digits(_ from: Int, _ to: Int, _ field: String) throws(KTLError) -> String {
        let value = text(from, to)
        guard value.count == to - from + 1, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw error(at: from, "\(field), positions \(from)–\(to): '\(value)' is not \(to - from + 1) digits")
        }
        return value
    }

    func number(_ from: Int, _ to: Int, _ field: String) throws(KTLError) -> Int64 {
        Int64(try digits(from, to, field))!
    }

    func date(_ from: Int, _ to: Int, _ field: String) throws(KTLError) -> LocalDate {
        let value = try digits(from, to, field)
        guard let date = try? LocalDate(parsing: value) else {
            throw error(at: from, "\(field), positions \(from)–\(to): '\(value)' is not a date (YYMMDD)")
        }
        return date
    }
}

/// The running totals of one batch, checked against its summary record 9.
private struct Batch {
    let file: String
    let line: Int
    var payments = (count: 0, cents: Int64(0))
    var corrections = (count: 0, cents: Int64(0))
    var failed = (count: 0, cents: Int64(0))

    init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    mutating func add(_ payment: Payment) {
        let cents = payment.amount?.minorUnits ?? 0
        if payment.isReversal {
            corrections = (corrections.count + 1, corrections.cents + cents)
        } else if payment.returnReason != nil {
            failed = (failed.count + 1, failed.cents + cents)
        } else {
            payments = (payments.count + 1, payments.cents + cents)
        }
    }

    func warning(_ message: String) -> Diagnostic {
        Diagnostic(.warning, file: file, line: line, message: message)
    }

    func check(_ summary: Fields, diagnostic: (Diagnostic) -> Void) throws(KTLError) {
        let stated: [(String, Int, Int, (count: Int, cents: Int64))] = [
            ("reference payments", 2, 8, payments), ("corrections", 19, 25, corrections),
            ("failed direct debits", 36, 42, failed),
        ]
        for (what, countStart, amountStart, actual) in stated {
            let countText = summary.text(countStart, countStart + 5)
            let amountText = summary.text(amountStart, amountStart + 10)
            if countText.isEmpty && amountText.isEmpty { continue }
            let count = try summary.number(countStart, countStart + 5, "number of \(what)")
            let cents = try summary.number(amountStart, amountStart + 10, "amount of \(what)")
            if count != actual.count || cents != actual.cents {
                diagnostic(
                    Diagnostic(
                        .warning, file: file, line: summary.line, column: countStart,
                        message: "the summary says \(count) \(what) of \(Amount(minorUnits: cents, currency: .euro)), "
                            + "the batch holds \(actual.count) of \(Amount(minorUnits: actual.cents, currency: .euro))"))
            }
        }
    }
}
