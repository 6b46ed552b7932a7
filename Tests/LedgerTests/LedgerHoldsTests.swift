import Dunning
import Foundation
@testable import Ledger
import Matching
import Receivables
import TestSupport
import XCTest

/// Holds, disputes and payment plans (docs/dunning.md) in the ledger: added, refused, released, in effect by the as-of
/// date, and plans ended the day after a missed instalment.
final class LedgerHoldsTests: XCTestCase {
    private let esimerkki = "id:7654321-2"

    private func day(_ text: String) -> LocalDate { try! LocalDate(exactly: text) }

    /// An invoice of Esimerkki Oy's (customer `id:7654321-2`), in `currency`.
    private func invoice(_ number: String, _ reference: String, _ cents: Int64, currency: Currency = .euro) -> Invoice {
        Invoice(
            format: "test", file: "test", invoiceNumber: number, kind: .invoice, invoiceDate: day("2026-11-02"),
            dueDate: day("2026-11-16"), amount: Amount(minorUnits: cents, currency: currency),
            reference: StatedReference(stated: reference), sellerId: "1234567-1", sellerName: nil, sellerAccount: nil,
            buyerId: "7654321-2", buyerName: "Esimerkki Oy", isConsumer: false, isCancellation: false,
            originalInvoiceNumber: nil, overdueInterestPercent: nil, buyerAddress: nil, language: nil)
    }

    /// A booked credit (or, with `reversal`, the bank's reversal of one) with a reference, booked on `booked`.
    private func payment(_ archiveId: String, _ cents: Int64, _ reference: String, booked: String, reversal: Bool = false)
        -> Payment
    {
        Payment(
            format: "test", file: "test", account: "FI2112345600000785", messageId: nil, entryArchiveId: nil,
            archiveId: archiveId, bookingDate: day(booked), valueDate: nil, paymentDate: nil,
            amount: Amount(minorUnits: cents, currency: .euro), currency: .euro, direction: reversal ? .debit : .credit,
            isReversal: reversal, reference: StatedReference(stated: reference), remittanceText: nil,
            payerName: "ESIMERKKI OY", endToEndId: nil, returnReason: nil, entryStatus: .booked, instructedAmount: nil,
            charges: nil, parts: [])
    }

    private func newLedger() throws -> Ledger {
        try Ledger(path: try temporaryDirectory().appendingPathComponent("saatava.sqlite").path)
    }

    /// One finished run as of `asOf` that books the records and matches.
    @discardableResult
    private func runDay(_ ledger: Ledger, _ asOf: String, _ records: (FilePosting) throws -> Void = { _ in }) throws -> Int64 {
        let run = try ledger.startRun(asOf: day(asOf), at: "t")
        _ = try ledger.post(fileNamed: "day-\(asOf)", kind: "camt054", run: run, records: records)
        let input = try ledger.matchingInput()
        try ledger.apply(
            MatchingEngine().match(
                openItems: input.openItems, credits: input.credits, payments: input.payments,
                priorPayments: input.priorPayments),
            run: run)
        try ledger.finishRun(run, at: "t", exitCode: 0, seconds: 0, findings: [])
        return run
    }

    /// A ledger with invoices INV1 (100.00, reference 1232) and INV2 (50.00, 1245) of one customer, booked on 2026-11-02.
    private func ledgerWithInvoices() throws -> Ledger {
        let ledger = try newLedger()
        try runDay(ledger, "2026-11-02") { posting in
            try posting.add(self.invoice("INV1", "1232", 100_00))
            try posting.add(self.invoice("INV2", "1245", 50_00))
        }
        return ledger
    }

    private func plan(_ instalments: [(String, Int64)], from: String? = "2026-11-20", until: String? = nil,
                      invoice: String? = "INV1", customer: String? = nil) -> HoldRequest {
        HoldRequest(
            invoiceNumber: invoice, customerId: customer, kind: .plan, from: from.map(day), until: until.map(day),
            instalments: instalments.map { HoldView.Instalment(date: day($0.0), amount: $0.1) })
    }

    private func auditTrail(_ ledger: Ledger) throws -> [String] {
        let statement = try ledger.database.prepare(
            "SELECT entity_key || ' ' || action || ': ' || detail FROM audit WHERE entity = 'hold' ORDER BY id")
        try statement.bind([])
        var rows: [String] = []
        while try statement.step() { rows.append(statement.text(0) ?? "") }
        return rows
    }

