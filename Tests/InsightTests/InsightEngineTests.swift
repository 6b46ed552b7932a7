@testable import Insight
import Receivables
import XCTest

/// Insight over hand-made histories, each figure worked by hand in the test's comments.
final class InsightEngineTests: XCTestCase {
    private let asOf = try! LocalDate(parsing: "2026-11-30")
    private let dollar = Currency(code: "USD")!

    private func day(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }

    /// An invoice of `amount` cents due `due`, dated 14 days before unless said, with payments and credits by date.
    private func invoice(
        _ number: String, customer: String = "id:1234567-1", amount: Int64, due: LocalDate, issued: LocalDate? = nil,
        currency: Currency = .euro, payments: [(LocalDate, Int64)] = [], credits: [(LocalDate, Int64)] = [],
        dunning: DunningState = .none
    ) -> InvoiceHistory {
        InvoiceHistory(
            invoiceNumber: number, customerId: customer, customerName: "Name of \(customer)", currency: currency,
            amount: amount, invoiceDate: issued ?? due.adding(days: -14), dueDate: due, dunning: dunning,
            payments: payments.map { DatedAmount(date: $0.0, amount: $0.1) },
            credits: credits.map { DatedAmount(date: $0.0, amount: $0.1) })
    }

    private func report(_ invoices: [InvoiceHistory], margin: Int = 7) -> InsightReport {
        InsightEngine.report(
            PaymentHistory(asOf: asOf, since: asOf.adding(days: -PaymentHistory.daysNeeded), invoices: invoices),
            settings: .init(trendMarginDays: margin))
    }

    // MARK: Ageing

    func test_ageing_bucketBoundariesAreInclusiveAsNamed() {
        let disputed = DunningState(reminderLevel: 2, inCollection: false, hold: .dispute)
        // Days past due → bucket (amount in cents):
        //   −5, 0 → not due (2_00 + 1_00 = 3_00, 2 invoices)
        //   1, 30 → 1–30 (10_00 + 20_00 = 30_00)      31, 60 → 31–60 (30_00 + 40_00 = 70_00)
        //   61, 90 → 61–90 (50_00 + 60_00 = 110_00)   91, 100 → 91–100 (70_00 + 80_00 = 150_00)
        //   101 → over 100 (90_00 less 15_00 paid = 75_00)
        let days: [(Int, Int64)] = [(-5, 2_00), (0, 1_00), (1, 10_00), (30, 20_00), (31, 30_00), (60, 40_00), (61, 50_00),
                                    (90, 60_00), (91, 70_00), (100, 80_00)]
        var invoices = days.map { invoice("A\($0.0)", amount: $0.1, due: asOf.adding(days: -$0.0)) }
        invoices.append(invoice("A101", amount: 90_00, due: asOf.adding(days: -101),
                                payments: [(asOf.adding(days: -50), 15_00)], dunning: disputed))
        // Not open: paid in full, credited in full, dated after the as-of date, paid after it (open on the day).
        invoices.append(invoice("P", amount: 5_00, due: asOf.adding(days: -40), payments: [(asOf.adding(days: -45), 5_00)]))
        invoices.append(invoice("C", amount: 5_00, due: asOf.adding(days: -40), credits: [(asOf.adding(days: -41), 5_00)]))
        invoices.append(invoice("F", amount: 5_00, due: asOf.adding(days: 14), issued: asOf.adding(days: 1)))
        invoices.append(invoice("L", amount: 4_00, due: asOf.adding(days: -3), currency: dollar,
                                payments: [(asOf.adding(days: 1), 4_00)]))

        let report = report(invoices)

        XCTAssertEqual(report.ageing.map(\.currency), [.euro, dollar])
        XCTAssertEqual(report.ageing[0].rows, [
            AgeingRow(bucket: .notDue, count: 2, amount: 3_00), AgeingRow(bucket: .days1To30, count: 2, amount: 30_00),
            AgeingRow(bucket: .days31To60, count: 2, amount: 70_00), AgeingRow(bucket: .days61To90, count: 2, amount: 110_00),
            AgeingRow(bucket: .days91To100, count: 2, amount: 150_00), AgeingRow(bucket: .over100, count: 1, amount: 75_00),
        ])
        XCTAssertEqual(report.ageing[0].amount, 438_00)
        XCTAssertEqual(report.ageing[1].rows.filter { $0.count > 0 }, [AgeingRow(bucket: .days1To30, count: 1, amount: 4_00)])
        XCTAssertEqual(report.overHundredDays, [
            OverdueInvoice(invoiceNumber: "A101", customerId: "id:1234567-1", customerName: "Name of id:1234567-1",
                           currency: .euro, amount: 90_00, open: 75_00, dueDate: asOf.adding(days: -101), daysPastDue: 101,
                           dunning: disputed),
        ])
        // The only open invoices whose states the report shows are those due before the day a reader is told.
        let shownBefore = InsightEngine.statesShownDueBefore(asOf: asOf)
        XCTAssertEqual(invoices.filter { $0.dueDate < shownBefore }.map(\.invoiceNumber), ["A101"])
    }

