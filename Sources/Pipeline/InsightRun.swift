import Insight
import Ledger
public import Receivables
import Reports

/// `saatava insight`: the insight report of a config's ledger (docs/insight.md), read without creating anything; and
/// the report of a day's run, which keeps insight's sums in the ledger (docs/insight.md, "How the ledger is read").
public enum InsightRun {
    /// The report as of `asOf` (default: the day of the latest finished run): from the kept sums when they are as of
    /// that day and no invoice or money row was added since, else (or with `recompute`) from the whole window; every
    /// payer and overdue invoice listed, or for a page (`forPage`) only what it shows (`pageSettings`).
    /// - Throws: `DailyRun.RunError`: no ledger, a ledger that cannot be read, or no day to report on (usage).
    public static func report(config: RunConfig, asOf: LocalDate?, recompute: Bool = false,
                              forPage: Bool = false) throws(DailyRun.RunError) -> InsightReport
    {
        let ledger = try Workspace.ledger(config: config)
        return try DailyRun.faultsNamed {
            guard let day = try asOf ?? ledger.lastFinishedRun() else {
                throw DailyRun.RunError(kind: .usage, description: "the ledger has no finished run: say --as-of")
            }
            let settings = forPage ? pageSettings(config) : settings(config)
            // One snapshot: a run may keep new sums meanwhile.
            return try ledger.readingOneSnapshot {
                if !recompute, let mark = try ledger.insightMark(), mark == (try ledger.insightMark(asOf: day)) {
                    return try keptReport(ledger: ledger, asOf: day, settings: settings)
                }
                return try windowReport(ledger: ledger, asOf: day, settings: settings)
            }
        }
    }

    /// The report of `ledger` as of `day` for the day's run (report.html): the kept sums brought to `day` by reading the
    /// invoices that changed since they were kept, or, when none are kept or they are more than a month old, made
    /// afresh from the whole window; then kept, with a mark of what the ledger held. A page's report: the slowest
    /// payers only, no list of every payer. The sums made afresh, and the change, are kept in parts (of `parts`
    /// invoices, read a customer at a time and each part ending with a customer's last), each added to what the parts
    /// before kept, so that a big ledger's sums (or a Monday's change) for every customer are never all held, and each
    /// customer's rows are written once.
    static func keepingReport(ledger: Ledger, asOf day: LocalDate, config: RunConfig,
                              parts: (rebuilt: Int, changed: Int) = keptParts) throws
        -> InsightReport
    {
        precondition(ledger.creditorBusinessId == config.creditor?.businessId,
                     "the ledger counts the invoices of the config's creditor")
        let settings = pageSettings(config)
        let now = try ledger.insightMark(asOf: day)
        // The sums made afresh from the whole window and kept in place of any, then reported from as kept.
        func rebuilt() throws -> InsightReport {
            try ledger.keepInsightSums(replacing: true, mark: now) { keep in
                var part = SumsInParts(of: parts.rebuilt)
                try ledger.forEachInvoiceHistory(
                    asOf: day, since: day.adding(days: -PaymentHistory.daysNeeded), statesDueBefore: nil,
                    byCustomer: true
                ) { invoice in part.count(invoice.customerId, keep: keep) { $0.count(invoice, at: day) } }
                try part.finish(keep: keep)
            }
            return try ledger.readingOneSnapshot { try keptReport(ledger: ledger, asOf: day, settings: settings) }
        }
        guard let mark = try ledger.insightMark(), mark.creditor == now.creditor,
              let changes = InsightSums.changes(since: mark, to: day)
        else {
            return try rebuilt()
        }
        // Each changed invoice's part as of the mark taken away, its part now added.
        try ledger.keepInsightSums(replacing: false, mark: now) { keep in
            var part = SumsInParts(of: parts.changed)
            try ledger.forEachChangedInvoiceHistory(changes) { invoice, before in
                part.count(invoice.customerId, keep: keep) { sums in
                    if let before { sums.count(before, at: mark.asOf, sign: -1) }
                    sums.count(invoice, at: day)
                }
            }
            try part.finish(keep: keep)
        }
        do {
            return try ledger.readingOneSnapshot { try keptReport(ledger: ledger, asOf: day, settings: settings) }
        } catch is InsightSumRow.Unknown {
            // A kept row that cannot be read (the table was changed by hand): the sums are derived, so made afresh.
            return try rebuilt()
        }
    }

