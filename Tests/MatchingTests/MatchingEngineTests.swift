import BankFiles
import Finvoice
import Foundation
import Matching
import Receivables
import TestSupport
import Workload
import XCTest

final class MatchingEngineTests: XCTestCase {
    private let euro = Currency.euro

    /// A generated day, written to files, parsed back and matched, concludes exactly what its truth says: every
    /// payment's status, reason and unapplied amount, every invoice's open amount, and the suggestions.
    func test_generatedDays_matchTheirTruth() throws {
        for seed in UInt64(1)...3 {
            let asOf = LocalDate(year: 2026, month: 11, day: 27)!
            let plan = WorkloadPlan(invoiceCount: 1_000, seed: seed, asOf: asOf)
            let directory = try temporaryDirectory("match")
            let written = try WorkloadWriter.write(plan, to: directory.path, encoding: .mixed, batchSize: 400, seed: seed)

            var invoices: [Invoice] = []
            for file in written.finvoiceFiles {
                try FinvoiceParser.parse(file: file, diagnostic: { _ in }) { invoices.append($0) }
            }
            var payments: [Payment] = []
            for file in written.camtFiles {
                try CamtParser.parse(file: file, diagnostic: { _ in }) { payments.append($0) }
            }
            let items = invoices.filter { $0.kind == .invoice }.enumerated().map { position, invoice in
                OpenItem(id: Int64(position), invoiceNumber: invoice.invoiceNumber, referenceKey: invoice.reference?.matchingKey, currency: invoice.amount.currency,
                         dueDate: invoice.dueDate, customerName: invoice.buyerName, open: invoice.amount.minorUnits)
            }
            // One seller: a credit note may reduce its invoice of the original number, else those under its key.
            let credits = invoices.filter { $0.kind == .creditNote }.enumerated().map { position, credit in
                let original = items.filter { $0.invoiceNumber == credit.originalInvoiceNumber }
                let key = credit.reference?.matchingKey
                let underKey = items.filter { $0.referenceKey != nil && $0.referenceKey == key }
                return CreditToApply(
                    id: Int64(position), creditNoteNumber: credit.invoiceNumber,
                    originalInvoiceNumber: credit.originalInvoiceNumber, referenceKey: key,
                    amount: -credit.amount.minorUnits, invoiceIds: (original.isEmpty ? underKey : original).map(\.id))
            }
            let result = MatchingEngine().match(
                openItems: items, credits: credits,
                payments: payments.enumerated().map { PaymentToMatch(id: Int64($0), account: $1.account, payment: $1) },
                priorPayments: [])

            let ids = Dictionary(uniqueKeysWithValues: payments.enumerated().map { ($1.archiveId, Int64($0)) })
            for planned in plan.payments {
                let outcome = try XCTUnwrap(ids[planned.archiveId].flatMap { result.outcomes[$0] }, planned.archiveId)
                let what = "seed \(seed) \(planned.archiveId) \(planned.paymentCase.rawValue)"
                XCTAssertEqual(outcome.status.rawValue, planned.status, what)
                XCTAssertEqual(outcome.reason?.rawValue, planned.reason, what)
                XCTAssertEqual(outcome.unapplied, planned.unapplied, what)
                if planned.paymentCase == .wrongCheckDigit || planned.paymentCase == .invoiceNumberInText {
                    XCTAssertEqual(outcome.suggestion?.invoiceNumber, planned.invoiceNumber, what)
                }
            }
            let open = Dictionary(uniqueKeysWithValues: result.openItems.map { ($0.invoiceNumber, $0.open) })
            for planned in plan.invoices where planned.kind == .invoice {
                XCTAssertEqual(open[planned.invoiceNumber], planned.amount.minorUnits - planned.credited - planned.paid,
                               "seed \(seed) invoice \(planned.invoiceNumber)")
            }
        }
    }

    /// docs/ledger.md: two open invoices under one reference: the one owing exactly the amount is paid, else the
    /// payment goes to the accountant as ambiguous.
    func test_twoOpenInvoicesUnderOneReference_theExactOpenAmountDecides_elseAmbiguous() {
        let items = [item("2", key: "1232", open: 150_00, due: 20), item("1", key: "1232", open: 100_00, due: 10)]
        let result = MatchingEngine().match(
            openItems: items, credits: [], payments: [pay(10, 150_00, reference: "1232"), pay(20, 120_00, reference: "1232")],
            priorPayments: [])
        XCTAssertEqual(result.allocations.map { "\($0.paymentId)>\($0.invoiceNumber):\($0.amount)" }, ["10>2:15000", "20>1:10000"],
                       "once 10 paid invoice 2, invoice 1 is the only one open under the reference")
        XCTAssertEqual(result.allocations.map(\.invoiceId), [2, 1], "each allocation names its item's id")
        XCTAssertEqual(described(result.outcomes[20]), "matched overpayment 2000")
        XCTAssertEqual(result.openItems.map(\.open), [0, 0], "the items come back in the order given")
        let neither = MatchingEngine().match(openItems: items, credits: [], payments: [pay(30, 120_00, reference: "1232")],
                                             priorPayments: [])
        XCTAssertEqual(described(neither.outcomes[30]), "unmatched ambiguous 12000")
        XCTAssertEqual(neither.allocations, [])
    }

