import Pipeline
import Receivables

/// `saatava resolve`: the accountant's decision on one payment, recorded in the audit trail.
enum ResolveCommand {
    static let help = Help(
        overview: "Decide on a payment saatava could not place: assign it to an invoice, refund it or ignore it.",
        usage: [
            "saatava resolve --config <file> assign <archive-id> <invoice> [--note <text>]",
            "saatava resolve --config <file> refund <archive-id> [--note <text>]",
            "saatava resolve --config <file> ignore <archive-id> [--note <text>]",
        ],
        arguments: [
            ("assign <archive-id> <invoice>", "Apply the payment's unapplied money to the invoice."),
            ("refund <archive-id>", "The money goes back to the payer."),
            ("ignore <archive-id>", "The payment is not for an invoice."),
        ],
        options: [
            .value("--config", "<file>", "The pipeline config."),
            .value("--note", "<text>", "Why, kept in the audit trail."),
        ])

    /// Runs the command on the arguments after `resolve`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        let configPath = try parsed.string("--config")
        let operands = parsed.operands
        let decision: Decision
        switch (operands.first, operands.count) {
        case ("assign", 3): decision = .assign(invoiceNumber: operands[2])
        case ("refund", 2): decision = .refund
        case ("ignore", 2): decision = .ignore
        default: throw UsageError(message: "Expected 'assign ARCHIVE-ID INVOICE', 'refund ARCHIVE-ID' or 'ignore ARCHIVE-ID'.")
        }
        do {
            try Workspace.decide(decision, payment: operands[1], note: parsed.value("--note"), config: try RunConfig(path: configPath))
            Console.out("Recorded: \(operands.joined(separator: " ")).")
            return .ok
        } catch {
            return .reporting(error)
        }
    }
}
