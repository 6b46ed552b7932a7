import Foundation
@testable import Ledger
import Matching
import Receivables
import TestSupport
import XCTest

/// The daily pass (`.touched`) against `--rematch-all` (`.everything`): two ledgers fed the same records day after day,
/// each matched as `MatchStage` matches (with its suggestion pass), must end in the same ledger.
final class IncrementalMatchingTests: XCTestCase {
    private let account = "FI2112345600000785"

    private func day(_ text: String) -> LocalDate {
        let parts = text.split(separator: "-").map { Int($0)! }
        return LocalDate(year: parts[0], month: parts[1], day: parts[2])!
    }

    private func invoice(_ number: String, _ reference: String?, _ cents: Int64, kind: Invoice.Kind = .invoice,
                         original: String? = nil) -> Invoice {
        Invoice(
            format: "test", file: "test", invoiceNumber: number, kind: kind, invoiceDate: day("2026-11-02"),
            dueDate: day("2026-11-16"), amount: Amount(minorUnits: cents, currency: .euro),
            reference: reference.flatMap { StatedReference(stated: $0) },
            sellerId: "1234567-1", sellerName: nil, sellerAccount: nil, buyerId: "7654321-2", buyerName: "Esimerkki Oy",
            isConsumer: false, isCancellation: false, originalInvoiceNumber: original, overdueInterestPercent: nil,
            buyerAddress: nil, language: nil)
    }

    private func payment(_ archiveId: String, _ cents: Int64, reference: String?, booked: String, reversal: Bool = false,
                         text: String? = nil, status: Payment.EntryStatus = .booked, parts: [Payment.Part] = []) -> Payment {
        Payment(
            format: "test", file: "test", account: account, messageId: nil, entryArchiveId: nil,
            archiveId: archiveId, bookingDate: day(booked), valueDate: nil, paymentDate: nil,
            amount: Amount(minorUnits: cents, currency: .euro), currency: .euro, direction: reversal ? .debit : .credit,
            isReversal: reversal, reference: reference.flatMap { StatedReference(stated: $0) }, remittanceText: text,
            payerName: "ESIMERKKI OY", endToEndId: nil, returnReason: nil, entryStatus: status,
            instructedAmount: nil, charges: nil, parts: parts)
    }

    /// Two ledgers: one matched as the daily run matches, one as `saatava run --rematch-all`.
    private struct Twin {
        let touched: Ledger
        let everything: Ledger
        var autoApply: Set<MatchRule> = []
    }

    private func twin(autoApply: Set<MatchRule> = []) throws -> Twin {
        let directory = try temporaryDirectory()
        return Twin(
            touched: try Ledger(path: directory.appendingPathComponent("touched.sqlite").path),
            everything: try Ledger(path: directory.appendingPathComponent("everything.sqlite").path),
            autoApply: autoApply)
    }

    /// One run as `MatchStage` makes it: the input of `scope`, a pass, and for a pass over the day's items a second one
    /// with what the suggestions ask.
    private func match(_ ledger: Ledger, scope: Ledger.MatchingScope, autoApply: Set<MatchRule>, run: Int64) throws {
        let input = try ledger.matchingInput(scope: scope)
        let engine = MatchingEngine(autoApply: autoApply)
        func pass(_ items: [OpenItem]) -> MatchingEngine.Result {
            engine.match(openItems: items, credits: input.credits, payments: input.payments,
                         priorPayments: input.priorPayments, bookedCreditNotes: input.bookedCreditNotes)
        }
        var result = pass(input.openItems)
        if !input.holdsEveryOpenItem {
            let unmatched = input.payments.filter { result.outcomes[$0.id]?.status == .unmatched }
            let more = try ledger.suggestionItems(
                for: MatchingEngine.SuggestionLookups(for: unmatched), besides: input.openItems)
            if !more.isEmpty { result = pass((input.openItems + more).sorted { $0.id < $1.id }) }
        }
        try ledger.apply(result, run: run, seenThrough: (input.lastInvoice, input.lastDecision))
    }

