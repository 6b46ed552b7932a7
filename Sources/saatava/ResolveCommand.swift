import Pipeline
import Receivables

/// `saatava resolve`: the accountant's decision on one payment, recorded in the audit trail.
enum ResolveCommand {
    static let help = Help(
        overview: "Decide on a payment saatava could not place: assign it to an invoice, refund it or ignore it.",
        usage: [
            "saatava resolve --config <file> assign <archive-id> <invoice> [--amount <amount>] [--note <text>]",
            "saatava resolve --config <file> refund <archive-id> [--amount <amount>] [--note <text>]",
            "saatava resolve --config <file> ignore <archive-id> [--amount <amount>] [--note <text>]",
        ],
        arguments: [
            ("assign <archive-id> <invoice>", "Apply the payment's unapplied money to the invoice."),
            ("refund <archive-id>", "The money goes back to the payer."),
            ("ignore <archive-id>", "The payment is not for an invoice."),
        ],
        options: [
            .value("--config", "<file>", "The pipeline config."),
            .value(
                "--amount", "<amount>",
                "The payment's amount as the list shows it (400.00): decides on the entry of that amount when a "
                    + "receipt and its reversal share the archive id, and refuses a payment of another amount."),
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
            try Workspace.decide(decision, payment: operands[1], amount: parsed.value("--amount"),
                                 note: parsed.value("--note"), config: try RunConfig(path: configPath))
            Console.out("Recorded: \(operands.joined(separator: " ")).")
            return .ok
        } catch {
            return .reporting(error)
        }
    }
}
