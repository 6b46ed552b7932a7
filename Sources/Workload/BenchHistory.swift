public import Foundation
import Receivables
import SystemIO

/// `saatava bench --history N`: a generated history run day after day into one working directory, each day's
/// `saatava run` a child process measured as the stages of `Bench.run` are, to show how the daily run's time, memory
/// and output grow with the ledger's history (issue 20).
extension Bench {
    /// What to run.
    public struct HistoryOptions: Sendable {
        /// Business days to run and measure.
        public var days: Int
        /// Business days run before them, checked as the others but left out of the windows and ratios, so that the
        /// measured days start with the ledger of a company that has worked for a while (a levelling backlog levels
        /// off after about 110 business days) rather than an empty one.
        public var leadInDays: Int
        /// Invoices issued each day.
        public var invoicesPerDay: Int
        /// The generator's seed.
        public var seed: UInt64
        /// Whether the open backlog levels off or grows (`WorkloadHistory.Backlog`).
        public var backlog: WorkloadHistory.Backlog
        /// Where the days are generated (`history/`) and run (`work/`); emptied first.
        public var directory: String
        /// Whether each day's ledger is compared with that day's truth.json (it lists the whole ledger each day).
        public var checksTruth: Bool
        /// Whether the working directory is kept after the bench.
        public var keepsWorkdir: Bool
        /// Whether the config names the history's seller as the creditor, so that each day's run reminds and transfers
        /// to collection as a company's does. The truth (truth.json) knows nothing of dunning's charges and
        /// transfers, so a history with dunning is not checked against it; its reminders and transfers are checked
        /// against the money that had come for their invoices (`TruthFold.checkSteps`).
        public var dunning: Bool

        /// The options of a history; truth is checked and the working directory removed.
        public init(days: Int, invoicesPerDay: Int, seed: UInt64, backlog: WorkloadHistory.Backlog, directory: String) {
            self.days = days
            leadInDays = 0
            self.invoicesPerDay = invoicesPerDay
            self.seed = seed
            self.backlog = backlog
            self.directory = directory
            checksTruth = true
            keepsWorkdir = false
            dunning = false
        }
    }

    /// A history's config: the working directory, and with `dunning` the history's seller as the creditor (with an
    /// e-invoice address, so that reminders to buyers with one go as Finvoice).
    static func historyConfig(dunning: Bool) -> String {
        guard dunning else { return "{ \"workdir\": \".\" }\n" }
        let seller = HistoryGenerator.seller
        return """
            { "workdir": ".",
              "creditor": { "name": "\(seller.name)", "businessId": "\(seller.id)", "iban": "\(seller.account)",
                            "eInvoiceAddress": "003712345671", "eInvoiceIntermediator": "NDEAFIHH" } }

            """
    }

    /// One day's run, as measured.
    public struct HistoryDay: Sendable {
        public let date: String
        /// Wall time of `saatava run`, on the monotonic clock.
        public let seconds: Double
        /// Its processor time on every core.
        public let processorSeconds: Double
        /// Each stage's wall time as the run measured it (run-summary.json's `durationSeconds`; empty without one).
        public let stageSeconds: [String: Double]
        /// Its peak resident memory: the higher of the child's sampled `VmHWM` and the run's own (run-summary.json).
        public let peakResidentBytes: Int
        /// The day's inbox files (Finvoice, camt.054, camt.053, decisions).
        public let inputBytes: Int
        /// What the run archived under `archive/<date>/`.
        public let archiveBytes: Int
        /// What the run wrote under `outbox/<date>/`.
        public let outboxBytes: Int
        /// `saatava run`'s exit status: 0, or 65 when a person must look.
        public let exitStatus: Int32
        /// Payments left for the accountant after the run, and what invoices still owe (truth.json's ledger totals).
        public let unmatchedPayments: Int
        public let openCents: Int64
        /// Whether the ledger was compared with the day's truth (and agreed: a disagreement stops the bench).
        public let isTruthChecked: Bool
        /// Whether the day is one of the lead-in's, not measured.
        public let isLeadIn: Bool
    }

