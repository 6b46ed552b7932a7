public import Foundation
import Receivables
import SystemIO
import XMLStreaming

/// `saatava bench`: generates (or reuses) a day, then measures each stage as a child process, next to the
/// physical floor measured in the same invocation: libxml2's own streaming parse of the same bytes.
public enum Bench {
    /// One measured line of the report.
    public struct Stage: Sendable {
        public let name: String
        public let inputBytes: Int
        public let records: Int
        public let seconds: Double
        /// Processor time on every core, for stages run as a process of their own (nil for stages inside the run).
        public let processorSeconds: Double?
        public let peakResidentBytes: Int
        /// The baseline time this stage is compared with (nil for the baselines themselves).
        public let baselineSeconds: Double?
        public let isBaseline: Bool

        var megabytesPerSecond: Double { Double(inputBytes) / 1_048_576 / seconds }
        var ratio: Double? { baselineSeconds.map { seconds / $0 } }
    }

    /// The whole report.
    public struct Report: Sendable {
        public let invoices: Int
        public let seed: UInt64
        public let baselineTool: String
        public let libxml2Version: String
        public var stages: [Stage] = []
        /// The match stage of the day against the same stage of a day a tenth its size, measured in the same
        /// invocation.
        public var matchScaling: Scaling?
        /// The whole run of the day against the whole run of that day a tenth its size, from the same runs.
        public var runScaling: Scaling?
    }

    /// How a run's time (its match stage's, or the whole run's) grows with the day, from the alternating runs of the
    /// day and of its tenth: the fastest against the fastest, as every other figure, and the mean against the mean,
    /// with how far the mean ratio can be trusted and every run kept to show the spread.
    ///
    /// On a shared machine the fastest of a few short runs lies further below their mean than the fastest of a few
    /// long runs does below theirs (BENCHMARKS.md), so the ratio of the fastest leans high; the mean ratio weighs
    /// every moment of the machine alike for both days.
    public struct Scaling: Sendable {
        public let smallInvoices: Int
        /// Each run of the small day, in the order run.
        public let smallRuns: [Double]
        /// Each run of the day, in the order run.
        public let runs: [Double]

        /// The scaling from each day's runs: `runs[i]` and `smallRuns[i]` ran one after the other.
        public init(smallInvoices: Int, smallRuns: [Double], runs: [Double]) {
            precondition(!runs.isEmpty && runs.count == smallRuns.count, "one small run beside each run")
            self.smallInvoices = smallInvoices
            self.smallRuns = smallRuns
            self.runs = runs
        }

        public var smallSeconds: Double { smallRuns.min() ?? 0 }
        public var seconds: Double { runs.min() ?? 0 }
        /// The fastest run against the fastest run: a run linear in the day makes it about 10.
        public var ratio: Double { seconds / smallSeconds }
        public var smallMeanSeconds: Double { smallRuns.reduce(0, +) / Double(smallRuns.count) }
        public var meanSeconds: Double { runs.reduce(0, +) / Double(runs.count) }
        public var meanRatio: Double { meanSeconds / smallMeanSeconds }

        /// Where the mean ratio lies, 19 times in 20: the 2.5th and 97.5th percentiles of the mean ratios of 10 000
        /// resamplings of the (day, tenth) pairs, each pair drawn whole, with replacement (a percentile bootstrap; the
        /// same runs always give the same interval).
        public var meanRatioInterval: ClosedRange<Double> {
            var random = SeededRandom(seed: 1)
            let pairs = Array(zip(runs, smallRuns))
            var ratios: [Double] = []
            ratios.reserveCapacity(10_000)
            for _ in 0..<10_000 {
                var (seconds, smallSeconds) = (0.0, 0.0)
                for _ in pairs.indices {
                    let pair = pairs[Int.random(in: pairs.indices, using: &random)]
                    seconds += pair.0
                    smallSeconds += pair.1
                }
                ratios.append(seconds / smallSeconds)
            }
            ratios.sort()
            return ratios[250]...ratios[9_749]
        }
    }

