import BankFiles
import CSQLite3
import Dunning
import Finvoice
import Foundation
@testable import Ledger
import Matching
import Receivables
import TestSupport
import Workload
import XCTest

final class LedgerTests: XCTestCase {
    private let asOf = LocalDate(year: 2026, month: 11, day: 27)!

    private func postInvoices(_ files: [String], to ledger: Ledger, run: Int64) throws -> Ledger.Posted {
        var total = Ledger.Posted()
        for file in files {
            let posted = try ledger.post(fileNamed: file, kind: "finvoice", run: run) { posting in
                try FinvoiceParser.parse(file: file, diagnostic: { _ in }) { try posting.add($0) }
            }
            total.records += posted.records
            total.booked += posted.booked
            total.alreadyBooked += posted.alreadyBooked
        }
        return total
    }

    private func postPayments(_ file: String, to ledger: Ledger, run: Int64) throws -> Ledger.Posted {
        try ledger.post(fileNamed: file, kind: "camt054", run: run) { posting in
            try CamtParser.parse(file: file, diagnostic: { _ in }) { try posting.add($0) }
        }
    }

    /// An invoice of Esimerkki Oy's, due on `asOf`.
    private func invoice(_ number: String, _ reference: String, _ cents: Int64) -> Invoice {
        Invoice(
            format: "test", file: "test", invoiceNumber: number, kind: .invoice, invoiceDate: asOf, dueDate: asOf,
            amount: Amount(minorUnits: cents, currency: .euro), reference: StatedReference(stated: reference),
            sellerId: "1234567-1", sellerName: nil, sellerAccount: nil, buyerId: "7654321-2", buyerName: "Esimerkki Oy",
            isConsumer: false, isCancellation: false, originalInvoiceNumber: nil, overdueInterestPercent: nil,
            buyerAddress: nil, language: nil)
    }

    /// A booked credit from Esimerkki Oy, with remittance blocks (reference, cents) when given.
    private func payment(
        _ archiveId: String, _ cents: Int64, reference: String?, bookingDate: LocalDate? = nil,
        parts: [(String, Int64)] = [], reversal: Bool = false
    ) -> Payment {
        Payment(
            format: "test", file: "test", account: "FI2112345600000785", messageId: nil, entryArchiveId: nil,
            archiveId: archiveId, bookingDate: bookingDate ?? asOf, valueDate: nil, paymentDate: nil,
            amount: Amount(minorUnits: cents, currency: .euro), currency: .euro, direction: reversal ? .debit : .credit,
            isReversal: reversal,
            reference: reference.flatMap { StatedReference(stated: $0) }, remittanceText: nil,
            payerName: "ESIMERKKI OY", endToEndId: nil, returnReason: nil, entryStatus: .booked,
            instructedAmount: nil, charges: nil,
            parts: parts.map { Payment.Part(reference: StatedReference(stated: $0.0), amount: Amount(minorUnits: $0.1, currency: .euro)) })
    }

    /// A new ledger with one file of hand-made records booked, after one matching pass.
    private func ledgerMatching(_ records: (FilePosting) throws -> Void) throws -> (ledger: Ledger, run: Int64) {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        let run = try ledger.startRun(asOf: asOf, at: "t")
        _ = try ledger.post(fileNamed: "day", kind: "camt054", run: run, records: records)
        try match(ledger, run: run)
        return (ledger, run)
    }

    private func match(_ ledger: Ledger, run: Int64) throws {
        let input = try ledger.matchingInput()
        let result = MatchingEngine().match(
            openItems: input.openItems, credits: input.credits, payments: input.payments, priorPayments: input.priorPayments)
        try ledger.apply(result, run: run, seenThrough: (input.lastInvoice, input.lastDecision))
    }

    /// A ledger written by the first schema is brought forward when opened: the audit trail keeps its rows and
    /// loses the index over every row, and the credit-note lookups still find theirs.
    func test_aVersion1Ledger_isMigratedForward() throws {
        let path = try ledgerFile(version: 1, rows: """
            INSERT INTO runs (id, as_of, started_at, status) VALUES (1, '2026-11-26', 'then', 'finished');
            INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (1, 'credit_note', 'H1', 'customer_credit', 'x');
            """)

        let ledger = try Ledger(path: path)
        let statement = try ledger.database.prepare(
            "SELECT (SELECT user_version FROM pragma_user_version), group_concat(name) FROM sqlite_master WHERE name LIKE 'audit%' AND type = 'index'")
        try statement.bind([])
        XCTAssertTrue(try statement.step())
        XCTAssertEqual(statement.integer(0), Int64(Schema.migrations.count))
        XCTAssertEqual(statement.text(1), "audit_of_credit_notes")
        XCTAssertEqual(try ledger.count("audit"), 1)
        let plan = try ledger.database.prepare("""
            EXPLAIN QUERY PLAN SELECT 1 FROM audit WHERE entity = 'credit_note' AND entity_key = 'H1' AND action = 'customer_credit'
            """)
        try plan.bind([])
        XCTAssertTrue(try plan.step())
        XCTAssertTrue(plan.text(3)?.contains("audit_of_credit_notes") == true, plan.text(3) ?? "no plan")
    }

    func test_aGeneratedDay_postedAndMatched_agreesWithItsTruth_andIsBookedOnlyOnce() throws {
        let directory = try temporaryDirectory()
        let plan = WorkloadPlan(invoiceCount: 600, seed: 11, asOf: asOf)
        let written = try WorkloadWriter.write(plan, to: directory.path, batchSize: 200, seed: 11)
        let ledger = try Ledger(path: directory.appendingPathComponent("saatava.sqlite").path)
        let run = try ledger.startRun(asOf: asOf, at: "2026-11-27T06:00:00+02:00")

        let invoices = try postInvoices(written.finvoiceFiles, to: ledger, run: run)
        XCTAssertEqual(invoices.booked, plan.invoices.count)
        let payments = try postPayments(written.camtFiles[0], to: ledger, run: run)
        XCTAssertEqual(payments.booked, plan.payments.count)
        try match(ledger, run: run)

        for planned in plan.payments {
            let state = try XCTUnwrap(try ledger.state(ofPayment: planned.archiveId))
            XCTAssertEqual(state.status.rawValue, planned.status, planned.archiveId)
            XCTAssertEqual(state.reason?.rawValue, planned.reason, planned.archiveId)
            XCTAssertEqual(state.unapplied, planned.unapplied, planned.archiveId)
        }
        for planned in plan.invoices where planned.kind == .invoice {
            XCTAssertEqual(try ledger.openAmount(ofInvoice: planned.invoiceNumber),
                           planned.amount.minorUnits - planned.credited - planned.paid, planned.invoiceNumber)
        }

        // The same files again, renamed, and the same payments inside another message: nothing is booked twice.
        let allocationsBefore = try ledger.count("allocations")
        let renamed = directory.appendingPathComponent("renamed-camt.xml").path
        try FileManager.default.copyItem(atPath: written.camtFiles[0], toPath: renamed)
        let again = try postPayments(renamed, to: ledger, run: run)
        XCTAssertEqual(again.booked, 0)
        XCTAssertEqual(again.alreadyBooked, plan.payments.count)
        let otherMessage = directory.appendingPathComponent("other-message.xml").path
        try String(contentsOfFile: written.camtFiles[0], encoding: .utf8)
            .replacingOccurrences(of: "<MsgId>CAMT20261127GEN</MsgId>", with: "<MsgId>ANOTHER-MESSAGE</MsgId>")
            .write(toFile: otherMessage, atomically: true, encoding: .utf8)
        XCTAssertEqual(try postPayments(otherMessage, to: ledger, run: run).booked, 0)
        XCTAssertEqual(try postInvoices(written.finvoiceFiles, to: ledger, run: run).booked, 0)
        let auditBefore = try ledger.count("audit")
        try match(ledger, run: run)
        XCTAssertEqual(try ledger.count("allocations"), allocationsBefore, "matching again changes nothing")
        XCTAssertEqual(try ledger.count("audit"), auditBefore, "and records no change")
        XCTAssertEqual(try ledger.count("payments"), plan.payments.count)

        // The next pass reads what the day touches: nothing is new, so no payment waiting is read again, and only the
        // invoices the credit notes with credit left name. Asked for everything, it holds every open invoice and the
        // settled ones its payments name: the pass above still told a payment for a settled invoice from one for an
        // unknown reference.
        let touched = try ledger.matchingInput()
        XCTAssertEqual(touched.payments, [])
        XCTAssertLessThan(touched.openItems.count, 5)
        let input = try ledger.matchingInput(scope: .everything)
        let open = plan.invoices.filter { $0.kind == .invoice && $0.amount.minorUnits - $0.credited - $0.paid != 0 }
        XCTAssertEqual(Set(input.openItems.filter { $0.open != 0 }.map(\.invoiceNumber)), Set(open.map(\.invoiceNumber)))
        var named = Set<String>()
        for payment in input.payments {
            if let key = payment.reference?.matchingKey { named.insert(key) }
        }
        for item in input.openItems where item.open == 0 {
            XCTAssertTrue(item.referenceKey.map(named.contains) ?? false, "settled \(item.invoiceNumber) is named by no payment")
        }
        XCTAssertLessThan(input.openItems.count, plan.invoices.filter { $0.kind == .invoice }.count)
        XCTAssertTrue(plan.payments.contains { $0.reason == "invoice_settled" }, "the day has a payment for a settled invoice")
    }

