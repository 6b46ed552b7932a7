import Pipeline

/// `saatava ledger`: the ledger's invoices or payments as JSON Lines or CSV (DESIGN.md §3.4).
enum LedgerCommand {
    static let help = Help(
        overview: "Show the ledger's invoices or payments as JSON Lines or CSV.",
        usage: ["saatava ledger invoices|payments --config <file> [--status <status>] [--format json|csv]"],
        arguments: [
            ("invoices", "Invoices with what is paid, credited and open."),
            ("payments", "Payments with their status, reason and allocations."),
        ],
        options: [
            ("--config <file>", "The pipeline config."),
            ("--status <status>", "Only this status; 'open' invoices owe money, 'unmatched' payments have money unapplied."),
            ("--format json|csv", "Output format (default: json)."),
            ("-h, --help", "Show help information."),
        ])

    /// Runs the command on the arguments after `ledger`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: ["--config", "--status", "--format"])
        guard parsed.operands.count == 1, let view = parsed.operands.first, view == "invoices" || view == "payments" else {
            throw UsageError(message: "Name one view: invoices or payments.")
        }
        guard let configPath = parsed.value("--config") else { throw UsageError(message: "Missing '--config <file>'.") }
        let format = parsed.value("--format") ?? "json"
        guard format == "json" || format == "csv" else { throw UsageError(message: "'--format' is json or csv.") }
        do {
            let config = try RunConfig(path: configPath)
            Console.out(try LedgerListing.render(LedgerListing.View(rawValue: view)!, config: config,
                                                 status: parsed.value("--status"), asCSV: format == "csv"), terminator: "")
            return .ok
        } catch {
            return .reporting(error)
        }
    }
}