    /// Runs the benchmark.
    /// - Parameters:
    ///   - invoices: Invoices in the generated day.
    ///   - seed: The generator's seed.
    ///   - directory: Where the day is generated (reused when it was generated with the same invoices and seed).
    ///   - executable: The saatava binary to measure.
    ///   - repeats: Runs per measurement; the fastest counts (the match scaling also gives the mean).
    ///   - progress: Receives a line as each step starts.
    public static func run(
        invoices: Int, seed: UInt64, directory: String, executable: String, repeats: Int, progress: (String) -> Void
    ) throws -> Report {
        let files = try prepare(invoices: invoices, seed: seed, directory: directory, progress: progress)
        let usesXmllint = ChildProcess.isOnPath("xmllint")
        var report = Report(
            invoices: invoices, seed: seed,
            baselineTool: usesXmllint ? "xmllint --stream --noout" : "saatava's XMLStreaming reader, every node, no work",
            libxml2Version: XMLReader.libxml2RuntimeVersion)
        func measure(_ program: String, _ arguments: [String]) throws -> ChildProcess.Measurement {
            let run = try ChildProcess.run(program, arguments)
            guard run.status == 0 else {
                throw BenchError(message: "\(program) \(arguments.prefix(3).joined(separator: " ")) … failed")
            }
            return run
        }
        // A parse and its floor: the fastest of `repeats` runs of each, the two alternating so that both meet the
        // machine in the same state (as the whole run and its tenth day do).
        func parse(_ format: String, _ files: [String], floorFiles: [String], bytes: Int, records: Int) throws -> [Stage] {
            progress("measuring parse \(format), alternating with its baseline")
            let floor: (program: String, arguments: [String]) = usesXmllint
                ? ("xmllint", ["--stream", "--noout"] + floorFiles) : (executable, ["bench", "--scan"] + files)
            var floorRun = try measure(floor.program, floor.arguments)
            var parseRun = try measure(executable, ["parse"] + files)
            for _ in 1..<max(1, repeats) {
                floorRun = faster(floorRun, try measure(floor.program, floor.arguments))
                parseRun = faster(parseRun, try measure(executable, ["parse"] + files))
            }
            return [
                Stage(name: "baseline: \(format)", inputBytes: bytes, records: records, seconds: floorRun.seconds,
                      processorSeconds: floorRun.processorSeconds, peakResidentBytes: floorRun.peakResidentBytes,
                      baselineSeconds: nil, isBaseline: true),
                Stage(name: "parse \(format)", inputBytes: bytes, records: records, seconds: parseRun.seconds,
                      processorSeconds: parseRun.processorSeconds, peakResidentBytes: parseRun.peakResidentBytes,
                      baselineSeconds: floorRun.seconds, isBaseline: false),
            ]
        }
        let camtBytes = files.camt.reduce(0) { $0 + fileSize($1) }
        let finvoiceBytes = files.finvoice.reduce(0) { $0 + fileSize($1) }
        report.stages += try parse("camt.054", files.camt, floorFiles: files.camt, bytes: camtBytes, records: files.payments)
        // Joined only here: the tenth day and a bench without xmllint never need the copy.
        if usesXmllint && !FileManager.default.fileExists(atPath: files.joinedFinvoice) {
            try joinUnderOneRoot(files.finvoice, into: files.joinedFinvoice)
        }
        report.stages += try parse("Finvoice", files.finvoice, floorFiles: [files.joinedFinvoice], bytes: finvoiceBytes,
                                   records: files.invoices)
        let floorSeconds = report.stages.filter(\.isBaseline).reduce(0) { $0 + $1.seconds }
        try measureRun(files, directory: directory, executable: executable, repeats: repeats,
                       baseline: floorSeconds, bytes: camtBytes + finvoiceBytes,
                       report: &report, progress: progress)
        return report
    }

