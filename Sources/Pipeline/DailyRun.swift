import Foundation
import Ledger
import Matching
public import Receivables
import Reports

/// `saatava run`: intake → parse → post → match → write over one working directory (DESIGN.md §1).
public enum DailyRun {
    /// What happened to one input file.
    public struct FileOutcome: Sendable {
        public let name: String
        public let kind: String
        /// posted, re-delivered (every record was booked before) or quarantined.
        public let disposition: String
        public let records: Int
        public let booked: Int
        public let reason: String?
    }

    /// What a run did: the facts of run-summary.json.
    public struct Summary: Sendable {
        public var asOf: LocalDate
        public var files: [FileOutcome] = []
        public var decisions = 0
        public var decisionErrors: [String] = []
        public var invoicesBooked = 0
        public var paymentsBooked = 0
        /// Money applied to invoices by this run, by currency.
        public var amountMatched: [Currency: Int64] = [:]
        /// Money not applied, by reason and currency (never summed across currencies).
        public var unappliedByReason: [String: [Currency: Int64]] = [:]
        public var seconds: [(stage: String, seconds: Double)] = []
        /// The peak resident memory of each stage, in bytes (where the system tells it).
        public var peakResidentBytes: [(stage: String, bytes: Int)] = []
        public var outbox = ""
    }

    /// A run that could not start or finish: `isBusy` when another run holds the lock (exit 75).
    public struct RunError: Error, CustomStringConvertible {
        public let isBusy: Bool
        public let description: String
    }

    /// Runs the day.
    /// - Parameters:
    ///   - config: The pipeline config.
    ///   - asOf: The day the run is for.
    ///   - report: Receives progress and warnings as lines.
    public static func run(config: RunConfig, asOf: LocalDate, report: (String) -> Void) throws -> Summary {
        let folders = WorkFolders(root: config.workdir)
        try folders.create()
        let lock: RunLock
        do {
            lock = try RunLock(path: folders.state + "/saatava.lock",
                               holder: "pid \(getpid()) on \(ProcessInfo.processInfo.hostName), as of \(asOf)")
        } catch let busy as RunLock.Busy {
            throw RunError(isBusy: true, description: busy.description)
        }
        // The lock is held until the run returns.
        defer { withExtendedLifetime(lock) {} }
        var summary = Summary(asOf: asOf)
        var clock = StageClock()
        let ledger = try Ledger(path: folders.state + "/saatava.sqlite")
        let run = try ledger.startRun(asOf: asOf, at: ISO8601DateFormatter().string(from: Date()))

        // Intake, parse, post: one transaction per file; what cannot be read goes to quarantine with its reason.
        // Each file is parsed on a thread of its own, started while the file before it is being booked.
        let names = try folders.inboxFiles()
        var upcoming = names.first.map { InboxFile($0, folders: folders) }
        for index in names.indices {
            let file = upcoming!
            upcoming = index + 1 < names.count ? InboxFile(names[index + 1], folders: folders) : nil
            summary.files.append(post(file, folders: folders, ledger: ledger, run: run, asOf: asOf, report: report))
        }
        summary.invoicesBooked = summary.files.filter { $0.kind == "finvoice" }.reduce(0) { $0 + $1.booked }
        summary.paymentsBooked = summary.files.filter { $0.kind != "finvoice" }.reduce(0) { $0 + $1.booked }
        clock.lap("intake, parse and post", into: &summary)

        // The accountant's decisions, dropped as CSV in inbox/decisions/.
        for name in try folders.decisionFiles() {
            applyDecisions(name, folders: folders, ledger: ledger, run: run, summary: &summary)
        }
        clock.lap("decisions", into: &summary)

        summary.amountMatched = try match(ledger: ledger, run: run, autoApply: config.autoApply)
        clock.lap("match", into: &summary)

        let payments = try ledger.paymentViews(onlyToDecide: true)
        for payment in payments {
            let reason = payment.reason ?? "none"
            summary.unappliedByReason[reason, default: [:]][payment.currency] =
                addingSaturated(summary.unappliedByReason[reason]?[payment.currency] ?? 0, payment.unapplied)
        }
        let outbox = folders.root + "/outbox/\(asOf)"
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        // A run killed while writing leaves its temporary files: they are never outputs.
        for name in try FileManager.default.contentsOfDirectory(atPath: outbox) where name.contains(".tmp-") {
            try? FileManager.default.removeItem(atPath: outbox + "/" + name)
        }
        try AtomicFile.write(AccountantReport.unmatchedCSV(payments), to: outbox + "/unmatched-payments.csv")
        try AtomicFile.write(
            AccountantReport.html(asOf: asOf, toDecide: payments, received: try ledger.receivedTotals(on: asOf),
                                  open: try ledger.openInvoiceTotals(), credits: try ledger.customerCredits(),
                                  quarantined: try folders.quarantined()),
            to: outbox + "/report.html")
        clock.lap("write", into: &summary)
        summary.outbox = outbox
        try AtomicFile.write(RunSummaryJSON.render(summary), to: outbox + "/run-summary.json")
        try ledger.finishRun(run, at: ISO8601DateFormatter().string(from: Date()))
        return summary
    }

