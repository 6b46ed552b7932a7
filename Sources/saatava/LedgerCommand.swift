import Pipeline

/// `saatava ledger`: the ledger's invoices, payments, reminders, holds, transfers, deliveries or journal as JSON Lines or CSV (docs/design.md).
enum LedgerCommand {
    static let help = Help(
        overview: "Show the ledger's invoices, payments, reminders, holds, transfers, deliveries or journal as JSON Lines or CSV.",
        usage: ["saatava ledger invoices|payments|reminders|holds|transfers|deliveries|journal --config <file> [--status <status>] [--format json|csv]"],
        arguments: [
            ("invoices", "Invoices with what is paid, credited and open."),
            ("payments", "Payments with their status, reason and allocations."),
            ("reminders", "Reminders issued, with their fees, the rule for each fee, compensation and interest."),
            ("holds", "Holds, disputes and payment plans with their instalments and status."),
            ("transfers", "Transfers to collection: what is owed now, interest through the transfer day, fees, compensation, file."),
            ("deliveries", "Files uploaded over SFTP or waiting to be, with each receipt's size and SHA-256."),
            ("journal", "Journal lines for the books: run, date, voucher, account, debit, credit, source, memo."),
        ],
        options: [
            .value("--config", "<file>", "The pipeline config."),
            .value(
                "--status", "<status>",
                "Only this status; 'open' invoices owe money, 'charges' invoices owe only their reminders' charges, "
                    + "'unmatched' payments have money unapplied, holds are "
                    + "'active', 'ended' or 'released', deliveries 'pending', 'delivered', 'failed' or 'dropped'."),
            .value("--format", "json|csv", "Output format.", default: "json"),
        ])

    /// Runs the command on the arguments after `ledger`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        guard parsed.operands.count == 1, let name = parsed.operands.first,
            let view = LedgerListing.View(rawValue: name)
        else {
            throw UsageError(message: "Name one view: invoices, payments, reminders, holds, transfers, deliveries or journal.")
        }
        let configPath = try parsed.string("--config")
        let format = try parsed.string("--format")
        guard format == "json" || format == "csv" else { throw UsageError(message: "'--format' is json or csv.") }
        do {
            let config = try RunConfig(path: configPath)
            try LedgerListing.write(view, config: config, status: parsed.value("--status"), asCSV: format == "csv") {
                Console.out($0, terminator: "")
            }
            return .ok
        } catch {
            return .reporting(error)
        }
    }
}