    /// A payment left ambiguous pays the other invoice under its reference once a later payment of the pass paid one
    /// exactly: the pass concludes what placing its payments again (the next `--rematch-all`) would.
    func test_ambiguousPayment_paysTheOtherInvoiceOnceALaterPaymentOfThePassPaidOne() {
        let items = [item("1", key: "1232", open: 100_00, due: 10), item("2", key: "1232", open: 80_00, due: 20)]
        let result = MatchingEngine().match(
            openItems: items, credits: [], payments: [pay(10, 50_00, reference: "1232"), pay(20, 100_00, reference: "1232")],
            priorPayments: [])
        XCTAssertEqual(result.allocations.map { "\($0.paymentId)>\($0.invoiceNumber):\($0.amount)" }, ["20>1:10000", "10>2:5000"])
        XCTAssertEqual(described(result.outcomes[10]), "matched - 0")
        XCTAssertEqual(result.openItems.map(\.open), [0, 30_00])
    }

    func test_zeroAmountAndPendingEntries_areNeverMoneyReceived() {
        let items = [item("1", key: "1232", open: 10_00)]
        let zero = pay(1, 0, reference: "1232")
        let pending = pay(2, 10_00, reference: "1232", status: .pending)
        let info = pay(3, 10_00, reference: "1232", status: .information)
        let result = MatchingEngine().match(openItems: items, credits: [], payments: [zero, pending, info], priorPayments: [])
        XCTAssertEqual(described(result.outcomes[1]), "unmatched zero_amount 0")
        XCTAssertEqual(described(result.outcomes[2]), "pending - 0")
        XCTAssertEqual(described(result.outcomes[3]), "ignored - 0")
        XCTAssertEqual(result.openItems[0].open, 10_00)
    }

    /// A pending or informational reversal, and a reversing credit (a failed direct debit), never undo a receipt.
    func test_onlyABookedDebitReversal_undoesAReceipt() {
        let items = [item("1", key: "1232", open: 10_00)]
        let receipt = pay(1, 10_00, reference: "1232")
        let pendingReversal = pay(2, 10_00, reference: "1232", direction: .debit, reversal: true, status: .pending)
        let failedDirectDebit = pay(3, 10_00, reference: "1232", direction: .credit, reversal: true, status: .information)
        let bookedCreditReversal = pay(4, 10_00, reference: "1232", direction: .credit, reversal: true)
        let result = MatchingEngine().match(
            openItems: items, credits: [], payments: [receipt, pendingReversal, failedDirectDebit, bookedCreditReversal],
            priorPayments: [])
        XCTAssertEqual(result.outcomes[1]?.status, .matched)
        XCTAssertEqual(result.outcomes[2]?.status, .pending)
        XCTAssertEqual(result.outcomes[3]?.status, .ignored)
        XCTAssertEqual(described(result.outcomes[4]), "unmatched reversal_unmatched 0")
        XCTAssertEqual(result.openItems[0].open, 0)
    }

    /// A reversal after a duplicate undoes the latest payment with the same account, reference and amount: the
    /// unmatched duplicate, not the payment that paid the invoice.
    func test_reversalAfterADuplicate_undoesTheDuplicate() {
        let items = [item("1", key: "1232", open: 0)]
        let paid = Allocation(paymentId: 7, invoiceId: 1, invoiceNumber: "1", currency: euro, amount: 10_00, rule: .reference)
        let prior = PriorPayment(id: 7, archiveId: "OLD", account: "FI21", referenceKey: "1232", amount: 10_00, bookingDate: nil,
                                 allocations: [paid])
        let duplicate = pay(8, 10_00, reference: "1232")
        let reversal = pay(9, 10_00, reference: "1232", direction: .debit, reversal: true)
        let result = MatchingEngine().match(openItems: items, credits: [], payments: [duplicate, reversal], priorPayments: [prior])
        XCTAssertEqual(result.outcomes[8]?.status, .reversed)
        XCTAssertEqual(result.outcomes[9]?.reverses, 8)
        XCTAssertNil(result.outcomes[7], "the payment that paid the invoice stands")
        XCTAssertEqual(result.undone, [])
        XCTAssertEqual(result.openItems[0].open, 0)
    }

