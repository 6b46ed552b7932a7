import Dunning
import Receivables
import XCTest

/// The dunning ladder against Finnish law, worked by hand in each test's comment.
final class DunningEngineTests: XCTestCase {
    private func day(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }

    private let consumer = Customer(key: "cust:AS1", name: "Aino Laine", businessId: nil, isConsumer: true, address: nil,
                                    language: "fi", eInvoiceAddress: nil, eInvoiceIntermediator: nil)
    private let business = Customer(key: "id:1234567-1", name: "Virtanen Oy", businessId: "1234567-1", isConsumer: false,
                                    address: nil, language: "fi", eInvoiceAddress: "003712345671", eInvoiceIntermediator: "OKOYFIHH")

    /// A policy of one class whose steps all ask `fee`, every `after` days.
    private func policy(fee: Int64, after: Int = 0, steps: Int = 4, compensation: Bool = true) -> DunningPolicy {
        DunningPolicy(
            classes: ["c": .init(name: "c", steps: Array(repeating: .init(after: after, action: .reminder, fee: fee, payWithin: 14),
                                                          count: steps), minimumOpen: 1_00)],
            consumerClass: "c", businessClass: "c", chargesCompensation: compensation)
    }

    private func invoice(_ customer: Customer, sent: String, due: String, amount: Int64 = 100_00, history: [IssuedStep] = [])
        -> DunnableInvoice
    {
        DunnableInvoice(invoiceNumber: "1001", customer: customer, currency: .euro, amount: amount, open: amount,
                        invoiceDate: day(sent), dueDate: day(due), history: history)
    }

    private func reminder(_ decision: DunningDecision) -> (fee: Int64, compensation: Int64, rule: String)? {
        guard case .remind(_, _, let fee, let rule, let compensation, _) = decision.outcome else { return nil }
        return (fee, compensation, rule.description)
    }

    /// Consumer invoice due 10.6.2025, sent 20.5.2025 (21 days before its due date: 10 b § 1 mom's first condition
    /// holds). On 24.6.2025, 14 days have passed since the due date: the 5 € fee is allowed. On 23.6.2025 only 13
    /// have: the reminder may go, without a fee.
    func test_consumer_firstFeeOnlyFourteenDaysAfterTheDueDate() {
        let engine = DunningEngine(policy: policy(fee: 5_00))
        let bill = invoice(consumer, sent: "2025-05-20", due: "2025-06-10")
        let allowed = reminder(engine.decide([bill], holds: [], asOf: day("2025-06-24"))[0])
        XCTAssertEqual(allowed?.fee, 5_00)
        XCTAssertEqual(allowed?.rule, "513/1999 10 a § 1 mom 1 k: at most 5.00 €")
        let early = reminder(engine.decide([bill], holds: [], asOf: day("2025-06-23"))[0])
        XCTAssertEqual(early?.fee, 0)
        XCTAssertEqual(early?.rule, "513/1999 10 b § 1 mom: fewer than 14 days since the due date")
    }

    /// An invoice sent 10 days before its due date (1.6. → 11.6.) never bears a fee on its first reminder, however
    /// late it comes (10 b § 1 mom: sent at least 14 days before the due date).
    func test_consumer_invoiceSentTenDaysBeforeItsDueDate_neverBearsAFee() {
        let engine = DunningEngine(policy: policy(fee: 5_00))
        let bill = invoice(consumer, sent: "2025-06-01", due: "2025-06-11")
        let decision = reminder(engine.decide([bill], holds: [], asOf: day("2025-08-01"))[0])
        XCTAssertEqual(decision?.fee, 0)
        XCTAssertEqual(decision?.rule, "513/1999 10 b § 1 mom: the invoice was sent fewer than 14 days before its due date")
    }

