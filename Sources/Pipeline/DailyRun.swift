import Foundation
public import Ledger
import Matching
public import Receivables
import Reports
import SystemIO

/// `saatava run`: intake → parse → post → match → write over one working directory (DESIGN.md §1).
public enum DailyRun {
    /// What happened to one input file.
    public struct FileOutcome: Sendable {
        public let name: String
        public let kind: String
        /// posted, re-delivered (every record was booked before), conflict (posted, but some records were booked
        /// before with other content: the originals are kept) or quarantined.
        public let disposition: String
        public let records: Int
        public let booked: Int
        public let reason: String?
        /// The records received again with other content.
        public var conflicts: [Ledger.Conflict] = []
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
        /// The process's peak resident memory from its start to the end of each stage, in bytes (where the system
        /// tells it): a running peak, so never less than the stage before's; the last stage's is the run's peak.
        public var peakResidentBytes: [(stage: String, bytes: Int)] = []
        public var outbox = ""

        /// Files refused into quarantine.
        public var quarantined: [FileOutcome] { files.filter { $0.disposition == "quarantined" } }
        /// Records received again with other content than the ledger holds.
        public var conflicts: [Ledger.Conflict] { files.flatMap(\.conflicts) }
    }

    /// A run that could not start or finish, for a reason that is not the input's.
    public struct RunError: Error, CustomStringConvertible {
        /// What kind of failure: each has its exit code (DESIGN.md §3.1).
        public enum Kind: Sendable {
            /// Another run holds the lock (75).
            case busy
            /// The ledger refuses what was asked, such as a decision that would be wrong (65).
            case refused
            /// The run asks for something the ledger refuses, such as going back in time (64).
            case usage
            /// The ledger should exist and does not (66).
            case noInput
            /// An output, the archive or the lock cannot be written (73).
            case cannotCreate
            /// The ledger cannot be read or written: disk full, I/O error, corruption (74).
            case ioError
        }

        public let kind: Kind
        public let description: String
    }

    /// Runs the day.
    /// - Parameters:
    ///   - config: The pipeline config.
    ///   - asOf: The day the run is for: never earlier than the last finished run's.
    ///   - initialize: Whether a missing ledger may be created although the working directory has history.
    ///   - report: Receives progress and warnings as lines.
    public static func run(
        config: RunConfig, asOf: LocalDate, initialize: Bool = false, report: (String) -> Void
    ) throws(RunError) -> Summary {
        let folders = WorkFolders(root: config.workdir)
        return try faultsNamed {
            try Workspace.holdingTheLock(folders, holder: "saatava run as of \(asOf)") {
                let ledger = try Workspace.openLedger(folders, creating: true, initialize: initialize)
                return try run(ledger: ledger, folders: folders, config: config, asOf: asOf, report: report)
            }
        }
    }

    /// Runs `body`, telling a failure of the ledger (74) from one of the file system (73).
    static func faultsNamed<T>(_ body: () throws -> T) throws(RunError) -> T {
        do {
            return try body()
        } catch let error as RunError {
            throw error
        } catch let error as LedgerError {
            throw RunError(kind: .ioError, description: "the ledger: \(error)")
        } catch {
            throw RunError(kind: .cannotCreate, description: "\(error)")
        }
    }

    private static func run(
        ledger: Ledger, folders: WorkFolders, config: RunConfig, asOf: LocalDate, report: (String) -> Void
    ) throws -> Summary {
        if let last = try ledger.lastFinishedRun(), asOf < last {
            throw RunError(kind: .usage, description: "the ledger has a finished run as of \(last): a run as of \(asOf) "
                + "would go back in time (runs move forward)")
        }
        var summary = Summary(asOf: asOf)
        var clock = StageClock()
        let run = try ledger.startRun(asOf: asOf, at: ISO8601DateFormatter().string(from: Date()))
        do {
            try stages(ledger: ledger, run: run, folders: folders, config: config, summary: &summary, clock: &clock, report: report)
        } catch {
            try? ledger.failRun(run, at: ISO8601DateFormatter().string(from: Date()))
            throw error
        }
        return summary
    }