    /// Five (or fewer) consecutive days' figures: mean and interval of run time and peak memory.
    public struct HistoryWindow: Sendable {
        /// Where in the history the window lies.
        public enum Position: String, Sendable, CaseIterable {
            case first, middle, last
        }

        public let position: Position
        /// Indexes into the report's days (the lead-in's first).
        public let days: Range<Int>
        public let seconds: Estimate
        public let peakResidentBytes: Estimate
        public let meanOutboxBytes: Double
        public let meanInputBytes: Double
        public let meanArchiveBytes: Double
    }

    /// A mean and its 95 % interval, mean ± t·s/√n with Student's t for n − 1 degrees of freedom (the days of a
    /// window taken as independent draws; a single day has no interval).
    public struct Estimate: Sendable {
        public let mean: Double
        public let halfWidth: Double

        init(_ values: [Double]) {
            let count = Double(values.count)
            let mean = values.reduce(0, +) / count
            self.mean = mean
            guard values.count > 1 else {
                halfWidth = 0
                return
            }
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
            // t(0.975, n − 1) for n = 2…5; more days than five never make a window.
            let t = [12.706, 4.303, 3.182, 2.776][min(values.count, 5) - 2]
            halfWidth = t * variance.squareRoot() / count.squareRoot()
        }
    }

    /// A dunning history's reminders and transfers, checked against the money that had come for their invoices.
    public struct StepsChecked: Sendable {
        /// Reminders and transfers issued.
        public var steps = 0
        /// Those whose invoice had some money (a part, or a payment since reversed) before the step.
        public var withMoneyBefore = 0
    }

    /// Every day's figures and what they come to.
    public struct HistoryReport: Sendable {
        public let options: HistoryOptions
        public var days: [HistoryDay] = []
        /// With dunning: its steps checked against the money that had come (none was for a paid invoice).
        public var stepsChecked: StepsChecked?
        /// Wall time of the whole bench, generation and checks included.
        public var benchSeconds = 0.0

        /// The first, middle and last five of the measured days (fewer when they are fewer; they overlap below 15).
        public var windows: [HistoryWindow] { windows(from: options.leadInDays) }

        /// The first, middle and last five days from day `start` (0: the history's first, lead-in included).
        func windows(from start: Int) -> [HistoryWindow] {
            guard days.count > start else { return [] }
            let width = min(5, days.count - start)
            let middle = start + (days.count - start - width) / 2
            return HistoryWindow.Position.allCases.map { position in
                let first = switch position {
                case .first: start
                case .middle: middle
                case .last: days.count - width
                }
                let range = first..<(first + width)
                let slice = days[range]
                func mean(_ value: (HistoryDay) -> Int) -> Double {
                    Double(slice.reduce(0) { $0 + value($1) }) / Double(width)
                }
                return HistoryWindow(
                    position: position, days: range, seconds: Estimate(slice.map(\.seconds)),
                    peakResidentBytes: Estimate(slice.map { Double($0.peakResidentBytes) }),
                    meanOutboxBytes: mean(\.outboxBytes), meanInputBytes: mean(\.inputBytes),
                    meanArchiveBytes: mean(\.archiveBytes))
            }
        }

        /// The last five days' mean run time against the first five measured.
        public var lastToFirstSeconds: Double { ratio(\.seconds.mean, against: .first, in: windows) }
        /// The last five days' mean peak memory against the first five measured.
        public var lastToFirstPeak: Double { ratio(\.peakResidentBytes.mean, against: .first, in: windows) }
        /// The last five days' mean run time against the middle five's: how the run grows with the history once the
        /// first days, which have no backlog and few payments yet, are past.
        public var lastToMiddleSeconds: Double { ratio(\.seconds.mean, against: .middle, in: windows) }
        /// The last five days' mean peak memory against the middle five's.
        public var lastToMiddlePeak: Double { ratio(\.peakResidentBytes.mean, against: .middle, in: windows) }
        /// The largest outbox of any measured day against the first five measured days' mean outbox.
        public var maxOutboxToFirst: Double { maxOutboxToFirst(from: options.leadInDays) }
        /// All days' archived bytes against all days' input bytes.
        public var archiveToInput: Double {
            Double(days.reduce(0) { $0 + $1.archiveBytes }) / Double(max(1, days.reduce(0) { $0 + $1.inputBytes }))
        }

