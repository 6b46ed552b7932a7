import Foundation
import TestSupport
import XCTest

/// Found by an adversarial review: each test states a rule of docs/dunning.md, docs/ledger.md or docs/design.md that
/// an earlier version broke, through the built binary over hand-made files.
final class ReviewRegressionTests: XCTestCase {
    private var work: Workdir!
    private var root: URL { work.root }
    private var config: String { work.config }

    override func setUpWithError() throws {
        work = try Workdir(in: temporaryDirectory("review"), config: Workdir.withCreditor)
    }

    // MARK: Helpers

    /// Each payment as "archiveId status", by archive id.
    private func paymentStatuses() throws -> [String] {
        try work.sqlite("SELECT archive_id || ' ' || reversal || ' ' || status FROM payments ORDER BY id")
    }

    private func payment(_ archiveId: String, _ amount: String, _ reference: String?, entry: String, day: String)
        -> HandMade.Entry
    {
        HandMade.Entry(archiveId: entry, bookingDate: day,
                       transactions: [HandMade.Transaction(archiveId: archiveId, amount: amount, reference: reference)])
    }

    // MARK: Findings

    /// docs/dunning.md: a reminder "never reaches a customer who has paid". The customer paid INV60 twice (P1, then a
    /// duplicate P2 the ledger holds as `invoice_settled`); the bank then takes P1 back with a reversal that carries
    /// P1's archive id. INV60 is still paid, by P2 (same reference, same amount), yet the run that books the
    /// reversal reopens INV60 and reminds the customer: the unmatched P2 is placed only in the next run's pass.
    func test_reversalOfTheFirstOfTwoPayments_remindsTheCustomerWhoPaidTwice() throws {
        try work.drop("a.xml", HandMade.finvoice("INV60", amount: "100.00", reference: "1601", date: "2026-03-02", due: "2026-03-16"))
        try work.run("2026-03-02")
        try work.drop("camt-1.xml", HandMade.camt([payment("P1", "100.00", "1601", entry: "E1", day: "2026-03-10")], messageId: "M1"))
        try work.run("2026-03-10")
        try work.drop("camt-2.xml", HandMade.camt([payment("P2", "100.00", "1601", entry: "E2", day: "2026-03-12")], messageId: "M2"))
        try work.run("2026-03-12")
        XCTAssertEqual(try paymentStatuses(), ["P1 0 matched", "P2 0 unmatched"])

        // 23.3. is 7 days after the due date: the built-in ladder's first step would fall due if INV60 were open.
        try work.drop("camt-3.xml", HandMade.camt([HandMade.Entry(
            archiveId: "E3", direction: "DBIT", reversal: true, bookingDate: "2026-03-23",
            transactions: [HandMade.Transaction(archiveId: "P1", amount: "100.00", reference: "1601")])], messageId: "M3"))
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps(), [], "INV60 is paid by P2: no reminder")
        XCTAssertEqual(try paymentStatuses(), ["P1 0 reversed", "P2 0 matched", "P1 1 reversal"],
                       "the duplicate pays the invoice the reversal reopened, in the same run")
        XCTAssertFalse(FileManager.default.fileExists(
            atPath: root.appendingPathComponent("outbox/2026-03-23/reminders/letters/INV60-M1.html").path))
    }

    /// docs/ledger.md: an invoice is "unique by (`seller_id`, `invoice_number`)", so two sellers may each have an
    /// invoice 1001. When both are overdue, the dun stage builds a dictionary by invoice number alone
    /// (`Dictionary(uniqueKeysWithValues:)` in DunningStage) and the run traps: every daily run dies from then on.
    /// Two are dunned in one run: the creditor's and one that names no seller (taken as the creditor's); a third
    /// seller's waits.
    func test_sellersWithTheSameInvoiceNumber_allOverdue_theRunStillFinishes() throws {
        func invoice(_ amount: String, _ reference: String) -> String {
            HandMade.finvoice("1001", amount: amount, reference: reference, date: "2026-03-02", due: "2026-03-16",
                              buyer: "Laine Oy", buyerId: "2345678-2")
        }
        try work.drop("a.xml", invoice("100.00", "1614"))
        try work.drop("b.xml", invoice("200.00", "1627")
            .replacingOccurrences(of: "<SellerPartyIdentifier>7654321-2</SellerPartyIdentifier>", with: ""))
        try work.drop("c.xml", invoice("300.00", "1630").replacingOccurrences(of: "7654321-2", with: "2345678-0"))
        try work.run("2026-03-02")
        XCTAssertEqual(try work.sqlite("SELECT seller_id || ' ' || invoice_number FROM invoices ORDER BY id"),
                       ["7654321-2 1001", " 1001", "2345678-0 1001"], "all booked, as the ledger's key allows")
        try work.run("2026-03-23")
        let reminded = "SELECT i.amount FROM reminders r JOIN invoices i ON i.id = r.invoice_id ORDER BY i.id"
        XCTAssertEqual(try work.sqlite(reminded), ["10000", "20000"],
                       "the creditor's and the unnamed seller's invoices get their first step")
    }

    /// docs/dunning.md: "`saatava run --dry-run` ... changes nothing (no ledger change, no file moved, no output
    /// written)". On a working directory without a ledger, a dry run says there is none yet (66) and creates nothing:
    /// no ledger, no lock, no folder.
    func test_dryRun_onAFreshWorkingDirectory_createsNothing() throws {
        let before = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        let dry = try runSaatava(["run", "--config", config, "--as-of", "2026-03-02", "--dry-run"])
        XCTAssertEqual(dry.status, 66, dry.standardError)
        XCTAssertTrue(dry.standardError.contains("there is no ledger yet"), dry.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("state/saatava.sqlite").path),
                       "a dry run creates no ledger")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted(), before)
    }

    /// A dry run creates no folder, so on a working directory whose inbox folders are gone it reads them as holding
    /// nothing: it finishes, where it stopped on Foundation's "The file doesn't exist" for inbox/decisions. A file
    /// or a link to nothing where a folder should be is said as the path and the system's reason, not as Foundation's
    /// dump of the error.
    func test_dryRun_withoutTheInboxFolders_readsThemAsEmpty_andAFileInTheirPlaceIsSaidPlainly() throws {
        try work.drop("a.xml", HandMade.finvoice(
            "INV60", amount: "100.00", reference: "1601", date: "2026-03-02", due: "2026-03-16"))
        try work.run("2026-03-02")
        try FileManager.default.removeItem(at: root.appendingPathComponent("inbox"))
        let dry = try runSaatava(["run", "--config", config, "--as-of", "2026-03-03", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.standardError)
        let inbox = root.appendingPathComponent("inbox")
        XCTAssertFalse(FileManager.default.fileExists(atPath: inbox.path), "no folder made")
        XCTAssertEqual(try work.sqlite("SELECT count(*) FROM runs"), ["1"], "and nothing booked")

        // A folder that cannot be listed is the file system's fault (73), said as the folder and the system's reason.
        try Data().write(to: inbox)
        let blocked = try runSaatava(["run", "--config", config, "--as-of", "2026-03-03", "--dry-run"])
        XCTAssertEqual(blocked.status, 73, blocked.standardError)
        XCTAssertTrue(blocked.standardError.hasSuffix("/inbox: Not a directory\n"), blocked.standardError)
        let run = try runSaatava(["run", "--config", config, "--as-of", "2026-03-03"])
        XCTAssertEqual(run.status, 73, run.standardError)
        XCTAssertTrue(run.standardError.hasSuffix("cannot create the working folders: \(inbox.path): File exists\n"),
                      run.standardError)
        // A link to nothing is no missing folder: the dry run stops as the run would.
        try FileManager.default.removeItem(at: inbox)
        try FileManager.default.createSymbolicLink(atPath: inbox.path, withDestinationPath: root.path + "/gone")
        let dangling = try runSaatava(["run", "--config", config, "--as-of", "2026-03-03", "--dry-run"])
        XCTAssertEqual(dangling.status, 73, dangling.standardError)
        XCTAssertTrue(dangling.standardError.hasSuffix("/inbox: No such file or directory\n"), dangling.standardError)
    }

    /// docs/dunning.md: "a payment or credit note booked on day P lowers the principal from day P + 1". A booked
    /// camt entry without a booking date (BookgDt is optional in camt) is applied to the invoice, but
    /// `principalReductions` drops it (`coalesce(p.booking_date, cn.invoice_date)` is NULL), so interest is charged
    /// on the whole principal as if nothing had been paid. (The plan rule in LedgerHolds counts such a payment on
    /// the as-of day of the run that placed it; the same day is used here.)
    func test_paymentWithoutABookingDate_stillLowersThePrincipalForInterest() throws {
        try work.drop("a.xml", HandMade.finvoice("INV61", amount: "1000.00", reference: "1630", date: "2026-03-02", due: "2026-03-16"))
        try work.run("2026-03-16")
        let camt = HandMade.camt([payment("P61", "600.00", "1630", entry: "E61", day: "2026-03-20")], messageId: "M1")
            .replacingOccurrences(of: "<BookgDt><Dt>2026-03-20</Dt></BookgDt>", with: "")
        XCTAssertFalse(camt.contains("BookgDt"))
        try work.drop("camt.xml", camt)
        try work.run("2026-03-20")
        XCTAssertEqual(try work.sqlite("SELECT amount FROM allocations"), ["60000"], "the payment is applied")
        try work.run("2026-03-23")
        // Business debtor, 2026 H1: 2.5 % + 8 = 10.5 %. 1000 € for 17.–20.3. (4 days) and 400 € for 21.–23.3. (3 days):
        // 100000 × 0.105 × 4 / 365 + 40000 × 0.105 × 3 / 365 = 115.07 + 34.52 = 149.6 c → 1.50 €. Counting the whole
        // 1000 € for 7 days gives 2.01 €.
        XCTAssertEqual(try work.steps(), ["INV61 1 reminder 0 0 150 2026-03-23"])
    }

    /// docs/dunning.md: a reminder "never reaches a customer who has paid". The customer paid INV62 (100 €) with a
    /// structured payment that deducts the seller's credit note CN62 (30 €) and remits 70 €. The ledger knows which
    /// invoice the money is for (the block names INV62's reference), but holds the payment as `unknown_reference`
    /// until CN62 is booked (docs/ledger.md); dunning meanwhile reminds the customer of INV62 in full.
    func test_paymentWaitingForTheCreditNoteItDeducts_stillTheInvoiceIsReminded() throws {
        try work.drop("a.xml", HandMade.finvoice("INV62", amount: "100.00", reference: "1643", date: "2026-03-02", due: "2026-03-16"))
        try work.run("2026-03-02")
        var paid = HandMade.Transaction(archiveId: "P62", amount: "70.00", reference: nil)
        paid.parts = [("1643", nil, "100.00", "CINV"), (nil, "CN62", "30.00", "CREN")]
        try work.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E62", bookingDate: "2026-03-13", transactions: [paid])],
                                           messageId: "M1"))
        try work.run("2026-03-13")
        XCTAssertEqual(try paymentStatuses(), ["P62 0 unmatched"], "waits for CN62, as documented")
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps(), [], "the customer paid INV62 (less the credit note): no reminder")
    }

    /// docs/dunning.md: letters go to `reminders/letters/<invoice>-M<step>.html`, and "a recorded step always has its
    /// document". Invoice numbers are made file-safe by replacing other characters with `_`, so `A/1` and `A_1`
    /// (two customers' invoices) share one letter file: the second overwrites the first, and both recorded steps
    /// point at a letter addressed to someone else for one of them.
    func test_lettersOfTwoInvoices_neverShareAFile() throws {
        try work.drop("a.xml", HandMade.finvoice("A/1", amount: "100.00", reference: "1656", date: "2026-03-02", due: "2026-03-16",
                                            buyer: "Aino Laine", buyerId: nil))
        try work.drop("b.xml", HandMade.finvoice("A_1", amount: "200.00", reference: "1669", date: "2026-03-02", due: "2026-03-16",
                                            buyer: "Eino Virta", buyerId: nil, street: "Kuusitie 2"))
        try work.run("2026-03-02")
        try work.run("2026-03-23")
        XCTAssertEqual(try work.steps().count, 2)
        let files = try work.sqlite("SELECT file FROM reminders ORDER BY id")
        XCTAssertEqual(Set(files).count, 2, "each reminder has a document of its own: \(files)")
    }

    /// docs/ledger.md: "A camt.053 entry whose entry archive id a booked camt.054 entry already carried is the same
    /// money: nothing of it is booked" (deliver camt.054 first, as banks do). The bank did: both files were in the
    /// inbox for the same morning's run. saatava posts the inbox in file-name order, so `camt053.xml` is posted
    /// before `camt054.xml` and the same 100 € is booked twice: the second copy is an unmatched `invoice_settled`
    /// "duplicate" on the accountant's list, which invites a refund of money received once.
    func test_statementAndNotificationInTheSameRun_areBookedOnce() throws {
        try work.drop("a.xml", HandMade.finvoice("INV63", amount: "100.00", reference: "1601", date: "2026-03-02", due: "2026-03-16"))
        try work.run("2026-03-02")
        let notified = HandMade.Entry(archiveId: "E63", bookingDate: "2026-03-10", transactions: [
            HandMade.Transaction(archiveId: "P63", amount: "100.00", reference: "1601")])
        var statementLine = notified
        statementLine.transactions = notified.transactions.map { var copy = $0; copy.archiveId = nil; return copy }
        try work.drop("camt054.xml", HandMade.camt([notified], messageId: "N1"))
        try work.drop("camt053.xml", HandMade.camt([statementLine], messageId: "S1", statement: true))
        try work.run("2026-03-11")
        XCTAssertEqual(try work.sqlite("SELECT count(*) FROM payments"), ["1"], "one payment of 100 €, booked once")
        XCTAssertEqual(try work.sqlite("SELECT count(*) FROM payments WHERE status = 'unmatched'"), ["0"],
                       "no phantom duplicate on the accountant's list")
    }
}
