import Dunning
import Receivables
import XCTest

private func date(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }

final class ReferenceRatesTests: XCTestCase {
    func test_statutory_holdsEachHalfYearWithItsSource() {
        let table = ReferenceRates.statutory
        XCTAssertEqual(
            table.entries.map { "\($0.from) \($0.rate)" },
            [
                "2023-01-01 2.5", "2023-07-01 4.0", "2024-01-01 4.5", "2024-07-01 4.5", "2025-01-01 3.5",
                "2025-07-01 2.5", "2026-01-01 2.5",
            ])
        XCTAssertEqual(table.entries.map(\.rate.hundredthsOfPercent), [250, 400, 450, 450, 350, 250, 250])
        XCTAssertEqual(table.rate(on: date("2025-03-01"))?.source, "SK 1123/2024 (Bank of Finland notice, 30.12.2024)")
        XCTAssertTrue(table.entries[0].source.hasPrefix("SK 1276/2022"))
        XCTAssertTrue(table.entries[1].source.hasPrefix("SK 882/2023"))
        XCTAssertTrue(table.entries[2].source.hasPrefix("SK 1/2024"))
        XCTAssertTrue(table.entries[3].source.hasPrefix("SK 393/2024"))
        XCTAssertTrue(table.entries[5].source.hasPrefix("derived from the rounding rule of korkolaki 12 §"))
        XCTAssertTrue(table.entries[6].source.contains("sttinfo.fi/tiedote/71709487"))
    }

    func test_rateOn_coversEachHalfYearAndNothingOutside() {
        let table = ReferenceRates.statutory
        XCTAssertNil(table.rate(on: date("2022-12-31")), "before the first entry")
        XCTAssertEqual(table.rate(on: date("2023-01-01"))?.rate.description, "2.5")
        XCTAssertEqual(table.rate(on: date("2023-06-30"))?.rate.description, "2.5")
        XCTAssertEqual(table.rate(on: date("2023-07-01"))?.rate.description, "4.0")
        XCTAssertEqual(table.rate(on: date("2025-06-30"))?.rate.description, "3.5")
        XCTAssertEqual(table.rate(on: date("2025-07-01"))?.rate.description, "2.5")
        XCTAssertEqual(table.rate(on: date("2026-06-30"))?.rate.description, "2.5")
        XCTAssertNil(table.rate(on: date("2026-07-01")), "after the last entry's half-year")
    }

    func test_extending_addsAndReplacesHalfYears() throws {
        let table = try ReferenceRates(with: [
            (from: date("2026-07-01"), rate: "2.0", source: "SK 999/2026"),
            (from: date("2025-07-01"), rate: "2.50", source: "SK 500/2025"),
        ])
        XCTAssertEqual(table.entries.count, 8)
        XCTAssertEqual(table.entries.map(\.from), table.entries.map(\.from).sorted())
        XCTAssertEqual(table.rate(on: date("2026-12-31"))?.rate, InterestRate(hundredthsOfPercent: 200))
        XCTAssertEqual(table.rate(on: date("2026-12-31"))?.source, "SK 999/2026")
        XCTAssertNil(table.rate(on: date("2027-01-01")))
        XCTAssertEqual(table.rate(on: date("2025-08-01"))?.source, "SK 500/2025", "config replaces the derived rate")

        let withGap = try ReferenceRates(with: [(from: date("2027-01-01"), rate: "1.5", source: "SK 1/2027")])
        XCTAssertNil(withGap.rate(on: date("2026-07-01")), "a half-year no entry names is not covered")
        XCTAssertEqual(withGap.rate(on: date("2027-06-30"))?.rate.description, "1.5")

        let own = try ReferenceRates(
            extending: try ReferenceRates(with: []), with: [(from: date("2022-07-01"), rate: "0", source: "SK x")])
        XCTAssertEqual(own.rate(on: date("2022-12-31"))?.rate.description, "0.0")
    }

