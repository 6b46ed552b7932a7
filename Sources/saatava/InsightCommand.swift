import Pipeline

/// `saatava insight`: ageing, payer behaviour, trend alarms, the cash-in forecast with its back-test, and DSO.
enum InsightCommand {
    static let help = Help(
        overview: "Show the receivables' ageing, how customers pay, who slowed down, the cash-in forecast for 8 weeks "
            + "with its back-test, and DSO.",
        usage: ["saatava insight --config <file> [--as-of <date>] [--format json|html] [--recompute]"],
        options: [
            .value("--config", "<file>", "The pipeline config."),
            .value("--as-of", "<date>", "The day to report on, YYYY-MM-DD (default: the day of the last finished run)."),
            .value(
                "--format", "json|html",
                "Output format: one JSON document (docs/insight.md lists its keys), or a page with charts in the config's "
                    + "language.", default: "json"),
            .flag(
                "--recompute",
                "Read the whole 14-month window again rather than the sums the last run kept (the figures are the same)."),
        ])

    /// Runs the command on the arguments after `insight`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        let configPath = try parsed.string("--config")
        let asOf = try parsed.date("--as-of")
        let format = try parsed.string("--format")
        guard format == "json" || format == "html" else { throw UsageError(message: "'--format' is json or html, not '\(format)'.") }
        do {
            let config = try RunConfig(path: configPath)
            let report = try InsightRun.report(
                config: config, asOf: asOf, recompute: parsed.has("--recompute"), forPage: format != "json")
            Console.out(format == "json" ? InsightRun.json(report) : InsightRun.html(report, config: config), terminator: "")
            return .ok
        } catch {
            return .reporting(error)
        }
    }
}
