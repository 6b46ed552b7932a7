import Foundation
import SystemIO
import TestSupport
import XCTest

/// Dunning over a generated history of 200 business days (`gen --days`: customers who pay on time, late, partly or
/// never), run day by day through the built binary with disputes added on the way and five days missed; then every
/// reminder issued is checked against the law and the policy, as things stood on the day it was issued.
final class DunningHistoryTests: XCTestCase {
    /// A reminder, with its invoice as it stood when the reminder was issued.
    private struct Issued {
        let invoice: String, customer: String, step: Int, issuedOn: String, fee: Int, compensation: Int, rule: String
        let invoiceDate: String, dueDate: String, amount: Int, paidThen: Int
    }

    private func days(_ from: String, _ to: String) -> Int {
        func day(_ text: String) -> Int {
            let parts = text.split(separator: "-").map { Int($0)! }
            var components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
            components.timeZone = TimeZone(identifier: "UTC")
            return Int(Calendar(identifier: .gregorian).date(from: components)!.timeIntervalSince1970 / 86_400)
        }
        return day(to) - day(from)
    }

    func test_twoHundredDays_everyReminderLawful_noStepTwice_noneForPaidOrDisputedInvoices() throws {
        let root = try temporaryDirectory("dunning-history")
        let history = root.appendingPathComponent("history")
        let generated = try runSaatava(["gen", "--days", "200", "--invoices", "3", "--seed", "11", "--as-of", "2025-06-02",
                                        "--out", history.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let config = work.appendingPathComponent("config.json").path
        try """
            { "workdir": ".", "creditor": { "name": "Kaukokiito Testi Oy", "businessId": "1234567-1", "iban": "FI2112345600000785",
              "eInvoiceAddress": "003712345671", "eInvoiceIntermediator": "NDEAFIHH" } }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let saatava = Bundle.main.bundleURL.appendingPathComponent("saatava").path

        let allDays = try FileManager.default.contentsOfDirectory(atPath: history.appendingPathComponent("days").path).sorted()
        var disputes: [String: (from: String, until: String)] = [:]
        for (index, day) in allDays.enumerated() {
            for name in try FileManager.default.contentsOfDirectory(atPath: history.appendingPathComponent("days/\(day)/inbox").path) {
                try FileManager.default.copyItem(at: history.appendingPathComponent("days/\(day)/inbox/\(name)"),
                                                 to: work.appendingPathComponent("inbox/\(name)"))
            }
            if (100..<105).contains(index) { continue }  // five business days without a run: the sixth catches up
            // Spawned directly: Foundation's Process costs a tenth of a second a start, two hundred times.
            let run = try ChildProcess.run(saatava, ["run", "--config", config, "--as-of", day])
            XCTAssertTrue([0, 65].contains(run.status), "\(day): exit \(run.status)")
            // Now and then a dispute, for three weeks, on the first invoice that has had a reminder and still owes.
            guard index % 30 == 15, index + 15 < allDays.count else { continue }
            let reminded = try runSaatava(["ledger", "reminders", "--config", config]).standardOutput
            let open = try runSaatava(["ledger", "invoices", "--config", config, "--status", "open"]).standardOutput
            guard let invoice = reminded.split(separator: "\n").compactMap({ line -> String? in
                let number = (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["invoiceNumber"] as? String
                return number.flatMap { open.contains("\"invoiceNumber\":\"\($0)\"") && disputes[$0] == nil ? $0 : nil }
            }).first else { continue }
            let (from, until) = (allDays[index + 1], allDays[index + 15])
            let added = try runSaatava(["hold", "--config", config, "add", "--invoice", invoice, "--kind", "dispute",
                                        "--from", from, "--until", until])
            XCTAssertEqual(added.status, 0, added.standardError)
            disputes[invoice] = (from, until)
        }

        // Every reminder with its invoice as it stood that day: what runs up to then had applied to it.
        let rows = try sqlite3(work.appendingPathComponent("state/saatava.sqlite").path, separator: "\t", """
            SELECT i.invoice_number, c.key, m.step, m.issued_on, m.fee, m.compensation, coalesce(m.fee_rule, ''), i.invoice_date,
                i.due_date, i.amount, coalesce((SELECT sum(a.amount) FROM allocations a JOIN runs r ON r.id = a.run_id
                    WHERE a.invoice_id = i.id AND r.as_of <= m.issued_on AND r.status = 'finished'), 0)
            FROM reminders m JOIN invoices i ON i.id = m.invoice_id JOIN customers c ON c.id = i.customer_id
            WHERE m.action = 'reminder' ORDER BY m.id
            """)
        let issued = rows.map { line -> Issued in
            let field = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Issued(invoice: field[0], customer: field[1], step: Int(field[2])!, issuedOn: field[3], fee: Int(field[4])!,
                          compensation: Int(field[5])!, rule: field[6], invoiceDate: field[7], dueDate: field[8],
                          amount: Int(field[9])!, paidThen: Int(field[10])!)
        }

        for (position, reminder) in issued.enumerated() {
            let what = "\(reminder.issuedOn) \(reminder.invoice) step \(reminder.step)"
            let earlier = issued[..<position].filter { $0.invoice == reminder.invoice }
            XCTAssertEqual(earlier.map(\.step), Array(1..<reminder.step), "\(what): each step once, in order")
            XCTAssertFalse(earlier.contains { $0.issuedOn == reminder.issuedOn }, "\(what): one step a day, also after missed days")
            XCTAssertGreaterThan(reminder.amount - reminder.paidThen, 0, "\(what): no reminder for a paid invoice")
            if let dispute = disputes[reminder.invoice] {
                XCTAssertFalse(dispute.from <= reminder.issuedOn && reminder.issuedOn <= dispute.until, "\(what): disputed")
            }
            let isBusiness = reminder.customer.hasPrefix("id:")
            XCTAssertLessThanOrEqual(reminder.fee, isBusiness ? 12_00 : 5_00, "\(what): within the fee cap")
            if reminder.fee > 0 {
                if let previous = earlier.last {
                    XCTAssertGreaterThanOrEqual(days(previous.issuedOn, reminder.issuedOn), isBusiness ? 10 : 14, "\(what): \(reminder.rule)")
                }
                if !isBusiness {
                    XCTAssertGreaterThanOrEqual(days(reminder.dueDate, reminder.issuedOn), 14, "\(what): 10 b § 1 mom")
                    XCTAssertGreaterThanOrEqual(days(reminder.invoiceDate, reminder.dueDate), 14, "\(what): 10 b § 1 mom")
                }
            }
            let all = earlier + [reminder]
            if isBusiness {
                XCTAssertLessThanOrEqual(all.filter { $0.compensation > 0 }.count, 1, "\(what): the compensation once")
                XCTAssertTrue(all.allSatisfy { $0.compensation == 0 || $0.compensation == 40_00 }, what)
                XCTAssertTrue(all.contains { $0.compensation > 0 } || all.allSatisfy { $0.fee == 0 }, "\(what): fees only beyond it")
            } else {
                XCTAssertEqual(reminder.compensation, 0, "\(what): no compensation from a consumer")
                XCTAssertLessThanOrEqual(all.reduce(0) { $0 + $1.fee }, 60_00, "\(what): 10 d §")
            }
        }
        XCTAssertGreaterThan(issued.count, 30, "the history gives dunning work")
        XCTAssertTrue(issued.contains { $0.fee > 0 && !$0.customer.hasPrefix("id:") }, "consumers were charged fees")
        XCTAssertTrue(issued.contains { $0.compensation > 0 }, "a business was charged the compensation")
        XCTAssertFalse(disputes.isEmpty, "disputes were tried")
        let catchUp = allDays[105]
        XCTAssertTrue(issued.contains { $0.issuedOn == catchUp }, "the day after the gap issued what fell due in it")
    }
}