    /// The same day in both ledgers: the records posted, `between` (decisions, reminders) done, then a matching pass.
    private func runDay(_ twin: Twin, _ asOf: String, _ records: (FilePosting) throws -> Void = { _ in },
                        between: (Ledger, Int64) throws -> Void = { _, _ in }) throws {
        let daily = Ledger.MatchingScope.daily(autoApply: twin.autoApply)
        for (ledger, scope) in [(twin.touched, daily), (twin.everything, .everything)] {
            let run = try ledger.startRun(asOf: day(asOf), at: "t")
            _ = try ledger.post(fileNamed: "day-\(asOf)", kind: "camt054", run: run, records: records)
            try between(ledger, run)
            try match(ledger, scope: scope, autoApply: twin.autoApply, run: run)
            try ledger.finishRun(run, at: "t", exitCode: 0, seconds: 0, findings: [])
        }
    }

    /// What a ledger concluded: each payment's status, reason, unapplied and allocations, each invoice's open amounts.
    private func conclusions(_ ledger: Ledger) throws -> [String] {
        var lines = try ledger.paymentViews().map { view in
            let applied = view.allocations.map { "\($0.invoiceNumber)=\($0.amount)/\($0.rule)" }.joined(separator: ",")
            return "payment \(view.archiveId) \(view.status.rawValue) \(view.reason?.rawValue ?? "-") \(view.unapplied) [\(applied)]"
                + " reverses \(view.reverses ?? "-")"
        }
        let statement = try ledger.database.prepare(
            "SELECT r.invoice_number, r.open, r.charges FROM receivables r ORDER BY r.invoice_number")
        try statement.bind([])
        while try statement.step() {
            lines.append("invoice \(try statement.requiredText(0)) open \(statement.integer(1)) charges \(statement.integer(2))")
        }
        return lines.sorted()
    }

