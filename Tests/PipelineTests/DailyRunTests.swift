import Foundation
import Insight
import Receivables
import TestSupport
import Workload
import XCTest

@testable import Ledger
@testable import Pipeline

/// The daily run as a library: its stages in order, an injected clock, and warnings that reach the summary and the
/// report as well as the caller.
final class DailyRunTests: XCTestCase {
    /// A clock stopped at a day of the test's choosing.
    private struct StoppedClock: RunClock {
        let today: LocalDate
        var timestamp: String { "\(today)T06:30:00+02:00" }
    }

    /// A camt.054 entry whose transactions add up to less than the entry says: booked, with a located warning.
    private let camt = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
        <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-27T06:00:00</CreDtTm></GrpHdr>
        <Ntfctn><Id>N1</Id><CreDtTm>2026-11-27T06:00:00</CreDtTm><Acct><Id><IBAN>FI2112345600000785</IBAN></Id></Acct>
        <Ntry><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-27</Dt></BookgDt>
        <AcctSvcrRef>E1</AcctSvcrRef><NtryDtls>
        <TxDtls><Refs><AcctSvcrRef>P1</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">10.00</Amt></TxAmt></AmtDtls></TxDtls>
        <TxDtls><Refs><AcctSvcrRef>P2</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">15.00</Amt></TxAmt></AmtDtls></TxDtls>
        </NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>