    /// The whole daily run on the day's files, and its stages as the run itself measured them (run-summary.json),
    /// against the floor for all the day's bytes; and the run on a day a tenth the size, for the match scaling.
    /// The two days' runs alternate, so that both meet the machine in the same state: a shared machine's speed
    /// drifts by tens of percent over a minute, and days measured one after the other would put that drift into
    /// the ratio.
    private static func measureRun(
        _ files: Files, directory: String, executable: String, repeats: Int, baseline: Double, bytes: Int,
        report: inout Report, progress: (String) -> Void
    ) throws {
        let smallInvoices = report.invoices / 10
        let smallDirectory = URL(fileURLWithPath: directory).appendingPathComponent("tenth").path
        let small = smallInvoices >= 10
            ? try prepare(invoices: smallInvoices, seed: report.seed, directory: smallDirectory, progress: progress) : nil
        progress("measuring the whole run" + (small == nil ? "" : ", alternating with the day of \(smallInvoices) invoices"))
        var best = try dailyRun(files, directory: directory, executable: executable)
        var smallBest = try small.map { try dailyRun($0, directory: smallDirectory, executable: executable) }
        for _ in 1..<max(1, repeats) {
            best.add(try dailyRun(files, directory: directory, executable: executable))
            if let small { smallBest?.add(try dailyRun(small, directory: smallDirectory, executable: executable)) }
        }
        let records = files.invoices + files.payments
        for (name, key) in [("post", "intake, parse and post"), ("match", "match"), ("write", "write")] {
            report.stages.append(Stage(
                name: "\(name) (in run)", inputBytes: name == "post" ? bytes : 0, records: records,
                seconds: max(best.seconds[key] ?? 0, 0.001), processorSeconds: nil,
                peakResidentBytes: best.peakResidentBytes[key] ?? 0, baselineSeconds: baseline, isBaseline: false))
        }
        // A stage's peak (in run) is the run's peak up to that stage's end, so the last stage's is the whole run's;
        // the child's peak is sampled every 5 ms and may miss a short one that the run's own VmHWM keeps.
        let peak = max(best.run.peakResidentBytes, best.peakResidentBytes.values.max() ?? 0)
        report.stages.append(Stage(name: "whole run", inputBytes: bytes, records: records, seconds: best.run.seconds,
                                   processorSeconds: best.run.processorSeconds, peakResidentBytes: peak,
                                   baselineSeconds: baseline, isBaseline: false))

        if let smallBest {
            report.runScaling = Scaling(smallInvoices: smallInvoices, smallRuns: smallBest.runs, runs: best.runs)
            if !best.matchRuns.isEmpty, smallBest.matchRuns.count == best.matchRuns.count,
                smallBest.matchRuns.allSatisfy({ $0 > 0 })
            {
                report.matchScaling = Scaling(
                    smallInvoices: smallInvoices, smallRuns: smallBest.matchRuns, runs: best.matchRuns)
            }
        }
    }

    /// What the daily runs of one day came to: the fastest run, each stage's fastest time and highest peak memory
    /// over the runs, as the runs recorded them (run-summary.json), and every run's time and match stage.
    private struct RunFigures {
        var run: ChildProcess.Measurement
        var seconds: [String: Double]
        var peakResidentBytes: [String: Int]
        var runs: [Double]
        var matchRuns: [Double]

        mutating func add(_ other: RunFigures) {
            run = faster(run, other.run)
            seconds.merge(other.seconds, uniquingKeysWith: min)
            peakResidentBytes.merge(other.peakResidentBytes, uniquingKeysWith: max)
            runs += other.runs
            matchRuns += other.matchRuns
        }
    }

