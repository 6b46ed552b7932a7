import Receivables
import Reports
import XCTest

/// CSV cells never start a formula (docs/design.md, "Invariants", OWASP's CSV-injection advice), amounts stay numbers, and what
/// is written reads back as it was.
final class CSVWriterTests: XCTestCase {
    /// Texts a payer or an invoicing system could put in a file, each starting with a formula character.
    private let formulaTexts = [
        "=HYPERLINK(\"http://x\")", "+358401234567", "-foo", "@SUM(1)", "\tTab", "\rCR", "\r\nCRLF",
    ]

    private func line(_ cells: [CSVCell]) -> String {
        var csv = CSVWriter(header: ["a"])
        csv.row(cells)
        return String(csv.output.dropFirst("a\r\n".count))
    }

    func test_row_guardsTextsThatStartLikeAFormula() {
        XCTAssertEqual(line([.text("=HYPERLINK(\"http://x\")")]), "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n")
        XCTAssertEqual(
            line([.text("+358401234567"), .text("-foo"), .text("@SUM(1)")]), "'+358401234567,'-foo,'@SUM(1)\r\n")
        XCTAssertEqual(line([.text("\tTab")]), "'\tTab\r\n")
        XCTAssertEqual(line([.text("\rCR")]), "\"'\rCR\"\r\n")
        XCTAssertEqual(line([.text("=1,2")]), "\"'=1,2\"\r\n")
    }

    func test_row_leavesOtherTextsAlone() {
        XCTAssertEqual(
            line([
                .text("Äijälä Oy"), .text("RF18 5390 0754 7034"), .text("a=b"), .text(" =x"), .text(nil), .text(""),
            ]),
            "Äijälä Oy,RF18 5390 0754 7034,a=b, =x,,\r\n")
        XCTAssertEqual(line([.text("'quoted'"), .text("'")]), "'quoted','\r\n")
    }

    func test_row_guardsATextThatStartsTheWayAGuardDoes() {
        // parse would take the text's own ' for a guard: one more keeps it.
        XCTAssertEqual(line([.text("'=x"), .text("''"), .text("'-1")]), "''=x,''',''-1\r\n")
    }

    func test_row_writesNumericAmountsDatesAndCountsAsTheyAre() {
        XCTAssertEqual(
            line([
                .numeric("-10.00"), .numeric("0.00"), .numeric("1234.56"), .numeric("-5"), .numeric("2026-03-31"),
                .numeric("3"), .numeric("0.95"), .numeric(nil),
            ]),
            "-10.00,0.00,1234.56,-5,2026-03-31,3,0.95,\r\n")
    }

    func test_row_guardsANumericCellThatIsNoPlainNumber() {
        XCTAssertEqual(
            line([
                .numeric("-1+1"), .numeric("=1"), .numeric("+5"), .numeric("-"), .numeric("-1.2.3"), .numeric("-.5"),
            ]),
            "'-1+1,'=1,'+5,'-,'-1.2.3,'-.5\r\n")
    }