    // MARK: Adding, listing, releasing

    func test_add_list_release_areAuditedAndListedById() throws {
        let ledger = try ledgerWithInvoices()

        let hold = try ledger.addHold(
            HoldRequest(invoiceNumber: "INV1", customerId: nil, kind: .hold, until: day("2026-12-31"), note: "asked to wait"),
            source: "saatava hold", run: nil)
        let dispute = try ledger.addHold(
            HoldRequest(invoiceNumber: nil, customerId: esimerkki, kind: .dispute), source: "decisions/holds.csv", run: nil)
        let plan = try ledger.addHold(
            plan([("2026-12-15", 60_00), ("2026-12-01", 40_00)], from: nil), source: "saatava hold", run: nil)

        XCTAssertEqual(hold, HoldView(
            id: 1, invoiceNumber: "INV1", customerId: esimerkki, kind: .hold, from: nil, until: day("2026-12-31"),
            instalments: [], status: .active, note: "asked to wait"))
        XCTAssertEqual(dispute.invoiceNumber, nil)
        XCTAssertEqual(dispute.customerId, esimerkki)
        XCTAssertEqual(plan.from, day("2026-11-02"), "a plan without from begins on the ledger's day")
        XCTAssertEqual(plan.instalments, [
            HoldView.Instalment(date: day("2026-12-01"), amount: 40_00),
            HoldView.Instalment(date: day("2026-12-15"), amount: 60_00),
        ], "in date order")
        XCTAssertEqual(try ledger.holdViews(), [hold, dispute, plan])

        let released = try ledger.releaseHold(1, note: "paid by agreement", at: "2026-11-30T10:00:00+02:00",
                                              source: "saatava hold", run: nil)
        XCTAssertEqual(released.status, .released)
        XCTAssertEqual(try ledger.holdViews().map(\.status), [.released, .active, .active])
        XCTAssertThrowsError(try ledger.releaseHold(1, note: nil, at: "t", source: "saatava hold", run: nil)) {
            XCTAssertEqual("\($0)", "hold 1 is released already: only an active hold is released")
        }
        XCTAssertThrowsError(try ledger.releaseHold(9, note: nil, at: "t", source: "saatava hold", run: nil)) {
            XCTAssertEqual("\($0)", "there is no hold 9")
        }
        XCTAssertEqual(try auditTrail(ledger), [
            "1 active: hold on invoice INV1 added by saatava hold: asked to wait",
            "2 active: dispute on customer id:7654321-2 added by decisions/holds.csv",
            "3 active: plan on invoice INV1 added by saatava hold",
            "1 released: released by saatava hold: paid by agreement",
        ])
    }

    /// A hold on an invoice number two sellers have covers the creditor's own invoice once the ledger knows the
    /// creditor (another seller's is never reminded anyway), though the other's was booked first; without it, which
    /// one is meant cannot be told.
    func test_holdOnANumberOfTwoSellers_coversTheCreditorsOwn() throws {
        let ledger = try ledgerWithInvoices()
        try runDay(ledger, "2026-11-03") { posting in
            var otherSellers = self.invoice("INV7", "1261", 10_00)
            otherSellers.sellerId = "2345678-0"
            try posting.add(otherSellers)
            try posting.add(self.invoice("INV7", "1274", 20_00))
        }
        let request = HoldRequest(invoiceNumber: "INV7", customerId: nil, kind: .dispute)
        XCTAssertThrowsError(try ledger.addHold(request, source: "saatava hold", run: nil))
        ledger.creditorBusinessId = "1234567-1"
        _ = try ledger.addHold(request, source: "saatava hold", run: nil)
        XCTAssertEqual(try ledger.scalar("""
            SELECT i.seller_id = '1234567-1' FROM holds h JOIN invoices i ON i.id = h.invoice_id
            """), 1)
    }

