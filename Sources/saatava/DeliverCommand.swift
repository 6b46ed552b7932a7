import Pipeline
import Receivables

/// `saatava deliver`: uploads now what waits to be delivered, or ends a waiting file at a person's word
/// (docs/delivery.md).
enum DeliverCommand {
    static let help = Help(
        overview: "Upload now, over SFTP, every outbox file not yet delivered to its destination; or stop one file "
            + "from ever being uploaded.",
        usage: [
            "saatava deliver --config <file>",
            "saatava deliver --config <file> --drop <outbox file> --reason <text>",
        ],
        options: [
            .value("--config", "<file>", "The pipeline config (its delivery section names the destinations)."),
            .value(
                "--drop", "<outbox file>",
                "Upload nothing; end this waiting file instead, as 'saatava ledger deliveries' names it (e.g. a "
                    + "withheld batch a person sent by hand without its overtaken reminders)."),
            .value("--reason", "<text>", "Why the file is dropped, kept with it and in the audit trail."),
        ])

    /// Runs the command on the arguments after `deliver`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        let configPath = try parsed.string("--config")
        if let file = parsed.value("--drop") {
            guard let reason = parsed.value("--reason"), !reason.allSatisfy(\.isWhitespace) else {
                throw UsageError(message: "--drop needs --reason: say why the file is not to be delivered.")
            }
            // The reason goes into listings, CSV and terminals: one line of text, nothing that moves or hides text
            // (controls, line and paragraph separators, format characters such as a right-to-left override).
            let hidden: Set<Unicode.GeneralCategory> = [.control, .format, .lineSeparator, .paragraphSeparator]
            guard !reason.unicodeScalars.contains(where: { hidden.contains($0.properties.generalCategory) }) else {
                throw UsageError(message: "--reason is one line of text, without control or format characters "
                    + "(a new line, a tab, a direction mark).")
            }
            do {
                let (dropped, steps) = try Deliveries.drop(file: file, reason: reason,
                                                           config: try RunConfig(path: configPath))
                for delivery in dropped {
                    Console.out("dropped \(delivery.file) → \(delivery.destination)" + (delivery.wasTried
                        ? " (an upload of it was begun before: see on the server whether it arrived)" : ""))
                }
                if !steps.isEmpty {
                    Console.out("still recorded as issued: \(steps.joined(separator: "; "))")
                }
                Console.out("saatava deliver: \(dropped.count) file(s) dropped; they will not be delivered.")
                return .ok
            } catch {
                return .reporting(error)
            }
        }
        guard parsed.value("--reason") == nil else { throw UsageError(message: "--reason goes with --drop.") }
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
