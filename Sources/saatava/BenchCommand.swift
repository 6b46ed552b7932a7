import Foundation
import Pipeline
import Workload

/// `saatava bench`: speed and memory of each stage, as ratios to libxml2's own parse of the same bytes; or, with
/// `--history`, how the daily run grows over a history of days run into one ledger.
enum BenchCommand {
    static let help = Help(
        overview: "Measure each stage's speed and memory on a generated day, against a baseline run in the same command; "
            + "or a history of days run one after the other into one ledger.",
        usage: [
            "saatava bench [--invoices <n>] [--seed <s>] [--dir <dir>] [--repeat <r>] [--json <file>]",
            "saatava bench --history <d> [--lead-in <d>] [--invoices <n>] [--seed <s>] [--backlog levels|grows] "
                + "[--dunning yes|no] [--check-truth yes|no] [--dir <dir>] [--keep] [--json <file>]",
        ],
        options: [
            .value(
                "--history", "<d>",
                "Run a generated history of this many business days into one working directory, each day's run "
                    + "measured, and compare the first, middle and last five days."),
            .value(
                "--lead-in", "<d>",
                "Run this many business days of the history first, checked but not measured, so that the measured days "
                    + "start from a ledger a company has after working a while (a levelling backlog levels off after "
                    + "about 110 business days); the report adds the ratios from day 1.",
                default: "0"),
            .value(
                "--invoices", "<n>",
                "Invoices in the generated day (default: 10000), or a history's invoices per day (default: 2000)."),
            .value("--seed", "<s>", "The generator's seed.", default: "1"),
            .value(
                "--backlog", "levels|grows",
                "A history's open backlog: 'levels' (everyone pays in the end, unmatched payments are decided) or "
                    + "'grows' (some invoices never paid, no payment decided).",
                default: "levels"),
            .value(
                "--dunning", "yes|no",
                "Whether a history's config names its seller as the creditor, so that each day's run reminds and "
                    + "transfers to collection as a company's does; its decisions keep to the payments the last "
                    + "run's form lists. Its ledger is not checked against truth.json (which knows nothing of "
                    + "dunning's charges); instead every reminder and transfer is checked against the money that "
                    + "had come for its invoice by its day, and the bench stops on one for an invoice already paid.",
                default: "no"),
            .value(
                "--check-truth", "yes|no",
                "Compare a history's ledger with each day's truth.json after its run, and its insight from the kept "
                    + "sums with insight recomputed (default: yes when days × invoices is at most 20000 and there is no "
                    + "dunning; it lists the whole ledger each day)."),
            .value(
                "--dir", "<dir>",
                "Where the day is generated, or reused when it is there (default: .build/bench-<n>); a history's "
                    + "working directory (default: .build/bench-history), emptied first."),
            .flag("--keep", "Keep a history's working directory and ledger after the bench."),
            .value("--repeat", "<r>", "Runs per measurement; the fastest counts.", default: "3"),
            .value("--json", "<file>", "Also write the report as JSON to this file."),
            .flag(
                "--scan",
                "Internal: read every node of the files and do nothing, the baseline when xmllint is missing.",
                isHidden: true),
        ])

    /// Runs the command on the arguments after `bench`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        if parsed.has("--scan") {
            do {
                try Bench.scan(parsed.operands)
                return .ok
            } catch {
                Console.error(DailyRun.described(error))
                return .dataError
            }
        }
        if parsed.value("--history") != nil { return try history(parsed) }
        let invoices = parsed.value("--invoices") == nil ? 10_000 : try parsed.integer("--invoices", in: 1...10_000_000)
        let seed = try parsed.integer("--seed", in: 0...Int.max)
        let repeats = try parsed.integer("--repeat", in: 1...100)
        let directory = parsed.value("--dir") ?? ".build/bench-\(invoices)"
        return measure(parsed) { executable in
            let report = try Bench.run(
                invoices: invoices, seed: UInt64(seed), directory: directory, executable: executable, repeats: repeats
            ) { Console.error($0) }
            return (report.table, report.json)
        }
    }

    /// Runs a benchmark with this very binary as the one measured, prints its table and writes its JSON if asked.
    private static func measure(
        _ parsed: Arguments, _ benchmark: (_ executable: String) throws -> (table: String, json: Data)
    ) -> ExitStatus {
        do {
            let report = try benchmark(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path)
            Console.out(report.table, terminator: "")
            if let json = parsed.value("--json") { try report.json.write(to: URL(fileURLWithPath: json)) }
            return .ok
        } catch {
            Console.error("Error: \(DailyRun.described(error))")
            return .failure
        }
    }

    /// `bench --history`: the history's days run one after the other, and the report on how they grow.
    private static func history(_ parsed: Arguments) throws(UsageError) -> ExitStatus {
        let days = try parsed.integer("--history", in: 1...10_000)
        let invoices = parsed.value("--invoices") == nil ? 2_000 : try parsed.integer("--invoices", in: 1...1_000_000)
        let seed = try parsed.integer("--seed", in: 0...Int.max)
        guard let backlog = WorkloadHistory.Backlog(rawValue: try parsed.string("--backlog")) else {
            throw UsageError(message: "'--backlog' is levels or grows.")
        }
        var options = Bench.HistoryOptions(
            days: days, invoicesPerDay: invoices, seed: UInt64(seed), backlog: backlog,
            directory: parsed.value("--dir") ?? ".build/bench-history")
        options.leadInDays = try parsed.integer("--lead-in", in: 0...10_000)
        switch try parsed.string("--dunning") {
        case "yes": options.dunning = true
        case "no": options.dunning = false
        case let other: throw UsageError(message: "'--dunning' is yes or no, not '\(other)'.")
        }
        switch parsed.value("--check-truth") {
        case nil: options.checksTruth = !options.dunning && (options.leadInDays + days) * invoices <= 20_000
        case "yes" where options.dunning:
            throw UsageError(message: "'--check-truth yes' needs '--dunning no': truth.json knows nothing of reminders, "
                + "their charges and transfers to collection.")
        case "yes": options.checksTruth = true
        case "no": options.checksTruth = false
        case let other?: throw UsageError(message: "'--check-truth' is yes or no, not '\(other)'.")
        }
        options.keepsWorkdir = parsed.has("--keep")
        return measure(parsed) { executable in
            let report = try Bench.history(options, executable: executable) { Console.error($0) }
            return (report.table, report.json)
        }
    }
}