    /// A consumer's next fee-bearing reminder comes 14 days after the previous one (10 b § 2 mom).
    func test_consumer_nextFeeFourteenDaysAfterThePreviousReminder() {
        let engine = DunningEngine(policy: policy(fee: 5_00))
        let first = IssuedStep(step: 1, action: .reminder, issuedOn: day("2025-07-01"), allowedFee: 5_00, fee: 5_00, compensation: 0)
        let bill = invoice(consumer, sent: "2025-05-20", due: "2025-06-10", history: [first])
        XCTAssertEqual(reminder(engine.decide([bill], holds: [], asOf: day("2025-07-14"))[0])?.fee, 0, "13 days")
        XCTAssertEqual(reminder(engine.decide([bill], holds: [], asOf: day("2025-07-15"))[0])?.fee, 5_00, "14 days")
    }

    /// Business reminders 9 and 10 days apart: a new fee-bearing reminder needs 10 days since the previous one
    /// (10 f § 1 mom). Without the compensation, to see the fee itself.
    func test_business_reminders9And10DaysApart() {
        let engine = DunningEngine(policy: policy(fee: 12_00, compensation: false))
        let first = IssuedStep(step: 1, action: .reminder, issuedOn: day("2025-07-01"), allowedFee: 12_00, fee: 12_00, compensation: 0)
        let bill = invoice(business, sent: "2025-06-01", due: "2025-06-15", history: [first])
        let nine = reminder(engine.decide([bill], holds: [], asOf: day("2025-07-10"))[0])
        XCTAssertEqual(nine?.fee, 0)
        XCTAssertEqual(nine?.rule, "513/1999 10 f § 1 mom: no fee within 10 days of the previous reminder (2025-07-01)")
        XCTAssertEqual(reminder(engine.decide([bill], holds: [], asOf: day("2025-07-11"))[0])?.fee, 12_00)
    }

    /// The 40 € compensation with 12 € + 12 € fees: charged 40, not 64 (10 i §: fees only beyond the compensation).
    /// First reminder: compensation 40, fee 0 (12 allowed, offset). Second: allowed 24 in all, still under 40: fee 0.
    /// Fourth: allowed 48 in all, 8 above 40: fee 8.
    func test_business_compensationOffsetsTheFees() {
        let engine = DunningEngine(policy: policy(fee: 12_00))
        var history: [IssuedStep] = []
        var charged: [(Int64, Int64)] = []
        var today = day("2025-07-01")
        for step in 1...4 {
            let bill = invoice(business, sent: "2025-06-01", due: "2025-06-15", history: history)
            guard case .remind(_, let allowed, let fee, _, let compensation, _) = engine.decide([bill], holds: [], asOf: today)[0].outcome
            else { return XCTFail("step \(step): no reminder") }
            charged.append((fee, compensation))
            history.append(IssuedStep(step: step, action: .reminder, issuedOn: today, allowedFee: allowed, fee: fee, compensation: compensation))
            today = today.adding(days: 10)
        }
        XCTAssertEqual(charged.map(\.0), [0, 0, 0, 8_00])
        XCTAssertEqual(charged.map(\.1), [40_00, 0, 0, 0])
        XCTAssertEqual(charged.prefix(2).reduce(0) { $0 + $1.0 + $1.1 }, 40_00, "two 12 € reminders: 40 charged, not 64")
    }

    /// The total cap by principal (10 d § for consumers: 60 € up to 100 € of principal) leaves the rest of a fee off.
    func test_totalCap_byPrincipal() {
        let earlier = (1...11).map {
            IssuedStep(step: $0, action: .reminder, issuedOn: day("2025-01-01").adding(days: 14 * $0), allowedFee: 5_00, fee: 5_00,
                       compensation: 0)
        }
        let manySteps = DunningEngine(policy: policy(fee: 5_00, steps: 13))
        let bill = invoice(consumer, sent: "2024-12-01", due: "2024-12-20", amount: 80_00, history: earlier)
        let decision = reminder(manySteps.decide([bill], holds: [], asOf: day("2025-07-01"))[0])
        XCTAssertEqual(decision?.fee, 5_00, "55 + 5 = 60, the cap")
        let beyond = invoice(consumer, sent: "2024-12-01", due: "2024-12-20", amount: 80_00,
                             history: earlier + [IssuedStep(step: 12, action: .reminder, issuedOn: day("2025-07-01"),
                                                            allowedFee: 5_00, fee: 5_00, compensation: 0)])
        let capped = reminder(manySteps.decide([beyond], holds: [], asOf: day("2025-08-01"))[0])
        XCTAssertEqual(capped?.fee, 0)
        XCTAssertTrue(capped?.rule.hasPrefix("513/1999 10 d §") ?? false, capped?.rule ?? "")
    }