    /// The open invoices, read through the open balances' index: exactly those of the full list that owe principal
    /// (paid in part stays, paid in full or overpaid goes), in the same order and with the same figures.
    func test_openInvoiceViews_areTheFullListsOpenOnes() throws {
        let (ledger, _) = try ledgerMatching { posting in
            try posting.add(self.invoice("A", "12345672", 100_00))
            try posting.add(self.invoice("B", "12345685", 100_00))
            try posting.add(self.invoice("C", "12345698", 50_00))
            try posting.add(self.invoice("D", "12345708", 30_00))
            try posting.add(self.payment("P1", 40_00, reference: "12345672"))
            try posting.add(self.payment("P2", 100_00, reference: "12345685"))
            try posting.add(self.payment("P3", 60_00, reference: "12345698"))
        }
        let all = try ledger.invoiceViews()
        let open = try ledger.invoiceViews(onlyOpen: true)
        XCTAssertEqual(all.map(\.invoiceNumber), ["A", "B", "C", "D"])
        XCTAssertEqual(open.map(\.invoiceNumber), ["A", "D"])
        XCTAssertEqual(open, all.filter { $0.open > 0 })
        XCTAssertEqual(open.first?.open, 60_00)
        // By row id, with one statement: the same views; an id no receivable has is left out, one asked twice kept
        // once.
        let (a, d) = (try ledger.scalar("SELECT id FROM invoices WHERE invoice_number = 'A'"),
                      try ledger.scalar("SELECT id FROM invoices WHERE invoice_number = 'D'"))
        let byId = try ledger.invoiceViews(ids: [Int64(d), 999_999, Int64(a), Int64(d)])
        XCTAssertEqual(byId.count, 2)
        XCTAssertEqual(byId[Int64(a)], all[0])
        XCTAssertEqual(byId[Int64(d)], all[3])
    }

    /// The payments in one status, read through the index by status: exactly those of the full list in that status,
    /// in the same order and with the same allocations.
    func test_paymentViewsInOneStatus_areTheFullListsOnes() throws {
        let (ledger, _) = try ledgerMatching { posting in
            try posting.add(self.invoice("A", "12345672", 100_00))
            try posting.add(self.payment("P1", 40_00, reference: "12345672"))
            try posting.add(self.payment("P2", 25_00, reference: "12345685"))
            try posting.add(self.payment("P3", 60_00, reference: "12345672"))
            try posting.add(self.payment("P4", 10_00, reference: nil))
        }
        let all = try ledger.paymentViews()
        for status in PaymentStatus.allCases {
            XCTAssertEqual(try ledger.paymentViews(status: status), all.filter { $0.status == status }, "\(status)")
        }
        XCTAssertEqual(try ledger.paymentViews(status: .matched).map(\.archiveId), ["P1", "P3"])
        XCTAssertEqual(try ledger.paymentViews(status: .unmatched).map(\.archiveId), ["P2", "P4"])
    }

    func test_paymentBeforeItsInvoice_isMatchedByTheRunInWhichTheInvoiceArrives() throws {
        let directory = try temporaryDirectory()
        let plan = WorkloadPlan(invoiceCount: 50, seed: 3, asOf: asOf)
        let written = try WorkloadWriter.write(plan, to: directory.path, seed: 3)
        let ledger = try Ledger(path: directory.appendingPathComponent("saatava.sqlite").path)
        let first = try ledger.startRun(asOf: asOf, at: "t1")
        _ = try postPayments(written.camtFiles[0], to: ledger, run: first)
        try match(ledger, run: first)
        let exact = try XCTUnwrap(plan.payments.first { $0.paymentCase == .exact })
        XCTAssertEqual(try ledger.state(ofPayment: exact.archiveId)?.reason?.rawValue, "unknown_reference")
        let second = try ledger.startRun(asOf: asOf.adding(days: 1), at: "t2")
        _ = try postInvoices(written.finvoiceFiles, to: ledger, run: second)
        try match(ledger, run: second)
        XCTAssertEqual(try ledger.state(ofPayment: exact.archiveId)?.status.rawValue, "matched")
        XCTAssertEqual(try ledger.openAmount(ofInvoice: exact.invoiceNumber!), 0)
    }

    func test_aFileThatFailsHalfway_leavesNothingBooked() throws {
        let directory = try temporaryDirectory()
        let plan = WorkloadPlan(invoiceCount: 20, seed: 5, asOf: asOf)
        let written = try WorkloadWriter.write(plan, to: directory.path, seed: 5)
        let ledger = try Ledger(path: directory.appendingPathComponent("saatava.sqlite").path)
        let run = try ledger.startRun(asOf: asOf, at: "t")
        struct Broken: Error {}
        XCTAssertThrowsError(try ledger.post(fileNamed: "broken", kind: "camt054", run: run) { posting in
            var seen = 0
            try CamtParser.parse(file: written.camtFiles[0], diagnostic: { _ in }) { payment in
                try posting.add(payment)
                seen += 1
                if seen == 5 { throw Broken() }
            }
        })
        XCTAssertEqual(try ledger.count("payments"), 0)
        XCTAssertEqual(try ledger.count("files"), 0)
        XCTAssertEqual(try ledger.count("audit"), 0)
    }

    /// Version 3 copies the invoice and payment tables to write their constraints as comparisons: the rows, the
    /// references to them and the constraints survive, and updating a payment's status builds no temporary B-tree.
    func test_aVersion2Ledger_keepsItsRowsAndReferences_andChecksStatusWithoutATemporaryTable() throws {
        let path = try ledgerFile(version: 2, rows: runFileAndCustomer + """
            INSERT INTO invoices (id, seller_id, invoice_number, type, customer_id, invoice_date, currency, amount,
                reference, reference_kind, reference_key, file_id)
                VALUES (7, 's', 'A-1', 'invoice', 1, '2026-11-01', 'EUR', 1000, '1232', 'fi', '1232', 1);
            INSERT INTO payments (id, account, archive_id, sequence, currency, direction, reversal, entry_status,
                reference_kind, status, file_id)
                VALUES (5, 'FI21', 'X1', 1, 'EUR', 'credit', 0, 'booked', 'fi', 'matched', 1),
                       (6, 'FI21', 'X1', 2, 'EUR', 'credit', 1, 'booked', 'fi', 'reversal', 1);
            UPDATE payments SET reverses = 5 WHERE id = 6;
            INSERT INTO allocations (payment_id, invoice_id, amount, rule, run_id) VALUES (5, 7, 1000, 'reference', 1);
            """)

        let ledger = try Ledger(path: path)
        let rows = try ledger.database.prepare("""
            SELECT (SELECT user_version FROM pragma_user_version), p.status, r.reverses, i.invoice_number,
                   (SELECT count(*) FROM pragma_foreign_key_check), (SELECT count(*) FROM sqlite_master WHERE name LIKE '%_3')
            FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id
            JOIN payments r ON r.reverses = p.id
            """)
        try rows.bind([])
        XCTAssertTrue(try rows.step())
        XCTAssertEqual(rows.integer(0), Int64(Schema.migrations.count))
        XCTAssertEqual(rows.text(1), "matched")
        XCTAssertEqual(rows.integer(2), 5)
        XCTAssertEqual(rows.text(3), "A-1")
        XCTAssertEqual(rows.integer(4), 0, "every reference holds")
        XCTAssertEqual(rows.integer(5), 0, "no copy is left behind")
        for sql in [
            "UPDATE payments SET status = ?1 WHERE id = 5", "UPDATE invoices SET reference_kind = ?1 WHERE id = 7",
        ] {
            let program = try ledger.database.prepare("EXPLAIN " + sql)
            try program.bind([.text("matched")])
            var operations: [String] = []
            while try program.step() { operations.append(program.text(1) ?? "") }
            XCTAssertFalse(operations.contains("OpenEphemeral"), sql)
        }
        XCTAssertThrowsError(try ledger.database.execute("UPDATE payments SET status = 'lost' WHERE id = 5"))
        XCTAssertThrowsError(try ledger.database.execute("DELETE FROM invoices WHERE id = 7"), "still referenced")
    }