        /// With a lead-in, the same ratios from the history's very first day, as a bench without one would give:
        /// run time, peak memory and largest outbox against the lead-in's first five days.
        public var fromDayOne: (seconds: Double, peak: Double, maxOutbox: Double)? {
            guard options.leadInDays > 0 else { return nil }
            let windows = windows(from: 0)
            return (ratio(\.seconds.mean, against: .first, in: windows),
                    ratio(\.peakResidentBytes.mean, against: .first, in: windows), maxOutboxToFirst(from: 0))
        }

        /// The largest outbox of any day from day `start` against the mean outbox of the first five from it.
        private func maxOutboxToFirst(from start: Int) -> Double {
            guard let first = windows(from: start).first, first.meanOutboxBytes > 0 else { return .nan }
            return Double(days[start...].map(\.outboxBytes).max() ?? 0) / first.meanOutboxBytes
        }

        /// The last window's `value` against that of the window at `position`.
        private func ratio(
            _ value: (HistoryWindow) -> Double, against position: HistoryWindow.Position, in windows: [HistoryWindow]
        ) -> Double {
            guard let base = windows.first(where: { $0.position == position }),
                  let last = windows.first(where: { $0.position == .last })
            else { return .nan }
            return value(last) / value(base)
        }
    }

    /// Generates the history a day at a time; copies each day's inbox into one working directory, runs
    /// `saatava run --as-of <day>` on it as a measured child process, and removes the day's generated files.
    /// - Parameters:
    ///   - options: The history and what to check.
    ///   - executable: The saatava binary to measure.
    ///   - progress: Receives a line as each day ends.
    /// - Throws: `BenchError` when a run exits with anything but 0 or 65, or its ledger disagrees with the truth.
    public static func history(
        _ options: HistoryOptions, executable: String, progress: (String) -> Void
    ) throws -> HistoryReport {
        let started = Date()
        let manager = FileManager.default
        let root = URL(fileURLWithPath: options.directory)
        let generated = root.appendingPathComponent("history")
        let work = root.appendingPathComponent("work")
        try? manager.removeItem(at: generated)
        try? manager.removeItem(at: work)
        try manager.createDirectory(at: work.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let config = work.appendingPathComponent("config.json").path
        precondition(!(options.dunning && options.checksTruth), "the truth knows nothing of dunning")
        try Self.historyConfig(dunning: options.dunning).write(toFile: config, atomically: true, encoding: .utf8)

        var historyOptions = WorkloadHistory.Options(
            days: options.leadInDays + options.days, invoicesPerDay: options.invoicesPerDay, seed: options.seed,
            firstDay: benchDate)
        historyOptions.backlog = options.backlog
        var writer = try WorkloadHistory.Writer(historyOptions, to: generated.path)
        var report = HistoryReport(options: options)
        var truth = TruthFold()
        while let day = try writer.next() {
            let inbox = URL(fileURLWithPath: day.directory).appendingPathComponent("inbox").path
            var inputBytes = 0
            for file in day.files {
                let relative = String(file.dropFirst(inbox.count + 1))
                let target = work.appendingPathComponent("inbox/\(relative)")
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                if options.dunning, relative.hasPrefix("decisions/"), let last = report.days.last {
                    let form = work.appendingPathComponent("outbox/\(last.date)/unmatched-payments.csv").path
                    guard try keepDecisionsOnTheForm(file, form: form) else { continue }
                }
                inputBytes += fileSize(file)
                try manager.moveItem(atPath: file, toPath: target.path)
            }
            let date = day.date.description
            let run = try ChildProcess.run(
                executable, ["run", "--config", config, "--as-of", date],
                appendingStandardErrorTo: work.appendingPathComponent("runs.log").path)
            guard run.status == 0 || run.status == 65 else {
                throw BenchError(message: "saatava run --as-of \(date) (day \(report.days.count + 1)) exited with "
                    + "\(run.status) (see \(work.path), its runs.log)")
            }
            let outbox = work.appendingPathComponent("outbox/\(date)")
            let summary = runSummary(outbox.appendingPathComponent("run-summary.json"))
            let totals = try truth.add(day.truthFile, on: date)
            if options.checksTruth {
                try truth.check(config: config, executable: executable, day: date)
            }
            report.days.append(HistoryDay(
                date: date, seconds: run.seconds, processorSeconds: run.processorSeconds,
                stageSeconds: summary.seconds,
                peakResidentBytes: max(run.peakResidentBytes, summary.peakResidentBytes.values.max() ?? 0),
                inputBytes: inputBytes, archiveBytes: treeSize(work.appendingPathComponent("archive/\(date)")),
                outboxBytes: treeSize(outbox), exitStatus: run.status, unmatchedPayments: totals.unmatched,
                openCents: totals.openCents, isTruthChecked: options.checksTruth,
                isLeadIn: report.days.count < options.leadInDays))
            try manager.removeItem(atPath: day.directory)
            let last = report.days[report.days.count - 1]
            let counted = last.isLeadIn
                ? "lead-in day \(report.days.count)/\(options.leadInDays)"
                : "day \(report.days.count - options.leadInDays)/\(options.days)"
            progress("\(counted) \(date): \(String(format: "%.2f", last.seconds)) s, "
                + "\(String(format: "%.1f", Double(last.peakResidentBytes) / 1_048_576)) MB, exit \(last.exitStatus), "
                + "\(last.unmatchedPayments) payments unmatched" + (options.checksTruth ? ", truth agrees" : ""))
        }
        if options.dunning {
            report.stepsChecked = try truth.checkSteps(config: config, executable: executable)
        }
        if !options.keepsWorkdir { try? manager.removeItem(at: root) }
        report.benchSeconds = Date().timeIntervalSince(started)
        return report
    }

    /// Drops from a generated decisions file the lines naming a payment that the last run's decisions form (CRLF
    /// lines, RFC 4180's) does not list, as an accountant deciding from the form would: with dunning, an overpayment's
    /// excess may have gone to a reminder's fee, leaving nothing to decide. The generator cannot know it, and the
    /// ledger refuses a whole file that names such a payment. Returns whether any decision is left (the file is
    /// removed when none is).
    static func keepDecisionsOnTheForm(_ decisions: String, form: String) throws -> Bool {
        func archiveId(_ line: Substring) -> Substring { line.prefix { $0 != "," } }
        let form = try String(contentsOfFile: form, encoding: .utf8)
        let listed = Set(form.split(whereSeparator: \.isNewline).dropFirst().map(archiveId))
        let lines = try String(contentsOfFile: decisions, encoding: .utf8).split(whereSeparator: \.isNewline)
        let kept = lines.dropFirst().filter { listed.contains(archiveId($0)) }
        guard !kept.isEmpty else {
            try FileManager.default.removeItem(atPath: decisions)
            return false
        }
        try ((lines.prefix(1) + kept).joined(separator: "\n") + "\n")
            .write(toFile: decisions, atomically: true, encoding: .utf8)
        return true
    }

    /// The day a benchmark's day, or history's first day, is for.
    static let benchDate = LocalDate(year: 2026, month: 11, day: 27)!

    /// The run's own figures from its run-summary.json: each stage's time and peak memory (empty when it is missing).
    static func runSummary(_ url: URL) -> (seconds: [String: Double], peakResidentBytes: [String: Int]) {
        guard let data = try? Data(contentsOf: url),
            let summary = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return ([:], [:]) }
        let seconds = (summary["durationSeconds"] as? [String: Double]) ?? [:]
        let megabytes = (summary["peakResidentMegabytes"] as? [String: Double]) ?? [:]
        return (seconds, megabytes.mapValues { Int($0 * 1_048_576) })
    }