    /// A report that lists two of the invoices over 100 days past due lists the two oldest to act on, and counts the
    /// rest as a list of two counts what the whole list holds.
    func test_overHundredDays_aReportListingTwo_listsTheOldestToActOn_andCountsTheRest() {
        let agency = DunningState(reminderLevel: 3, inCollection: true, hold: nil)
        let invoices = [
            invoice("O1", amount: 10_00, due: asOf.adding(days: -150)),
            invoice("O2", amount: 20_00, due: asOf.adding(days: -400), payments: [(asOf.adding(days: -5), 5_00)]),
            invoice("O3", amount: 40_00, due: asOf.adding(days: -200), dunning: agency),
            invoice("O4", amount: 80_00, due: asOf.adding(days: -300)),
            invoice("O5", amount: 160_00, due: asOf.adding(days: -120), currency: dollar),
            invoice("O6", amount: 320_00, due: asOf.adding(days: -90)),
        ]
        let history = PaymentHistory(
            asOf: asOf, since: asOf.adding(days: -PaymentHistory.daysNeeded), invoices: invoices)
        let every = InsightEngine.report(history)
        XCTAssertEqual(every.overHundredDays.map(\.invoiceNumber), ["O2", "O4", "O3", "O1", "O5"])
        XCTAssertEqual(every.unlistedOverdue, [])
        let two = InsightEngine.report(history, settings: .init(listedOverdue: 2))
        XCTAssertEqual(two.overHundredDays.map(\.invoiceNumber), ["O2", "O4"])
        XCTAssertEqual(two.overHundredDays.first?.open, 15_00)
        XCTAssertEqual(two.unlistedOverdue, [
            UnlistedOverdue(inCollection: false, band: .days101To180, currency: .euro, count: 1, open: 10_00),
            UnlistedOverdue(inCollection: false, band: .days101To180, currency: dollar, count: 1, open: 160_00),
            UnlistedOverdue(inCollection: true, band: .days181To365, currency: .euro, count: 1, open: 40_00),
        ])
        var list = OverdueList(listing: 2)
        for overdue in every.overHundredDays { list.add(overdue) }
        XCTAssertTrue(list.finish() == (two.overHundredDays, two.unlistedOverdue))
        XCTAssertEqual(two.ageing, every.ageing, "the ageing counts every invoice")
    }

    /// Two invoices of the same number (of two sellers), both more than 100 days past due, are listed in one order
    /// whatever order they came in: by customer.
    func test_overHundredDays_sameNumberTwice_inOneOrderWhateverTheyCameIn() {
        let due = asOf.adding(days: -120)
        let (b, a) = (invoice("X", customer: "id:b", amount: 10_00, due: due),
                      invoice("X", customer: "id:a", amount: 10_00, due: due))
        XCTAssertEqual(report([b, a]).overHundredDays.map(\.customerId), ["id:a", "id:b"])
        XCTAssertEqual(report([a, b]).overHundredDays.map(\.customerId), ["id:a", "id:b"])
    }

    // MARK: Payers