    func test_extending_refusesBadEntriesWithClearMessages() {
        func message(_ from: String, _ rate: String, _ source: String = "SK 999/2026") -> String {
            do {
                _ = try ReferenceRates(with: [(from: date(from), rate: rate, source: source)])
                return "accepted"
            } catch { return error.description }
        }
        XCTAssertEqual(
            message("2026-08-01", "2.0"),
            "reference rate from 2026-08-01: a reference rate starts on the first day of a half-year, 1 January or"
                + " 1 July")
        XCTAssertEqual(
            message("2026-07-02", "2.0"),
            "reference rate from 2026-07-02: a reference rate starts on the first day of a half-year, 1 January or"
                + " 1 July")
        XCTAssertEqual(
            message("2026-07-01", "2,0"),
            "reference rate from 2026-07-01: '2,0' is not a valid rate: expected a percentage such as 2.5 (digits and"
                + " at most one '.')")
        XCTAssertEqual(
            message("2026-07-01", "2.005"),
            "reference rate from 2026-07-01: '2.005' is not a valid rate: it has more than two decimals")
        XCTAssertEqual(
            message("2026-07-01", "2.0.0"),
            "reference rate from 2026-07-01: '2.0.0' is not a valid rate: it has more than one '.'")
        XCTAssertEqual(
            message("2026-07-01", "101"), "reference rate from 2026-07-01: '101' is not a valid rate: it is above 100 %"
        )
        XCTAssertEqual(
            message("2026-07-01", ""),
            "reference rate from 2026-07-01: '' is not a valid rate: expected a percentage such as 2.5 (digits and at"
                + " most one '.')")
        XCTAssertEqual(
            message("2026-07-01", "-1"),
            "reference rate from 2026-07-01: '-1' is not a valid rate: expected a percentage such as 2.5 (digits and at"
                + " most one '.')")
        XCTAssertEqual(
            message("2026-07-01", "2.0", " "),
            "reference rate from 2026-07-01: it needs a source (the Statute Book notice or the Bank of Finland"
                + " release)")
        XCTAssertThrowsError(
            try ReferenceRates(with: [
                (from: date("2026-07-01"), rate: "2.0", source: "a"),
                (from: date("2026-07-01"), rate: "2.5", source: "b"),
            ])
        ) {
            XCTAssertEqual("\($0)", "reference rate from 2026-07-01: another entry names the same half-year")
        }
    }

    func test_interestRate_parsesExactlyAndPrintsOneOrTwoDecimals() throws {
        for (text, hundredths) in [
            ("2.5", 250), ("2", 200), ("2.50", 250), ("2.500", 250), ("0.25", 25), (".5", 50), ("100", 10_000),
            ("100.00", 10_000),
        ] {
            XCTAssertEqual(try InterestRate(parsing: text).hundredthsOfPercent, hundredths, text)
        }
        XCTAssertThrowsError(try InterestRate(parsing: "100.01"))
        XCTAssertThrowsError(try InterestRate(parsing: "."))
        XCTAssertThrowsError(try InterestRate(parsing: "2.5 "))
        XCTAssertEqual(
            [1050, 1100, 975, 905, 0, 10_000].map { InterestRate(hundredthsOfPercent: $0).description },
            ["10.5", "11.0", "9.75", "9.05", "0.0", "100.0"])
        XCTAssertEqual(InterestRate(hundredthsOfPercent: 350).adding(percentagePoints: 8).description, "11.5")
    }
}

/// Every expected figure below is worked out by hand in its comment. A day's interest is
/// principal × rate / (days in the year); in cents with the rate in hundredths of a percent that is
/// cents × hundredths / (10 000 × 365 or 366). The sum is rounded half up once.
final class PenaltyInterestTests: XCTestCase {
    private let rates = ReferenceRates.statutory

    private func interest(
        _ principal: Int64, due: String, through asOf: String, reductions: [(String, Int64)] = [],
        isBusinessDebtor: Bool, rates: ReferenceRates? = nil, dayCount: DayCount = .actualActual
    ) -> PenaltyInterest.Result {
        PenaltyInterest.compute(
            principal: principal, dueDate: date(due), through: date(asOf),
            reductions: reductions.map { PenaltyInterest.Reduction(bookedOn: date($0.0), amount: $0.1) },
            isBusinessDebtor: isBusinessDebtor, rates: rates ?? self.rates, dayCount: dayCount)
    }