    /// Version 4 indexes payments by status only while they are still to place, and allocations by credit note
    /// only when they come from one: the rows survive, and the lookups matching makes still use the indexes.
    func test_aVersion3Ledger_indexesOnlyWhatMatchingLooksUp() throws {
        let path = try ledgerFile(version: 3, rows: runFileAndCustomer + """
            INSERT INTO invoices (id, seller_id, invoice_number, type, customer_id, invoice_date, currency, amount,
                reference, reference_kind, reference_key, file_id)
                VALUES (7, 's', 'A-1', 'invoice', 1, '2026-11-01', 'EUR', 1000, '1232', 'fi', '1232', 1),
                       (8, 's', 'H-1', 'credit_note', 1, '2026-11-02', 'EUR', -100, NULL, NULL, NULL, 1);
            INSERT INTO payments (id, account, archive_id, sequence, currency, direction, reversal, entry_status,
                reference_kind, status, file_id)
                VALUES (5, 'FI21', 'X1', 1, 'EUR', 'credit', 0, 'booked', 'fi', 'matched', 1),
                       (6, 'FI21', 'X2', 2, 'EUR', 'credit', 0, 'booked', 'fi', 'pending', 1);
            INSERT INTO allocations (payment_id, credit_note_id, invoice_id, amount, rule, run_id)
                VALUES (5, NULL, 7, 800, 'reference', 1), (NULL, 8, 7, 100, 'credit_note', 1);
            """)

        let ledger = try Ledger(path: path)
        XCTAssertEqual(try ledger.count("payments"), 2)
        XCTAssertEqual(try ledger.count("allocations"), 2)
        XCTAssertEqual(try ledger.openAmount(ofInvoice: "A-1"), 100)
        let indexes = try ledger.database.prepare("""
            SELECT (SELECT user_version FROM pragma_user_version), group_concat(name || ': ' || sql, '; ')
            FROM sqlite_master WHERE name IN ('payments_by_status', 'payments_to_place', 'allocations_by_credit_note')
            """)
        try indexes.bind([])
        XCTAssertTrue(try indexes.step())
        XCTAssertEqual(indexes.integer(0), Int64(Schema.migrations.count))
        XCTAssertEqual(indexes.text(1), """
            payments_to_place: CREATE INDEX payments_to_place ON payments (status) WHERE status = 'pending' OR status = 'unmatched'; \
            allocations_by_credit_note: CREATE INDEX allocations_by_credit_note ON allocations (credit_note_id) WHERE credit_note_id IS NOT NULL
            """)
        let input = try ledger.matchingInput()
        XCTAssertEqual(input.payments.map(\.id), [6], "the payment still to place")
        XCTAssertEqual(input.credits.map(\.creditNoteNumber), [], "the credit note is applied")
        for (sql, index) in [
            ("SELECT count(*) FROM payments WHERE (status = 'pending' OR status = 'unmatched')", "payments_to_place"),
            ("SELECT 1 FROM allocations a WHERE a.credit_note_id = 8", "allocations_by_credit_note"),
        ] {
            let plan = try ledger.database.prepare("EXPLAIN QUERY PLAN " + sql)
            try plan.bind([])
            XCTAssertTrue(try plan.step())
            XCTAssertTrue(plan.text(3)?.contains(index) == true, plan.text(3) ?? "no plan")
        }
    }

    /// Version 19 indexes decisions by payment: a reversal's voucher finds a refund decided on the payment it reverses
    /// without reading every decision ever made.
    func test_aVersion18Ledger_indexesDecisionsByPayment() throws {
        let ledger = try Ledger(path: try ledgerFile(version: 18, rows: runFileAndCustomer))
        XCTAssertEqual(try ledger.scalar("SELECT user_version FROM pragma_user_version"), Schema.migrations.count)
        let plan = try ledger.database.prepare("""
            EXPLAIN QUERY PLAN SELECT coalesce(sum(amount), 0) FROM decisions WHERE payment_id = 5 AND action = 'refund'
            """)
        try plan.bind([])
        XCTAssertTrue(try plan.step())
        XCTAssertTrue(plan.text(3)?.contains("decisions_by_payment") == true, plan.text(3) ?? "no plan")
    }

    /// Version 21 indexes the dunning steps by day: the count of a day's transfers to collection, which what waits
    /// after every run asks, reads that day's steps, not every reminder ever issued.
    func test_aVersion20Ledger_indexesRemindersByDay() throws {
        let ledger = try Ledger(path: try ledgerFile(version: 20, rows: runFileAndCustomer))
        XCTAssertEqual(try ledger.scalar("SELECT user_version FROM pragma_user_version"), Schema.migrations.count)
        let plan = try ledger.database.prepare("EXPLAIN QUERY PLAN " + Ledger.transfersOfADay)
        try plan.bind([.text("2026-11-27")])
        XCTAssertTrue(try plan.step())
        XCTAssertTrue(plan.text(3)?.contains("reminders_by_day") == true, plan.text(3) ?? "no plan")
        XCTAssertEqual(try ledger.transferCount(on: LocalDate(parsing: "2026-11-27")), 0)
    }

    /// Version 22 indexes allocations by run: the page's invoices with charges unpaid and money in the last 30 days
    /// are found through those days' allocations, not by looking up when every invoice with charges unpaid was paid.
    func test_aVersion21Ledger_indexesAllocationsByRun() throws {
        let ledger = try Ledger(path: try ledgerFile(version: 21, rows: runFileAndCustomer))
        XCTAssertEqual(try ledger.scalar("SELECT user_version FROM pragma_user_version"), Schema.migrations.count)
        let plan = try ledger.database.prepare("EXPLAIN QUERY PLAN " + Ledger.recentUnpaidChargesQuery)
        try plan.bind([.text("2026-11-27")])
        var steps: [String] = []
        while try plan.step() { steps.append(plan.text(3) ?? "") }
        XCTAssertTrue(steps.contains { $0.contains("allocations_by_run") }, steps.joined(separator: "; "))
        XCTAssertFalse(steps.contains { $0.hasPrefix("SCAN") && $0 != "SCAN n" && $0 != "SCAN recent" },
                       steps.joined(separator: "; "))
        let charges = try ledger.unpaidCharges(listedSince: LocalDate(parsing: "2026-11-27"))
        XCTAssertTrue(charges.listed.isEmpty)
        XCTAssertEqual(charges.older.count, 0)
        // A part's check of what earlier parts of the run made goes through the payment's few allocations, not through
        // every allocation of the run (SQLite chose the new index by run: a million-invoice day's match took 675 s).
        let made = try ledger.database.prepare("EXPLAIN QUERY PLAN " + Ledger.madeByThisRunQuery)
        try made.bind([.integer(1), .integer(2), .integer(1)])
        XCTAssertTrue(try made.step())
        XCTAssertTrue(made.text(3)?.contains("allocations_by_payment") == true, made.text(3) ?? "no plan")
    }

    /// Version 23 keeps the invoices with principal paid and charges unpaid, counted and summed per currency: filled
    /// from the balances of the ledger it upgrades, so that the page's older unpaid charges are read from it.
    func test_aVersion22Ledger_keepsItsUnpaidCharges() throws {
        let ledger = try Ledger(path: try ledgerFile(version: 22, rows: runFileAndCustomer + """
            INSERT INTO invoices (id, seller_id, invoice_number, type, customer_id, invoice_date, currency, amount,
                reference, reference_kind, reference_key, file_id)
                VALUES (7, 's', 'A-1', 'invoice', 1, '2026-11-01', 'EUR', 1000, '1232', 'fi', '1232', 1),
                       (8, 's', 'A-2', 'invoice', 1, '2026-11-01', 'EUR', 2000, '1245', 'fi', '1245', 1),
                       (9, 's', 'A-3', 'interest_invoice', 1, '2026-11-01', 'SEK', 300, NULL, NULL, NULL, 1),
                       (10, 's', 'A-4', 'invoice', 1, '2026-11-01', 'EUR', 400, NULL, NULL, NULL, 1),
                       (11, 's', 'A-5', 'invoice', 1, '2026-11-01', 'EUR', 400, NULL, NULL, NULL, 1);
            INSERT INTO balances (invoice_id, due_date, open, charges)
                VALUES (7, '2026-11-15', 0, 550), (8, '2026-11-15', 500, 300), (9, '2026-11-15', 0, 120),
                       (10, '2026-11-15', 0, 0), (11, '2026-11-15', 0, 45);
            """))
        XCTAssertEqual(try ledger.scalar("SELECT user_version FROM pragma_user_version"), Schema.migrations.count)
        let charges = try ledger.unpaidCharges(listedSince: LocalDate(parsing: "2026-11-27"))
        XCTAssertTrue(charges.listed.isEmpty)
        XCTAssertEqual(charges.older, CountAndSums(count: 3, byCurrency: [.euro: 595, Currency(code: "SEK")!: 120]))
    }