    /// The bytes of every file under a folder (0 when there is none).
    private static func treeSize(_ folder: URL) -> Int {
        guard let files = FileManager.default.enumerator(atPath: folder.path) else { return 0 }
        var total = 0
        while let name = files.nextObject() as? String {
            total += fileSize(folder.appendingPathComponent(name).path)
        }
        return total
    }
}

/// The truth of a history folded day by day (later days win), and the ledger compared with it.
struct TruthFold {
    private var invoices: [String: [String: Any]] = [:]
    private var payments: [String: [String: Any]] = [:]
    private var ledgerTotals: [String: Any] = [:]
    /// The keys the last day's truth named.
    private var dayInvoices: [String] = []
    private var dayPayments: [String] = []

    /// The day each payment (key as in `payments`) was first booked: not only pending. A reversal's key is its own.
    private var bookedOn: [String: String] = [:]
    /// The day each invoice and credit note first came.
    private var cameOn: [String: String] = [:]

    /// Folds in a day's truth.json and returns its ledger totals: payments unmatched and what invoices owe.
    mutating func add(_ path: String, on date: String) throws -> (unmatched: Int, openCents: Int64) {
        guard let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
            as? [String: Any]
        else { throw BenchError(message: "\(path) is not a JSON object") }
        dayInvoices = []
        dayPayments = []
        for invoice in truth["invoices"] as? [[String: Any]] ?? [] {
            let number = invoice["invoiceNumber"] as? String ?? ""
            invoices[number] = invoice
            dayInvoices.append(number)
            if cameOn[number] == nil { cameOn[number] = date }
        }
        for payment in truth["payments"] as? [[String: Any]] ?? [] {
            let key = (payment["archiveId"] as? String ?? "") + (payment["reversal"] as? Bool == true ? " reversal" : "")
            payments[key] = payment
            dayPayments.append(key)
            if bookedOn[key] == nil, payment["status"] as? String != "pending" { bookedOn[key] = date }
        }
        ledgerTotals = truth["ledger"] as? [String: Any] ?? [:]
        let statuses = ledgerTotals["statuses"] as? [String: Int] ?? [:]
        let open = (ledgerTotals["open"] as? String).flatMap { Double($0) } ?? 0
        return (statuses["unmatched"] ?? 0, Int64((open * 100).rounded()))
    }

