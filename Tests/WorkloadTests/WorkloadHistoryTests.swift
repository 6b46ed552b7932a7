import BankFiles
import Finvoice
import Foundation
import Receivables
import TestSupport
@testable import Workload
import XCTest

/// `gen --days`: a history's files parse with the real parsers, its identifiers never repeat, every planned case
/// appears, and its truth follows the ledger's rules (docs/ledger.md) and adds up.
final class WorkloadHistoryTests: XCTestCase {
    private let firstDay = LocalDate(year: 2026, month: 11, day: 27)!

    // MARK: Bytes and files

    func test_sameSeed_sameBytes_forAThreeDayHistory() throws {
        var options = WorkloadHistory.Options(days: 3, invoicesPerDay: 25, seed: 42, firstDay: firstDay)
        options.encoding = .mixed
        options.batchSize = 10
        let first = try temporaryDirectory("history")
        let second = try temporaryDirectory("history")
        _ = try WorkloadHistory.write(options, to: first.path)
        _ = try WorkloadHistory.write(options, to: second.path)
        let files = try relativeFiles(under: first)
        XCTAssertEqual(files, try relativeFiles(under: second))
        XCTAssertGreaterThan(files.count, 10)
        for file in files {
            XCTAssertEqual(try Data(contentsOf: first.appendingPathComponent(file)),
                           try Data(contentsOf: second.appendingPathComponent(file)), file)
        }
        options.seed = 43
        let other = try temporaryDirectory("history")
        _ = try WorkloadHistory.write(options, to: other.path)
        XCTAssertNotEqual(try Data(contentsOf: first.appendingPathComponent("days/2026-11-30/truth.json")),
                          try Data(contentsOf: other.appendingPathComponent("days/2026-11-30/truth.json")))
    }

    /// A levelling backlog: written a day at a time it is the same bytes as written whole; no invoice is left unpaid
    /// for good, and the accountant's decisions come as a CSV the run reads, assigning or refunding payments booked
    /// on earlier days.
    func test_levellingBacklog_decidesUnmatchedPayments_andWritesDayByDay() throws {
        var options = WorkloadHistory.Options(days: 30, invoicesPerDay: 40, seed: 7, firstDay: firstDay)
        options.backlog = .levelsOff
        let whole = try temporaryDirectory("history")
        let written = try WorkloadHistory.write(options, to: whole.path)
        let byDay = try temporaryDirectory("history")
        var writer = try WorkloadHistory.Writer(options, to: byDay.path)
        var dates: [String] = []
        while let day = try writer.next() { dates.append(day.date.description) }
        XCTAssertEqual(dates, written.days.map(\.date.description))
        let files = try relativeFiles(under: whole)
        XCTAssertEqual(files, try relativeFiles(under: byDay))
        for file in files {
            XCTAssertEqual(try Data(contentsOf: whole.appendingPathComponent(file)),
                           try Data(contentsOf: byDay.appendingPathComponent(file)), file)
        }

        var booked: [String: Int] = [:]
        var actions: Set<String> = []
        for (index, day) in written.days.enumerated() {
            let truth = try truth(day.truthFile)
            XCTAssertEqual((truth["cases"] as! [String: Int])["unpaid"], 0, "everyone pays in the end")
            for payment in truth["payments"] as! [[String: Any]] where booked[payment["archiveId"] as! String] == nil {
                booked[payment["archiveId"] as! String] = index
            }
            for file in day.files where file.contains("/inbox/decisions/") {
                let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
                XCTAssertEqual(lines.first, "archiveId,action,invoiceNumber,note")
                for line in lines.dropFirst() {
                    let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    XCTAssertLessThan(booked[fields[0]] ?? Int.max, index, "decided after it was booked: \(line)")
                    XCTAssertEqual(fields[1] == "assign", !fields[2].isEmpty, String(line))
                    actions.insert(fields[1])
                }
            }
        }
        XCTAssertEqual(actions, ["assign", "refund"])
    }