    /// Version 25 lets a person drop a waiting delivery: the table made anew keeps every row, its waiting ones still
    /// wait (through the index), a delivered one stays final, and a dropped one becomes final too.
    func test_aVersion24Ledger_keepsItsDeliveries_andLetsAWaitingOneBeDropped() throws {
        let ledger = try Ledger(path: try ledgerFile(version: 24, rows: runFileAndCustomer + """
            INSERT INTO deliveries (id, file, destination, size, sha256, remote_path, status, attempts, delivered_at,
                last_error, run_id, last_allocation)
                VALUES (1, 'outbox/a.xml', 'operator', 5, '\(String(repeating: "a", count: 64))', '/in/a.xml', 'delivered', 1,
                        'then', NULL, 1, 0),
                       (2, 'outbox/b.xml', 'operator', 5, NULL, NULL, 'failed', 1, NULL, 'withheld: paid', 1, 7),
                       (3, 'outbox/c.csv', 'agency', 5, NULL, NULL, 'pending', 0, NULL, NULL, 1, NULL);
            """))
        XCTAssertEqual(try ledger.scalar("SELECT user_version FROM pragma_user_version"), Schema.migrations.count)
        XCTAssertEqual(try ledger.waitingDeliveries().map(\.file), ["outbox/b.xml", "outbox/c.csv"])
        XCTAssertEqual(try ledger.waitingDeliveries().map(\.lastAllocation), [7, nil])
        let plan = try ledger.database.prepare("""
            EXPLAIN QUERY PLAN SELECT id FROM deliveries WHERE status = 'pending' OR status = 'failed' ORDER BY id
            """)
        try plan.bind([])
        var steps: [String] = []
        while try plan.step() { steps.append(plan.text(3) ?? "") }
        XCTAssertTrue(steps.contains { $0.contains("deliveries_waiting") }, steps.joined(separator: "; "))

        let dropped = try ledger.dropDelivery(file: "outbox/b.xml", reason: "sent by hand", at: "now", source: "test")
        XCTAssertEqual(dropped.dropped.map { "\($0.file) \($0.destination) \($0.wasTried)" }, ["outbox/b.xml operator true"])
        XCTAssertEqual(dropped.steps, [], "the run issued no step")
        XCTAssertEqual(try ledger.waitingDeliveries().map(\.file), ["outbox/c.csv"])
        XCTAssertEqual(try ledger.waitingDeliveryCounts(), ["agency": ["pending": 1]])
        XCTAssertEqual(try ledger.deliveryViews().map(\.status), ["delivered", "dropped", "pending"])
        XCTAssertEqual(try ledger.deliveryViews()[1].lastError, "dropped at now by test: sent by hand")
        for file in ["outbox/a.xml", "outbox/b.xml", "outbox/none.xml"] {
            XCTAssertThrowsError(try ledger.dropDelivery(file: file, reason: "again", at: "now", source: "test")) {
                XCTAssertTrue($0 is DeliveryRefusal, "\($0)")
            }
        }
        XCTAssertThrowsError(try ledger.recordDeliveryFailed(2, error: "retried"), "a dropped file is final")
        XCTAssertThrowsError(try ledger.database.execute("DELETE FROM deliveries WHERE id = 3"), "deliveries are kept")
        XCTAssertEqual(try ledger.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'deliveries_25'"), 0)
    }

    /// A consumer known by name and address, written composed in one file (`é`) and with a combining mark in the next
    /// (`e` + U+0301), is one customer: keys are booked composed, and a hold asked for in either form finds them.
    func test_aCustomerWrittenWithACombiningMark_isTheCustomerWrittenComposed() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        let run = try ledger.startRun(asOf: asOf, at: "t")
        let composed = "Jos\u{E9} Virtanen", decomposed = "Jose\u{301} Virtanen"
        for (file, (number, name)) in [("a", ("C-1", composed)), ("b", ("C-2", decomposed))] {
            var consumer = invoice(number, "1232", 1000)
            (consumer.buyerId, consumer.isConsumer, consumer.buyerName) = (nil, true, name)
            consumer.buyerAddress = Invoice.PostalAddress(street: "Kes\u{E4}katu 1", postCode: "00100")
            _ = try ledger.post(fileNamed: file, kind: "finvoice", run: run) { try $0.add(consumer) }
        }
        let keys = try ledger.database.prepare("SELECT key, (SELECT count(*) FROM invoices) FROM customers")
        try keys.bind([])
        XCTAssertTrue(try keys.step())
        XCTAssertEqual(keys.text(0).map { Array($0.utf8) }, Array("name:\(composed)|00100|Kes\u{E4}katu 1".utf8))
        XCTAssertEqual(keys.integer(1), 2, "both invoices are the customer's")
        XCTAssertFalse(try keys.step(), "one customer")
        let hold = try ledger.addHold(
            HoldRequest(invoiceNumber: nil, customerId: "name:\(decomposed)|00100|Kesa\u{308}katu 1", kind: .hold),
            source: "test", run: nil)
        XCTAssertEqual(hold.customerId.map { Array($0.utf8) }, Array("name:\(composed)|00100|Kes\u{E4}katu 1".utf8))
        let audit = try ledger.database.prepare("SELECT detail FROM audit WHERE entity = 'hold'")
        try audit.bind([])
        XCTAssertTrue(try audit.step())
        XCTAssertTrue(audit.text(0)?.utf8.contains("customer name:\(composed)|00100|Kes\u{E4}katu 1".utf8) == true,
                      "the audit trail names the customer as booked: \(audit.text(0) ?? "")")
    }

