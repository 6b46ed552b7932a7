import Pipeline
import Receivables

/// `saatava run`: the daily pipeline.
enum RunCommand {
    static let help = Help(
        overview: "Run the day: read the inbox, book new invoices and payments once, match them, and write the report.",
        usage: ["saatava run --config <file> [--as-of <date>]"],
        options: [
            ("--config <file>", "The pipeline config (JSON; only workdir is required)."),
            ("--as-of <date>", "The day the run is for, YYYY-MM-DD (default: today in Europe/Helsinki)."),
            ("-h, --help", "Show help information."),
        ])

    /// Runs the command on the arguments after `run`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: ["--config", "--as-of"])
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        guard let configPath = parsed.value("--config") else { throw UsageError(message: "Missing '--config <file>'.") }
        var asOf = Workspace.today
        if let text = parsed.value("--as-of") {
            guard let date = try? LocalDate(parsing: text) else { throw UsageError(message: "'--as-of' takes a date as YYYY-MM-DD.") }
            asOf = date
        }
        let config: RunConfig
        do {
            config = try RunConfig(path: configPath)
        } catch {
            Console.error("Error: \(error)")
            return .usage
        }
        do {
            let summary = try DailyRun.run(config: config, asOf: asOf) { Console.error($0) }
            let quarantined = summary.files.filter { $0.disposition == "quarantined" }.count
            Console.out("saatava run \(asOf): \(summary.files.count) file(s), \(summary.invoicesBooked) invoice(s) and "
                + "\(summary.paymentsBooked) payment(s) booked, \(quarantined) file(s) quarantined.")
            Console.out("Report: \(summary.outbox)/report.html")
            return quarantined > 0 || !summary.decisionErrors.isEmpty ? .dataError : .ok
        } catch let error as DailyRun.RunError {
            Console.error("Error: \(error)")
            return error.isBusy ? .temporaryFailure : .failure
        } catch {
            Console.error("Error: \(error)")
            return .failure
        }
    }
}
