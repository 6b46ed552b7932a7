import Foundation
import Receivables
@testable import Reports
import TestSupport
import XCTest

/// Every renderer of read models against a golden file, from hand-built views: no ledger, no database. A golden
/// file missing (or RECORD_GOLDEN set) is written and the test fails, to be checked by hand.
final class RendererGoldenTests: XCTestCase {
    private let euro = Currency.euro
    private let day = LocalDate(year: 2026, month: 11, day: 27)!

    private var invoices: [InvoiceView] {
        [
            InvoiceView(invoiceNumber: "1001", reference: "1232", customerId: "id:1234567-1", customerName: "Virtanen Oy",
                        consumer: false, currency: euro, amount: 100_00, paid: 100_00, credited: 0,
                        invoiceDate: day.adding(days: -30), dueDate: day.adding(days: -16), dunningLevel: 0),
            InvoiceView(invoiceNumber: "1002", reference: "RF471245", customerId: "name:Aino Laine|00100|Asiakastie 1",
                        customerName: "=Aino, \"Laine\"", consumer: true, currency: euro, amount: 80_00, paid: 30_00,
                        credited: 20_00, invoiceDate: day.adding(days: -20), dueDate: nil, dunningLevel: 0),
            InvoiceView(invoiceNumber: "1003", reference: nil, customerId: "id:7654321-2", customerName: nil, consumer: false,
                        currency: Currency(code: "SEK")!, amount: 50_00, paid: 0, credited: 50_00,
                        invoiceDate: day.adding(days: -3), dueDate: day.adding(days: 11), dunningLevel: 0),
        ]
    }

    private var payments: [PaymentView] {
        [
            PaymentView(archiveId: "A1", account: "FI21", bookingDate: day, amount: 120_00, currency: euro, reference: "1232",
                        payerName: "Virtanen Oy", remittanceText: nil, status: .matched, reason: .overpayment, unapplied: 20_00,
                        allocations: [PaymentView.Applied(invoiceNumber: "1001", amount: 100_00, rule: .reference)],
                        reverses: nil, suggestedInvoice: nil, suggestionRule: nil, confidence: nil),
            PaymentView(archiveId: "A2", account: "FI21", bookingDate: day, amount: 45_50, currency: euro, reference: "1233",
                        payerName: "@Laine", remittanceText: "Lasku 1002\nkiitos", status: .unmatched, reason: .invalidReference,
                        unapplied: 45_50, allocations: [], reverses: nil, suggestedInvoice: "1002",
                        suggestionRule: .referenceTypo, confidence: 0.8),
            PaymentView(archiveId: "A3", account: "FI21", bookingDate: nil, amount: nil, currency: euro, reference: nil,
                        payerName: nil, remittanceText: nil, status: .reversal, reason: nil, unapplied: 0, allocations: [],
                        reverses: "A0", suggestedInvoice: nil, suggestionRule: nil, confidence: nil),
        ]
    }

    func test_ledgerViews_asJSONLinesAndCSV() throws {
        try assertGolden(LedgerExport.invoices(invoices, status: nil, csv: nil), "invoices.jsonl")
        try assertGolden(LedgerExport.invoices(invoices, status: nil, csv: .rfc4180), "invoices.csv")
        try assertGolden(LedgerExport.payments(payments, csv: nil), "payments.jsonl")
        try assertGolden(LedgerExport.payments(payments, csv: .rfc4180), "payments.csv")
        XCTAssertEqual(LedgerExport.invoices(invoices, status: "open", csv: nil).split(separator: "\n").count, 1,
                       "only 1002 owes money")
        XCTAssertEqual(LedgerExport.invoices(invoices, status: "credited", csv: nil).split(separator: "\n").count, 1)
    }

    func test_accountantOutputs_theCSVAndThePage() throws {
        func csv(_ payments: [PaymentView], _ dialect: CSVDialect) -> String {
            var csv = ""
            AccountantReport.unmatchedCSV(payments, dialect: dialect) { csv += $0 }
            return csv
        }
        try assertGolden(csv(payments, .rfc4180), "unmatched-payments.csv")
        try assertGolden(csv(payments + listed, .excelFi), "unmatched-payments.excel-fi.csv")
        for language in Language.allCases {
            try assertGolden(page(language), "report.\(language).html")
        }
    }

