import Glibc
import Pipeline

/// `saatava parse`: bank files and invoices as JSON Lines (DESIGN.md §3.2).
enum ParseCommand {
    static let help = Help(
        overview: "Read bank files (camt.054, camt.053, KTL) and e-invoices (Finvoice) and print their records as JSON Lines.",
        usage: ["saatava parse [--format <format>] <file> ..."],
        arguments: [("<file> ...", "The files to read; each file's format is told by its content.")],
        options: [
            ("--format <format>", "Expect this format: auto, camt054, camt053, finvoice or ktl (default: auto)."),
            ("-h, --help", "Show help information."),
        ])

    /// Runs the command on the arguments after `parse`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        var files: [String] = []
        var format: InputFormat?
        var index = 0
        var isOptionsEnd = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if isOptionsEnd || !argument.hasPrefix("-") || argument == "-" {
                files.append(argument)
            } else if argument == "--" {
                isOptionsEnd = true
            } else if argument == "--format" || argument.hasPrefix("--format=") {
                let value: String
                if argument == "--format" {
                    guard index < arguments.count else { throw UsageError(message: "Missing a value for '--format'.") }
                    value = arguments[index]
                    index += 1
                } else {
                    value = String(argument.dropFirst("--format=".count))
                }
                guard value == "auto" || InputFormat(rawValue: value) != nil else {
                    throw UsageError(
                        message: "'\(value)' is not a format: expected auto, camt054, camt053, finvoice or ktl.")
                }
                format = InputFormat(rawValue: value)
            } else {
                throw UsageError(message: "Unknown option '\(argument)'.")
            }
        }
        guard !files.isEmpty else { throw UsageError(message: "Missing a file to parse.") }
        let outcome = ParseFiles.run(files, format: format, output: JSONLinesWriter(descriptor: STDOUT_FILENO)) {
            Console.error($0)
        }
        if outcome.badFiles > 0 { return .dataError }
        if outcome.missingFiles > 0 { return .noInput }
        return .ok
    }
}
