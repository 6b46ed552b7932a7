import Foundation
import TestSupport
import XCTest

/// The CSVs for people in the config's dialect (`csv`), through the built binary: excel-fi is written as Excel in a
/// Finnish locale opens it, and the accountant's file, saved back by Excel, is applied by the next run.
final class CSVDialectTests: XCTestCase {
    private var work: Workdir!

    override func setUpWithError() throws {
        work = try Workdir(in: temporaryDirectory("dialect"), config: "{ \"workdir\": \".\", \"csv\": \"excel-fi\" }\n")
    }

    /// Day 1 writes unmatched-payments.csv in excel-fi; the accountant fills in `action`, `invoiceNumber` and `note`
    /// as Excel keeps the file (byte order mark, `;`, CRLF, decimal commas, d.M.yyyy) and drops it in
    /// inbox/decisions/; day 2 applies it: the payment is on the invoice, by decision.
    func test_excelFi_unmatchedPayments_roundTripThroughTheDecisionsFolder() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV40", amount: "1234.50", reference: "1232"))
        try work.drop("camt.xml", HandMade.camt([
            HandMade.Entry(archiveId: "E40", bookingDate: "2026-11-23", transactions: [
                HandMade.Transaction(archiveId: "P40", amount: "1234.50", reference: nil, payer: "Matti Meikäläinen"),
            ])], messageId: "M40"))
        try work.run("2026-11-23")

        let written = try Data(contentsOf: work.root.appendingPathComponent("outbox/2026-11-23/unmatched-payments.csv"))
        XCTAssertEqual(Array(written.prefix(3)), [0xEF, 0xBB, 0xBF], "a UTF-8 byte order mark")
        let lines = String(decoding: written.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        XCTAssertEqual(lines.first, "archiveId;bookingDate;amount;currency;payerName;reference;remittanceText;reason;"
            + "unapplied;suggestedInvoice;suggestionRule;confidence;action;invoiceNumber;note")
        XCTAssertEqual(lines.last, "", "CRLF after every row")
        let row = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("P40;") })
        XCTAssertEqual(lines[row], "P40;23.11.2026;1234,50;EUR;Matti Meikäläinen;;;no_reference;1234,50;;;;;;")

        // Excel saves the edited file back with its byte order mark, `;` and CRLF.
        var edited = lines
        edited[row] = String(lines[row].dropLast(3)) + ";assign;INV40;soitettu 24.11."
        try (Data([0xEF, 0xBB, 0xBF]) + Data(edited.joined(separator: "\r\n").utf8))
            .write(to: work.root.appendingPathComponent("inbox/decisions/unmatched-payments.csv"))
        try work.run("2026-11-24")

        let payment = try XCTUnwrap(try work.view("payments").first { $0["archiveId"] as? String == "P40" })
        XCTAssertEqual(payment["status"] as? String, "matched")
        let allocations = try XCTUnwrap(payment["allocations"] as? [[String: Any]])
        XCTAssertEqual(allocations.map { "\($0["invoiceNumber"]!):\($0["amount"]!):\($0["rule"]!)" }, ["INV40:1234.50:decision"])
        XCTAssertEqual(try work.view("invoices").first?["status"] as? String, "paid")
        XCTAssertEqual(try work.sqlite("SELECT note FROM decisions"), ["soitettu 24.11."])

        // The ledger's CSV views are in the dialect too.
        let listed = try runSaatava(["ledger", "invoices", "--config", work.config, "--format", "csv"]).standardOutput
        XCTAssertTrue(listed.hasPrefix("\u{FEFF}invoiceNumber;reference;"), listed)
        XCTAssertTrue(listed.contains(";1234,50;1234,50;0,00;0,00;2.11.2026;16.11.2026;paid;0;0,00;EUR\r\n"), listed)
    }
}