    /// One matching pass over the ledger; returns the money it applied, by currency. The payments to place are
    /// released before the result is written; the engine changes the open items in place and hands them back in the
    /// result (dropping them before `apply` made no difference to the peak, which is reached while matching).
    private static func match(ledger: Ledger, run: Int64, autoApply: Set<MatchRule>) throws -> [Currency: Int64] {
        func pass() throws -> MatchingEngine.Result {
            var input = try ledger.matchingInput()
            let openItems = input.openItems
            input.openItems = []
            return MatchingEngine(autoApply: autoApply).match(
                openItems: consume openItems, credits: input.credits, payments: input.payments,
                priorPayments: input.priorPayments)
        }
        let result = try pass()
        try ledger.apply(result, run: run)
        var matched: [Currency: Int64] = [:]
        for allocation in result.allocations {
            matched[allocation.currency] = addingSaturated(matched[allocation.currency] ?? 0, allocation.amount)
        }
        return matched
    }

    private static func post(
        _ file: InboxFile, folders: WorkFolders, ledger: Ledger, run: Int64, asOf: LocalDate, report: (String) -> Void
    ) -> FileOutcome {
        var kind = "unknown"
        do {
            let (format, records) = try file.parse.get()
            kind = format.rawValue
            let posted = try ledger.post(fileNamed: file.name, kind: kind, run: run) { posting in
                try records.consume { item in
                    switch item {
                    case .payment(let payment): try posting.add(payment)
                    case .invoice(let invoice): try posting.add(invoice)
                    case .diagnostic(let diagnostic): report(diagnostic.description)
                    }
                }
            }
            try folders.archive(file.name, asOf: asOf)
            let redelivered = posted.records > 0 && posted.booked == 0
            return FileOutcome(name: file.name, kind: kind, disposition: redelivered ? "re-delivered" : "posted",
                               records: posted.records, booked: posted.booked,
                               reason: redelivered ? "every record in it was booked before" : nil)
        } catch {
            let reason = "\(error)"
            report(reason)
            file.stopReading()
            try? folders.quarantine(file.name, reason: reason)
            return FileOutcome(name: file.name, kind: kind, disposition: "quarantined", records: 0, booked: 0, reason: reason)
        }
    }

    private static func applyDecisions(
        _ name: String, folders: WorkFolders, ledger: Ledger, run: Int64, summary: inout Summary
    ) {
        let path = folders.decisions + "/" + name
        do {
            let decisions = try DecisionsCSV.read(path)
            try ledger.applyAll(decisions, source: "decisions/\(name)", run: run)
            summary.decisions += decisions.count
            try folders.archive(name, from: folders.decisions, asOf: summary.asOf)
        } catch {
            summary.decisionErrors.append("\(error)")
            try? folders.quarantine(name, from: folders.decisions, reason: "\(error)")
        }
    }
}

/// Wall time and peak resident memory of each stage.
private struct StageClock {
    private var last = Date()

    init() {
        ResidentMemory.resetPeak()
    }

    mutating func lap(_ stage: String, into summary: inout DailyRun.Summary) {
        let now = Date()
        summary.seconds.append((stage, now.timeIntervalSince(last)))
        last = now
        if let peak = ResidentMemory.peak() { summary.peakResidentBytes.append((stage, peak)) }
        ResidentMemory.resetPeak()
    }
}

/// The process's peak resident memory, from Linux's /proc (nothing elsewhere).
private enum ResidentMemory {
    /// The peak resident set size (`VmHWM`) since the process started or the last `resetPeak()`, in bytes.
    static func peak() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.dropFirst("VmHWM:".count).filter(\.isNumber))
        else { return nil }
        return kilobytes * 1024
    }

    /// Starts the peak again from what is resident now (writing 5 to /proc/self/clear_refs).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}

/// A file of the inbox: its format, told by its content, and its parse under way on a thread of its own; or why
/// it cannot be parsed.
private struct InboxFile {
    let name: String
    let parse: Result<(InputFormat, ReadAhead<ParsedItem>), InputError>

    init(_ name: String, folders: WorkFolders) {
        self.name = name
        let path = folders.inbox + "/" + name
        parse = Result { () throws(InputError) in
            let format = try InputDetection.detect(path)
            return (format, format.parseAhead(path))
        }
    }

    /// Stops a parse that was not taken (the ledger failed before it), so that the file is no longer being read.
    func stopReading() {
        if case .success(let (_, records)) = parse { records.stop() }
    }
}