    private static func stages(
        ledger: Ledger, run: Int64, folders: WorkFolders, config: RunConfig, summary: inout Summary, clock: inout StageClock,
        report: (String) -> Void
    ) throws {
        let asOf = summary.asOf
        // Intake, parse, post: one transaction per file; what cannot be read goes to quarantine with its reason.
        // Each file is parsed on a thread of its own, started while the file before it is being booked.
        let names = try folders.inboxFiles()
        var upcoming = names.first.map { InboxFile($0, folders: folders) }
        for index in names.indices {
            let file = upcoming!
            upcoming = index + 1 < names.count ? InboxFile(names[index + 1], folders: folders) : nil
            do {
                summary.files.append(try post(file, folders: folders, ledger: ledger, run: run, asOf: asOf, report: report))
            } catch {
                upcoming?.stopReading()
                throw error
            }
        }
        summary.invoicesBooked = summary.files.filter { $0.kind == "finvoice" }.reduce(0) { $0 + $1.booked }
        summary.paymentsBooked = summary.files.filter { $0.kind != "finvoice" }.reduce(0) { $0 + $1.booked }
        clock.lap("intake, parse and post", into: &summary)

        // The accountant's decisions, dropped as CSV in inbox/decisions/.
        for name in try folders.decisionFiles() {
            try applyDecisions(name, folders: folders, ledger: ledger, run: run, summary: &summary)
        }
        for refusal in summary.decisionErrors { report(refusal) }
        clock.lap("decisions", into: &summary)

        summary.amountMatched = try match(ledger: ledger, run: run, autoApply: config.autoApply)
        clock.lap("match", into: &summary)

        let payments = try ledger.paymentViews(onlyToDecide: true)
        for payment in payments {
            let reason = payment.reason?.rawValue ?? "none"
            summary.unappliedByReason[reason, default: [:]][payment.currency] =
                addingSaturated(summary.unappliedByReason[reason]?[payment.currency] ?? 0, payment.unapplied)
        }
        let outbox = try folders.outbox(for: asOf)
        try AtomicFile.write(AccountantReport.unmatchedCSV(payments), to: outbox + "/unmatched-payments.csv")
        try AtomicFile.write(
            AccountantReport.html(asOf: asOf, toDecide: payments, received: try ledger.receivedTotals(on: asOf),
                                  open: try ledger.openInvoiceTotals(), credits: try ledger.customerCredits(),
                                  quarantined: try folders.quarantined(),
                                  problems: summary.conflicts.map(\.description) + summary.decisionErrors),
            to: outbox + "/report.html")
        clock.lap("write", into: &summary)
        summary.outbox = outbox
        try AtomicFile.write(RunSummaryJSON.render(summary), to: outbox + "/run-summary.json")
        try ledger.finishRun(run, at: ISO8601DateFormatter().string(from: Date()))
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
                priorPayments: input.priorPayments, bookedCreditNotes: input.bookedCreditNotes)
        }
        let result = try pass()
        try ledger.apply(result, run: run)
        var matched: [Currency: Int64] = [:]
        for allocation in result.allocations {
            matched[allocation.currency] = addingSaturated(matched[allocation.currency] ?? 0, allocation.amount)
        }
        return matched
    }

    /// Posts one file, or quarantines it when it cannot be read. A failure of the ledger, the archive or the
    /// quarantine is no fault of the file's: it is thrown, and the file stays in the inbox.
    private static func post(
        _ file: InboxFile, folders: WorkFolders, ledger: Ledger, run: Int64, asOf: LocalDate, report: (String) -> Void
    ) throws -> FileOutcome {
        var kind = "unknown"
        let posted: Ledger.Posted
        do {
            let (format, records) = try file.parse.get()
            kind = format.rawValue
            posted = try ledger.post(fileNamed: file.name, kind: kind, run: run) { posting in
                try records.consume { item in
                    switch item {
                    case .payment(let payment): try posting.add(payment)
                    case .invoice(let invoice): try posting.add(invoice)
                    case .diagnostic(let diagnostic): report(diagnostic.description)
                    }
                }
            }
        } catch let fault as LedgerError {
            file.stopReading()
            throw fault
        } catch {
            var reason = "\(error)"
            if kind == "unknown" && file.name.lowercased().hasSuffix(".csv") {
                reason += " (an accountant's decisions CSV belongs in inbox/decisions/)"
            }
            report(reason)
            file.stopReading()
            try folders.quarantine(file.name, reason: reason)
            return FileOutcome(name: file.name, kind: kind, disposition: "quarantined", records: 0, booked: 0, reason: reason)
        }
        try folders.archive(file.name, asOf: asOf)
        for conflict in posted.conflicts { report("\(folders.inbox)/\(file.name): \(conflict)") }
        let redelivered = posted.records > 0 && posted.booked == 0
        let disposition = !posted.conflicts.isEmpty ? "conflict" : (redelivered ? "re-delivered" : "posted")
        let reason = !posted.conflicts.isEmpty ? "\(posted.conflicts.count) record(s) booked before with other content: kept as booked"
            : (redelivered ? "every record in it was booked before" : nil)
        return FileOutcome(name: file.name, kind: kind, disposition: disposition, records: posted.records, booked: posted.booked,
                           reason: reason, conflicts: posted.conflicts)
    }

    /// Applies a decisions CSV: all of it, or (when a line is refused) none of it, the file then quarantined with
    /// the refusal. Only a failure to move the file is thrown.
    private static func applyDecisions(
        _ name: String, folders: WorkFolders, ledger: Ledger, run: Int64, summary: inout Summary
    ) throws {
        let path = folders.decisions + "/" + name
        do {
            let decisions = try DecisionsCSV.read(path)
            try ledger.applyAll(decisions, source: "decisions/\(name)", run: run)
            summary.decisions += decisions.count
        } catch let fault as LedgerError {
            throw fault
        } catch {
            let refusal = "\(error) (nothing of \(name) was applied: correct it and drop it in inbox/decisions/ again)"
            summary.decisionErrors.append(refusal)
            try folders.quarantine(name, from: folders.decisions, reason: refusal)
            return
        }
        try folders.archive(name, from: folders.decisions, asOf: summary.asOf)
    }
}

/// Wall time of each stage, and the process's peak resident memory so far at the end of each stage.
///
/// The peak is never started afresh (that would take writing /proc/self/clear_refs, which makes outside tools such
/// as /usr/bin/time under-report the process's peak): a stage's figure is the running peak up to its end, and the
/// stage that raised the peak is the first whose figure is the highest.
private struct StageClock {
    private var last = Date()

    mutating func lap(_ stage: String, into summary: inout DailyRun.Summary) {
        let now = Date()
        summary.seconds.append((stage, now.timeIntervalSince(last)))
        last = now
        if let peak = ResidentMemory.peakBytes() { summary.peakResidentBytes.append((stage, peak)) }
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