    /// When a reversal reopens an invoice, a credit note whose credit was left over applies to it again.
    func test_reversalReopeningAnInvoice_appliesItsCreditNoteAgain() {
        let items = [item("1", key: "1232", open: 0)]
        let paid = Allocation(paymentId: 7, invoiceId: 1, invoiceNumber: "1", currency: euro, amount: 100_00, rule: .reference)
        let prior = PriorPayment(id: 7, archiveId: "OLD", account: "FI21", referenceKey: "1232", amount: 100_00, bookingDate: nil,
                                 allocations: [paid])
        let credit = CreditToApply(id: 40, creditNoteNumber: "H1", originalInvoiceNumber: "1", referenceKey: nil,
                                   amount: 30_00, invoiceIds: [1])
        let reversal = pay(9, 100_00, reference: "1232", direction: .debit, reversal: true)
        let result = MatchingEngine().match(openItems: items, credits: [credit], payments: [reversal], priorPayments: [prior])
        XCTAssertEqual(result.undone, [paid])
        XCTAssertEqual(result.creditAllocations.map { "\($0.paymentId)>\($0.invoiceId):\($0.amount)" }, ["40>1:3000"])
        XCTAssertEqual(result.openItems[0].open, 70_00)
    }

    /// Two sellers' invoices of one number: a credit note whose caller names its own seller's invoice reduces that
    /// one, whichever of the two was given later.
    func test_creditNotesNamingTheirOwnSellersInvoiceOfOneNumber_reduceOnlyIt() {
        let items = [
            OpenItem(id: 1, invoiceNumber: "A1", referenceKey: "1232", currency: euro, dueDate: nil, customerName: nil,
                     open: 10_00),
            OpenItem(id: 2, invoiceNumber: "A1", referenceKey: "1245", currency: euro, dueDate: nil, customerName: nil,
                     open: 10_00),
        ]
        let credits = [
            CreditToApply(id: 11, creditNoteNumber: "CN1", originalInvoiceNumber: "A1", referenceKey: nil,
                          amount: 50_00, invoiceIds: [1]),
            CreditToApply(id: 12, creditNoteNumber: "CN1", originalInvoiceNumber: "A1", referenceKey: nil,
                          amount: 80_00, invoiceIds: [2]),
        ]
        let result = MatchingEngine().match(openItems: items, credits: credits, payments: [], priorPayments: [])
        XCTAssertEqual(result.creditAllocations.map { "\($0.paymentId)>\($0.invoiceId):\($0.amount)" },
                       ["11>1:1000", "12>2:1000"])
        XCTAssertEqual(result.openItems.map(\.open), [0, 0])
    }

    /// Two sellers' invoices under one key: a credit note naming no original reduces only the invoices its caller
    /// names (its own seller's), even when the other's falls due first.
    func test_creditNoteUnderASharedKey_reducesOnlyTheInvoicesNamed() {
        let items = [item("1", key: "1232", open: 10_00, due: 1), item("2", key: "1232", open: 10_00, due: 5)]
        let credit = CreditToApply(id: 40, creditNoteNumber: "H1", originalInvoiceNumber: nil, referenceKey: "1232",
                                   amount: 4_00, invoiceIds: [2])
        let result = MatchingEngine().match(openItems: items, credits: [credit], payments: [], priorPayments: [])
        XCTAssertEqual(result.openItems.map(\.open), [10_00, 6_00])
    }

    /// A reversal reopens the invoice its original paid, not the other seller's of the same number: the credit note
    /// waiting for it then applies to it again.
    func test_reversalOfAPaymentOnOneOfTwoSellersInvoicesOfOneNumber_reopensThatOne() {
        let items = [
            OpenItem(id: 1, invoiceNumber: "A1", referenceKey: "1232", currency: euro, dueDate: nil, customerName: nil,
                     open: 0),
            OpenItem(id: 2, invoiceNumber: "A1", referenceKey: "1245", currency: euro, dueDate: nil, customerName: nil,
                     open: 0),
        ]
        let paid = Allocation(paymentId: 7, invoiceId: 1, invoiceNumber: "A1", currency: euro, amount: 100_00,
                              rule: .reference)
        let prior = PriorPayment(id: 7, archiveId: "OLD", account: "FI21", referenceKey: "1232", amount: 100_00,
                                 bookingDate: nil, allocations: [paid])
        let credit = CreditToApply(id: 40, creditNoteNumber: "H1", originalInvoiceNumber: "A1", referenceKey: nil,
                                   amount: 30_00, invoiceIds: [1])
        let reversal = pay(9, 100_00, reference: "1232", direction: .debit, reversal: true)
        let result = MatchingEngine().match(
            openItems: items, credits: [credit], payments: [reversal], priorPayments: [prior])
        XCTAssertEqual(result.undone, [paid])
        XCTAssertEqual(result.creditAllocations.map { "\($0.paymentId)>\($0.invoiceId):\($0.amount)" }, ["40>1:3000"])
        XCTAssertEqual(result.openItems.map(\.open), [70_00, 0])
    }

