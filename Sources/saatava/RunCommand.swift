import Pipeline
import Receivables

/// `saatava run`: the daily pipeline.
enum RunCommand {
    static let help = Help(
        overview: "Run the day: read the inbox, book new invoices and payments once, match them, remind, and write the report.",
        usage: ["saatava run --config <file> [--as-of <date>] [--init] [--dry-run] [--rematch-all] [--match-part <n>] "
            + "[--allow-far-ahead]"],
        options: [
            .value("--config", "<file>", "The pipeline config (JSON; only workdir is required)."),
            .value(
                "--as-of", "<date>",
                "The day the run is for, YYYY-MM-DD (default: today in Europe/Helsinki); never before the last run's."),
            .flag("--init", "Start a new ledger although archive/ or outbox/ hold earlier runs' files."),
            .flag(
                "--allow-far-ahead",
                "Run as of a day more than \(DailyRun.farAheadDays) days after both today and the last run "
                    + "(a simulation; without it such a day is refused as a mistyped date)."),
            .flag("--dry-run", "Print as JSON Lines what the run would book, match, remind and transfer; change nothing."),
            .flag(
                "--rematch-all",
                "Match every payment still waiting against every open invoice, not only what the day touches "
                    + "(slower; after changing autoApply, or to check the daily pass)."),
            .value(
                "--match-part", "<n>",
                "Match a day with more payments to place than this a part at a time, in booking order "
                    + "(default: 100000; smaller holds less in memory)."),
        ])

    /// Runs the command on the arguments after `run`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        let configPath = try parsed.string("--config")
        let asOf = try parsed.date("--as-of")
        let partSize = parsed.value("--match-part") == nil
            ? nil : try parsed.integer("--match-part", in: 1...100_000_000)
        let config: RunConfig
        do {
            config = try RunConfig(path: configPath)
        } catch {
            Console.error("Error: \(error)")
            return .usage
        }
        let summary: DailyRun.Summary
        do {
            summary = try DailyRun.run(config: config, asOf: asOf, initialize: parsed.has("--init"), dryRun: parsed.has("--dry-run"),
                                         rematchAll: parsed.has("--rematch-all"), matchingPartSize: partSize,
                                         allowFarAhead: parsed.has("--allow-far-ahead")) {
                Console.progress($0)
            }
        } catch {
            Console.error("Error: \(error)")
            return ExitStatus(error.kind)
        }
        if parsed.has("--dry-run") {
            Console.out(summary.dryRunLines, terminator: "")
            return ExitStatus(rawValue: summary.exitCode) ?? .failure
        }
        Console.out("saatava run \(summary.asOf): \(summary.files.count) file(s), \(summary.invoicesBooked) invoice(s) and "
            + "\(summary.paymentsBooked) payment(s) booked, \(summary.quarantined.count) file(s) quarantined"
            + (summary.conflicts.isEmpty ? "" : ", \(summary.conflicts.count) conflicting re-delivery(ies) kept out")
            + (summary.decisionErrors.isEmpty && summary.decisions == 0 ? "" : ", \(summary.decisions) decision(s) applied")
            + (summary.decisionErrors.isEmpty ? "" : ", \(summary.decisionErrors.count) decision file(s) refused")
            + (summary.holdChanges == 0 ? "" : ", \(summary.holdChanges) hold(s) added or released")
            + (summary.holdsEnded.isEmpty ? "" : ", \(summary.holdsEnded.count) hold(s) ended")
            + (summary.dunning.reminders + summary.dunning.transfers == 0 ? ""
                : ", \(summary.dunning.reminders) reminder(s) and \(summary.dunning.transfers) transfer(s) to collection issued")
            + ".")
        Console.out("Report: \(summary.outbox)/report.html")
        if !summary.delivery.delivered.isEmpty || !summary.delivery.waiting.isEmpty {
            Console.out("Delivered \(summary.delivery.delivered.count) file(s); \(summary.delivery.waiting.count) waiting"
                + (summary.delivery.waiting.isEmpty ? "." : ":"))
            for line in summary.delivery.waiting { Console.out("  \(line)") }
        }
        return ExitStatus(rawValue: summary.exitCode) ?? .failure
    }
}