    func test_add_refusesWhatCannotBeRight_andChangesNothing() throws {
        let ledger = try ledgerWithInvoices()
        try runDay(ledger, "2026-11-03") { posting in
            try posting.add(self.invoice("SEK1", "1258", 100_00, currency: Currency(code: "SEK")!))
            var otherSellers = self.invoice("INV2", "1261", 10_00)
            otherSellers.sellerId = "2345678-0"
            try posting.add(otherSellers)
        }
        let refusals: [(HoldRequest, String)] = [
            (HoldRequest(invoiceNumber: "INV2", customerId: nil, kind: .hold),
             "invoice number INV2 names invoices of several sellers: hold the customer instead"),
            (HoldRequest(invoiceNumber: "NO-SUCH", customerId: nil, kind: .hold), "there is no invoice NO-SUCH"),
            (HoldRequest(invoiceNumber: nil, customerId: "id:0000000-0", kind: .dispute), "there is no customer id:0000000-0"),
            (HoldRequest(invoiceNumber: nil, customerId: nil, kind: .hold), "a hold names the invoice or the customer it covers"),
            (HoldRequest(invoiceNumber: "INV1", customerId: "id:0000000-0", kind: .hold),
             "invoice INV1 is customer id:7654321-2's, not id:0000000-0's"),
            (plan([]), "a payment plan needs its instalments"),
            (HoldRequest(invoiceNumber: "INV1", customerId: nil, kind: .dispute,
                         instalments: [HoldView.Instalment(date: day("2026-12-01"), amount: 1)]),
             "a dispute has no instalments: only a plan does"),
            (HoldRequest(invoiceNumber: "INV1", customerId: nil, kind: .hold, from: day("2026-12-02"), until: day("2026-12-01")),
             "the hold would end on 2026-12-01, before it begins on 2026-12-02"),
            (plan([("2026-11-19", 10_00)]), "the instalment of 2026-11-19 falls before the plan begins on 2026-11-20"),
            (plan([("2026-12-01", 0)]), "the instalment of 2026-12-01 is of nothing: an instalment is more than zero"),
            (plan([("2026-12-01", 1), ("2026-12-01", 2)]), "two instalments fall on 2026-12-01: one a day"),
            (plan([("2026-12-01", 10_00)], invoice: "SEK1"), "invoice SEK1 is in SEK: a payment plan is in euros"),
            (plan([("2026-12-01", 10_00)], invoice: nil, customer: esimerkki),
             "customer id:7654321-2 has invoices in SEK: a payment plan is in euros"),
        ]
        for (request, message) in refusals {
            XCTAssertThrowsError(try ledger.addHold(request, source: "test", run: nil), message) {
                XCTAssertTrue($0 is HoldError, "\($0)")
                XCTAssertEqual("\($0)", message)
            }
        }
        var lateEnd = plan([("2026-12-02", 10_00)])
        lateEnd.until = day("2026-12-01")
        XCTAssertThrowsError(try ledger.addHold(lateEnd, source: "test", run: nil)) {
            XCTAssertEqual("\($0)", "the instalment of 2026-12-02 falls after the plan ends on 2026-12-01")
        }
        XCTAssertEqual(try ledger.count("holds"), 0)
        XCTAssertEqual(try ledger.count("hold_instalments"), 0)
        XCTAssertEqual(try auditTrail(ledger), [])
    }

    // MARK: In effect, by the as-of date

    func test_inEffect_byTheAsOfDate_fromAndUntilInclusive() throws {
        let ledger = try ledgerWithInvoices()
        let window = try ledger.addHold(
            HoldRequest(invoiceNumber: "INV1", customerId: nil, kind: .hold, from: day("2026-11-20"), until: day("2026-11-30")),
            source: "test", run: nil)
        let always = try ledger.addHold(
            HoldRequest(invoiceNumber: nil, customerId: esimerkki, kind: .dispute), source: "test", run: nil)
        let released = try ledger.addHold(
            HoldRequest(invoiceNumber: "INV2", customerId: nil, kind: .hold), source: "test", run: nil)
        _ = try ledger.releaseHold(released.id, note: nil, at: "t", source: "test", run: nil)

        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-11-19")).map(\.id), [always.id])
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-11-20")).map(\.id), [window.id, always.id])
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-11-30")).map(\.id), [window.id, always.id])
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-12-01")).map(\.id), [always.id])
        for text in ["2026-11-19", "2026-11-20", "2026-11-30", "2026-12-01"] {
            XCTAssertEqual(try ledger.holdsInEffect(on: day(text)), try ledger.holdViews().filter { $0.isInEffect(on: day(text)) },
                           "the ledger and HoldView agree on \(text)")
        }

        XCTAssertEqual(try ledger.endBrokenPlans(asOf: day("2026-11-30")), [], "until is inclusive")
        let ended = try ledger.endHolds(asOf: day("2026-12-01"), run: nil)
        XCTAssertEqual(ended.map(\.hold.id), [window.id])
        XCTAssertEqual(ended.map(\.reason), ["until 2026-11-30 passed"])
        XCTAssertEqual(ended.first?.hold.status, .ended)
        XCTAssertEqual(try ledger.holdViews().map(\.status), [.ended, .active, .released])
        XCTAssertEqual(try auditTrail(ledger).last, "1 ended: ended as of 2026-12-01: until 2026-11-30 passed")
        XCTAssertThrowsError(try ledger.releaseHold(window.id, note: nil, at: "t", source: "test", run: nil)) {
            XCTAssertEqual("\($0)", "hold 1 is ended already: only an active hold is released")
        }
    }

