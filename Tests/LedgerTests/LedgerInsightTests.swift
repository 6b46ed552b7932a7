import Foundation
@testable import Ledger
import Matching
import Receivables
import TestSupport
import XCTest

/// What insight reads from the ledger: the invoices a figure needs, however their payments are dated; those a day changed,
/// as they are and as they were; those open now or lately.
final class LedgerInsightTests: XCTestCase {
    /// An invoice dated before the window and paid inside it by a payment the bank gave no booking date (camt may leave
    /// `BookgDt` out; the run's day stands for it): read, so that its customer's payer figures count it.
    func test_anOldInvoicePaidByAPaymentWithoutBookingDate_isRead() throws {
        let invoiceDate = LocalDate(year: 2024, month: 1, day: 15)!
        let runDay = LocalDate(year: 2026, month: 3, day: 2)!
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        let run = try ledger.startRun(asOf: runDay, at: "t")
        _ = try ledger.post(fileNamed: "day", kind: "camt054", run: run) { posting in
            try posting.add(Invoice(
                format: "test", file: "test", invoiceNumber: "OLD1", kind: .invoice, invoiceDate: invoiceDate,
                dueDate: invoiceDate.adding(days: 14), amount: Amount(minorUnits: 100_00, currency: .euro),
                reference: StatedReference(stated: "12345672"), sellerId: "1234567-1", sellerName: nil, sellerAccount: nil,
                buyerId: "7654321-2", buyerName: "Esimerkki Oy", isConsumer: false, isCancellation: false,
                originalInvoiceNumber: nil, overdueInterestPercent: nil, buyerAddress: nil, language: nil))
            try posting.add(Payment(
                format: "test", file: "test", account: "FI2112345600000785", messageId: nil, entryArchiveId: nil,
                archiveId: "A1", bookingDate: nil, valueDate: nil, paymentDate: nil,
                amount: Amount(minorUnits: 100_00, currency: .euro), currency: .euro, direction: .credit, isReversal: false,
                reference: StatedReference(stated: "12345672"), remittanceText: nil, payerName: "ESIMERKKI OY",
                endToEndId: nil, returnReason: nil, entryStatus: .booked, instructedAmount: nil, charges: nil, parts: []))
        }
        let input = try ledger.matchingInput()
        try ledger.apply(MatchingEngine().match(
            openItems: input.openItems, credits: input.credits, payments: input.payments, priorPayments: input.priorPayments,
            bookedCreditNotes: input.bookedCreditNotes), run: run)

        let history = try ledger.history(asOf: runDay)
        XCTAssertEqual(history.invoices.map(\.invoiceNumber), ["OLD1"])
        XCTAssertEqual(history.invoices.first?.payments, [DatedAmount(date: runDay, amount: 100_00)], "dated by its run's day")
    }

    /// A day of November 2026.
    private func day(_ number: Int) -> LocalDate { LocalDate(year: 2026, month: 11, day: number)! }
    private func invoice(_ number: String, _ reference: String, _ cents: Int64, kind: Invoice.Kind = .invoice,
                         original: String? = nil, dated: Int = 2, buyer: String = "7654321-2") -> Invoice {
        Invoice(
            format: "test", file: "test", invoiceNumber: number, kind: kind, invoiceDate: day(dated),
            dueDate: day(16), amount: Amount(minorUnits: cents, currency: .euro),
            reference: StatedReference(stated: reference), sellerId: "1234567-1", sellerName: nil,
            sellerAccount: nil, buyerId: buyer, buyerName: "Esimerkki Oy", isConsumer: false,
            isCancellation: false, originalInvoiceNumber: original, overdueInterestPercent: nil, buyerAddress: nil,
            language: nil)
    }
    private func payment(_ archiveId: String, _ cents: Int64, _ reference: String, booked: Int?, reversal: Bool = false)
        -> Payment
    {
        Payment(
            format: "test", file: "test", account: "FI2112345600000785", messageId: nil, entryArchiveId: nil,
            archiveId: archiveId, bookingDate: booked.map(day), valueDate: nil, paymentDate: nil,
            amount: Amount(minorUnits: cents, currency: .euro), currency: .euro,
            direction: reversal ? .debit : .credit, isReversal: reversal, reference: StatedReference(stated: reference),
            remittanceText: nil, payerName: "ESIMERKKI OY", endToEndId: nil, returnReason: nil, entryStatus: .booked,
            instructedAmount: nil, charges: nil, parts: [])
    }