    /// Version 26 brings customer keys to their composed form: a key written with a combining mark is composed, and
    /// one whose composed form another customer has becomes that customer, with its invoices and holds, in the audit
    /// trail, and several that compose alike become the first of them; the customer keeps each detail of the one
    /// invoiced last that states it. Insight's kept sums, kept by key, are made afresh. Keys without such marks are
    /// left as they are.
    func test_aVersion25Ledger_composesItsCustomerKeys_andMakesOneCustomerOfKeysThatAgree() throws {
        let ledger = try Ledger(path: try ledgerFile(version: 25, rows: runFileAndCustomer + """
            INSERT INTO customers (id, key, name, consumer, street, language, einvoice_address) VALUES
                (2, 'name:Jose\u{301}|00100|Katu 1', 'Jose\u{301}', 1, 'Uusi katu 2', NULL, 'FI4312345600000123'),
                (3, 'name:Jos\u{E9}|00100|Katu 1', 'Jos\u{E9}', 1, 'Vanha katu 1', 'fi', NULL),
                (4, 'name:A\u{30A}sa|00100|Katu 2', '\u{C5}sa', 1, NULL, NULL, NULL);
            INSERT INTO customers (id, key, name, consumer, street, town, language) VALUES
                (5, 'name:e\u{323}\u{302}|00100|Katu 3', NULL, 1, NULL, 'Oldest', 'sv'),
                (6, 'name:\u{1EB9}\u{302}|00100|Katu 3', NULL, 1, 'Newest street', NULL, NULL),
                (7, 'name:\u{EA}\u{323}|00100|Katu 3', NULL, 1, NULL, 'Middle', NULL);
            INSERT INTO invoices (id, seller_id, invoice_number, type, customer_id, invoice_date, currency, amount,
                file_id)
                VALUES (7, 's', 'A-1', 'invoice', 3, '2026-11-01', 'EUR', 1000, 1),
                       (8, 's', 'A-2', 'invoice', 2, '2026-11-01', 'EUR', 2000, 1),
                       (9, 's', 'A-3', 'invoice', 4, '2026-11-01', 'EUR', 3000, 1),
                       (10, 's', 'A-4', 'invoice', 1, '2026-11-01', 'EUR', 4000, 1),
                       (11, 's', 'A-5', 'invoice', 5, '2026-11-01', 'EUR', 5000, 1),
                       (12, 's', 'A-6', 'invoice', 7, '2026-11-01', 'EUR', 6000, 1),
                       (13, 's', 'A-7', 'invoice', 6, '2026-11-01', 'EUR', 7000, 1);
            INSERT INTO holds (id, customer_id, kind, source) VALUES (1, 2, 'dispute', 'test');
            INSERT INTO insight_mark (id, as_of, last_allocation, last_invoice) VALUES (1, '2026-11-26', 0, 10);
            INSERT INTO insight_sums (figure, owner, slot, a, b, c)
                VALUES (1, 'name:Jose\u{301}|00100|Katu 1', 0, 1, 2, 3);
            """))
        XCTAssertEqual(try ledger.scalar("SELECT user_version FROM pragma_user_version"), Schema.migrations.count)
        let rows = try ledger.database.prepare("""
            SELECT c.id, c.key, group_concat(i.invoice_number, ' '),
                (SELECT group_concat(h.kind) FROM holds h WHERE h.customer_id = c.id)
            FROM customers c JOIN invoices i ON i.customer_id = c.id GROUP BY c.id ORDER BY c.id
            """)
        try rows.bind([])
        var customers: [String] = []
        while try rows.step() {
            let key = Array(rows.text(1)!.unicodeScalars)
            customers.append("\(rows.integer(0)) \(key) \(rows.text(2)!) \(rows.text(3) ?? "-")")
        }
        XCTAssertEqual(customers, [
            "1 \(Array("c".unicodeScalars)) A-4 -",
            "3 \(Array("name:Jos\u{E9}|00100|Katu 1".unicodeScalars)) A-1 A-2 dispute",
            "4 \(Array("name:\u{C5}sa|00100|Katu 2".unicodeScalars)) A-3 -",
            "5 \(Array("name:\u{1EC7}|00100|Katu 3".unicodeScalars)) A-5 A-6 A-7 -",
        ])
        let details = try ledger.database.prepare(
            "SELECT street, town, language, einvoice_address FROM customers WHERE id = 3 OR id = 5 ORDER BY id")
        try details.bind([])
        var merged: [[String?]] = []
        while try details.step() { merged.append((0..<4).map { details.text($0) }) }
        XCTAssertEqual(
            merged, [["Uusi katu 2", nil, "fi", "FI4312345600000123"], ["Newest street", "Middle", "sv", nil]],
            "each detail of the customer invoiced last that states it")
        XCTAssertNil(try ledger.insightMark(), "the kept sums are made afresh")
        XCTAssertEqual(try ledger.count("insight_sums"), 0)
        let audit = try ledger.database.prepare("SELECT entity_key, detail FROM audit WHERE entity = 'customer'")
        try audit.bind([])
        XCTAssertTrue(try audit.step())
        XCTAssertEqual(audit.text(0).map { Array($0.unicodeScalars) },
                       Array("name:Jose\u{301}|00100|Katu 1".unicodeScalars))
        XCTAssertEqual(audit.text(1), "into the customer of the same key composed (row 3, was row 2)")
        for row in [6, 7] {
            XCTAssertTrue(try audit.step())
            XCTAssertEqual(audit.text(1), "into the customer of the same key composed (row 5, was row \(row))")
        }
        XCTAssertFalse(try audit.step(), "a key only composed is no merge")
    }

    /// A day's transfer, its CSV and its manifest go to the agency together, and so are dropped together; the
    /// agency's notice of payments, and the day's reminders batch (another destination), only when named.
    func test_droppingACollectionFile_dropsTheDaysOtherWaitingTransferFiles_butNotItsPaymentsNotice() throws {
        let folder = "outbox/2026-11-26/collection/"
        let ledger = try Ledger(path: try ledgerFile(version: Schema.migrations.count, rows: runFileAndCustomer + """
            INSERT INTO runs (id, as_of, started_at, status) VALUES (2, '2026-11-27', 'then', 'finished');
            INSERT INTO deliveries (file, destination, status, attempts, run_id)
                VALUES ('\(folder)transfer-2026-11-26.json', 'agency', 'failed', 1, 1),
                       ('\(folder)transfer-2026-11-26.csv', 'agency', 'failed', 0, 1),
                       ('\(folder)manifest.json', 'agency', 'pending', 0, 1),
                       ('\(folder)payments-2026-11-26.csv', 'agency', 'failed', 0, 1),
                       ('outbox/2026-11-26/reminders/reminders-finvoice.xml', 'operator', 'failed', 0, 1),
                       ('outbox/2026-11-27/collection/manifest.json', 'agency', 'pending', 0, 2);
            """))
        let first = try ledger.dropDelivery(file: folder + "transfer-2026-11-26.csv", reason: "paid", at: "now",
                                            source: "test")
        XCTAssertEqual(first.dropped.map(\.file), ["transfer-2026-11-26.json", "transfer-2026-11-26.csv",
                                                   "manifest.json"].map { folder + $0 })
        XCTAssertEqual(first.dropped.map(\.wasTried), [true, false, false])
        XCTAssertEqual(try ledger.waitingDeliveries().map(\.file), [
            folder + "payments-2026-11-26.csv", "outbox/2026-11-26/reminders/reminders-finvoice.xml",
            "outbox/2026-11-27/collection/manifest.json",
        ])
        let notice = try ledger.dropDelivery(file: folder + "payments-2026-11-26.csv", reason: "sent by hand",
                                             at: "now", source: "test")
        XCTAssertEqual(notice.dropped.map(\.file), [folder + "payments-2026-11-26.csv"])
        XCTAssertEqual(try ledger.waitingDeliveries().count, 2)
    }

    /// The sellers of a run's invoices are read through the run's files and the index of invoices by file, not by
    /// reading every invoice ever booked (as SQLite chose when left to: a day's warning that cost more every day).
    func test_theSellersOfARunsInvoices_areReadThroughItsFiles() throws {
        let ledger = try Ledger(path: try ledgerFile(version: Schema.migrations.count, rows: runFileAndCustomer))
        let plan = try ledger.database.prepare("EXPLAIN QUERY PLAN " + Ledger.otherSellersQuery)
        try plan.bind([.integer(1), .text("1234567-1")])
        var steps: [String] = []
        while try plan.step() { steps.append(plan.text(3) ?? "") }
        XCTAssertEqual(steps.first, "SCAN f", steps.joined(separator: "; "))
        XCTAssertTrue(steps.contains { $0.contains("invoices_by_file") }, steps.joined(separator: "; "))
    }

