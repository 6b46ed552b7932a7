import Pipeline
import Receivables

/// `saatava status`: what a person should know about the working directory, for people and for monitoring.
enum StatusCommand {
    static let help = Help(
        overview: "Show the last runs, what waits for a person, and the reminders and transfers the next run will issue. "
            + "Exits 0 when nothing waits, 65 when something does.",
        usage: ["saatava status --config <file> [--next <date>]"],
        options: [
            .value("--config", "<file>", "The pipeline config (JSON)."),
            .value("--next", "<date>", "The day to foresee reminders and transfers for, YYYY-MM-DD (default: the day after the last run)."),
        ])

    /// Runs the command on the arguments after `status`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        let configPath = try parsed.string("--config")
        let next = try parsed.date("--next")
        do {
            let report = try StatusReport.read(config: try RunConfig(path: configPath), nextDay: next)
            Console.out(report.text, terminator: "")
            return report.waiting.isEmpty ? .ok : .dataError
        } catch {
            return ExitStatus.reporting(error)
        }
    }
}