    func test_compute_businessInvoiceAcrossTheJulyRateChange() {
        // 1000.00 € (100 000 c), business debtor (+8), due 2025-05-15, through 2025-08-14, 2025 has 365 days.
        //   16.5.–30.6.2025: 16 + 30 = 46 days at 3.5 + 8 = 11.5 %: 100 000 × 1150 × 46 = 5 290 000 000
        //   1.7.–14.8.2025:  31 + 14 = 45 days at 2.5 + 8 = 10.5 %: 100 000 × 1050 × 45 = 4 725 000 000
        //   (5 290 000 000 + 4 725 000 000) / 3 650 000 = 10 015 000 000 / 3 650 000 = 2743.84 c → 27.44 €
        //   (in euros: 1000 × (46 × 0.115 + 45 × 0.105) / 365 = 10 015 / 365 = 27.438…)
        // Rounding each day instead would give 46 × 32 c + 45 × 29 c = 27.77 €: the sum is rounded once.
        let result = interest(100_000, due: "2025-05-15", through: "2025-08-14", isBusinessDebtor: true)
        XCTAssertEqual(result.amount, 2744)
        XCTAssertEqual(result.through, date("2025-08-14"))
        XCTAssertEqual(result.rateOnThrough, "10.5")
        XCTAssertFalse(result.isCutShort)
    }

    func test_compute_paymentLowersThePrincipalFromTheNextDay() {
        // The same invoice, 400.00 € booked on 2025-06-01, through 2025-06-10, all at 11.5 %:
        //   16.5.–1.6. on 1000.00: 16 + 1 = 17 days: 100 000 × 1150 × 17 = 1 955 000 000
        //   2.6.–10.6. on  600.00:           9 days:  60 000 × 1150 × 9  =   621 000 000
        //   2 576 000 000 / 3 650 000 = 705.75 c → 7.06 €  (in euros: (17 × 115 + 9 × 69) / 365 = 2576 / 365)
        let result = interest(
            100_000, due: "2025-05-15", through: "2025-06-10", reductions: [("2025-06-01", 40_000)],
            isBusinessDebtor: true)
        XCTAssertEqual(result.amount, 706)
        XCTAssertEqual(result.through, date("2025-06-10"))
        XCTAssertEqual(result.rateOnThrough, "11.5")
        XCTAssertFalse(result.isCutShort)
    }

    func test_compute_consumerRateIsSevenPointsOverTheReference() {
        // The first example at +7: 46 days at 10.5 % and 45 days at 9.5 %:
        //   100 000 × (1050 × 46 + 950 × 45) = 100 000 × (48 300 + 42 750) = 9 105 000 000
        //   9 105 000 000 / 3 650 000 = 2494.52 c → 24.95 €
        let acrossJuly = interest(100_000, due: "2025-05-15", through: "2025-08-14", isBusinessDebtor: false)
        XCTAssertEqual(acrossJuly.amount, 2495)
        XCTAssertEqual(acrossJuly.rateOnThrough, "9.5")
        // The second at +7 (10.5 %): 100 000 × 1050 × 17 + 60 000 × 1050 × 9 = 1 785 000 000 + 567 000 000
        //   = 2 352 000 000; / 3 650 000 = 644.38 c → 6.44 €
        let paid = interest(
            100_000, due: "2025-05-15", through: "2025-06-10", reductions: [("2025-06-01", 40_000)],
            isBusinessDebtor: false)
        XCTAssertEqual(paid.amount, 644)
        XCTAssertEqual(paid.rateOnThrough, "10.5")
        XCTAssertEqual(PenaltyInterest.margin(isBusinessDebtor: false), 7)
        XCTAssertEqual(PenaltyInterest.margin(isBusinessDebtor: true), 8)
        XCTAssertEqual(
            PenaltyInterest.rate(on: date("2024-02-29"), isBusinessDebtor: true, rates: rates)?.description, "12.5")
        XCTAssertNil(PenaltyInterest.rate(on: date("2026-07-01"), isBusinessDebtor: true, rates: rates))
    }