    func test_payers_weightedAndAverageDaysLateOverInvoicesPaidInTheWindow() {
        let customer = "id:7654321-9"
        let invoices = [
            // Paid 20 days late in one payment.
            invoice("1", customer: customer, amount: 100_00, due: day("2026-10-01"), payments: [(day("2026-10-21"), 100_00)]),
            // 100_00 five days early (0 days late), then 200_00 ten days late: completed 10 days late.
            invoice("2", customer: customer, amount: 300_00, due: day("2026-10-15"),
                    payments: [(day("2026-10-10"), 100_00), (day("2026-10-25"), 200_00)]),
            // Paid two days early: on time, 0 days late.
            invoice("3", customer: customer, amount: 50_00, due: day("2026-11-01"), payments: [(day("2026-10-30"), 50_00)]),
            // Paid before the window (the 365 days through 2026-11-30 begin 2025-12-01): not counted.
            invoice("4", customer: customer, amount: 70_00, due: day("2025-11-01"), payments: [(day("2025-11-30"), 70_00)]),
            // Open: 80_00 overdue, 20_00 not due yet, 10_00 partly paid (not counted as paid).
            invoice("5", customer: customer, amount: 80_00, due: day("2026-11-10")),
            invoice("6", customer: customer, amount: 20_00, due: day("2026-12-10")),
            invoice("7", customer: customer, amount: 30_00, due: day("2026-11-29"), payments: [(day("2026-11-29"), 20_00)]),
        ]

        let payer = report(invoices).payers.first { $0.customerId == customer }!

        XCTAssertEqual(payer.invoicesPaid, 3)
        // Average: (20 + 10 + 0) / 3 = 10.0 days.
        XCTAssertEqual(payer.averageDaysLate!, 10.0, accuracy: 1e-9)
        // Weighted, per payment on the paid invoices: (100_00·20 + 100_00·0 + 200_00·10 + 50_00·0) / (100_00 + 100_00
        // + 200_00 + 50_00) = 400_000 / 45_000 = 8.888… days (the partial payment on invoice 7 is on no paid invoice).
        XCTAssertEqual(payer.weightedDaysLate!, 400_000.0 / 45_000.0, accuracy: 1e-9)
        XCTAssertEqual(payer.onTimeShare!, 1.0 / 3.0, accuracy: 1e-9)
        // Open: 80_00 + 20_00 + 10_00; overdue: 80_00 (due 2026-11-10) + 10_00 (due 2026-11-29).
        XCTAssertEqual(payer.open, [Amount(minorUnits: 110_00, currency: .euro)])
        XCTAssertEqual(payer.overdue, [Amount(minorUnits: 90_00, currency: .euro)])
    }

    func test_slowestPayers_rankedByWeightedDaysLate() {
        let invoices = [
            invoice("1", customer: "id:a", amount: 100_00, due: day("2026-10-01"), payments: [(day("2026-10-06"), 100_00)]),
            invoice("2", customer: "id:b", amount: 100_00, due: day("2026-10-01"), payments: [(day("2026-10-31"), 100_00)]),
            invoice("3", customer: "id:c", amount: 100_00, due: day("2026-10-01"), payments: [(day("2026-09-30"), 100_00)]),
            invoice("4", customer: "id:d", amount: 100_00, due: day("2026-10-01"), payments: [(day("2026-10-11"), 100_00)]),
        ]
        // b 30 days, d 10, a 5; c paid on time and is no slow payer.
        XCTAssertEqual(report(invoices).slowestPayers.map(\.customerId), ["id:b", "id:d", "id:a"])
    }

    func test_slowestPayers_onlyTheTenSlowest_tiesByInvoicesPaidThenCustomerId() {
        // Fourteen late payers, customer k paying one invoice k days late (k = 1…14), in an order that is not theirs;
        // then two more 14 days late: "id:14b" with two invoices (ahead of "id:14" on invoices paid), "id:14a" with one
        // (behind "id:14": the tie goes to the lower customer id). Only the ten slowest are listed.
        var invoices = [3, 11, 7, 1, 14, 9, 2, 12, 5, 13, 8, 4, 10, 6].map { late in
            invoice("\(late)", customer: "id:\(late)", amount: 100_00, due: day("2026-10-01"),
                    payments: [(day("2026-10-01").adding(days: late), 100_00)])
        }
        for (number, customer) in [("b1", "id:14b"), ("b2", "id:14b"), ("a1", "id:14a")] {
            invoices.append(invoice(number, customer: customer, amount: 100_00, due: day("2026-10-01"),
                                    payments: [(day("2026-10-15"), 100_00)]))
        }
        XCTAssertEqual(report(invoices).slowestPayers.map(\.customerId),
                       ["id:14b", "id:14", "id:14a", "id:13", "id:12", "id:11", "id:10", "id:9", "id:8", "id:7"])
    }