    /// The accountant's list: the groups with the largest (euro) sums first, and in a group the suggestions first,
    /// then the largest amounts.
    func test_accountantsList_putsTheLargestSumsAndTheSuggestionsFirst() {
        let list = AccountantReport.accountantsList(Array(payments.prefix(2)) + listed)
        XCTAssertEqual(list.map(\.reason), [.noReference, .invalidReference, .overpayment, .unknownReference])
        XCTAssertEqual(list.map { $0.payments.map(\.archiveId) }, [["B3", "B2", "B1"], ["A2"], ["A1"], ["B4"]])
    }

    /// A big day's list reaches the page and the CSV a thousand payments at a time, each payment once and in the
    /// list's order, the page's end last.
    func test_aLongListOfPaymentsToDecide_isHandedOverInPieces_eachPaymentOnce() {
        let many = (0..<2_500).map { index in
            PaymentView(archiveId: String(format: "P%05d", index), account: "FI21", bookingDate: day, amount: 1_00,
                        currency: .euro, reference: nil, payerName: nil, remittanceText: nil, status: .unmatched,
                        reason: index % 2 == 0 ? .noReference : .unknownReference, unapplied: Int64(1_00 + index),
                        allocations: [], reverses: nil, suggestedInvoice: nil, suggestionRule: nil, confidence: nil)
        }
        var pieces: [String] = []
        let none = CountAndSums(count: 0, byCurrency: [:])
        AccountantReport.html(asOf: day, language: .en, toDecide: many, received: none, open: none, credits: [],
                              quarantined: []) { pieces.append($0) }
        let rowsPerPiece = pieces.map { $0.components(separatedBy: "<tr><td>").count - 1 }
        XCTAssertEqual(rowsPerPiece.filter { $0 > 0 }, [1_000, 1_000, 500], "the list a thousand payments at a time")
        let page = pieces.joined()
        let listed = page.split(separator: "<small>").dropFirst().compactMap { $0.split(separator: "<").first }
            .filter { $0.hasPrefix("P") }.map(String.init)
        let order = AccountantReport.accountantsList(many).flatMap(\.payments).map(\.archiveId)
        XCTAssertEqual(listed, order)
        XCTAssertEqual(pieces.last, "</body></html>\n")

        var csv: [String] = []
        AccountantReport.unmatchedCSV(many, dialect: .rfc4180) { csv.append($0) }
        XCTAssertGreaterThan(csv.count, 2, "the CSV in pieces")
        XCTAssertEqual(csv.joined().split(separator: "\r\n").dropFirst().map { String($0.prefix { $0 != "," }) }, order)
    }

    /// More payments to decide on: three without a reference (one with a suggestion, the largest sum of all), and one
    /// in Swedish crowns.
    private var listed: [PaymentView] {
        func payment(_ id: String, _ amount: Int64, _ reason: UnappliedReason, currency: Currency = .euro,
                     suggested: String? = nil) -> PaymentView {
            PaymentView(archiveId: id, account: "FI21", bookingDate: day.adding(days: -1), amount: amount, currency: currency,
                        reference: nil, payerName: "Maksaja \(id)", remittanceText: "Viesti \(id)", status: .unmatched,
                        reason: reason, unapplied: amount, allocations: [], reverses: nil, suggestedInvoice: suggested,
                        suggestionRule: suggested.map { _ in .invoiceNumberInText }, confidence: suggested.map { _ in 0.9 })
        }
        return [
            payment("B1", 10_00, .noReference), payment("B2", 1_234_567_89, .noReference),
            payment("B3", 5_00, .noReference, suggested: "1003"),
            payment("B4", 2_500_00, .unknownReference, currency: Currency(code: "SEK")!),
        ]
    }