    /// A ledger that cannot be brought forward is refused and left as it was, no migration of those it lacks kept:
    /// one whose references do not hold (an invoice of a customer not in it, written with foreign keys off), and one
    /// where a later migration fails (version 24: a column it adds is there already).
    func test_aLedgerThatCannotBeBroughtForward_isLeftAtItsVersion() throws {
        let older = 22 // two before version 24, which adds deliveries.last_allocation
        let cases = [
            (runFileAndCustomer + """
                INSERT INTO invoices (id, seller_id, invoice_number, type, customer_id, invoice_date, currency, amount,
                    reference, reference_kind, reference_key, file_id)
                    VALUES (7, 's', 'A-1', 'invoice', 9, '2026-11-01', 'EUR', 1000, '1232', 'fi', '1232', 1);
                """, "the check of its references", "a reference no longer holds"),
            ("ALTER TABLE deliveries ADD COLUMN last_allocation INTEGER;", "version \(older + 2)",
             "duplicate column name: last_allocation"),
        ]
        for (rows, step, reason) in cases {
            let path = try ledgerFile(version: older, rows: rows)
            XCTAssertThrowsError(try Ledger(path: path)) {
                XCTAssertTrue("\($0)".hasPrefix("\(path): migrating the ledger from schema version \(older) failed at "
                    + "\(step) (the file is left as it was): "), "\($0)")
                XCTAssertTrue("\($0)".contains(reason), "\($0)")
            }
            var raw: OpaquePointer?
            XCTAssertEqual(sqlite3_open(path, &raw), SQLITE_OK)
            defer { sqlite3_close(raw) }
            var statement: OpaquePointer?
            defer { sqlite3_finalize(statement) }
            XCTAssertEqual(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &statement, nil), SQLITE_OK)
            XCTAssertEqual(sqlite3_step(statement), SQLITE_ROW)
            XCTAssertEqual(sqlite3_column_int64(statement, 0), Int64(older), step)
        }
    }

    /// The run, file and customer that the rows of an older ledger file hang on.
    private let runFileAndCustomer = """
            INSERT INTO runs (id, as_of, started_at, status) VALUES (1, '2026-11-26', 'then', 'finished');
            INSERT INTO files (id, name, kind, run_id, records, new_records) VALUES (1, 'f', 'camt054', 1, 2, 2);
            INSERT INTO customers (id, key, name, consumer) VALUES (1, 'c', 'Esimerkki Oy', 0);
        """

    /// A ledger file written by the first `version` migrations, with `rows` inserted, as an older saatava left it.
    private func ledgerFile(version: Int, rows: String) throws -> String {
        let path = try temporaryDirectory().appendingPathComponent("saatava.sqlite").path
        var raw: OpaquePointer?
        XCTAssertEqual(sqlite3_open(path, &raw), SQLITE_OK)
        defer { sqlite3_close(raw) }
        let sql = Schema.migrations.prefix(version).joined(separator: ";\n") + "; PRAGMA user_version = \(version);\n" + rows
        XCTAssertEqual(sqlite3_exec(raw, sql, nil, nil, nil), SQLITE_OK, String(cString: sqlite3_errmsg(raw)))
        return path
    }

    func test_auditTrail_isAppendOnly_andConstraintsHold() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("saatava.sqlite").path
        let ledger = try Ledger(path: path)
        let run = try ledger.startRun(asOf: asOf, at: "t")
        let plan = WorkloadPlan(invoiceCount: 10, seed: 9, asOf: asOf)
        let written = try WorkloadWriter.write(plan, to: directory.path, seed: 9)
        _ = try postPayments(written.camtFiles[0], to: ledger, run: run)
        XCTAssertGreaterThan(try ledger.count("audit"), 0)

        var handle: OpaquePointer?
        XCTAssertEqual(sqlite3_open(path, &handle), SQLITE_OK)
        defer { sqlite3_close(handle) }
        for sql in [
            "UPDATE audit SET detail = 'changed'", "DELETE FROM audit",
            "INSERT INTO allocations (payment_id, invoice_id, amount, rule, run_id) VALUES (1, 1, -5, 'x', 1)",
            "UPDATE payments SET direction = 'sideways'", "UPDATE payments SET status = 'lost'",
            "UPDATE payments SET reference_kind = 'xx'", "UPDATE payments SET file_id = 999999",
        ] {
            XCTAssertNotEqual(sqlite3_exec(handle, "PRAGMA foreign_keys = ON; " + sql, nil, nil, nil), SQLITE_OK, sql)
        }
        XCTAssertEqual(try Ledger(path: path).count("payments"), plan.payments.count, "reopening migrates nothing twice")
    }

    func test_decisions_areAllOrNothing_andAudited() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("saatava.sqlite").path
        let plan = WorkloadPlan(invoiceCount: 200, seed: 4, asOf: asOf)
        let written = try WorkloadWriter.write(plan, to: directory.path, seed: 4)
        let ledger = try Ledger(path: path)
        let run = try ledger.startRun(asOf: asOf, at: "t")
        _ = try postInvoices(written.finvoiceFiles, to: ledger, run: run)
        _ = try postPayments(written.camtFiles[0], to: ledger, run: run)
        try match(ledger, run: run)
        let text = try XCTUnwrap(plan.payments.first { $0.paymentCase == .invoiceNumberInText })
        let unknown = try XCTUnwrap(plan.payments.first { $0.paymentCase == .unknownReference })

        XCTAssertThrowsError(try ledger.allOrNothing {
            try ledger.decide(.assign(invoiceNumber: text.invoiceNumber!), payment: text.archiveId, note: nil, source: "test", run: run)
            try ledger.decide(.assign(invoiceNumber: "NO-SUCH-INVOICE"), payment: unknown.archiveId, note: nil, source: "test", run: run)
        })
        XCTAssertEqual(try ledger.state(ofPayment: text.archiveId)?.status.rawValue, "unmatched", "the first decision was undone too")

        try ledger.decide(.assign(invoiceNumber: text.invoiceNumber!), payment: text.archiveId, note: "lasku in the message",
                          source: "test", run: run)
        try ledger.decide(.refund, payment: unknown.archiveId, note: nil, source: "test", run: run)
        XCTAssertEqual(try ledger.state(ofPayment: text.archiveId)?.status.rawValue, "matched")
        XCTAssertEqual(try ledger.openAmount(ofInvoice: text.invoiceNumber!), 0)
        XCTAssertEqual(try ledger.state(ofPayment: unknown.archiveId)?.status.rawValue, "refunded")

        var handle: OpaquePointer?
        XCTAssertEqual(sqlite3_open(path, &handle), SQLITE_OK)
        defer { sqlite3_close(handle) }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(handle, "SELECT entity_key, detail FROM audit WHERE action = 'decision' ORDER BY id", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        var audited: [String] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            audited.append(String(cString: sqlite3_column_text(statement, 0)) + " " + String(cString: sqlite3_column_text(statement, 1)))
        }
        XCTAssertEqual(audited, [
            "\(text.archiveId) assign to invoice by test: lasku in the message", "\(unknown.archiveId) refund by test",
        ])
    }

    func test_creditLargerThanWhatIsOpen_isListedAsTheCustomersCredit() throws {
        let directory = try temporaryDirectory()
        let plan = WorkloadPlan(invoiceCount: 300, seed: 6, asOf: asOf)
        let written = try WorkloadWriter.write(plan, to: directory.path, seed: 6)
        let ledger = try Ledger(path: directory.appendingPathComponent("saatava.sqlite").path)
        let run = try ledger.startRun(asOf: asOf, at: "t")
        _ = try postInvoices(written.finvoiceFiles, to: ledger, run: run)
        _ = try postPayments(written.camtFiles[0], to: ledger, run: run)
        try match(ledger, run: run)
        XCTAssertEqual(try ledger.customerCredits().count, 0, "every generated credit note fits its invoice")
        // A second credit note for a paid invoice: all of it is the customer's credit.
        let paid = try XCTUnwrap(plan.invoices.first { $0.status == "paid" && $0.kind == .invoice })
        let credit = Invoice(
            format: "test", file: "test", invoiceNumber: "H-EXTRA", kind: .creditNote, invoiceDate: asOf, dueDate: asOf,
            amount: Amount(minorUnits: -1_000, currency: .euro), reference: nil, sellerId: "1234567-1", sellerName: nil,
            sellerAccount: nil, buyerId: paid.customer.businessID, buyerName: paid.customer.name,
            isConsumer: paid.customer.businessID == nil, isCancellation: false, originalInvoiceNumber: paid.invoiceNumber,
            overdueInterestPercent: nil, buyerAddress: nil, language: nil)
        // And one for an invoice not booked: it waits, and is no credit.
        var waiting = credit
        (waiting.invoiceNumber, waiting.originalInvoiceNumber) = ("H-WAIT", "NOT-BOOKED")
        _ = try ledger.post(fileNamed: "extra", kind: "finvoice", run: run) {
            try $0.add(credit)
            try $0.add(waiting)
        }
        try match(ledger, run: run)
        let credits = try ledger.customerCredits()
        XCTAssertEqual(credits.map(\.creditNote), ["H-EXTRA"])
        XCTAssertEqual(credits.map(\.amount.decimalString), ["10.00"])
        XCTAssertEqual(try ledger.openAmount(ofInvoice: paid.invoiceNumber), 0)

        // Both reads of the credit left (the page's, and the next pass's) go through the index of balances that are
        // not zero: neither steps through the invoices ever booked, at most through the open balances (which the
        // next pass counts). The page's looks up only the invoices the credit notes name: fewer steps than invoices
        // booked (looking for H-WAIT's through every invoice of the seller takes several a row).
        let (scanned, stepped) = (ledger.database.fullScanSteps, ledger.database.virtualMachineSteps)
        XCTAssertEqual(try ledger.customerCredits().map(\.creditNote), ["H-EXTRA"])
        XCTAssertLessThan(ledger.database.virtualMachineSteps - stepped, plan.invoices.count)
        XCTAssertEqual(try ledger.matchingInput().credits.map(\.creditNoteNumber), ["H-EXTRA", "H-WAIT"])
        let fullScans = ledger.database.fullScanSteps - scanned
        let open = try ledger.scalar("SELECT count(*) FROM balances WHERE open <> 0")
        XCTAssertLessThan(open, plan.invoices.count / 2)
        XCTAssertLessThanOrEqual(fullScans, open)
    }

    /// Two sellers' credit notes may share a number (a number is unique per seller): the customers' credit lists them
    /// by number, then in the order they were booked, whatever is left of each.
    func test_customerCredits_ofOneNumberFromTwoSellers_comeInTheOrderBooked() throws {
        let (ledger, _) = try ledgerMatching { posting in
            for (seller, number, reference, credited) in [
                ("1234567-1", "A1", "1232", Int64(-5_000)), ("2345678-2", "B1", "1245", -8_000),
            ] {
                var invoice = self.invoice(number, reference, 1_000)
                invoice.sellerId = seller
                var credit = invoice
                (credit.invoiceNumber, credit.kind, credit.reference) = ("CN1", .creditNote, nil)
                (credit.amount, credit.originalInvoiceNumber) = (Amount(minorUnits: credited, currency: .euro), number)
                try posting.add(invoice)
                try posting.add(credit)
            }
        }
        let credits = try ledger.customerCredits()
        XCTAssertEqual(credits.map(\.creditNote), ["CN1", "CN1"])
        XCTAssertEqual(credits.map(\.amount.decimalString), ["40.00", "70.00"], "the first booked first")
    }

    /// Two sellers each credit their own invoice A1 beyond what it owes: each credit note settles its own seller's A1
    /// (not the other's, booked later) and the rest of each is its customer's credit.
    func test_creditNotesOfTwoSellers_namingInvoicesOfOneNumber_eachSettleTheirOwnSellers() throws {
        let (ledger, _) = try ledgerMatching { posting in
            for (seller, reference, credited) in [
                ("1234567-1", "1232", Int64(-5_000)), ("2345678-2", "1245", -8_000),
            ] {
                var invoice = self.invoice("A1", reference, 1_000)
                invoice.sellerId = seller
                var credit = invoice
                (credit.invoiceNumber, credit.kind, credit.reference) = ("CN1", .creditNote, nil)
                (credit.amount, credit.originalInvoiceNumber) = (Amount(minorUnits: credited, currency: .euro), "A1")
                try posting.add(invoice)
                try posting.add(credit)
            }
        }
        XCTAssertEqual(try ledger.openInvoiceTotals().count, 0, "neither seller's A1 owes")
        XCTAssertEqual(try ledger.customerCredits().map(\.amount.decimalString), ["40.00", "70.00"])
    }

    /// A credit note naming an invoice number only another seller has booked waits for its own seller's invoice: it
    /// reduces nothing of the other's and is no customer credit yet.
    func test_creditNoteNamingAnotherSellersInvoiceNumber_waitsForItsOwn() throws {
        let (ledger, _) = try ledgerMatching { posting in
            var invoice = self.invoice("Z9", "1245", 1_000)
            invoice.sellerId = "2345678-2"
            var credit = self.invoice("CN9", "1245", -3_000)
            (credit.kind, credit.reference, credit.originalInvoiceNumber) = (.creditNote, nil, "Z9")
            try posting.add(invoice)
            try posting.add(credit)
        }
        XCTAssertEqual(try ledger.openInvoiceTotals(), CountAndSums(count: 1, byCurrency: [.euro: 1_000]))
        XCTAssertEqual(try ledger.customerCredits(), [])
    }

    /// An accountant's decision to assign a payment to an invoice number two sellers have is refused: which of the two
    /// the payment is for cannot be told from the number. Once the ledger knows the creditor, the number names its own
    /// invoice (the payment came to its account).
    func test_decisionAssigningToANumberOfTwoSellers_isRefused_unlessOneIsTheCreditors() throws {
        let (ledger, run) = try ledgerMatching { posting in
            for (seller, reference) in [("1234567-1", "1232"), ("2345678-2", "1245")] {
                var invoice = self.invoice("A1", reference, 10_00)
                invoice.sellerId = seller
                try posting.add(invoice)
            }
            try posting.add(self.payment("P", 10_00, reference: nil))
        }
        XCTAssertEqual(try ledger.state(ofPayment: "P")?.status, .unmatched)
        XCTAssertThrowsError(try ledger.decide(.assign(invoiceNumber: "A1"), payment: "P", note: nil, source: "test",
                                               run: run)) {
            XCTAssertEqual("\($0)", "invoice number A1 names invoices of several sellers: which one the payment is "
                + "for cannot be told")
        }
        XCTAssertEqual(try ledger.state(ofPayment: "P")?.status, .unmatched)
        XCTAssertEqual(try ledger.openInvoiceTotals(), CountAndSums(count: 2, byCurrency: [.euro: 20_00]))

        ledger.creditorBusinessId = "2345678-2"
        try ledger.decide(.assign(invoiceNumber: "A1"), payment: "P", note: nil, source: "test", run: run)
        XCTAssertEqual(try ledger.state(ofPayment: "P")?.status, .matched)
        XCTAssertEqual(try ledger.scalar("""
            SELECT i.seller_id = '2345678-2' FROM allocations a JOIN invoices i ON i.id = a.invoice_id
            WHERE a.rule = 'decision'
            """), 1, "the creditor's own A1 is paid")
    }

    /// domain.md §1.5: the reversal's transaction carries the original's archive id. It must be booked (not taken
    /// for the original delivered again), undo the original, and reopen the invoice.
    func test_reversalCarryingItsOriginalsArchiveId_isBookedAndUndoesIt() throws {
        let (ledger, run) = try ledgerMatching { posting in
            try posting.add(invoice("2025-7", "12345672", 45_50))
            try posting.add(payment(
                "250307593497REF0009A", 45_50, reference: "12345672", bookingDate: LocalDate(year: 2025, month: 3, day: 7)))
        }
        XCTAssertEqual(try ledger.openAmount(ofInvoice: "2025-7"), 0)

        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/domain-example-reversal.camt054.xml").path
        let posted = try postPayments(example, to: ledger, run: run)
        XCTAssertEqual(posted.booked, 4, "three payments and the reversal")
        try match(ledger, run: run)
        let views = try ledger.paymentViews().filter { $0.archiveId == "250307593497REF0009A" }
        XCTAssertEqual(views.map(\.status.rawValue).sorted(), ["reversal", "reversed"])
        XCTAssertEqual(views.first { $0.status == .reversal }?.reverses, "250307593497REF0009A")
        XCTAssertEqual(try ledger.openAmount(ofInvoice: "2025-7"), 45_50, "the invoice reopens")
    }

    /// A payment that remits for several invoices (camt `Strd` blocks) is placed on each by its blocks, as booked:
    /// the blocks are read back with their own payment, not another's.
    func test_paymentWithSeveralRemittanceBlocks_settlesEachInvoiceItNames() throws {
        let (ledger, _) = try ledgerMatching { posting in
            try posting.add(invoice("A", "12345672", 30_00))
            try posting.add(invoice("B", "1232", 20_00))
            try posting.add(invoice("C", "1245", 10_00))
            try posting.add(payment("P1", 10_00, reference: "1245"))
            try posting.add(payment("P2", 50_00, reference: "12345672", parts: [("12345672", 30_00), ("1232", 20_00)]))
        }
        for number in ["A", "B", "C"] { XCTAssertEqual(try ledger.openAmount(ofInvoice: number), 0, number) }
        XCTAssertEqual(try ledger.state(ofPayment: "P2")?.status.rawValue, "matched")
        XCTAssertEqual(try ledger.state(ofPayment: "P2")?.unapplied, 0)
    }

    /// A payment placed on two invoices by its remittance blocks and reversed on a later pass: the reversal undoes
    /// each of its allocations, and both invoices reopen.
    func test_reversalOfAnEarlierPaymentOnSeveralInvoices_undoesEachAllocation() throws {
        let (ledger, run) = try ledgerMatching { posting in
            try posting.add(invoice("A", "12345672", 30_00))
            try posting.add(invoice("B", "1232", 20_00))
            try posting.add(payment("P2", 50_00, reference: "12345672", parts: [("12345672", 30_00), ("1232", 20_00)]))
        }
        XCTAssertEqual([try ledger.openAmount(ofInvoice: "A"), try ledger.openAmount(ofInvoice: "B")], [0, 0])

        _ = try ledger.post(fileNamed: "next day", kind: "camt054", run: run) { posting in
            try posting.add(payment("P2", 50_00, reference: "12345672", reversal: true))
        }
        try match(ledger, run: run)
        XCTAssertEqual([try ledger.openAmount(ofInvoice: "A"), try ledger.openAmount(ofInvoice: "B")], [30_00, 20_00])
        let views = try ledger.paymentViews().filter { $0.archiveId == "P2" }
        XCTAssertEqual(views.map(\.status.rawValue).sorted(), ["reversal", "reversed"])
        XCTAssertEqual(views.first { $0.status == .reversed }?.allocations.count, 0, "nothing of it stays applied")
        let undone = try ledger.database.prepare("""
            SELECT group_concat(detail, '; ') FROM audit WHERE entity = 'payment' AND entity_key = 'P2' AND action = 'undo'
            """)
        try undone.bind([])
        XCTAssertTrue(try undone.step())
        XCTAssertEqual(undone.text(0), "3000 from invoice A: reversed; 2000 from invoice B: reversed",
                       "each undone allocation is audited under the payment's archive id")
    }

    /// Two remittance blocks of one payment naming the same invoice make two allocations of it. Reversing the
    /// payment on a later pass undoes what the payment has on the invoice in one opposite row, audited once; no
    /// allocation row is changed or deleted.
    func test_reversalOfAPaymentWithTwoBlocksForOneInvoice_undoesBoth() throws {
        let (ledger, run) = try ledgerMatching { posting in
            try posting.add(invoice("A", "12345672", 30_00))
            try posting.add(payment("P3", 15_00, reference: "12345672", parts: [("12345672", 10_00), ("12345672", 5_00)]))
        }
        XCTAssertEqual(try ledger.openAmount(ofInvoice: "A"), 15_00)

        _ = try ledger.post(fileNamed: "next day", kind: "camt054", run: run) { posting in
            try posting.add(payment("P3", 15_00, reference: "12345672", reversal: true))
        }
        try match(ledger, run: run)
        XCTAssertEqual(try ledger.openAmount(ofInvoice: "A"), 30_00)
        let undone = try ledger.database.prepare(
            "SELECT count(*) FROM audit WHERE entity = 'payment' AND entity_key = 'P3' AND action = 'undo'")
        try undone.bind([])
        XCTAssertTrue(try undone.step())
        XCTAssertEqual(undone.integer(0), 1)
        let rows = try ledger.database.prepare("SELECT group_concat(amount || ' ' || rule, ', ') FROM allocations ORDER BY id")
        try rows.bind([])
        XCTAssertTrue(try rows.step())
        XCTAssertEqual(rows.text(0), "1000 part, 500 part, -1500 undo")
        XCTAssertThrowsError(try ledger.database.execute("DELETE FROM allocations"), "allocations are append-only")
        XCTAssertThrowsError(try ledger.database.execute("UPDATE allocations SET amount = 1"), "allocations are append-only")
    }

    /// Allocations are booked by the row ids matching gave them. A result naming a row the ledger does not hold, or
    /// undoing an allocation it does not hold, is refused whole: nothing of it is booked, and the error says which.
    func test_aResultNamingRowsTheLedgerLacks_isRefusedWhole() throws {
        let (ledger, run) = try ledgerMatching { posting in
            try posting.add(invoice("A", "12345672", 30_00))
            try posting.add(payment("P1", 10_00, reference: "12345672"))
        }
        XCTAssertEqual(try ledger.openAmount(ofInvoice: "A"), 20_00)
        let allocations = try ledger.count("allocations")
        let audited = try ledger.count("audit")

        func refusal(_ result: MatchingEngine.Result) -> String? {
            do {
                try ledger.apply(result, run: run)
                return nil
            } catch {
                return "\(error)"
            }
        }
        var unknownInvoice = MatchingEngine.Result()
        unknownInvoice.allocations = [
            Allocation(paymentId: 1, invoiceId: 1, invoiceNumber: "A", currency: .euro, amount: 5_00, rule: .reference),
            Allocation(paymentId: 1, invoiceId: 99, invoiceNumber: "Z", currency: .euro, amount: 5_00, rule: .reference),
        ]
        XCTAssertEqual(refusal(unknownInvoice)?.contains("FOREIGN KEY"), true)
        var unknownPayment = MatchingEngine.Result()
        unknownPayment.undone = [
            Allocation(paymentId: 98, invoiceId: 1, invoiceNumber: "A", currency: .euro, amount: 5_00, rule: .reference)
        ]
        XCTAssertEqual(refusal(unknownPayment)?.contains("payment 98 has no allocation of 500 to invoice A to undo"), true)
        var neverApplied = MatchingEngine.Result()
        neverApplied.undone = [
            Allocation(paymentId: 1, invoiceId: 99, invoiceNumber: "Z", currency: .euro, amount: 7_00, rule: .reference)
        ]
        XCTAssertEqual(refusal(neverApplied)?.contains("payment 1 has no allocation of 700 to invoice Z to undo"), true)
        XCTAssertEqual(try ledger.count("allocations"), allocations)
        XCTAssertEqual(try ledger.count("audit"), audited)
        XCTAssertEqual(try ledger.openAmount(ofInvoice: "A"), 20_00)
    }

    /// Payments are placed in booking order, whatever order they were booked into the ledger: the earlier payment
    /// settles the invoice, the later one is the duplicate.
    func test_paymentsArePlacedInBookingDateOrder_notInTheOrderTheyWereBooked() throws {
        let (ledger, _) = try ledgerMatching { posting in
            try posting.add(invoice("A", "12345672", 10_00))
            try posting.add(payment("LATE", 10_00, reference: "12345672", bookingDate: asOf))
            try posting.add(payment("EARLY", 10_00, reference: "12345672", bookingDate: asOf.adding(days: -1)))
        }
        XCTAssertEqual(try ledger.state(ofPayment: "EARLY")?.status.rawValue, "matched")
        XCTAssertEqual(try ledger.state(ofPayment: "LATE")?.reason?.rawValue, "invoice_settled")
    }

    /// A stored value the ledger cannot decode is an error naming the column and the value, never a default (a
    /// currency of digits used to be read as euros).
    func test_aStoredValueThatCannotBeDecoded_isAnError() throws {
        let (ledger, _) = try ledgerMatching { posting in
            try posting.add(invoice("A", "12345672", 30_00))
            try posting.add(payment("P1", 10_00, reference: "12345672"))
        }
        try ledger.database.execute("UPDATE payments SET currency = '9E9' WHERE archive_id = 'P1'")
        XCTAssertThrowsError(try ledger.paymentViews()) { error in
            XCTAssertTrue("\(error)".hasPrefix("the ledger holds '9E9' in currency where a currency code belongs"), "\(error)")
        }
        try ledger.database.execute("UPDATE payments SET currency = 'EUR', reason = 'lost' WHERE archive_id = 'P1'")
        XCTAssertThrowsError(try ledger.state(ofPayment: "P1")) { error in
            XCTAssertTrue("\(error)".contains("'lost' in reason"), "\(error)")
        }
    }

    /// The day's dunning steps and the files that carry them are recorded in one transaction: steps refused leave no
    /// file queued, and a file is queued once for its destination.
    func test_dunningStepsAndTheirFilesForDelivery_areRecordedTogether() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        let run = try ledger.startRun(asOf: asOf, at: "t")
        func file(_ name: String) -> Ledger.QueuedDelivery {
            Ledger.QueuedDelivery(file: "outbox/2026-11-27/collection/\(name)", destination: "agency", size: 3,
                                  sha256: String(repeating: "a", count: 64))
        }
        try ledger.record([], run: run, queuing: [file("payments.csv")])
        try ledger.record([], run: run, queuing: [file("payments.csv")])
        XCTAssertEqual(try ledger.waitingDeliveries().map(\.file), ["outbox/2026-11-27/collection/payments.csv"])

        let reminder = ReminderView(
            invoiceNumber: "1001", customerId: "id:7654321-2", step: 3, dunningClass: "standard", issuedOn: asOf,
            currency: .euro, fee: 0, feeRule: "", compensation: 0, interest: 0, interestThrough: nil,
            interestRate: nil, payBy: asOf, channel: .finvoice, file: "collection/transfer-2026-11-27.csv")
        // A step for an invoice the ledger lacks is refused, and so is the transfer file queued with it.
        XCTAssertThrowsError(try ledger.record(
            [Ledger.DunningStep(invoiceId: 999, reminder: reminder, action: .collection, allowedFee: 0)],
            run: run, queuing: [file("transfer-2026-11-27.csv")]))
        XCTAssertEqual(try ledger.waitingDeliveries().map(\.file), ["outbox/2026-11-27/collection/payments.csv"])
        XCTAssertEqual(try ledger.waitingDeliveries().first?.recorded?.size, 3)
    }
}