    /// Two sellers' invoices under one reference, both open: a payment under it pays the creditor's own, even for
    /// exactly what the other seller's owes (which alone would have made the other's the certain one); and blocks
    /// without amounts pay what the creditor's own owe. When only the other seller's owes, it is paid as before.
    func test_paymentUnderAReferenceTwoSellersShare_paysTheCreditorsOwn() {
        func items(ownOpen: Int64) -> [OpenItem] {
            [
                OpenItem(id: 1, invoiceNumber: "7", referenceKey: "1232", currency: euro,
                         dueDate: LocalDate(year: 2026, month: 1, day: 1), customerName: nil, open: 25_00,
                         isAnotherSellers: true),
                OpenItem(id: 2, invoiceNumber: "7", referenceKey: "1232", currency: euro,
                         dueDate: LocalDate(year: 2026, month: 1, day: 9), customerName: nil, open: ownOpen),
            ]
        }
        let payment = pay(1, 25_00, reference: "1232")
        let both = MatchingEngine().match(openItems: items(ownOpen: 40_00), credits: [], payments: [payment],
                                          priorPayments: [])
        XCTAssertEqual(both.allocations.map { "\($0.invoiceId):\($0.amount)" }, ["2:2500"])
        XCTAssertEqual(both.outcomes[1]?.status, .matched)
        XCTAssertEqual(both.openItems.map(\.open), [25_00, 15_00])

        // Two blocks without amounts add up to what the creditor's own invoices under their references owe.
        var blocks = makePayment("A2", 50_00, reference: nil)
        blocks.parts = [Payment.Part(reference: StatedReference(stated: "1232")),
                        Payment.Part(reference: StatedReference(stated: "12344"))]
        let third = OpenItem(id: 3, invoiceNumber: "8", referenceKey: "12344", currency: euro, dueDate: nil,
                             customerName: nil, open: 10_00)
        let byBlocks = MatchingEngine().match(
            openItems: items(ownOpen: 40_00) + [third], credits: [],
            payments: [PaymentToMatch(id: 2, account: "FI21", payment: blocks)], priorPayments: [])
        XCTAssertEqual(byBlocks.allocations.map { "\($0.invoiceId):\($0.amount)" }, ["2:4000", "3:1000"])
        XCTAssertEqual(byBlocks.outcomes[2]?.status, .matched)

        let onlyOthers = MatchingEngine().match(openItems: items(ownOpen: 0), credits: [], payments: [payment],
                                                priorPayments: [])
        XCTAssertEqual(onlyOthers.allocations.map { "\($0.invoiceId):\($0.amount)" }, ["1:2500"])
    }

    /// A suggestion never names another seller's invoice: of two sellers' open A1, the number in the message names the
    /// creditor's own (applied, when the config says so); a typo that makes only another seller's reference, or an
    /// amount and name that only another seller's invoice has, names nothing.
    func test_suggestions_nameOnlyTheCreditorsOwnInvoices() {
        let others = OpenItem(id: 1, invoiceNumber: "A1", referenceKey: "1232", currency: euro, dueDate: nil,
                              customerName: "Aino Laine", open: 10_00, isAnotherSellers: true)
        let own = OpenItem(id: 2, invoiceNumber: "A1", referenceKey: "1245", currency: euro, dueDate: nil,
                           customerName: "Eino Virtanen", open: 20_00)
        let engine = MatchingEngine(autoApply: [.invoiceNumberInText])
        let byNumber = engine.match(openItems: [others, own], credits: [], payments: [
            pay(1, 20_00, reference: nil, text: "lasku A1")], priorPayments: [])
        XCTAssertEqual(byNumber.allocations.map { "\($0.invoiceId):\($0.amount)" }, ["2:2000"])

        // 1223 is 1232 with two digits swapped (an invalid reference); 1232 is only the other seller's.
        let typo = MatchingEngine().match(openItems: [others, own], credits: [], payments: [
            pay(2, 10_00, reference: "1223")], priorPayments: [])
        XCTAssertNil(typo.outcomes[2]?.suggestion)
        let byName = MatchingEngine().match(openItems: [others, own], credits: [], payments: [
            pay(3, 10_00, reference: nil, payer: "LAINE AINO")], priorPayments: [])
        XCTAssertNil(byName.outcomes[3]?.suggestion)
        let ownByName = MatchingEngine().match(openItems: [others, own], credits: [], payments: [
            pay(4, 20_00, reference: nil, payer: "VIRTANEN EINO")], priorPayments: [])
        XCTAssertEqual(ownByName.outcomes[4]?.suggestion?.invoiceNumber, "A1")
    }

