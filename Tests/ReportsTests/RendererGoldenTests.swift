import Foundation
import Receivables
import Reports
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
        try assertGolden(LedgerExport.invoices(invoices, status: nil, asCSV: false), "invoices.jsonl")
        try assertGolden(LedgerExport.invoices(invoices, status: nil, asCSV: true), "invoices.csv")
        try assertGolden(LedgerExport.payments(payments, asCSV: false), "payments.jsonl")
        try assertGolden(LedgerExport.payments(payments, asCSV: true), "payments.csv")
        XCTAssertEqual(LedgerExport.invoices(invoices, status: "open", asCSV: false).split(separator: "\n").count, 1,
                       "only 1002 owes money")
        XCTAssertEqual(LedgerExport.invoices(invoices, status: "credited", asCSV: false).split(separator: "\n").count, 1)
    }

    func test_accountantOutputs_theCSVAndThePage() throws {
        try assertGolden(AccountantReport.unmatchedCSV(payments), "unmatched-payments.csv")
        let page = AccountantReport.html(
            asOf: day, toDecide: Array(payments.prefix(2)), received: CountAndSums(count: 2, byCurrency: [euro: 165_50]),
            open: CountAndSums(count: 1, byCurrency: [euro: 30_00]),
            credits: [CustomerCredit(creditNote: "H9", customerName: "Virtanen <Oy>", amount: Amount(minorUnits: 12_00, currency: euro))],
            quarantined: [(file: "broken.xml", reason: "broken.xml:2:1: the document ends inside <Ntry>")],
            problems: ["invoice 1001 was booked before with other content"],
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
                waiting: ["not yet due": 4, "plan 3 in effect": 1], off: nil,
                holdsEnded: ["plan 2 (customer id:7654321-2) ended: instalment of 2026-11-20 missed"]))
        try assertGolden(page, "report.html")
    }

    /// One letter per language: a Finnish business, a Swedish consumer, an English consumer without e-invoicing.
    func test_reminderLetters_oneInEachLanguage() throws {
        try assertGolden(ReminderLetters.html(ReminderSamples.business), "reminder-letter.fi.html")
        try assertGolden(ReminderLetters.html(ReminderSamples.consumer), "reminder-letter.sv.html")
        try assertGolden(ReminderLetters.html(ReminderSamples.letterOnly), "reminder-letter.en.html")
    }

    func test_reminders_asJSONLinesAndCSV() throws {
        let views = (ReminderSamples.documents + [ReminderSamples.awkward]).map(\.reminder)
        try assertGolden(LedgerExport.reminders(views, asCSV: false), "reminders.jsonl")
        try assertGolden(LedgerExport.reminders(views, asCSV: true), "reminders.csv")
        XCTAssertEqual(CSVWriter.parse(LedgerExport.reminders(views, asCSV: true)).first, LedgerExport.reminderColumns)
    }

    /// Every reason has advice of its own: none falls to the generic text.
    func test_everyReason_hasItsOwnAdvice() {
        let generic = AccountantReport.advice(for: nil, suggestion: nil)
        let advice = UnappliedReason.allCases.map { AccountantReport.advice(for: $0, suggestion: nil) }
        XCTAssertFalse(advice.contains(generic))
        XCTAssertEqual(Set(advice).count, UnappliedReason.allCases.count)
    }

    private func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil || !FileManager.default.fileExists(atPath: url.path) {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            XCTFail("recorded Golden/\(name); check it by hand and run again", file: file, line: line)
            return
        }
        XCTAssertEqual(actual, try String(contentsOf: url, encoding: .utf8), name, file: file, line: line)
    }
}
