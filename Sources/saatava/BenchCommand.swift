import Foundation
import Workload

/// `saatava bench`: speed and memory of each stage, as ratios to libxml2's own parse of the same bytes.
enum BenchCommand {
    static let help = Help(
        overview: "Measure each stage's speed and memory on a generated day, against a baseline run in the same command.",
        usage: ["saatava bench [--invoices <n>] [--seed <s>] [--dir <dir>] [--repeat <r>] [--json <file>]"],
        options: [
            .value("--invoices", "<n>", "Invoices in the generated day.", default: "10000"),
            .value("--seed", "<s>", "The generator's seed.", default: "1"),
            .value(
                "--dir", "<dir>", "Where the day is generated, or reused when it is there (default: .build/bench-<n>)."),
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
                Console.error("\(error)")
                return .dataError
            }
        }
        let invoices = try parsed.integer("--invoices", in: 1...10_000_000)
        let seed = try parsed.integer("--seed", in: 0...Int.max)
        let repeats = try parsed.integer("--repeat", in: 1...100)
        let directory = parsed.value("--dir") ?? ".build/bench-\(invoices)"
        do {
            let report = try Bench.run(
                invoices: invoices, seed: UInt64(seed), directory: directory,
                executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, repeats: repeats
            ) { Console.error($0) }
            Console.out(report.table, terminator: "")
            if let json = parsed.value("--json") { try report.json.write(to: URL(fileURLWithPath: json)) }
            return .ok
        } catch {
            Console.error("Error: \(error)")
            return .failure
        }
    }
}