    /// One step per run, counted from the previous step's actual day: after missed days the step now due is issued
    /// once, never several.
    func test_stepsAfterMissedDays_areIssuedOnceEach_fromThePreviousStepsDay() {
        let engine = DunningEngine(policy: .builtIn)
        let bill = invoice(consumer, sent: "2025-05-20", due: "2025-06-10")
        // standard: 7 days after the due date, then 14 after that, then collection 14 after that.
        let late = engine.decide([bill], holds: [], asOf: day("2025-09-01"))[0]
        guard case .remind(let step, _, _, _, _, let payBy) = late.outcome else { return XCTFail("\(late.outcome)") }
        XCTAssertEqual(step, 1, "the first step only, though three fell due in the gap")
        XCTAssertEqual(payBy, day("2025-09-15"))
        let first = IssuedStep(step: 1, action: .reminder, issuedOn: day("2025-09-01"), allowedFee: 0, fee: 0, compensation: 0)
        let next = invoice(consumer, sent: "2025-05-20", due: "2025-06-10", history: [first])
        XCTAssertEqual(engine.decide([next], holds: [], asOf: day("2025-09-14"))[0].outcome, .wait(.notYetDue(step: 2, dueOn: day("2025-09-15"))))
    }

    /// A step never falls due before a payment made on the last day to pay can be known: it reaches the creditor's
    /// bank the banking day after, and that day's file the morning after. A last day on a weekend moves to the Monday.
    func test_aStep_waitsUntilAPaymentOnTheLastDayToPayCanBeKnown() {
        // Wednesday 3.9.2025: booked Thursday, known Friday 5.9. Thursday 4.9.: booked Friday, whose file comes with
        // Monday 8.9. Friday 5.9.: booked Monday, known Tuesday 9.9. Saturday 6.9. and Sunday 7.9.: paying on Monday
        // 8.9. is in time; booked Tuesday, known Wednesday 10.9.
        XCTAssertEqual(PaymentTiming.firstDayKnowing(paymentOn: day("2025-09-03")), day("2025-09-05"))
        XCTAssertEqual(PaymentTiming.firstDayKnowing(paymentOn: day("2025-09-04")), day("2025-09-08"))
        XCTAssertEqual(PaymentTiming.firstDayKnowing(paymentOn: day("2025-09-05")), day("2025-09-09"))
        XCTAssertEqual(PaymentTiming.firstDayKnowing(paymentOn: day("2025-09-06")), day("2025-09-10"))
        XCTAssertEqual(PaymentTiming.firstDayKnowing(paymentOn: day("2025-09-07")), day("2025-09-10"))
        // The built-in ladder: step 1 issued Monday 1.9. gave until Monday 15.9.; step 2 comes 14 days after step 1,
        // on that very day, so it waits for Wednesday 17.9.
        let engine = DunningEngine(policy: .builtIn)
        let first = IssuedStep(step: 1, action: .reminder, issuedOn: day("2025-09-01"), allowedFee: 0, fee: 0, compensation: 0,
                               payBy: day("2025-09-15"))
        let reminded = invoice(consumer, sent: "2025-05-20", due: "2025-06-10", history: [first])
        XCTAssertEqual(engine.decide([reminded], holds: [], asOf: day("2025-09-16"))[0].outcome,
                       .wait(.notYetDue(step: 2, dueOn: day("2025-09-17"))))
        XCTAssertNotNil(reminder(engine.decide([reminded], holds: [], asOf: day("2025-09-17"))[0]))
        // A ladder whose first step comes on the due date (Friday 5.9.) waits likewise, for Tuesday 9.9.
        let eager = DunningEngine(policy: policy(fee: 0, after: 0))
        let bill = invoice(consumer, sent: "2025-08-01", due: "2025-09-05")
        XCTAssertEqual(eager.decide([bill], holds: [], asOf: day("2025-09-08"))[0].outcome,
                       .wait(.notYetDue(step: 1, dueOn: day("2025-09-09"))))
        XCTAssertNotNil(reminder(eager.decide([bill], holds: [], asOf: day("2025-09-09"))[0]))
    }