    func test_layout_businessDaysFromTheFirstOrTheNextOne() throws {
        let saturday = LocalDate(year: 2026, month: 11, day: 28)!
        let written = try WorkloadHistory.write(
            WorkloadHistory.Options(days: 4, invoicesPerDay: 3, seed: 1, firstDay: saturday),
            to: try temporaryDirectory("history").path)
        XCTAssertEqual(written.days.map(\.date.description), ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"])
        XCTAssertEqual(written.days.map { URL(fileURLWithPath: $0.files.last!).lastPathComponent },
                       ["finvoice-20261130-001.xml", "finvoice-20261201-001.xml", "finvoice-20261202-001.xml",
                        "finvoice-20261203-001.xml"])
        for day in written.days {
            XCTAssertEqual(day.directory, URL(fileURLWithPath: written.customersFile).deletingLastPathComponent()
                .appendingPathComponent("days/\(day.date)").path)
            XCTAssertEqual(day.truthFile, day.directory + "/truth.json")
            XCTAssertTrue(day.files.allSatisfy { $0.hasPrefix(day.directory + "/inbox/") })
        }
        // Each day after the first has the previous day's statement.
        XCTAssertEqual(written.days.map { $0.files.filter { $0.contains("/camt053-") }.count }, [0, 1, 1, 1])
        XCTAssertTrue(written.days[1].files.contains { $0.hasSuffix("/camt053-20261130.xml") })

        let calendar = BusinessCalendar(startingAtOrAfter: saturday)
        XCTAssertEqual(calendar.date(5).description, "2026-12-07")
        XCTAssertEqual(calendar.index(onOrAfter: LocalDate(year: 2026, month: 12, day: 5)!), 5, "Saturday → Monday")
        XCTAssertEqual(calendar.index(onOrAfter: LocalDate(year: 2026, month: 11, day: 27)!), -1)
        for index in -12...40 { XCTAssertEqual(calendar.index(onOrAfter: calendar.date(index)), index) }
    }

    /// Every file of a ten-day history, in three camt versions, parses with no diagnostic; no invoice number,
    /// reference, archive id or entry archive id repeats, except where a case means it to (a pending entry booked
    /// the next day, a reversal carrying its original's archive id); statements repeat the notification's entry
    /// archive ids and nothing else ties their transactions.
    func test_tenDays_everyFileParses_andNoIdentifierRepeats() throws {
        for version in ["02", "04", "08"] {
            var options = WorkloadHistory.Options(days: 10, invoicesPerDay: 60, seed: 10, firstDay: firstDay)
            options.camtVersion = version
            options.encoding = .mixed
            options.batchSize = 20
            let days = try parse(try WorkloadHistory.write(options, to: try temporaryDirectory("history").path))

            let invoices = days.flatMap(\.invoices)
            XCTAssertEqual(Set(invoices.map(\.invoiceNumber)).count, invoices.count, "invoice numbers")
            let references = invoices.filter { $0.kind == .invoice }.compactMap { $0.reference?.matchingKey }
            XCTAssertEqual(references.count, invoices.filter { $0.kind == .invoice }.count)
            XCTAssertEqual(Set(references).count, references.count, "references")
            for reference in invoices.compactMap(\.reference) {
                guard case .valid(let valid) = reference else { return XCTFail("invalid reference \(reference)") }
                XCTAssertEqual(try CreditorReference(finnishBase: String(valid.matchingKey.dropLast())).matchingKey,
                               valid.matchingKey, "7-3-1")
            }
            let numbers = Set(invoices.filter { $0.kind == .invoice }.map(\.invoiceNumber))
            for note in invoices where note.kind == .creditNote {
                XCTAssertNotNil(note.originalInvoiceNumber)
                XCTAssertTrue(note.originalInvoiceNumber!.hasPrefix("1"), "names an invoice of the history")
                XCTAssertEqual(note.amount.minorUnits < 0, true)
            }
            XCTAssertFalse(numbers.isEmpty)

            let notified = days.flatMap(\.notifications)
            XCTAssertTrue(notified.allSatisfy { $0.format == "camt.054.001.\(version)" })
            // Entry archive ids: one per entry, never reused by another day's notification.
            var entryDays: [String: String] = [:]
            for day in days {
                for entry in Set(day.notifications.compactMap(\.entryArchiveId)) {
                    XCTAssertNil(entryDays.updateValue(day.date, forKey: entry), "entry archive id \(entry) repeats")
                }
            }
            var bookedCredits: [String: String] = [:]
            var pendingCredits: [String: String] = [:]
            var reversals = Set<String>()
            for day in days {
                for payment in day.notifications {
                    if payment.isReversal {
                        XCTAssertEqual(payment.direction, .debit)
                        XCTAssertTrue(reversals.insert(payment.archiveId).inserted, "reversal \(payment.archiveId) repeats")
                    } else if payment.entryStatus == .pending {
                        XCTAssertNil(payment.bookingDate)
                        XCTAssertNil(pendingCredits.updateValue(day.date, forKey: payment.archiveId))
                    } else {
                        XCTAssertEqual(payment.entryStatus, .booked)
                        XCTAssertNil(bookedCredits.updateValue(day.date, forKey: payment.archiveId),
                                     "archive id \(payment.archiveId) booked twice")
                    }
                }
            }
            // A reversal has an archive id of its own, or its original's (booked on an earlier day).
            XCTAssertFalse(reversals.isEmpty)
            for id in reversals {
                XCTAssertNil(pendingCredits[id])
                guard let booked = bookedCredits[id] else { continue }
                let reversalDay = days.first { $0.notifications.contains { $0.isReversal && $0.archiveId == id } }!.date
                XCTAssertLessThan(booked, reversalDay)
            }
            // A pending payment is booked the next business day under its archive id (unless the history ends).
            for (id, date) in pendingCredits {
                let next = days.firstIndex { $0.date == date }! + 1
                if next < days.count { XCTAssertEqual(bookedCredits[id], days[next].date, id) }
            }
            // Statements: the previous day's booked entries, the same entry archive ids, no transaction archive ids.
            for (index, day) in days.enumerated() where index > 0 {
                let previous = days[index - 1]
                XCTAssertTrue(day.statements.allSatisfy { $0.format == "camt.053.001.\(version)" })
                XCTAssertTrue(day.statements.allSatisfy { $0.bookingDate?.description == previous.date })
                let booked = previous.notifications.filter { $0.entryStatus == .booked }
                XCTAssertEqual(day.statements.count, booked.count)
                for (statement, notification) in zip(day.statements, booked) {
                    XCTAssertEqual(statement.entryArchiveId, notification.entryArchiveId)
                    XCTAssertTrue(statement.archiveId.hasPrefix(statement.entryArchiveId! + "/"), statement.archiveId)
                    XCTAssertEqual(statement.amount, notification.amount)
                    XCTAssertEqual(statement.reference, notification.reference)
                    XCTAssertEqual(statement.isReversal, notification.isReversal)
                }
            }
            XCTAssertTrue(days[0].statements.isEmpty)
        }
    }

    // MARK: Cases and truth

    /// Forty days of 30 invoices: every case the generator plans happens, and each ends as the ledger's rules say.
    func test_fortyDays_everyCaseAppears_andEndsAsTheRulesSay() throws {
        let written = try WorkloadHistory.write(
            WorkloadHistory.Options(days: 40, invoicesPerDay: 30, seed: 2, firstDay: firstDay),
            to: try temporaryDirectory("history").path)
        let truths = try written.days.map { try truth($0.truthFile) }
        var seen: [String: Int] = [:]
        for truth in truths {
            for (name, count) in truth["cases"] as! [String: Int] { seen[name, default: 0] += count }
        }
        XCTAssertEqual(Set(seen.keys), Set(WorkloadHistory.Case.allCases.map(\.rawValue)))
        for (name, count) in seen { XCTAssertGreaterThan(count, 0, "case \(name) never happened") }

        // Each payment's record on the first day the truth names it, and on its last.
        var firstRecord: [String: (day: Int, record: [String: Any])] = [:]
        var lastRecord: [String: [String: Any]] = [:]
        var invoiceFirstDay: [String: Int] = [:]
        var invoices: [String: [String: Any]] = [:]
        for (day, truth) in truths.enumerated() {
            for payment in truth["payments"] as! [[String: Any]] {
                let key = paymentKey(payment)
                if firstRecord[key] == nil { firstRecord[key] = (day, payment) }
                lastRecord[key] = payment
            }
            for invoice in truth["invoices"] as! [[String: Any]] {
                let number = invoice["invoiceNumber"] as! String
                if invoiceFirstDay[number] == nil { invoiceFirstDay[number] = day }
                invoices[number] = invoice
            }
        }
        let byCase = Dictionary(grouping: lastRecord.values) { $0["case"] as! String }
        XCTAssertEqual(Set(byCase.keys), Set(WorkloadHistory.Case.paymentCases.map(\.rawValue)))

        func expect(_ record: [String: Any], _ status: String, _ reason: String?, unapplied: String? = nil,
                    _ message: String) {
            XCTAssertEqual(record["status"] as? String, status, message)
            XCTAssertEqual(record["reason"] as? String, reason, message)
            XCTAssertEqual(record["unapplied"] as? String, unapplied ?? "0.00", message)
        }
        for payment in byCase["duplicate"]! {
            expect(payment, "unmatched", "invoice_settled", unapplied: payment["amount"] as? String, "a duplicate")
        }
        for payment in byCase["overpayment"]! {
            XCTAssertEqual(payment["reason"] as? String, "overpayment")
            XCTAssertEqual(payment["status"] as? String, "matched")
            XCTAssertNotEqual(payment["unapplied"] as? String, "0.00")
        }
        for payment in byCase["unknown_reference"]! {
            expect(payment, "unmatched", "unknown_reference", unapplied: payment["amount"] as? String, "a stranger")
            XCTAssertTrue(payment["invoiceNumber"] is NSNull)
        }
        for payment in byCase["wrong_check_digit"]! {
            expect(payment, "unmatched", "invalid_reference", unapplied: payment["amount"] as? String, "a typo")
        }
        for payment in byCase["invoice_number_in_text"]! {
            expect(payment, "unmatched", "no_reference", unapplied: payment["amount"] as? String, "no reference")
        }
        for payment in byCase["before_invoice"]! {
            let key = paymentKey(payment)
            let (day, first) = firstRecord[key]!
            expect(first, "unmatched", "unknown_reference", unapplied: payment["amount"] as? String, "before its invoice")
            let invoice = payment["invoiceNumber"] as! String
            if let arrival = invoiceFirstDay[invoice] {
                XCTAssertGreaterThan(arrival, day, "the invoice arrives later")
                XCTAssertLessThanOrEqual(arrival, day + 3)
                expect(payment, "matched", nil, "placed once its invoice arrived")
            }
        }
        for payment in byCase["pending"]! {
            let (day, first) = firstRecord[paymentKey(payment)]!
            expect(first, "pending", nil, "a pending entry")
            XCTAssertTrue(first["bookingDate"] is NSNull)
            if day + 1 < truths.count {
                XCTAssertEqual(payment["bookingDate"] as? String, truths[day + 1]["asOf"] as? String, "booked the next day")
                XCTAssertEqual(payment["status"] as? String, "matched")
            }
        }
        for reversal in (byCase["reversal"] ?? []) + (byCase["reversal_by_archive_id"] ?? []) {
            expect(reversal, "reversal", nil, "a reversal")
            XCTAssertEqual(reversal["reversal"] as? Bool, true)
            // Its original: the same archive id, or the same invoice and amount, now reversed.
            let originals = lastRecord.values.filter {
                $0["reversal"] as? Bool == false && $0["status"] as? String == "reversed"
                    && $0["invoiceNumber"] as? String == reversal["invoiceNumber"] as? String
                    && $0["amount"] as? String == reversal["amount"] as? String
            }
            XCTAssertEqual(originals.count, 1, "\(reversal)")
            if reversal["case"] as? String == "reversal_by_archive_id" {
                XCTAssertEqual(originals.first?["archiveId"] as? String, reversal["archiveId"] as? String)
            } else {
                XCTAssertNotEqual(originals.first?["archiveId"] as? String, reversal["archiveId"] as? String)
            }
        }
        XCTAssertTrue(invoices.values.contains { $0["status"] as? String == "credited" }, "a whole credit note")
        for note in invoices.values where note["type"] as? String == "credit_note" {
            let original = note["originalInvoiceNumber"] as! String
            let arrivedBefore = (invoiceFirstDay[original] ?? Int.max) > invoiceFirstDay[note["invoiceNumber"] as! String]!
            if let invoice = invoices[original] {
                XCTAssertEqual("-" + (invoice["credited"] as! String), note["amount"] as? String,
                               "credit note \(note["invoiceNumber"]!) \(arrivedBefore ? "waited and then " : "")reduced its invoice")
            }
        }
    }

    /// Folding every day's truth (later days win) gives the whole ledger, and its totals are the last day's.
    func test_truth_addsUp_dayByDay() throws {
        let written = try WorkloadHistory.write(
            WorkloadHistory.Options(days: 30, invoicesPerDay: 25, seed: 9, firstDay: firstDay),
            to: try temporaryDirectory("history").path)
        var invoices: [String: [String: Any]] = [:]
        var payments: [String: [String: Any]] = [:]
        for day in written.days {
            let truth = try truth(day.truthFile)
            XCTAssertEqual(truth["asOf"] as? String, day.date.description)
            for invoice in truth["invoices"] as! [[String: Any]] { invoices[invoice["invoiceNumber"] as! String] = invoice }
            for payment in truth["payments"] as! [[String: Any]] { payments[paymentKey(payment)] = payment }

            var amount: Int64 = 0
            var paid: Int64 = 0
            var credited: Int64 = 0
            var open: Int64 = 0
            for invoice in invoices.values where invoice["type"] as? String == "invoice" {
                let (a, p, c, o) = (cents(invoice["amount"]), cents(invoice["paid"]), cents(invoice["credited"]),
                                    cents(invoice["open"]))
                XCTAssertEqual(p + c + o, a, "\(invoice)")
                XCTAssertGreaterThanOrEqual(o, 0)
                XCTAssertGreaterThanOrEqual(p, 0)
                let status = o == 0 ? (p == 0 && c > 0 ? "credited" : "paid") : (p + c > 0 ? "partially_paid" : "open")
                XCTAssertEqual(invoice["status"] as? String, status, "\(invoice)")
                (amount, paid, credited, open) = (amount + a, paid + p, credited + c, open + o)
            }
            var applied: Int64 = 0
            var unapplied: Int64 = 0
            var statuses: [String: Int] = [:]
            for payment in payments.values {
                let (total, left) = (cents(payment["amount"]), cents(payment["unapplied"]))
                let status = payment["status"] as! String
                statuses[status, default: 0] += 1
                unapplied += left
                switch status {
                case "matched":
                    applied += total - left
                    XCTAssertEqual(payment["reason"] as? String, left > 0 ? "overpayment" : nil)
                case "unmatched":
                    XCTAssertEqual(left, total)
                default:
                    XCTAssertEqual(left, 0, "\(payment)")
                    XCTAssertTrue(payment["reason"] is NSNull)
                }
            }
            XCTAssertEqual(applied, paid, "money applied to invoices is what they show paid")
            let ledger = truth["ledger"] as! [String: Any]
            XCTAssertEqual(ledger["invoices"] as? Int, invoices.values.filter { $0["type"] as? String == "invoice" }.count)
            XCTAssertEqual(ledger["creditNotes"] as? Int,
                           invoices.values.filter { $0["type"] as? String == "credit_note" }.count)
            XCTAssertEqual(cents(ledger["amount"]), amount)
            XCTAssertEqual(cents(ledger["paid"]), paid)
            XCTAssertEqual(cents(ledger["credited"]), credited)
            XCTAssertEqual(cents(ledger["open"]), open)
            XCTAssertEqual(ledger["payments"] as? Int, payments.count)
            XCTAssertEqual(cents(ledger["unapplied"]), unapplied)
            XCTAssertEqual((ledger["statuses"] as! [String: Int]).filter { $0.value > 0 }, statuses, day.date.description)
        }
    }

    /// Full payments fall where each customer's habit puts them: its delay after the due date, give or take its
    /// jitter (and the weekend, when the day falls on one).
    func test_customersKeepTheirHabits() throws {
        let written = try WorkloadHistory.write(
            WorkloadHistory.Options(days: 100, invoicesPerDay: 10, seed: 5, firstDay: firstDay),
            to: try temporaryDirectory("history").path)
        let customers = (try truth(written.customersFile)["customers"] as! [[String: Any]])
        let habits = Dictionary(uniqueKeysWithValues: customers.map { ($0["customer"] as! String, $0["habit"] as! [String: Any]) })
        XCTAssertEqual(Set(habits.values.map { $0["kind"] as! String }), ["prompt", "late", "very_late", "erratic"])
        var invoices: [String: [String: Any]] = [:]
        var payments: [[String: Any]] = []
        var neverPaid = 0
        for day in written.days {
            let truth = try truth(day.truthFile)
            let cases = truth["cases"] as! [String: Int]
            neverPaid += cases["unpaid"]! + cases["wrong_check_digit"]! + cases["invoice_number_in_text"]!
            for invoice in truth["invoices"] as! [[String: Any]] { invoices[invoice["invoiceNumber"] as! String] = invoice }
            payments += (truth["payments"] as! [[String: Any]]).filter {
                ["on_time", "late"].contains($0["case"] as! String) && $0["status"] as? String == "matched"
            }
        }
        XCTAssertGreaterThan(payments.count, 200)
        var kinds = Set<String>()
        for payment in payments {
            let invoice = invoices[payment["invoiceNumber"] as! String]!
            let habit = habits[invoice["customer"] as! String]!
            let due = try LocalDate(parsing: invoice["dueDate"] as! String)
            let delay = due.days(until: try LocalDate(parsing: payment["bookingDate"] as! String))
            let (typical, jitter) = (habit["delayDays"] as! Int, habit["jitterDays"] as! Int)
            XCTAssertTrue((typical - jitter)...(typical + jitter + 2) ~= delay, "\(payment): \(delay) days, habit \(habit)")
            XCTAssertEqual(payment["case"] as? String == "on_time",
                           try LocalDate(parsing: payment["bookingDate"] as! String)
                               <= BusinessCalendar.nextBusinessDay(onOrAfter: due))
            kinds.insert(habit["kind"] as! String)
        }
        XCTAssertEqual(kinds, ["prompt", "late", "very_late", "erratic"])
        // About a quarter of the invoices are never paid (or paid so that the ledger cannot tell which invoice).
        XCTAssertEqual(Double(neverPaid) / 1_000, 0.25, accuracy: 0.06)
    }

    /// Only invoices with something still to happen are held: the number levels off as the history grows.
    func test_generator_holdsOnlyInvoicesWithSomethingAhead() {
        var generator = HistoryGenerator(
            options: WorkloadHistory.Options(days: 200, invoicesPerDay: 20, seed: 1, firstDay: firstDay))
        var live: [Int] = []
        for index in 0..<200 {
            _ = generator.generateDay(index)
            live.append(generator.liveInvoiceCount)
        }
        XCTAssertLessThan(live.max()!, 20 * 40, "far fewer than the 4 000 invoices issued")
        XCTAssertLessThanOrEqual(live[100..<200].max()!, live[80..<100].max()! * 13 / 10, "\(live)")
    }

    // MARK: Helpers

    private struct ParsedDay {
        let date: String
        var invoices: [Invoice] = []
        var notifications: [Payment] = []
        var statements: [Payment] = []
    }

    /// Every day's files, read with the real parsers; any diagnostic fails the test.
    private func parse(_ written: WorkloadHistory.Written) throws -> [ParsedDay] {
        try written.days.map { day in
            var parsed = ParsedDay(date: day.date.description)
            var diagnostics: [Diagnostic] = []
            for file in day.files {
                let name = URL(fileURLWithPath: file).lastPathComponent
                if name.hasPrefix("finvoice-") {
                    try FinvoiceParser.parse(file: file, diagnostic: { diagnostics.append($0) }) { parsed.invoices.append($0) }
                } else if name.hasPrefix("camt054-") {
                    try CamtParser.parse(file: file, diagnostic: { diagnostics.append($0) }) { parsed.notifications.append($0) }
                } else if name.hasPrefix("camt053-") {
                    try CamtParser.parse(file: file, diagnostic: { diagnostics.append($0) }) { parsed.statements.append($0) }
                } else {
                    XCTFail("unexpected file \(file)")
                }
            }
            XCTAssertEqual(diagnostics, [], day.date.description)
            return parsed
        }
    }

    private func truth(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    private func paymentKey(_ payment: [String: Any]) -> String {
        (payment["archiveId"] as! String) + (payment["reversal"] as! Bool ? "+reversal" : "")
    }

    private func cents(_ value: Any?) -> Int64 {
        try! Amount(parsing: value as! String, currency: .euro).minorUnits
    }

    private func relativeFiles(under root: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)!
        return enumerator.compactMap { $0 as? String }.filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }
}