    func test_slowestPayers_withoutEveryPayerListed_theSameTen() {
        // Twelve payers, customer k paying one invoice k days late; one more owes and has paid nothing.
        var invoices = (1...12).map { late in
            invoice("\(late)", customer: "id:\(late)", amount: 100_00, due: day("2026-10-01"),
                    payments: [(day("2026-10-01").adding(days: late), 100_00)])
        }
        invoices.append(invoice("owed", customer: "id:owes", amount: 50_00, due: day("2026-11-01")))
        let history = PaymentHistory(
            asOf: asOf, since: asOf.adding(days: -PaymentHistory.daysNeeded), invoices: invoices)

        let every = InsightEngine.report(history)
        let slowestOnly = InsightEngine.report(history, settings: .init(listsEveryPayer: false))

        XCTAssertEqual(every.payers.count, 13)
        XCTAssertEqual(slowestOnly.payers, [])
        XCTAssertEqual(slowestOnly.slowestPayers, every.slowestPayers)
        XCTAssertEqual(slowestOnly.slowestPayers.map(\.customerId), (3...12).reversed().map { "id:\($0)" })
        XCTAssertEqual(slowestOnly.slowestPayers.first?.customerName, "Name of id:12")
    }

    func test_reportFromFigures_isUnnamedUntilNamed_aCustomerNotGivenKeepsItsName() {
        // "id:a" slowed down by 20 days (a trend alarm) and is a payer; "id:b" paid on time.
        let invoices = [("1", "id:a", "2026-06-01", "2026-06-01"), ("2", "id:a", "2026-10-01", "2026-10-21"),
                        ("3", "id:b", "2026-10-01", "2026-10-01")].map { number, customer, due, paid in
            invoice(number, customer: customer, amount: 100_00, due: day(due), payments: [(day(paid), 100_00)])
        }
        var figures = InsightEngine.Figures(asOf: asOf)
        for invoice in invoices { figures.add(invoice) }
        var report = figures.report()
        XCTAssertEqual(report.customersToName, ["id:a", "id:b"])
        XCTAssertEqual(report.trendAlarms.map(\.customerId), ["id:a"])
        XCTAssertEqual(report.payers.map(\.customerName) + report.slowestPayers.map(\.customerName)
                       + report.trendAlarms.map(\.customerName), [nil, nil, nil, nil])

        report.name(from: ["id:a": "A Oy"])
        report.name(from: ["id:b": "B Oy"])

        XCTAssertEqual(report.payers.map(\.customerName), ["A Oy", "B Oy"])
        XCTAssertEqual(report.slowestPayers.map(\.customerName), ["A Oy"])
        XCTAssertEqual(report.trendAlarms.map(\.customerName), ["A Oy"])
    }

    func test_payers_owedPerCurrency_overdueOnlyWherePastDue() {
        let customer = "id:5555555-5"
        let invoices = [
            // USD: 30_00 overdue and 20_00 not yet due. EUR: 70_00, not yet due, less 10_00 paid.
            invoice("U1", customer: customer, amount: 30_00, due: asOf.adding(days: -1), currency: dollar),
            invoice("U2", customer: customer, amount: 20_00, due: asOf.adding(days: 5), currency: dollar),
            invoice("E1", customer: customer, amount: 70_00, due: asOf, payments: [(asOf.adding(days: -2), 10_00)]),
        ]
        let payer = report(invoices).payers.first { $0.customerId == customer }
        XCTAssertEqual(payer?.open,
                       [Amount(minorUnits: 60_00, currency: .euro), Amount(minorUnits: 50_00, currency: dollar)])
        XCTAssertEqual(payer?.overdue, [Amount(minorUnits: 30_00, currency: dollar)])
    }

    // MARK: Trend alarms

