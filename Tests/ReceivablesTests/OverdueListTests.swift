import Receivables
import XCTest

/// The list of invoices over 100 days past due: the oldest listed, the rest counted, whatever order they come in.
final class OverdueListTests: XCTestCase {
    private let asOf = try! LocalDate(parsing: "2026-11-30")
    private let dollar = Currency(code: "USD")!

    private func overdue(_ number: String, days: Int, open: Int64, currency: Currency = .euro,
                         inCollection: Bool = false) -> OverdueInvoice {
        OverdueInvoice(
            invoiceNumber: number, customerId: "id:1234567-1", customerName: nil, currency: currency, amount: open + 5_00,
            open: open, dueDate: asOf.adding(days: -days), daysPastDue: days,
            dunning: DunningState(reminderLevel: 1, inCollection: inCollection, hold: nil))
    }

    /// Fourteen invoices: ten to act on in three bands and two currencies, two with the agency; the days and amounts
    /// differ so that each group's sum tells which invoices went into it.
    private var invoices: [OverdueInvoice] {
        [overdue("A1", days: 500, open: 1_00), overdue("A2", days: 400, open: 2_00),
         overdue("A3", days: 366, open: 4_00), overdue("A4", days: 365, open: 8_00),
         overdue("A5", days: 300, open: 16_00), overdue("A6", days: 181, open: 32_00),
         overdue("A7", days: 180, open: 64_00), overdue("A8", days: 150, open: 128_00),
         overdue("A9", days: 101, open: 256_00), overdue("D1", days: 200, open: 512_00, currency: dollar),
         overdue("C1", days: 600, open: 1024_00, inCollection: true),
         overdue("C2", days: 120, open: 2048_00, inCollection: true),
         overdue("C3", days: 110, open: 10_00, currency: dollar, inCollection: true),
         overdue("A10", days: 101, open: 3_00)]
    }

    private func finished(_ invoices: [OverdueInvoice], listing limit: Int?,
                          counted: [UnlistedOverdue] = []) -> (listed: [OverdueInvoice], unlisted: [UnlistedOverdue]) {
        var list = OverdueList(listing: limit, counted: counted)
        for invoice in invoices { list.add(invoice) }
        return list.finish()
    }

    func test_band_boundariesAreInclusiveAsNamed() {
        XCTAssertEqual([101, 180, 181, 365, 366, 2_000].map { OverdueBand(daysPastDue: $0) },
                       [.days101To180, .days101To180, .days181To365, .days181To365, .over365, .over365])
        XCTAssertEqual(OverdueBand.allCases.map(\.days.from), [101, 181, 366])
        XCTAssertEqual(OverdueBand.allCases.map(\.days.through), [180, 365, nil])
    }

    func test_withoutLimit_listsEveryOneTheOldestFirst_andCountsNone() {
        let (listed, unlisted) = finished(invoices.reversed(), listing: nil)
        XCTAssertEqual(listed.map(\.invoiceNumber),
                       ["C1", "A1", "A2", "A3", "A4", "A5", "D1", "A6", "A7", "A8", "C2", "C3", "A10", "A9"])
        XCTAssertEqual(unlisted, [])
    }

    /// Listing three: A1–A3 listed; A4…A10 and D1 counted by band and currency, the agency's apart; in every order
    /// they may come, and with a limit small enough that the list is cut many times on the way.
    func test_withLimit_listsTheOldestToActOn_andCountsTheRestByAgencyBandAndCurrency() {
        let expected = [
            UnlistedOverdue(inCollection: false, band: .days101To180, currency: .euro, count: 4,
                            open: 64_00 + 128_00 + 256_00 + 3_00),
            UnlistedOverdue(inCollection: false, band: .days181To365, currency: .euro, count: 3, open: 8_00 + 16_00 + 32_00),
            UnlistedOverdue(inCollection: false, band: .days181To365, currency: dollar, count: 1, open: 512_00),
            UnlistedOverdue(inCollection: true, band: .days101To180, currency: .euro, count: 1, open: 2048_00),
            UnlistedOverdue(inCollection: true, band: .days101To180, currency: dollar, count: 1, open: 10_00),
            UnlistedOverdue(inCollection: true, band: .over365, currency: .euro, count: 1, open: 1024_00),
        ]
        var generator = SystemRandomNumberGenerator()
        for order in [invoices, invoices.reversed(), invoices.shuffled(using: &generator)] {
            let (listed, unlisted) = finished(order, listing: 3)
            XCTAssertEqual(listed.map(\.invoiceNumber), ["A1", "A2", "A3"])
            XCTAssertEqual(unlisted, expected)
        }
    }

    /// A list made again from a list's result, with the same limit, is the same list: a page that bounds a report
    /// already bounded shows what the whole report would show.
    func test_listingWhatAListGave_givesTheSameList() {
        for limit in [0, 1, 3, 20] {
            let once = finished(invoices, listing: limit)
            let twice = finished(once.listed, listing: limit, counted: once.unlisted)
            XCTAssertEqual(twice.listed, once.listed, "listing \(limit)")
            XCTAssertEqual(twice.unlisted, once.unlisted, "listing \(limit)")
            XCTAssertEqual(once.listed.count + once.unlisted.reduce(0) { $0 + $1.count }, invoices.count)
        }
        XCTAssertEqual(finished(invoices, listing: 0).listed, [])
    }
}
