import Foundation
import TestSupport
import XCTest

/// `saatava insight` through the built binary over a few days of hand-made files (docs/insight.md).
final class InsightCommandTests: XCTestCase {
    func test_insight_reportsTheLedgerAsJSON_reversedPaymentsDoNotCount() throws {
        let work = try Workdir(in: try temporaryDirectory("insight"))
        // INV1 (due 2026-06-15) is never paid; INV2 (due 2026-07-15) is paid 10 days late.
        try work.drop("invoices-1.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232", date: "2026-06-01",
                                                          due: "2026-06-15"))
        try work.drop("invoices-2.xml", HandMade.finvoice("INV2", amount: "200.00", reference: "1245", date: "2026-07-01",
                                                          due: "2026-07-15"))
        try work.drop("camt-1.xml", HandMade.camt([
            HandMade.Entry(archiveId: "E1", bookingDate: "2026-07-25",
                           transactions: [HandMade.Transaction(archiveId: "P1", amount: "200.00", reference: "1245")]),
        ], messageId: "M1"))
        try work.run("2026-08-03")
        // INV3 (due 2026-11-16) is paid on 2026-11-20, and the payment is reversed on 2026-11-23: it owes again.
        try work.drop("invoices-3.xml", HandMade.finvoice("INV3", amount: "50.00", reference: "1258", date: "2026-11-02",
                                                          due: "2026-11-16"))
        try work.drop("camt-2.xml", HandMade.camt([
            HandMade.Entry(archiveId: "E2", bookingDate: "2026-11-20",
                           transactions: [HandMade.Transaction(archiveId: "P3", amount: "50.00", reference: "1258")]),
        ], messageId: "M2"))
        try work.run("2026-11-20")
        try work.drop("camt-3.xml", HandMade.camt([
            HandMade.Entry(archiveId: "E3", direction: "DBIT", reversal: true, bookingDate: "2026-11-23",
                           transactions: [HandMade.Transaction(archiveId: "P3", amount: "50.00", reference: "1258")]),
        ], messageId: "M3"))
        try work.run("2026-11-23")
        let hold = try runSaatava(["hold", "--config", work.config, "add", "--invoice", "INV1", "--kind", "dispute"])
        XCTAssertEqual(hold.status, 0, hold.standardError)