        """

    func test_aRunWithoutAnAsOf_isForTheClocksToday_andKeepsTheParsersWarnings() throws {
        let root = try temporaryDirectory("daily")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        try camt.write(to: root.appendingPathComponent("inbox/camt.xml"), atomically: true, encoding: .utf8)
        try "{ \"workdir\": \".\", \"language\": \"en\" }".write(
            to: root.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        let config = try RunConfig(path: root.appendingPathComponent("c.json").path)
        let dayAfterTomorrow = LocalDate(year: 2026, month: 11, day: 29)!
        var said: [ProgressLine] = []
        let summary = try DailyRun.run(config: config, clock: StoppedClock(today: dayAfterTomorrow)) { said.append($0) }

        XCTAssertEqual(summary.asOf, dayAfterTomorrow)
        XCTAssertEqual(summary.outbox, root.appendingPathComponent("outbox/2026-11-29").path)
        XCTAssertEqual(summary.seconds.map(\.stage), DailyRun.stages.map(\.name))
        XCTAssertEqual(summary.paymentsBooked, 2)
        XCTAssertEqual(summary.warnings.count, 1)
        let warning = try XCTUnwrap(summary.warnings.first)
        XCTAssertTrue(warning.hasPrefix(root.appendingPathComponent("inbox/camt.xml").path + ":"), warning)
        XCTAssertTrue(warning.contains(": warning: "), warning)
        XCTAssertEqual(said.filter { $0 == ProgressLine(.warning, warning) }.count, 1, "said to the caller once, as a warning")
        let fileLines = said.filter { $0.text.hasPrefix("file camt.xml (camt054): ") }
        XCTAssertEqual(fileLines.map(\.level), [.info], "one progress line for the file")
        XCTAssertTrue(fileLines.first?.text.contains(", 2 booked, posted, ") == true, "\(fileLines)")
        XCTAssertEqual(said.filter { $0.text.hasPrefix("stage ") }.map { String($0.text.dropFirst(6).prefix { $0 != ":" }) },
                       DailyRun.stages.map(\.name), "one progress line per stage, in order")

        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: summary.outbox + "/run-summary.json"))) as! [String: Any]
        XCTAssertEqual(json["warnings"] as? [String], [warning])
        let report = try String(contentsOfFile: summary.outbox + "/report.html", encoding: .utf8)
        XCTAssertTrue(report.contains("<h2>Warnings</h2>"))
        XCTAssertTrue(report.contains("camt.xml:"), "the located warning is on the page")

        let sqlite = root.appendingPathComponent("state/saatava.sqlite").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: sqlite))
        let earlier = LocalDate(year: 2026, month: 11, day: 28)!
        XCTAssertThrowsError(try DailyRun.run(config: config, clock: StoppedClock(today: earlier)) { _ in }) { error in
            XCTAssertEqual((error as? DailyRun.RunError)?.kind, .usage, "the day before the last run's is refused")
        }
    }

    /// Insight's kept sums are derived from the money rows: a kept row that no saatava writes (the table changed by
    /// hand) makes the next run make them afresh instead of failing, and its figures are the whole window's.
    func test_aKeptInsightRowNoSaatavaWrites_isReplacedByTheNextRun() throws {
        let root = try temporaryDirectory("kept")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        try camt.write(to: root.appendingPathComponent("inbox/camt.xml"), atomically: true, encoding: .utf8)
        try "{ \"workdir\": \".\" }".write(to: root.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        let config = try RunConfig(path: root.appendingPathComponent("c.json").path)
        _ = try DailyRun.run(config: config, clock: StoppedClock(today: LocalDate(year: 2026, month: 11, day: 27)!)) { _ in }
        let path = root.appendingPathComponent("state/saatava.sqlite").path
        // A payer's row of an eighth slot, then a trend month of a thirteenth (read apart, a customer at a time).
        for (figure, slot, day) in [(0, 7, "2026-11-30"), (1, 12, "2026-12-01")] {
            try Ledger(path: path).database.execute(
                "INSERT INTO insight_sums (figure, owner, slot, a, b, c) VALUES (\(figure), 'x', \(slot), 1, 1, 1)")

            _ = try DailyRun.run(config: config, clock: StoppedClock(today: try LocalDate(parsing: day))) { _ in }
            XCTAssertEqual(try Ledger(path: path).scalar(
                "SELECT count(*) FROM insight_sums WHERE figure = \(figure) AND slot = \(slot)"), 0)
            XCTAssertEqual(try InsightRun.report(config: config, asOf: nil),
                           try InsightRun.report(config: config, asOf: nil, recompute: true))
        }
    }

    /// A generated history run day by day into a working directory of its own, `afterRun` told each day's index and
    /// date after its run.
    private func runHistory(
        _ options: WorkloadHistory.Options, named name: String,
        afterRun: (_ index: Int, _ day: LocalDate, _ config: RunConfig) throws -> Void = { _, _, _ in }
    ) throws -> (history: WorkloadHistory.Written, work: URL, config: RunConfig) {
        let root = try temporaryDirectory(name)
        let history = try WorkloadHistory.write(options, to: root.appendingPathComponent("history").path)
        let work = root.appendingPathComponent("work")
        let inbox = work.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try "{ \"workdir\": \".\" }".write(to: work.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        let config = try RunConfig(path: work.appendingPathComponent("c.json").path)
        for (index, day) in history.days.enumerated() {
            for file in day.files {
                let name = URL(fileURLWithPath: file).lastPathComponent
                try FileManager.default.copyItem(atPath: file, toPath: inbox.appendingPathComponent(name).path)
            }
            _ = try DailyRun.run(config: config, clock: StoppedClock(today: day.date)) { _ in }
            try afterRun(index, day.date, config)
        }
        return (history, work, config)
    }

    /// Insight's sums made afresh (a ledger's first run, or kept sums more than a month old) are kept a part of the
    /// window's invoices at a time, each part added to those kept before, and so is a day's change to them: whatever
    /// the part, the kept rows are the whole window's, and the page's report from them is the one recomputed.
    func test_insightSumsMadeAfreshOrChangedInParts_keepTheWholeWindowsRows_andReportAsRecomputed() throws {
        let (history, work, config) = try runHistory(WorkloadHistory.Options(
            days: 25, invoicesPerDay: 4, seed: 5, firstDay: LocalDate(year: 2026, month: 6, day: 1)!), named: "afresh")
        let ledger = try Ledger(path: work.appendingPathComponent("state/saatava.sqlite").path)
        ledger.creditorBusinessId = config.creditor?.businessId
        let asOf = try XCTUnwrap(history.days.last?.date)
        let recomputed = try InsightRun.report(config: config, asOf: asOf, recompute: true, forPage: true)
        var wholeRows: [InsightSumRow]?
        for part in [InsightRun.keptParts.rebuilt, 1, 3] {
            // Made afresh as of the day; and made afresh a week before, then brought to the day.
            for keptFirst in [nil, asOf.adding(days: -7)] {
                try ledger.database.execute("DELETE FROM insight_mark")
                if let keptFirst {
                    _ = try InsightRun.keepingReport(
                        ledger: ledger, asOf: keptFirst, config: config, parts: (part, part))
                }
                let report = try InsightRun.keepingReport(
                    ledger: ledger, asOf: asOf, config: config, parts: (part, part))
                var rows: [InsightSumRow] = []
                try ledger.forEachInsightSum(of: Array(0...6)) { rows.append($0) }
                let how = "parts of \(part), \(keptFirst.map { "brought from \($0)" } ?? "afresh")"
                XCTAssertEqual(report, recomputed, how)
                XCTAssertEqual(rows, wholeRows ?? rows, how)
                wholeRows = wholeRows ?? rows
            }
        }
        XCTAssertGreaterThan(Set(wholeRows?.map(\.owner) ?? []).count, 10, "sums of many customers")
        XCTAssertFalse(recomputed.slowestPayers.isEmpty, "a history with late payers")
    }

    /// A part of insight's sums ends only with a customer's last invoice (they come a customer at a time), so that no
    /// customer's rows are handed over twice: parts of two invoices over customers of two, three and one invoices.
    func test_sumsInParts_endOnlyWithACustomersLastInvoice() throws {
        let day = LocalDate(year: 2026, month: 6, day: 1)!
        let customers = ["cust:a", "cust:a", "cust:b", "cust:b", "cust:b", "cust:c"]
        let invoices = customers.enumerated().map { index, customer in
            InvoiceHistory(
                invoiceNumber: "\(index)", customerId: customer, customerName: nil, currency: .euro, amount: 100_00,
                invoiceDate: day.adding(days: -40), dueDate: day.adding(days: -26),
                payments: [DatedAmount(date: day.adding(days: -20), amount: 100_00)])
        }
        var rows: [InsightSumRow] = []
        var part = SumsInParts(of: 2)
        for invoice in invoices {
            part.count(invoice.customerId, keep: { rows.append($0) }) { $0.count(invoice, at: day) }
        }
        try part.finish { rows.append($0) }
        let payers = rows.filter { $0.figure == InsightSums.payerFigure && $0.slot == 0 }
        XCTAssertEqual(payers.map(\.owner), ["cust:a", "cust:b", "cust:c"], "each customer's rows once")
        XCTAssertEqual(payers.map(\.a), [2, 3, 1], "invoices paid")
    }

    /// Over a history longer than the back-test's eight weeks, the report each run makes from its kept sums and the
    /// invoices open now (those with nothing booked on them since the back-test's day read as they are, without their
    /// histories) is the one recomputed from the whole window, day after day: the report listing every payer, and the
    /// page's, which lists only the slowest.
    func test_keptReportsOverAHistoryLongerThanTheBackTest_areTheRecomputedOnes() throws {
        var options = WorkloadHistory.Options(
            days: 60, invoicesPerDay: 3, seed: 7, firstDay: LocalDate(year: 2026, month: 3, day: 2)!)
        options.backlog = .grows
        let (history, work, _) = try runHistory(options, named: "backtest") { index, day, config in
            guard index >= 40 else { return }
            let ledger = try Workspace.ledger(config: config)
            XCTAssertEqual(try ledger.insightMark(), try ledger.insightMark(asOf: day), "\(day): kept that day")
            XCTAssertEqual(try InsightRun.report(config: config, asOf: nil),
                           try InsightRun.report(config: config, asOf: nil, recompute: true), "\(day)")
            XCTAssertEqual(try InsightRun.report(config: config, asOf: nil, forPage: true),
                           try InsightRun.report(config: config, asOf: nil, recompute: true, forPage: true),
                           "\(day): the page's report")
        }
        // The last day's open invoices: some read with their histories, some as they are, among them some open on the
        // back-test's day.
        let asOf = try XCTUnwrap(history.days.last?.date)
        let since = InsightSums.backTestDay(of: asOf)
        var (read, steady, steadyThen) = (0, 0, 0)
        try Ledger(path: work.appendingPathComponent("state/saatava.sqlite").path).forEachOpenCustomer(
            asOf: asOf, since: since, statesDueBefore: nil, figures: []
        ) { customer in
            read += customer.histories.count
            steady += customer.steady.count
            steadyThen += customer.steady.count { $0.invoiceDate <= since }
        }
        XCTAssertGreaterThan(read, 0)
        XCTAssertGreaterThan(steadyThen, 0)
        XCTAssertGreaterThan(steady, steadyThen)
    }
}

/// Progress lines for the journal: one line whatever they are made of, with the sd-daemon priority of their level.
final class ProgressLineTests: XCTestCase {
    func test_aLineIsAlwaysOneLine_andCarriesItsPriority() {
        let line = ProgressLine(.error, "the ledger: near \"SELECT\":\nsyntax error\r\nin the query \n")
        XCTAssertEqual(line.text, "the ledger: near \"SELECT\": syntax error in the query")
        XCTAssertEqual(line.withPriority, "<3>" + line.text)
        XCTAssertEqual(ProgressLine(.warning, "w").withPriority, "<4>w")
        XCTAssertEqual(ProgressLine(.info, "i").withPriority, "<6>i")
    }
}
