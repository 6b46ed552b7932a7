import Foundation
import TestSupport
import XCTest

/// The accountant's list grows with the day, not with history: payments to decide on booked in the last 30 days are
/// listed in full on the page and in the decisions form; older ones are summed up by reason and age, and listed whole
/// by `saatava ledger payments --status unmatched`.
final class AccountantListTests: XCTestCase {
    func test_olderPaymentsToDecide_areSummedUp_notListed() throws {
        let work = try Workdir(in: try temporaryDirectory("older"), config: "{ \"workdir\": \".\", \"language\": \"en\" }")
        func payment(_ archiveId: String, _ amount: String, day: String) -> HandMade.Entry {
            HandMade.Entry(archiveId: "E-" + archiveId, bookingDate: day,
                           transactions: [HandMade.Transaction(archiveId: archiveId, amount: amount, reference: "1287")])
        }
        // Nobody's reference: P-OLD (40 days before the last day), P-EDGE (30 days before), P-NEW (that day).
        try work.drop("camt-1.xml", HandMade.camt([payment("P-OLD", "40.00", day: "2026-02-01")], messageId: "M1"))
        try work.run("2026-02-01")
        try work.drop("camt-2.xml", HandMade.camt([payment("P-EDGE", "30.00", day: "2026-02-11")], messageId: "M2"))
        try work.run("2026-02-11")
        try work.drop("camt-3.xml", HandMade.camt([payment("P-NEW", "10.00", day: "2026-03-13")], messageId: "M3"))
        try work.run("2026-03-13")

        let outbox = work.root.appendingPathComponent("outbox/2026-03-13")
        let csv = try String(contentsOf: outbox.appendingPathComponent("unmatched-payments.csv"), encoding: .utf8)
        XCTAssertTrue(csv.contains("P-NEW") && csv.contains("P-EDGE"), csv)
        XCTAssertFalse(csv.contains("P-OLD"), "booked 40 days ago: not in the decisions form")
        let page = try String(contentsOf: outbox.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertFalse(page.contains("P-OLD"))
        XCTAssertTrue(page.contains("<h3>Payments to decide on, booked over 30 days ago</h3>"), page)
        XCTAssertTrue(page.contains("<td>31–60 days ago</td><td class=\"money\">1</td><td class=\"money\">€40.00</td>"), page)
        XCTAssertTrue(page.contains("<td class=\"money\">3</td><td class=\"money\">€80.00</td>"),
                      "the day's figure counts every payment to decide")
        let all = try runSaatava(["ledger", "payments", "--config", work.config, "--status", "unmatched", "--format", "csv"])
        XCTAssertTrue(all.standardOutput.contains("P-OLD"), "the whole list on demand")
        // The list says its currency: an accountant summing or refunding from it must not take francs for euros.
        let rows = all.standardOutput.split(whereSeparator: \.isNewline)
        XCTAssertEqual(rows.first?.split(separator: ",").last, "currency", all.standardOutput)
        XCTAssertEqual(rows.first { $0.contains("P-OLD") }?.split(separator: ",").last, "EUR", all.standardOutput)
        let json = try runSaatava(["ledger", "payments", "--config", work.config, "--status", "unmatched"])
        XCTAssertTrue(json.standardOutput.contains("\"currency\":\"EUR\""), json.standardOutput)
    }
}