    func test_parse_readsBackWhatWasWritten() throws {
        let texts =
            formulaTexts + [
                "'=x", "''=x", "''", "'", "'Bob", "'quoted'", "a,b", "say \"hi\"", "two\nlines", "=1,2", "", "Äijälä",
                "-", "@", "'\t",
            ]
        var csv = CSVWriter(header: ["text", "amount"])
        for text in texts { csv.row([.text(text), .numeric("-10.00")]) }
        let rows = try CSVWriter.parse(csv.output)
        XCTAssertEqual(rows.first, ["text", "amount"])
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, texts)
        XCTAssertEqual(Set(rows.dropFirst().map { $0[1] }), ["-10.00"])
    }

    func test_parse_removesExactlyOneGuard() throws {
        XCTAssertEqual(
            try CSVWriter.parse("'=x,''=x,'''=x,'-1,'a,',''\r\n\"'\rCR\",'\tTab\r\n"),
            [["=x", "'=x", "''=x", "-1", "'a", "'", "'"], ["\rCR", "\tTab"]])
    }

    func test_writtenCSV_hasNoCellStartingAFormula() throws {
        var csv = CSVWriter(header: ["name", "amount"])
        for text in formulaTexts { csv.row([.text(text), .numeric("-10.00")]) }
        let visible = csv.output.replacingOccurrences(of: "'", with: "Q")
        for (index, row) in try CSVWriter.parse(visible).enumerated() where index > 0 {
            // With the guards made visible, every text cell starts with one.
            XCTAssertEqual(row[0].first, "Q", "\(row)")
            XCTAssertEqual(row[1], "-10.00")
        }
    }

    // MARK: Dialects

    /// excel-fi: a byte order mark, `;`, CRLF, a decimal comma in every decimal cell, dates d.M.yyyy; a text holding
    /// `;` is quoted, one holding `,` is not.
    func test_excelFi_isWhatExcelInAFinnishLocaleOpensAsColumns() {
        var csv = CSVWriter(header: ["text", "amount", "date", "count"], dialect: .excelFi)
        csv.row([.text("a;b"), .numeric("-1234.56"), .date(LocalDate(year: 2026, month: 1, day: 5)), .numeric("3")])
        csv.row([.text("1,5 kg"), .numeric("0.80"), .date(nil), .numeric("-1+1")])
        XCTAssertEqual(csv.output, "\u{FEFF}text;amount;date;count\r\n\"a;b\";-1234,56;5.1.2026;3\r\n1,5 kg;0,80;;'-1+1\r\n")
        XCTAssertEqual(
            try CSVWriter.parse(csv.output),
            [["text", "amount", "date", "count"], ["a;b", "-1234,56", "5.1.2026", "3"], ["1,5 kg", "0,80", "", "-1+1"]])
    }

    /// excel-fi keeps long digit-only identifiers whole: Excel would show 20261127123456789012 (or any number of 12
    /// digits or more) as 2,02611E+19 and save that back, and drop a leading zero; written as `="…"` it shows and saves
    /// the digits. 11 digits Excel shows as they are. Anything else that starts with `=` is still guarded.
    func test_excelFi_keepsLongDigitIdentifiersAsText() {
        var csv = CSVWriter(header: ["archiveId", "reference"], dialect: .excelFi)
        csv.row([.text("20261127123456789012"), .text("0123")])
        csv.row([.text("12345678901"), .text("1232")])
        csv.row([.text("=\"1\"+HYPERLINK(\"x\")"), .text("=\"00\"")])
        XCTAssertEqual(csv.output, "\u{FEFF}archiveId;reference\r\n\"=\"\"20261127123456789012\"\"\";\"=\"\"0123\"\"\"\r\n"
            + "12345678901;1232\r\n\"'=\"\"1\"\"+HYPERLINK(\"\"x\"\")\";\"'=\"\"00\"\"\"\r\n")
        XCTAssertEqual(try CSVWriter.parse(csv.output).dropFirst().map { $0 }, [
            ["20261127123456789012", "0123"], ["12345678901", "1232"], ["=\"1\"+HYPERLINK(\"x\")", "=\"00\""],
        ])
        // As Excel saves the file back: the digits as they were shown.
        XCTAssertEqual(try CSVWriter.parse("archiveId;reference\r\n20261127123456789012;0123\r\n")[1], ["20261127123456789012", "0123"])
        var plain = CSVWriter(header: ["archiveId"])
        plain.row([.text("20261127123456789012")])
        XCTAssertEqual(plain.output, "archiveId\r\n20261127123456789012\r\n", "RFC 4180 writes it as it is")
    }

    /// RFC 4180 stays as it was: dates ISO, dot decimals, no byte order mark.
    func test_rfc4180_writesDatesISO() {
        var csv = CSVWriter(header: ["date", "amount"])
        csv.row([.date(LocalDate(year: 2026, month: 1, day: 5)), .numeric("-1234.56")])
        XCTAssertEqual(csv.output, "date,amount\r\n2026-01-05,-1234.56\r\n")
    }

    /// parse tells the separator from the header line, quotes aside; a byte order mark is skipped.
    func test_parse_findsTheSeparatorOfTheFirstLine() throws {
        XCTAssertEqual(try CSVWriter.parse("a;b\r\n1,5;2\r\n"), [["a", "b"], ["1,5", "2"]])
        XCTAssertEqual(try CSVWriter.parse("a,b\r\n1;5,2\r\n"), [["a", "b"], ["1;5", "2"]])
        XCTAssertEqual(try CSVWriter.parse("\u{FEFF}\"x,y,z\";b\n1;2\n"), [["x,y,z", "b"], ["1", "2"]])
        XCTAssertEqual(try CSVWriter.parse("\u{FEFF}a\r\n"), [["a"]])
    }

    /// A quote opens a quoted field only at the field's start; one never closed is refused with the row it opened in,
    /// rather than read as one field holding every row after it.
    func test_parse_readsAQuoteInsideAFieldAsItIs_andRefusesOneNeverClosed() throws {
        XCTAssertEqual(try CSVWriter.parse("a,b\r\nputki 24\",x\r\n"), [["a", "b"], ["putki 24\"", "x"]])
        XCTAssertThrowsError(try CSVWriter.parse("a,b\r\n1,2\r\nP05,\"soitettu\r\nP03,refund\r\n")) { error in
            XCTAssertEqual((error as? CSVError)?.row, 3)
        }
        XCTAssertEqual(try CSVWriter.parse("a,b\r\n1,\"two\r\nlines\"\r\n"), [["a", "b"], ["1", "two\r\nlines"]])
    }

    /// A table's rows may have fewer cells than its header, or empty ones beyond it, but no text beyond it.
    func test_table_refusesTextBeyondTheHeadersColumns() throws {
        XCTAssertEqual(try CSVWriter.table("a;b\r\n1\r\n2;3;;\r\n"), [["a", "b"], ["1"], ["2", "3", "", ""]])
        XCTAssertThrowsError(try CSVWriter.table("a;b;c\r\nadd;31.3.2026:100,00;30.4.2026:100,00;note\r\n")) { error in
            XCTAssertEqual((error as? CSVError)?.row, 2)
            XCTAssertTrue("\(error)".contains("4 cells where the header names 3 columns"), "\(error)")
        }
    }

    /// Dates as people and spreadsheets write them in the accountant's CSVs.
    func test_dateAsWritten_takesISOAndDayMonthYear() throws {
        let day = LocalDate(year: 2026, month: 1, day: 5)
        XCTAssertEqual(try LocalDate(asWritten: "2026-01-05"), day)
        XCTAssertEqual(try LocalDate(asWritten: "5.1.2026"), day)
        XCTAssertEqual(try LocalDate(asWritten: "05.01.2026"), day)
        for wrong in ["5.1.26", "32.1.2026", "29.2.2026", "5.1.2026.", "a.1.2026", "2026-1-5", "5..2026", ""] {
            XCTAssertThrowsError(try LocalDate(asWritten: wrong), wrong)
        }
    }

    /// journal.csv written piece by piece (the run takes the text every few thousand lines) is the very text taken
    /// once at the end, in each dialect: the header and the BOM once, no row lost or doubled at a take.
    func test_journalCSV_takenPieceByPiece_isTheWholeText() throws {
        let currency = try XCTUnwrap(Currency(code: "EUR"))
        let day = try XCTUnwrap(LocalDate(year: 2026, month: 11, day: 27))
        let lines = (1...7).map { (index: Int) -> JournalLineView in
            let carried = index < 7
            let cents = Int64(index) * 1_001
            let debit = index.isMultiple(of: 2)
            return JournalLineView(
                run: carried ? 3 : nil, date: carried ? day : nil, voucher: carried ? "2026-11-27/\(index)" : nil,
                account: debit ? "1910" : "1700", debit: debit ? cents : 0, credit: debit ? 0 : cents,
                currency: currency, source: "ARCHIVE-\(index)", memo: "=memo \(index); \"quoted\"")
        }
        for dialect in [CSVDialect.rfc4180, .excelFi] {
            var all = JournalCSV(dialect: dialect)
            for line in lines { all.append(line) }
            let whole = all.take()
            XCTAssertTrue(whole.hasPrefix((dialect == .excelFi ? "\u{FEFF}" : "") + "run"), "the header once, at the start")
            var csv = JournalCSV(dialect: dialect)
            var pieces = csv.take()
            for (index, line) in lines.enumerated() {
                csv.append(line)
                if index.isMultiple(of: 3) { pieces += csv.take() }
            }
            pieces += csv.take()
            XCTAssertEqual(pieces, whole, "\(dialect)")
            XCTAssertEqual(whole.components(separatedBy: "\r\n").count, lines.count + 2, "header, lines, the last line end")
            XCTAssertEqual(csv.take(), "", "taken text is not given again")
        }
    }
}
