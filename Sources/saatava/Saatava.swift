/// One subcommand: its name, its help page and what it runs.
struct Command: Sendable {
    let name: String
    let help: Help
    let run: @Sendable ([String]) throws(UsageError) -> ExitStatus
}

/// The command line: dispatches to a subcommand, prints help, and turns usage mistakes into exit status 64.
enum Saatava {
    /// saatava's version, set here and nowhere else; `saatava --version` prints it.
    static let version = "0.6.0"

    /// The commands saatava knows, in the order its help lists them.
    static let commands: [Command] = [
        Command(name: "run", help: RunCommand.help, run: RunCommand.run),
        Command(name: "demo", help: DemoCommand.help, run: DemoCommand.run),
        Command(name: "status", help: StatusCommand.help, run: StatusCommand.run),
        Command(name: "insight", help: InsightCommand.help, run: InsightCommand.run),
        Command(name: "parse", help: ParseCommand.help, run: ParseCommand.run),
        Command(name: "ledger", help: LedgerCommand.help, run: LedgerCommand.run),
        Command(name: "resolve", help: ResolveCommand.help, run: ResolveCommand.run),
        Command(name: "hold", help: HoldCommand.help, run: HoldCommand.run),
        Command(name: "deliver", help: DeliverCommand.help, run: DeliverCommand.run),
        Command(name: "policy", help: PolicyCommand.help, run: PolicyCommand.run),
        Command(name: "ref", help: RefCommand.help, run: RefCommand.run),
        Command(name: "gen", help: GenCommand.help, run: GenCommand.run),
        Command(name: "bench", help: BenchCommand.help, run: BenchCommand.run),
    ]

    static let help = Help(
        overview: """
            saatava keeps a company's receivables in order: it reads the bank's payment files and the invoices \
            sent, matches payments to invoices by reference number, and reports what it could not place.
            """,
        usage: ["saatava <command> [<arguments>]"],
        commands: commands.map { ($0.name, $0.help.overview) },
        options: [.flag("--version", "Show the version.")])

    /// Runs saatava on its arguments (without the program name) and returns the exit status.
    static func run(_ arguments: [String]) -> ExitStatus {
        guard let first = arguments.first else {
            Console.error("Error: Missing a command.", usage: help.shortUsage(helpCommand: "saatava"))
            return .usage
        }
        if first == "--version" || first == "version" {
            Console.out("saatava \(version)")
            return .ok
        }
        if first == "-h" || first == "--help" || first == "help" {
            let topic = arguments.dropFirst().first.flatMap { name in commands.first { $0.name == name } }
            Console.out((topic?.help ?? help).render(), terminator: "")
            return .ok
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            Console.error("Error: Unknown command '\(first)'.", usage: help.shortUsage(helpCommand: "saatava"))
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
            Console.out(command.help.render(), terminator: "")
            return .ok
        }
        do {
            return try command.run(rest)
        } catch {
            Console.error("Error: \(error.message)", usage: command.help.shortUsage(helpCommand: "saatava \(command.name)"))
            return .usage
        }
    }
}