    /// One daily run of the day's files in a fresh working directory, so that the ledger starts empty.
    private static func dailyRun(_ files: Files, directory: String, executable: String) throws -> RunFigures {
        let manager = FileManager.default
        let work = URL(fileURLWithPath: directory).appendingPathComponent("run-work")
        try? manager.removeItem(at: work)
        try manager.createDirectory(at: work.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        for file in files.camt + files.finvoice {
            let name = URL(fileURLWithPath: file).lastPathComponent
            try manager.linkItem(atPath: file, toPath: work.appendingPathComponent("inbox/\(name)").path)
        }
        try "{ \"workdir\": \".\" }".write(to: work.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let run = try ChildProcess.run(
            executable, ["run", "--config", work.appendingPathComponent("config.json").path, "--as-of", "2026-11-27"])
        guard run.status == 0 else {
            throw BenchError(message: "saatava run failed on the generated day (see \(work.path))")
        }
        let summary = runSummary(work.appendingPathComponent("outbox/2026-11-27/run-summary.json"))
        return RunFigures(run: run, seconds: summary.seconds, peakResidentBytes: summary.peakResidentBytes,
                          runs: [run.seconds], matchRuns: summary.seconds["match"].map { [$0] } ?? [])
    }

    /// Reads every node of every document of the files and does nothing with them (the fallback baseline).
    public static func scan(_ paths: [String]) throws {
        for path in paths {
            try XMLReader.forEachDocument(inFile: path) { reader in
                while try reader.read() {}
            }
        }
    }

    private struct Files {
        var camt: [String]
        var finvoice: [String]
        var invoices: Int
        var payments: Int
        /// Where the Finvoice batches are joined under one root for xmllint (written when xmllint needs it).
        var joinedFinvoice: String
    }

    private static func prepare(invoices: Int, seed: UInt64, directory: String, progress: (String) -> Void) throws -> Files {
        let manifestURL = URL(fileURLWithPath: directory).appendingPathComponent("bench-manifest.json")
        let joined = URL(fileURLWithPath: directory).appendingPathComponent("finvoice-joined-for-xmllint.xml").path
        if let data = try? Data(contentsOf: manifestURL),
            let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            manifest["invoices"] as? Int == invoices, manifest["seed"] as? Int == Int(seed),
            let camt = manifest["camt"] as? [String], let finvoice = manifest["finvoice"] as? [String],
            let records = manifest["records"] as? [Int],
            (camt + finvoice).allSatisfy({ FileManager.default.fileExists(atPath: $0) })
        {
            progress("reusing the day in \(directory)")
            return Files(camt: camt, finvoice: finvoice, invoices: records[0], payments: records[1], joinedFinvoice: joined)
        }
        progress("generating \(invoices) invoices (seed \(seed)) in \(directory)")
        let plan = WorkloadPlan(invoiceCount: invoices, seed: seed, asOf: benchDate)
        let written = try WorkloadWriter.write(plan, to: directory, seed: seed)
        try? FileManager.default.removeItem(atPath: joined)
        let files = Files(camt: written.camtFiles, finvoice: written.finvoiceFiles, invoices: plan.invoices.count,
                          payments: plan.payments.count, joinedFinvoice: joined)
        let manifest: [String: Any] = [
            "invoices": invoices, "seed": Int(seed), "camt": files.camt, "finvoice": files.finvoice,
            "records": [files.invoices, files.payments],
        ]
        try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]).write(to: manifestURL)
        return files
    }

    /// xmllint reads one document per file: the UTF-8 batches' documents go under one root, without their
    /// declarations, so that it parses the same bytes. The file appears whole or not at all (SystemIO's
    /// `AtomicFile`: a bench stopped halfway leaves no truncated copy to be reused).
    private static func joinUnderOneRoot(_ paths: [String], into joined: String) throws {
        try AtomicFile.write(to: joined) { (output) throws(SystemError) in
            try output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<batch>\n")
            for path in paths {
                let input = try FileDescriptor.openForReading(path)
                var pending: [UInt8] = []
                while true {
                    let chunk = try input.read(upTo: 1 << 20)
                    if chunk.isEmpty { break }
                    pending += chunk
                    guard let lastNewline = pending.lastIndex(of: 0x0A) else { continue }
                    try output.write(withoutDeclarations(pending[...lastNewline]))
                    pending.removeSubrange(...lastNewline)
                }
                try output.write(withoutDeclarations(pending[...]))
            }
            try output.write("</batch>\n")
        }
    }

