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

    func test_parse_readsBackWhatWasWritten() {
        let texts =
            formulaTexts + [
                "'=x", "''=x", "''", "'", "'Bob", "'quoted'", "a,b", "say \"hi\"", "two\nlines", "=1,2", "", "Äijälä",
                "-", "@", "'\t",
            ]
        var csv = CSVWriter(header: ["text", "amount"])
        for text in texts { csv.row([.text(text), .numeric("-10.00")]) }
        let rows = CSVWriter.parse(csv.output)
        XCTAssertEqual(rows.first, ["text", "amount"])
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, texts)
        XCTAssertEqual(Set(rows.dropFirst().map { $0[1] }), ["-10.00"])
    }

    func test_parse_removesExactlyOneGuard() {
        XCTAssertEqual(
            CSVWriter.parse("'=x,''=x,'''=x,'-1,'a,',''\r\n\"'\rCR\",'\tTab\r\n"),
            [["=x", "'=x", "''=x", "-1", "'a", "'", "'"], ["\rCR", "\tTab"]])
    }

    func test_writtenCSV_hasNoCellStartingAFormula() {
        var csv = CSVWriter(header: ["name", "amount"])
        for text in formulaTexts { csv.row([.text(text), .numeric("-10.00")]) }
        let visible = csv.output.replacingOccurrences(of: "'", with: "Q")
        for (index, row) in CSVWriter.parse(visible).enumerated() where index > 0 {
            // With the guards made visible, every text cell starts with one.
            XCTAssertEqual(row[0].first, "Q", "\(row)")
            XCTAssertEqual(row[1], "-10.00")
        }
    }
}
