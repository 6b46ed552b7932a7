import Foundation
public import Ledger
public import Receivables
import SystemIO

/// `saatava run`: intake → parse → post → match → write over one working directory (docs/design.md, "The way data flows").
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
        /// The decisions applied, as applied (the page lists them, and what is to be refunded).
        public var decided: [AppliedDecision] = []
        public var decisionErrors: [String] = []
        /// Holds added or released by holds CSVs.
        public var holdChanges = 0
        /// The holds the run ended, each as `hold 3 (plan on invoice INV1) ended: instalment of 2026-12-01 missed`.
        public var holdsEnded: [String] = []
        public var invoicesBooked = 0
        public var paymentsBooked = 0
        /// Money applied to invoices by this run, by currency.
        public var amountMatched: [Currency: Int64] = [:]
        /// Money not applied, by reason and currency (never summed across currencies).
        public var unappliedByReason: [String: [Currency: Int64]] = [:]
        /// Payments in the ledger with money the accountant must place (as the day's report lists them).
        public var paymentsToDecide = 0
        public var seconds: [(stage: String, seconds: Double)] = []
        /// The process's peak resident memory from its start to the end of each stage, in bytes (where the system
        /// tells it): a running peak, so never less than the stage before's; the last stage's is the run's peak.
        public var peakResidentBytes: [(stage: String, bytes: Int)] = []
        public var outbox = ""
        /// What dunning did: reminders and transfers issued, and why the other overdue invoices waited.
        public var dunning = DunningSummary(reminders: 0, transfers: 0, waiting: [:], off: nil)
        /// How many allocations matching made, and how many payments they placed money of.
        public var allocationCount = 0
        public var paymentsPlaced = 0
        /// What matching placed, by payment archive id: kept only in a dry run, for its account of itself (a big day's
        /// are too many to hold for nothing).
        public var allocations: [(archiveId: String, invoiceNumber: String, amount: Amount, rule: MatchRule)] = []
        /// The reminders and transfers issued (a transfer's `ReminderView` has action collection).
        public var steps: [(reminder: ReminderView, isTransfer: Bool)] = []
        /// What delivery did: files delivered, files waiting and why.
        public var delivery = DeliverySummary()
        /// The parsers' located warnings about the files booked (`FILE:LINE:COL: warning: …`), in the order met.
        public var warnings: [String] = []
        /// The archive days whose folders the run deleted under the config's `retention`, oldest first.
        public var archiveDaysDeleted: [LocalDate] = []
        /// What the run tells a person once (conflicts, refused decisions, broken plans), kept in the ledger with it.
        public var findings: [RunFinding] = []

        /// Files refused into quarantine.
        public var quarantined: [FileOutcome] { files.filter { $0.disposition == "quarantined" } }
        /// Records received again with other content than the ledger holds.
        public var conflicts: [Ledger.Conflict] { files.flatMap(\.conflicts) }

        /// The run's exit code, the lowest non-zero one that applies (docs/design.md): 64 a delivery destination
        /// refused, 65 a person must look (a file quarantined, a conflicting re-delivery, a decisions file refused),
        /// 75 a server to try again later, else 0.
        public var exitCode: Int32 {
            if delivery.isRefused { return 64 }
            if !quarantined.isEmpty || !conflicts.isEmpty || !decisionErrors.isEmpty { return 65 }
            return delivery.isToTryAgain ? 75 : 0
        }
    }

    /// What the dunning stage did.
    public struct DunningSummary: Sendable {
        public var reminders: Int
        public var transfers: Int
        /// How many overdue invoices waited, by reason (`WaitReason.code`: `not_yet_due`, `on_hold`, `below_minimum`, …).
        public var waiting: [String: Int]
        /// Why dunning did not run at all, if it did not.
        public var off: DunningOff?
        /// The rule that set each reminder's fee, by invoice number.
        public var feeRules: [String: FeeRule] = [:]
        /// The names of the customers of the day's steps, by customer key.
        public var customerNames: [String: String] = [:]
        /// The last day the reference-rate table covers, when penalty interest claimed today stopped there (it ends
        /// before today: a later half-year's rate is missing from the config).
        public var interestCutShortAfter: LocalDate?
        /// Steps earlier runs issued today that the ledger has since overtaken (their files found in the outbox).
        public var overtaken: [OvertakenStep] = []
    }

    /// A run that could not start or finish, for a reason that is not the input's.
    public struct RunError: Error, CustomStringConvertible {
        /// What kind of failure, by its exit code (docs/design.md).
        public enum Kind: Int32, Sendable {
            /// Another run holds the lock (75).
            case busy = 75
            /// The ledger refuses what was asked, such as a decision that would be wrong (65).
            case refused = 65
            /// The run asks for something the ledger refuses, such as going back in time (64).
            case usage = 64
            /// The ledger should exist and does not (66).
            case noInput = 66
            /// An output, the archive or the lock cannot be written (73).
            case cannotCreate = 73
            /// The ledger cannot be read or written: disk full, I/O error, corruption (74).
            case ioError = 74
        }

        public let kind: Kind
        public let description: String
    }

    /// The stages of a run, in order. Each reads what it needs from the run's context and adds its outcome to the
    /// day's summary; dunning, delivery and the journal come as stages of their own.
    static let stages: [any RunStage] = [IntakeStage(), DecisionsStage(), MatchStage(), HoldsStage(), DunningStage(), DeliverStage(),
                                          WriteStage(), RetentionStage()]

    /// How a run as of `asOf` names itself in the run lock's file (`RunLock`).
    static func lockHolder(asOf: LocalDate) -> String { "saatava run as of \(asOf)" }

    /// How many days after both today and the last finished run a run may be as of without `allowFarAhead`.
    public static let farAheadDays = 31

    /// Refuses a run as of `asOf` when it is more than `farAheadDays` after both `today` and the last finished run's
    /// day (`last`, nil before the first run).
    private static func refuseFarAhead(_ asOf: LocalDate, last: LocalDate?, today: LocalDate) throws(RunError) {
        guard asOf > max(today, last ?? today).adding(days: farAheadDays) else { return }
        throw RunError(kind: .usage, description: "a run as of \(asOf) is more than \(farAheadDays) days after "
            + "today (\(today))" + (last.map { " and the last run (\($0))" } ?? "") + ": it would remind and "
            + "transfer to collection as of that day, and no later run could go back before it. Check the "
            + "date; to run so far ahead (a simulation), add --allow-far-ahead")
    }

    /// Runs the day.
    /// - Parameters:
    ///   - config: The pipeline config.
    ///   - asOf: The day the run is for (default: the clock's today): never earlier than the last finished run's, nor
    ///     more than `farAheadDays` after both today and it unless `allowFarAhead`.
    ///   - initialize: Whether a missing ledger may be created although the working directory has history.
    ///   - clock: What time it is: the run's timestamps and its default day.
    ///   - dryRun: Whether to only find out what the run would do: under the lock, nothing is kept in the ledger,
    ///     no file is moved and no output written; the summary says what would have been done.
    ///   - rematchAll: Whether matching reads every payment still waiting and every open invoice, not only what the
    ///     day touches (`saatava run --rematch-all`).
    ///   - matchingPartSize: How many payments not placed yet one matching pass places at most (more are matched a
    ///     part at a time: `Ledger.matchDay`); nil for `Ledger.matchingPartSize`.
    ///   - allowFarAhead: Whether a run may be as of a day more than `farAheadDays` after both today and the last
    ///     finished run (a simulation; in production a mistyped year, which would remind and transfer as of then and
    ///     keep every later run from going back).
    ///   - report: Receives progress (a line per file and per stage), warnings and refusals, as they happen.
    public static func run(
        config: RunConfig, asOf: LocalDate? = nil, initialize: Bool = false, clock: any RunClock = SystemClock(),
        dryRun: Bool = false, rematchAll: Bool = false, matchingPartSize: Int? = nil, allowFarAhead: Bool = false,
        report: @escaping (ProgressLine) -> Void
    ) throws(RunError) -> Summary {
        let folders = WorkFolders(root: config.workdir)
        let asOf = asOf ?? clock.today
        let partSize = matchingPartSize ?? Ledger.matchingPartSize
        if dryRun && !FileManager.default.fileExists(atPath: folders.ledger) {
            throw RunError(kind: .noInput, description: "\(folders.ledger): there is no ledger yet; a dry run changes nothing, "
                + "so it cannot start one")
        }
        let checksTheDay = !dryRun && !allowFarAhead
        // A first run's day is checked before anything is created.
        if checksTheDay && !FileManager.default.fileExists(atPath: folders.ledger) {
            try refuseFarAhead(asOf, last: nil, today: clock.today)
        }
        return try faultsNamed {
            try Workspace.holdingTheLock(folders, holder: lockHolder(asOf: asOf)) {
                let ledger = try Workspace.openLedger(
                    folders, config: config, creating: !dryRun, initialize: initialize)
                let last = try ledger.lastFinishedRun()
                if let last, asOf < last {
                    throw RunError(kind: .usage, description: "the ledger has a finished run as of \(last): a run as of "
                        + "\(asOf) would go back in time (runs move forward)")
                }
                if checksTheDay { try refuseFarAhead(asOf, last: last, today: clock.today) }
                if dryRun {
                    return try ledger.withoutKeeping {
                        let run = try ledger.startRun(asOf: asOf, at: clock.timestamp)
                        var context = RunContext(ledger: ledger, folders: folders, config: config, run: run, clock: clock,
                                                 summary: Summary(asOf: asOf), report: report, isDryRun: true,
                                                 matching: rematchAll ? .everything : .touched,
                                                 matchingPartSize: partSize)
                        for stage in stages where stage.changesMoreThanTheLedger == false { try stage.run(&context) }
                        return context.summary
                    }
                }
                let run = try ledger.startRun(asOf: asOf, at: clock.timestamp)
                report(ProgressLine(.info, "run \(run) as of \(asOf) started in \(folders.root)"))
                var context = RunContext(ledger: ledger, folders: folders, config: config, run: run, clock: clock,
                                         summary: Summary(asOf: asOf), report: report, isDryRun: false,
                                         matching: rematchAll ? .everything : .touched, matchingPartSize: partSize)
                var timing = StageClock()
                do {
                    for stage in stages {
                        try stage.run(&context)
                        let seconds = timing.lap(stage.name, into: &context.summary)
                        report(ProgressLine(.info, "stage \(stage.name): \(stage.counts(context.summary)), "
                            + "\(ProgressLine.seconds(seconds))"))
                    }
                    try AtomicFile.write(RunSummaryJSON.render(context.summary), to: context.summary.outbox + "/run-summary.json")
                    try ledger.finishRun(run, at: clock.timestamp, exitCode: context.summary.exitCode, seconds: timing.total,
                                         findings: context.summary.findings)
                    Metrics.write(context.summary, runSeconds: timing.total, ledger: ledger, folders: folders, config: config,
                                  clock: clock, report: report)
                } catch {
                    let failure = runError(error)
                    try? ledger.failRun(run, at: clock.timestamp, exitCode: failure.kind.rawValue, problem: failure.description)
                    throw error
                }
                return context.summary
            }
        }
    }

    /// Runs `body`, telling a failure of the ledger (74) from one of the file system (73).
    static func faultsNamed<T>(_ body: () throws -> T) throws(RunError) -> T {
        do {
            return try body()
        } catch {
            throw runError(error)
        }
    }

    /// What a failure is, by whose fault: the ledger's (74) or the file system's (73), unless it says so itself.
    private static func runError(_ error: any Error) -> RunError {
        switch error {
        case let error as RunError: error
        case let error as LedgerError: RunError(kind: .ioError, description: "the ledger: \(error)")
        default: RunError(kind: .cannotCreate, description: described(error))
        }
    }

    /// An error in words: Foundation's file errors as `PATH: reason`, the reason the system's sentence for the error
    /// number where there is one (not Foundation's dump of the error's domain and user info); others as they describe
    /// themselves.
    public static func described(_ error: any Error) -> String {
        guard let error = error as? CocoaError else { return "\(error)" }
        let reason = (error.underlying as? POSIXError).map { Errno(rawValue: $0.code.rawValue).description }
            ?? error.localizedDescription
        return error.filePath.map { "\($0): \(reason)" } ?? reason
    }
}

/// Wall time of each stage, and the process's peak resident memory so far at the end of each stage.
///
/// The peak is never started afresh (that would take writing /proc/self/clear_refs, which makes outside tools such
/// as /usr/bin/time under-report the process's peak): a stage's figure is the running peak up to its end, and the
/// stage that raised the peak is the first whose figure is the highest.
private struct StageClock {
    private let start = Date()
    private var last = Date()

    /// The seconds since the run began.
    var total: Double { Date().timeIntervalSince(start) }

    /// Notes the stage's seconds and the peak so far in the summary, and returns the seconds.
    mutating func lap(_ stage: String, into summary: inout DailyRun.Summary) -> Double {
        let now = Date()
        let seconds = now.timeIntervalSince(last)
        summary.seconds.append((stage, seconds))
        last = now
        if let peak = ResidentMemory.peakBytes() { summary.peakResidentBytes.append((stage, peak)) }
        return seconds
    }
}

/// A file of the inbox: its format, told by its content, and its parse under way on a thread of its own; or why
/// it cannot be parsed.
struct InboxFile {
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