    /// The page with every section, in a language.
    private func page(_ language: Language) -> String {
        var page = ""
        AccountantReport.html(
            asOf: day, language: language, toDecide: Array(payments.prefix(2)) + listed,
            received: CountAndSums(count: 2, byCurrency: [euro: 165_50]),
            open: CountAndSums(count: 1, byCurrency: [euro: 30_00, Currency(code: "SEK")!: 1_000_00]),
            credits: [CustomerCredit(creditNote: "H9", customerName: "Virtanen <Oy>", amount: Amount(minorUnits: 12_00, currency: euro))],
            quarantined: [(file: "broken.xml", reason: "broken.xml:2:1: the document ends inside <Ntry>")],
            problems: ["invoice 1001 was booked before with other content"],
            warnings: ["camt.xml:3:5: warning: the control sum 10.00 is not the sum of the entries"],
            dunning: DunningDay(
                issued: [
                    (ReminderView(invoiceNumber: "1002", customerId: "name:Aino Laine|00100|Asiakastie 1", step: 2,
                                  dunningClass: "standard", issuedOn: day, currency: euro, fee: 5_00,
                                  feeRule: "513/1999 10 a § 1 mom 1 k: at most 5.00 €", compensation: 0, interest: 1_23,
                                  interestThrough: day, interestRate: "9.5", payBy: day.adding(days: 14), channel: .letter,
                                  file: "reminders/letters/1002.html"), false),
                    (ReminderView(invoiceNumber: "1001", customerId: "id:1234567-1", step: 3, dunningClass: "standard",
                                  issuedOn: day, currency: euro, fee: 0, feeRule: "", compensation: 0, interest: 0,
                                  interestThrough: nil, interestRate: nil, payBy: day, channel: .finvoice, file: nil), true),
                ],
                waiting: ["not_yet_due": 4, "on_plan": 1], off: nil,
                holdsEnded: ["plan 2 (customer id:7654321-2) ended: instalment of 2026-11-20 missed"],
                unpaidCharges: [(invoiceNumber: "1004", customerName: "Eino Laine", amount: Amount(minorUnits: 5_55, currency: euro))],
                olderUnpaidCharges: CountAndSums(count: 2, byCurrency: [euro: 45_00]),
                customerNames: ["id:1234567-1": "Virtanen Oy"],
                interestCutShortAfter: LocalDate(year: 2026, month: 6, day: 30)),
            delivered: ["collection/transfer-2026-11-27.json → agency (/in/2026-11-27-transfer-2026-11-27.json)"],
            deliveryWaiting: ["collection/manifest.json → agency: Connection refused"],
            decided: [
                AppliedDecision(archiveId: "A7", decision: .assign(invoiceNumber: "1001"), amount: 20_00,
                                currency: euro, note: nil, source: "decisions/monday.csv"),
                AppliedDecision(archiveId: "A8", decision: .refund, amount: 1_234_50, currency: euro,
                                note: "paid twice", source: "decisions/monday.csv"),
            ]) { page += $0 }
        return page
    }

    /// One letter per language: a Finnish business, a Swedish consumer, an English consumer without e-invoicing.
    func test_reminderLetters_oneInEachLanguage() throws {
        try assertGolden(ReminderLetters.html(ReminderSamples.business), "reminder-letter.fi.html")
        try assertGolden(ReminderLetters.html(ReminderSamples.consumer), "reminder-letter.sv.html")
        try assertGolden(ReminderLetters.html(ReminderSamples.letterOnly), "reminder-letter.en.html")
    }

    func test_reminders_asJSONLinesAndCSV() throws {
        let views = (ReminderSamples.documents + [ReminderSamples.awkward]).map(\.reminder)
        try assertGolden(LedgerExport.reminders(views, csv: nil), "reminders.jsonl")
        try assertGolden(LedgerExport.reminders(views, csv: .rfc4180), "reminders.csv")
        XCTAssertEqual(try CSVWriter.parse(LedgerExport.reminders(views, csv: .rfc4180)).first,
                       LedgerExport.reminderColumns)
    }

    /// Every reason has a title and advice of its own, in every language: none falls to the generic text.
    func test_everyReason_hasItsOwnTitleAndAdvice() {
        for language in Language.allCases {
            let texts = language.report
            for words in [texts.reasonTitle, texts.reasonAdvice] {
                let generic = words(nil)
                let own = UnappliedReason.allCases.map { words($0) }
                XCTAssertFalse(own.contains(generic), "\(language)")
                XCTAssertEqual(Set(own).count, UnappliedReason.allCases.count, "\(language)")
            }
        }
    }

    /// Dunning's reasons for waiting in words in every language: no code shows through.
    func test_everyWaitingReason_hasItsWords() {
        let codes = ["not_yet_due", "in_collection", "disputed", "on_plan", "on_hold", "payment_waiting", "below_minimum",
                     "ladder_done", "no_class", "other_seller"]
        for language in Language.allCases {
            let words = codes.map(language.report.waitingReason)
            XCTAssertEqual(Set(words).count, codes.count, "\(language)")
            XCTAssertFalse(words.contains { $0.contains("_") }, "\(language): \(words)")
        }
    }