    /// An invoice number in the message names the only open invoice of that number: of two sellers' A1, the open one
    /// (booked first) when the other is settled, and neither when both are open (it cannot be told which).
    func test_invoiceNumberInText_ofTwoSellersInvoicesOfOneNumber_namesOnlyTheOneOpen() {
        func items(secondOpen: Int64) -> [OpenItem] {
            [
                OpenItem(id: 1, invoiceNumber: "A1", referenceKey: "1232", currency: euro, dueDate: nil,
                         customerName: nil, open: 10_00),
                OpenItem(id: 2, invoiceNumber: "A1", referenceKey: "1245", currency: euro, dueDate: nil,
                         customerName: nil, open: secondOpen),
            ]
        }
        let engine = MatchingEngine(autoApply: [.invoiceNumberInText])
        let payment = pay(1, 10_00, reference: nil, text: "lasku A1")
        let oneOpen = engine.match(openItems: items(secondOpen: 0), credits: [], payments: [payment],
                                   priorPayments: [])
        XCTAssertEqual(oneOpen.allocations.map { "\($0.invoiceId):\($0.amount)" }, ["1:1000"])
        let bothOpen = engine.match(openItems: items(secondOpen: 10_00), credits: [], payments: [payment],
                                    priorPayments: [])
        XCTAssertNil(bothOpen.outcomes[1]?.suggestion)
        XCTAssertEqual(bothOpen.allocations, [])
    }

    /// A payment pays the principal first, then the interest, fees and compensation reminders claimed; only what
    /// exceeds them too is an overpayment. A reversal gives the charges back as well.
    func test_aPaymentPaysPrincipalThenCharges_andOnlyTheRestIsOverpaid() {
        var owed = item("1", key: "1232", open: 100_00)
        owed.charges = 5_55
        let exact = MatchingEngine().match(openItems: [owed], credits: [], payments: [pay(1, 105_55, reference: "1232")],
                                           priorPayments: [])
        XCTAssertEqual(exact.allocations.map { "\($0.amount) \($0.rule) \($0.paysCharges)" }, ["10000 reference false", "555 charges true"])
        XCTAssertEqual(described(exact.outcomes[1]), "matched - 0")
        XCTAssertEqual(exact.openItems.map { "\($0.open) \($0.charges)" }, ["0 0"])
        let more = MatchingEngine().match(openItems: [owed], credits: [], payments: [pay(1, 110_00, reference: "1232")],
                                          priorPayments: [])
        XCTAssertEqual(described(more.outcomes[1]), "matched overpayment 445")
        var settled = owed
        settled.open = 0
        let later = MatchingEngine().match(openItems: [settled], credits: [], payments: [pay(2, 5_55, reference: "1232")],
                                           priorPayments: [])
        XCTAssertEqual(described(later.outcomes[2]), "matched - 0", "a payment of the charges alone, after the principal")
        let paid = PriorPayment(id: 7, archiveId: "OLD", account: "FI21", referenceKey: "1232", amount: 105_55, bookingDate: nil,
                                allocations: exact.allocations.map {
                                    Allocation(paymentId: 7, invoiceId: $0.invoiceId, invoiceNumber: $0.invoiceNumber,
                                               currency: $0.currency, amount: $0.amount, rule: $0.rule, paysCharges: $0.paysCharges)
                                })
        let reversed = MatchingEngine().match(
            openItems: exact.openItems, credits: [], payments: [pay(9, 105_55, reference: "1232", direction: .debit, reversal: true)],
            priorPayments: [paid])
        XCTAssertEqual(reversed.openItems.map { "\($0.open) \($0.charges)" }, ["10000 555"])
    }

    /// Matched payments are kept for reversals only when a reversal of the pass can name them: by account and
    /// archive id, or by account, reference and amount.
    func test_reversalTargets_nameExactlyWhatAReversalOfThePassCanName() {
        let payments = [
            pay(1, 10_00, reference: "1232", direction: .debit, reversal: true),
            PaymentToMatch(id: 2, account: "FI21", payment: makePayment("A-7", 5_00, reference: nil, direction: .debit, reversal: true)),
            pay(3, 10_00, reference: "12344"),
        ]
        let targets = ReversalTargets(of: payments)
        XCTAssertFalse(targets.isEmpty)
        XCTAssertTrue(ReversalTargets(of: [payments[2]]).isEmpty, "receipts alone name nothing")
        func prior(_ archiveId: String, account: String = "FI21", key: String?, amount: Int64) -> PriorPayment {
            PriorPayment(id: 99, archiveId: archiveId, account: account, referenceKey: key, amount: amount, bookingDate: nil,
                         allocations: [])
        }
        XCTAssertTrue(targets.mayName(prior("X", key: "1232", amount: 10_00)), "same account, reference and amount")
        XCTAssertTrue(targets.mayName(prior("A-7", key: nil, amount: 99_00)), "same account and archive id")
        XCTAssertFalse(targets.mayName(prior("X", key: "1232", amount: 10_01)), "another amount")
        XCTAssertFalse(targets.mayName(prior("X", account: "FI99", key: "1232", amount: 10_00)), "another account")
        XCTAssertFalse(targets.mayName(prior("A-7", account: "FI99", key: nil, amount: 5_00)), "the archive id in another account")
        XCTAssertFalse(targets.mayName(prior("A3", key: "12344", amount: 10_00)), "a receipt is no reversal: it names nothing")
    }

