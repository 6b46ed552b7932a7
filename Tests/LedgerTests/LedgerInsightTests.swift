import Foundation
@testable import Ledger
import Matching
import Receivables
import TestSupport
import XCTest

/// What insight reads from the ledger (`paymentHistory`): the invoices a figure needs, however their payments are dated.
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

        let history = try ledger.paymentHistory(asOf: runDay, since: runDay.adding(days: -PaymentHistory.daysNeeded))
        XCTAssertEqual(history.invoices.map(\.invoiceNumber), ["OLD1"])
        XCTAssertEqual(history.invoices.first?.payments, [DatedAmount(date: runDay, amount: 100_00)], "dated by its run's day")
    }
}
