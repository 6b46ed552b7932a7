import Foundation
import Pipeline
import Receivables
import Workload

/// `saatava gen`: a synthetic day, or a history of days, of invoices and payments, with what a correct run concludes.
enum GenCommand {
    static let help = Help(
        overview: "Generate realistic synthetic days of Finvoice batches and camt payments, with their truth.",
        usage: [
            "saatava gen --invoices <n> [--seed <s>] [--camt-version <v>] [--encoding <e>] [--batch-size <b>] "
                + "[--as-of <date>] --out <dir>",
            "saatava gen --days <d> --invoices <n> [--seed <s>] [--backlog levels|grows] [--camt-version <v>] "
                + "[--encoding <e>] [--batch-size <b>] [--as-of <date>] --out <dir>",
        ],
        options: [
            .value(
                "--days", "<d>",
                "Write a history of this many business days (Monday to Friday) under days/<date>/, each with its "
                    + "truth.json."),
            .value(
                "--invoices", "<n>",
                "How many invoices to generate (about 0.85 payments each), or a history's invoices per day."),
            .value(
                "--seed", "<s>",
                "The random seed; the same seed gives the same files. Each seed numbers its invoices apart (seed s from "
                    + "100000 + (s−1)·10^7), so days of different seeds run into one ledger.", default: "1"),
            .value(
                "--backlog", "levels|grows",
                "A history's open backlog: 'grows' (some invoices never paid, unmatched payments never decided) or "
                    + "'levels' (everyone pays in the end, and decisions on unmatched payments come within ten "
                    + "business days, in inbox/decisions/).",
                default: "grows"),
            .value(
                "--camt-version", "<v>", "The camt.054 (and a history's camt.053) version to write: 02, 04, 06, 08, 10 or 12.",
                default: "02"),
            .value("--encoding", "<e>", "Finvoice batch encoding: utf-8, iso-8859-15 or mixed.", default: "utf-8"),
            .value("--batch-size", "<b>", "Invoices per Finvoice batch file.", default: "5000"),
            .value(
                "--as-of", "<date>", "The day the files are for, or a history's first business day.",
                default: "2026-11-27"),
            .value("--out", "<dir>", "Where to write inbox/ and truth.json, or a history's days/ and customers.json."),
        ])

    /// Runs the command on the arguments after `gen`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        guard parsed.operands.isEmpty else { throw UsageError(message: "Unexpected argument '\(parsed.operands[0])'.") }
        let invoices = try parsed.integer("--invoices", in: 1...10_000_000)
        let out = try parsed.string("--out")
        let seed = try parsed.integer("--seed", in: 0...Int.max)
        let batchSize = try parsed.integer("--batch-size", in: 1...10_000_000)
        let version = try parsed.string("--camt-version")
        guard ["02", "04", "06", "08", "10", "12"].contains(version) else {
            throw UsageError(message: "'--camt-version' is 02, 04, 06, 08, 10 or 12, not '\(version)'.")
        }
        guard let encoding = WorkloadWriter.FinvoiceEncoding(rawValue: try parsed.string("--encoding")) else {
            throw UsageError(message: "'--encoding' is utf-8, iso-8859-15 or mixed.")
        }
        guard let asOf = try? LocalDate(parsing: try parsed.string("--as-of")) else {
            throw UsageError(message: "'--as-of' takes a date as YYYY-MM-DD.")
        }
        if parsed.value("--days") != nil {
            let days = try parsed.integer("--days", in: 1...10_000)
            var options = WorkloadHistory.Options(
                days: days, invoicesPerDay: invoices, seed: UInt64(seed), firstDay: asOf)
            options.camtVersion = version
            options.encoding = encoding
            options.batchSize = batchSize
            guard let backlog = WorkloadHistory.Backlog(rawValue: try parsed.string("--backlog")) else {
                throw UsageError(message: "'--backlog' is levels or grows.")
            }
            options.backlog = backlog
            return history(options, out: out)
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
            Console.error("Error: cannot write the workload under \(out): \(DailyRun.described(error))")
            return .cannotCreate
        }
    }

    private static func history(_ options: WorkloadHistory.Options, out: String) -> ExitStatus {
        do {
            let written = try WorkloadHistory.write(options, to: out)
            let documents = written.days.reduce(0) { $0 + $1.documents }
            let payments = written.days.reduce(0) { $0 + $1.payments }
            Console.out("\(written.days.count) business days from \(written.days.first!.date) to "
                + "\(written.days.last!.date): "
                + "\(documents) invoices and credit notes, \(payments) camt.054 transactions, under \(out)/days")
            Console.out("truth: \(out)/days/<date>/truth.json; customers: \(written.customersFile)")
            return .ok
        } catch {
            Console.error("Error: cannot write the history under \(out): \(DailyRun.described(error))")
            return .cannotCreate
        }
    }
}
