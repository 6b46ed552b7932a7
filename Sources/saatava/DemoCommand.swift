import Foundation
import Pipeline
import Receivables

/// `saatava demo`: the daily pipeline over the bundled samples, in a fresh working directory.
enum DemoCommand {
    static let help = Help(
        overview: "Run the daily pipeline over the bundled samples in a fresh working directory and show where the report is.",
        usage: ["saatava demo [--dir <dir>] [--samples <dir>]"],
        options: [
            ("--dir <dir>", "The working directory to create (default: a new folder under /tmp)."),
            ("--samples <dir>", "Where the sample files are (default: samples/ in the current directory)."),
            ("-h, --help", "Show help information."),
        ])

    /// The day the bundled samples are for.
    static let asOf = LocalDate(year: 2026, month: 11, day: 27)!

    /// Runs the command on the arguments after `demo`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: ["--dir", "--samples"])
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        let samples = parsed.value("--samples") ?? "samples"
        let directory = parsed.value("--dir") ?? NSTemporaryDirectory() + "saatava-demo-\(getpid())"
        let manager = FileManager.default
        guard !manager.fileExists(atPath: directory + "/state") else {
            Console.error("Error: \(directory) already holds a ledger; name a new folder with --dir.")
            return .cannotCreate
        }
        do {
            let inbox = directory + "/inbox"
            try manager.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            var copied = 0
            for folder in ["bank", "invoices"] {
                let source = samples + "/" + folder
                guard let names = try? manager.contentsOfDirectory(atPath: source) else { continue }
                for name in names.sorted() {
                    try manager.copyItem(atPath: source + "/" + name, toPath: inbox + "/" + name)
                    copied += 1
                }
            }
            guard copied > 0 else {
                Console.error("Error: no sample files in \(samples)/bank or \(samples)/invoices (run from the repository, or give --samples).")
                return .noInput
            }
            let config = directory + "/config.json"
            try "{ \"workdir\": \".\" }\n".write(toFile: config, atomically: true, encoding: .utf8)
            Console.out("Demo working directory: \(directory) (\(copied) sample files in its inbox)")
        } catch {
            Console.error("Error: cannot set up \(directory): \(error.localizedDescription)")
            return .cannotCreate
        }
        return try RunCommand.run(["--config", directory + "/config.json", "--as-of", asOf.description])
    }
}
