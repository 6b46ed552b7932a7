import Insight
import Ledger
public import Receivables
import Reports

/// `saatava insight`: the insight report of a config's ledger (docs/insight.md), read without creating anything.
public enum InsightRun {
    /// The report as of `asOf` (default: the day of the latest finished run).
    /// - Throws: `DailyRun.RunError`: no ledger, a ledger that cannot be read, or no day to report on (usage).
    public static func report(config: RunConfig, asOf: LocalDate?) throws(DailyRun.RunError) -> InsightReport {
        let ledger = try Workspace.ledger(config: config)
        return try DailyRun.faultsNamed {
            guard let day = try asOf ?? ledger.lastFinishedRun() else {
                throw DailyRun.RunError(kind: .usage, description: "the ledger has no finished run: say --as-of")
            }
            return try report(ledger: ledger, asOf: day, config: config)
        }
    }

    /// The report of `ledger` as of `day` (the day's run puts it on report.html).
    static func report(ledger: Ledger, asOf day: LocalDate, config: RunConfig) throws -> InsightReport {
        var figures = InsightEngine.Figures(
            asOf: day, settings: InsightEngine.Settings(trendMarginDays: config.trendMarginDays))
        try ledger.forEachInvoiceHistory(asOf: day, since: day.adding(days: -PaymentHistory.daysNeeded)) { figures.add($0) }
        return figures.report()
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
