import Foundation
import Pipeline
import Receivables

/// `saatava demo`: the daily pipeline over the bundled samples, in a fresh working directory.
enum DemoCommand {
    static let help = Help(
        overview: "Run the daily pipeline over the bundled samples, two simulated days, and show where the report is.",
        usage: ["saatava demo [--dir <dir>] [--samples <dir>]"],
        options: [
            .value("--dir", "<dir>", "The working directory to create (default: a new folder under /tmp)."),
            .value("--samples", "<dir>", "Where the sample files are (default: samples/ in the current directory)."),
        ])

    /// The simulated days: the invoices are sent on the first, the bank's files arrive on the second.
    static let days: [(folder: String, day: LocalDate)] = [
        ("invoices", LocalDate(year: 2026, month: 11, day: 26)!), ("bank", LocalDate(year: 2026, month: 11, day: 27)!),
    ]

    /// Runs the command on the arguments after `demo`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        let samples = parsed.value("--samples") ?? "samples"
        let directory = parsed.value("--dir") ?? NSTemporaryDirectory() + "saatava-demo-\(getpid())"
        let manager = FileManager.default
        guard !manager.fileExists(atPath: directory + "/state") else {
            Console.error("Error: \(directory) already holds a ledger; name a new folder with --dir.")
            return .cannotCreate
        }
        guard days.allSatisfy({ ((try? manager.contentsOfDirectory(atPath: samples + "/" + $0.folder)) ?? []).count > 0 }) else {
            Console.error("Error: no sample files in \(samples)/invoices and \(samples)/bank (run from the repository, or give --samples).")
            return .noInput
        }
        do {
            try manager.createDirectory(atPath: directory + "/inbox", withIntermediateDirectories: true)
            try "{ \"workdir\": \".\" }\n".write(toFile: directory + "/config.json", atomically: true, encoding: .utf8)
        } catch {
            Console.error("Error: cannot set up \(directory): \(error.localizedDescription)")
            return .cannotCreate
        }
        Console.out("Demo working directory: \(directory)")
        var status = ExitStatus.ok
        for (folder, day) in days {
            do {
                let names = try manager.contentsOfDirectory(atPath: samples + "/" + folder).sorted()
                for name in names {
                    try manager.copyItem(atPath: samples + "/" + folder + "/" + name, toPath: directory + "/inbox/" + name)
                }
                Console.out("\(day): \(names.count) \(folder == "bank" ? "bank file(s) arrive" : "invoice file(s) sent")")
            } catch {
                Console.error("Error: cannot copy the samples: \(error.localizedDescription)")
                return .cannotCreate
            }
            status = try RunCommand.run(["--config", directory + "/config.json", "--as-of", day.description])
            guard status == .ok || status == .dataError else { return status }
        }
        return status
    }
}