    func test_trendAlarm_firesWhenSlowerByMoreThanTheMargin_notWhenEqual() {
        // The recent period is the 90 days 2026-09-02…2026-11-30; the previous the 270 days before.
        let invoices = [
            // B: previous 5 days late, recent 13: slower by 8 > 7, an alarm.
            invoice("B1", customer: "id:b", amount: 100_00, due: day("2026-04-01"), payments: [(day("2026-04-06"), 100_00)]),
            invoice("B2", customer: "id:b", amount: 100_00, due: day("2026-10-01"), payments: [(day("2026-10-14"), 100_00)]),
            // C: previous (100_00·1 + 200_00·3) / 300_00 = 7/3 days; recent (100_00·8 + 200_00·10) / 300_00 = 28/3 days:
            // slower by exactly 7, the margin: no alarm (as Doubles 28/3 − 7/3 is not exactly 7).
            invoice("C1", customer: "id:c", amount: 100_00, due: day("2026-05-01"), payments: [(day("2026-05-02"), 100_00)]),
            invoice("C2", customer: "id:c", amount: 200_00, due: day("2026-05-01"), payments: [(day("2026-05-04"), 200_00)]),
            invoice("C3", customer: "id:c", amount: 100_00, due: day("2026-10-01"), payments: [(day("2026-10-09"), 100_00)]),
            invoice("C4", customer: "id:c", amount: 200_00, due: day("2026-10-01"), payments: [(day("2026-10-11"), 200_00)]),
            // D: only recent payments, however late: nothing to compare with.
            invoice("D1", customer: "id:d", amount: 100_00, due: day("2026-10-01"), payments: [(day("2026-11-20"), 100_00)]),
        ]

        let alarms = report(invoices).trendAlarms

        XCTAssertEqual(alarms, [
            // The trend line's 30-day periods end on 2026-11-30: 2026-10-14 is 47 days before it (period 10 of 0…11),
            // 2026-04-06 238 days (period 11 − 7 = 4).
            TrendAlarm(customerId: "id:b", customerName: "Name of id:b", recentDaysLate: 13, recentPayments: 1,
                       previousDaysLate: 5, previousPayments: 1, marginDays: 7,
                       monthlyDaysLate: [nil, nil, nil, nil, 5, nil, nil, nil, nil, nil, 13, nil]),
        ])
        XCTAssertEqual(alarms[0].slowerBy, 8)
        // With a margin of 6, C's 7 days is more than the margin.
        XCTAssertEqual(report(invoices, margin: 6).trendAlarms.map(\.customerId), ["id:b", "id:c"])
    }

    // MARK: Forecast