    /// The report from the kept sums (as of `day`) and the invoices open that day or on the back-test's day, read a
    /// customer at a time with the customer's kept samples and delays. A page's report takes the slowest payers
    /// likewise, a customer at a time, instead of every payer's figures.
    private static func keptReport(ledger: Ledger, asOf day: LocalDate, settings: InsightEngine.Settings) throws
        -> InsightReport
    {
        var slowestPayers: [PayerBehaviour]?
        if !settings.listsEveryPayer {
            var slowest = InsightEngine.SlowestPayers()
            try ledger.forEachInsightSum(of: [InsightSums.payerFigure]) {
                try slowest.add($0)
            }
            slowestPayers = slowest.payers()
        }
        var sums = InsightSums()
        try ledger.forEachInsightSum(
            of: (slowestPayers == nil ? [InsightSums.payerFigure] : []) + [InsightSums.invoicedFigure]
        ) { try sums.add($0) }
        var kept = InsightEngine.KeptReport(asOf: day, sums: sums, settings: settings, slowestPayers: slowestPayers)
        try ledger.forEachOpenCustomer(
            asOf: day, since: InsightSums.backTestDay(of: day),
            statesDueBefore: InsightEngine.statesShownDueBefore(asOf: day), figures: InsightSums.customerFigures
        ) { try kept.add($0) }
        var trends = InsightEngine.TrendAlarms(marginDays: settings.trendMarginDays)
        try ledger.forEachInsightSum(of: [InsightSums.trendFigure]) { try trends.add($0) }
        return try completed(kept.report(trendAlarms: trends.alarms()), ledger: ledger, asOf: day, settings: settings)
    }

    /// `report` with its customers named and its trend alarms' lines drawn from their customers' histories: every
    /// alarm's, or for a page (`listsEveryPayer` false) those of the alarms it shows (`InsightPage.shownTrendAlarms`,
    /// the most slowed; a day of many alarms would read hundreds of customers' histories for lines nobody sees).
    private static func completed(_ report: InsightReport, ledger: Ledger, asOf day: LocalDate,
                                  settings: InsightEngine.Settings) throws -> InsightReport {
        var report = report
        report.name(from: try ledger.customerNames(of: report.customersToName))
        let drawn = settings.listsEveryPayer ? report.trendAlarms.count : InsightPage.shownTrendAlarms
        let alarmed = Set(report.trendAlarms.prefix(drawn).map(\.customerId))
        guard !alarmed.isEmpty else { return report }
        var lines = InsightEngine.TrendLines(asOf: day)
        try ledger.forEachInvoiceHistory(ofCustomers: alarmed) { lines.add($0) }
        report.draw(lines: lines.lines)
        return report
    }

    /// How many invoices' sums a run holds before it adds them to those kept: made afresh from the whole window, and a
    /// day's change. A part of the window holds more (a customer's rows are written once for each part it is in).
    static let keptParts = (rebuilt: 100_000, changed: 20_000)

    /// The report from the whole window read again.
    private static func windowReport(ledger: Ledger, asOf day: LocalDate, settings: InsightEngine.Settings) throws
        -> InsightReport
    {
        var figures = InsightEngine.Figures(asOf: day, settings: settings)
        try ledger.forEachInvoiceHistory(
            asOf: day, since: day.adding(days: -PaymentHistory.daysNeeded),
            statesDueBefore: InsightEngine.statesShownDueBefore(asOf: day)
        ) { figures.add($0) }
        return try completed(figures.report(), ledger: ledger, asOf: day, settings: settings)
    }

    private static func settings(_ config: RunConfig) -> InsightEngine.Settings {
        InsightEngine.Settings(trendMarginDays: config.trendMarginDays)
    }

    /// The settings of a page's report: only the slowest payers, and of the invoices over 100 days past due only the
    /// oldest the page lists (`InsightPage`), so that what a day's run holds does not grow with the backlog.
    private static func pageSettings(_ config: RunConfig) -> InsightEngine.Settings {
        InsightEngine.Settings(trendMarginDays: config.trendMarginDays, listsEveryPayer: false,
                               listedOverdue: InsightPage.shownOverdueInvoices)
    }

    /// The report as one JSON document (docs/insight.md, "JSON").
    public static func json(_ report: InsightReport) -> String {
        InsightJSON.render(report)
    }

    /// The report as a page of its own in the config's language, with its charts.
    public static func html(_ report: InsightReport, config: RunConfig) -> String {
        InsightPage.html(report, language: Language(code: config.language))
    }
}

/// Insight's sums counted a part of invoices at a time, the invoices coming a customer at a time: each part, once it
/// holds its number of invoices and the next is another customer's, handed to `keep` and begun anew, so that sums for
/// every customer are never all held and no customer's rows are handed over twice. A part that cannot be kept fails
/// the whole: what comes after it is not counted, and `finish` throws (the ledger's reading goes on to its end).
struct SumsInParts {
    private let size: Int
    private var sums = InsightSums()
    private var counted = 0
    private var customer: String?
    private var failure: (any Error)?

    init(of size: Int) {
        precondition(size > 0, "a part holds invoices")
        self.size = size
    }

    /// Counts one invoice of `customer`, as `invoice` says, after handing the part to `keep` if it is full and
    /// `customer` is not the last invoice's.
    mutating func count(_ customer: String, keep: (InsightSumRow) throws -> Void,
                        _ invoice: (inout InsightSums) -> Void) {
        guard failure == nil else { return }
        if counted >= size && customer != self.customer {
            do { try sums.forEachRow(keep) } catch { failure = error; return }
            (sums, counted) = (InsightSums(), 0)
        }
        invoice(&sums)
        (counted, self.customer) = (counted + 1, customer)
    }

    /// Hands the last part to `keep`, or throws why a part could not be kept.
    func finish(keep: (InsightSumRow) throws -> Void) throws {
        if let failure { throw failure }
        try sums.forEachRow(keep)
    }
}