    /// A reminder asks again what earlier reminders charged, less what was paid of interest and charges: nothing
    /// while the principal is open, as payments pay it first; something once a reversal reopened it.
    func test_earlierCharges_areTheEarlierRemindersFees_lessWhatWasPaidOfCharges() {
        let history = [
            IssuedStep(step: 1, action: .reminder, issuedOn: day("2026-03-23"), allowedFee: 5_00, fee: 0,
                       compensation: 40_00, interest: 2_01),
            IssuedStep(step: 2, action: .reminder, issuedOn: day("2026-04-09"), allowedFee: 5_00, fee: 5_00,
                       compensation: 0, interest: 6_90),
        ]
        let bill = invoice(consumer, sent: "2026-03-02", due: "2026-03-16", history: history)
        XCTAssertEqual(bill.earlierCharges(owing: 51_90).charged, 45_00)
        XCTAssertEqual(bill.earlierCharges(owing: 51_90).paid, 0, "all owed: nothing was paid of them")
        XCTAssertEqual(bill.earlierCharges(owing: 41_90).paid, 10_00)
        XCTAssertEqual(bill.earlierCharges(owing: 60_00).paid, 0, "never below zero")
        XCTAssertEqual(invoice(consumer, sent: "2026-03-02", due: "2026-03-16").earlierCharges(owing: 0).charged, 0)
    }

    /// Finnish banks close on eleven holidays besides weekends; a last day to pay on one moves to the next banking day.
    func test_bankHolidays_areClosedDays_andMoveTheLastDayToPay() {
        // The closing days published for 2024 and 2025 that fall on weekdays, and nothing else on a weekday.
        let closed2024 = ["01-01", "03-29", "04-01", "05-01", "05-09", "06-21", "12-06", "12-24", "12-25", "12-26"]
        let closed2025 = ["01-01", "01-06", "04-18", "04-21", "05-01", "05-29", "06-20", "12-24", "12-25", "12-26"]
        for (year, closed) in [(2024, closed2024), (2025, closed2025)] {
            let first = day("\(year)-01-01")
            let weekdaysClosed = (0..<366).map { first.adding(days: $0) }
                .filter { $0.year == year && $0.weekday <= 5 && !$0.isBankingDay }
                .map { String($0.description.dropFirst(5)) }
            XCTAssertEqual(weekdaysClosed, closed, "\(year)")
        }
        XCTAssertFalse(day("2026-06-20").isBankingDay, "a Saturday")
        XCTAssertTrue(day("2026-06-18").isBankingDay, "the Thursday before Midsummer Eve")
        // Christmas Eve, Thursday 24.12.2026: banks are closed until Monday 28.12.; booked Tuesday, known Wednesday.
        XCTAssertEqual(day("2026-12-24").bankingDay, day("2026-12-28"))
        XCTAssertEqual(PaymentTiming.firstDayKnowing(paymentOn: day("2026-12-24")), day("2026-12-30"))
        // Thursday 18.6.2026, before Midsummer Eve: booked on Monday 22.6., known Tuesday 23.6.
        XCTAssertEqual(PaymentTiming.bookedBy(paymentOn: day("2026-06-18")), day("2026-06-22"))
        XCTAssertEqual(PaymentTiming.firstDayKnowing(paymentOn: day("2026-06-18")), day("2026-06-23"))
        // Maundy Thursday 2.4.2026: Good Friday and Easter Monday are closed, so it is known on Wednesday 8.4.
        XCTAssertEqual(PaymentTiming.firstDayKnowing(paymentOn: day("2026-04-02")), day("2026-04-08"))
        let eager = DunningEngine(policy: policy(fee: 0, after: 0))
        let bill = invoice(consumer, sent: "2026-11-24", due: "2026-12-24")
        XCTAssertEqual(eager.decide([bill], holds: [], asOf: day("2026-12-29"))[0].outcome,
                       .wait(.notYetDue(step: 1, dueOn: day("2026-12-30"))))
        XCTAssertNotNil(reminder(eager.decide([bill], holds: [], asOf: day("2026-12-30"))[0]))
    }

