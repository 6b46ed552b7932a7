import Foundation
import Ledger
import Receivables
import Reports
import TestSupport
import XCTest

@testable import Pipeline

final class DecisionsCSVTests: XCTestCase {
    /// A decisions file written with saatava's own CSV writer (as unmatched-payments.csv is, and then edited in a
    /// spreadsheet) reads back with the texts as they were, their formula guards removed.
    func test_read_removesTheFormulaGuardsTheWriterAdded() throws {
        var csv = CSVWriter(header: ["archiveId", "amount", "payerName", "action", "invoiceNumber", "note"])
        csv.row([
            .text("-A1"), .numeric("-10.00"), .text("=HYPERLINK(\"http://x\")"), .text("assign"), .text("+358"),
            .text("@SUM(1)"),
        ])
        csv.row([.text("'=A2"), .numeric("5.00"), .text("\tTab"), .text("refund"), .text(nil), .text("\rCR led")])
        XCTAssertTrue(csv.output.contains("'-A1,-10.00,"), csv.output)
        let path = try temporaryDirectory().appendingPathComponent("decisions.csv").path
        try csv.output.write(toFile: path, atomically: true, encoding: .utf8)

        let rows = try DecisionsCSV.read(path)

        XCTAssertEqual(rows.map(\.archiveId), ["-A1", "'=A2"])
        XCTAssertEqual(rows.map(\.decision), [.assign(invoiceNumber: "+358"), .refund])
        XCTAssertEqual(rows.map(\.note), ["@SUM(1)", "\rCR led"])
    }

    /// A note whose closing quote is missing would swallow the rows after it: the file is refused, naming the row.
    func test_read_refusesAQuoteNeverClosed_namingItsRow() throws {
        let path = try temporaryDirectory().appendingPathComponent("decisions.csv").path
        try "archiveId,action,invoiceNumber,note\nP05,ignore,,\"soitettu 5.3.\nP03,refund,,\nP01,assign,7002,\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DecisionsCSV.read(path)) { error in
            XCTAssertEqual("\(error)", "\(path):2: a quote opened in this row is never closed")
        }
    }

    /// The list's `amount` and `unapplied` come with each decision, to be checked against the payment; empty cells,
    /// or a file without those columns, say nothing.
    func test_read_keepsWhatTheListSaidOfEachPayment() throws {
        let directory = try temporaryDirectory()
        let listed = directory.appendingPathComponent("listed.csv").path
        try "archiveId;amount;unapplied;action;invoiceNumber\nP1;1500,00;700,00;refund;\nP2;;;ignore;\n"
            .write(toFile: listed, atomically: true, encoding: .utf8)
        XCTAssertEqual(try DecisionsCSV.read(listed).map(\.listed), [
            ListedPayment(amount: "1500,00", unapplied: "700,00"), ListedPayment(amount: nil, unapplied: nil),
        ])
        let bare = directory.appendingPathComponent("bare.csv").path
        try "archiveId,action,invoiceNumber\nP1,refund,\n".write(toFile: bare, atomically: true, encoding: .utf8)
        XCTAssertEqual(try DecisionsCSV.read(bare).map(\.listed), [ListedPayment(amount: nil, unapplied: nil)])
    }

    /// A decision on no payment (its archive id left empty) is refused, naming its row.
    func test_read_refusesADecisionWithoutAnArchiveId() throws {
        let path = try temporaryDirectory().appendingPathComponent("decisions.csv").path
        try "archiveId,action,invoiceNumber\nP1,refund,\n,ignore,\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DecisionsCSV.read(path)) { error in
            XCTAssertEqual("\(error)", "\(path):3: 'ignore' names no payment: its archiveId is empty")
        }
    }

    /// A header without a column the decisions need is refused, the file named as the caller names it.
    func test_read_refusesAHeaderWithoutAColumn_namingTheFile() throws {
        let path = try temporaryDirectory().appendingPathComponent("decisions.csv").path
        try "payment,action,invoiceNumber\nP1,refund,\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DecisionsCSV.read(path, named: "decisions/monday.csv")) { error in
            XCTAssertEqual("\(error)", "decisions/monday.csv:1: the header has no 'archiveId' column")
        }
    }
}
