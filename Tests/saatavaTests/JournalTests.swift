import Foundation
import TestSupport
import Workload
import XCTest

/// The journal for the books (docs/journal.md) through the built binary: the lines of hand-made days, the balance
/// checks after every day of a generated history, and a run killed midway.
final class JournalTests: XCTestCase {
    /// Σ debit − Σ credit per account over the `journal` view, in cents.
    private func balances(_ work: Workdir) throws -> [String: Int] {
        var sums: [String: Int] = [:]
        for line in try work.view("journal") {
            let debit = cents(line["debit"] as? String)
            let credit = cents(line["credit"] as? String)
            sums[line["account"] as! String, default: 0] += debit - credit
        }
        return sums
    }

    /// An amount of a view in cents: a decimal string, or a JSON number (the reminders view's).
    private func cents(_ value: Any?) -> Int {
        if let number = value as? NSNumber { return Int((number.doubleValue * 100).rounded()) }
        guard let text = value as? String else { return 0 }
        let parts = text.split(separator: ".")
        return Int(parts[0])! * 100 + Int(parts[1])!
    }

    /// The day's journal.csv holds the day's lines of the `journal` view, and `saatava status` says it balances.
    private func checkDay(_ work: Workdir, _ day: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let csv = try String(contentsOf: work.root.appendingPathComponent("outbox/\(day)/journal.csv"), encoding: .utf8)
        let view = try runSaatava(["ledger", "journal", "--config", work.config, "--format", "csv"]).standardOutput
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(rows.first, "run,date,voucher,account,debit,credit,currency,source,memo", file: file, line: line)
        let ofTheDay = view.components(separatedBy: "\r\n").filter { $0.contains(",\(day),\(day)/") }
        XCTAssertEqual(Array(rows.dropFirst()), ofTheDay, "\(day): journal.csv is the day's lines", file: file, line: line)
        let status = try runSaatava(["status", "--config", work.config])
        XCTAssertTrue(status.standardOutput.contains("Journal: balanced"), "\(day): \(status.standardOutput)", file: file, line: line)
        XCTAssertFalse(status.standardOutput.contains("journal does not balance"), status.standardOutput, file: file, line: line)
    }