    private static func withoutDeclarations(_ lines: ArraySlice<UInt8>) -> [UInt8] {
        let declaration = Array("<?xml ".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(lines.count)
        for line in lines.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() where !line.starts(with: declaration) {
            result.append(contentsOf: line)
            result.append(0x0A)
        }
        if let last = lines.split(separator: 0x0A, omittingEmptySubsequences: false).last, !last.starts(with: declaration) {
            result.append(contentsOf: last)
        }
        return result
    }

    /// The faster of two runs (the first when they tie).
    private static func faster(
        _ first: ChildProcess.Measurement, _ second: ChildProcess.Measurement
    ) -> ChildProcess.Measurement {
        second.seconds < first.seconds ? second : first
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// A benchmark step that could not be run.
public struct BenchError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension Bench.Report {
    /// The report as an aligned table, every figure also as a ratio to its baseline.
    public var table: String {
        var lines = [
            "saatava bench: \(invoices) invoices, seed \(seed); baseline: \(baselineTool); libxml2 \(libxml2Version)",
            "",
            pad("stage", 20) + pad("input MB", 10, right: true) + pad("records", 10, right: true) + pad("wall s", 9, right: true)
                + pad("cpu s", 8, right: true) + pad("MB/s", 9, right: true) + pad("records/s", 12, right: true)
                + pad("peak RSS MB", 13, right: true)
                + pad("× baseline", 15, right: true),
        ]
        for stage in stages {
            lines.append(
                pad(stage.name, 20) + pad(format(Double(stage.inputBytes) / 1_048_576, 1), 10, right: true)
                    + pad(String(stage.records), 10, right: true) + pad(format(stage.seconds, 2), 9, right: true)
                    + pad(stage.processorSeconds.map { format($0, 2) } ?? "-", 8, right: true)
                    + pad(format(stage.megabytesPerSecond, 1), 9, right: true)
                    + pad(format(Double(stage.records) / stage.seconds, 0), 12, right: true)
                    + pad(format(Double(stage.peakResidentBytes) / 1_048_576, 1), 13, right: true)
                    + pad(stage.ratio.map { format($0, 2) + "×" } ?? "1.00× (floor)", 15, right: true))
        }
        lines.append("")
        lines.append("Stages marked (in run) are the run's own figures; their ratio is to the floor for all the day's bytes.")
        lines.append("Their peak RSS is the run's peak up to the stage's end (it never goes down from stage to stage).")
        lines.append("cpu s is processor time on all cores: the run parses on a second thread while it books.")
        for (name, scaling) in [("Match scaling", matchScaling), ("Whole-run scaling", runScaling)] {
            guard let scaling else { continue }
            let interval = scaling.meanRatioInterval
            lines.append(
                "\(name) (fastest of \(scaling.runs.count) alternating runs of each day): "
                    + "\(format(scaling.smallSeconds, 3)) s for \(scaling.smallInvoices) invoices, "
                    + "\(format(scaling.seconds, 3)) s for \(invoices): "
                    + "\(format(scaling.ratio, 1))× the time for 10× the records; "
                    + "means \(format(scaling.smallMeanSeconds, 3)) s and \(format(scaling.meanSeconds, 3)) s: "
                    + "\(format(scaling.meanRatio, 1))× (95 % interval \(format(interval.lowerBound, 1))–"
                    + "\(format(interval.upperBound, 1))×).")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON for tools.
    public var json: Data {
        let stages: [[String: Any]] = self.stages.map { stage in
            [
                "stage": stage.name, "inputBytes": stage.inputBytes, "records": stage.records, "seconds": stage.seconds,
                "processorSeconds": stage.processorSeconds ?? NSNull(),
                "megabytesPerSecond": stage.megabytesPerSecond, "recordsPerSecond": Double(stage.records) / stage.seconds,
                "peakResidentBytes": stage.peakResidentBytes, "ratioToBaseline": stage.ratio ?? 1.0, "isBaseline": stage.isBaseline,
            ]
        }
        var document: [String: Any] = [
            "invoices": invoices, "seed": Int(seed), "baseline": baselineTool, "libxml2": libxml2Version, "stages": stages,
        ]
        for (key, scaling) in [("matchScaling", matchScaling), ("runScaling", runScaling)] {
            guard let scaling else { continue }
            let interval = scaling.meanRatioInterval
            document[key] = [
                "smallInvoices": scaling.smallInvoices, "smallSeconds": scaling.smallSeconds, "seconds": scaling.seconds,
                "ratio": scaling.ratio, "smallMeanSeconds": scaling.smallMeanSeconds,
                "meanSeconds": scaling.meanSeconds, "meanRatio": scaling.meanRatio,
                "meanRatioInterval": [interval.lowerBound, interval.upperBound],
                "smallRunSeconds": scaling.smallRuns, "runSeconds": scaling.runs,
            ]
        }
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
}
