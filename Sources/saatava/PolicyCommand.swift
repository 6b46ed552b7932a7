import Pipeline

/// `saatava policy`: the credit policy, rendered for people.
enum PolicyCommand {
    static let help = Help(
        overview: "Show the credit policy in force: each class's reminder steps, who follows which, and what the law allows.",
        usage: ["saatava policy --config <file> [--format <format>]"],
        options: [
            .value("--config", "<file>", "The pipeline config (its dunning and language sections)."),
            .value("--format", "text|html", "Plain text, or a page to print or publish.", default: "text"),
        ])

    /// Runs the command on the arguments after `policy`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        let configPath = try parsed.string("--config")
        let format = try parsed.string("--format")
        guard format == "text" || format == "html" else { throw UsageError(message: "'--format' is text or html.") }
        do {
            Console.out(PolicyListing.render(config: try RunConfig(path: configPath), asHTML: format == "html"), terminator: "")
            return .ok
        } catch {
            return .reporting(error)
        }
    }
}