    /// A payment, a partial, an overpayment refunded by a decision, a reversal, a credit note, and a reminder's fee and
    /// interest then paid: each booked to the accounts docs/journal.md names, and the balances hold each day.
    func test_handMadeDays_postTheirMoney_andBalanceEveryDay() throws {
        // Penalty interest in the second half of 2026 needs its reference rate.
        let config = Workdir.withCreditor.replacingOccurrences(
            of: "{ \"workdir\": \".\",", with: "{ \"workdir\": \".\", \"referenceRates\": [{\"from\": \"2026-07-01\", \"rate\": \"2.0\"}],")
        let work = try Workdir(in: temporaryDirectory("journal"), config: config)
        func pay(_ id: String, _ amount: String, _ reference: String, day: String) -> HandMade.Entry {
            HandMade.Entry(archiveId: "E" + id, bookingDate: day,
                           transactions: [HandMade.Transaction(archiveId: id, amount: amount, reference: reference)])
        }
        for (number, amount, reference) in [("INV1", "100.00", "1009"), ("INV2", "80.00", "2008"), ("INV3", "50.00", "3007"),
                                            ("INV4", "40.00", "4006"), ("INV5", "70.00", "5005")] {
            try work.drop("\(number).xml", HandMade.finvoice(number, amount: amount, reference: reference))
        }
        try work.drop("INV6.xml", HandMade.finvoice("INV6", amount: "200.00", reference: "6004", buyer: "Aino Laine", buyerId: nil))
        try work.drop("camt-1.xml", HandMade.camt([
            pay("P1", "100.00", "1009", day: "2026-11-20"), pay("P2", "30.00", "2008", day: "2026-11-20"),
            pay("P3", "60.00", "3007", day: "2026-11-20"), pay("P5", "70.00", "5005", day: "2026-11-20"),
        ], messageId: "M1"))
        try work.run("2026-11-20")
        try checkDay(work, "2026-11-20")
        XCTAssertEqual(try runSaatava(["resolve", "--config", work.config, "refund", "P3"]).status, 0)

        try work.drop("CN4.xml", HandMade.finvoice("CN4", amount: "-10.00", reference: "4006", type: "INV02", original: "INV4"))
        var reversal = pay("P5", "70.00", "5005", day: "2026-11-21")
        reversal.direction = "DBIT"
        reversal.reversal = true
        try work.drop("camt-2.xml", HandMade.camt([
            pay("P2B", "50.00", "2008", day: "2026-11-21"), pay("P4", "30.00", "4006", day: "2026-11-21"), reversal,
        ], messageId: "M2"))
        try work.run("2026-11-21")
        try checkDay(work, "2026-11-21")
        let refund = try work.view("journal").filter { $0["memo"] as? String == "refund decided" }
        XCTAssertEqual(refund.map { "\($0["date"] as! String) \($0["account"] as! String) \($0["debit"] as? String ?? "-")" },
                       ["2026-11-21 2600 10.00", "2026-11-21 2900 -"], "a decision by saatava resolve is in the next day's journal")

        try work.run("2026-11-24")
        try checkDay(work, "2026-11-24")
        try work.run("2026-12-10")
        try checkDay(work, "2026-12-10")
        let reminders = try work.view("reminders").filter { $0["invoiceNumber"] as? String == "INV6" }
        XCTAssertEqual(reminders.count, 2)
        let interest = reminders.map { cents($0["interest"]) }.max() ?? 0
        let fee = reminders.map { cents($0["fee"]) }.reduce(0, +)
        XCTAssertGreaterThan(interest, 0)
        XCTAssertEqual(fee, 5_00)
        let total = 200_00 + interest + fee
        try work.drop("camt-3.xml", HandMade.camt([
            pay("P6", String(format: "%d.%02d", total / 100, total % 100), "6004", day: "2026-12-11"),
        ], messageId: "M3"))
        try work.run("2026-12-11")
        try checkDay(work, "2026-12-11")

        let received: Int = 100_00 + 30_00 + 60_00 + 70_00 + 50_00 + 30_00 + total
        let paidPrincipal: Int = 100_00 + 80_00 + 50_00 + 30_00 + 200_00
        var expected: [String: Int] = ["1910": received - 70_00, "1700": -paidPrincipal, "2900": -10_00]
        expected["9160"] = -interest
        expected["3950"] = -fee
        XCTAssertEqual(try balances(work).filter { $0.value != 0 }, expected, "advances end at zero")
        XCTAssertEqual(try work.view("journal").filter { $0["memo"] as? String == "credit note CN4 on invoice INV4" }.count, 2)
    }