    func test_finnishAndRFFormsWithZerosAndSpaces_nameTheSameInvoice() {
        let items = [item("1", key: "1232", open: 30_00)]
        let payments = [pay(1, 10_00, reference: "RF11 1232"), pay(2, 10_00, reference: "0000 0000 0000 0000 1232"), pay(3, 10_00, reference: "1232")]
        let result = MatchingEngine().match(openItems: items, credits: [], payments: payments, priorPayments: [])
        XCTAssertEqual(result.openItems[0].open, 0)
        XCTAssertEqual(Set(payments.map { result.outcomes[$0.id]?.status }), [.matched])
    }

    func test_otherCurrencyAndDebits_areNotApplied() {
        let items = [item("1", key: "1232", open: 10_00)]
        let sek = pay(1, 10_00, reference: "1232", currency: Currency(code: "SEK")!)
        let debit = pay(2, 10_00, reference: "1232", direction: .debit)
        let result = MatchingEngine().match(openItems: items, credits: [], payments: [sek, debit], priorPayments: [])
        XCTAssertEqual(result.outcomes[1]?.reason, .currency)
        XCTAssertEqual(result.outcomes[2]?.reason, .debit)
        XCTAssertEqual(result.openItems[0].open, 10_00)
    }

    func test_reversal_undoesAnEarlierRunsPaymentOrIsReported() {
        let items = [item("1", key: "1232", open: 0)]
        let old = Allocation(paymentId: 7, invoiceId: 1, invoiceNumber: "1", currency: euro, amount: 10_00, rule: .reference)
        let prior = PriorPayment(id: 7, archiveId: "OLD", account: "FI21", referenceKey: "1232", amount: 10_00, bookingDate: nil,
                                 allocations: [old])
        let reversal = pay(8, 10_00, reference: "1232", direction: .debit, reversal: true)
        let orphan = pay(9, 99_00, reference: "1232", direction: .debit, reversal: true)
        let result = MatchingEngine().match(openItems: items, credits: [], payments: [reversal, orphan], priorPayments: [prior])
        XCTAssertEqual(result.outcomes[8]?.status, .reversal)
        XCTAssertEqual(result.outcomes[8]?.reverses, 7)
        XCTAssertEqual(result.undone, [old])
        XCTAssertEqual(result.outcomes[7]?.status, .reversed, "an earlier run's payment is marked reversed too")
        XCTAssertEqual(result.openItems[0].open, 10_00, "the invoice reopens")
        XCTAssertEqual(result.outcomes[9]?.reason, .reversalUnmatched)
    }

    func test_reversalNamingItsOriginalByArchiveId_findsItWithoutAReference() {
        let items = [item("1", key: "1232", open: 10_00)]
        let original = pay(1, 10_00, reference: "1232")
        let reversal = PaymentToMatch(
            id: 2, account: "FI21", payment: makePayment("A1", 10_00, reference: nil, direction: .debit, reversal: true))
        let result = MatchingEngine().match(openItems: items, credits: [], payments: [original, reversal], priorPayments: [])
        XCTAssertEqual(result.outcomes[2]?.status, .reversal)
        XCTAssertEqual(result.outcomes[1]?.status, .reversed)
        XCTAssertEqual(result.openItems[0].open, 10_00)
        XCTAssertEqual(result.allocations, [])
    }

    /// A reversal undoes no payment the bank booked after it, of an earlier run or of the same pass: the one booked
    /// the same day or before is undone.
    func test_reversal_undoesNoPaymentBookedAfterIt() {
        let items = [item("1", key: "1232", open: 0)]
        func prior(_ id: Int64, booked day: Int) -> PriorPayment {
            PriorPayment(
                id: id, archiveId: "P\(id)", account: "FI21", referenceKey: "1232", amount: 10_00,
                bookingDate: LocalDate(year: 2026, month: 11, day: day),
                allocations: [Allocation(paymentId: id, invoiceId: 1, invoiceNumber: "1", currency: euro, amount: 10_00, rule: .reference)])
        }
        func reversal(booked day: Int) -> PaymentToMatch {
            var payment = makePayment("R", 10_00, reference: "1232", direction: .debit, reversal: true)
            payment.bookingDate = LocalDate(year: 2026, month: 11, day: day)
            return PaymentToMatch(id: 9, account: "FI21", payment: payment)
        }
        let later = MatchingEngine().match(
            openItems: items, credits: [], payments: [reversal(booked: 20)], priorPayments: [prior(1, booked: 21)])
        XCTAssertEqual(later.outcomes[9]?.reason, .reversalUnmatched, "the payment was booked a day after the reversal")
        XCTAssertNil(later.outcomes[1])
        XCTAssertEqual(later.openItems[0].open, 0)
        let sameDay = MatchingEngine().match(
            openItems: items, credits: [], payments: [reversal(booked: 21)], priorPayments: [prior(1, booked: 21), prior(2, booked: 22)])
        XCTAssertEqual(sameDay.outcomes[9]?.reverses, 1, "booked the same day, not the later one")
        XCTAssertEqual(sameDay.outcomes[1]?.status, .reversed)
        XCTAssertEqual(sameDay.openItems[0].open, 10_00)
    }