    func test_forecast_ownDelaysWithEnoughSample_companyDelaysOtherwise() {
        var invoices: [InvoiceHistory] = []
        // E: five invoices paid exactly 10 days late; one open, 3 days past due.
        for index in 0..<5 {
            let due = asOf.adding(days: -100 + 10 * index)
            invoices.append(invoice("E\(index)", customer: "id:e", amount: 50_00, due: due, payments: [(due.adding(days: 10), 50_00)]))
        }
        invoices.append(invoice("E-open", customer: "id:e", amount: 100_00, due: asOf.adding(days: -3)))
        // F: two invoices paid 30 days late (fewer than 5: the company's delays are used); one open, due in 4 days.
        for index in 0..<2 {
            let due = asOf.adding(days: -150 + 10 * index)
            invoices.append(invoice("F\(index)", customer: "id:f", amount: 20_00, due: due, payments: [(due.adding(days: 30), 20_00)]))
        }
        invoices.append(invoice("F-open", customer: "id:f", amount: 99_99, due: asOf.adding(days: 4)))

        let forecast = report(invoices).forecasts[0]

        // E's own: every payment at 10 days, none of its open invoices observed that long: the chance at 10 days is
        // 5/5 = 1. E-open (3 days late) arrives at due + 10 = as-of + 7: week 1 (as-of + 1 … + 7).
        // The company's: at 10 days 5 of the 7 invoices at risk paid (5/7); at 30 days the 2 left (2/7 of all).
        // F-open arrives at due + 10 = as-of + 14 (week 2) with 5/7, at due + 30 = as-of + 34 (week 5) with 2/7:
        // weights 714_285_714 and 285_714_286 of 10^9; 9_999 cents split 7_142.857… and 2_856.857…, rounded down to
        // 7_142 and 2_856, and the cent left goes to the larger remainder: 7_142 and 2_857.
        XCTAssertEqual(forecast.open, 100_00 + 99_99)
        XCTAssertEqual(forecast.weeks.map(\.expected), [100_00, 71_42, 0, 0, 28_57, 0, 0, 0])
        XCTAssertEqual(forecast.beyond, 0)
        // Naive: E-open is overdue (week 1), F-open due in 4 days (week 1).
        XCTAssertEqual(forecast.weeks.map(\.naive), [199_99, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(forecast.weeks[0].start, asOf.adding(days: 1))
        XCTAssertEqual(forecast.weeks[7].end, asOf.adding(days: 56))
    }

    /// Customers on their own delays, their invoices mixed together, one of them open only on the back-test's day: each
    /// customer's part of the forecast and of the back-test is what it is when the customer is alone.
    func test_forecast_eachCustomerOnItsOwnDelays_asIfAlone() {
        let madeAsOf = asOf.adding(days: -56)
        // Five invoices of each customer paid long before the back-test's day, 10, 20 and 30 days late: its own delays
        // in both cohorts.
        var paid: [[InvoiceHistory]] = []
        for (customer, late) in [("id:a", 10), ("id:b", 20), ("id:c", 30)] {
            paid.append((0..<5).map { index in
                let due = madeAsOf.adding(days: -150 + 10 * index)
                return invoice("\(customer)-\(index)", customer: customer, amount: 40_00, due: due,
                               payments: [(due.adding(days: late), 40_00)])
            })
        }
        // Open now: a's and b's. Open on the back-test's day and paid since: c's (its only one) and a's.
        let open = [
            invoice("a-1", customer: "id:a", amount: 100_00, due: asOf.adding(days: -3)),
            invoice("b-1", customer: "id:b", amount: 77_77, due: asOf.adding(days: -5)),
            invoice("c-then", customer: "id:c", amount: 55_55, due: madeAsOf.adding(days: -2),
                    payments: [(madeAsOf.adding(days: 28), 55_55)]),
            invoice("a-2", customer: "id:a", amount: 33_33, due: asOf.adding(days: 2)),
            invoice("a-then", customer: "id:a", amount: 44_44, due: madeAsOf.adding(days: 1),
                    payments: [(madeAsOf.adding(days: 11), 44_44)]),
            invoice("b-2", customer: "id:b", amount: 12_34, due: asOf.adding(days: 6)),
        ]
        let all = (0..<5).flatMap { index in paid.map { $0[index] } } + open

        let together = report(all).forecasts[0]
        let alone = ["id:a", "id:b", "id:c"].map { customer in
            report(all.filter { $0.customerId == customer }).forecasts[0]
        }

        func sum(_ weeks: (CashForecast) -> [Int64]) -> [Int64] {
            alone.map(weeks).reduce([Int64](repeating: 0, count: 8)) { zip($0, $1).map { $0 + $1 } }
        }
        XCTAssertEqual(together.weeks.map(\.expected), sum { $0.weeks.map(\.expected) })
        XCTAssertEqual(together.beyond, alone.map(\.beyond).reduce(0, +))
        XCTAssertEqual(together.backTest.weeks.map(\.expected), sum { $0.backTest.weeks.map(\.expected) })
        XCTAssertEqual(together.backTest.weeks.map(\.actual), sum { $0.backTest.weeks.map(\.actual) })
        // Not all zeros: a-1 and b-1 are expected in the 8 weeks; c-then in the back-test at due + 30 = made + 28, the
        // last day of its week 4, when it arrived.
        XCTAssertGreaterThan(together.weeks.map(\.expected).reduce(0, +), 100_00)
        XCTAssertEqual(alone[2].backTest.weeks.map(\.expected), [0, 0, 0, 55_55, 0, 0, 0, 0])
        XCTAssertEqual(alone[2].backTest.weeks.map(\.actual), [0, 0, 0, 55_55, 0, 0, 0, 0])
    }

    func test_forecast_neverPaidInvoicesLowerTheChance() {
        // G: 4 invoices paid 5 days late, 4 still open 60 days past due (never paid, so far): at 5 days, of the 8 at
        // risk 4 paid (1/2); nothing is known to be paid later. A new invoice due in 2 days: half expected in week 1
        // (due + 5 = as-of + 7), half beyond the 8 weeks.
        var invoices: [InvoiceHistory] = []
        for index in 0..<4 {
            let due = asOf.adding(days: -80 + index)
            invoices.append(invoice("G\(index)", customer: "id:g", amount: 10_00, due: due, payments: [(due.adding(days: 5), 10_00)]))
            invoices.append(invoice("H\(index)", customer: "id:g", amount: 10_00, due: asOf.adding(days: -60)))
        }
        invoices.append(invoice("new", customer: "id:g", amount: 33_33, due: asOf.adding(days: 2)))

        let forecast = report(invoices).forecasts[0]

        // The 4 old open invoices (40_00) are past every delay seen: nothing expected of them. 33_33 · 1/2 = 16_66.5:
        // 16_66 and 16_66, and the cent left to the earlier of equal remainders (week 1).
        XCTAssertEqual(forecast.weeks.map(\.expected), [16_67, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(forecast.beyond, 40_00 + 16_66)
        XCTAssertEqual(forecast.weeks.map(\.naive), [73_33, 0, 0, 0, 0, 0, 0, 0])
    }

    func test_backTest_comparesTheForecastMadeEightWeeksAgoWithWhatArrived() {
        let madeAsOf = asOf.adding(days: -56)
        var invoices: [InvoiceHistory] = []
        // Five invoices paid exactly 10 days late, all before the back-test's day.
        for index in 0..<5 {
            let due = madeAsOf.adding(days: -100 + 10 * index)
            invoices.append(invoice("K\(index)", customer: "id:k", amount: 50_00, due: due, payments: [(due.adding(days: 10), 50_00)]))
        }
        // Open that day: one 3 days past due (paid at due + 10 = made + 7, week 1), one dated 5 days before and due in
        // 20 days (paid at
        // due + 10 = made + 30, week 5, while the naive rule expected it on its due date, made + 20: week 3).
        invoices.append(invoice("K-late", customer: "id:k", amount: 100_00, due: madeAsOf.adding(days: -3),
                                payments: [(madeAsOf.adding(days: 7), 100_00)]))
        invoices.append(invoice("K-new", customer: "id:k", amount: 100_00, due: madeAsOf.adding(days: 20),
                                issued: madeAsOf.adding(days: -5), payments: [(madeAsOf.adding(days: 30), 100_00)]))

        let test = report(invoices).forecasts[0].backTest

        XCTAssertEqual(test.madeAsOf, madeAsOf)
        XCTAssertEqual(test.weeks.map(\.actual), [100_00, 0, 0, 0, 100_00, 0, 0, 0])
        XCTAssertEqual(test.weeks.map(\.expected), [100_00, 0, 0, 0, 100_00, 0, 0, 0])
        XCTAssertEqual(test.weeks.map(\.naive), [100_00, 0, 100_00, 0, 0, 0, 0, 0])
        // Forecast: no week missed, 0 %. Naive: |100_00 − 0| in week 3 and |0 − 100_00| in week 5, of 200_00 arrived: 100 %.
        XCTAssertEqual(test.error, 0)
        XCTAssertEqual(test.naiveError, 100)
    }

    /// An open invoice with nothing booked on it since the back-test's day, given as it is now (`add(steady:)`, no
    /// history), adds to the report what it adds with its history: open on both days, or on the as-of day only when
    /// dated after the back-test's; on the list of those over 100 days past due with its dunning state.
    func test_openInvoicesGivenAsTheyAreNow_reportAsWithTheirHistories() {
        let madeAsOf = asOf.adding(days: -56)
        let disputed = DunningState(reminderLevel: 1, inCollection: false, hold: .dispute)
        // Steady: paid in part before the back-test's day; dated after it and unpaid; over 100 days past due.
        let steady = [
            invoice("S1", customer: "id:s", amount: 100_00, due: madeAsOf.adding(days: -20),
                    payments: [(madeAsOf.adding(days: -15), 40_00)]),
            invoice("S2", customer: "id:t", amount: 50_00, due: asOf.adding(days: -15),
                    issued: madeAsOf.adding(days: 30)),
            invoice("S3", customer: "id:s", amount: 70_00, due: asOf.adding(days: -140), dunning: disputed),
        ]
        // With their histories: paid in part, and in full, after the back-test's day; paid before it (read by neither).
        var paid = [
            invoice("H1", customer: "id:t", amount: 100_00, due: madeAsOf.adding(days: -5),
                    payments: [(madeAsOf.adding(days: 10), 30_00)]),
            invoice("H2", customer: "id:s", amount: 80_00, due: madeAsOf.adding(days: 3),
                    payments: [(madeAsOf.adding(days: 12), 80_00)]),
        ]
        // Enough invoices paid before the back-test's day for the customer's own delays.
        for index in 0..<6 {
            let due = madeAsOf.adding(days: -200 + 20 * index)
            paid.append(invoice("P\(index)", customer: "id:s", amount: 20_00, due: due,
                                payments: [(due.adding(days: 4 + index), 20_00)]))
        }
        let expected = report(steady + paid)

        var sums = InsightSums()
        var open = InsightEngine.OpenInvoices(asOf: asOf)
        for invoice in paid + steady { sums.count(invoice, at: asOf) }
        for invoice in paid { open.add(invoice) }
        for invoice in steady {
            open.add(steady: SteadyOpenInvoice(
                invoiceNumber: invoice.invoiceNumber, customerId: invoice.customerId,
                customerName: invoice.customerName, currency: invoice.currency, amount: invoice.amount,
                open: invoice.open(at: asOf)!, invoiceDate: invoice.invoiceDate, dueDate: invoice.dueDate,
                dunning: invoice.dunning))
        }
        var given = InsightEngine.report(sums: sums, open: open, settings: .init(trendMarginDays: 7))
        given.name(from: Dictionary(uniqueKeysWithValues: ["id:s", "id:t"].map { ($0, "Name of \($0)") }))

        XCTAssertEqual(given, expected)
        XCTAssertEqual(expected.overHundredDays.map(\.invoiceNumber), ["S3"])
        XCTAssertEqual(expected.overHundredDays.first?.dunning, disputed)
        // S1 and H1 open on the back-test's day as well; H2 (dated before it) too.
        XCTAssertEqual(expected.forecasts.first?.open, 60_00 + 50_00 + 70_00 + 70_00)
        XCTAssertEqual(expected.forecasts.first?.backTest.weeks.map(\.actual).reduce(0, +), 30_00 + 80_00)
    }

    /// The parts of the forecaster's split, collected in order; a part never handed over is -1.
    private func split(_ total: Int64, by weights: [Int64]) -> [Int64] {
        var parts = [Int64?](repeating: nil, count: weights.count)
        CashForecaster.split(total, by: weights) { index, part in
            XCTAssertNil(parts[index], "each part once")
            parts[index] = part
        }
        return parts.map { $0 ?? -1 }
    }

    func test_split_partsAddUpExactly_largestRemainderFirst() {
        XCTAssertEqual(split(10, by: [1, 1, 1]), [4, 3, 3])
        XCTAssertEqual(split(100, by: [1, 2, 3, 4]), [10, 20, 30, 40])
        XCTAssertEqual(split(7, by: [0, 5, 0, 2]), [0, 5, 0, 2])
        XCTAssertEqual(split(1_000_000_000_000, by: [333_333_333, 333_333_333, 333_333_334]),
                       [333_333_333_000, 333_333_333_000, 333_333_334_000])
        XCTAssertEqual(split(2, by: [1, 1, 1]), [1, 1, 0])
        // A product past 64 bits (5·10¹² × 999 999 999), split exactly; a unit left to the larger remainder, later.
        XCTAssertEqual(split(5_000_000_000_000, by: [999_999_999, 1]), [4_999_999_995_000, 5_000])
        XCTAssertEqual(split(1, by: [1, 3]), [0, 1])
        // One product past 64 bits and one within, in the same split.
        XCTAssertEqual(split(10_000_000_000, by: [999_999_999, 1]), [9_999_999_990, 10])
    }

    // MARK: DSO

    func test_dso_openOverInvoicedInTheLast90DaysTimes90() {
        let invoices = [
            // Open 300_00, invoiced 10 days ago.
            invoice("X", amount: 300_00, due: asOf.adding(days: 4), issued: asOf.adding(days: -10)),
            // Invoiced 89 days ago (the first of the 90 days), paid.
            invoice("Z", amount: 300_00, due: asOf.adding(days: -75), issued: asOf.adding(days: -89),
                    payments: [(asOf.adding(days: -70), 300_00)]),
            // Invoiced 90 days ago: before the 90 days.
            invoice("Y", amount: 600_00, due: asOf.adding(days: -76), issued: asOf.adding(days: -90),
                    payments: [(asOf.adding(days: -70), 600_00)]),
        ]
        // 300_00 / (300_00 + 300_00) · 90 = 45.0 days.
        let dso = report(invoices).dso
        XCTAssertEqual(dso, [DaysSalesOutstanding(currency: .euro, open: 300_00, invoiced: 600_00)])
        XCTAssertEqual(dso[0].days, 45)
    }
}