    /// A generated history of 60 small days, replayed day by day with the accountant deciding what waits (refunding
    /// overpayments, ignoring the rest): after every day the journal balances and journal.csv is the day's.
    func test_generatedHistory_balancesAfterEveryDay() throws {
        let root = try temporaryDirectory("journal-history")
        let history = root.appendingPathComponent("history")
        let generated = try runSaatava(["gen", "--days", "60", "--invoices", "4", "--seed", "3", "--out", history.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("work/inbox"), withIntermediateDirectories: true)
        let work = try Workdir(in: root.appendingPathComponent("work"), config: Workdir.withCreditor)
        var decided = Set<String>()
        for day in try FileManager.default.contentsOfDirectory(atPath: history.appendingPathComponent("days").path).sorted() {
            let inbox = history.appendingPathComponent("days/\(day)/inbox")
            for name in try FileManager.default.contentsOfDirectory(atPath: inbox.path) {
                try FileManager.default.copyItem(at: inbox.appendingPathComponent(name),
                                                 to: work.root.appendingPathComponent("inbox/\(name)"))
            }
            XCTAssertNotEqual(try runSaatava(["run", "--config", work.config, "--as-of", day]).status, 1, day)
            try checkDay(work, day)
            let waiting = try runSaatava(["ledger", "payments", "--config", work.config, "--status", "unmatched"])
            for line in waiting.standardOutput.split(separator: "\n") {
                let payment = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                let archiveId = payment["archiveId"] as! String
                guard payment["reason"] as? String != "debit", decided.insert(archiveId).inserted else { continue }
                let action = payment["reason"] as? String == "overpayment" || decided.count % 2 == 0 ? "refund" : "ignore"
                _ = try runSaatava(["resolve", "--config", work.config, action, archiveId])
            }
        }
        let memos = Set(try work.view("journal").map { ($0["memo"] as! String).split(separator: " ").first.map(String.init) ?? "" })
        for kind in ["payment", "paid", "reversal", "reversed:", "credit", "refund"] {
            XCTAssertTrue(memos.contains(kind), "the history books a \(kind) line: \(memos.sorted())")
        }
    }

    /// A day with more lines than the run writes at once (4096): journal.csv and `saatava ledger journal` (CSV and JSON)
    /// hold each of the ledger's lines once, in order, and their money adds up to what the ledger's rows hold.
    func test_aBigDaysJournal_writtenInPieces_holdsEveryLineOnce() throws {
        let root = try temporaryDirectory("journal-big")
        let generated = try runSaatava(["gen", "--invoices", "2600", "--seed", "6", "--as-of", "2026-11-27", "--out", root.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        let work = try Workdir(in: root)
        try work.run("2026-11-27")
        let stored = try work.sqlite("SELECT count(*), sum(debit), sum(credit), count(DISTINCT voucher) FROM journal_lines")
        let figures = try XCTUnwrap(stored.first).split(separator: "|").map { Int($0)! }
        XCTAssertGreaterThan(figures[0], 2 * 4096, "more than two pieces")

        let csv = try String(contentsOf: root.appendingPathComponent("outbox/2026-11-27/journal.csv"), encoding: .utf8)
        let rows = CSVRows(csv)
        XCTAssertEqual(rows.rows.count, figures[0])
        XCTAssertEqual(rows.column("debit").map { cents($0.isEmpty ? nil : $0) }.reduce(0, +), figures[1])
        XCTAssertEqual(rows.column("credit").map { cents($0.isEmpty ? nil : $0) }.reduce(0, +), figures[2])
        XCTAssertEqual(Set(rows.column("voucher")).count, figures[3])
        XCTAssertEqual(csv.components(separatedBy: "run,date,voucher").count, 2, "one header")
        XCTAssertEqual(try runSaatava(["ledger", "journal", "--config", work.config, "--format", "csv"]).standardOutput, csv)

        let json = try work.view("journal")
        XCTAssertEqual(json.count, figures[0])
        XCTAssertEqual(json.map { $0["voucher"] as? String }, rows.column("voucher").map { Optional($0) }, "the same lines in the same order")
        XCTAssertEqual(json.map { cents($0["debit"]) }.reduce(0, +), figures[1])
    }

    /// A run killed at any moment and run again ends with the journal of an uninterrupted run.
    func test_killedRun_rerunWritesTheJournalOfAnUninterruptedRun() throws {
        let asOf = "2026-11-27"
        func day() throws -> Workdir {
            let root = try temporaryDirectory("journal-kill")
            let generated = try runSaatava(["gen", "--invoices", "400", "--seed", "8", "--as-of", asOf, "--out", root.path])
            XCTAssertEqual(generated.status, 0, generated.standardError)
            return try Workdir(in: root)
        }
        /// The day's journal.csv and the journal view, without their run ids (a rerun is another run). A run killed after
        /// it wrote its outputs leaves them in outbox/<day>/ and its rerun writes beside them.
        func journal(_ work: Workdir) throws -> [String] {
            func withoutRun(_ text: String) -> [String] {
                text.components(separatedBy: "\r\n").map { $0.drop { $0 != "," }.description }
            }
            let csv = try String(contentsOf: work.root.appendingPathComponent("outbox/\(asOf)/journal.csv"), encoding: .utf8)
            let view = try runSaatava(["ledger", "journal", "--config", work.config, "--format", "csv"]).standardOutput
            return withoutRun(csv) + ["--"] + withoutRun(view)
        }
        let reference = try day()
        try reference.run(asOf)
        let expected = try journal(reference)
        XCTAssertGreaterThan(expected.count, 100)
        var random = SeededRandom(seed: 17)
        for attempt in 0..<5 {
            let work = try day()
            let process = Process()
            process.executableURL = Bundle.main.bundleURL.appendingPathComponent("saatava")
            process.arguments = ["run", "--config", work.config, "--as-of", asOf]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(random.next() % 600_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try work.run(asOf)
            XCTAssertEqual(try journal(work), expected, "attempt \(attempt)")
            XCTAssertTrue(try runSaatava(["status", "--config", work.config]).standardOutput.contains("Journal: balanced"))
        }
    }
}
