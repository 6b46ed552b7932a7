import Pipeline

/// `saatava deliver`: uploads now what waits to be delivered (docs/delivery.md).
enum DeliverCommand {
    static let help = Help(
        overview: "Upload now, over SFTP, every outbox file not yet delivered to its destination.",
        usage: ["saatava deliver --config <file>"],
        options: [.value("--config", "<file>", "The pipeline config (its delivery section names the destinations).")])

    /// Runs the command on the arguments after `deliver`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        let configPath = try parsed.string("--config")
        do {
            let config = try RunConfig(path: configPath)
            let summary = try Deliveries.deliver(config: config) { Console.progress($0) }
            for line in summary.delivered { Console.out("delivered \(line)") }
            for line in summary.waiting { Console.out("waiting \(line)") }
            Console.out("saatava deliver: \(summary.delivered.count) file(s) delivered, \(summary.waiting.count) waiting.")
            return summary.isRefused ? .usage : (summary.isToTryAgain ? .temporaryFailure : .ok)
        } catch {
            return .reporting(error)
        }
    }
}