    /// The rule that set a fee in the page's language; the ledger keeps its English words.
    func test_feeRules_inWords() {
        let day = LocalDate(year: 2026, month: 11, day: 13)!
        let rules: [FeeRule] = [
            .noneAsked, .withinInterval(section: "513/1999 10 b § 2 mom", days: 14, previous: day),
            .sentTooLate(section: "513/1999 10 b § 1 mom", days: 14), .tooSoonAfterDue(section: "513/1999 10 b § 1 mom", days: 14),
            .capped(section: "513/1999 10 a § 1 mom 1 k", cap: 5_00), .totalCapped(section: "513/1999 10 a § 2 mom", total: 15_00, allowed: 2_50),
            .offsetByCompensation(.capped(section: "513/1999 10 e § 1 mom 1 k", cap: 12_00), section: "513/1999 10 i §", compensation: 40_00),
        ]
        let nbsp = "\u{00A0}"
        XCTAssertEqual(rules.map { Language.fi.report.feeRuleWords($0) }, [
            "perintäluokan vaihe ei pyydä maksua",
            "513/1999 10 b § 2 mom: ei maksua 14 päivän kuluessa edellisestä muistutuksesta (13.11.2026)",
            "513/1999 10 b § 1 mom: lasku lähetettiin alle 14 päivää ennen eräpäivää",
            "513/1999 10 b § 1 mom: eräpäivästä on alle 14 päivää",
            "513/1999 10 a § 1 mom 1 k: enintään 5,00\(nbsp)€",
            "513/1999 10 a § 2 mom: perintäkulut enintään 15,00\(nbsp)€; sallittu 2,50\(nbsp)€",
            "513/1999 10 e § 1 mom 1 k: enintään 12,00\(nbsp)€; 513/1999 10 i §: 40,00\(nbsp)€ vakiokorvaus kattaa muistutusmaksut",
        ])
        XCTAssertEqual(rules.last?.description, "513/1999 10 e § 1 mom 1 k: at most 12.00 €; 513/1999 10 i §: the 40.00 € standard "
            + "compensation offsets the fees", "the ledger's words are as before")
        for rule in rules {
            XCTAssertFalse(Language.sv.report.feeRuleWords(rule).contains(" the "), "\(rule)")
            XCTAssertFalse(Language.fi.report.feeRuleWords(rule).contains(" the "), "\(rule)")
        }
    }

    /// The page's amounts and dates as the language writes them, exactly, and its `lang` attribute matches.
    func test_page_writesMoneyAndDatesAsItsLanguageDoes() {
        let nbsp = "\u{00A0}"
        XCTAssertTrue(page(.fi).contains("<html lang=\"fi\">"))
        XCTAssertTrue(page(.fi).contains("1\(nbsp)234\(nbsp)567,89\(nbsp)€"))
        XCTAssertTrue(page(.fi).contains("2\(nbsp)500,00\(nbsp)SEK"))
        XCTAssertTrue(page(.fi).contains("<h1>Saatavat 27.11.2026</h1>"))
        XCTAssertTrue(page(.sv).contains("<html lang=\"sv\">") && page(.sv).contains("1\(nbsp)234\(nbsp)567,89\(nbsp)€"))
        XCTAssertTrue(page(.en).contains("<html lang=\"en\">") && page(.en).contains("€1,234,567.89"))
        XCTAssertTrue(page(.en).contains("<h1>Receivables on 2026-11-27</h1>"))
        for language in Language.allCases {
            XCTAssertFalse(page(language).contains("no_reference"), "reasons in words, not codes")
            XCTAssertFalse(page(language).contains("<script"))
        }
    }