    // MARK: Plans

    /// 40.00 due on Tuesday 2026-12-01 and 60.00 on Tuesday 2026-12-15; 40.00 paid on the first date keeps the plan
    /// through the second, and 30.00 more by the second is too little: the plan ends once a payment made on the 15th
    /// can be known (booked by Wednesday 16th, known on Thursday 17th), not before.
    func test_plan_endsOnceAMissedInstalmentCanBeKnown_andNotBefore() throws {
        let ledger = try ledgerWithInvoices()
        let plan = try ledger.addHold(plan([("2026-12-01", 40_00), ("2026-12-15", 60_00)]), source: "test", run: nil)
        try runDay(ledger, "2026-12-02") { try $0.add(self.payment("P1", 40_00, "1232", booked: "2026-12-01")) }
        XCTAssertEqual(try ledger.endBrokenPlans(asOf: day("2026-12-02")), [], "the first instalment is paid in full")
        try runDay(ledger, "2026-12-15") { try $0.add(self.payment("P2", 30_00, "1232", booked: "2026-12-15")) }
        XCTAssertEqual(try ledger.endBrokenPlans(asOf: day("2026-12-15")), [], "not on the day")
        XCTAssertEqual(try ledger.endBrokenPlans(asOf: day("2026-12-16")), [], "not before it can be known")
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-12-16")).map(\.id), [plan.id])

        let ended = try ledger.endHolds(asOf: day("2026-12-17"), run: nil)

        XCTAssertEqual(ended.map(\.hold.id), [plan.id])
        XCTAssertEqual(ended.map(\.reason), ["instalment of 2026-12-15 missed"])
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-12-17")), [])
        XCTAssertEqual(try auditTrail(ledger).last, "1 ended: ended as of 2026-12-17: instalment of 2026-12-15 missed")
        XCTAssertEqual(try ledger.endBrokenPlans(asOf: day("2026-12-18")), [], "ended once")
    }

    /// What counts: payments booked from the plan's start through the day a payment made on the instalment's date is
    /// booked (Tuesday 1.12.: Wednesday 2.12.), on the invoices it covers (any of the customer's, for a customer's
    /// plan); a payment before the plan began, one booked later, or one reversed, does not.
    func test_plan_countsPaymentsBookedSinceItBegan_throughTheDayAnInstalmentPaidInTimeIsBooked() throws {
        let ledger = try ledgerWithInvoices()
        try runDay(ledger, "2026-11-19") { try $0.add(self.payment("EARLY", 10_00, "1232", booked: "2026-11-19")) }
        let onInvoice = try ledger.addHold(plan([("2026-12-01", 20_00)]), source: "test", run: nil)
        let onCustomer = try ledger.addHold(
            plan([("2026-12-01", 30_00)], invoice: nil, customer: esimerkki), source: "test", run: nil)
        try runDay(ledger, "2026-12-02") {
            try $0.add(self.payment("P1", 20_00, "1232", booked: "2026-11-30"))
            try $0.add(self.payment("P2", 10_00, "1245", booked: "2026-12-02"))
        }

        XCTAssertEqual(try ledger.endBrokenPlans(asOf: day("2026-12-03")), [],
                       "20.00 on INV1 keeps INV1's plan; 20.00 + 10.00 (booked on the 2nd) on the customer's invoices "
                        + "keeps the customer's")

        try runDay(ledger, "2026-12-03") {
            try $0.add(self.payment("P1", 20_00, "1232", booked: "2026-12-03", reversal: true))
            try $0.add(self.payment("LATE", 50_00, "1232", booked: "2026-12-03"))
        }
        XCTAssertEqual(try ledger.holdViews().map(\.status), [.active, .active], "only endHolds ends a plan")
        let ended = try ledger.endHolds(asOf: day("2026-12-03"), run: nil)
        XCTAssertEqual(ended.map(\.hold.id), [onInvoice.id, onCustomer.id], "P1 reversed: neither plan was paid by 2026-12-02")
        XCTAssertEqual(Set(ended.map(\.reason)), ["instalment of 2026-12-01 missed"])
    }