    func test_compute_leapYearDaysDivideBy366() {
        // 10 000.00 € (1 000 000 c), consumer, due 2023-12-15, through 2024-01-15:
        //   16.12.–31.12.2023: 16 days at 4.0 + 7 = 11.0 %, /365: 1 000 000 × 1100 × 16 / 3 650 000 = 4821.918 c
        //   1.1.–15.1.2024:    15 days at 4.5 + 7 = 11.5 %, /366: 1 000 000 × 1150 × 15 / 3 660 000 = 4713.115 c
        //   exactly (17 600 × 366 + 17 250 × 365) / (365 × 366) € = 12 737 850 / 133 590 = 95.3503 € → 95.35 €
        let result = interest(1_000_000, due: "2023-12-15", through: "2024-01-15", isBusinessDebtor: false)
        XCTAssertEqual(result.amount, 9535)
        XCTAssertEqual(result.rateOnThrough, "11.5")
        // 1000.00 € consumer, due 2024-02-27, through 2024-03-01: 28.2., 29.2., 1.3. = 3 days at 11.5 %:
        //   100 000 × 1150 × 3 / 3 660 000 = 94.26 c → 0.94 €
        XCTAssertEqual(interest(100_000, due: "2024-02-27", through: "2024-03-01", isBusinessDebtor: false).amount, 94)
        // The whole of 2024 (366 days at 11.5 %, /366) is exactly one year's interest: 1000 × 0.115 = 115.00 €.
        XCTAssertEqual(
            interest(100_000, due: "2023-12-31", through: "2024-12-31", isBusinessDebtor: false).amount, 11_500)
    }

    func test_compute_actual365DividesLeapYearsBy365Too() {
        // The leap-year examples with every day /365:
        //   (1 000 000 × 1100 × 16 + 1 000 000 × 1150 × 15) / 3 650 000 = 34 850 000 000 / 3 650 000 = 9547.95 c
        //   → 95.48 € (actual/actual gave 95.35 €)
        XCTAssertEqual(
            interest(
                1_000_000, due: "2023-12-15", through: "2024-01-15", isBusinessDebtor: false, dayCount: .actual365
            ).amount, 9548)
        //   100 000 × 1150 × 3 / 3 650 000 = 94.52 c → 0.95 € (actual/actual gave 0.94 €)
        XCTAssertEqual(
            interest(100_000, due: "2024-02-27", through: "2024-03-01", isBusinessDebtor: false, dayCount: .actual365)
                .amount, 95)
        //   366 days in 2024: 100 000 × 1150 × 366 / 3 650 000 = 11 531.51 c → 115.32 €
        XCTAssertEqual(
            interest(100_000, due: "2023-12-31", through: "2024-12-31", isBusinessDebtor: false, dayCount: .actual365)
                .amount, 11_532)
        // In a common year the two agree (the first example: 27.44 €).
        XCTAssertEqual(
            interest(100_000, due: "2025-05-15", through: "2025-08-14", isBusinessDebtor: true, dayCount: .actual365)
                .amount, 2744)
        XCTAssertEqual(DayCount(rawValue: "actual/actual"), .actualActual)
        XCTAssertEqual(DayCount(rawValue: "actual/365"), .actual365)
    }

    func test_compute_stopsAtTheLastDayTheTableCovers() throws {
        // 1000.00 € business, due 2026-06-20, as of 2026-07-10; the table ends 2026-06-30:
        //   21.6.–30.6.2026: 10 days at 2.5 + 8 = 10.5 %: 100 000 × 1050 × 10 / 3 650 000 = 287.67 c → 2.88 €
        let cut = interest(100_000, due: "2026-06-20", through: "2026-07-10", isBusinessDebtor: true)
        XCTAssertEqual(cut.amount, 288)
        XCTAssertEqual(cut.through, date("2026-06-30"))
        XCTAssertEqual(cut.rateOnThrough, "10.5")
        XCTAssertTrue(cut.isCutShort)
        // With 2026 H2 = 2.0 from config, 1.7.–10.7. adds 10 days at 10.0 %: 100 000 × 1000 × 10 / 3 650 000
        //   = 273.97 c; (1 050 000 000 + 1 000 000 000) / 3 650 000 = 561.64 c → 5.62 €
        let extended = try ReferenceRates(with: [(from: date("2026-07-01"), rate: "2.0", source: "SK 999/2026")])
        let full = interest(
            100_000, due: "2026-06-20", through: "2026-07-10", isBusinessDebtor: true, rates: extended)
        XCTAssertEqual(full.amount, 562)
        XCTAssertEqual(full.through, date("2026-07-10"))
        XCTAssertEqual(full.rateOnThrough, "10.0")
        XCTAssertFalse(full.isCutShort)
        // No covered day at all: after the table, and before it.
        for (due, asOf) in [("2026-07-01", "2026-07-10"), ("2022-12-20", "2023-01-10")] {
            let none = interest(100_000, due: due, through: asOf, isBusinessDebtor: true)
            XCTAssertEqual(none, PenaltyInterest.Result(amount: 0, through: nil, rate: nil, isCutShort: true), due)
        }
    }