    func test_oneAmountForSeveralInvoices_isSplitByItsParts() {
        let items = [item("1", key: "1232", open: 100_00), item("2", key: "12344", open: 50_00)]
        var payment = Payment(
            format: "test", file: "test", account: "FI21", messageId: nil, entryArchiveId: nil, archiveId: "P", bookingDate: nil,
            valueDate: nil, paymentDate: nil, amount: Amount(minorUnits: 130_00, currency: euro), currency: euro,
            direction: .credit, isReversal: false, reference: StatedReference(stated: "1232"), remittanceText: nil, payerName: nil,
            endToEndId: nil, returnReason: nil, entryStatus: .booked, instructedAmount: nil, charges: nil, parts: [])
        payment.parts = [
            Payment.Part(reference: StatedReference(stated: "1232"), amount: Amount(minorUnits: 100_00, currency: euro)),
            Payment.Part(reference: StatedReference(stated: "12344"), amount: Amount(minorUnits: 50_00, currency: euro)),
            Payment.Part(amount: Amount(minorUnits: -20_00, currency: euro), documentType: "CREN", documentNumber: "H1"),
        ]
        let toMatch = [PaymentToMatch(id: 1, account: nil, payment: payment)]
        let waiting = MatchingEngine().match(openItems: items, credits: [], payments: toMatch, priorPayments: [])
        XCTAssertEqual(waiting.allocations, [], "the credit note H1 is not booked: the payment waits for it")
        XCTAssertEqual(described(waiting.outcomes[1]), "unmatched unknown_reference 13000")
        let result = MatchingEngine().match(openItems: items, credits: [], payments: toMatch, priorPayments: [],
                                            bookedCreditNotes: ["H1"])
        XCTAssertEqual(result.allocations.map { "\($0.invoiceNumber):\($0.amount):\($0.rule)" }, ["1:10000:part", "2:3000:part"])
        XCTAssertEqual(result.outcomes[1]?.unapplied, 0)
    }

    /// Blocks without amounts whose invoices' open amounts add up to the payment pay each invoice in full.
    func test_partsWithoutAmounts_payEachInvoiceInFull_whenTheOpenAmountsAddUp() {
        let items = [item("1", key: "1232", open: 100_00), item("2", key: "12344", open: 50_00)]
        var payment = makePayment("P", 150_00, reference: "1232")
        payment.parts = [Payment.Part(reference: StatedReference(stated: "1232")), Payment.Part(reference: StatedReference(stated: "12344"))]
        let result = MatchingEngine().match(
            openItems: items, credits: [], payments: [PaymentToMatch(id: 1, account: nil, payment: payment)], priorPayments: [])
        XCTAssertEqual(result.allocations.map { "\($0.invoiceNumber):\($0.amount)" }, ["1:10000", "2:5000"])
        XCTAssertEqual(result.openItems.map(\.open), [0, 0])
    }

    func test_creditLargerThanWhatIsOpen_leavesACustomerCredit() {
        let items = [item("1", key: "1232", open: 30_00)]
        let credit = CreditToApply(id: 40, creditNoteNumber: "H1", originalInvoiceNumber: "1", referenceKey: nil,
                                   amount: 50_00, invoiceIds: [1])
        let result = MatchingEngine().match(openItems: items, credits: [credit], payments: [], priorPayments: [])
        XCTAssertEqual(result.openItems[0].open, 0)
        XCTAssertEqual(result.creditAllocations.map { "\($0.paymentId)>\($0.invoiceId):\($0.amount)" }, ["40>1:3000"])
    }

    func test_creditNoteBeforeItsInvoice_appliesNothingAndWaits() {
        let credit = CreditToApply(id: 40, creditNoteNumber: "H1", originalInvoiceNumber: "1", referenceKey: "1232",
                                   amount: 50_00, invoiceIds: [])
        let result = MatchingEngine().match(openItems: [item("2", key: "12344", open: 80_00)], credits: [credit], payments: [],
                                            priorPayments: [])
        XCTAssertEqual(result.creditAllocations, [])
        XCTAssertEqual(result.openItems[0].open, 80_00)
    }

    func test_suggestions_areAppliedOnlyWhenTheConfigAllowsTheRule() {
        let items = [item("100042", key: "1232", open: 25_00, customer: "Virtanen Oy")]
        let byText = pay(1, 25_00, reference: nil, text: "lasku 100042")
        let byName = pay(2, 25_00, reference: nil, payer: "VIRTANEN OY")
        let advised = MatchingEngine().match(openItems: items, credits: [], payments: [byText], priorPayments: [])
        XCTAssertEqual(advised.outcomes[1]?.status, .unmatched)
        XCTAssertEqual(advised.outcomes[1]?.suggestion, Suggestion(invoiceNumber: "100042", rule: .invoiceNumberInText, confidence: 0.9))
        XCTAssertEqual(advised.openItems[0].open, 25_00)
        let named = MatchingEngine().match(openItems: items, credits: [], payments: [byName], priorPayments: [])
        XCTAssertEqual(named.outcomes[2]?.suggestion?.rule, .amountAndName)
        let automatic = MatchingEngine(autoApply: [.invoiceNumberInText]).match(openItems: items, credits: [], payments: [byText], priorPayments: [])
        XCTAssertEqual(automatic.outcomes[1]?.status, .matched)
        XCTAssertEqual(automatic.allocations.map(\.rule), [.invoiceNumberInText])
        XCTAssertEqual(automatic.openItems[0].open, 0)
    }

