@testable import Insight
import Receivables
import Workload
import XCTest

/// Insight's kept sums: what `InsightSums.changes` says to read again is every invoice whose part changed, the sums go
/// to rows and back unchanged, and sums brought forward by the changed invoices equal sums made afresh.
final class InsightSumsTests: XCTestCase {
    private let start = try! LocalDate(parsing: "2026-01-05")

    /// Random invoices over two years: dated anywhere in them, due 0–60 days later, paid in 0–3 payments (some
    /// early, some a year late, some partly undone to a smaller amount), some credited, some never paid.
    private func invoices(_ count: Int, seed: UInt64) -> [InvoiceHistory] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { index in
            let issued = start.adding(days: Int.random(in: 0..<730, using: &random))
            let due = issued.adding(days: Int.random(in: 0...60, using: &random))
            let amount = Int64.random(in: 1_00...5_000_00, using: &random)
            var left = amount
            let payments = (0..<Int.random(in: 0...3, using: &random)).compactMap { _ -> DatedAmount? in
                guard left > 0 else { return nil }
                let paid = Bool.random(using: &random) ? left : Int64.random(in: 1...left, using: &random)
                left -= paid
                return DatedAmount(date: due.adding(days: Int.random(in: -20...400, using: &random)), amount: paid)
            }.sorted { $0.date < $1.date }
            let credits = Int.random(in: 0..<6, using: &random) == 0
                ? [DatedAmount(date: issued.adding(days: Int.random(in: 0...90, using: &random)), amount: min(left, amount / 3))]
                : []
            return InvoiceHistory(
                invoiceNumber: "\(index)", customerId: "cust:\(index % 17)", customerName: nil, currency: .euro,
                amount: amount, invoiceDate: issued, dueDate: due, payments: payments, credits: credits)
        }
    }

    private func sums(of invoices: [InvoiceHistory], at day: LocalDate) -> InsightSums {
        var sums = InsightSums()
        for invoice in invoices { sums.count(invoice, at: day) }
        return sums
    }

    /// The sums of 1 500 random invoices (`invoices`) 600 days after the start, and the invoices open then.
    private func sumsAndOpenInvoices(seed: UInt64) -> (InsightSums, InsightEngine.OpenInvoices) {
        let history = invoices(1_500, seed: seed)
        let day = start.adding(days: 600)
        var open = InsightEngine.OpenInvoices(asOf: day)
        for invoice in history { open.add(invoice) }
        return (sums(of: history, at: day), open)
    }

    private func rows(of sums: InsightSums) -> [InsightSumRow] {
        var rows: [InsightSumRow] = []
        sums.forEachRow { rows.append($0) }
        return rows
    }

    /// The rows of one figure as the ledger hands them over: in owner order, then slot.
    private func rows(of sums: InsightSums, figure: Int) -> [InsightSumRow] {
        rows(of: sums).filter { $0.figure == figure }.sorted { ($0.owner, $0.slot) < ($1.owner, $1.slot) }
    }

    private func sums(ofRows rows: [InsightSumRow]) throws -> InsightSums {
        var sums = InsightSums()
        for row in rows { try sums.add(row) }
        return sums
    }

    /// The middle customer's sample of the forecast's cohort, as a minimum sample that some customers reach exactly.
    private func medianSample(of sums: InsightSums) -> Int {
        let samples = rows(of: sums).filter { $0.figure == InsightSums.customerFigures[0] && !$0.owner.isEmpty }
            .map(\.a).sorted()
        return Int(samples[samples.count / 2])
    }

    private func isChosen(_ invoice: InvoiceHistory, by changes: InsightChanges) -> Bool {
        changes.invoiceDates.contains { $0.contains(invoice.invoiceDate) }
            || invoice.payments.contains { payment in changes.paymentDates.contains { $0.contains(payment.date) } }
            || invoice.credits.contains { credit in changes.creditDates.contains { $0.contains(credit.date) } }
    }

    func test_changes_chooseEveryInvoiceWhosePartMoves_fromOneDayToAMonthLater() throws {
        let all = invoices(1_500, seed: 7)
        var moved = 0
        for offset in stride(from: 380, to: 730, by: 23) {
            let from = start.adding(days: offset)
            for days in [0, 1, 3, 4, 13, 31] {
                let day = from.adding(days: days)
                let changes = try XCTUnwrap(InsightSums.changes(
                    since: InsightMark(asOf: from, lastAllocation: 0, lastInvoice: 0), to: day))
                for invoice in all where sums(of: [invoice], at: from) != sums(of: [invoice], at: day) {
                    moved += 1
                    XCTAssertTrue(isChosen(invoice, by: changes), "invoice \(invoice.invoiceNumber), \(from) → \(day)")
                }
            }
        }
        XCTAssertGreaterThan(moved, 1_000, "the days chosen must move many invoices' parts, or the test shows nothing")
        let mark = InsightMark(asOf: start, lastAllocation: 0, lastInvoice: 0)
        XCTAssertNil(InsightSums.changes(since: mark, to: start.adding(days: -1)), "sums are never taken back in time")
        XCTAssertNil(InsightSums.changes(since: mark, to: start.adding(days: InsightSums.keptDays + 1)))
    }

    /// The rows come in the ledger's order of its kept rows, each figure's by owner (its bytes) and slot, so that
    /// keeping them writes the ledger's rows in turn.
    func test_rows_comeEachFiguresByOwnerAndSlot() {
        let rows = rows(of: sums(of: invoices(800, seed: 13), at: start.adding(days: 600)))
        for figure in Set(rows.map(\.figure)) {
            let keys = rows.filter { $0.figure == figure }.map { (owner: Array($0.owner.utf8), slot: $0.slot) }
            XCTAssertTrue(zip(keys, keys.dropFirst()).allSatisfy {
                $0.owner.lexicographicallyPrecedes($1.owner) || ($0.owner == $1.owner && $0.slot < $1.slot)
            }, "figure \(figure)")
        }
        XCTAssertGreaterThan(Set(rows.map(\.owner)).count, 10, "rows of many customers")
        XCTAssertGreaterThan(Set(rows.map(\.figure)).count, 4, "rows of every figure")
    }

    func test_sumsBroughtForwardByTheChosenInvoices_equalSumsMadeAfresh_andGoToRowsAndBack() throws {
        let before = invoices(800, seed: 11)
        // A day later some invoices were paid, one payment was undone, and new invoices came.
        var after = before
        after[3] = InvoiceHistory(
            invoiceNumber: "3", customerId: before[3].customerId, customerName: nil, currency: .euro, amount: before[3].amount,
            invoiceDate: before[3].invoiceDate, dueDate: before[3].dueDate, payments: [], credits: before[3].credits)
        after[5] = InvoiceHistory(
            invoiceNumber: "5", customerId: before[5].customerId, customerName: nil, currency: .euro, amount: before[5].amount,
            invoiceDate: before[5].invoiceDate, dueDate: before[5].dueDate,
            payments: before[5].payments + [DatedAmount(date: start.adding(days: 700), amount: 1_00)], credits: [])
        after += invoices(20, seed: 12).map {
            InvoiceHistory(invoiceNumber: "new \($0.invoiceNumber)", customerId: $0.customerId, customerName: nil,
                           currency: .euro, amount: $0.amount, invoiceDate: start.adding(days: 700), dueDate: $0.dueDate,
                           payments: [], credits: [])
        }
        let (from, day) = (start.adding(days: 698), start.adding(days: 701))
        let kept = sums(of: before, at: from)
        XCTAssertTrue(try sums(ofRows: rows(of: kept)) == kept, "the rows give back the sums")

        let changes = try XCTUnwrap(InsightSums.changes(
            since: InsightMark(asOf: from, lastAllocation: 0, lastInvoice: 0), to: day))
        var change = InsightSums()
        for (index, invoice) in after.enumerated() where index >= before.count || index == 3 || index == 5
            || isChosen(invoice, by: changes) || (index < before.count && isChosen(before[index], by: changes)) {
            if index < before.count { change.count(before[index], at: from, sign: -1) }
            change.count(invoice, at: day)
        }
        XCTAssertTrue(try sums(ofRows: rows(of: kept) + rows(of: change)) == sums(of: after, at: day),
                      "brought forward == afresh")
        XCTAssertNotEqual(kept, sums(of: after, at: day), "the day must change the sums, or the test shows nothing")
    }

    func test_trendAlarmsOfKeptPeriodsReadACustomerAtATime_areThoseOfTheWholeSums() throws {
        let kept = sums(of: invoices(1_500, seed: 11), at: start.adding(days: 600))
        let whole = PayerStatistics.alarms(trends: kept.trends, marginDays: 7)
        XCTAssertGreaterThan(whole.count, 1, "the sums must raise alarms, or the test shows nothing")
        // As the ledger hands them over: only the periods' rows, in owner order.
        var trends = InsightEngine.TrendAlarms(marginDays: 7)
        for row in rows(of: kept, figure: InsightSums.trendFigure) { try trends.add(row) }
        XCTAssertEqual(trends.alarms(), whole)

        var other = InsightEngine.TrendAlarms(marginDays: 7)
        XCTAssertThrowsError(try other.add(InsightSumRow(figure: 0, owner: "cust:1", slot: 0, 1, 1, 1)),
                             "a payer's row is no month of the trend")
        XCTAssertThrowsError(
            try other.add(InsightSumRow(figure: InsightSums.trendFigure, owner: "cust:1", slot: 2, 1, 1, 1)),
            "there are two periods")
    }

    /// A page's slowest payers from kept payer rows read a customer at a time are those of the whole sums.
    func test_slowestPayersOfKeptRowsReadACustomerAtATime_areThoseOfTheWholeSums() throws {
        let (kept, open) = sumsAndOpenInvoices(seed: 11)
        let settings = InsightEngine.Settings(listsEveryPayer: false)
        let whole = InsightEngine.report(sums: kept, open: open, settings: settings)
        XCTAssertEqual(whole.slowestPayers.count, 10, "more late payers than a page shows, or the test shows nothing")
        XCTAssertTrue(whole.slowestPayers.contains { !$0.open.isEmpty }, "what they owe is shown too")
        // As the ledger hands them over: only the payers' rows, in owner order; what they owe added after.
        var slowest = InsightEngine.SlowestPayers()
        for row in rows(of: kept, figure: InsightSums.payerFigure) { try slowest.add(row) }
        let payers = slowest.payers()
        XCTAssertTrue(payers.allSatisfy { $0.open.isEmpty })
        XCTAssertEqual(InsightEngine.report(sums: kept, open: open, settings: settings,
                                            slowestPayers: payers.map(open.owing.owed(by:))), whole)

        var other = InsightEngine.SlowestPayers()
        XCTAssertThrowsError(
            try other.add(InsightSumRow(figure: InsightSums.trendFigure, owner: "cust:1", slot: 0, 1, 1, 1)),
            "a month of the trend is no payer's row")
        XCTAssertThrowsError(
            try other.add(InsightSumRow(figure: InsightSums.payerFigure, owner: "cust:1", slot: 2, 1, 1, 1)),
            "a payer has two slots")
    }

    /// The report made a customer at a time, as the ledger hands over the open invoices with each customer's kept
    /// samples and delays (`KeptReport`: the company's rows first, then the customers in the order of their keys), is
    /// the report from the whole sums and every open invoice held at once: with every payer listed, and a page's with
    /// the slowest only. The minimum sample is one customer's exact sample, so that some customers' own delays are used
    /// and the company's for the rest.
    func test_reportMadeACustomerAtATime_equalsTheReportFromTheWholeSums() throws {
        let history = invoices(1_500, seed: 6)
        let day = start.adding(days: 600)
        let whole = sums(of: history, at: day)
        var open = InsightEngine.OpenInvoices(asOf: day)
        for invoice in history { open.add(invoice) }
        let customerRows = Dictionary(
            grouping: rows(of: whole).filter { InsightSums.customerFigures.contains($0.figure) }, by: \.owner)
        let readWhole = try sums(ofRows: rows(of: whole).filter { !InsightSums.customerFigures.contains($0.figure) })
        let customers = Dictionary(grouping: history, by: \.customerId).sorted {
            $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
        }
        for listsEveryPayer in [true, false] {
            let settings = InsightEngine.Settings(
                minimumSample: medianSample(of: whole), listsEveryPayer: listsEveryPayer)
            let expected = InsightEngine.report(sums: whole, open: open, settings: settings)
            XCTAssertEqual(expected.forecasts.count, 1, "a forecast in euros, or the test shows nothing")
            func made(withCompany: Bool) throws -> InsightReport {
                var slowestPayers: [PayerBehaviour]?
                if !listsEveryPayer {
                    var slowest = InsightEngine.SlowestPayers()
                    for row in rows(of: whole, figure: InsightSums.payerFigure) { try slowest.add(row) }
                    slowestPayers = slowest.payers()
                }
                var kept = InsightEngine.KeptReport(
                    asOf: day, sums: readWhole, settings: settings, slowestPayers: slowestPayers)
                var company = OpenCustomer(key: "")
                company.rows = withCompany ? customerRows[""] ?? [] : []
                try kept.add(company)
                for (key, invoices) in customers {
                    var customer = OpenCustomer(key: key)
                    customer.histories = invoices
                    customer.rows = customerRows[key] ?? []
                    try kept.add(customer)
                }
                return kept.report(trendAlarms: expected.trendAlarms)
            }
            XCTAssertEqual(try made(withCompany: true), expected, "every payer listed: \(listsEveryPayer)")
            XCTAssertNotEqual(try made(withCompany: false).forecasts, expected.forecasts, "the company's delays count")
        }

        var kept = InsightEngine.KeptReport(asOf: day, sums: readWhole, settings: .init(), slowestPayers: nil)
        var customer = OpenCustomer(key: "cust:1")
        customer.rows = [InsightSumRow(figure: InsightSums.trendFigure, owner: "cust:1", slot: 0, 1, 1, 1)]
        XCTAssertThrowsError(try kept.add(customer), "a month of the trend is no sample's or delay's")
    }
}
