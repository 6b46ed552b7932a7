import Foundation
import Receivables
import Workload

/// `saatava gen`: a synthetic day of invoices and payments, with what a correct run concludes.
enum GenCommand {
    static let help = Help(
        overview: "Generate a realistic synthetic day of Finvoice batches and camt.054 payments, with its truth.",
        usage: [
            "saatava gen --invoices <n> [--seed <s>] [--camt-version <v>] [--encoding <e>] [--batch-size <b>] "
                + "[--as-of <date>] --out <dir>"
        ],
        options: [
            ("--invoices <n>", "How many invoices to generate (about 0.85 payments each)."),
            ("--seed <s>", "The random seed; the same seed gives the same files (default: 1)."),
            ("--camt-version <v>", "The camt.054 version to write: 02, 04, 08 or 10 (default: 02)."),
            ("--encoding <e>", "Finvoice batch encoding: utf-8, iso-8859-15 or mixed (default: utf-8)."),
            ("--batch-size <b>", "Invoices per Finvoice batch file (default: 5000)."),
            ("--as-of <date>", "The day the files are for, YYYY-MM-DD (default: 2026-11-27)."),
            ("--out <dir>", "Where to write inbox/ and truth.json."),
            ("-h, --help", "Show help information."),
        ])

    /// Runs the command on the arguments after `gen`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(
            arguments, options: ["--invoices", "--seed", "--camt-version", "--encoding", "--batch-size", "--as-of", "--out"])
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        guard parsed.value("--invoices") != nil else { throw UsageError(message: "Missing '--invoices <n>'.") }
        guard let out = parsed.value("--out") else { throw UsageError(message: "Missing '--out <dir>'.") }
        let invoices = try parsed.integer("--invoices", default: 0, range: 1...10_000_000)
        let seed = try parsed.integer("--seed", default: 1, range: 0...Int.max)
        let batchSize = try parsed.integer("--batch-size", default: 5_000, range: 1...10_000_000)
        let version = parsed.value("--camt-version") ?? "02"
        guard ["02", "04", "06", "08", "10", "12"].contains(version) else {
            throw UsageError(message: "'--camt-version' is 02, 04, 06, 08, 10 or 12, not '\(version)'.")
        }
        guard let encoding = WorkloadWriter.FinvoiceEncoding(rawValue: parsed.value("--encoding") ?? "utf-8") else {
            throw UsageError(message: "'--encoding' is utf-8, iso-8859-15 or mixed.")
        }
        guard let asOf = try? LocalDate(parsing: parsed.value("--as-of") ?? "2026-11-27") else {
            throw UsageError(message: "'--as-of' takes a date as YYYY-MM-DD.")
        }
        let plan = WorkloadPlan(invoiceCount: invoices, seed: UInt64(seed), asOf: asOf)
        do {
            let written = try WorkloadWriter.write(
                plan, to: out, camtVersion: version, encoding: encoding, batchSize: batchSize, seed: UInt64(seed))
            Console.out("\(plan.invoices.count) invoices and credit notes in \(written.finvoiceFiles.count) Finvoice batch file(s), "
                + "\(plan.payments.count) payments in \(written.camtFiles.count) camt.054 file(s), under \(out)/inbox")
            Console.out("truth: \(written.truthFile)")
            return .ok
        } catch {
            Console.error("Error: cannot write the workload under \(out): \(error.localizedDescription)")
            return .cannotCreate
        }
    }
}