    func test_itemsAskedForBySuggestions_suggestAsIfGivenFromTheStart() {
        // Two sellers' invoices numbered 7001, the later row settled: the message names the only open one, whether
        // it is given or asked for.
        let given = [
            OpenItem(id: 20, invoiceNumber: "7001", referenceKey: "1232", currency: euro, dueDate: nil, customerName: "Aalto Oy", open: 0),
            item("300", key: "1245", open: 40_00),
        ]
        let asked = [
            OpenItem(id: 10, invoiceNumber: "7001", referenceKey: "1258", currency: euro, dueDate: nil, customerName: "Berg Ab", open: 12_00),
            item("400", key: "1261", open: 55_00, customer: "Virtanen Oy"),
        ]
        let payments = [
            pay(1, 12_00, reference: nil, text: "lasku 7001"), pay(2, 55_00, reference: nil, payer: "Virtanen"),
            pay(3, 40_00, reference: "1245"),
        ]
        var lookups: [MatchingEngine.SuggestionLookups] = []
        let added = MatchingEngine().match(openItems: given, credits: [], payments: payments, priorPayments: []) { asking, items in
            lookups.append(asking)
            XCTAssertEqual(items.map(\.id), [20, 300], "asked with the items given")
            return asked
        }
        let whole = MatchingEngine().match(
            openItems: (given + asked).sorted { $0.id < $1.id }, credits: [], payments: payments, priorPayments: [])
        XCTAssertEqual(added.outcomes, whole.outcomes)
        XCTAssertEqual(added.allocations, whole.allocations)
        XCTAssertEqual(lookups.map(\.invoiceNumbers), [["lasku", "7001"]], "asked once, for the two payments left unmatched")
        XCTAssertEqual(added.outcomes[1]?.suggestion?.invoiceNumber, "7001", "the only open 7001")
        XCTAssertEqual(added.outcomes[2]?.suggestion?.invoiceNumber, "400")
        XCTAssertEqual(added.outcomes[3]?.status, .matched)
        XCTAssertEqual(added.suggestionItems.map(\.id), [10, 400])
        XCTAssertEqual(added.openItems.map(\.open), [0, 0])
    }

    // MARK: Helpers

    /// An outcome as "status reason unapplied" ("-" for no reason).
    private func described(_ outcome: PaymentOutcome?) -> String {
        outcome.map { "\($0.status.rawValue) \($0.reason?.rawValue ?? "-") \($0.unapplied)" } ?? "none"
    }

    /// An open item whose id is its (numeric) invoice number.
    private func item(_ number: String, key: String, open: Int64, due: Int = 1, customer: String? = nil) -> OpenItem {
        OpenItem(id: Int64(number)!, invoiceNumber: number, referenceKey: key, currency: euro, dueDate: LocalDate(year: 2026, month: 1, day: due),
                 customerName: customer, open: open)
    }

    /// A payment whose archive id is "A" and its id.
    private func pay(
        _ id: Int64, _ cents: Int64, reference: String?, currency: Currency = .euro, direction: Payment.Direction = .credit,
        reversal: Bool = false, text: String? = nil, payer: String? = nil, status: Payment.EntryStatus = .booked
    ) -> PaymentToMatch {
        var payment = makePayment(
            "A\(id)", cents, reference: reference, currency: currency, direction: direction, reversal: reversal, text: text, payer: payer)
        payment.entryStatus = status
        return PaymentToMatch(id: id, account: "FI21", payment: payment)
    }

    private func makePayment(
        _ archiveId: String, _ cents: Int64, reference: String?, currency: Currency = .euro, direction: Payment.Direction = .credit,
        reversal: Bool = false, text: String? = nil, payer: String? = nil
    ) -> Payment {
        let payment = Payment(
            format: "test", file: "test", account: "FI21", messageId: nil, entryArchiveId: nil, archiveId: archiveId, bookingDate: nil,
            valueDate: nil, paymentDate: nil, amount: Amount(minorUnits: cents, currency: currency), currency: currency,
            direction: direction, isReversal: reversal, reference: reference.flatMap { StatedReference(stated: $0) },
            remittanceText: text, payerName: payer, endToEndId: nil, returnReason: nil, entryStatus: .booked,
            instructedAmount: nil, charges: nil, parts: [])
        return payment
    }
}
