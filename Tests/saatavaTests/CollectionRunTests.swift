import Foundation
import TestSupport
import XCTest

/// Transfers to collection through the built binary: a consumer's and a business's invoice climb the built-in ladder
/// to its collection step; the day's transfer file (JSON and CSV) states each claim, the manifest each file's digest;
/// a payment that comes after the transfer goes to the agency in payments-<day>.csv and pays the invoice in the ledger.
final class CollectionRunTests: XCTestCase {
    private var work: Workdir!
    private var root: URL { work.root }
    private var config: String { work.config }

    override func setUpWithError() throws {
        work = try Workdir(in: temporaryDirectory("collection"), config: Workdir.withCreditor)
    }

    private func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(path))) as! [String: Any]
    }

    /// A consumer's invoice due 16.3.2026 (dated 2.3.), reminded twice by the built-in ladder: on 23.3., and with a
    /// fee of 5.00 on 9.4.
    private func remindedTwice(_ number: String, amount: String, reference: String) throws {
        try work.drop("\(number).xml", HandMade.finvoice(number, amount: amount, reference: reference,
                                                         date: "2026-03-02", due: "2026-03-16", buyer: "Aino Laine",
                                                         buyerId: nil))
        for day in ["2026-03-16", "2026-03-23", "2026-04-09"] { try work.run(day) }
    }

    /// The bank's notification of one payment (or, when said, of its reversal) booked on `day`, and that day's run.
    private func bankDay(_ id: String, _ amount: String, _ reference: String, on day: String,
                         reversal: Bool = false) throws {
        let entry = HandMade.Entry(
            archiveId: "E" + id, direction: reversal ? "DBIT" : "CRDT", reversal: reversal, bookingDate: day,
            transactions: [HandMade.Transaction(archiveId: id, amount: amount, reference: reference)])
        try work.drop("camt-\(id)-\(day).xml", HandMade.camt([entry], messageId: "M-\(id)-\(day)"))
        try work.run(day)
    }

    /// Cents from the files' decimals (two places, a point).
    private func cents(_ text: Any?) throws -> Int {
        try XCTUnwrap(Int((text as? String ?? "").replacingOccurrences(of: ".", with: "")))
    }

    func test_theCollectionStep_writesTheTransfer_andLaterPaymentsGoToTheAgency() throws {
        try work.drop("a.xml", HandMade.finvoice("INV40", amount: "100.00", reference: "1449", date: "2026-03-02", due: "2026-03-16",
                                            buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("INV41", amount: "1000.00", reference: "1452", date: "2026-03-02", due: "2026-03-16",
                                            eInvoice: ("003712345671", "OKOYFIHH")))
        try work.run("2026-03-16")
        try work.run("2026-03-23")
        // The business pays 100.00 of its 1000.00 on 25.3.: principal first.
        try work.drop("camt1.xml", HandMade.camt([HandMade.Entry(archiveId: "E1", bookingDate: "2026-03-25", transactions: [
            HandMade.Transaction(archiveId: "P41", amount: "100.00", reference: "1452")])], messageId: "M1"))
        try work.run("2026-03-25")
        try work.run("2026-04-09")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("outbox/2026-04-09/collection").path),
                       "no collection files on a day without transfers or payments for the agency")
        // Step 2 came on 9.4. (step 1's last day to pay, Easter Monday 6.4., moved to Tuesday); it gave until Thursday
        // 23.4., so the transfer waits until a payment made then can be known, on Monday 27.4.
        try work.run("2026-04-24")
        XCTAssertEqual(try work.steps().count, 4, "no transfer yet")
        try work.run("2026-04-27")

        // The transfer: one JSON document with the creditor and both claims.
        let day = "outbox/2026-04-27/collection/"
        let transfer = try json(day + "transfer-2026-04-27.json")
        XCTAssertEqual(Set(transfer.keys), ["creditor", "claims"])
        XCTAssertEqual((transfer["creditor"] as! [String: Any])["businessId"] as? String, "7654321-2")
        let claims = transfer["claims"] as! [[String: Any]]
        XCTAssertEqual(claims.map { $0["invoiceNumber"] as! String }, ["INV40", "INV41"])
        let (consumer, business) = (claims[0], claims[1])
        let aino = consumer["debtor"] as! [String: Any]
        XCTAssertEqual(aino["name"] as? String, "Aino Laine")
        XCTAssertEqual(aino["consumer"] as? Bool, true)
        XCTAssertTrue(aino["businessId"] is NSNull)
        XCTAssertEqual(aino["street"] as? String, "Asiakastie 1")
        XCTAssertEqual(aino["postCode"] as? String, "00100")
        let virtanen = business["debtor"] as! [String: Any]
        XCTAssertEqual(virtanen["customerId"] as? String, "id:1234567-1")
        XCTAssertEqual(virtanen["businessId"] as? String, "1234567-1")
        XCTAssertEqual(virtanen["consumer"] as? Bool, false)
        XCTAssertEqual(virtanen["eInvoiceAddress"] as? String, "003712345671")
        XCTAssertEqual(consumer["reference"] as? String, "1449")
        XCTAssertEqual(consumer["invoiceDate"] as? String, "2026-03-02")
        XCTAssertEqual(consumer["dueDate"] as? String, "2026-03-16")
        XCTAssertEqual(consumer["transferredOn"] as? String, "2026-04-27")
        XCTAssertEqual(["amount", "paid", "credited", "open"].map { consumer[$0] as? String }, ["100.00", "0.00", "0.00", "100.00"])
        XCTAssertEqual(["amount", "paid", "credited", "open"].map { business[$0] as? String }, ["1000.00", "100.00", "0.00", "900.00"])
        // Interest from 17.3. through 27.4. (42 days) at 2026 H1's rates, actual/actual. Consumer 9.5 %:
        // 10000 × 0.095 × 42 / 365 = 109.3 c. Business 10.5 %: 1000 € for 17.–25.3. (9 days), 900 € from 26.3. (33
        // days): 100000 × 0.105 × 9 / 365 + 90000 × 0.105 × 33 / 365 = 258.9 + 854.4 = 1113.3 c.
        let consumerInterest = consumer["interest"] as! [String: Any]
        XCTAssertEqual(consumerInterest["amount"] as? String, "1.09")
        XCTAssertEqual(consumerInterest["from"] as? String, "2026-03-17")
        XCTAssertEqual(consumerInterest["through"] as? String, "2026-04-27")
        XCTAssertEqual(consumerInterest["rate"] as? String, "9.5")
        XCTAssertEqual(consumerInterest["section"] as? String, "633/1982 4 §")
        let businessInterest = business["interest"] as! [String: Any]
        XCTAssertEqual(businessInterest["amount"] as? String, "11.13")
        XCTAssertEqual(businessInterest["rate"] as? String, "10.5")
        XCTAssertEqual(businessInterest["section"] as? String, "633/1982 4 a §")
        // Fees: the consumer's second reminder charged 5.00; the business was charged the 40 € compensation instead.
        XCTAssertEqual(consumer["fees"] as? String, "5.00")
        XCTAssertEqual(consumer["compensation"] as? String, "0.00")
        XCTAssertTrue(consumer["compensationSection"] is NSNull)
        XCTAssertEqual((consumer["feeRules"] as! [String]).count, 1)
        XCTAssertTrue((consumer["feeRules"] as! [String])[0].hasPrefix("513/1999 10 a §"), "\(consumer["feeRules"]!)")
        XCTAssertEqual(business["fees"] as? String, "0.00")
        XCTAssertEqual(business["compensation"] as? String, "40.00")
        XCTAssertEqual(business["compensationSection"] as? String, "513/1999 10 i §")
        XCTAssertEqual(consumer["total"] as? String, "106.09")
        XCTAssertEqual(business["total"] as? String, "951.13")
        let history = (consumer["reminders"] as! [[String: Any]]).map { "\($0["step"]!) \($0["issuedOn"]!) \($0["fee"]!)" }
        XCTAssertEqual(history, ["1 2026-03-23 0.00", "2 2026-04-09 5.00"])

        // The CSV: one row per claim, the same figures.
        let csv = try String(contentsOf: root.appendingPathComponent(day + "transfer-2026-04-27.csv"), encoding: .utf8)
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(rows.count, 3, csv)
        XCTAssertTrue(rows[0].hasPrefix("invoiceNumber,customerId,name,businessId,consumer,"), rows[0])
        XCTAssertTrue(rows[2].hasPrefix("INV41,id:1234567-1,Virtanen Oy,1234567-1,false,"), rows[2])
        XCTAssertTrue(rows[2].contains(",1000.00,100.00,0.00,900.00,11.13,2026-03-17,2026-04-27,10.5,633/1982 4 a §,0.00,"), rows[2])

        // The manifest: counts, totals, and each file's size and SHA-256 as sha256sum computes them.
        let manifest = try json(day + "manifest.json")
        XCTAssertEqual(manifest["claims"] as? Int, 2)
        XCTAssertEqual(manifest["payments"] as? Int, 0)
        let files = manifest["files"] as! [[String: Any]]
        XCTAssertEqual(files.map { $0["name"] as! String }, ["transfer-2026-04-27.json", "transfer-2026-04-27.csv"])
        for file in files {
            let path = day + (file["name"] as! String)
            XCTAssertEqual(file["sha256"] as? String, try sha256sum(file: root.appendingPathComponent(path).path))
            let size = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path)[.size] as! Int
            XCTAssertEqual(file["size"] as? Int, size)
            XCTAssertEqual(file["records"] as? Int, 2)
        }
        let totals = manifest["claimTotals"] as! [[String: Any]]
        XCTAssertEqual(totals.count, 1)
        XCTAssertEqual(["currency", "amount", "paid", "open", "interest", "fees", "compensation", "total"].map { totals[0][$0] as? String },
                       ["EUR", "1100.00", "100.00", "1000.00", "12.22", "5.00", "40.00", "1057.22"])

        // The collection step names the file; the transfers view lists both.
        let view = try runSaatava(["ledger", "transfers", "--config", config]).standardOutput
        XCTAssertEqual(view.split(separator: "\n").count, 2, view)
        XCTAssertTrue(view.contains("{\"invoiceNumber\":\"INV41\",\"customerId\":\"id:1234567-1\",\"transferredOn\":\"2026-04-27\","
            + "\"amount\":\"1000.00\",\"paid\":\"100.00\",\"credited\":\"0.00\",\"open\":\"900.00\",\"interest\":\"11.13\","
            + "\"fees\":\"0.00\",\"compensation\":\"40.00\",\"file\":\"collection/transfer-2026-04-27.json\"}"), view)

        // The consumer pays in full a week later: the agency hears of it, the invoice is paid, the transfer kept.
        try work.drop("camt2.xml", HandMade.camt([HandMade.Entry(archiveId: "E2", bookingDate: "2026-05-04", transactions: [
            HandMade.Transaction(archiveId: "P40", amount: "100.00", reference: "1449", payer: "Aino Laine")])], messageId: "M2"))
        try work.run("2026-05-04")
        let payments = try String(contentsOf: root.appendingPathComponent("outbox/2026-05-04/collection/payments-2026-05-04.csv"),
                                  encoding: .utf8)
        XCTAssertEqual(payments, "invoiceNumber,archiveId,bookingDate,amount,currency,payerName\r\n"
            + "INV40,P40,2026-05-04,100.00,EUR,Aino Laine\r\n")
        let later = try json("outbox/2026-05-04/collection/manifest.json")
        XCTAssertEqual((later["files"] as! [[String: Any]]).map { $0["name"] as! String }, ["payments-2026-05-04.csv"])
        XCTAssertEqual((later["files"] as! [[String: Any]])[0]["sha256"] as? String,
                       try sha256sum(file: root.appendingPathComponent("outbox/2026-05-04/collection/payments-2026-05-04.csv").path))
        XCTAssertEqual(((later["paymentTotals"] as! [[String: Any]])[0])["amount"] as? String, "100.00")
        let invoices = try runSaatava(["ledger", "invoices", "--config", config, "--format", "csv"]).standardOutput
            .components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            .map { $0.split(separator: ",").map(String.init) }.map { "\($0[0]) \($0[11])" }
        XCTAssertEqual(invoices.sorted(), ["INV40 paid", "INV41 in_collection"])
        let transfers = try runSaatava(["ledger", "transfers", "--config", config, "--format", "csv"]).standardOutput
        XCTAssertTrue(transfers.contains("INV40,name:"), transfers)
        XCTAssertTrue(transfers.contains(",2026-04-27,100.00,100.00,0.00,0.00,1.09,5.00,0.00,collection/transfer-2026-04-27.json"),
                      transfers)
        XCTAssertTrue(transfers.hasPrefix("invoiceNumber,customerId,transferredOn,amount,paid,credited,open,interest,fees,compensation,file\r\n"))
        // A day with nothing for the agency writes no collection folder.
        try work.run("2026-05-11")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("outbox/2026-05-11/collection").path))
    }

    /// After a reversal reopened the principal of an invoice whose charges were partly paid, the transfer claims its
    /// charges less what was paid of them, not every fee again; the ledger then owes the claim's total, and a payment
    /// of it settles the invoice to the cent.
    func test_aTransferAfterAReversal_subtractsWhatWasPaidOfTheCharges() throws {
        try remindedTwice("INV40", amount: "100.00", reference: "1449")
        // 60.00, then 43.00: the principal's last 40.00 and 3.00 of the second reminder's fee and interest. Then the
        // bank takes the 60.00 back: 60.00 of the principal is open again, and 3.00 of the charges stays paid.
        try bankDay("P1", "60.00", "1449", on: "2026-04-10")
        try bankDay("P2", "43.00", "1449", on: "2026-04-14")
        try bankDay("P1", "60.00", "1449", on: "2026-04-15", reversal: true)
        try work.run("2026-04-27")

        let day = "outbox/2026-04-27/collection/"
        let claim = try XCTUnwrap((try json(day + "transfer-2026-04-27.json")["claims"] as! [[String: Any]]).first)
        XCTAssertEqual(["amount", "paid", "open", "fees", "chargesPaid"].map { claim[$0] as? String },
                       ["100.00", "40.00", "60.00", "5.00", "3.00"])
        // Interest at 9.5 % on 100.00 from 17.3. through 14.4. (29 days) and on 60.00 from 15.4. through 27.4.
        // (13 days): 10000 × 0.095 × 29 / 365 + 6000 × 0.095 × 13 / 365 = 75.48 + 20.30 = 95.78 c. The total:
        // 60.00 + 0.96 + 5.00 − 3.00.
        XCTAssertEqual((claim["interest"] as! [String: Any])["amount"] as? String, "0.96")
        XCTAssertEqual(claim["total"] as? String, "62.96")
        // The ledger says the same: of the 5.00 fee and the 0.96 interest the transfer claims, 2.96 is owed.
        XCTAssertEqual(try XCTUnwrap(try work.view("invoices").first)["charges"] as? String, "2.96")
        let csv = try String(contentsOf: root.appendingPathComponent(day + "transfer-2026-04-27.csv"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("invoiceNumber,") && csv.contains(",total,reminders,chargesPaid\r\n"), csv)
        XCTAssertTrue(csv.contains(",62.96,1:2026-03-23:0.00:0.00;2:2026-04-09:5.00:0.00,3.00\r\n"), csv)
        let totals = (try json(day + "manifest.json")["claimTotals"] as! [[String: Any]])[0]
        XCTAssertEqual([totals["chargesPaid"] as? String, totals["total"] as? String], ["3.00", "62.96"])

        // The debtor pays the claim's total: the principal and the charges, to the cent, nothing left over.
        try bankDay("P3", "62.96", "1449", on: "2026-05-04")
        let paid = try XCTUnwrap(try work.view("invoices").first)
        XCTAssertEqual([paid["open"] as? String, paid["charges"] as? String], ["0.00", "0.00"])
        let payment = try XCTUnwrap(try work.view("payments").first { $0["archiveId"] as? String == "P3" })
        XCTAssertEqual([payment["status"] as? String, payment["unapplied"] as? String], ["matched", "0.00"])
        let notice = try String(contentsOf: root.appendingPathComponent(
            "outbox/2026-05-04/collection/payments-2026-05-04.csv"), encoding: .utf8)
        XCTAssertTrue(notice.contains("INV40,P3,2026-05-04,62.96,EUR,"), notice)
    }

    /// What was paid of charges is taken off the charges a transfer asks, never off its principal: a credit note dated
    /// before the due date, booked after the charges were paid, lowers the interest below what the reminders claimed.
    func test_whatWasPaidOfCharges_neverLowersThePrincipalTransferred() throws {
        try remindedTwice("INV50", amount: "1000.00", reference: "1465")
        // The principal and 11.00 of the charges paid; a credit of 500.00 dated 10.3.; the 600.00 taken back.
        try bankDay("P1", "600.00", "1465", on: "2026-04-10")
        try bankDay("P2", "411.00", "1465", on: "2026-04-14")
        try work.drop("cn.xml", HandMade.finvoice("CN50", amount: "-500.00", reference: "1465", type: "INV02",
                                                  date: "2026-03-10", due: "2026-03-10", original: "INV50",
                                                  buyer: "Aino Laine", buyerId: nil))
        try work.run("2026-04-15")
        try bankDay("P1", "600.00", "1465", on: "2026-04-16", reversal: true)
        try work.run("2026-04-27")

        let claim = try XCTUnwrap((try json("outbox/2026-04-27/collection/transfer-2026-04-27.json")["claims"]
            as! [[String: Any]]).first)
        XCTAssertEqual(["open", "credited", "fees"].map { claim[$0] as? String }, ["100.00", "500.00", "5.00"])
        let interest = try cents((claim["interest"] as! [String: Any])["amount"])
        XCTAssertEqual(try cents(claim["chargesPaid"]), interest + 5_00, "all the charges asked, not the 11.00 paid")
        XCTAssertEqual(claim["total"] as? String, "100.00")
    }
}

