import Foundation
import TestSupport
import XCTest

/// docs/ledger.md over several consecutive `saatava run`s through the built binary, on hand-made bank and Finvoice
/// files: the ledger's views are checked after each day.
final class CrossDayTests: XCTestCase {
    private var work: Workdir!
    private var root: URL { work.root }
    private var config: String { work.config }

    override func setUpWithError() throws {
        work = try Workdir(in: temporaryDirectory("days"))
    }

    // MARK: Helpers

    /// Each invoice as "open status".
    private func invoices() throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try work.view("invoices").map {
            ($0["invoiceNumber"] as! String, "\($0["open"] as! String) \($0["status"] as! String)")
        })
    }

    /// Each payment as "status reason unapplied [invoice:amount …]", by archive id (a reversal sharing its
    /// original's archive id under "<id> reversal").
    private func payments() throws -> [String: String] {
        var byId: [String: String] = [:]
        for payment in try work.view("payments") {
            let allocations = (payment["allocations"] as! [[String: Any]]).map {
                "\($0["invoiceNumber"] as! String):\($0["amount"] as! String)"
            }
            let key = payment["archiveId"] as! String
            let text = "\(payment["status"] as! String) \(payment["reason"] as? String ?? "-") \(payment["unapplied"] as! String)"
                + (allocations.isEmpty ? "" : " " + allocations.joined(separator: " "))
            byId[byId[key] == nil ? key : key + " " + (payment["status"] as! String)] = text
        }
        return byId
    }

    private func toDecide() throws -> Set<String> {
        let result = try runSaatava(["ledger", "payments", "--config", config, "--status", "unmatched"])
        return Set(result.standardOutput.split(separator: "\n").map {
            (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["archiveId"] as! String
        })
    }

    private func payment(_ archiveId: String, _ amount: String, _ reference: String?, entry: String, day: String,
                         status: String = "BOOK") -> HandMade.Entry {
        HandMade.Entry(archiveId: entry, status: status, bookingDate: day,
                       transactions: [HandMade.Transaction(archiveId: archiveId, amount: amount, reference: reference)])
    }

    private func reversal(_ archiveId: String?, _ amount: String, _ reference: String, entry: String, day: String,
                          direction: String = "DBIT", status: String = "BOOK") -> HandMade.Entry {
        HandMade.Entry(archiveId: entry, status: status, direction: direction, reversal: true, bookingDate: day,
                       transactions: [HandMade.Transaction(archiveId: archiveId, amount: amount, reference: reference)])
    }

    // MARK: Rules

    /// A payment and a credit note that arrive before their invoice wait, and apply when it arrives.
    func test_paymentAndCreditNoteBeforeTheirInvoice_waitAndApplyWhenItArrives() throws {
        try work.drop("camt-1.xml", HandMade.camt([payment("P1", "100.00", "1232", entry: "E1", day: "2026-11-23")], messageId: "M1"))
        try work.drop("credit-note.xml", HandMade.finvoice("H1", amount: "-20.00", reference: "1232", type: "INV02", original: "INV1"))
        try work.run("2026-11-23")
        XCTAssertEqual(try payments(), ["P1": "unmatched unknown_reference 100.00"])
        XCTAssertEqual(try invoices(), [:], "a credit note is no receivable")

        try work.drop("invoice.xml", HandMade.finvoice("INV1", amount: "120.00", reference: "1232"))
        try work.run("2026-11-24")
        XCTAssertEqual(try invoices(), ["INV1": "0.00 paid"])
        XCTAssertEqual(try payments(), ["P1": "matched - 0.00 INV1:100.00"])
        let invoice = try XCTUnwrap(try work.view("invoices").first)
        XCTAssertEqual(invoice["credited"] as? String, "20.00")
        XCTAssertEqual(invoice["paid"] as? String, "100.00")
        XCTAssertEqual(try toDecide(), [])
    }

    /// Two sellers' invoices INV1 (references 1232 and 1245): each seller's credit note reduces its own seller's
    /// INV1, and the reversal of the payment of the first seller's reopens that one, where its credit left over
    /// applies.
    func test_twoSellersInvoicesOfOneNumber_eachCreditNoteReducesItsOwnSellers() throws {
        let second = "2345678-0"
        try work.drop("invoice-a.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232"))
        try work.drop("invoice-b.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1245", seller: second))
        try work.drop("camt-1.xml", HandMade.camt(
            [payment("P1", "100.00", "1232", entry: "E1", day: "2026-11-23")], messageId: "M1"))
        try work.run("2026-11-23")
        try work.drop("credit-a.xml", HandMade.finvoice(
            "CN1", amount: "-30.00", reference: "1232", type: "INV02", original: "INV1"))
        try work.drop("credit-b.xml", HandMade.finvoice(
            "CN1", amount: "-20.00", reference: "1245", type: "INV02", original: "INV1", seller: second))
        try work.run("2026-11-24")
        func byReference() throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try work.view("invoices").map {
                ("\($0["invoiceNumber"] as! String)/\($0["reference"] as! String)", $0["open"] as! String)
            })
        }
        XCTAssertEqual(try byReference(), ["INV1/1232": "0.00", "INV1/1245": "80.00"])
        try work.drop("camt-2.xml", HandMade.camt([reversal("P1", "100.00", "1232", entry: "E2", day: "2026-11-25")],
                                                  messageId: "M2"))
        try work.run("2026-11-25")
        XCTAssertEqual(try payments()["P1"], "reversed - 0.00")
        XCTAssertEqual(try byReference(), ["INV1/1232": "70.00", "INV1/1245": "80.00"])
    }

    /// A pending entry is no money and reverses nothing; the same archive id booked the next day is booked then.
    func test_pendingThenBooked_isBookedOnceWhenBooked() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV2", amount: "50.00", reference: "1245"))
        try work.drop("camt-1.xml", HandMade.camt([payment("P2", "50.00", "1245", entry: "E2", day: "2026-11-23", status: "PDNG")],
                                            messageId: "M1"))
        try work.run("2026-11-23")
        XCTAssertEqual(try payments(), ["P2": "pending - 0.00"])
        XCTAssertEqual(try invoices(), ["INV2": "50.00 open"])
        XCTAssertEqual(try toDecide(), [], "nothing for the accountant: the bank has not booked it")

        try work.drop("camt-2.xml", HandMade.camt([payment("P2", "50.00", "1245", entry: "E2", day: "2026-11-24")], messageId: "M2"))
        try work.run("2026-11-24")
        XCTAssertEqual(try payments(), ["P2": "matched - 0.00 INV2:50.00"])
        XCTAssertEqual(try invoices(), ["INV2": "0.00 paid"])

        // Reported pending once more (a late copy): the booked payment stands.
        try work.drop("camt-3.xml", HandMade.camt([payment("P2", "50.00", "1245", entry: "E2", day: "2026-11-24", status: "PDNG")],
                                            messageId: "M3"))
        try work.run("2026-11-25")
        XCTAssertEqual(try payments(), ["P2": "matched - 0.00 INV2:50.00"])
    }

    /// A camt.053 statement entry with the entry archive id of camt.054 notifications already booked is the same
    /// money: nothing new is booked, even when its transactions carry no archive ids of their own.
    func test_statementAfterItsNotifications_booksNothingNew() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV3", amount: "30.00", reference: "1258"))
        let batch = HandMade.Entry(archiveId: "E3", bookingDate: "2026-11-23", transactions: [
            HandMade.Transaction(archiveId: "P3a", amount: "30.00", reference: "1258"),
            HandMade.Transaction(archiveId: "P3b", amount: "12.00", reference: "1261"),
        ])
        try work.drop("camt054.xml", HandMade.camt([batch], messageId: "M1"))
        try work.run("2026-11-23")
        let before = try payments()
        XCTAssertEqual(before.count, 2)

        var statementLine = batch
        statementLine.transactions = batch.transactions.map { var copy = $0; copy.archiveId = nil; return copy }
        try work.drop("camt053.xml", HandMade.camt([statementLine], messageId: "S1", statement: true))
        let result = try work.run("2026-11-24")
        XCTAssertTrue(result.standardOutput.contains("0 invoice(s) and 0 payment(s) booked"), result.standardOutput)
        XCTAssertEqual(try payments(), before)
        XCTAssertEqual(try invoices(), ["INV3": "0.00 paid"])
    }

    /// A statement entry that sums up a day's reference payments without listing them (`Btch/NbOfTxs`), which a KTL
    /// file booked one by one, is that money again: nothing is booked (this booked it twice, the bank's receipt too,
    /// as a payment without a reference to decide on), though a camt.054 notified another payment that day. An entry
    /// that sums up anything else is booked.
    func test_statementSummingUpAKTLBatch_booksNothingNew() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV7", amount: "100.00", reference: "1258"))
        try work.drop("ktl.txt", HandMade.ktl(day: "2026-11-23", [("K1", "1258", 100_00, false, nil),
                                                                  ("K2", "1261", 40_00, false, nil)]))
        let parsed = try runSaatava(["parse", root.appendingPathComponent("inbox/ktl.txt").path])
        let account = try XCTUnwrap(parsed.standardOutput.components(separatedBy: "\"account\":\"").dropFirst().first?
            .prefix { $0 != "\"" })
        let other = HandMade.camt([HandMade.Entry(archiveId: "E9", bookingDate: "2026-11-23", transactions: [
            HandMade.Transaction(archiveId: "P9", amount: "25.00", reference: "1274")])], messageId: "M9")
        try work.drop("camt054.xml", other.replacingOccurrences(of: HandMade.account, with: String(account)))
        try work.run("2026-11-23")
        let before = try payments()
        XCTAssertEqual(before.count, 3)
        try work.drop("camt053.xml", HandMade.statementOfBatches(account: String(account), day: "2026-11-23", [
            ("S-VIITE", "140.00", 2), ("S-OTHER", "140.00", 3),
        ]))
        try work.run("2026-11-24", expect: 0)
        var after = try payments()
        XCTAssertNotNil(after.removeValue(forKey: "S-OTHER/1"), "a batch of three is other money: booked")
        XCTAssertEqual(after, before, "the batch of the two KTL payments books nothing")
        XCTAssertEqual(try invoices()["INV7"], "0.00 paid")
    }

    /// A reversal undoes the latest still-effective payment with the same account, reference and amount (here an
    /// unmatched duplicate, then the payment itself); a failed direct debit and a pending reversal undo nothing.
    func test_reversals_undoExactlyTheirOriginal_andNothingElse() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV4", amount: "80.00", reference: "1274"))
        try work.drop("camt-1.xml", HandMade.camt([payment("P4", "80.00", "1274", entry: "E41", day: "2026-11-23")], messageId: "M1"))
        try work.run("2026-11-23")
        try work.drop("camt-2.xml", HandMade.camt([payment("P4dup", "80.00", "1274", entry: "E42", day: "2026-11-24")], messageId: "M2"))
        try work.run("2026-11-24")
        XCTAssertEqual(try payments()["P4dup"], "unmatched invoice_settled 80.00")
        XCTAssertEqual(try toDecide(), ["P4dup"])

        try work.drop("camt-3.xml", HandMade.camt([
            reversal("R-info", "80.00", "1274", entry: "E43", day: "2026-11-25", direction: "CRDT", status: "INFO"),
            reversal("R-pending", "80.00", "1274", entry: "E44", day: "2026-11-25", status: "PDNG"),
            reversal("R1", "80.00", "1274", entry: "E45", day: "2026-11-25"),
        ], messageId: "M3"))
        try work.run("2026-11-25")
        let third = try payments()
        XCTAssertEqual(third["P4"], "matched - 0.00 INV4:80.00", "the payment that paid the invoice stands")
        XCTAssertEqual(third["P4dup"], "reversed - 0.00")
        XCTAssertEqual(third["R1"], "reversal - 0.00")
        XCTAssertEqual(third["R-info"], "ignored - 0.00", "a failed direct debit undoes nothing")
        XCTAssertEqual(third["R-pending"], "pending - 0.00", "a pending reversal undoes nothing")
        XCTAssertEqual(try toDecide(), [], "the duplicate and its reversal are both off the list")
        XCTAssertEqual(try invoices(), ["INV4": "0.00 paid"])

        try work.drop("camt-4.xml", HandMade.camt([reversal("R2", "80.00", "1274", entry: "E46", day: "2026-11-26")], messageId: "M4"))
        try work.run("2026-11-26")
        XCTAssertEqual(try payments()["P4"], "reversed - 0.00")
        XCTAssertEqual(try invoices(), ["INV4": "80.00 open"], "the invoice reopens")
        // The undo is a new, opposite row: the allocation itself is still there.
        let ledger = root.appendingPathComponent("state/saatava.sqlite").path
        let rows = try sqlite3(ledger, "SELECT amount || ' ' || rule FROM allocations ORDER BY id")
        XCTAssertEqual(rows, ["8000 reference", "-8000 undo"])
    }

    /// The same over KTL: a correction record on a later day undoes the payment it corrects, a failed direct debit
    /// undoes nothing, and the payment made again pays the invoice again.
    func test_ktlCorrectionOnALaterDay_undoesItsPayment_andAFailedDirectDebitNothing() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV20", amount: "45.50", reference: "12344"))
        try work.drop("day1.ktl", HandMade.ktl(day: "2026-11-23", [("K1", "12344", 4550, false, nil)]))
        try work.run("2026-11-23")
        XCTAssertEqual(try invoices(), ["INV20": "0.00 paid"])
        try work.drop("day2.ktl", HandMade.ktl(day: "2026-11-24", [("K2", "12344", 4550, true, nil), ("K3", "12344", 4550, false, "7")]))
        try work.run("2026-11-24")
        let second = try payments()
        XCTAssertEqual(second["K1"], "reversed - 0.00")
        XCTAssertEqual(second["K2"], "reversal - 0.00")
        XCTAssertEqual(second["K3"], "ignored - 0.00", "a failed direct debit is no money")
        XCTAssertEqual(try invoices(), ["INV20": "45.50 open"])
        try work.drop("day3.ktl", HandMade.ktl(day: "2026-11-25", [("K4", "12344", 4550, false, nil)]))
        try work.run("2026-11-25")
        XCTAssertEqual(try payments()["K4"], "matched - 0.00 INV20:45.50")
        XCTAssertEqual(try invoices(), ["INV20": "0.00 paid"])
    }

    /// Several open invoices under one reference, blocks without amounts, and a block for a credit note not yet
    /// booked.
    func test_parts_andOneReferenceForTwoInvoices() throws {
        try work.drop("invoices.xml", HandMade.finvoice("INV5a", amount: "50.00", reference: "1287"))
        try work.drop("invoices-2.xml", HandMade.finvoice("INV5b", amount: "70.00", reference: "1287", due: "2026-11-20"))
        try work.drop("invoices-3.xml", HandMade.finvoice("INV6", amount: "30.00", reference: "1290"))
        try work.drop("invoices-4.xml", HandMade.finvoice("INV7", amount: "40.00", reference: "1300"))
        try work.drop("invoices-5.xml", HandMade.finvoice("INV8", amount: "100.00", reference: "1313"))
        var noAmounts = HandMade.Transaction(archiveId: "P6", amount: "70.00", reference: nil)
        noAmounts.parts = [("1290", nil, nil, "CINV"), ("1300", nil, nil, "CINV")]
        var withCredit = HandMade.Transaction(archiveId: "P8", amount: "80.00", reference: nil)
        withCredit.parts = [("1313", nil, "100.00", "CINV"), (nil, "H8", "20.00", "CREN")]
        try work.drop("camt-1.xml", HandMade.camt([
            payment("P5x", "60.00", "1287", entry: "E52", day: "2026-11-23"),
            payment("P5", "70.00", "1287", entry: "E51", day: "2026-11-23"),
            HandMade.Entry(archiveId: "E53", bookingDate: "2026-11-23", transactions: [noAmounts]),
            HandMade.Entry(archiveId: "E54", bookingDate: "2026-11-23", transactions: [withCredit]),
        ], messageId: "M1"))
        try work.run("2026-11-23")
        let first = try payments()
        XCTAssertEqual(first["P5"], "matched - 0.00 INV5b:70.00", "the invoice owing exactly the amount")
        XCTAssertEqual(first["P5x"], "matched overpayment 10.00 INV5a:50.00",
                       "ambiguous when placed; once P5 paid INV5b, INV5a is the only one open under the reference")
        XCTAssertEqual(first["P6"], "matched - 0.00 INV6:30.00 INV7:40.00")
        XCTAssertEqual(first["P8"], "unmatched unknown_reference 80.00", "waits for the credit note it deducts")
        XCTAssertEqual(try invoices()["INV8"], "100.00 open")

        try work.drop("credit.xml", HandMade.finvoice("H8", amount: "-20.00", reference: "1313", type: "INV02", original: "INV8"))
        try work.run("2026-11-24")
        XCTAssertEqual(try payments()["P8"], "matched - 0.00 INV8:80.00")
        XCTAssertEqual(try invoices()["INV8"], "0.00 paid")
    }

    /// Only receivables are owed: reminders and other non-claims are recorded, never listed; a zero payment has
    /// its own reason.
    func test_nonClaimsAreNeverOwed_andAZeroPaymentSaysSo() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV9", amount: "10.00", reference: "1326"))
        try work.drop("reminder.xml", HandMade.finvoice("MUI9", amount: "15.00", reference: "1339", type: "INV08"))
        try work.drop("other.xml", HandMade.finvoice("TEST9", amount: "99.00", reference: "1342", type: "INV09"))
        try work.drop("camt.xml", HandMade.camt([payment("P9", "0.00", "1326", entry: "E9", day: "2026-11-23")], messageId: "M1"))
        try work.run("2026-11-23")
        XCTAssertEqual(try invoices(), ["INV9": "10.00 open"])
        XCTAssertEqual(try payments(), ["P9": "unmatched zero_amount 0.00"])
        let report = try String(contentsOf: root.appendingPathComponent("outbox/2026-11-23/report.html"), encoding: .utf8)
        XCTAssertFalse(report.contains("MUI9"))
    }

    /// Customers are told apart by a stable key, never by the name alone: two consumers of one name at two
    /// addresses are two customers; a business is its business ID.
    func test_customers_haveStableKeys_andNamesAloneNeverJoinThem() throws {
        try work.drop("a.xml", HandMade.finvoice("INV30", amount: "10.00", reference: "1410", buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("INV31", amount: "11.00", reference: "1423", buyer: "Aino Laine", buyerId: nil,
                                            street: "Kuusitie 9", postCode: "33100"))
        try work.drop("c.xml", HandMade.finvoice("INV32", amount: "12.00", reference: "1436"))
        try work.run("2026-11-23")
        let customers = Dictionary(uniqueKeysWithValues: try work.view("invoices").map {
            ($0["invoiceNumber"] as! String, $0["customerId"] as! String)
        })
        XCTAssertEqual(customers, ["INV30": "name:Aino Laine|00100|Asiakastie 1", "INV31": "name:Aino Laine|33100|Kuusitie 9",
                                   "INV32": "id:1234567-1"])
    }

    /// A conflicting re-delivery keeps the original, is reported (run-summary.json, report.html, stderr), and the
    /// run exits 65; the rest of the file is posted and archived.
    func test_conflictingRedelivery_keepsTheOriginalAndIsReported() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV10", amount: "100.00", reference: "1355"))
        try work.run("2026-11-23")
        try work.drop("again.xml", HandMade.finvoice("INV10", amount: "150.00", reference: "1355"))
        try work.drop("new.xml", HandMade.finvoice("INV11", amount: "5.00", reference: "1368"))
        let result = try work.run("2026-11-24", expect: 65)
        XCTAssertTrue(result.standardError.contains("invoice INV10 was booked before with other content, kept as booked: "
            + "amount 100.00 EUR (received 150.00 EUR)"), result.standardError)
        XCTAssertTrue(result.standardOutput.contains("1 conflicting re-delivery(ies) kept out"), result.standardOutput)
        XCTAssertEqual(try invoices(), ["INV10": "100.00 open", "INV11": "5.00 open"])
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(
            "outbox/2026-11-24/run-summary.json"))) as! [String: Any]
        let files = (summary["intake"] as! [String: Any])["files"] as! [[String: Any]]
        let conflict = try XCTUnwrap(files.first { $0["name"] as? String == "again.xml" })
        XCTAssertEqual(conflict["disposition"] as? String, "conflict")
        let differences = (conflict["conflicts"] as! [[String: Any]])[0]["differences"] as! [[String: Any]]
        XCTAssertEqual(differences.map { $0["field"] as! String }, ["amount"])
        XCTAssertEqual(differences[0]["booked"] as? String, "100.00 EUR")
        let report = try String(contentsOf: root.appendingPathComponent("outbox/2026-11-24/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("invoice INV10 was booked before with other content"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("archive/2026-11-24/again.xml.gz").path))
    }

    /// Decisions: outgoing money is never assigned; a refund of an overpayment refunds only the excess; a later
    /// reversal of a decided payment undoes the decision's allocation.
    func test_decisions_respectTheMoney_andAreUndoneByAReversal() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV12", amount: "40.00", reference: "1371"))
        try work.drop("invoice-2.xml", HandMade.finvoice("INV13", amount: "25.00", reference: "1384"))
        var outgoing = payment("OUT1", "25.00", nil, entry: "E120", day: "2026-11-23")
        outgoing.direction = "DBIT"
        try work.drop("camt.xml", HandMade.camt([
            payment("P12", "50.00", "1371", entry: "E121", day: "2026-11-23"),
            payment("P13", "25.00", nil, entry: "E122", day: "2026-11-23"),
            outgoing,
        ], messageId: "M1"))
        try work.run("2026-11-23")
        XCTAssertEqual(try payments()["P12"], "matched overpayment 10.00 INV12:40.00")
        let refused = try runSaatava(["resolve", "--config", config, "assign", "OUT1", "INV13"])
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.standardError.contains("outgoing money"), refused.standardError)
        XCTAssertEqual(try runSaatava(["resolve", "--config", config, "refund", "P12"]).status, 0)
        XCTAssertEqual(try runSaatava(["resolve", "--config", config, "assign", "P13", "INV13"]).status, 0)
        let decided = try payments()
        XCTAssertEqual(decided["P12"], "matched - 0.00 INV12:40.00", "only the excess is refunded")
        XCTAssertEqual(decided["P13"], "matched - 0.00 INV13:25.00")
        XCTAssertEqual(try invoices(), ["INV12": "0.00 paid", "INV13": "0.00 paid"])

        try work.drop("camt-2.xml", HandMade.camt([reversal("P13", "25.00", "", entry: "E123", day: "2026-11-24")], messageId: "M2"))
        try work.run("2026-11-24")
        XCTAssertEqual(try payments()["P13"], "reversed - 0.00")
        XCTAssertEqual(try invoices()["INV13"], "25.00 open")
    }

    /// A decisions CSV refused is said on stderr, in the summary line and in report.html; one dropped in inbox/
    /// gets the hint to use inbox/decisions/.
    func test_refusedDecisions_areToldWhereTheAccountantLooks() throws {
        try work.drop("camt.xml", HandMade.camt([payment("P14", "5.00", nil, entry: "E14", day: "2026-11-23")], messageId: "M1"))
        try work.run("2026-11-23")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox/decisions"), withIntermediateDirectories: true)
        try "archiveId,action,invoiceNumber\r\nP14,assign,NO-SUCH\r\n".write(
            to: root.appendingPathComponent("inbox/decisions/monday.csv"), atomically: true, encoding: .utf8)
        try work.drop("tuesday.csv", "archiveId,action,invoiceNumber\r\nP14,refund,\r\n")
        // The list saved as a workbook, with Excel's lock file beside it while it is open.
        try work.drop("decisions/wednesday.xlsx", "PK\u{3}\u{4}")
        try work.drop("decisions/~$wednesday.xlsx", "lock")
        let result = try work.run("2026-11-24", expect: 65)
        XCTAssertTrue(result.standardError.contains("decisions/monday.csv:2: there is no invoice NO-SUCH"), result.standardError)
        XCTAssertTrue(result.standardError.contains("wednesday.xlsx: decisions are read from CSV files (.csv)"),
                      result.standardError)
        XCTAssertTrue(result.standardOutput.contains("2 decision file(s) refused"), result.standardOutput)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("quarantine/wednesday.xlsx").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("inbox/decisions/~$wednesday.xlsx").path),
                      "a lock file is left to Excel")
        let report = try String(contentsOf: root.appendingPathComponent("outbox/2026-11-24/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("there is no invoice NO-SUCH"))
        let hint = try String(contentsOf: root.appendingPathComponent("quarantine/tuesday.csv.error.txt"), encoding: .utf8)
        XCTAssertTrue(hint.contains("belongs in inbox/decisions/"), hint)
        XCTAssertEqual(try payments()["P14"], "unmatched no_reference 5.00")
    }

    /// The page tells the accountant to ignore outgoing money, and a reversal once booked by hand: the decisions form
    /// and `saatava resolve` do so (they were refused), and the list is empty the next day. A receipt and a reversal
    /// listed under one archive id are told apart by the list's amounts; `resolve` names the receipt while it has
    /// money to decide on.
    func test_whatWaitsWithNoMoneyToPlace_isIgnoredFromTheListOrByResolve() throws {
        try work.drop("camt.xml", HandMade.camt([
            HandMade.Entry(archiveId: "E21", direction: "DBIT", bookingDate: "2026-11-23",
                           transactions: [HandMade.Transaction(archiveId: "D21", amount: "50.00", reference: nil)]),
            reversal("R22", "70.00", "1232", entry: "E22", day: "2026-11-23"),
            payment("P23", "30.00", nil, entry: "E23", day: "2026-11-23"),
            reversal("P23", "10.00", "1232", entry: "E24", day: "2026-11-23"),
            payment("P25", "20.00", nil, entry: "E25", day: "2026-11-23"),
            reversal("P25", "5.00", "1232", entry: "E26", day: "2026-11-23"),
            payment("P27", "40.00", nil, entry: "E27", day: "2026-11-23"),
            reversal("P27", "15.00", "1232", entry: "E28", day: "2026-11-23"),
        ], messageId: "M1"))
        try work.run("2026-11-23")
        XCTAssertEqual(try payments(), ["D21": "unmatched debit 50.00", "R22": "unmatched reversal_unmatched 0.00",
                                        "P23": "unmatched no_reference 30.00",
                                        "P23 unmatched": "unmatched partial_reversal 0.00",
                                        "P25": "unmatched no_reference 20.00",
                                        "P25 unmatched": "unmatched partial_reversal 0.00",
                                        "P27": "unmatched no_reference 40.00",
                                        "P27 unmatched": "unmatched partial_reversal 0.00"])
        let list = try String(contentsOf: root.appendingPathComponent("outbox/2026-11-23/unmatched-payments.csv"),
                              encoding: .utf8)
        // D21's row and P23's reversal's row (10.00) say ignore, its receipt's row is left for another day; both of
        // P25's rows are decided, the reversal first.
        let decided = list.split(whereSeparator: \.isNewline).map { line in
            if line.hasPrefix("D21,") || line.hasPrefix("P23,2026-11-23,10.00,") || line.hasPrefix("P25,2026-11-23,5.00,") {
                return line.replacingOccurrences(of: ",,,,,,", with: ",,,,ignore,,kirjattu käsin")
            }
            return line.hasPrefix("P25,") ? line.replacingOccurrences(of: ",,,,,,", with: ",,,,refund,,") : String(line)
        }
        let reversalFirst = decided.filter { !$0.hasPrefix("P25,2026-11-23,20.00,") }
            + decided.filter { $0.hasPrefix("P25,2026-11-23,20.00,") }
        try work.drop("decisions/lista.csv", reversalFirst.joined(separator: "\r\n") + "\r\n")
        try work.run("2026-11-24")
        XCTAssertEqual(try payments()["D21"], "ignored - 50.00")
        XCTAssertEqual(try payments()["P23"], "unmatched no_reference 30.00", "the receipt's row said nothing")
        XCTAssertEqual(try payments()["P23 ignored"], "ignored - 0.00")
        XCTAssertEqual(try payments()["P25"], "refunded - 20.00")
        XCTAssertEqual(try payments()["P25 ignored"], "ignored - 0.00")

        let reversal = try runSaatava(["resolve", "--config", config, "ignore", "R22", "--note", "kirjattu käsin"])
        XCTAssertEqual(reversal.status, 0, reversal.standardError)
        XCTAssertEqual(try payments()["R22"], "ignored - 0.00")
        let refused = try runSaatava(["resolve", "--config", config, "refund", "D21"])
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.standardError.contains("cannot be assigned or refunded, only ignored"), refused.standardError)
        let receipt = try runSaatava(["resolve", "--config", config, "refund", "P23"])
        XCTAssertEqual(receipt.status, 0, receipt.standardError)
        XCTAssertEqual(try payments()["P23"], "refunded - 30.00")
        // From the command line, --amount says which of a receipt and its reversal is meant, as a form's row does.
        let otherAmount = try runSaatava(["resolve", "--config", config, "ignore", "P27", "--amount", "41.00"])
        XCTAssertEqual(otherAmount.status, 65)
        XCTAssertTrue(otherAmount.standardError.contains("payment P27 is of 40.00"), otherAmount.standardError)
        let waitingReversal = try runSaatava(["resolve", "--config", config, "ignore", "P27", "--amount", "15.00"])
        XCTAssertEqual(waitingReversal.status, 0, waitingReversal.standardError)
        XCTAssertEqual(try payments()["P27 ignored"], "ignored - 0.00")
        XCTAssertEqual(try payments()["P27"], "unmatched no_reference 40.00", "the receipt still waits")
        let itsReceipt = try runSaatava(["resolve", "--config", config, "refund", "P27", "--amount", "40,00"])
        XCTAssertEqual(itsReceipt.status, 0, itsReceipt.standardError)
        XCTAssertEqual(try payments()["P27"], "refunded - 40.00")
        try work.run("2026-11-25")
        let next = try String(contentsOf: root.appendingPathComponent("outbox/2026-11-25/unmatched-payments.csv"),
                              encoding: .utf8)
        XCTAssertEqual(next.split(whereSeparator: \.isNewline).count, 1, next)
    }

    // MARK: Runs and faults

    /// Runs move forward; --as-of takes exactly YYYY-MM-DD; a second run of a day writes beside the first.
    func test_runsMoveForward_andNeverOverwriteADaysOutputs() throws {
        try work.drop("invoice.xml", HandMade.finvoice("INV15", amount: "10.00", reference: "1397"))
        try work.run("2026-11-24")
        let ledger = root.appendingPathComponent("state/saatava.sqlite")
        let before = try Data(contentsOf: ledger)
        let back = try work.run("2026-11-23", expect: 64)
        XCTAssertTrue(back.standardError.contains("would go back in time"), back.standardError)
        XCTAssertEqual(try Data(contentsOf: ledger), before)
        XCTAssertTrue(try work.run("2026-11-2", expect: 64).standardError.contains("'--as-of' takes a date as YYYY-MM-DD, not '2026-11-2'."))
        XCTAssertEqual(try work.run("20261125", expect: 64).status, 64)
        let first = try String(contentsOf: root.appendingPathComponent("outbox/2026-11-24/report.html"), encoding: .utf8)
        let again = try work.run("2026-11-24")
        XCTAssertTrue(again.standardOutput.hasSuffix("outbox/2026-11-24/run-2/report.html\n"), again.standardOutput)
        try work.run("2026-11-24")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("outbox/2026-11-24/run-3/run-summary.json").path))
        XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("outbox/2026-11-24/report.html"), encoding: .utf8), first)
    }

    /// A lost ledger beside its history is refused (66) unless --init; read-only commands create nothing; the ledger
    /// is created 0640 whatever the umask.
    func test_missingLedger_isNeverSilentlyReplaced() throws {
        let fresh = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
        try "{ \"workdir\": \"work\" }\n".write(to: fresh.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        let readOnly = try runSaatava(["ledger", "invoices", "--config", fresh.appendingPathComponent("c.json").path])
        XCTAssertEqual(readOnly.status, 66, readOnly.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh.appendingPathComponent("work").path), "nothing created")

        let mask = umask(0)
        defer { umask(mask) }
        try work.drop("invoice.xml", HandMade.finvoice("INV16", amount: "10.00", reference: "1407"))
        try work.run("2026-11-23")
        let ledger = root.appendingPathComponent("state/saatava.sqlite").path
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: ledger)[.posixPermissions] as? Int, 0o640)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledger + suffix) }
        let refused = try work.run("2026-11-24", expect: 66)
        XCTAssertTrue(refused.standardError.contains("saatava run --init"), refused.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ledger))
        try work.run("2026-11-24", expect: 0, ["--init"])
        XCTAssertEqual(try invoices(), [:], "a new, empty ledger, as asked")
    }

    /// A lock file that cannot be opened is no busy lock: the run says why and exits 73.
    func test_lockThatCannotBeOpened_isNotBusy() throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent("state/saatava.lock"), withIntermediateDirectories: true)
        let result = try work.run("2026-11-23", expect: 73)
        XCTAssertTrue(result.standardError.contains("cannot take the run lock"), result.standardError)
        XCTAssertFalse(result.standardError.contains("another saatava run"), result.standardError)
    }

    /// `resolve` during a run is either refused as busy (75) or in effect afterwards: never recorded and lost.
    func test_resolveRacingARun_isRefusedOrKept_neverLost() throws {
        try work.drop("camt.xml", HandMade.camt([payment("P17", "7.00", nil, entry: "E17", day: "2026-11-23")], messageId: "M1"))
        try work.run("2026-11-23")
        let generated = try runSaatava(["gen", "--invoices", "3000", "--seed", "3", "--as-of", "2026-11-24", "--out", root.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        let process = Process()
        process.executableURL = Bundle.main.bundleURL.appendingPathComponent("saatava")
        process.arguments = ["run", "--config", config, "--as-of", "2026-11-24"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Once the run holds the lock (it writes who it is into the lock file), resolve until it gets through.
        let lockFile = root.appendingPathComponent("state/saatava.lock").path
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline
            && !((try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? "").contains("saatava run as of 2026-11-24")
        {
            usleep(2_000)
        }
        var statuses: [Int32] = []
        var recorded = false
        while process.isRunning && !recorded {
            let result = try runSaatava(["resolve", "--config", config, "refund", "P17"])
            statuses.append(result.status)
            XCTAssertTrue([0, 75].contains(result.status), result.standardError)
            recorded = result.status == 0
            if result.status == 75 {
                XCTAssertTrue(result.standardError.contains("another saatava run holds the lock"), result.standardError)
            }
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(statuses.contains(75), "the run held the lock while resolve tried: \(statuses)")
        if !recorded { XCTAssertEqual(try runSaatava(["resolve", "--config", config, "refund", "P17"]).status, 0) }
        XCTAssertEqual(try payments()["P17"], "refunded - 7.00")
    }

    /// A disk that fills while posting stops the run with 74: nothing is quarantined, the inbox stays, and the run
    /// after the fault is fixed books everything exactly once (the ledger equals a clean run's).
    func test_diskFullWhilePosting_blamesNoInput_andTheRerunBooksEverythingOnce() throws {
        guard getuid() == 0 else { throw XCTSkip("mounting a small tmpfs needs root (CI runs as root)") }
        let clean = try temporaryDirectory("clean")
        let generated = try runSaatava(["gen", "--invoices", "400", "--seed", "4", "--as-of", "2026-11-24", "--out", clean.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        try "{ \"workdir\": \".\" }\n".write(to: clean.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)

        let small = root.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        guard mount("tmpfs", small.path, "tmpfs", 0, "size=4m") == 0 else { throw XCTSkip("cannot mount a tmpfs here") }
        defer { umount(small.path) }
        try "{ \"workdir\": \".\" }\n".write(to: small.appendingPathComponent("config.json"), atomically: false, encoding: .utf8)
        let smallConfig = small.appendingPathComponent("config.json").path
        XCTAssertEqual(try runSaatava(["run", "--config", smallConfig, "--as-of", "2026-11-23"]).status, 0, "a ledger to post into")
        try FileManager.default.removeItem(at: small.appendingPathComponent("inbox"))
        try FileManager.default.copyItem(at: clean.appendingPathComponent("inbox"), to: small.appendingPathComponent("inbox"))
        // Fill the disk but for a little room: the ledger's first pages fit, the day's records do not. (Once the filler is
        // gone the day, with its journal lines, must fit: 4 MB.)
        let filler = small.appendingPathComponent("filler")
        var free = try (FileManager.default.attributesOfFileSystem(forPath: small.path)[.systemFreeSize] as! NSNumber).intValue
        free -= 96 * 1024
        try Data(count: max(0, free)).write(to: filler)
        let inboxBefore = try FileManager.default.contentsOfDirectory(atPath: small.appendingPathComponent("inbox").path).sorted()

        let full = try runSaatava(["run", "--config", smallConfig, "--as-of", "2026-11-24"])
        XCTAssertEqual(full.status, 74, full.standardError)
        XCTAssertTrue(full.standardError.contains("the ledger"), full.standardError)
        XCTAssertEqual(((try? FileManager.default.contentsOfDirectory(atPath: small.appendingPathComponent("quarantine").path)) ?? []), [],
                       "nothing is blamed on the input")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: small.appendingPathComponent("inbox").path).sorted()
                           .filter { $0 != "decisions" }, inboxBefore.filter { $0 != "decisions" })

        try FileManager.default.removeItem(at: filler)
        let rerun = try runSaatava(["run", "--config", smallConfig, "--as-of", "2026-11-24"])
        XCTAssertEqual(rerun.status, 0, rerun.standardError)
        XCTAssertEqual(try runSaatava(["run", "--config", clean.appendingPathComponent("config.json").path, "--as-of", "2026-11-24"]).status, 0)
        for view in ["invoices", "payments"] {
            XCTAssertEqual(try runSaatava(["ledger", view, "--config", smallConfig]).standardOutput,
                           try runSaatava(["ledger", view, "--config", clean.appendingPathComponent("config.json").path]).standardOutput, view)
        }
    }
}