    /// An instalment on Saturday 2026-11-28 may be paid on Monday 30.11. (booked by Tuesday, known on Wednesday
    /// 2.12.): paid then, the plan is kept; unpaid, it ends on Wednesday, not before.
    func test_plan_anInstalmentOnASaturday_mayBePaidOnTheMonday() throws {
        let ledger = try ledgerWithInvoices()
        let paid = try ledger.addHold(plan([("2026-11-28", 40_00)]), source: "test", run: nil)
        let unpaid = try ledger.addHold(plan([("2026-11-28", 40_00)], invoice: "INV2"), source: "test", run: nil)
        try runDay(ledger, "2026-12-01") { try $0.add(self.payment("P1", 40_00, "1232", booked: "2026-11-30")) }
        XCTAssertEqual(try ledger.endBrokenPlans(asOf: day("2026-12-01")), [], "not before it can be known")
        let ended = try ledger.endHolds(asOf: day("2026-12-02"), run: nil)
        XCTAssertEqual(ended.map(\.hold.id), [unpaid.id])
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-12-02")).map(\.id), [paid.id], "paid on the Monday: in time")
    }

    /// A plan whose `until` is its last instalment's date (Friday 2026-12-04) stays in effect until that instalment
    /// can be judged (a payment made then is booked by Monday 7th, known on Tuesday 8th): missed, it ends as broken
    /// on Tuesday, not as "until passed" on Saturday, so that the ladder does not resume before a payment is known.
    func test_plan_untilItsLastInstalment_staysInEffectUntilThatCanBeJudged() throws {
        let ledger = try ledgerWithInvoices()
        let held = try ledger.addHold(plan([("2026-12-04", 40_00)], until: "2026-12-04"), source: "test", run: nil)
        XCTAssertEqual(try ledger.endHolds(asOf: day("2026-12-07"), run: nil).map(\.hold.id), [])
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-12-07")).map(\.id), [held.id])
        let ended = try ledger.endHolds(asOf: day("2026-12-08"), run: nil)
        XCTAssertEqual(ended.map(\.reason), ["instalment of 2026-12-04 missed"])
        XCTAssertEqual(ended.map(\.isBrokenPlan), [true])
    }

    /// The days between the booking of a payment made on the last instalment and the run that knows it are closed
    /// days (a weekend, bank holidays): the plan stays in effect over them, or a run on one would end it as "until
    /// passed" and resume the ladder before the payment is known.
    func test_plan_staysInEffectOverTheClosedDaysBeforeItsLastInstalmentIsKnown() throws {
        let ledger = try ledgerWithInvoices()
        // Thursday 10.12.2026: booked Friday 11.12., known on Monday 14.12.
        let thursday = try ledger.addHold(plan([("2026-12-10", 40_00)], until: "2026-12-10"), source: "test", run: nil)
        // Tuesday 22.12.2026: booked Wednesday 23.12.; Christmas Eve to Sunday are closed, known on Monday 28.12.
        let christmas = try ledger.addHold(plan([("2026-12-22", 40_00)], until: "2026-12-22", invoice: "INV2"),
                                           source: "test", run: nil)
        try runDay(ledger, "2026-12-11") { try $0.add(self.payment("P1", 40_00, "1232", booked: "2026-12-11")) }
        XCTAssertEqual(try ledger.endHolds(asOf: day("2026-12-12"), run: nil).map(\.hold.id), [], "a Saturday")
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-12-13")).map(\.id), [thursday.id, christmas.id])
        XCTAssertEqual(try ledger.endHolds(asOf: day("2026-12-14"), run: nil).map(\.reason), ["until 2026-12-10 passed"],
                       "known on Monday: paid, the plan simply ends")
        try runDay(ledger, "2026-12-23") { try $0.add(self.payment("P2", 40_00, "1245", booked: "2026-12-23")) }
        XCTAssertEqual(try ledger.endHolds(asOf: day("2026-12-24"), run: nil).map(\.hold.id), [], "Christmas Eve")
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-12-27")).map(\.id), [christmas.id])
        XCTAssertEqual(try ledger.endHolds(asOf: day("2026-12-28"), run: nil).map(\.reason), ["until 2026-12-22 passed"])
    }