    /// An insight report with a figure in every section: an invoice over 100 days, a slow payer, a trend alarm, a
    /// forecast with its back-test, DSO, and a second currency.
    private var insight: InsightReport {
        let sek = Currency(code: "SEK")!
        func rows(_ amounts: [Int64]) -> [AgeingRow] {
            zip(AgeingBucket.allCases, amounts).map { AgeingRow(bucket: $0, count: $1 == 0 ? 0 : 1, amount: $1) }
        }
        let payer = PayerBehaviour(
            customerId: "id:1234567-1", customerName: "Virtanen & Co <Oy>", invoicesPaid: 4, averageDaysLate: 12.25,
            weightedDaysLate: 14.04, onTimeShare: 0.25, open: [Amount(minorUnits: 1_234_50, currency: euro)],
            overdue: [Amount(minorUnits: 234_50, currency: euro)])
        let weeks = (0..<8).map { week in
            ForecastWeek(start: day.adding(days: 1 + 7 * week), end: day.adding(days: 7 + 7 * week),
                         expected: Int64(1000_00 - 100_00 * week), naive: week == 0 ? 3000_00 : 0)
        }
        let backWeeks = (0..<8).map { week in
            BackTestWeek(start: day.adding(days: -55 + 7 * week), end: day.adding(days: -49 + 7 * week),
                         expected: Int64(900_00 - 50_00 * week), naive: week == 0 ? 2500_00 : 0, actual: Int64(950_00 - 60_00 * week))
        }
        return InsightReport(
            asOf: day, trendMarginDays: 7, minimumSample: 5,
            ageing: [AgeingTable(currency: euro, rows: rows([3000_00, 1500_00, 700_00, 0, 0, 456_78])),
                     AgeingTable(currency: sek, rows: rows([2500_00, 0, 0, 0, 0, 0]))],
            overHundredDays: [OverdueInvoice(
                invoiceNumber: "1003", customerId: "id:7654321-2", customerName: nil, currency: euro, amount: 500_00,
                open: 456_78, dueDate: day.adding(days: -130), daysPastDue: 130,
                dunning: DunningState(reminderLevel: 2, inCollection: false, hold: .plan)),
                OverdueInvoice(
                invoiceNumber: "1005", customerId: "id:7654321-2", customerName: nil, currency: euro, amount: 100_00,
                open: 100_00, dueDate: day.adding(days: -120), daysPastDue: 120,
                dunning: DunningState(reminderLevel: 2, inCollection: true, hold: nil))],
            payers: [payer], slowestPayers: [payer],
            trendAlarms: [TrendAlarm(
                customerId: "id:1234567-1", customerName: "Virtanen & Co <Oy>", recentDaysLate: 21.5, recentPayments: 2,
                previousDaysLate: 4, previousPayments: 6, marginDays: 7,
                monthlyDaysLate: [2, 4, nil, 5, 3, 6, 4, 2, 5, 18, nil, 25])],
            forecasts: [CashForecast(
                currency: euro, open: 5656_78, weeks: weeks, beyond: 2056_78,
                backTest: ForecastBackTest(madeAsOf: day.adding(days: -56), weeks: backWeeks, error: 11.24, naiveError: 385.9))],
            dso: [DaysSalesOutstanding(currency: euro, open: 5656_78, invoiced: 10000_00),
                  DaysSalesOutstanding(currency: sek, open: 2500_00, invoiced: 0)])
    }

