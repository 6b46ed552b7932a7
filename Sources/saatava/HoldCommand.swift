import Pipeline
import Receivables

/// `saatava hold`: holds, disputes and payment plans that stop the dunning of an invoice or a customer
/// (docs/dunning.md).
enum HoldCommand {
    static let help = Help(
        overview: "Stop dunning an invoice or a customer's invoices for a while: a hold, a dispute or a payment plan.",
        usage: [
            "saatava hold --config <file> add (--invoice <number> | --customer <key>) --kind hold|dispute|plan "
                + "[--from <date>] [--until <date>] [--instalment <date>:<amount>]... [--note <text>]",
            "saatava hold --config <file> list",
            "saatava hold --config <file> release <id> [--note <text>]",
        ],
        arguments: [
            ("add", "Record a hold, in effect for each run whose as-of date is from --from through --until."),
            ("list", "Print every hold as JSON Lines, as 'saatava ledger holds' does."),
            ("release <id>", "Lift an active hold."),
        ],
        options: [
            .value("--config", "<file>", "The pipeline config."),
            .value("--invoice", "<number>", "The invoice the hold covers."),
            .value(
                "--customer", "<key>",
                "The customer whose every invoice it covers, by the customerId of the ledger's views."),
            .value("--kind", "hold|dispute|plan", "A hold, a dispute (no dunning step at all) or a payment plan."),
            .value(
                "--from", "<date>",
                "The first day it is in effect, YYYY-MM-DD (default: always; a plan begins on the day of the latest "
                    + "run)."),
            .value("--until", "<date>", "The last day it is in effect, YYYY-MM-DD."),
            .values(
                "--instalment", "<date>:<amount>",
                "One instalment of a plan in euros, as 2026-12-31:150.00; give the option once per instalment."),
            .value("--note", "<text>", "Why, kept with the hold (add) and in the audit trail."),
        ])

    /// The options only `add` takes.
    private static let addOptions = ["--invoice", "--customer", "--kind", "--from", "--until", "--instalment"]

    /// Runs the command on the arguments after `hold`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        let configPath = try parsed.string("--config")
        let operands = parsed.operands
        switch (operands.first, operands.count) {
        case ("add", 1):
            let request = try holdRequest(parsed)
            return changing(configPath: configPath) { config in try Workspace.addHold(request, config: config) }
        case ("list", 1):
            try refuseOptions(addOptions + ["--note"], of: parsed, for: "list")
            do {
                let config = try RunConfig(path: configPath)
                Console.out(try LedgerListing.render(.holds, config: config, status: nil, asCSV: false), terminator: "")
                return .ok
            } catch {
                return .reporting(error)
            }
        case ("release", 2):
            try refuseOptions(addOptions, of: parsed, for: "release")
            guard let id = Int64(operands[1]), id > 0 else {
                throw UsageError(message: "'\(operands[1])' is not a hold's id (see 'saatava hold list').")
            }
            let note = parsed.value("--note")
            return changing(configPath: configPath) { config in
                try Workspace.releaseHold(id, note: note, config: config)
            }
        default:
            throw UsageError(message: "Expected 'add', 'list' or 'release ID'.")
        }
    }

    /// Runs a change of holds on the config's ledger and prints the hold as it is now.
    private static func changing(configPath: String, _ change: (RunConfig) throws -> HoldView) -> ExitStatus {
        do {
            Console.out(LedgerListing.render(holds: [try change(try RunConfig(path: configPath))]), terminator: "")
            return .ok
        } catch {
            return .reporting(error)
        }
    }

    /// What `add` asks for, its dates and amounts read exactly.
    private static func holdRequest(_ parsed: Arguments) throws(UsageError) -> HoldRequest {
        let invoice = parsed.value("--invoice")
        let customer = parsed.value("--customer")
        guard (invoice == nil) != (customer == nil) else {
            throw UsageError(
                message: "Name the invoice (--invoice) or the customer (--customer) the hold covers, one of them.")
        }
        let kindText = try parsed.string("--kind")
        guard let kind = HoldKind(rawValue: kindText) else {
            throw UsageError(message: "'--kind' is hold, dispute or plan, not '\(kindText)'.")
        }
        func date(_ name: String) throws(UsageError) -> LocalDate? {
            guard let text = parsed.value(name) else { return nil }
            do {
                return try LocalDate(exactly: text)
            } catch {
                throw UsageError(message: "'\(name)' takes a date as YYYY-MM-DD, not '\(text)'.")
            }
        }
        var instalments: [HoldView.Instalment] = []
        for text in parsed.all("--instalment") {
            do {
                instalments.append(try HoldView.Instalment(parsing: text))
            } catch {
                throw UsageError(message: "'--instalment' takes DATE:AMOUNT in euros, as 2026-12-31:150.00: \(error).")
            }
        }
        return HoldRequest(
            invoiceNumber: invoice, customerId: customer, kind: kind, from: try date("--from"),
            until: try date("--until"), instalments: instalments, note: parsed.value("--note"))
    }

    /// A usage error when an option of another subcommand was given.
    private static func refuseOptions(
        _ names: [String], of parsed: Arguments, for subcommand: String
    ) throws(UsageError) {
        if let given = names.first(where: { name in
            name == "--instalment" ? !parsed.all(name).isEmpty : parsed.value(name) != nil
        }) {
            throw UsageError(message: "'\(given)' is not an option of '\(subcommand)'.")
        }
    }
}