    /// A run of `asOf` that books `records` and makes the day's matching pass.
    private func runDay(_ ledger: Ledger, _ asOf: LocalDate, _ records: (FilePosting) throws -> Void) throws {
        let run = try ledger.startRun(asOf: asOf, at: "t")
        _ = try ledger.post(fileNamed: "day-\(asOf)", kind: "camt054", run: run, records: records)
        let input = try ledger.matchingInput()
        try ledger.apply(MatchingEngine().match(
            openItems: input.openItems, credits: input.credits, payments: input.payments,
            priorPayments: input.priorPayments, bookedCreditNotes: input.bookedCreditNotes), run: run)
        try ledger.finishRun(run, at: "t", exitCode: 0, seconds: 0, findings: [])
    }

    /// The invoices insight's report from kept sums reads (`forEachOpenCustomer`), with histories and as they are, in
    /// the order read.
    private func openInvoices(_ ledger: Ledger, asOf: LocalDate, since: LocalDate, statesDueBefore: LocalDate? = nil)
        throws -> (histories: [InvoiceHistory], steady: [SteadyOpenInvoice])
    {
        var open: (histories: [InvoiceHistory], steady: [SteadyOpenInvoice]) = ([], [])
        try ledger.forEachOpenCustomer(asOf: asOf, since: since, statesDueBefore: statesDueBefore, figures: []) {
            open.histories += $0.histories
            open.steady += $0.steady
        }
        return open
    }

    /// Several invoices read in one pass: each gets its own payments in booking order (a payment reversed in full left
    /// out), its credit notes, and a dunning state only while it is open (a customer's dispute shows on the open
    /// invoice, not on the paid one).
    func test_paymentsCreditsAndDunning_eachOnItsOwnInvoice() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        try runDay(ledger, day(20)) { posting in
            try posting.add(invoice("A", "12345672", 100_00))
            try posting.add(invoice("B", "12345685", 100_00))
            try posting.add(invoice("C", "12345698", 50_00))
            try posting.add(invoice("CN", "12345685", -30_00, kind: .creditNote, original: "B"))
            try posting.add(payment("P2", 60_00, "12345672", booked: 19))
            try posting.add(payment("P1", 40_00, "12345672", booked: 18))
            try posting.add(payment("P3", 50_00, "12345698", booked: 19))
        }
        try runDay(ledger, day(23)) { try $0.add(payment("R3", 50_00, "12345698", booked: 23, reversal: true)) }
        let dispute = try ledger.addHold(
            HoldRequest(invoiceNumber: nil, customerId: "id:7654321-2", kind: .dispute), source: "test", run: nil)
        _ = try ledger.addHold(HoldRequest(invoiceNumber: "C", customerId: nil, kind: .hold), source: "test", run: nil)

        let history = try ledger.history(asOf: day(23))
        let byNumber = Dictionary(uniqueKeysWithValues: history.invoices.map { ($0.invoiceNumber, $0) })
        XCTAssertEqual(history.invoices.map(\.invoiceNumber), ["A", "B", "C"])
        XCTAssertEqual(byNumber["A"]?.payments, [DatedAmount(date: day(18), amount: 40_00), DatedAmount(date: day(19), amount: 60_00)])
        XCTAssertEqual(byNumber["A"]?.credits, [])
        XCTAssertEqual(byNumber["A"]?.dunning, DunningState.none, "paid: no dunning state read")
        XCTAssertEqual(byNumber["B"]?.payments, [])
        XCTAssertEqual(byNumber["B"]?.credits, [DatedAmount(date: day(2), amount: 30_00)])
        XCTAssertEqual(byNumber["B"]?.dunning, DunningState(reminderLevel: 0, inCollection: false, hold: .dispute))
        XCTAssertEqual(byNumber["C"]?.payments, [], "paid and reversed in full")
        XCTAssertEqual(byNumber["C"]?.dunning.hold, .dispute)

