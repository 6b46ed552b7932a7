import Foundation
import TestSupport
import XCTest

/// A generated history replayed the way a user does it: each day's inbox copied into the working directory and
/// `saatava run --as-of <day>`, day after day; after each run the ledger's views say what that day's truth says, and
/// the same as a second working directory whose runs match every waiting payment against every open invoice
/// (`--rematch-all`): the daily pass reads only what the day touches and must conclude the same; and so must a third
/// whose runs match their days in parts of three payments (`--match-part 3`). Insight from the sums each run keeps must
/// be insight recomputed from the whole window.
final class HistoryReplayTests: XCTestCase {
    func test_historyReplayedDayByDay_endsEachDayAsItsTruthSays() throws {
        let root = try temporaryDirectory("replay")
        let history = root.appendingPathComponent("history")
        let generated = try runSaatava(["gen", "--days", "30", "--invoices", "12", "--seed", "2", "--out", history.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let config = work.appendingPathComponent("config.json").path
        try "{ \"workdir\": \".\" }\n".write(toFile: config, atomically: true, encoding: .utf8)
        let everything = root.appendingPathComponent("everything")
        try FileManager.default.createDirectory(at: everything.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let everythingConfig = everything.appendingPathComponent("config.json").path
        try "{ \"workdir\": \".\" }\n".write(toFile: everythingConfig, atomically: true, encoding: .utf8)
        let inParts = root.appendingPathComponent("parts")
        try FileManager.default.createDirectory(
            at: inParts.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let partsConfig = inParts.appendingPathComponent("config.json").path
        try "{ \"workdir\": \".\" }\n".write(toFile: partsConfig, atomically: true, encoding: .utf8)

        var invoices: [String: [String: Any]] = [:]
        var firstSeen: [String: Int] = [:]
        var payments: [String: [String: Any]] = [:]
        var checkedCases = Set<String>()
        var creditedBeforeIssued = Set<String>()
        var daysInParts = 0
        let days = try FileManager.default.contentsOfDirectory(atPath: history.appendingPathComponent("days").path).sorted()
        for (index, day) in days.enumerated() {
            let inbox = history.appendingPathComponent("days/\(day)/inbox")
            for name in try FileManager.default.contentsOfDirectory(atPath: inbox.path) {
                for folder in [work, everything, inParts] {
                    try FileManager.default.copyItem(at: inbox.appendingPathComponent(name),
                                                     to: folder.appendingPathComponent("inbox/\(name)"))
                }
            }
            let run = try runSaatava(["run", "--config", config, "--as-of", day])
            XCTAssertEqual(run.status, 0, "\(day): \(run.standardError)")
            let fullRun = try runSaatava(["run", "--config", everythingConfig, "--as-of", day, "--rematch-all"])
            XCTAssertEqual(fullRun.status, 0, "\(day): \(fullRun.standardError)")
            let partsRun = try runSaatava(["run", "--config", partsConfig, "--as-of", day, "--match-part", "3"])
            XCTAssertEqual(partsRun.status, 0, "\(day): \(partsRun.standardError)")
            if partsRun.standardError.contains("match part 2:") { daysInParts += 1 }
            // Insight from the sums the run kept is insight from its whole window read again.
            let kept = try runSaatava(["insight", "--config", config])
            XCTAssertEqual(kept.status, 0, kept.standardError)
            XCTAssertEqual(kept.standardOutput, try runSaatava(["insight", "--config", config, "--recompute"]).standardOutput,
                           "\(day): insight from the kept sums and recomputed differ")
            for view in ["invoices", "payments", "journal"] {
                let daily = try runSaatava(["ledger", view, "--config", config]).standardOutput
                XCTAssertEqual(daily, try runSaatava(["ledger", view, "--config", everythingConfig]).standardOutput,
                               "\(day): the \(view) of the daily pass and of --rematch-all differ")
                // The parts make the same vouchers; a reversal's may come after a part's payments, not before them.
                let parts = try runSaatava(["ledger", view, "--config", partsConfig]).standardOutput
                XCTAssertEqual(view == "journal" ? withoutVoucherOrder(daily) : [daily],
                               view == "journal" ? withoutVoucherOrder(parts) : [parts],
                               "\(day): the \(view) of the daily pass and of the day matched in parts of 3 differ")
            }

            let truth = try JSONSerialization.jsonObject(
                with: Data(contentsOf: history.appendingPathComponent("days/\(day)/truth.json"))) as! [String: Any]
            for invoice in truth["invoices"] as! [[String: Any]] {
                let number = invoice["invoiceNumber"] as! String
                invoices[number] = invoice
                if firstSeen[number] == nil { firstSeen[number] = index }
            }
            for payment in truth["payments"] as! [[String: Any]] { payments[key(payment)] = payment }
            for (number, note) in invoices where note["type"] as? String == "credit_note" {
                let original = note["originalInvoiceNumber"] as! String
                if firstSeen[number]! < firstSeen[original] ?? Int.max { creditedBeforeIssued.insert(original) }
            }

            let ledgerInvoices = try lines(["ledger", "invoices", "--config", config])
            let byNumber = Dictionary(uniqueKeysWithValues: ledgerInvoices.map { ($0["invoiceNumber"] as! String, $0) })
            XCTAssertEqual(Set(byNumber.keys), Set(invoices.filter { $0.value["type"] as? String == "invoice" }.keys), day)
            for (number, expected) in invoices where expected["type"] as? String == "invoice" {
                for field in ["paid", "credited", "open", "status"] {
                    XCTAssertEqual(byNumber[number]?[field] as? String, expected[field] as? String, "\(day) \(number) \(field)")
                }
            }
            let ledgerPayments = try lines(["ledger", "payments", "--config", config])
            XCTAssertEqual(Set(ledgerPayments.map(ledgerKey)), Set(payments.keys), "\(day): the same payments, no more")
            for actual in ledgerPayments {
                guard let expected = payments[ledgerKey(actual)] else { continue }
                let paymentCase = expected["case"] as! String
                checkedCases.insert(paymentCase)
                for field in ["status", "reason", "unapplied"] {
                    XCTAssertEqual(actual[field] as? String, expected[field] as? String,
                                   "\(day) \(ledgerKey(actual)) (\(paymentCase)) \(field)")
                }
            }
        }
        XCTAssertEqual(checkedCases, ["on_time", "late", "partial", "rest", "overpayment", "duplicate", "before_invoice",
                                      "credit_note_net", "reversal", "reversal_by_archive_id", "repayment", "pending",
                                      "unknown_reference", "wrong_check_digit", "invoice_number_in_text"])
        XCTAssertFalse(creditedBeforeIssued.isEmpty, "a credit note delivered before its invoice was checked")
        XCTAssertGreaterThan(daysInParts, days.count / 2, "most days were matched in parts")
    }

    /// Journal lines without their voucher numbers, sorted: the same lines whatever order the vouchers came in.
    private func withoutVoucherOrder(_ journal: String) -> [String] {
        journal.split(separator: "\n").map { String($0.replacing(/"voucher":"[^"]*",/, with: "")) }.sorted()
    }

    private func lines(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try runSaatava(arguments)
        XCTAssertEqual(result.status, 0, result.standardError)
        return try result.standardOutput.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// A truth payment's key: its archive id, and whether it is a reversal (which may carry its original's).
    private func key(_ payment: [String: Any]) -> String {
        (payment["archiveId"] as! String) + (payment["reversal"] as! Bool ? " reversal" : "")
    }

    private func ledgerKey(_ payment: [String: Any]) -> String {
        let isReversal = payment["status"] as? String == "reversal" || payment["reverses"] is String
        return (payment["archiveId"] as! String) + (isReversal ? " reversal" : "")
    }
}
