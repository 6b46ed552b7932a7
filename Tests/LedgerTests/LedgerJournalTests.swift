import Foundation
@testable import Ledger
import Matching
import Receivables
import TestSupport
import XCTest

/// The journal lines each money booking writes (docs/journal.md), and the balance checks over them.
final class LedgerJournalTests: XCTestCase {
    private let asOf = LocalDate(year: 2026, month: 11, day: 27)!

    private func invoice(_ number: String, _ reference: String, _ cents: Int64, kind: Invoice.Kind = .invoice,
                         original: String? = nil) -> Invoice {
        Invoice(
            format: "test", file: "test", invoiceNumber: number, kind: kind, invoiceDate: asOf, dueDate: asOf,
            amount: Amount(minorUnits: cents, currency: .euro), reference: StatedReference(stated: reference),
            sellerId: "1234567-1", sellerName: nil, sellerAccount: nil, buyerId: "7654321-2", buyerName: "Esimerkki Oy",
            isConsumer: false, isCancellation: false, originalInvoiceNumber: original, overdueInterestPercent: nil,
            buyerAddress: nil, language: nil)
    }

    private func payment(_ archiveId: String, _ cents: Int64, reference: String?, reversal: Bool = false,
                         outgoing: Bool = false, account: String = "FI2112345600000785") -> Payment {
        Payment(
            format: "test", file: "test", account: account, messageId: nil, entryArchiveId: nil,
            archiveId: archiveId, bookingDate: asOf, valueDate: nil, paymentDate: nil,
            amount: Amount(minorUnits: cents, currency: .euro), currency: .euro,
            direction: reversal || outgoing ? .debit : .credit,
            isReversal: reversal, reference: reference.flatMap { StatedReference(stated: $0) }, remittanceText: nil,
            payerName: "ESIMERKKI OY", endToEndId: nil, returnReason: nil, entryStatus: .booked,
            instructedAmount: nil, charges: nil, parts: [])
    }

    private func newLedger(accounts: JournalAccounts = JournalAccounts()) throws -> (Ledger, Int64) {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        ledger.journalAccounts = accounts
        return (ledger, try ledger.startRun(asOf: asOf, at: "t"))
    }

    private func book(_ ledger: Ledger, run: Int64, _ records: (FilePosting) throws -> Void) throws {
        _ = try ledger.post(fileNamed: "day", kind: "camt054", run: run, records: records)
        let input = try ledger.matchingInput()
        try ledger.apply(MatchingEngine().match(
            openItems: input.openItems, credits: input.credits, payments: input.payments, priorPayments: input.priorPayments,
            bookedCreditNotes: input.bookedCreditNotes), run: run)
    }

    /// Each line as "voucher account debit credit source memo" (amounts in cents, 0 for the side not used).
    private func lines(_ ledger: Ledger) throws -> [String] {
        try ledger.journalLines().map { "\($0.voucher ?? "-") \($0.account) \($0.debit) \($0.credit) \($0.source) \($0.memo)" }
    }

    /// The rows of `query`, each its one column as text.
    private func texts(_ ledger: Ledger, _ query: String) throws -> [String] {
        let statement = try ledger.database.prepare(query)
        try statement.bind([])
        var rows: [String] = []
        while try statement.step() { rows.append(statement.text(0) ?? "NULL") }
        return rows
    }

    /// The journal balances, and the balances the ledger keeps (schema 14) are what the money rows add up to.
    private func assertBalanced(_ ledger: Ledger, file: StaticString = #filePath, line: UInt = #line) throws {
        let balance = try ledger.journalBalance()
        XCTAssertTrue(balance.isBalanced, "\(balance)", file: file, line: line)
        try assertKeptFiguresAgree(ledger, file: file, line: line)
    }