    func test_compute_roundsHalfUpAtExactlyHalfACent() {
        // 15.00 € consumer, due 2025-01-10, through 2025-03-24: 11.1.–24.3. = 21 + 28 + 24 = 73 days at 10.5 %:
        //   1500 × 1050 × 73 / 3 650 000 = 114 975 000 / 3 650 000 = 31.5 c exactly → 32 c
        XCTAssertEqual(interest(1500, due: "2025-01-10", through: "2025-03-24", isBusinessDebtor: false).amount, 32)
        //   5.00 €: 500 × 1050 × 73 / 3 650 000 = 10.5 c exactly → 11 c; 4.99 €: 10.479 c → 10 c
        XCTAssertEqual(interest(500, due: "2025-01-10", through: "2025-03-24", isBusinessDebtor: false).amount, 11)
        XCTAssertEqual(interest(499, due: "2025-01-10", through: "2025-03-24", isBusinessDebtor: false).amount, 10)
    }

    func test_compute_zeroPrincipalCountsTheDaysButNoInterest() {
        let result = interest(0, due: "2025-05-15", through: "2025-08-14", isBusinessDebtor: true)
        XCTAssertEqual(
            result,
            PenaltyInterest.Result(
                amount: 0, through: date("2025-08-14"), rate: InterestRate(hundredthsOfPercent: 1050), isCutShort: false
            ))
    }

    func test_compute_paymentsBeforeOrOnTheDueDate() {
        // 1000.00 € business, 400.00 € booked 2025-05-10 (before the due date 2025-05-15), through 2025-06-10:
        //   16.5.–10.6. = 16 + 10 = 26 days on 600.00 at 11.5 %: 60 000 × 1150 × 26 / 3 650 000 = 491.51 c → 4.92 €
        XCTAssertEqual(
            interest(
                100_000, due: "2025-05-15", through: "2025-06-10", reductions: [("2025-05-10", 40_000)],
                isBusinessDebtor: true
            ).amount, 492)
        // Paid in full on the due date: no interest.
        XCTAssertEqual(
            interest(
                100_000, due: "2025-05-15", through: "2025-06-10", reductions: [("2025-05-15", 100_000)],
                isBusinessDebtor: true
            ).amount, 0)
        // Paid in full one day late (booked 16.5.): one day, 100 000 × 1150 / 3 650 000 = 31.51 c → 0.32 €.
        XCTAssertEqual(
            interest(
                100_000, due: "2025-05-15", through: "2025-06-10", reductions: [("2025-05-16", 100_000)],
                isBusinessDebtor: true
            ).amount, 32)
    }

    func test_compute_overpaymentAndReversal() {
        // Paid 1200.00 on 20.5. and reversed (−1200.00) on 25.5., through 31.5., business, 11.5 %:
        //   16.5.–20.5. = 5 days on 1000.00; 21.5.–25.5. nothing (never below zero); 26.5.–31.5. = 6 days on 1000.00
        //   100 000 × 1150 × 11 / 3 650 000 = 346.58 c → 3.47 €
        XCTAssertEqual(
            interest(
                100_000, due: "2025-05-15", through: "2025-05-31",
                reductions: [("2025-05-25", -120_000), ("2025-05-20", 120_000)], isBusinessDebtor: true
            ).amount, 347)
    }

    func test_compute_notYetOverdueCountsNothing() {
        let onDueDate = interest(100_000, due: "2025-05-15", through: "2025-05-15", isBusinessDebtor: true)
        XCTAssertEqual(onDueDate, PenaltyInterest.Result(amount: 0, through: nil, rate: nil, isCutShort: false))
        let before = interest(100_000, due: "2025-05-15", through: "2025-05-01", isBusinessDebtor: true)
        XCTAssertEqual(before, PenaltyInterest.Result(amount: 0, through: nil, rate: nil, isCutShort: false))
        // The first day after the due date is one day: 31.51 c → 0.32 €.
        let oneDay = interest(100_000, due: "2025-05-15", through: "2025-05-16", isBusinessDebtor: true)
        XCTAssertEqual(oneDay.amount, 32)
        XCTAssertEqual(oneDay.through, date("2025-05-16"))
    }
}