    /// Lists the ledger's invoices and payments and compares them with the truth: every invoice and payment, no more,
    /// and each that the day's truth names with its paid, credited, open and status, or status, reason and unapplied;
    /// and insight from the kept sums with insight read afresh.
    func check(config: String, executable: String, day: String) throws {
        let ledgerInvoices = try lines(executable, ["ledger", "invoices", "--config", config])
        let ledgerPayments = try lines(executable, ["ledger", "payments", "--config", config])
        var problems: [String] = []
        let expectedInvoices = invoices.values.filter { $0["type"] as? String == "invoice" }.count
        if ledgerInvoices.count != expectedInvoices {
            problems.append("\(ledgerInvoices.count) invoices in the ledger, \(expectedInvoices) in the truth")
        }
        if ledgerPayments.count != payments.count {
            problems.append("\(ledgerPayments.count) payments in the ledger, \(payments.count) in the truth")
        }
        let byNumber = Dictionary(ledgerInvoices.map { ($0["invoiceNumber"] as? String ?? "", $0) }) { first, _ in first }
        for number in dayInvoices where invoices[number]?["type"] as? String == "invoice" {
            for field in ["paid", "credited", "open", "status"]
            where byNumber[number]?[field] as? String != invoices[number]?[field] as? String {
                problems.append("invoice \(number) \(field): ledger \(byNumber[number]?[field] ?? "none"), "
                    + "truth \(invoices[number]?[field] ?? "none")")
            }
        }
        let byKey = Dictionary(ledgerPayments.map { payment in
            let isReversal = payment["status"] as? String == "reversal" || payment["reverses"] is String
            return ((payment["archiveId"] as? String ?? "") + (isReversal ? " reversal" : ""), payment)
        }) { first, _ in first }
        for key in dayPayments {
            for field in ["status", "reason", "unapplied"]
            where byKey[key]?[field] as? String != payments[key]?[field] as? String {
                problems.append("payment \(key) \(field): ledger \(byKey[key]?[field] ?? "none"), "
                    + "truth \(payments[key]?[field] ?? "none")")
            }
        }
        // Insight from the sums the run kept must be insight from its whole window read again, to the last digit.
        let kept = try ChildProcess.capture(executable, ["insight", "--config", config])
        let recomputed = try ChildProcess.capture(executable, ["insight", "--config", config, "--recompute"])
        if kept.status != 0 || kept.standardOutput != recomputed.standardOutput {
            problems.append("saatava insight from the kept sums is not what --recompute gives (\(kept.errorText))")
        }
        guard problems.isEmpty else {
            throw BenchError(message: "the ledger after \(day) is not what its truth.json says: "
                + problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? " (\(problems.count) in all)" : ""))
        }
    }

    /// Checks each reminder and transfer to collection the history's runs issued against the money that had come
    /// for its invoice by that day, as the generator meant it (a payment's intended invoice, whatever reference the
    /// payer typed): booked payments less their reversals, and credit notes. A step for an invoice whose money had
    /// all come is the worst thing a run can send; the bench stops on one.
    /// - Returns: The steps checked, and how many of them had some of their invoice's money before them.
    func checkSteps(config: String, executable: String) throws -> Bench.StepsChecked {
        let reminders = try lines(executable, ["ledger", "reminders", "--config", config]).map {
            Step(invoiceNumber: $0["invoiceNumber"] as? String ?? "", day: $0["issuedOn"] as? String ?? "",
                 isTransfer: false)
        }
        let transfers = try lines(executable, ["ledger", "transfers", "--config", config]).map {
            Step(invoiceNumber: $0["invoiceNumber"] as? String ?? "", day: $0["transferredOn"] as? String ?? "",
                 isTransfer: true)
        }
        return try check(reminders + transfers)
    }

    /// A reminder or a transfer to collection, as `saatava ledger` lists it.
    struct Step {
        let invoiceNumber: String
        let day: String
        let isTransfer: Bool
    }

    /// `checkSteps` on the steps given.
    func check(_ steps: [Step]) throws -> Bench.StepsChecked {
        var received: [String: [(on: String, cents: Int64)]] = [:]
        for (key, payment) in payments {
            guard let number = payment["invoiceNumber"] as? String, let on = bookedOn[key] else { continue }
            let cents = try Self.cents(payment["amount"], of: "payment \(key)")
            received[number, default: []].append((on, key.hasSuffix(" reversal") ? -cents : cents))
        }
        for (number, note) in invoices where note["type"] as? String == "credit_note" {
            guard let original = note["originalInvoiceNumber"] as? String, let on = cameOn[number] else { continue }
            let cents = try Self.cents(note["amount"], of: "credit note \(number)")
            received[original, default: []].append((on, abs(cents)))
        }
        var checked = Bench.StepsChecked()
        var problems: [String] = []
        for step in steps {
            let number = step.invoiceNumber
            let before = (received[number] ?? []).filter { $0.on <= step.day }
            checked.steps += 1
            if !before.isEmpty { checked.withMoneyBefore += 1 }
            let amount = try Self.cents(invoices[number]?["amount"], of: "invoice \(number)")
            if before.reduce(0, { $0 + $1.cents }) >= amount {
                problems.append("invoice \(number) \(step.isTransfer ? "transferred" : "reminded") on \(step.day), "
                    + "its \(invoices[number]?["amount"] ?? "?") all come by then")
            }
        }
        guard problems.isEmpty else {
            throw BenchError(message: "\(problems.count) reminders or transfers for invoices already paid: "
                + problems.prefix(5).joined(separator: "; "))
        }
        return checked
    }

    /// A truth amount ("1234.56", "-12.00") in cents.
    private static func cents(_ value: Any?, of what: String) throws -> Int64 {
        guard let text = value as? String, let amount = try? Amount(parsing: text, currency: .euro) else {
            throw BenchError(message: "the truth has no amount for \(what)")
        }
        return amount.minorUnits
    }

    private func lines(_ executable: String, _ arguments: [String]) throws -> [[String: Any]] {
        let output = try ChildProcess.capture(executable, arguments)
        guard output.status == 0 else {
            throw BenchError(message: "saatava \(arguments.prefix(2).joined(separator: " ")) failed: \(output.errorText)")
        }
        return try output.standardOutput.split(separator: 0x0A).map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw BenchError(message: "saatava \(arguments.prefix(2).joined(separator: " ")) wrote a line that is no object")
            }
            return object
        }
    }
}