    func test_paymentReceivedAndApplied_debitsBank_creditsAdvances_thenReceivables() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 100_00))
            try posting.add(payment("A1", 60_00, reference: "12345672"))
            try posting.add(payment("A2", 50_00, reference: "12345672"))
        }
        XCTAssertEqual(try lines(ledger), [
            "2026-11-27/1 1910 6000 0 A1 payment received",
            "2026-11-27/1 2600 0 6000 A1 payment received",
            "2026-11-27/2 1910 5000 0 A2 payment received",
            "2026-11-27/2 2600 0 5000 A2 payment received",
            "2026-11-27/3 2600 6000 0 A1 paid invoice INV1",
            "2026-11-27/3 1700 0 6000 A1 paid invoice INV1",
            "2026-11-27/4 2600 4000 0 A2 paid invoice INV1",
            "2026-11-27/4 1700 0 4000 A2 paid invoice INV1",
        ], "the overpayment's 10.00 stays in advances")
        try assertBalanced(ledger)
        XCTAssertEqual(try ledger.journalBalance().currencies.first?.advancesPosted, 10_00)
    }

    func test_reversal_undoesTheAllocation_andTakesTheMoneyOutOfTheBank() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 100_00))
            try posting.add(payment("A1", 100_00, reference: "12345672"))
        }
        try book(ledger, run: run) { posting in try posting.add(payment("A1", 100_00, reference: "12345672", reversal: true)) }
        XCTAssertEqual(Array(try lines(ledger).suffix(4)), [
            "2026-11-27/3 2600 0 10000 A1 reversed: paid invoice INV1",
            "2026-11-27/3 1700 10000 0 A1 reversed: paid invoice INV1",
            "2026-11-27/4 2600 10000 0 A1 reversal of A1",
            "2026-11-27/4 1910 0 10000 A1 reversal of A1",
        ])
        try assertBalanced(ledger)
    }

    func test_creditNoteApplied_movesBetweenTheTwoDocumentsOnReceivables() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 100_00))
            try posting.add(invoice("CN1", "12345672", -30_00, kind: .creditNote, original: "INV1"))
        }
        XCTAssertEqual(try lines(ledger), [
            "2026-11-27/1 1700 3000 0 CN1 credit note CN1 on invoice INV1",
            "2026-11-27/1 1700 0 3000 CN1 credit note CN1 on invoice INV1",
        ])
        try assertBalanced(ledger)
    }

    func test_chargesPaid_areIncomeSplitInterestFirst_andAReversalUndoesExactlyThoseLines() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in try posting.add(invoice("INV1", "12345672", 100_00)) }
        try ledger.database.execute("""
            INSERT INTO reminders (invoice_id, step, action, class, issued_on, currency, allowed_fee, fee, compensation,
                interest, run_id)
            SELECT id, 1, 'reminder', 'standard', '2026-11-20', 'EUR', 500, 500, 4000, 300, 1 FROM invoices
            """)
        try book(ledger, run: run) { posting in try posting.add(payment("A1", 110_00, reference: "12345672")) }
        XCTAssertEqual(Array(try lines(ledger).suffix(6)), [
            "2026-11-27/2 2600 10000 0 A1 paid invoice INV1",
            "2026-11-27/2 1700 0 10000 A1 paid invoice INV1",
            "2026-11-27/2 2600 1000 0 A1 charges of invoice INV1",
            "2026-11-27/2 9160 0 300 A1 interest of invoice INV1",
            "2026-11-27/2 3950 0 500 A1 fees of invoice INV1",
            "2026-11-27/2 3960 0 200 A1 compensation of invoice INV1",
        ])
        try book(ledger, run: run) { posting in try posting.add(payment("A1", 110_00, reference: "12345672", reversal: true)) }
        XCTAssertEqual(Array(try lines(ledger).suffix(8)), [
            "2026-11-27/3 2600 0 10000 A1 reversed: paid invoice INV1",
            "2026-11-27/3 1700 10000 0 A1 reversed: paid invoice INV1",
            "2026-11-27/3 2600 0 1000 A1 reversed: charges of invoice INV1",
            "2026-11-27/3 9160 300 0 A1 reversed: interest of invoice INV1",
            "2026-11-27/3 3950 500 0 A1 reversed: fees of invoice INV1",
            "2026-11-27/3 3960 200 0 A1 reversed: compensation of invoice INV1",
            "2026-11-27/4 2600 11000 0 A1 reversal of A1",
            "2026-11-27/4 1910 0 11000 A1 reversal of A1",
        ])
        try assertBalanced(ledger)
    }

    /// The invoices with principal paid and charges unpaid are kept per currency (schema 23) as money and reminders
    /// come: an invoice enters when a reminder claims charges of it paid already or when its principal is paid, its
    /// sum changes as its charges are paid in part, and it leaves when they are paid or its principal is owed again.
    func test_unpaidChargesKept_asRemindersPaymentsAndReversalsCome() throws {
        let (ledger, run) = try newLedger()
        func older() throws -> (count: Int, euros: Int64?) {
            let charges = try ledger.unpaidCharges(listedSince: asOf.adding(days: 1))
            XCTAssertTrue(charges.listed.isEmpty)
            return (charges.older.count, charges.older.byCurrency[.euro])
        }
        func listed() throws -> [String] {
            try ledger.unpaidCharges(listedSince: asOf).listed.map { "\($0.invoiceNumber) \($0.amount.minorUnits)" }
        }
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 100_00))
            try posting.add(invoice("INV2", "12345685", 50_00))
            try posting.add(payment("A1", 100_00, reference: "12345672"))
        }
        XCTAssertEqual(try older().count, 0)
        // A reminder of an invoice whose principal is paid (the trigger sets its charges), and one of an open invoice.
        try ledger.database.execute("""
            INSERT INTO reminders (invoice_id, step, action, class, issued_on, currency, allowed_fee, fee, compensation,
                interest, run_id)
            SELECT id, 1, 'reminder', 'standard', '2026-11-20', 'EUR', 500, 500, 0, 300, 1 FROM invoices
            """)
        XCTAssertEqual(try older().count, 1)
        XCTAssertEqual(try older().euros, 8_00)
        XCTAssertEqual(try listed(), ["INV1 800"])
        try assertBalanced(ledger)
        // INV2's principal paid: it enters; INV1's charges paid in part: its sum falls.
        try book(ledger, run: run) { posting in
            try posting.add(payment("A2", 50_00, reference: "12345685"))
            try posting.add(payment("A3", 3_00, reference: "12345672"))
        }
        XCTAssertEqual(try older().count, 2)
        XCTAssertEqual(try older().euros, 5_00 + 8_00)
        XCTAssertEqual(try listed(), ["INV1 500", "INV2 800"])
        try assertBalanced(ledger)
        // INV1's charges paid: it leaves; INV2's principal owed again: it leaves.
        try book(ledger, run: run) { posting in
            try posting.add(payment("A4", 5_00, reference: "12345672"))
            try posting.add(payment("A2", 50_00, reference: "12345685", reversal: true))
        }
        XCTAssertEqual(try older().count, 0)
        XCTAssertNil(try older().euros)
        try assertBalanced(ledger)
        // The charges' payment reversed: INV1 owes them again.
        try book(ledger, run: run) { posting in
            try posting.add(payment("A4", 5_00, reference: "12345672", reversal: true))
        }
        XCTAssertEqual(try older().count, 1)
        XCTAssertEqual(try older().euros, 5_00)
        try assertBalanced(ledger)
    }

    func test_refundDecided_owesTheUnappliedPartBack_andIgnoreMovesNothing() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 100_00))
            try posting.add(payment("A1", 120_00, reference: "12345672"))
            try posting.add(payment("A2", 7_00, reference: nil))
        }
        let before = try lines(ledger).count
        try ledger.decide(.refund, payment: "A1", note: nil, source: "test", run: run)
        try ledger.decide(.ignore, payment: "A2", note: nil, source: "test", run: run)
        XCTAssertEqual(Array(try lines(ledger).dropFirst(before)), [
            "2026-11-27/4 2600 2000 0 A1 refund decided",
            "2026-11-27/4 2900 0 2000 A1 refund decided",
        ])
        try assertBalanced(ledger)
        XCTAssertEqual(try ledger.journalBalance().currencies.first?.advancesPosted, 7_00, "what is ignored stays in advances")
    }

    /// What waits with no money to place (outgoing money, a part of a payment taken back, a reversal of an unknown
    /// payment, a payment of nothing) can be ignored, and only ignored: it leaves the list and nothing is journalled.
    /// The ignored outgoing money is no payment a later reversal takes back.
    func test_entriesWithNoMoneyToPlace_canBeIgnored_andJournalNothing() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 100_00))
            try posting.add(payment("A1", 100_00, reference: "12345672"))
        }
        try book(ledger, run: run) { posting in
            try posting.add(payment("A1", 40_00, reference: "12345672", reversal: true))
            try posting.add(payment("D1", 50_00, reference: nil, outgoing: true))
            try posting.add(payment("Z1", 0, reference: "12345672"))
            try posting.add(payment("R1", 70_00, reference: nil, reversal: true))
        }
        let waiting = "SELECT archive_id || ' ' || reversal || ' ' || reason FROM payments WHERE status = 'unmatched' ORDER BY id"
        XCTAssertEqual(try texts(ledger, waiting),
                       ["A1 1 partial_reversal", "D1 0 debit", "Z1 0 zero_amount", "R1 1 reversal_unmatched"])
        let before = try lines(ledger)
        for refused in [Decision.refund, .assign(invoiceNumber: "INV1")] {
            XCTAssertThrowsError(try ledger.decide(refused, payment: "D1", note: nil, source: "test", run: run)) { error in
                XCTAssertTrue("\(error)".contains("outgoing money or a reversal"), "\(error)")
            }
        }
        XCTAssertThrowsError(try ledger.decide(.ignore, payment: "D1", note: nil, source: "test", run: run,
                                               listed: ListedPayment(amount: "5.00", unapplied: nil)))
        for archiveId in ["A1", "D1", "Z1", "R1"] {
            let applied = try ledger.decide(.ignore, payment: archiveId, note: "booked by hand", source: "test", run: run,
                                            listed: ListedPayment(amount: nil, unapplied: nil))
            XCTAssertEqual(applied.decision, .ignore)
        }
        XCTAssertEqual(try texts(ledger, waiting), [])
        XCTAssertEqual(try texts(ledger, "SELECT archive_id || ' ' || reversal || ' ' || status FROM payments ORDER BY id"),
                       ["A1 0 matched", "A1 1 ignored", "D1 0 ignored", "Z1 0 ignored", "R1 1 ignored"])
        XCTAssertEqual(try texts(ledger, "SELECT amount FROM decisions ORDER BY id"), ["4000", "5000", "0", "7000"])
        XCTAssertEqual(try lines(ledger), before, "nothing is journalled")
        XCTAssertThrowsError(try ledger.decide(.ignore, payment: "A1", note: nil, source: "test", run: run), "decided once")

        // The bank takes back D1's archive id: outgoing money is no receipt to undo, so the reversal waits.
        try book(ledger, run: run) { posting in try posting.add(payment("D1", 50_00, reference: nil, reversal: true)) }
        XCTAssertEqual(try texts(ledger, waiting), ["D1 1 reversal_unmatched"])
        XCTAssertEqual(try texts(ledger, "SELECT status FROM payments WHERE archive_id = 'D1' AND reversal = 0"),
                       ["ignored"])
        try assertBalanced(ledger)
    }

    /// A reversal and a new payment in one pass: the reversed payment's income is taken back before the new payment's
    /// charges are split, so the new money pays interest and fees again, never compensation nobody claimed.
    func test_reversalAndNewPaymentInOnePass_splitTheNewChargesAsIfFirst() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in try posting.add(invoice("INV1", "12345672", 100_00)) }
        // Interest 3.00 and a fee of 5.00 claimed; no compensation.
        try ledger.database.execute("""
            INSERT INTO reminders (invoice_id, step, action, class, issued_on, currency, allowed_fee, fee, compensation,
                interest, run_id)
            SELECT id, 1, 'reminder', 'standard', '2026-11-20', 'EUR', 500, 500, 0, 300, 1 FROM invoices
            """)
        try book(ledger, run: run) { posting in try posting.add(payment("P1", 108_00, reference: "12345672")) }
        try book(ledger, run: run) { posting in
            try posting.add(payment("P1", 108_00, reference: "12345672", reversal: true))
            try posting.add(payment("P2", 108_00, reference: "12345672"))
        }
        let income = try ledger.journalLines().filter { ["9160", "3950", "3960"].contains($0.account) }
        func net(_ account: String) -> Int64 { income.filter { $0.account == account }.reduce(0) { $0 + $1.credit - $1.debit } }
        XCTAssertEqual([net("9160"), net("3950"), net("3960")], [3_00, 5_00, 0], "P2 pays the interest and the fee again")
        try assertBalanced(ledger)
    }

    /// A payment whose excess was refunded, then reversed by the bank: the refund is owed no more.
    func test_reversalOfARefundedPayment_takesTheRefundBack() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 100_00))
            try posting.add(payment("A1", 120_00, reference: "12345672"))
        }
        try ledger.decide(.refund, payment: "A1", note: nil, source: "test", run: run)
        try book(ledger, run: run) { posting in try posting.add(payment("A1", 120_00, reference: "12345672", reversal: true)) }
        XCTAssertEqual(Array(try lines(ledger).suffix(4)), [
            "2026-11-27/5 2600 12000 0 A1 reversal of A1",
            "2026-11-27/5 1910 0 12000 A1 reversal of A1",
            "2026-11-27/5 2900 2000 0 A1 refund of A1 not owed: the payment was reversed",
            "2026-11-27/5 2600 0 2000 A1 refund of A1 not owed: the payment was reversed",
        ])
        let balance = try XCTUnwrap(ledger.journalBalance().currencies.first)
        XCTAssertEqual(balance.advancesPosted, 0, "nothing is held for the payment any more")
        try assertBalanced(ledger)
    }

    /// A payment the accountant refunded whole, and one she ignored, then reversed by the bank on a later day: the
    /// reversals find them, the bank's money goes back out, and the refund is owed no more.
    func test_reversalOfAPaymentRefundedOrIgnoredByADecision_isBooked() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(payment("A1", 200_00, reference: nil))
            try posting.add(payment("A2", 25_00, reference: nil))
        }
        try ledger.decide(.refund, payment: "A1", note: nil, source: "test", run: run)
        try ledger.decide(.ignore, payment: "A2", note: nil, source: "test", run: run)
        let later = try ledger.startRun(asOf: asOf.adding(days: 1), at: "t2")
        try book(ledger, run: later) { posting in
            try posting.add(payment("A1", 200_00, reference: nil, reversal: true))
            try posting.add(payment("A2", 25_00, reference: nil, reversal: true))
        }
        let statuses = try ledger.database.prepare("SELECT archive_id || ' ' || status FROM payments ORDER BY id")
        try statuses.bind([])
        var found: [String] = []
        while try statuses.step() { found.append(try statuses.requiredText(0)) }
        XCTAssertEqual(found, ["A1 reversed", "A2 reversed", "A1 reversal", "A2 reversal"])
        XCTAssertEqual(Array(try lines(ledger).suffix(6)), [
            "2026-11-28/4 2600 20000 0 A1 reversal of A1",
            "2026-11-28/4 1910 0 20000 A1 reversal of A1",
            "2026-11-28/4 2900 20000 0 A1 refund of A1 not owed: the payment was reversed",
            "2026-11-28/4 2600 0 20000 A1 refund of A1 not owed: the payment was reversed",
            "2026-11-28/5 2600 2500 0 A2 reversal of A2",
            "2026-11-28/5 1910 0 2500 A2 reversal of A2",
        ])
        let balance = try XCTUnwrap(ledger.journalBalance().currencies.first)
        XCTAssertEqual(balance.advancesPosted, 0, "nothing is held for either payment any more")
        try assertBalanced(ledger)
    }

    /// A decision from the accountant's list is refused when the payment is not what the list showed: its amount
    /// edited (a decision places the whole unapplied amount), or money placed since; as the list showed it (in
    /// either dialect's spelling, thousands grouped or not), it goes through.
    func test_aDecisionFromAList_isRefusedWhenThePaymentIsNotWhatTheListShowed() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 1_500_00))
            try posting.add(payment("A1", 1_500_00, reference: nil))
        }
        func decide(amount: String?, unapplied: String?) throws {
            try ledger.decide(.assign(invoiceNumber: "INV1"), payment: "A1", note: nil, source: "test", run: run,
                              listed: ListedPayment(amount: amount, unapplied: unapplied))
        }
        for (amount, unapplied, refusal) in [
            ("500.00", "1500.00", "is of 1500.00 EUR, not 500.00 EUR as the list says"),
            ("1500,00", "700,00", "has 1500.00 EUR unapplied, not 700.00 EUR as the list says"),
            ("1500.005", nil, "'1500.005' in amount is no amount in EUR"),
        ] {
            XCTAssertThrowsError(try decide(amount: amount, unapplied: unapplied)) { error in
                XCTAssertTrue("\(error)".contains(refusal), "\(error)")
            }
        }
        XCTAssertEqual(try ledger.state(ofPayment: "A1")?.status.rawValue, "unmatched", "nothing was placed")
        try decide(amount: "1\u{A0}500,00", unapplied: "1500.00")
        XCTAssertEqual(try ledger.state(ofPayment: "A1")?.status.rawValue, "matched")
    }

    func test_aDecisionBySaatavaResolve_goesToTheNextRunsJournal() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 100_00))
            try posting.add(payment("A1", 100_00, reference: "99999997"))
        }
        try ledger.finishRun(run, at: "t", exitCode: 0, seconds: 0, findings: [])
        try ledger.decide(.assign(invoiceNumber: "INV1"), payment: "A1", note: nil, source: "saatava resolve", run: nil)
        XCTAssertEqual(try ledger.journalLines().last?.voucher, nil, "no run carries it yet")
        let next = try ledger.startRun(asOf: LocalDate(year: 2026, month: 11, day: 28)!, at: "t")
        XCTAssertEqual(try ledger.journalLines(ofRun: next).map(\.voucher), ["2026-11-28/1", "2026-11-28/1"])
        XCTAssertEqual(try ledger.journalLines(ofRun: run).count, 2, "the receipt only")
        try assertBalanced(ledger)
    }

    func test_bankAccountByIBAN_andAccountsFromTheConfig() throws {
        var accounts = JournalAccounts()
        accounts.bankByIBAN = ["FI2112345600000785": "1911"]
        accounts.advances = "2871"
        let (ledger, run) = try newLedger(accounts: accounts)
        try book(ledger, run: run) { posting in
            try posting.add(payment("A1", 5_00, reference: nil))
            try posting.add(payment("A2", 6_00, reference: nil, account: "FI5810171000000122"))
        }
        XCTAssertEqual(try lines(ledger), [
            "2026-11-27/1 1911 500 0 A1 payment received", "2026-11-27/1 2871 0 500 A1 payment received",
            "2026-11-27/2 1910 600 0 A2 payment received", "2026-11-27/2 2871 0 600 A2 payment received",
        ])
    }

    func test_journalLines_areAppendOnly() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in try posting.add(payment("A1", 5_00, reference: nil)) }
        XCTAssertThrowsError(try ledger.database.execute("UPDATE journal_lines SET debit = 1 WHERE debit > 0"))
        XCTAssertThrowsError(try ledger.database.execute("DELETE FROM journal_lines"))
    }

    /// A decision that pays one of two invoices under a reference leaves the other the only one open: the next pass
    /// reads again the payment that waited as ambiguous between them (nothing else touches its reference) and places it,
    /// as a pass over everything would, so that the invoice is not reminded for money its customer paid.
    func test_aDecisionOnOneOfTwoInvoicesUnderAReference_letsTheNextPassPlaceThePaymentThatWaited() throws {
        let (ledger, run) = try newLedger()
        func pass() throws {
            let input = try ledger.matchingInput()
            try ledger.apply(MatchingEngine().match(
                openItems: input.openItems, credits: input.credits, payments: input.payments, priorPayments: input.priorPayments,
                bookedCreditNotes: input.bookedCreditNotes), run: run, seenThrough: (input.lastInvoice, input.lastDecision))
        }
        _ = try ledger.post(fileNamed: "day", kind: "camt054", run: run) { posting in
            try posting.add(invoice("A", "12345672", 100_00))
            try posting.add(invoice("B", "12345672", 80_00))
            try posting.add(payment("P", 50_00, reference: "12345672"))
            try posting.add(payment("Q", 100_00, reference: nil))
        }
        try pass()
        XCTAssertEqual(try ledger.state(ofPayment: "P")?.reason?.rawValue, "ambiguous")
        XCTAssertEqual(try ledger.matchingInput().payments.map(\.archiveId), [], "nothing new: nothing read again")
        try ledger.decide(.assign(invoiceNumber: "A"), payment: "Q", note: nil, source: "test", run: run)
        XCTAssertEqual(try ledger.matchingInput().payments.map(\.archiveId), ["P"])
        try pass()
        XCTAssertEqual(try ledger.state(ofPayment: "P")?.status.rawValue, "matched")
        XCTAssertEqual(try ledger.openAmount(ofInvoice: "B"), 30_00)
        try assertBalanced(ledger)
    }

    /// A ledger of schema 11 gets its history as journal lines when opened: the same lines the bookings write now.
    func test_aVersion12Ledger_isBackfilledWithTheLinesItsHistoryWouldHaveWritten() throws {
        let (ledger, run) = try newLedger()
        try book(ledger, run: run) { posting in
            try posting.add(invoice("INV1", "12345672", 100_00))
            try posting.add(invoice("CN1", "12345672", -30_00, kind: .creditNote, original: "INV1"))
            try posting.add(invoice("INV2", "12345685", 50_00))
            try posting.add(payment("A1", 90_00, reference: "12345672"))
            try posting.add(payment("A2", 50_00, reference: "12345685"))
        }
        try book(ledger, run: run) { posting in try posting.add(payment("A2", 50_00, reference: "12345685", reversal: true)) }
        try ledger.decide(.refund, payment: "A1", note: nil, source: "test", run: run)
        try ledger.finishRun(run, at: "t", exitCode: 0, seconds: 0, findings: [])
        let written = try ledger.journalLines().map { "\($0.account) \($0.debit) \($0.credit) \($0.source) \($0.memo)" }
        // Back to schema 12: without the journal, without what version 14 added (its maintained balances, which
        // the migration fills in from this history, and the reference keys, which saatava fills in after it), and
        // without version 15's insight sums, version 16's, 19's, 21's and 22's indexes, version 18's and 23's tables
        // and version 24's column (version 17's index goes with the balances).
        try ledger.database.execute("""
            ALTER TABLE deliveries DROP COLUMN last_allocation;
            DROP TABLE unpaid_charges;
            DROP INDEX decisions_by_payment; DROP INDEX reminders_by_day; DROP INDEX allocations_by_run;
            DROP TABLE payments_owing_suggestions; DROP INDEX payments_pending_in_order;
            DROP TABLE insight_sums; DROP TABLE insight_mark; DROP INDEX invoices_credit_notes_by_date;
            DROP TABLE journal_lines;
            DROP TRIGGER balances_of_reminder;
            DROP VIEW receivables; DROP TABLE balances; DROP TABLE matching_marks; DROP TABLE journal_totals;
            DROP TABLE payment_counts;
            DROP INDEX payments_by_key; DROP INDEX payment_parts_by_key; DROP INDEX payment_parts_by_document;
            DROP INDEX payments_by_sequence; DROP INDEX invoices_by_file; DROP INDEX payments_with_money_left;
            ALTER TABLE payments DROP COLUMN reference_key; ALTER TABLE payment_parts DROP COLUMN reference_key;
            CREATE VIEW receivables AS
            SELECT i.id, i.seller_id, i.invoice_number, i.type, i.customer_id, i.invoice_date, i.due_date, i.currency, i.amount,
                i.reference, i.reference_key, i.overdue_interest, i.seller_account,
                coalesce((SELECT sum(a.amount) FROM allocations a
                    WHERE a.invoice_id = i.id AND a.payment_id IS NOT NULL AND a.pays_charges = 0), 0) AS paid,
                coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.credit_note_id IS NOT NULL), 0)
                    AS credited,
                i.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.pays_charges = 0), 0)
                    AS open,
                coalesce((SELECT sum(m.fee + m.compensation) + max(m.interest) FROM reminders m WHERE m.invoice_id = i.id), 0)
                    - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.pays_charges = 1), 0)
                    AS charges
            FROM invoices i WHERE i.type = 'invoice' OR i.type = 'interest_invoice';
            PRAGMA user_version = 12
            """)
        let reopened = try Ledger(path: try XCTUnwrap(ledgerPath(ledger)))
        let backfilled = try reopened.journalLines().map { "\($0.account) \($0.debit) \($0.credit) \($0.source) \($0.memo)" }
        XCTAssertEqual(backfilled.sorted(), written.sorted())
        try assertBalanced(reopened)
        XCTAssertEqual(try reopened.openAmount(ofInvoice: "INV1"), 0, "balances are filled in from the money rows")
        XCTAssertEqual(try reopened.openAmount(ofInvoice: "INV2"), 50_00, "the reversal reopened it")
    }

    private func ledgerPath(_ ledger: Ledger) throws -> String? {
        let statement = try ledger.database.prepare("SELECT file FROM pragma_database_list WHERE name = 'main'")
        try statement.bind([])
        return try statement.step() ? statement.text(0) : nil
    }
}
