import Pipeline

/// `saatava parse`: bank files and invoices as JSON Lines (docs/design.md, "Records").
enum ParseCommand {
    static let help = Help(
        overview: "Read bank files (camt.054, camt.053, KTL) and e-invoices (Finvoice) and print their records as JSON Lines.",
        usage: ["saatava parse [--format <format>] <file> ..."],
        arguments: [("<file> ...", "The files to read; each file's format is told by its content.")],
        options: [
            .value(
                "--format", "<format>", "Expect this format: auto, camt054, camt053, finvoice or ktl.", default: "auto")
        ])

    /// Runs the command on the arguments after `parse`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        let files = parsed.operands
        let value = try parsed.string("--format")
        guard value == "auto" || InputFormat(rawValue: value) != nil else {
            throw UsageError(message: "'\(value)' is not a format: expected auto, camt054, camt053, finvoice or ktl.")
        }
        let format = InputFormat(rawValue: value)
        guard !files.isEmpty else { throw UsageError(message: "Missing a file to parse.") }
        let outcome = ParseFiles.run(files, format: format, output: JSONLinesWriter()) {
            Console.error($0)
        }
        if outcome.badFiles > 0 { return .dataError }
        if outcome.missingFiles > 0 { return .noInput }
        return .ok
    }
}