    /// The insight sections in each language: headings, figures as the language writes them, the charts in place.
    func test_insightPage_inEachLanguage() throws {
        for language in Language.allCases {
            let html = InsightPage.html(insight, language: language)
            try assertGolden(html, "insight.\(language.rawValue).html")
            XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart\"").count - 1, 5,
                           "ageing per currency (2), the trend line, the forecast and its back-test")
            XCTAssertFalse(html.contains("Virtanen & Co <Oy>"), "names are escaped")
        }
        let nbsp = "\u{00A0}"
        let finnish = InsightPage.html(insight, language: .fi)
        XCTAssertTrue(finnish.contains("Ennusteen virhe 11,2\(nbsp)%, naiivin ennusteen 385,9\(nbsp)%"))
        XCTAssertTrue(finnish.contains("456,78\(nbsp)€") && finnish.contains("2.6.2026–8.6.2026") == false)
        XCTAssertTrue(finnish.contains("<b>EUR</b>: Myyntisaamisten kiertoaika (DSO) 50,9 päivää"), "5656.78 / 10000 × 90 = 50.9")
        XCTAssertTrue(finnish.contains("<b>SEK</b>: Myyntisaamisten kiertoaikaa ei voi laskea"), "nothing invoiced in SEK")
        XCTAssertTrue(InsightPage.html(insight, language: .en).contains("Forecast error 11.2%, the naive forecast's 385.9%"))
    }

    /// However many customers slowed down, the page shows the ten most slowed, each with its chart, and says how many
    /// more there are (the full list is `saatava insight`'s).
    func test_insightPage_showsTheTenMostSlowedCustomers() {
        let alarms = (1...12).map { number in
            TrendAlarm(customerId: "id:\(number)", customerName: "Asiakas \(number)", recentDaysLate: Double(30 - number),
                       recentPayments: 2, previousDaysLate: 1, previousPayments: 6, marginDays: 7,
                       monthlyDaysLate: Array(repeating: 3, count: 12))
        }
        let many = InsightReport(
            asOf: insight.asOf, trendMarginDays: insight.trendMarginDays, minimumSample: insight.minimumSample,
            ageing: insight.ageing, overHundredDays: insight.overHundredDays, payers: insight.payers,
            slowestPayers: insight.slowestPayers, trendAlarms: alarms, forecasts: insight.forecasts, dso: insight.dso)
        for language in Language.allCases {
            let html = InsightPage.html(many, language: language)
            XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart\"").count - 1, 4 + 10, "\(language)")
            XCTAssertTrue(html.contains("Asiakas 10") && !html.contains("Asiakas 11"), "\(language): the most slowed first")
        }
        XCTAssertTrue(InsightPage.html(many, language: .fi).contains("Lisäksi 2 muun asiakkaan maksut ovat hidastuneet"))
        XCTAssertTrue(InsightPage.html(many, language: .en).contains("2 more customers' payments have slowed down"))
    }

    /// However many invoices are over 100 days past due, the page lists the hundred oldest to act on and counts the
    /// rest by how long past due; a report that lists them all and one that lists only those make the same page.
    func test_insightPage_listsTheHundredOldestOverdue_andCountsTheRest() {
        let toActOn = (1...103).map { number in
            OverdueInvoice(
                invoiceNumber: "Z\(number)", customerId: "id:7654321-2", customerName: nil, currency: euro,
                amount: 10_00, open: 10_00, dueDate: day.adding(days: -(400 - number)), daysPastDue: 400 - number,
                dunning: DunningState(reminderLevel: 1, inCollection: false, hold: nil))
        }
        func report(_ overdue: [OverdueInvoice], unlisted: [UnlistedOverdue]) -> InsightReport {
            InsightReport(
                asOf: insight.asOf, trendMarginDays: insight.trendMarginDays, minimumSample: insight.minimumSample,
                ageing: insight.ageing, overHundredDays: overdue, unlistedOverdue: unlisted, payers: insight.payers,
                slowestPayers: insight.slowestPayers, trendAlarms: insight.trendAlarms, forecasts: insight.forecasts,
                dso: insight.dso)
        }
        // Every one listed, the agency's among them, in an order of their own; and as a page's report lists them.
        let every = toActOn.reversed() + insight.overHundredDays
        var bounded = OverdueList(listing: InsightPage.shownOverdueInvoices)
        for invoice in every { bounded.add(invoice) }
        let (listed, unlisted) = bounded.finish()
        XCTAssertEqual(listed.count, 100)
        for language in Language.allCases {
            let html = InsightPage.html(report(every, unlisted: []), language: language)
            let fromBounded = InsightPage.html(report(listed, unlisted: unlisted), language: language)
            XCTAssertEqual(html, fromBounded, "\(language)")
            let shown = (1...103).filter { html.contains("<td>Z\($0)</td>") }
            XCTAssertEqual(shown, Array(1...100), "\(language): the oldest, 399 to 300 days past due")
            XCTAssertFalse(html.contains("<td>1003</td>"), "\(language): the oldest of all but not among the hundred")
            XCTAssertTrue(html.contains("saatava insight --format json (overHundredDays)"), "\(language)")
            XCTAssertTrue(html.contains("saatava ledger invoices --status open --format csv"),
                          "\(language): where a spreadsheet of them all is")
        }
        let finnish = InsightPage.html(report(every, unlisted: []), language: .fi)
        // Z101–Z103 (299–297 days) and 1003 (130 days): four more, 10 € each and 456,78 €.
        XCTAssertTrue(finnish.contains("Luettelo näyttää vanhimmat 100. Lisäksi 4 laskua (486,78\u{00A0}€)"))
        func row(_ band: String, _ count: Int, _ open: String) -> String {
            "<tr><td>\(band)</td><td class=\"money\">\(count)</td><td class=\"money\">\(open)\u{00A0}€</td></tr>"
        }
        XCTAssertTrue(finnish.contains(row("101–180 pv", 1, "456,78") + "\n" + row("181–365 pv", 3, "30,00")))
        XCTAssertTrue(finnish.contains("1 lasku (100,00\u{00A0}€) on jo perintätoimistossa"))
        XCTAssertTrue(InsightPage.html(report(every, unlisted: []), language: .en)
            .contains("The list shows the 100 oldest. 4 more invoices (€486.78) are over 100 days past due"))
    }

    private func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil || !FileManager.default.fileExists(atPath: url.path) {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            XCTFail("recorded Golden/\(name); check it by hand and run again", file: file, line: line)
            return
        }
        // Bytes decoded as they are: String(contentsOf:encoding:) would drop a byte order mark.
        XCTAssertEqual(actual, String(decoding: try Data(contentsOf: url), as: UTF8.self), name, file: file, line: line)
    }
}