    /// Holds, disputes and plans stop the ladder while in effect by the as-of date; a paid or tiny invoice gets no step.
    func test_holdsAndSmallAmounts_stopTheLadder() {
        let engine = DunningEngine(policy: .builtIn)
        let bill = invoice(consumer, sent: "2025-05-20", due: "2025-06-10")
        let dispute = HoldView(id: 7, invoiceNumber: "1001", customerId: nil, kind: .dispute, from: nil, until: day("2025-07-31"),
                               instalments: [], status: .active, note: nil)
        XCTAssertEqual(engine.decide([bill], holds: [dispute], asOf: day("2025-07-01"))[0].outcome,
                       .wait(.held(.dispute, id: 7)))
        XCTAssertNotNil(reminder(engine.decide([bill], holds: [dispute], asOf: day("2025-08-01"))[0]), "the dispute ended on 31.7.")
        let plan = HoldView(id: 8, invoiceNumber: nil, customerId: "cust:AS1", kind: .plan, from: day("2025-06-01"), until: nil,
                            instalments: [], status: .active, note: nil)
        XCTAssertEqual(engine.decide([bill], holds: [plan], asOf: day("2025-07-01"))[0].outcome, .wait(.held(.plan, id: 8)))
        let otherInvoice = HoldView(id: 9, invoiceNumber: "999", customerId: "cust:AS1", kind: .hold, from: nil, until: nil,
                                    instalments: [], status: .active, note: nil)
        XCTAssertNotNil(reminder(engine.decide([bill], holds: [otherInvoice], asOf: day("2025-07-01"))[0]),
                        "a hold on another invoice of the customer covers that invoice only")
        let small = DunnableInvoice(invoiceNumber: "1002", customer: consumer, currency: .euro, amount: 100_00, open: 9_99,
                                    invoiceDate: day("2025-05-20"), dueDate: day("2025-06-10"), history: [])
        XCTAssertEqual(engine.decide([small], holds: [], asOf: day("2025-07-01"))[0].outcome,
                       .wait(.belowMinimum(open: 9_99, minimum: 10_00)))
        // The audit and the dry run keep the reason's words; the report groups by its code.
        XCTAssertEqual(WaitReason.held(.dispute, id: 7).description, "dispute 7 in effect (513/1999 4 b §)")
        XCTAssertEqual(WaitReason.belowMinimum(open: 9_99, minimum: 10_00).description, "open 9.99 € is below the class's minimum 10.00 €")
        XCTAssertEqual([WaitReason.held(.dispute, id: 7), .held(.plan, id: 8), .notYetDue(step: 2, dueOn: day("2025-09-15"))].map(\.code),
                       ["disputed", "on_plan", "not_yet_due"])
    }

