import Foundation
import Pipeline
import Receivables
import SystemIO
import Workload

/// `saatava demo`: a month of the daily pipeline over the bundled samples and generated days, in a fresh working
/// directory, with the accountant's part played by the demo.
enum DemoCommand {
    static let help = Help(
        overview: "Play a month of daily runs over the bundled samples and generated days, and show where to look.",
        usage: ["saatava demo [--dir <dir>] [--samples <dir>]"],
        options: [
            .value("--dir", "<dir>", "The working directory to create (default: a new folder under /tmp)."),
            .value(
                "--samples", "<dir>",
                "Where the sample files are (default: ./samples if it holds them, else share/saatava/samples beside "
                    + "the installed binary)."),
        ])

    /// The month: business days (Monday to Friday) from the first, all in the first half of 2026, which the shipped
    /// reference-rate table covers, so that penalty interest is counted through every run's day.
    static let history = WorkloadHistory.Options(
        days: 30, invoicesPerDay: 20, seed: 2026, firstDay: LocalDate(year: 2026, month: 1, day: 5)!)

    /// The sample folders copied into the inbox on the first day, beside the generated day.
    static let sampleFolders = ["invoices", "bank"]

    /// The demo's config: a creditor, so that reminders are issued, the built-in credit policy, and no delivery
    /// destination, so that what would be sent stays in the outbox.
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
        let manager = FileManager.default
        let samples: String
        switch locateSamples(given: parsed.value("--samples")) {
        case .success(let folder): samples = folder
        case .failure(let looked):
            Console.error("Error: no sample files (\(sampleFolders.map { $0 + "/" }.joined(separator: " and "))) in "
                + looked.folders.joined(separator: ", ") + "; give the folder with --samples.")
            return .noInput
        }
        let given = parsed.value("--dir") ?? NSTemporaryDirectory() + "saatava-demo-\(CurrentProcess.id)"
        let directory = URL(fileURLWithPath: given).standardizedFileURL.path
        guard !manager.fileExists(atPath: directory + "/state") else {
            Console.error("Error: \(directory) already holds a ledger; name a new folder with --dir.")
            return .cannotCreate
        }
        let runConfig: RunConfig
        let generated: WorkloadHistory.Written
        do {
            try manager.createDirectory(atPath: directory + "/inbox/decisions", withIntermediateDirectories: true)
            try config.write(toFile: directory + "/config.json", atomically: true, encoding: .utf8)
            runConfig = try RunConfig(path: directory + "/config.json")
            generated = try WorkloadHistory.write(history, to: directory + "/generated")
        } catch {
            Console.error("Error: cannot set up \(directory): \(DailyRun.described(error))")
            return .cannotCreate
        }
        Console.out("A month of saatava run in \(directory): \(generated.days.count) business days from "
            + "\(generated.days.first!.date) to \(generated.days.last!.date).")
        var month = DemoMonth(directory: directory, config: runConfig)
        var worst = ExitStatus.ok
        for (index, day) in generated.days.enumerated() {
            do {
                let sampleFiles = index == 0 ? try sampleFolders.flatMap { folder in
                    try manager.contentsOfDirectory(atPath: samples + "/" + folder).sorted().map { samples + "/" + folder + "/" + $0 }
                } : []
                for path in sampleFiles + day.files {
                    try manager.copyItem(atPath: path, toPath: directory + "/inbox/" + (path as NSString).lastPathComponent)
                }
            } catch {
                Console.error(
                    "Error: cannot put \(day.date)'s files in \(directory)/inbox: \(DailyRun.described(error))")
                return .cannotCreate
            }
            let summary: DailyRun.Summary
            do {
                summary = try month.run(day.date)
            } catch {
                Console.error("Error: the run of \(day.date): \(error)")
                return ExitStatus(error.kind)
            }
            let status = ExitStatus(rawValue: summary.exitCode) ?? .failure
            Console.out(month.line(for: summary, status: status))
            guard status == .ok || status == .dataError else { return status }
            if status != .ok { worst = status }
            do {
                try month.playTheAccountant(after: summary, nextDay: generated.days.dropFirst(index + 1).first?.date)
            } catch {
                Console.error("Error: the accountant's files for \(day.date): \(DailyRun.described(error))")
                return .cannotCreate
            }
        }
        Console.out("")
        Console.out("Where to look:")
        for line in month.whereToLook() { Console.out("  " + line) }
        return worst
    }

    /// The sample folder: `given`, else `./samples`, else `share/saatava/samples` beside the folder of the running
    /// executable (`PREFIX/bin/saatava` finds `PREFIX/share/saatava/samples`), the first that holds the sample files.
    /// - Returns: The folder, or every place looked when none holds them.
    static func locateSamples(given: String?) -> Result<String, LookedIn> {
        let candidates = given.map { [$0] } ?? ["samples"] + (executableFolder().map { [$0 + "/../share/saatava/samples"] } ?? [])
        let manager = FileManager.default
        for folder in candidates where sampleFolders.allSatisfy({
            !((try? manager.contentsOfDirectory(atPath: folder + "/" + $0)) ?? []).isEmpty
        }) {
            return .success(folder)
        }
        return .failure(LookedIn(folders: candidates.map { URL(fileURLWithPath: $0).standardizedFileURL.path }))
    }

    /// The folders looked in for the samples, none of which holds them.
    struct LookedIn: Error {
        let folders: [String]
    }

    /// The folder of the running executable, its symbolic links resolved: from `/proc/self/exe` on Linux, else from
    /// the path it was started by.
    static func executableFolder() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return (path as NSString).deletingLastPathComponent
        }
        guard let started = CommandLine.arguments.first, started.contains("/") else { return nil }
        return URL(fileURLWithPath: started).resolvingSymlinksInPath().deletingLastPathComponent().path
    }
}
