import Foundation
import Receivables
import Reports
import TestSupport
import XCTest

@testable import Pipeline

final class HoldsCSVTests: XCTestCase {
    private func write(_ text: String) throws -> String {
        let path = try temporaryDirectory().appendingPathComponent("holds.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The `holds` view's CSV with an action column added reads back: the plan's instalments, its dates and its note
    /// as they were written (formula guards removed); rows without an action are skipped.
    func test_read_takesBackWhatTheHoldsViewWrites() throws {
        let view = HoldView(
            id: 4, invoiceNumber: "INV1", customerId: "id:1234567-1", kind: .plan, from: try LocalDate(exactly: "2026-11-24"),
            until: try LocalDate(exactly: "2027-01-31"),
            instalments: [.init(date: try LocalDate(exactly: "2026-12-01"), amount: 4_000),
                          .init(date: try LocalDate(exactly: "2027-01-15"), amount: 6_050)],
            status: .active, note: "=call first")
        let listed = LedgerExport.holds([view], csv: .rfc4180).split(separator: "\r\n").map(String.init)
        let text = ["action," + listed[0], "add," + listed[1], "release," + listed[1], "," + listed[1]]
            .joined(separator: "\r\n") + "\r\n"

        let rows = try HoldsCSV.read(try write(text))

        XCTAssertEqual(rows, [
            HoldsCSV.Row(line: 2, action: .add(HoldRequest(
                invoiceNumber: "INV1", customerId: "id:1234567-1", kind: .plan, from: view.from, until: view.until,
                instalments: view.instalments, note: "=call first")), note: "=call first"),
            HoldsCSV.Row(line: 3, action: .release(id: 4), note: "=call first"),
        ])
        XCTAssertTrue(HoldsCSV.isHoldsFile("Holds-2026-11.CSV"))

        // The same in excel-fi, as Excel in a Finnish locale saves it: a byte order mark, `;`, dates d.M.yyyy and
        // decimal commas, also in the instalments.
        let excel = LedgerExport.holds([view], csv: .excelFi).dropFirst().split(separator: "\r\n").map(String.init)
        XCTAssertEqual(excel[1], "4;INV1;id:1234567-1;plan;24.11.2026;31.1.2027;\"1.12.2026:40,00;15.1.2027:60,50\";active;'=call first")
        let saved = "\u{FEFF}" + ["action;" + excel[0], "add;" + excel[1], "release;" + excel[1], ";" + excel[1]]
            .joined(separator: "\r\n") + "\r\n"
        XCTAssertEqual(try HoldsCSV.read(try write(saved)), rows)
        XCTAssertFalse(HoldsCSV.isHoldsFile("unmatched-payments.csv"))
    }

    func test_read_namesTheFileAndLineOfWhatItCannotRead() throws {
        let cases = [
            ("kind\r\nplan\r\n", ":1: the header has no 'action' column"),
            ("action,kind\r\nadd,pause\r\n", ":2: kind 'pause' is not hold, dispute or plan"),
            ("action,invoiceNumber\r\nadd,INV1\r\n", ":2: 'add' needs a kind: hold, dispute or plan"),
            ("action,kind,from\r\n,,\r\nadd,hold,31.11.2026\r\n",
             ":3: '31.11.2026' is not a valid date: expected d.M.yyyy or YYYY-MM-DD, a real day"),
            ("action,kind,from\r\nadd,hold,2026-12-1\r\n", ":2: '2026-12-1' is not a valid date: expected YYYY-MM-DD, a real day"),
            ("action,kind,instalments\r\nadd,plan,2026-12-01:10;2026-12-02:-1\r\n",
             ":2: '2026-12-02:-1' is not a valid instalment: an instalment is more than zero"),
            ("action,id\r\nrelease,\r\n", ":2: 'release' needs the hold's id"),
            ("action\r\npause\r\n", ":2: action 'pause' is not add or release"),
        ]
        for (text, message) in cases {
            let path = try write(text)
            XCTAssertThrowsError(try HoldsCSV.read(path), message) { XCTAssertEqual("\($0)", path + message) }
        }
    }
}
