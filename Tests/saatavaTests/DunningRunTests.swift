import Foundation
import TestSupport
import XCTest

/// Dunning through the built binary, day after day: the built-in ladder's steps fall due, fees within the law, a
/// business's compensation, nothing for a paid invoice, a dry run that changes nothing.
final class DunningRunTests: XCTestCase {
    private var work: Workdir!
    private var root: URL { work.root }
    private var config: String { work.config }

    override func setUpWithError() throws {
        work = try Workdir(in: temporaryDirectory("dunning"), config: Workdir.withCreditor)
    }

    func test_theBuiltInLadder_overSeveralDays() throws {
        // A consumer invoice sent 2.3.2026, due 16.3. (14 days before: a fee is lawful once 14 days have passed since
        // the due date); a business invoice the same; a third invoice paid on 20.3.
        try work.drop("a.xml", HandMade.finvoice("INV40", amount: "100.00", reference: "1449", date: "2026-03-02", due: "2026-03-16",
                                            buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("INV41", amount: "1000.00", reference: "1452", date: "2026-03-02", due: "2026-03-16",
                                            eInvoice: ("003712345671", "OKOYFIHH")))
        try work.drop("c.xml", HandMade.finvoice("INV42", amount: "50.00", reference: "1465", date: "2026-03-02", due: "2026-03-16",
                                            buyer: "Eino Laine", buyerId: nil, street: "Kuusitie 2"))
        try work.run("2026-03-16")
        try work.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E1", bookingDate: "2026-03-20", transactions: [
            HandMade.Transaction(archiveId: "P42", amount: "50.00", reference: "1465")])], messageId: "M1"))
        try work.run("2026-03-20")
        XCTAssertEqual(try work.steps(), [], "the built-in ladder's first step comes 7 days after the due date")

        let dry = try work.run("2026-03-23", ["--dry-run"])
        let planned = dry.standardOutput.split(separator: "\n").filter { $0.contains("\"kind\":\"reminder\"") }
        XCTAssertEqual(planned.count, 2, dry.standardOutput)
        XCTAssertEqual(try work.steps(), [], "a dry run keeps nothing")

        let first = try work.run("2026-03-23")
        XCTAssertTrue(first.standardOutput.contains("2 reminder(s) and 0 transfer(s) to collection issued"), first.standardOutput)
        // Step 1 asks no fee. Interest from 17.3. through 23.3. (7 days) at 2026 H1's rates, actual/actual:
        // consumer 9.5 %: 10000 × 0.095 × 7 / 365 = 18.2 c → 0.18 €; business 10.5 %: 100000 × 0.105 × 7 / 365 =
        // 201.4 c → 2.01 €.
        XCTAssertEqual(try work.steps(), ["INV40 1 reminder 0 0 18 2026-03-23", "INV41 1 reminder 0 0 201 2026-03-23"])
        // The consumer has no e-invoice address: a letter. The business gets a Finvoice reminder (INV08).
        let outbox = root.appendingPathComponent("outbox/2026-03-23")
        let letter = try String(contentsOf: outbox.appendingPathComponent("reminders/letters/INV40-M1.html"), encoding: .utf8)
        XCTAssertTrue(letter.contains("lang=\"fi\""), "in the buyer's language")
        XCTAssertTrue(letter.contains("FI21 1234 5600 0007 85") || letter.contains("FI2112345600000785"), "where to pay")
        let batch = try String(contentsOf: outbox.appendingPathComponent("reminders/reminders-finvoice.xml"), encoding: .utf8)
        XCTAssertTrue(batch.contains("<InvoiceTypeCode>INV08</InvoiceTypeCode>"))
        XCTAssertTrue(batch.contains("003712345671"), "to the buyer's e-invoice address")
        let listed = try runSaatava(["ledger", "reminders", "--config", config, "--format", "csv"]).standardOutput
        XCTAssertEqual(listed.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 3, listed)
        XCTAssertTrue(listed.contains("reminders/letters/INV40-M1.html"), listed)
        let csv = try String(contentsOf: outbox.appendingPathComponent("reminders.csv"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("invoiceNumber,customerId,step,class,issuedOn,fee,feeRule,"), csv)
        try assertEachFinvoiceMessageValid(batch)
        let parsed = try runSaatava(["parse", outbox.appendingPathComponent("reminders/reminders-finvoice.xml").path])
        XCTAssertEqual(parsed.status, 0, parsed.standardError)
        XCTAssertTrue(parsed.standardOutput.contains("\"type\":\"reminder\""), "saatava reads its own reminder back")

        try work.run("2026-03-30")
        XCTAssertEqual(try work.steps().count, 2, "step 2 comes 14 days after step 1, not before")
        // Step 1 gave until Monday 6.4. to pay: 14 days later is that very day, and it is Easter Monday, when banks
        // are closed. Paying on Tuesday 7.4. is in time; the money is booked on Wednesday 8.4. and known on Thursday.
        try work.run("2026-04-06")
        try work.run("2026-04-08")
        XCTAssertEqual(try work.steps().count, 2, "no step before a payment on the last day to pay can be known")
        try work.run("2026-04-09")
        // Step 2 asks 5 €: lawful for the consumer (24 days after the due date, 17 since the last reminder). The
        // business is charged the 40 € compensation, which offsets the fee. Interest through 9.4. (24 days):
        // consumer 10000 × 0.095 × 24 / 365 = 62.5 c; business 100000 × 0.105 × 24 / 365 = 690.4 c.
        XCTAssertEqual(Array(try work.steps().suffix(2)), ["INV40 2 reminder 500 0 62 2026-04-09",
                                                       "INV41 2 reminder 0 4000 690 2026-04-09"])
        // Step 2 gives until Thursday 23.4.: collection, 14 days after it, waits until the money is booked on
        // Friday 24.4. and its file comes with Monday's run, 27.4.
        try work.run("2026-04-24")
        XCTAssertEqual(try work.steps().count, 4, "no transfer before a payment on the last day to pay can be known")
        try work.run("2026-04-27")
        // The transfer records the interest its claim asks, through its day (42 days): consumer
        // 10000 × 0.095 × 42 / 365 = 109.3 c; business 100000 × 0.105 × 42 / 365 = 1208.2 c.
        XCTAssertEqual(Array(try work.steps().suffix(2)), ["INV40 3 collection 0 0 109 2026-04-27",
                                                       "INV41 3 collection 0 0 1208 2026-04-27"])
        try work.run("2026-05-31")
        XCTAssertEqual(try work.steps().count, 6, "nothing after the transfer; nothing ever for the paid invoice")
        let invoices = try runSaatava(["ledger", "invoices", "--config", config, "--format", "csv"]).standardOutput
            .components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            .map { $0.split(separator: ",").map(String.init) }.map { "\($0[0]) \($0[11]) \($0[12])" }
        XCTAssertEqual(invoices.sorted(), ["INV40 in_collection 2", "INV41 in_collection 2", "INV42 paid 0"])
    }

    /// A reminder whose penalty interest stops where the reference-rate table ends (2026 H1 ships, not H2): the page
    /// says so in its language, as the config's to mend, and names the customer reminded, key beneath (two customers
    /// may share a name).
    func test_interestCutShortByTheRateTable_isSaidOnTheDunningPage_inFinnish() throws {
        try work.drop("a.xml", HandMade.finvoice("INV50", amount: "100.00", reference: "1601", date: "2026-06-01",
                                                 due: "2026-06-15", buyer: "Aino Laine", buyerId: nil))
        try work.run("2026-06-15")
        try work.run("2026-07-20")
        XCTAssertEqual(try work.steps().map { $0.prefix(17) }, ["INV50 1 reminder "])
        let page = try String(contentsOf: root.appendingPathComponent("outbox/2026-07-20/report.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("Viivästyskorkoa on vaadittu vain 30.6.2026 asti"), page)
        XCTAssertFalse(page.contains("penalty interest"), "no English on a Finnish page")
        XCTAssertTrue(page.contains("<td class=\"words\">Aino Laine<br><small>name:Aino Laine|"), page)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(
            "outbox/2026-07-20/run-summary.json"))) as? [String: Any]
        let dunning = summary?["dunning"] as? [String: Any]
        XCTAssertEqual(dunning?["interestCutShortAfter"] as? String, "2026-06-30", "for scripts too")
    }

    /// An invoice another seller issued reaches the ledger (the operator's batch held it): it is never reminded or
    /// transferred in the creditor's name, and the report says why it waits; the creditor's own invoice is dunned.
    func test_anotherSellersInvoice_isNeverDunnedInTheCreditorsName() throws {
        let invoices = [("a.xml", "INV50", "1449", "2345678-0"), ("b.xml", "INV51", "1452", "7654321-2")]
        for (file, number, reference, seller) in invoices {
            try work.drop(file, HandMade.finvoice(number, amount: "100.00", reference: reference, date: "2026-03-02",
                                                  due: "2026-03-16", buyer: "Aino Laine", buyerId: nil, seller: seller))
        }
        // Said the day it arrives, once.
        let warning = "1 invoice(s) booked name the seller 2345678-0, not the creditor 7654321-2: they are kept in the "
            + "ledger and never reminded"
        let booked = try work.run("2026-03-16")
        XCTAssertTrue(booked.standardError.contains(warning), booked.standardError)
        let status = try runSaatava(["status", "--config", config, "--next", "2026-03-23"]).standardOutput
        XCTAssertTrue(status.contains("1 reminder(s) and 0 transfer(s) to collection due"), status)
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps(), ["INV51 1 reminder 0 0 18 2026-03-23"])
        let outbox = root.appendingPathComponent("outbox/2026-03-23")
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: outbox.appendingPathComponent("run-summary.json"))) as! [String: Any]
        let waiting = (summary["dunning"] as! [String: Any])["waiting"] as! [String: Int]
        XCTAssertEqual(waiting["other_seller"], 1, "\(waiting)")
        XCTAssertEqual(summary["warnings"] as? [String], [], "nothing new arrived")
        let report = try String(contentsOf: outbox.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("toisen myyjän lasku"), "the report says why in Finnish")
        // Step 2 waits for Thursday 9.4. (step 1's last day to pay is Easter Monday), the transfer for Monday 27.4.
        for day in ["2026-04-09", "2026-04-27"] { try work.run(day) }
        XCTAssertEqual(try work.steps().filter { $0.hasPrefix("INV50") }, [], "no step ever in another seller's name")
        XCTAssertEqual(try work.steps().last, "INV51 3 collection 0 0 109 2026-04-27")
    }

    /// Another seller's invoice under the creditor's reference (the operator's batch held it): a payment under it pays
    /// the creditor's own invoice, even when it is exactly what the other's owes, so the creditor's reminder asks only
    /// what its customer still owes.
    func test_aPaymentUnderAReferenceAnotherSellerShares_paysTheCreditorsOwnInvoice() throws {
        try work.drop("a.xml", HandMade.finvoice("INV70", amount: "25.00", reference: "1449", date: "2026-03-02",
                                                 due: "2026-03-09", buyer: "Aino Laine", buyerId: nil,
                                                 seller: "2345678-0"))
        try work.drop("b.xml", HandMade.finvoice("INV71", amount: "100.00", reference: "1449", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Aino Laine", buyerId: nil))
        try work.run("2026-03-16")
        let payment = HandMade.Transaction(archiveId: "P70", amount: "25.00", reference: "1449")
        try work.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E70", bookingDate: "2026-03-18",
                                                                transactions: [payment])], messageId: "M70"))
        try work.run("2026-03-18")
        let open = try work.view("invoices").map { "\($0["invoiceNumber"]!) \($0["open"]!)" }
        XCTAssertEqual(open.sorted(), ["INV70 25.00", "INV71 75.00"])
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps().map { $0.split(separator: " ").prefix(3).joined(separator: " ") },
                       ["INV71 1 reminder"])
        let letters = root.appendingPathComponent("outbox/2026-03-23/reminders/letters")
        let letter = try String(contentsOf: letters.appendingPathComponent("INV71-M1.html"), encoding: .utf8)
        XCTAssertTrue(letter.contains("75,00"), "the reminder asks what is still owed")
    }

    /// The creditor's invoice and another seller's share a number: `saatava resolve` and `saatava hold` name the
    /// creditor's own (without a creditor, which one is meant could not be told and both were refused).
    func test_resolveAndHold_onANumberAnotherSellerHasToo_nameTheCreditorsOwn() throws {
        for (file, reference, seller) in [("a.xml", "1449", "2345678-0"), ("b.xml", "1452", "7654321-2")] {
            try work.drop(file, HandMade.finvoice("INV80", amount: "100.00", reference: reference, date: "2026-03-02",
                                                  due: "2026-03-16", buyer: "Aino Laine", buyerId: nil, seller: seller))
        }
        let payment = HandMade.Transaction(archiveId: "P80", amount: "40.00", reference: nil)
        try work.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E80", bookingDate: "2026-03-16",
                                                                transactions: [payment])], messageId: "M80"))
        try work.run("2026-03-16")
        let resolved = try runSaatava(["resolve", "--config", config, "assign", "P80", "INV80"])
        XCTAssertEqual(resolved.status, 0, resolved.standardError)
        let held = try runSaatava(["hold", "--config", config, "add", "--invoice", "INV80", "--kind", "dispute"])
        XCTAssertEqual(held.status, 0, held.standardError)
        let invoices = try work.view("invoices").map { "\($0["reference"]!) \($0["open"]!) \($0["status"]!)" }
        XCTAssertEqual(invoices.sorted(), ["1449 100.00 open", "1452 60.00 disputed"])
        try work.run("2026-03-30")
        XCTAssertEqual(try work.steps(), [], "the creditor's is disputed, the other seller's never reminded")
    }

    /// A payment with a mistyped reference waits for the accountant, and matching suggests it for the invoice it
    /// likely pays: that invoice is not reminded while the payment waits, though no reference names it.
    func test_anInvoiceAWaitingPaymentIsSuggestedFor_isNotReminded() throws {
        try work.drop("a.xml", HandMade.finvoice("INV90", amount: "100.00", reference: "1449", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("INV91", amount: "100.00", reference: "1452", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Eino Laine", buyerId: nil, street: "Kuusitie 2"))
        try work.run("2026-03-16")
        // 1448: INV90's reference with its last digit mistyped (no valid reference).
        try work.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E90", bookingDate: "2026-03-18", transactions: [
            HandMade.Transaction(archiveId: "P90", amount: "100.00", reference: "1448", payer: "Aino Laine")])],
                                                messageId: "M90"))
        try work.run("2026-03-18")
        let suggested = try work.sqlite("SELECT archive_id || ' ' || status || ' ' || suggested_invoice FROM payments")
        XCTAssertEqual(suggested, ["P90 unmatched INV90"], "the accountant is asked")
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps(), ["INV91 1 reminder 0 0 18 2026-03-23"], "INV90 waits with its payment")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(
            "outbox/2026-03-23/run-summary.json"))) as! [String: Any]
        XCTAssertEqual(((summary["dunning"] as! [String: Any])["waiting"] as! [String: Int])["payment_waiting"], 1)
    }

    /// A bank file that cannot be read is quarantined: the payment it holds may be for an invoice now due a
    /// reminder, so while any file waits in quarantine no step is taken (the run, its page and `saatava status` say
    /// why); once the file is mended and read, the payment pays the invoice and nothing is ever reminded.
    func test_aFileInQuarantine_holdsEveryStep_untilItIsMendedAndRead() throws {
        try work.drop("a.xml", HandMade.finvoice("INV95", amount: "100.00", reference: "1449", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Aino Laine", buyerId: nil))
        try work.run("2026-03-16")
        let camt = HandMade.camt([HandMade.Entry(archiveId: "E95", bookingDate: "2026-03-20", transactions: [
            HandMade.Transaction(archiveId: "P95", amount: "100.00", reference: "1449")])], messageId: "M95")
        try work.drop("camt.xml", camt.replacingOccurrences(of: ">100.00<", with: ">1OO.00<"))
        try work.run("2026-03-20", expect: 65)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("quarantine/camt.xml").path))

        let due = try work.run("2026-03-23")
        XCTAssertEqual(try work.steps(), [], "the quarantined file may hold the payment")
        XCTAssertTrue(due.standardError.contains("1 reminder(s) or transfer(s) due wait: 1 file(s) in quarantine"),
                      due.standardError)
        let page = try String(contentsOf: root.appendingPathComponent("outbox/2026-03-23/report.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("karanteenissa on tiedosto, joka voi maksaa, hyvittää tai pidättää laskun"), page)
        XCTAssertFalse(page.contains("file(s) in quarantine"), "no English on a Finnish page")
        let status = try runSaatava(["status", "--config", config]).standardOutput
        XCTAssertTrue(status.contains("Next run, 2026-03-24: 0 reminder(s)"), status)

        try FileManager.default.removeItem(at: root.appendingPathComponent("quarantine/camt.xml"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("quarantine/camt.xml.error.txt"))
        try work.drop("camt.xml", camt)
        try work.run("2026-03-24")
        XCTAssertEqual(try work.steps(), [], "the payment was in the file: nothing to remind")
        XCTAssertEqual(try work.sqlite("SELECT status FROM payments WHERE archive_id = 'P95'"), ["matched"])
    }

    /// The morning's run reminds four customers by letter; by the afternoon's run of the same day one has paid, another
    /// disputes the claim, and the accountant placed a third's waiting payment on her invoice. `saatava status` says
    /// so at once, and the afternoon run's page, log and run-summary.json say not to send those three letters, found
    /// in the morning's folder; the fourth stays as it was, and the next day lists none.
    func test_lettersOfTheMorning_overtakenByTheAfternoon_areSaidNotToBeSent() throws {
        try work.drop("a.xml", HandMade.finvoice("INV97", amount: "100.00", reference: "1533", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("INV98", amount: "100.00", reference: "1546", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Eino Laine", buyerId: nil, street: "Kuusitie 2"))
        try work.drop("c.xml", HandMade.finvoice("INV99", amount: "100.00", reference: "1559", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Ilona Laine", buyerId: nil, street: "Koivutie 3"))
        try work.drop("d.xml", HandMade.finvoice("INV96", amount: "100.00", reference: "1520", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Olli Laine", buyerId: nil, street: "Mäntytie 4"))
        try work.drop("camt-0.xml", HandMade.camt([HandMade.Entry(archiveId: "E99", bookingDate: "2026-03-16", transactions: [
            HandMade.Transaction(archiveId: "P99", amount: "40.00", reference: nil)])], messageId: "M99"))
        try work.run("2026-03-16")
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps().count, 4)
        let letters = "outbox/2026-03-23/reminders/letters/"
        for invoice in ["INV96", "INV97", "INV98", "INV99"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(letters + invoice + "-M1.html").path))
        }

        try work.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E97", bookingDate: "2026-03-23", transactions: [
            HandMade.Transaction(archiveId: "P97", amount: "60.00", reference: "1533")])], messageId: "M97"))
        let dispute = try runSaatava(["hold", "--config", config, "add", "--invoice", "INV98", "--kind", "dispute"])
        XCTAssertEqual(dispute.status, 0, dispute.standardError)
        XCTAssertEqual(try runSaatava(["resolve", "--config", config, "assign", "P99", "INV99"]).status, 0)
        let status = try runSaatava(["status", "--config", config]).standardOutput
        XCTAssertTrue(status.contains("do not send \(letters)INV99-M1.html of 2026-03-23: the reminder of invoice INV99 is "
                                      + "overtaken, 40.00 EUR placed on it since"), status)
        XCTAssertTrue(status.contains("do not send \(letters)INV98-M1.html of 2026-03-23: the reminder of invoice INV98 is "
                                      + "overtaken, dispute in effect"), status)
        XCTAssertFalse(status.contains("INV97-M1.html"), "its payment is not read yet")
        let afternoon = try work.run("2026-03-23")
        XCTAssertEqual(try work.steps().count, 4, "nothing issued twice")
        XCTAssertTrue(afternoon.standardError.contains("do not send \(letters)INV97-M1.html of an earlier run today: "
                                                       + "the reminder of invoice INV97 is overtaken, 60.00 EUR placed on it since"),
                      afternoon.standardError)
        XCTAssertTrue(afternoon.standardError.contains("do not send \(letters)INV98-M1.html"), afternoon.standardError)
        XCTAssertFalse(afternoon.standardError.contains("INV96-M1.html"), afternoon.standardError)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(
            "outbox/2026-03-23/run-2/run-summary.json"))) as! [String: Any]
        let overtaken = (summary["dunning"] as! [String: Any])["overtaken"] as! [[String: Any]]
        XCTAssertEqual(overtaken.map { "\($0["invoice"]!) \($0["step"]!) \($0["action"]!) \($0["channel"]!) \($0["file"]!)" },
                       ["INV97 1 reminder letter \(letters)INV97-M1.html", "INV98 1 reminder letter \(letters)INV98-M1.html",
                        "INV99 1 reminder letter \(letters)INV99-M1.html"])
        XCTAssertEqual(overtaken.map { $0["paidSince"] as? [String: String] }, [["EUR": "60.00"], nil, ["EUR": "40.00"]])
        XCTAssertEqual(overtaken.map { $0["hold"] as? String }, [nil, "dispute", nil])
        let page = try String(contentsOf: root.appendingPathComponent("outbox/2026-03-23/run-2/report.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("Älä lähetä näitä tämän päivän aiemman ajon asiakirjoja"), page)
        XCTAssertTrue(page.contains("<td class=\"words\">Aino Laine<br><small>"), page)
        XCTAssertTrue(page.contains("sen jälkeen maksettu 60,00\u{A0}€"), page)
        XCTAssertTrue(page.contains("<td class=\"words\">riitautettu</td>"), page)
        XCTAssertFalse(page.contains("INV96-M1.html"), page)
        XCTAssertFalse(page.contains("do not send"), "no English on a Finnish page")

        let morning = try String(contentsOf: root.appendingPathComponent("outbox/2026-03-23/report.html"), encoding: .utf8)
        XCTAssertFalse(morning.contains("Älä lähetä"), "the morning's page was right when written")
        try work.run("2026-03-24")
        let nextDay = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(
            "outbox/2026-03-24/run-summary.json"))) as! [String: Any]
        XCTAssertEqual(((nextDay["dunning"] as! [String: Any])["overtaken"] as! [Any]).count, 0)
    }

    /// Two runs of a day each write a Finvoice batch of the same name; the payment a third run reads overtakes a
    /// reminder of the first: the first run's batch is named, the one that holds it.
    func test_anOvertakenReminderInOneOfTwoBatchesOfADay_namesItsBatch() throws {
        let eInvoice = (address: "003712345671", operator: "NDEAFIHH")
        try work.drop("a.xml", HandMade.finvoice("INV81", amount: "100.00", reference: "1575", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Aino Oy", buyerId: "1234567-1",
                                                 eInvoice: eInvoice))
        try work.run("2026-03-16")
        try work.run("2026-03-23")
        try work.drop("b.xml", HandMade.finvoice("INV82", amount: "100.00", reference: "1588", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Eino Oy", buyerId: "1234567-1",
                                                 street: "Kuusitie 2", eInvoice: eInvoice))
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps().map { $0.prefix(15) }, ["INV81 1 reminde", "INV82 1 reminde"])
        let batch = "reminders/reminders-finvoice.xml"
        for folder in ["outbox/2026-03-23/", "outbox/2026-03-23/run-2/"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(folder + batch).path))
        }
        try work.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E81", bookingDate: "2026-03-23", transactions: [
            HandMade.Transaction(archiveId: "P81", amount: "100.00", reference: "1575")])], messageId: "M81"))
        let third = try work.run("2026-03-23")
        XCTAssertTrue(third.standardError.contains("do not send outbox/2026-03-23/\(batch) of an earlier run today: "
                                                   + "the reminder of invoice INV81"), third.standardError)
        XCTAssertFalse(third.standardError.contains("INV82"), third.standardError)
    }

    /// A customer pays her new invoice under the reference of her old one, which is paid: the money waits for the
    /// accountant (`invoice_settled`), and her invoices are not reminded meanwhile; another customer's are.
    func test_aPaymentUnderACustomersPaidInvoice_holdsHerRemindersWhileItWaits() throws {
        try work.drop("a.xml", HandMade.finvoice("INV92", amount: "99.00", reference: "1481", date: "2026-02-02",
                                                 due: "2026-02-16", buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("INV93", amount: "99.00", reference: "1494", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Aino Laine", buyerId: nil))
        try work.drop("c.xml", HandMade.finvoice("INV94", amount: "99.00", reference: "1504", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Eino Laine", buyerId: nil, street: "Kuusitie 2"))
        try work.drop("camt-1.xml", HandMade.camt([HandMade.Entry(archiveId: "E92", bookingDate: "2026-02-13", transactions: [
            HandMade.Transaction(archiveId: "P92", amount: "99.00", reference: "1481", payer: "Aino Laine")])],
                                                  messageId: "M92"))
        try work.run("2026-03-16")
        try work.drop("camt-2.xml", HandMade.camt([HandMade.Entry(archiveId: "E93", bookingDate: "2026-03-18", transactions: [
            HandMade.Transaction(archiveId: "P93", amount: "99.00", reference: "1481", payer: "Aino Laine")])],
                                                  messageId: "M93"))
        try work.run("2026-03-18")
        XCTAssertEqual(try work.sqlite("SELECT archive_id || ' ' || status || ' ' || coalesce(reason, '-') FROM payments "
                                       + "ORDER BY id"), ["P92 matched -", "P93 unmatched invoice_settled"])
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps(), ["INV94 1 reminder 0 0 18 2026-03-23"], "Aino's money waits to be placed")
    }

    /// A customer pays both her invoices under one's reference: the one named is paid and the rest waits for the
    /// accountant as an overpayment; her other invoice is not reminded meanwhile, and is once the excess is refunded.
    func test_anOverpayment_holdsTheCustomersOtherInvoiceWhileItsExcessWaits() throws {
        try work.drop("a.xml", HandMade.finvoice("INV95", amount: "100.00", reference: "1517", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("INV96", amount: "100.00", reference: "1520", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Aino Laine", buyerId: nil))
        try work.drop("c.xml", HandMade.finvoice("INV97", amount: "100.00", reference: "1533", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Eino Laine", buyerId: nil, street: "Kuusitie 2"))
        try work.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E95", bookingDate: "2026-03-13", transactions: [
            HandMade.Transaction(archiveId: "P95", amount: "200.00", reference: "1517", payer: "Aino Laine")])],
                                                messageId: "M95"))
        try work.run("2026-03-16")
        XCTAssertEqual(try work.sqlite("SELECT archive_id || ' ' || status || ' ' || reason || ' ' || unapplied "
                                       + "FROM payments"), ["P95 matched overpayment 10000"])
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps(), ["INV97 1 reminder 0 0 18 2026-03-23"], "Aino's excess waits to be placed")
        XCTAssertEqual(try runSaatava(["resolve", "--config", work.config, "refund", "P95"]).status, 0)
        try work.run("2026-03-24")
        XCTAssertEqual(try work.steps(), ["INV97 1 reminder 0 0 18 2026-03-23", "INV96 1 reminder 0 0 21 2026-03-24"],
                       "once the excess is refunded, INV96 is owed like any invoice")
    }

    /// While money is owed, the invoices view says where dunning stands: disputed, on hold, in collection.
    func test_theInvoicesView_saysWhenAnInvoiceIsDisputedOrOnHold() throws {
        try work.drop("a.xml", HandMade.finvoice("INV50", amount: "20.00", reference: "1478", date: "2026-03-02", due: "2026-03-16"))
        try work.run("2026-03-16")
        func status() throws -> String {
            let line = try runSaatava(["ledger", "invoices", "--config", config]).standardOutput
            return (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["status"] as! String
        }
        XCTAssertEqual(try status(), "open")
        let added = try runSaatava(["hold", "--config", config, "add", "--invoice", "INV50", "--kind", "dispute"])
        XCTAssertEqual(added.status, 0, added.standardError)
        XCTAssertEqual(try status(), "disputed")
        try work.run("2026-04-30")
        XCTAssertEqual(try work.steps(), [], "no step while disputed")
        XCTAssertEqual(try runSaatava(["hold", "--config", config, "release", "1"]).status, 0)
        XCTAssertEqual(try status(), "open")
        XCTAssertEqual(try runSaatava(["hold", "--config", config, "add", "--customer", "id:1234567-1", "--kind", "hold"]).status, 0)
        XCTAssertEqual(try status(), "on_hold")
    }

    /// A customer who pays the reminder's total (principal, interest, fee) is paid in full, nothing overpaid; one who
    /// pays only the principal leaves the interest and fee for a person to decide, never reminded for alone.
    func test_paymentsPayPrincipalThenInterestAndFees() throws {
        try work.drop("a.xml", HandMade.finvoice("INV60", amount: "100.00", reference: "1481", date: "2026-03-02", due: "2026-03-16",
                                            buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("INV61", amount: "100.00", reference: "1494", date: "2026-03-02", due: "2026-03-16",
                                            buyer: "Eino Laine", buyerId: nil, street: "Kuusitie 3"))
        try work.run("2026-03-16")
        try work.run("2026-03-23")
        try work.run("2026-04-09")
        // Step 2 (step 1's last day to pay, Easter Monday 6.4., moved to Tuesday) charged 5.00 and claimed the interest
        // through 9.4.: 10000 × 0.095 × 24 / 365 = 62.5 c → 0.62.
        XCTAssertEqual(Array(try work.steps().suffix(2)), ["INV60 2 reminder 500 0 62 2026-04-09", "INV61 2 reminder 500 0 62 2026-04-09"])
        try work.drop("camt.xml", HandMade.camt([
            HandMade.Entry(archiveId: "E60", bookingDate: "2026-04-10", transactions: [
                HandMade.Transaction(archiveId: "P60", amount: "105.62", reference: "1481"),
                HandMade.Transaction(archiveId: "P61", amount: "100.00", reference: "1494"),
            ])], messageId: "M60"))
        try work.run("2026-04-10")
        let payments = try runSaatava(["ledger", "payments", "--config", config]).standardOutput
        XCTAssertTrue(payments.contains("\"archiveId\":\"P60\",\"bookingDate\":\"2026-04-10\",\"amount\":\"105.62\",\"reference\":\"1481\","
            + "\"payerName\":\"Virtanen Oy\",\"status\":\"matched\",\"reason\":null,\"unapplied\":\"0.00\",\"allocations\":["
            + "{\"invoiceNumber\":\"INV60\",\"amount\":\"100.00\",\"rule\":\"reference\"},"
            + "{\"invoiceNumber\":\"INV60\",\"amount\":\"5.62\",\"rule\":\"charges\"}]"), payments)
        XCTAssertTrue(payments.contains("\"archiveId\":\"P61\"") && !payments.contains("overpayment"), payments)
        let report = try String(contentsOf: root.appendingPathComponent("outbox/2026-04-10/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("<tr><td>INV61</td><td>Eino Laine</td><td class=\"money\">5,62\u{00A0}€</td></tr>"), report)
        XCTAssertFalse(report.contains("<tr><td>INV60</td><td>Aino Laine</td>"), "INV60's charges are paid")
        try work.run("2026-05-31")
        XCTAssertEqual(try work.steps().count, 4, "no step for charges alone")
        // 51 days on, the page only counts it (it grows with the days, not with charges left for years); the ledger
        // lists it.
        let later = try String(
            contentsOf: root.appendingPathComponent("outbox/2026-05-31/report.html"), encoding: .utf8)
        XCTAssertFalse(later.contains("<tr><td>INV61</td>"), later)
        XCTAssertTrue(later.contains("Lisäksi 1 lasku, jonka viimeinen maksu tuli yli 30 päivää sitten: maksamatonta "
            + "korkoa ja kuluja yhteensä 5,62\u{00A0}€."), later)
        let charged = try runSaatava(["ledger", "invoices", "--config", config, "--status", "charges"]).standardOutput
        XCTAssertEqual(charged.split(separator: "\n").count, 1, charged)
        XCTAssertTrue(charged.contains("\"invoiceNumber\":\"INV61\"")
                      && charged.hasSuffix("\"charges\":\"5.62\",\"currency\":\"EUR\"}\n"), charged)
    }

    /// A later reminder asks again what the earlier ones charged and is still unpaid: a business's 40 € compensation,
    /// charged with the first, is in the second's total, on its own row.
    func test_aLaterReminder_asksTheEarlierRemindersUnpaidChargesToo() throws {
        let firm = try Workdir(in: temporaryDirectory("firm"), config: String(Workdir.withCreditor.dropLast()) + """
            , "dunning": { "classes": { "firm": { "steps": [
                { "after": 7, "action": "reminder", "fee": "5.00", "payWithin": 14 },
                { "after": 14, "action": "reminder", "fee": "5.00", "payWithin": 14 }] } },
              "assign": { "consumer": "firm", "business": "firm" } } }
            """)
        try firm.drop("b.xml", HandMade.finvoice("INV90", amount: "1000.00", reference: "1452", date: "2026-03-02",
                                                 due: "2026-03-16", eInvoice: ("003712345671", "OKOYFIHH")))
        for day in ["2026-03-16", "2026-03-23", "2026-04-09"] { try firm.run(day) }
        // Step 1 charged the compensation instead of its fee; step 2's fee is offset by it, so it charges nothing.
        XCTAssertEqual(try firm.steps(), ["INV90 1 reminder 0 4000 201 2026-03-23", "INV90 2 reminder 0 0 690 2026-04-09"])
        let batch = try String(contentsOf: firm.root.appendingPathComponent(
            "outbox/2026-04-09/reminders/reminders-finvoice.xml"), encoding: .utf8)
        // 1000.00 open + 6.90 interest (24 days at 10.5 %) + the 40.00 compensation still unpaid.
        XCTAssertTrue(batch.contains("<EpiInstructedAmount AmountCurrencyIdentifier=\"EUR\">1046,90</EpiInstructedAmount>"),
                      batch)
        XCTAssertTrue(batch.contains("<ArticleName>Aiempien muistutusten kulut</ArticleName>"), batch)
        try assertEachFinvoiceMessageValid(batch)
    }

    /// A credit the bank reports pending (money on its way) under an overdue invoice's reference keeps the invoice
    /// from being reminded; one never booked stops the reminder for 14 days from its date, not for ever, and one dated
    /// far ahead for 14 days from the day it came.
    func test_aPendingCredit_holdsTheReminderOfTheInvoiceItNames_for14Days() throws {
        try work.drop("a.xml", HandMade.finvoice("INV80", amount: "100.00", reference: "1449", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("INV81", amount: "100.00", reference: "1452", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Eino Laine", buyerId: nil,
                                                 street: "Kuusitie 2"))
        try work.drop("c.xml", HandMade.finvoice("INV82", amount: "100.00", reference: "1465", date: "2026-03-02",
                                                 due: "2026-03-16", buyer: "Eino Laine", buyerId: nil,
                                                 street: "Kuusitie 3"))
        try work.run("2026-03-16")
        try work.drop("camt.xml", HandMade.camt([
            HandMade.Entry(archiveId: "E80", status: "PDNG", bookingDate: "2026-03-20", transactions: [
                HandMade.Transaction(archiveId: "P80", amount: "100.00", reference: "1449")]),
            HandMade.Entry(archiveId: "E82", status: "PDNG", bookingDate: "2026-12-31", transactions: [
                HandMade.Transaction(archiveId: "P82", amount: "100.00", reference: "1465")]),
        ], messageId: "M80"))
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps().map { String($0.prefix(5)) }, ["INV81"], "INV80's and INV82's money is on its way")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(
            "outbox/2026-03-23/run-summary.json"))) as! [String: Any]
        XCTAssertEqual(((summary["dunning"] as! [String: Any])["waiting"] as! [String: Int])["payment_waiting"], 2)
        try work.run("2026-04-03")
        XCTAssertEqual(try work.steps().count, 1, "14 days from 20.3. take in 3.4.")
        try work.run("2026-04-07")
        XCTAssertEqual(try work.steps().map { String($0.prefix(7)) }, ["INV81 1", "INV80 1", "INV82 1"],
                       "never booked: the pending credits stop the reminders no longer")
    }

    /// Every Finvoice message of a reminder batch the run wrote is valid against the official Finvoice 3.0 schema
    /// (xmllint, from libxml2-utils, which CI installs).
    private func assertEachFinvoiceMessageValid(_ batch: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/xmllint") else { throw XCTSkip("xmllint is not installed") }
        let schema = packageRoot.appendingPathComponent("Tests/FinvoiceTests/Fixtures/Finvoice3.0.xsd").path
        let documents = batch.components(separatedBy: "<?xml").dropFirst().map { "<?xml" + $0 }.filter { $0.contains("<Finvoice") }
        XCTAssertFalse(documents.isEmpty, "the batch holds messages", file: file, line: line)
        for (index, document) in documents.enumerated() {
            let path = root.appendingPathComponent("message-\(index).xml")
            try document.write(to: path, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
            process.arguments = ["--noout", "--schema", schema, path.path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "message \(index): \(text)", file: file, line: line)
        }
    }
}