    /// A plan whose invoices owe nothing any more has nothing left to miss.
    func test_plan_overInvoicesPaidInFull_isNotBroken() throws {
        let ledger = try ledgerWithInvoices()
        _ = try ledger.addHold(plan([("2026-12-01", 50_00), ("2026-12-15", 60_00)], invoice: "INV2"), source: "test", run: nil)
        try runDay(ledger, "2026-12-01") { try $0.add(self.payment("P2", 50_00, "1245", booked: "2026-12-01")) }
        XCTAssertEqual(try ledger.endBrokenPlans(asOf: day("2026-12-20")), [])
    }

    /// A customer's plan is in euros: an invoice in kronor booked after it began, and paid, pays no instalment, and
    /// the euro invoices still owing are what keeps the plan open to be missed.
    /// An instalment paid under the reference of the customer's invoice paid before waits for the accountant: the
    /// plan does not end while it waits, and counts it by its booking date once she places it.
    func test_plan_doesNotEndWhileMoneyThatMayPayItWaits() throws {
        let ledger = try ledgerWithInvoices()
        try runDay(ledger, "2026-11-19") { try $0.add(self.payment("P0", 50_00, "1245", booked: "2026-11-19")) }
        let plan = try ledger.addHold(plan([("2026-12-01", 40_00)]), source: "test", run: nil)
        try runDay(ledger, "2026-12-02") { try $0.add(self.payment("P1", 40_00, "1245", booked: "2026-12-01")) }
        XCTAssertEqual(try ledger.state(ofPayment: "P1")?.reason?.rawValue, "invoice_settled")
        let waiting = try ledger.paymentsWaiting(pendingSince: day("2026-11-19"))
        XCTAssertEqual(waiting.customers, [esimerkki])
        XCTAssertEqual(try ledger.withoutKeeping { try ledger.endHolds(asOf: day("2026-12-03"), run: nil) }.map(\.reason),
                       ["instalment of 2026-12-01 missed"], "without the money waiting in view, the plan would end")

        var reads = 0
        let readWaiting = { () throws(LedgerError) -> PaymentsWaiting in
            reads += 1
            return waiting
        }
        XCTAssertEqual(try ledger.endHolds(asOf: day("2026-12-02"), run: nil, waiting: readWaiting).count, 0)
        XCTAssertEqual(reads, 0, "no plan has missed an instalment yet: the money waiting is not read")
        XCTAssertEqual(try ledger.endHolds(asOf: day("2026-12-03"), run: nil, waiting: readWaiting).count, 0)
        XCTAssertEqual(reads, 1)
        try ledger.decide(.assign(invoiceNumber: "INV1"), payment: "P1", note: nil, source: "test", run: nil)
        XCTAssertEqual(try ledger.endHolds(asOf: day("2026-12-04"), run: nil).count, 0, "paid in time, by its booking")
        XCTAssertEqual(try ledger.holdsInEffect(on: day("2026-12-04")).map(\.id), [plan.id])
    }

    func test_aCustomersPlan_countsNoPaymentOnAnInvoiceInAnotherCurrency() throws {
        let ledger = try ledgerWithInvoices()
        let plan = try ledger.addHold(
            plan([("2026-12-01", 100_00)], invoice: nil, customer: esimerkki), source: "test", run: nil)
        let krona = Currency(code: "SEK")!
        var payment = payment("SEK1", 500_00, "1258", booked: "2026-12-01")
        (payment.amount, payment.currency) = (Amount(minorUnits: 500_00, currency: krona), krona)
        try runDay(ledger, "2026-11-25") { try $0.add(self.invoice("INV3", "1258", 500_00, currency: krona)) }
        try runDay(ledger, "2026-12-02") { try $0.add(payment) }
        XCTAssertEqual(try ledger.invoiceViews(onlyOpen: true).map(\.invoiceNumber), ["INV1", "INV2"], "SEK1 paid INV3")

        let ended = try ledger.endHolds(asOf: day("2026-12-03"), run: nil)

        XCTAssertEqual(ended.map(\.hold.id), [plan.id])
        XCTAssertEqual(ended.map(\.reason), ["instalment of 2026-12-01 missed"])
    }
}
