import Foundation
import Pipeline
import Receivables

/// `saatava demo`: the daily pipeline over the bundled samples, in a fresh working directory.
enum DemoCommand {
    static let help = Help(
        overview: "Run the daily pipeline over the bundled samples, four simulated days, and show where the reports are.",
        usage: ["saatava demo [--dir <dir>] [--samples <dir>]"],
        options: [
            .value("--dir", "<dir>", "The working directory to create (default: a new folder under /tmp)."),
            .value("--samples", "<dir>", "Where the sample files are (default: samples/ in the current directory)."),
        ])

    /// The simulated days: the invoices the company sent and the bank's files arrive on the first; on the later
    /// days nothing arrives, and the overdue invoices that are still unpaid are reminded, then go to collection.
    static let days: [(folders: [String], day: LocalDate)] = [
        (["invoices", "bank"], LocalDate(year: 2026, month: 11, day: 27)!), ([], LocalDate(year: 2026, month: 12, day: 4)!),
        ([], LocalDate(year: 2026, month: 12, day: 18)!), ([], LocalDate(year: 2027, month: 1, day: 4)!),
    ]

    /// The demo's config: a creditor, so that reminders are issued, and the built-in credit policy.
    static let config = """
        // saatava demo: the creditor whose name and account the reminders state; the built-in credit policy.
        { "workdir": ".",
          "creditor": { "name": "Esimerkki Oy", "businessId": "1234567-1", "street": "Esimerkkikatu 1", "postCode": "00100",
                        "town": "Helsinki", "iban": "FI2112345600000785", "bic": "NDEAFIHH", "contact": "laskutus@esimerkki.example",
                        "eInvoiceAddress": "003712345671", "eInvoiceIntermediator": "NDEAFIHH" } }

        """

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
        guard days.flatMap(\.folders).allSatisfy({ ((try? manager.contentsOfDirectory(atPath: samples + "/" + $0)) ?? []).count > 0 })
        else {
            Console.error("Error: no sample files in \(samples)/invoices and \(samples)/bank (run from the repository, or give --samples).")
            return .noInput
        }
        do {
            try manager.createDirectory(atPath: directory + "/inbox", withIntermediateDirectories: true)
            try config.write(toFile: directory + "/config.json", atomically: true, encoding: .utf8)
        } catch {
            Console.error("Error: cannot set up \(directory): \(error.localizedDescription)")
            return .cannotCreate
        }
        Console.out("Demo working directory: \(directory)")
        var status = ExitStatus.ok
        for (folders, day) in days {
            do {
                var arrived: [String] = []
                for folder in folders {
                    let names = try manager.contentsOfDirectory(atPath: samples + "/" + folder).sorted()
                    for name in names {
                        try manager.copyItem(atPath: samples + "/" + folder + "/" + name, toPath: directory + "/inbox/" + name)
                    }
                    arrived.append("\(names.count) \(folder == "bank" ? "bank file(s)" : "invoice file(s)")")
                }
                Console.out("\(day): " + (arrived.isEmpty ? "nothing arrives" : arrived.joined(separator: " and ") + " arrive"))
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