    /// Reminders go in the creditor's name: an invoice that states another seller waits however overdue it is; the
    /// creditor's own and one that states no seller are reminded.
    func test_anotherSellersInvoice_waits_theCreditorsOwnAreReminded() {
        let engine = DunningEngine(policy: .builtIn)
        func bill(seller: String?) -> DunnableInvoice {
            DunnableInvoice(invoiceNumber: "1001", sellerId: seller, customer: consumer, currency: .euro,
                            amount: 100_00, open: 100_00, invoiceDate: day("2025-05-20"), dueDate: day("2025-06-10"),
                            history: [])
        }
        let bills = [bill(seller: "2345678-0"), bill(seller: "1234567-1"), bill(seller: nil)]
        let decisions = engine.decide(bills, holds: [], asOf: day("2025-07-01"), creditorBusinessId: "1234567-1")
        XCTAssertEqual(decisions[0].outcome, .wait(.otherSeller(sellerId: "2345678-0")))
        XCTAssertEqual(WaitReason.otherSeller(sellerId: "2345678-0").code, "other_seller")
        XCTAssertNotNil(reminder(decisions[1]), "the creditor's own invoice")
        XCTAssertNotNil(reminder(decisions[2]), "an invoice that names no seller")
    }

    /// A policy asking more than the law allows is refused at start, naming the section.
    func test_aPolicyAboveTheCaps_isRefusedNamingTheSection() {
        XCTAssertNoThrow(try DunningPolicy.builtIn.check(against: .finland))
        XCTAssertThrowsError(try policy(fee: 6_00).check(against: .finland)) {
            XCTAssertEqual("\($0)", "class 'c', step 1: a fee of 6.00 € is more than a consumer may be charged for a reminder "
                + "(5.00 €, 513/1999 10 a § 1 mom 1 k)")
        }
        let businessOnly = DunningPolicy(
            classes: ["b": .init(name: "b", steps: [.init(after: 7, action: .reminder, fee: 12_00)], minimumOpen: 0),
                      "c": .init(name: "c", steps: [], minimumOpen: 0)],
            consumerClass: "c", businessClass: "b")
        XCTAssertNoThrow(try businessOnly.check(against: .finland), "12 € is lawful for businesses only")
        let consumerInIt = DunningPolicy(classes: businessOnly.classes, consumerClass: "c", businessClass: "b",
                                         customers: ["cust:AS1": "b"])
        XCTAssertThrowsError(try consumerInIt.check(against: .finland), "a consumer assigned to the 12 € class")
        XCTAssertThrowsError(try DunningPolicy(classes: [:], consumerClass: "x", businessClass: "x").check(against: .finland))
    }

    /// While files wait in quarantine a step that falls due waits (`input_quarantined`: they may hold its payment);
    /// an invoice not yet due a step keeps its own reason, and without quarantined files the reminder goes.
    func test_filesInQuarantine_holdEveryStepDue() {
        let engine = DunningEngine(policy: policy(fee: 0, after: 7))
        let bill = invoice(consumer, sent: "2025-05-20", due: "2025-06-10")
        let held = engine.decide([bill], holds: [], asOf: day("2025-06-24"), creditorBusinessId: "1234567-1",
                                 filesInQuarantine: 2)[0]
        XCTAssertEqual(held.outcome, .wait(.inputQuarantined(files: 2)))
        XCTAssertEqual(WaitReason.inputQuarantined(files: 2).code, "input_quarantined")
        let early = engine.decide([bill], holds: [], asOf: day("2025-06-12"), creditorBusinessId: "1234567-1",
                                  filesInQuarantine: 2)[0]
        XCTAssertEqual(early.outcome, .wait(.notYetDue(step: 1, dueOn: day("2025-06-17"))))
        XCTAssertNotNil(reminder(engine.decide([bill], holds: [], asOf: day("2025-06-24"))[0]))
    }
}

/// The tests' invoices name no seller: each is the creditor's.
private extension DunningEngine {
    func decide(_ invoices: [DunnableInvoice], holds: [HoldView], asOf: LocalDate) -> [DunningDecision] {
        decide(invoices, holds: holds, asOf: asOf, creditorBusinessId: "1234567-1")
    }
}