    /// Both ledgers concluded the same, and each one's kept figures are what its money rows add up to.
    private func assertSame(_ twin: Twin, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try conclusions(twin.touched), try conclusions(twin.everything),
                       "the daily pass and --rematch-all disagree", file: file, line: line)
        for ledger in [twin.touched, twin.everything] { try assertKept(ledger, file: file, line: line) }
    }

    private func assertKept(_ ledger: Ledger, file: StaticString = #filePath, line: UInt = #line) throws {
        try assertKeptFiguresAgree(ledger, file: file, line: line)
        XCTAssertTrue(try ledger.journalBalance().isBalanced, file: file, line: line)
    }

    /// A reminder claiming `fee` on invoice `number` (as the dunning stage records one), in `run`.
    private func remind(_ ledger: Ledger, _ number: String, fee: Int64, step: Int = 1, run: Int64) throws {
        try ledger.database.prepare("""
            INSERT INTO reminders (invoice_id, step, action, class, issued_on, currency, allowed_fee, fee, compensation,
                interest, run_id)
            SELECT id, ?, 'reminder', 'b2b', '2026-11-20', 'EUR', ?, ?, 0, 0, ? FROM invoices WHERE invoice_number = ?
            """).run([.integer(Int64(step)), .integer(fee), .integer(fee), .integer(run), .text(number)])
    }

    // MARK: Scenarios

    /// A payment without a reference waits (`no_reference`); a later debit reversal carries its archive id (and no
    /// reference). --rematch-all reads the waiting payment and undoes it; the daily pass must too.
    func test_reversalByArchiveIdOfAWaitingPaymentWithoutReference() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { try $0.add(self.payment("X1", 50_00, reference: nil, booked: "2026-11-20")) }
        try runDay(twin, "2026-11-21") {
            try $0.add(self.payment("X1", 50_00, reference: nil, booked: "2026-11-21", reversal: true))
        }
        try assertSame(twin)
    }

    /// A reversal delivered before its original (booked a day earlier, delivered a day later), neither with a
    /// reference: the daily pass must find the reversal that waits when the original arrives.
    func test_reversalDeliveredBeforeItsOriginal_byArchiveId() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10003", 50_00))
            try posting.add(self.payment("X2", 50_00, reference: nil, booked: "2026-11-20", reversal: true))
        }
        try runDay(twin, "2026-11-21") { try $0.add(self.payment("X2", 50_00, reference: nil, booked: "2026-11-19")) }
        try assertSame(twin)
    }

    /// The same with a reference on both: the original's key finds the waiting reversal.
    func test_reversalDeliveredBeforeItsOriginal_byReference() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10003", 50_00))
            try posting.add(self.payment("X3", 50_00, reference: "10003", booked: "2026-11-20", reversal: true))
        }
        try runDay(twin, "2026-11-21") { try $0.add(self.payment("X3", 50_00, reference: "10003", booked: "2026-11-19")) }
        try assertSame(twin)
    }

    /// A payment naming an invoice number only in its message arrives before the invoice, with `invoice_number_in_text`
    /// applied automatically: when the invoice is booked, --rematch-all pays it; the daily pass must too.
    func test_autoAppliedInvoiceNumberInMessage_paymentBeforeItsInvoice() throws {
        let twin = try twin(autoApply: [MatchRule(rawValue: "invoice_number_in_text")])
        try runDay(twin, "2026-11-20") {
            try $0.add(self.payment("M1", 70_00, reference: nil, booked: "2026-11-20", text: "lasku INV-77"))
        }
        try runDay(twin, "2026-11-21") { try $0.add(self.invoice("INV-77", "10016", 70_00)) }
        try assertSame(twin)
    }

    /// A payment ambiguous between two invoices under one reference; the next day an automatically applied suggestion
    /// pays one of them in full: the day after, --rematch-all pays the other with the payment that waited.
    func test_autoAppliedSuggestionSettlesOneOfTwoInvoicesUnderAReference() throws {
        let twin = try twin(autoApply: [MatchRule(rawValue: "invoice_number_in_text")])
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10029", 100_00))
            try posting.add(self.invoice("B", "10029", 80_00))
            try posting.add(self.payment("W", 50_00, reference: "10029", booked: "2026-11-20"))
        }
        try runDay(twin, "2026-11-21") {
            try $0.add(self.payment("Q", 100_00, reference: nil, booked: "2026-11-21", text: "lasku A"))
        }
        try runDay(twin, "2026-11-22")
        try assertSame(twin)
    }

    /// The same settled by a decision (issue 20's fix): agreed.
    func test_decisionSettlesOneOfTwoInvoicesUnderAReference() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10029", 100_00))
            try posting.add(self.invoice("B", "10029", 80_00))
            try posting.add(self.payment("W", 50_00, reference: "10029", booked: "2026-11-20"))
            try posting.add(self.payment("Q", 100_00, reference: nil, booked: "2026-11-20"))
        }
        try runDay(twin, "2026-11-21", between: { ledger, run in
            try ledger.decide(.assign(invoiceNumber: "A"), payment: "Q", note: nil, source: "test", run: run)
        })
        try assertSame(twin)
    }

    /// Ambiguous between two invoices; a credit note naming one by number only (no reference) makes it owe exactly
    /// the payment.
    func test_creditNoteByOriginalNumberResolvesAnAmbiguousPayment() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10029", 100_00))
            try posting.add(self.invoice("B", "10029", 80_00))
            try posting.add(self.payment("W", 70_00, reference: "10029", booked: "2026-11-20"))
        }
        try runDay(twin, "2026-11-21") { try $0.add(self.invoice("CN", nil, -30_00, kind: .creditNote, original: "A")) }
        try assertSame(twin)
    }

    /// A credit note before its invoice (by number, no reference), a payment for the rest in between.
    func test_creditNoteBeforeItsInvoice_paymentWaitingUnderTheKey() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { try $0.add(self.invoice("CN", nil, -30_00, kind: .creditNote, original: "A")) }
        try runDay(twin, "2026-11-21") { try $0.add(self.payment("P", 70_00, reference: "10032", booked: "2026-11-21")) }
        try runDay(twin, "2026-11-22") { try $0.add(self.invoice("A", "10032", 100_00)) }
        try assertSame(twin)
    }

    /// A matched payment reversed days later by reference and amount; a second payment waited as `invoice_settled`.
    func test_reversalByKeyAndAmount_paysTheInvoiceWithThePaymentThatFoundItSettled() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10045", 100_00))
            try posting.add(self.payment("P1", 100_00, reference: "10045", booked: "2026-11-20"))
        }
        try runDay(twin, "2026-11-21") { try $0.add(self.payment("P2", 100_00, reference: "10045", booked: "2026-11-21")) }
        try runDay(twin, "2026-11-23") {
            try $0.add(self.payment("R1", 100_00, reference: "10045", booked: "2026-11-23", reversal: true))
        }
        try assertSame(twin)
    }

    /// The same reversed by archive id only (no reference on the reversal).
    func test_reversalByArchiveId_paysTheInvoiceWithThePaymentThatFoundItSettled() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10045", 100_00))
            try posting.add(self.payment("P1", 100_00, reference: "10045", booked: "2026-11-20"))
        }
        try runDay(twin, "2026-11-21") { try $0.add(self.payment("P2", 100_00, reference: "10045", booked: "2026-11-21")) }
        try runDay(twin, "2026-11-23") {
            try $0.add(self.payment("P1", 100_00, reference: nil, booked: "2026-11-23", reversal: true))
        }
        try assertSame(twin)
    }

    /// A pending entry booked the next day.
    func test_pendingEntryBookedLater() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10058", 100_00))
            try posting.add(self.payment("PD", 100_00, reference: "10058", booked: "2026-11-20", status: .pending))
        }
        try runDay(twin, "2026-11-21") { try $0.add(self.payment("PD", 100_00, reference: "10058", booked: "2026-11-21")) }
        try assertSame(twin)
    }

    /// A payment for two invoices deducting a credit note (CREN, by number) not booked yet: it waits, then pays.
    func test_remittanceBlocksWithACreditNoteDeductedBookedLater() throws {
        let twin = try twin()
        let parts = [
            Payment.Part(reference: StatedReference(stated: "10003"), amount: Amount(minorUnits: 100_00, currency: .euro),
                         documentType: "CINV", documentNumber: "A"),
            Payment.Part(reference: StatedReference(stated: "10016"), amount: Amount(minorUnits: 50_00, currency: .euro),
                         documentType: "CINV", documentNumber: "B"),
            Payment.Part(reference: nil, amount: Amount(minorUnits: -20_00, currency: .euro), documentType: "CREN",
                         documentNumber: "CN"),
        ]
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10003", 100_00))
            try posting.add(self.invoice("B", "10016", 50_00))
            try posting.add(self.payment("MB", 130_00, reference: nil, booked: "2026-11-20", parts: parts))
        }
        try runDay(twin, "2026-11-21") { try $0.add(self.invoice("CN", nil, -20_00, kind: .creditNote, original: "A")) }
        try assertSame(twin)
    }

    /// An invoice whose principal is paid but whose reminder fee is not, beside an open invoice under the same
    /// reference: a payment under that reference pays the open principal, then the fee (docs/ledger.md). The daily
    /// pass on a small day looks the key up (both invoices); --rematch-all reads every open invoice, then looks up only
    /// the keys no open invoice has.
    func test_paymentUnderAKeyWithAnOpenInvoiceAndOneOwingOnlyCharges() throws {
        let twin = try twin()
        try runDay(twin, "2026-11-20") { posting in
            try posting.add(self.invoice("A", "10029", 100_00))
            try posting.add(self.invoice("B", "10029", 80_00))
            try posting.add(self.invoice("C", "10058", 10_00))
            try posting.add(self.invoice("D", "10045", 10_00))
            try posting.add(self.payment("PA", 100_00, reference: "10029", booked: "2026-11-20"))
        }
        try runDay(twin, "2026-11-21", between: { ledger, run in try self.remind(ledger, "A", fee: 5_00, run: run) })
        try runDay(twin, "2026-11-22") { try $0.add(self.payment("PB", 85_00, reference: "10029", booked: "2026-11-22")) }
        try assertSame(twin)
    }
}