        // A reader that shows the states of invoices due before the 16th only (all fell due on it) is given none.
        let shown = try ledger.history(asOf: day(23), statesDueBefore: day(16))
        XCTAssertEqual(shown.invoices.map(\.dunning), Array(repeating: DunningState.none, count: 3),
                       "due on the 16th: no state read")
        XCTAssertEqual(try ledger.history(asOf: day(23), statesDueBefore: day(17)).invoices.map(\.dunning.hold),
                       [nil, .dispute, .dispute], "due before the 17th: the open invoices' states read")
        // C's own hold gives way to its customer's dispute, and shows once the dispute is released.
        _ = try ledger.releaseHold(dispute.id, note: nil, at: "2026-11-23T10:00:00Z", source: "test", run: nil)
        XCTAssertEqual(try ledger.history(asOf: day(23)).invoices.map(\.dunning.hold), [nil, nil, .hold])

        // A hold shows on the days it is in effect: not before its `from`, nor after its `until` (though no run has
        // ended it yet); a plan past its `until` is in effect until a run ends it.
        _ = try ledger.addHold(HoldRequest(invoiceNumber: "B", customerId: nil, kind: .dispute, from: day(25)),
                               source: "test", run: nil)
        let plan = HoldRequest(invoiceNumber: "B", customerId: nil, kind: .plan, from: day(20), until: day(21),
                               instalments: [HoldView.Instalment(date: day(21), amount: 10_00)])
        _ = try ledger.addHold(plan, source: "test", run: nil)
        _ = try ledger.addHold(HoldRequest(invoiceNumber: "C", customerId: nil, kind: .dispute, until: day(22)),
                               source: "test", run: nil)
        XCTAssertEqual(try ledger.history(asOf: day(23)).invoices.map(\.dunning.hold), [nil, .plan, .hold])
        XCTAssertEqual(try ledger.history(asOf: day(25)).invoices.map(\.dunning.hold), [nil, .dispute, .hold])
        XCTAssertEqual(try ledger.history(asOf: day(22)).invoices.map(\.dunning.hold), [nil, .plan, .dispute])
        // `saatava ledger invoices` says it as of the latest run's day (the 23rd): B's dispute has not begun.
        XCTAssertEqual(try ledger.invoiceViews().map(\.status), [.paid, .onHold, .onHold])
    }

    /// The invoices a day changed, each as it is and as it was when insight's sums were kept: a payment placed since,
    /// a payment reversed since, an invoice booked since; an invoice nothing touched is read only when one of its
    /// dates is asked for, and is then the same both ways.
    func test_changedInvoices_eachAsItIsNow_andAsItWasAtTheMark() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        try runDay(ledger, day(20)) { posting in
            try posting.add(invoice("A", "12345672", 100_00))
            try posting.add(invoice("B", "12345685", 100_00))
            try posting.add(invoice("C", "12345698", 50_00))
            try posting.add(invoice("E", "12345711", 80_00))
            try posting.add(invoice("CN", "12345711", -80_00, kind: .creditNote, original: "E"))
            try posting.add(payment("P1", 40_00, "12345672", booked: 18))
            try posting.add(payment("P3", 50_00, "12345698", booked: 19))
        }
        let mark = try ledger.insightMark(asOf: day(20))
        try runDay(ledger, day(23)) { posting in
            try posting.add(payment("R3", 50_00, "12345698", booked: 23, reversal: true))
            try posting.add(payment("P4", 100_00, "12345685", booked: 23))
            try posting.add(invoice("D", "12345708", 70_00))
        }
        func read(paymentDates: [ClosedRange<LocalDate>] = [], creditDates: [ClosedRange<LocalDate>] = []) throws
            -> [String: (now: InvoiceHistory, then: InvoiceHistory?)]
        {
            var read: [String: (now: InvoiceHistory, then: InvoiceHistory?)] = [:]
            try ledger.forEachChangedInvoiceHistory(InsightChanges(
                mark: mark, invoiceDates: [], paymentDates: paymentDates, creditDates: creditDates)
            ) { read[$0.invoiceNumber] = ($0, $1) }
            return read
        }
        let changed = try read()
        XCTAssertEqual(Set(changed.keys), ["B", "C", "D"])
        XCTAssertEqual(changed["B"]?.now.payments, [DatedAmount(date: day(23), amount: 100_00)])
        XCTAssertEqual(changed["B"]?.then?.payments, [], "not paid when the sums were kept")
        XCTAssertEqual(changed["C"]?.now.payments, [], "reversed since")
        XCTAssertEqual(changed["C"]?.then?.payments, [DatedAmount(date: day(19), amount: 50_00)])
        XCTAssertNotNil(changed["D"]?.now)
        XCTAssertNil(changed["D"]?.then, "booked after the mark")
        let dated = try read(paymentDates: [day(18)...day(18)])
        XCTAssertEqual(Set(dated.keys), ["A", "B", "C", "D"])
        XCTAssertEqual(dated["A"]?.now, dated["A"]?.then)
        XCTAssertEqual(dated["A"]?.now.payments, [DatedAmount(date: day(18), amount: 40_00)])
        let credited = try read(creditDates: [day(2)...day(2)])
        XCTAssertEqual(Set(credited.keys), ["B", "C", "D", "E"], "E's credit note is dated the 2nd")
        XCTAssertEqual(credited["E"]?.now.credits, [DatedAmount(date: day(2), amount: 80_00)])
    }

    /// What insight's kept sums are made from, a part at a time, comes a customer at a time: the window's invoices
    /// (when asked) and those changed since the sums were kept, the customers in the order of their keys' bytes, each
    /// one's invoices in the order they were booked. The window's are the invoices it reads by date.
    func test_windowAndChanges_aCustomerAtATime_inTheOrderOfKeys() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        let mark = try ledger.insightMark(asOf: day(19))
        try runDay(ledger, day(20)) { posting in
            for (number, reference, dated, buyer) in [
                ("A", "12345672", 2, "7654321-2"), ("B", "12345685", 3, "2345678-0"),
                ("C", "12345698", 4, "7654321-2"), ("D", "12345708", 5, "2345678-0"),
            ] {
                try posting.add(invoice(number, reference, 100_00, dated: dated, buyer: buyer))
            }
        }
        func window(byCustomer: Bool) throws -> [String] {
            var read: [String] = []
            try ledger.forEachInvoiceHistory(
                asOf: day(23), since: day(1), statesDueBefore: nil, byCustomer: byCustomer
            ) {
                read.append("\($0.customerId) \($0.invoiceNumber)")
            }
            return read
        }
        let (first, second) = ("id:2345678-0", "id:7654321-2")
        XCTAssertEqual(try window(byCustomer: false), ["\(second) A", "\(first) B", "\(second) C", "\(first) D"])
        XCTAssertEqual(try window(byCustomer: true), ["\(first) B", "\(first) D", "\(second) A", "\(second) C"])
        var changed: [String] = []
        try ledger.forEachChangedInvoiceHistory(
            InsightChanges(mark: mark, invoiceDates: [], paymentDates: [], creditDates: [])
        ) { now, _ in changed.append(now.invoiceNumber) }
        XCTAssertEqual(changed, ["B", "D", "A", "C"])
    }

    /// An invoice dated long before the window, never paid, settled by a credit note dated inside it: read by the
    /// window's read (it was open on the back-test's day), as the kept sums' read of the open invoices reads it.
    func test_anOldInvoiceSettledByACreditNoteInTheWindow_isRead() throws {
        let issued = LocalDate(year: 2024, month: 1, day: 10)!
        let credited = LocalDate(year: 2025, month: 6, day: 1)!
        func note(_ number: String, _ date: LocalDate, _ cents: Int64, kind: Invoice.Kind, original: String? = nil) -> Invoice {
            Invoice(
                format: "test", file: "test", invoiceNumber: number, kind: kind, invoiceDate: date,
                dueDate: date.adding(days: 14), amount: Amount(minorUnits: cents, currency: .euro),
                reference: StatedReference(stated: "12345672"), sellerId: "1234567-1", sellerName: nil, sellerAccount: nil,
                buyerId: "7654321-2", buyerName: "Esimerkki Oy", isConsumer: false, isCancellation: false,
                originalInvoiceNumber: original, overdueInterestPercent: nil, buyerAddress: nil, language: nil)
        }
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        try runDay(ledger, issued) { try $0.add(note("OLD1", issued, 100_00, kind: .invoice)) }
        try runDay(ledger, credited) { try $0.add(note("CN1", credited, -100_00, kind: .creditNote, original: "OLD1")) }

        let history = try ledger.history(asOf: LocalDate(year: 2025, month: 6, day: 20)!)
        XCTAssertEqual(history.invoices.map(\.invoiceNumber), ["OLD1"])
        XCTAssertEqual(history.invoices.first?.credits, [DatedAmount(date: credited, amount: 100_00)])
        let open = try openInvoices(
            ledger, asOf: LocalDate(year: 2025, month: 6, day: 20)!, since: LocalDate(year: 2025, month: 4, day: 25)!)
        XCTAssertEqual(open.histories.map(\.invoiceNumber), ["OLD1"],
                       "open on the back-test's day, settled after it: read with its history")
        XCTAssertEqual(open.steady, [])
    }

    /// The invoices a report needs: those open on the day or on the back-test's day. One paid in full before the
    /// back-test's day is not read; one paid after it is read with its history; those open with nothing booked on them
    /// since the back-test's day (one reopened by a reversal of a payment booked before it, one unpaid, one paid in
    /// part before it) as they are now, with the dunning states asked for.
    func test_openInvoices_thoseTouchedSinceTheBackTestDayWithTheirHistories_theOthersAsTheyAreNow() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        try runDay(ledger, day(20)) { posting in
            try posting.add(invoice("A", "12345672", 100_00))
            try posting.add(invoice("B", "12345685", 100_00))
            try posting.add(invoice("C", "12345698", 50_00))
            try posting.add(invoice("D", "12345708", 70_00))
            try posting.add(invoice("E", "12345711", 80_00))
            try posting.add(payment("P1", 100_00, "12345672", booked: 18))
            try posting.add(payment("P2", 100_00, "12345685", booked: 21))
            try posting.add(payment("P3", 50_00, "12345698", booked: 17))
            try posting.add(payment("P5", 30_00, "12345711", booked: 18))
        }
        try runDay(ledger, day(23)) { try $0.add(payment("R3", 50_00, "12345698", booked: 23, reversal: true)) }
        _ = try ledger.addHold(
            HoldRequest(invoiceNumber: nil, customerId: "id:7654321-2", kind: .dispute), source: "test", run: nil)
        let open = try openInvoices(ledger, asOf: day(23), since: day(19), statesDueBefore: day(17))
        let steady = Dictionary(uniqueKeysWithValues: open.steady.map { ($0.invoiceNumber, $0) })
        XCTAssertEqual(open.histories.map(\.invoiceNumber), ["B"], "A was paid in full before the 19th; B after it")
        XCTAssertEqual(steady.mapValues(\.open), ["C": 50_00, "D": 70_00, "E": 50_00])
        XCTAssertEqual(steady.values.map(\.dunning.hold), [.dispute, .dispute, .dispute], "due on the 16th")
        XCTAssertEqual(steady["E"], SteadyOpenInvoice(
            invoiceNumber: "E", customerId: "id:7654321-2", customerName: "Esimerkki Oy", currency: .euro,
            amount: 80_00, open: 50_00, invoiceDate: day(2), dueDate: day(16),
            dunning: DunningState(reminderLevel: 0, inCollection: false, hold: .dispute)))

        // Without states asked for (the 16th is not before the 16th), none is read.
        let unstated = try openInvoices(ledger, asOf: day(23), since: day(19), statesDueBefore: day(16))
        XCTAssertEqual(unstated.steady.map(\.dunning), Array(repeating: DunningState.none, count: 3))
    }

    /// Once the creditor is known, insight reads only its own invoices (and those naming no seller): another seller's
    /// are left out of the window, the open invoices read with their histories and as they are, and the open totals.
    /// Its mark names the creditor, so that sums kept for every seller are not taken for the creditor's.
    func test_anotherSellersInvoices_areLeftOut_onceTheCreditorIsKnown() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        try runDay(ledger, day(20)) { posting in
            for (number, reference, seller) in [("A", "12345672", "1234567-1"), ("B", "12345685", "2345678-0"),
                                                ("C", "12345698", ""), ("D", "12345708", "2345678-0")] {
                var invoice = invoice(number, reference, 100_00)
                invoice.sellerId = seller
                try posting.add(invoice)
            }
            try posting.add(payment("P1", 40_00, "12345685", booked: 20))
        }
        func read() throws -> (window: [String], history: [String], steady: [String]) {
            var window: [String] = []
            try ledger.forEachInvoiceHistory(asOf: day(23), since: day(1), statesDueBefore: nil) {
                window.append($0.invoiceNumber)
            }
            let open = try openInvoices(ledger, asOf: day(23), since: day(19))
            return (window, open.histories.map(\.invoiceNumber), open.steady.map(\.invoiceNumber).sorted())
        }
        let everyone = try read()
        XCTAssertEqual(everyone.window, ["A", "B", "C", "D"])
        XCTAssertEqual(everyone.history, ["B"], "paid since the back-test's day")
        XCTAssertEqual(everyone.steady, ["A", "C", "D"])
        XCTAssertEqual(try ledger.openInvoiceTotals(), CountAndSums(count: 4, byCurrency: [.euro: 360_00]))
        XCTAssertNil(try ledger.insightMark(asOf: day(23)).creditor)

        ledger.creditorBusinessId = "1234567-1"
        let own = try read()
        XCTAssertEqual(own.window, ["A", "C"])
        XCTAssertEqual(own.history, [])
        XCTAssertEqual(own.steady, ["A", "C"])
        XCTAssertEqual(try ledger.openInvoiceTotals(), CountAndSums(count: 2, byCurrency: [.euro: 200_00]))
        let mark = try ledger.insightMark(asOf: day(23))
        XCTAssertEqual(mark.creditor, "1234567-1")
        try ledger.keepInsightSums(replacing: true, mark: mark) { _ in }
        XCTAssertEqual(try ledger.insightMark(), mark, "kept with its creditor")
    }

    /// The edges of what is read as it is: an invoice dated after the back-test's day and paid in part before the day
    /// is (it owes on the day what it owes now); one dated by then and paid by a payment without a booking date placed
    /// by a run after it, and one dated after it credited by a credit note dated after the day, are read with their
    /// histories.
    func test_openInvoices_datedAfterTheBackTestDay_orTouchedByARunOrACreditNoteLater() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        try runDay(ledger, day(20)) { try $0.add(invoice("H", "12345698", 50_00)) }
        try runDay(ledger, day(22)) { posting in
            try posting.add(invoice("F", "12345672", 100_00, dated: 21))
            try posting.add(invoice("G", "12345685", 100_00, dated: 21))
            try posting.add(payment("PF", 30_00, "12345672", booked: 22))
            try posting.add(payment("PH", 20_00, "12345698", booked: nil))
        }
        try runDay(ledger, day(25)) {
            try $0.add(invoice("CG", "12345685", -40_00, kind: .creditNote, original: "G", dated: 25))
        }
        let open = try openInvoices(ledger, asOf: day(23), since: day(19))
        XCTAssertEqual(Set(open.histories.map(\.invoiceNumber)), ["G", "H"],
                       "H paid in a run of the 22nd; G credited on the 25th")
        XCTAssertEqual(open.steady.map { [$0.invoiceNumber: $0.open] }, [["F": 70_00]])
    }

    /// The kept sums a report reads whole: every row of the figures asked for, a figure's in owner order, then slot.
    func test_keptSums_everyRowOfTheFiguresAsked_inOwnerOrder() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        let rows = [
            InsightSumRow(figure: 0, owner: "id:b", slot: 1, 4),
            InsightSumRow(figure: 0, owner: "id:a", slot: 0, 1, 2, 3),
            InsightSumRow(figure: 2, owner: "", slot: 5, 7), InsightSumRow(figure: 2, owner: "id:a", slot: 5, 8),
            InsightSumRow(figure: 3, owner: "id:b", slot: 0, 1),
        ]
        let mark = InsightMark(asOf: day(20), lastAllocation: 0, lastInvoice: 0)
        try ledger.keepInsightSums(replacing: true, mark: mark) { add in try rows.forEach(add) }
        var read: [InsightSumRow] = []
        try ledger.forEachInsightSum(of: [3, 0]) { read.append($0) }
        XCTAssertEqual(read, [rows[4], rows[1], rows[0]])
    }

    /// The open invoices a customer at a time: the company's kept rows first, then the customers in the order of their
    /// keys, each with its invoices (those touched since the back-test's day with their histories, the others as they
    /// are) and its kept rows of the figures asked for, in that order, by slot. The rows of an owner with no open
    /// invoice are passed over. An error of the reader stops the read, and the ledger reads again afterwards.
    func test_openInvoicesACustomerAtATime_inKeyOrder_withTheirKeptRows() throws {
        let ledger = try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
        try runDay(ledger, day(20)) { posting in
            try posting.add(invoice("A", "12345672", 100_00))
            try posting.add(invoice("B", "12345685", 100_00, buyer: "2345678-0"))
            try posting.add(invoice("C", "12345698", 50_00))
            try posting.add(payment("P1", 40_00, "12345685", booked: 20))
        }
        let (first, second) = ("id:2345678-0", "id:7654321-2")
        let rows = [
            InsightSumRow(figure: 3, owner: "", slot: 0, 9), InsightSumRow(figure: 3, owner: first, slot: 0, 2),
            InsightSumRow(figure: 3, owner: "id:3456789-?", slot: 0, 5),
            InsightSumRow(figure: 3, owner: second, slot: 0, 4),
            InsightSumRow(figure: 2, owner: second, slot: 7, 30), InsightSumRow(figure: 2, owner: second, slot: 1, 10),
            InsightSumRow(figure: 2, owner: "id:3456789-?", slot: 1, 11),
        ]
        let mark = InsightMark(asOf: day(20), lastAllocation: 0, lastInvoice: 0)
        try ledger.keepInsightSums(replacing: true, mark: mark) { add in try rows.forEach(add) }
        var customers: [OpenCustomer] = []
        try ledger.forEachOpenCustomer(asOf: day(23), since: day(19), statesDueBefore: nil, figures: [3, 2]) {
            customers.append($0)
        }
        XCTAssertEqual(customers.map(\.key), ["", first, second])
        XCTAssertEqual(customers.map(\.rows), [[rows[0]], [rows[1]], [rows[3], rows[5], rows[4]]])
        XCTAssertEqual(customers.map { $0.histories.map(\.invoiceNumber) }, [[], ["B"], []], "B paid on the 20th")
        XCTAssertEqual(customers.map { $0.steady.map(\.invoiceNumber) }, [[], [], ["A", "C"]])

        struct Stop: Error {}
        var read = 0
        XCTAssertThrowsError(try ledger.forEachOpenCustomer(asOf: day(23), since: day(19), statesDueBefore: nil,
                                                            figures: [3, 2]) { _ in
            read += 1
            if read == 2 { throw Stop() }
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(read, 2, "stopped at the error")
        var again: [String] = []
        try ledger.forEachOpenCustomer(asOf: day(23), since: day(19), statesDueBefore: nil, figures: []) {
            again.append($0.key)
        }
        XCTAssertEqual(again, ["", first, second])
    }
}

private extension Ledger {
    /// The invoices insight reads as of `asOf`, collected; the dunning states of those open and due before
    /// `statesDueBefore` (default: of every open invoice due by `asOf`).
    func history(asOf: LocalDate, statesDueBefore: LocalDate? = nil) throws -> PaymentHistory {
        var invoices: [InvoiceHistory] = []
        try forEachInvoiceHistory(
            asOf: asOf, since: asOf.adding(days: -PaymentHistory.daysNeeded),
            statesDueBefore: statesDueBefore ?? asOf.adding(days: 1)
        ) { invoices.append($0) }
        return PaymentHistory(asOf: asOf, since: asOf.adding(days: -PaymentHistory.daysNeeded), invoices: invoices)
    }
}