        let result = try runSaatava(["insight", "--config", work.config, "--as-of", "2026-11-30"])

        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput.filter { $0 == "\n" }.count, 1, "one JSON document on one line")
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(report["asOf"] as? String, "2026-11-30")
        XCTAssertEqual(report["trendMarginDays"] as? Int, 7)
        // INV1: 2026-06-15 → 2026-11-30 is 15 + 31 + 31 + 30 + 31 + 30 = 168 days past due; INV3 14 days.
        let ageing = try XCTUnwrap((report["ageing"] as? [[String: Any]])?.first)
        XCTAssertEqual(ageing["currency"] as? String, "EUR")
        XCTAssertEqual(ageing["amount"] as? String, "150.00")
        let buckets = (ageing["buckets"] as! [[String: Any]]).map { "\($0["bucket"]!) \($0["count"]!) \($0["amount"]!)" }
        XCTAssertEqual(buckets, ["not_due 0 0.00", "1-30 1 50.00", "31-60 0 0.00", "61-90 0 0.00", "91-100 0 0.00",
                                 "over_100 1 100.00"])
        let overdue = try XCTUnwrap((report["overHundredDays"] as? [[String: Any]])?.first)
        XCTAssertEqual(overdue["invoiceNumber"] as? String, "INV1")
        XCTAssertEqual(overdue["customerId"] as? String, "id:1234567-1")
        XCTAssertEqual(overdue["customerName"] as? String, "Virtanen Oy")
        XCTAssertEqual(overdue["open"] as? String, "100.00")
        XCTAssertEqual(overdue["daysPastDue"] as? Int, 168)
        let dunning = try XCTUnwrap(overdue["dunning"] as? [String: Any])
        XCTAssertEqual(dunning["reminderLevel"] as? Int, 0)
        XCTAssertEqual(dunning["inCollection"] as? Bool, false)
        XCTAssertEqual(dunning["hold"] as? String, "dispute")
        // Paid in the window: INV2 only (INV3's payment was reversed), 10 days late.
        let payer = try XCTUnwrap((report["payers"] as? [[String: Any]])?.first)
        XCTAssertEqual(payer["invoicesPaid"] as? Int, 1)
        XCTAssertEqual(payer["averageDaysLate"] as? Double, 10)
        XCTAssertEqual(payer["weightedDaysLate"] as? Double, 10)
        XCTAssertEqual(payer["onTimePercent"] as? Double, 0)
        XCTAssertEqual(payer["open"] as? [[String: String]], [["currency": "EUR", "amount": "150.00"]])
        XCTAssertEqual(payer["overdue"] as? [[String: String]], [["currency": "EUR", "amount": "150.00"]])
        XCTAssertEqual(payer["customerName"] as? String, "Virtanen Oy")
        let slowest = try XCTUnwrap(report["slowestPayers"] as? [[String: Any]])
        XCTAssertEqual(slowest.map { $0["customerName"] as? String }, ["Virtanen Oy"])
        // The reversed payment is no recent payment: nothing to compare the previous 10 days with.
        XCTAssertEqual((report["trendAlarms"] as? [Any])?.count, 0)
        // DSO: 150.00 open ÷ 50.00 invoiced since 2026-09-02 × 90 = 270 days.
        let dso = try XCTUnwrap((report["dso"] as? [[String: Any]])?.first)
        XCTAssertEqual(dso["invoiced"] as? String, "50.00")
        XCTAssertEqual(dso["days"] as? Double, 270)
        let forecast = try XCTUnwrap((report["forecasts"] as? [[String: Any]])?.first)
        XCTAssertEqual(forecast["open"] as? String, "150.00")
        let weeks = try XCTUnwrap(forecast["weeks"] as? [[String: Any]])
        XCTAssertEqual(weeks.count, 8)
        XCTAssertEqual(weeks.first?["start"] as? String, "2026-12-01")
        XCTAssertEqual(weeks.last?["end"] as? String, "2027-01-25")
        let spread = weeks.map { Decimal(string: $0["expected"] as! String)! }.reduce(0, +)
            + Decimal(string: forecast["beyond"] as! String)!
        XCTAssertEqual(spread, 150, "the weeks and what lies beyond them add up to what is open")
        let backTest = try XCTUnwrap(forecast["backTest"] as? [String: Any])
        XCTAssertEqual(backTest["madeAsOf"] as? String, "2026-10-05")
        XCTAssertEqual((backTest["weeks"] as? [Any])?.count, 8)

        // As of the last run's day the report comes from the sums that run kept: its payers are named all the same.
        let kept = try runSaatava(["insight", "--config", work.config, "--as-of", "2026-11-23"])
        XCTAssertEqual(kept.status, 0, kept.standardError)
        let keptReport = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(kept.standardOutput.utf8)) as? [String: Any])
        for list in ["payers", "slowestPayers"] {
            let listed = try XCTUnwrap(keptReport[list] as? [[String: Any]])
            XCTAssertEqual(listed.map { $0["customerName"] as? String }, ["Virtanen Oy"], list)
        }
    }

    func test_aCustomerWhoSlowedDown_raisesTheSameNamedTrendAlarmFromTheKeptSumsAsRecomputed() throws {
        let work = try Workdir(in: try temporaryDirectory("insight-trend"))
        // In March INV4 is paid on its due date; in November INV5 is paid 20 days late: the last 90 days are 20 days
        // later than the 270 before them, more than the 7-day margin.
        try work.drop("invoices-4.xml", HandMade.finvoice(
            "INV4", amount: "100.00", reference: "1274", date: "2026-03-01", due: "2026-03-15"))
        try work.drop("camt-4.xml", HandMade.camt([
            HandMade.Entry(archiveId: "E4", bookingDate: "2026-03-15",
                           transactions: [HandMade.Transaction(archiveId: "P4", amount: "100.00", reference: "1274")]),
        ], messageId: "M4"))
        try work.run("2026-03-16")
        try work.drop("invoices-5.xml", HandMade.finvoice(
            "INV5", amount: "100.00", reference: "1287", date: "2026-10-01", due: "2026-10-15"))
        try work.drop("camt-5.xml", HandMade.camt([
            HandMade.Entry(archiveId: "E5", bookingDate: "2026-11-04",
                           transactions: [HandMade.Transaction(archiveId: "P5", amount: "100.00", reference: "1287")]),
        ], messageId: "M5"))
        try work.run("2026-11-05")

        let kept = try runSaatava(["insight", "--config", work.config, "--as-of", "2026-11-05"])
        let recomputed = try runSaatava(["insight", "--config", work.config, "--as-of", "2026-11-05", "--recompute"])

        XCTAssertEqual(kept.status, 0, kept.standardError)
        XCTAssertEqual(kept.standardOutput, recomputed.standardOutput)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(kept.standardOutput.utf8)) as? [String: Any])
        let alarms = try XCTUnwrap(report["trendAlarms"] as? [[String: Any]])
        XCTAssertEqual(alarms.map { $0["customerName"] as? String }, ["Virtanen Oy"])
        XCTAssertEqual(alarms.first?["recentDaysLate"] as? Double, 20)
        XCTAssertEqual(alarms.first?["previousDaysLate"] as? Double, 0)
        // The line: 15.3. is 235 days before 5.11. (period 11 − 7 = 4 of 0…11), 4.11. is in the last period.
        XCTAssertEqual((alarms.first?["monthlyDaysLate"] as? [Any])?.map { $0 as? Double },
                       [nil, nil, nil, nil, 0, nil, nil, nil, nil, nil, nil, 20])
    }

    /// Another seller's invoice in the ledger (the operator's batch held it) is none of the creditor's picture: once
    /// the config names the creditor, neither `saatava insight` nor the day's report counts it, and the sums the runs
    /// kept for every seller are made afresh for the creditor's own, as recomputing them says.
    func test_anotherSellersInvoice_leavesTheCreditorsPicture_onceTheConfigNamesTheCreditor() throws {
        let work = try Workdir(in: try temporaryDirectory("insight-seller"))
        try work.drop("own.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232", date: "2026-06-01",
                                                   due: "2026-06-15"))
        try work.drop("other.xml", HandMade.finvoice("INV9", amount: "900.00", reference: "1245", date: "2026-06-01",
                                                     due: "2026-06-15", seller: "2345678-0"))
        // The other seller's INV8 was paid 16 days late: a payer's figure, kept by the run.
        try work.drop("paid.xml", HandMade.finvoice("INV8", amount: "800.00", reference: "1258", date: "2026-06-01",
                                                    due: "2026-06-15", seller: "2345678-0"))
        // Its INV7 credited 30.00 more than it owed: that seller's customer credit, not the creditor's.
        try work.drop("credited.xml", HandMade.finvoice("INV7", amount: "50.00", reference: "1261", date: "2026-06-01",
                                                        due: "2026-06-15", seller: "2345678-0"))
        try work.drop("credit.xml", HandMade.finvoice("CN7", amount: "-80.00", reference: "1261", type: "INV02",
                                                      date: "2026-06-02", due: "2026-06-02", original: "INV7",
                                                      seller: "2345678-0"))
        let paid = HandMade.Transaction(archiveId: "P8", amount: "800.00", reference: "1258")
        try work.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E8", bookingDate: "2026-07-01",
                                                                transactions: [paid])], messageId: "M8"))
        try work.run("2026-11-02")
        func insight(_ extra: [String] = []) throws -> (over: [String], ageing: String, paid: Int, output: String) {
            let result = try runSaatava(["insight", "--config", work.config, "--as-of", "2026-11-03"] + extra)
            XCTAssertEqual(result.status, 0, result.standardError)
            let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
            let over = (report["overHundredDays"] as! [[String: Any]]).map { $0["invoiceNumber"] as! String }
            let ageing = (report["ageing"] as! [[String: Any]]).first?["amount"] as? String ?? "none"
            let paid = (report["payers"] as! [[String: Any]]).first?["invoicesPaid"] as? Int ?? -1
            return (over, ageing, paid, result.standardOutput)
        }
        let everyone = try insight()
        XCTAssertEqual(everyone.over, ["INV1", "INV9"], "without a creditor, every seller's")
        XCTAssertEqual(everyone.paid, 1)

        try Workdir.withCreditor.write(toFile: work.config, atomically: true, encoding: .utf8)
        try work.run("2026-11-03")
        let kept = try insight()
        XCTAssertEqual(kept.over, ["INV1"])
        XCTAssertEqual(kept.ageing, "100.00")
        XCTAssertEqual(kept.paid, 0, "the other seller's INV8 is not the customer's paying the creditor")
        XCTAssertEqual(kept.output, try insight(["--recompute"]).output, "the kept sums are the creditor's")
        let page = try String(contentsOf: work.root.appendingPathComponent("outbox/2026-11-03/report.html"),
                              encoding: .utf8)
        XCTAssertTrue(page.contains("<td>INV1</td>") && !page.contains("<td>INV9</td>"), page)
        XCTAssertTrue(page.contains(
            "<tr><th>Avoimet laskut</th><td class=\"money\">1</td><td class=\"money\">100,00\u{00A0}€</td></tr>"),
            "the open invoices' total is the creditor's, not with the other seller's 900.00")
        XCTAssertFalse(page.contains("CN7"), "nor the other seller's customer credit")
    }

    func test_insight_withoutAFinishedRunOrWithAnUnknownFormat_isAnError() throws {
        let work = try Workdir(in: try temporaryDirectory("insight-usage"))
        try work.run("2026-11-23")
        let pdf = try runSaatava(["insight", "--config", work.config, "--format", "pdf"])
        XCTAssertEqual(pdf.status, 64)
        XCTAssertTrue(pdf.standardError.hasPrefix("Error: '--format' is json or html, not 'pdf'.\n"), pdf.standardError)

        let empty = try Workdir(in: try temporaryDirectory("insight-none"))
        let none = try runSaatava(["insight", "--config", empty.config])
        XCTAssertEqual(none.status, 66, none.standardError)
    }
}