extension Bench.HistoryReport {
    /// The three windows and the ratios as an aligned table.
    public var table: String {
        let truth = options.checksTruth ? "each day's ledger checked against its truth.json" : "truth not checked"
        var lines = [
            "saatava bench --history: \(days.count - options.leadInDays) business days of \(options.invoicesPerDay) "
                + "invoices" + (options.leadInDays == 0 ? "" : " after \(options.leadInDays) days of lead-in (run and "
                    + "checked, not measured; days are numbered from the lead-in's first)")
                + " (seed \(options.seed), backlog \(options.backlog.rawValue), dunning "
                + "\(options.dunning ? "yes" : "no")); \(truth); the bench took \(format(benchSeconds, 0)) s",
            "",
            pad("days", 26) + pad("run s", 16, right: true) + pad("peak RSS MB", 16, right: true)
                + pad("input MB", 10, right: true) + pad("archive MB", 12, right: true)
                + pad("outbox MB", 11, right: true) + pad("unmatched", 11, right: true)
                + pad("open k€", 10, right: true),
        ]
        for window in windows {
            let slice = days[window.days]
            let label = "\(window.position.rawValue) \(window.days.lowerBound + 1)–\(window.days.upperBound)"
                + " (\(slice.first!.date.dropFirst(5))…\(slice.last!.date.dropFirst(5)))"
            let megabytes = 1_048_576.0
            lines.append(
                pad(label, 26)
                    + pad("\(format(window.seconds.mean, 2)) ± \(format(window.seconds.halfWidth, 2))", 16, right: true)
                    + pad("\(format(window.peakResidentBytes.mean / megabytes, 1)) ± "
                        + format(window.peakResidentBytes.halfWidth / megabytes, 1), 16, right: true)
                    + pad(format(window.meanInputBytes / megabytes, 2), 10, right: true)
                    + pad(format(window.meanArchiveBytes / megabytes, 2), 12, right: true)
                    + pad(format(window.meanOutboxBytes / megabytes, 2), 11, right: true)
                    + pad(format(Double(slice.reduce(0) { $0 + $1.unmatchedPayments }) / Double(slice.count), 0), 11,
                          right: true)
                    + pad(format(Double(slice.reduce(0) { $0 + $1.openCents }) / Double(slice.count) / 100_000, 0), 10,
                          right: true))
        }
        let measured = days.indices.dropFirst(options.leadInDays)
        let largest = measured.max { days[$0].outboxBytes < days[$1].outboxBytes }
        let exits = Dictionary(grouping: days, by: \.exitStatus).sorted { $0.key < $1.key }
            .map { "\($0.value.count) × \($0.key)" }.joined(separator: ", ")
        lines += [
            "",
            "last five / first five: run time \(format(lastToFirstSeconds, 2))×, peak memory \(format(lastToFirstPeak, 2))×",
            "last five / middle five: run time \(format(lastToMiddleSeconds, 2))×, peak memory "
                + "\(format(lastToMiddlePeak, 2))×",
            "largest outbox of a day / first five days' mean: \(format(maxOutboxToFirst, 2))×"
                + (largest.map { " (day \($0 + 1), \(days[$0].date))" } ?? ""),
            "archived bytes / input bytes, all days: \(format(archiveToInput, 3))",
        ]
        if let fromDayOne {
            lines.append("from day 1, lead-in included: last five / first five run time "
                + "\(format(fromDayOne.seconds, 2))×, peak memory \(format(fromDayOne.peak, 2))×, largest outbox "
                + "\(format(fromDayOne.maxOutbox, 2))×")
        }
        lines += [
            "exit statuses: \(exits)",
        ]
        if let checked = stepsChecked {
            lines.append("dunning: \(checked.steps) reminders and transfers, none for an invoice whose money had all "
                + "come (\(checked.withMoneyBefore) had some of it before)")
        }
        lines += [
            "Means per window with 95 % intervals: mean ± t·s/√n over its days (Student's t, n − 1 degrees of freedom).",
            "unmatched: payments left for the accountant after the run; open: what invoices still owe (truth.json).",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every day's figures, the windows and the ratios as JSON for tools.
    public var json: Data {
        let days: [[String: Any]] = self.days.map { day in
            [
                "date": day.date, "seconds": day.seconds, "processorSeconds": day.processorSeconds,
                "stageSeconds": day.stageSeconds,
                "peakResidentBytes": day.peakResidentBytes, "inputBytes": day.inputBytes,
                "archiveBytes": day.archiveBytes, "outboxBytes": day.outboxBytes, "exitStatus": Int(day.exitStatus),
                "unmatchedPayments": day.unmatchedPayments, "openCents": Int(day.openCents),
                "truthChecked": day.isTruthChecked, "leadIn": day.isLeadIn,
            ]
        }
        let windows: [[String: Any]] = self.windows.map { window in
            [
                "window": window.position.rawValue, "firstDay": window.days.lowerBound + 1,
                "lastDay": window.days.upperBound,
                "meanSeconds": window.seconds.mean, "secondsHalfWidth": window.seconds.halfWidth,
                "meanPeakResidentBytes": window.peakResidentBytes.mean,
                "peakResidentBytesHalfWidth": window.peakResidentBytes.halfWidth,
                "meanInputBytes": window.meanInputBytes, "meanArchiveBytes": window.meanArchiveBytes,
                "meanOutboxBytes": window.meanOutboxBytes,
            ]
        }
        let document: [String: Any] = [
            "days": options.days, "leadInDays": options.leadInDays, "invoicesPerDay": options.invoicesPerDay,
            "seed": Int(options.seed),
            "backlog": options.backlog.rawValue, "dunning": options.dunning, "truthChecked": options.checksTruth,
            "benchSeconds": benchSeconds,
            "interval": "95 %: mean ± t·s/√n, Student's t with n − 1 degrees of freedom",
            "runs": days, "windows": windows,
            "lastToFirstSeconds": lastToFirstSeconds, "lastToFirstPeak": lastToFirstPeak,
            "lastToMiddleSeconds": lastToMiddleSeconds, "lastToMiddlePeak": lastToMiddlePeak,
            "maxOutboxToFirst": maxOutboxToFirst, "archiveToInput": archiveToInput,
            "fromDayOne": fromDayOne.map {
                ["lastToFirstSeconds": $0.seconds, "lastToFirstPeak": $0.peak, "maxOutboxToFirst": $0.maxOutbox] as Any
            } ?? NSNull(),
            "stepsChecked": stepsChecked.map { ["steps": $0.steps, "withMoneyBefore": $0.withMoneyBefore] as Any }
                ?? NSNull(),
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
}
