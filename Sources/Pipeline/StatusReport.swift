import Delivery
import Dunning
import Foundation
import Ledger
public import Receivables
import Reports
import SystemIO

/// Something that waits for a person: its kind (the metrics' `kind` label) and what to say of it, on one line.
public struct Waiting: Sendable, Equatable {
    /// The kinds the metrics count (`saatava_waiting`, 0 when none waits), in the order `saatava status` lists them
    /// after `failed_run`: a run that failed writes no metrics, which shows as an old last-success time instead.
    public static let kinds = [
        "quarantined", "payments_to_decide", "conflict", "refused_decision", "broken_plan", "delivery", "transfer_not_delivered",
        "overtaken_step", "journal_unbalanced",
    ]

    public let kind: String
    public let text: String
    /// How many things the line stands for (payments to decide, files waiting for one destination).
    public let count: Int

    /// What waits in the working directory: what stays until a person acts (a failed last run, quarantined files,
    /// payments to decide, files not delivered) and what the last finished run told once (conflicts, refused
    /// decisions files, broken plans, a transfer with no agency to send it to).
    /// - Parameters:
    ///   - toDecide: How many payments wait for the accountant and their money per currency, when the caller has them
    ///     already (the run's write stage read them); else they are read from the ledger.
    ///   - journalOfRun: After a run, its id: the journal is checked as a run can afford (`Ledger.journalTotals`);
    ///     else (status) every check is made over the whole journal.
    static func read(
        ledger: Ledger, folders: WorkFolders, config: RunConfig, runs: [RunView],
        toDecide known: (count: Int, sums: [Currency: Int64])? = nil, journalOfRun: Int64? = nil
    ) throws -> [Waiting] {
        var waiting: [Waiting] = []
        if let latest = runs.first, latest.status == .failed {
            waiting.append(Waiting(kind: "failed_run", text: "the last run (\(latest.asOf)) failed with exit "
                + "\(latest.exitCode.map(String.init) ?? "?"): " + (latest.problem ?? "no reason recorded"), count: 1))
        }
        waiting += try quarantined(folders)
        let toDecide = try known ?? paymentsToDecide(ledger)
        if toDecide.count > 0 {
            let money = toDecide.sums.sorted { $0.key.code < $1.key.code }
                .map { Amount(minorUnits: $0.value, currency: $0.key).description }
            waiting.append(Waiting(kind: "payments_to_decide", text: "\(toDecide.count) payment(s) to decide "
                + "(\(money.joined(separator: ", "))): saatava ledger payments --status unmatched", count: toDecide.count))
        }
        let lastFinished = runs.first { $0.status == .finished }
        if let lastFinished {
            for finding in try ledger.findings(ofRun: lastFinished.id) {
                waiting.append(Waiting(kind: finding.kind.rawValue, text: "\(words(finding.kind)) in the run of \(lastFinished.asOf): "
                    + "\(finding.subject): \(finding.detail)", count: 1))
            }
        }
        let undelivered = try ledger.deliveryViews().filter { $0.status == "pending" || $0.status == "failed" }
        // A withheld file waits for a person, not for the server: each is told with its reason.
        let isWithheld = { (view: DeliveryView) in view.lastError?.hasPrefix(Deliverer.withheld) == true }
        for file in undelivered where isWithheld(file) {
            waiting.append(Waiting(kind: "delivery", text: "\(file.file) not delivered to \(file.destination), "
                + (file.lastError ?? ""), count: 1))
        }
        let tried = undelivered.filter { !isWithheld($0) }
        for destination in Set(tried.map(\.destination)).sorted() {
            let files = tried.filter { $0.destination == destination }
            let lastError = files.compactMap(\.lastError).last
            waiting.append(Waiting(kind: "delivery", text: "\(files.count) file(s) waiting for delivery to \(destination), the "
                + "oldest \(files[0].file)" + (lastError.map { "; last error: \($0)" } ?? "") + " ('saatava deliver' tries again now)",
                count: files.count))
        }
        if let lastFinished, !config.delivery.contains(where: { $0.name == "agency" }) {
            let transferred = try ledger.transferCount(on: lastFinished.asOf)
            if transferred > 0 {
                waiting.append(Waiting(kind: "transfer_not_delivered", text: "\(transferred) invoice(s) transferred to "
                    + "collection on \(lastFinished.asOf), not delivered (no 'agency' in the config's delivery): send "
                    + "outbox/\(lastFinished.asOf)/collection/ to the agency", count: transferred))
            }
        }
        if let latest = runs.first {
            // The day's steps whose documents must not go out: money came, or a hold, since (a run or a decision).
            for step in try ledger.stepsOvertaken(on: latest.asOf) {
                let found = DunningStage.located(step, on: latest.asOf, folders: folders, besides: "")
                let text = DunningStage.doNotSend(found, of: "\(latest.asOf)")
                waiting.append(Waiting(kind: "overtaken_step", text: text, count: 1))
            }
        }
        let balance = try journalOfRun.map(ledger.journalTotals(ofRun:)) ?? ledger.journalBalance()
        if !balance.isBalanced {
            waiting.append(Waiting(kind: "journal_unbalanced", text: "the journal does not balance: "
                + JournalCheck.describe(balance, accounts: config.journal) + " (docs/journal.md says what each figure is)",
                count: 1))
        }
        return waiting
    }

    /// How many payments wait for the accountant, and their money not applied per currency.
    private static func paymentsToDecide(_ ledger: Ledger) throws -> (count: Int, sums: [Currency: Int64]) {
        let payments = try ledger.paymentViews(onlyToDecide: true)
        var sums: [Currency: Int64] = [:]
        for payment in payments { sums[payment.currency] = addingSaturated(sums[payment.currency] ?? 0, payment.unapplied) }
        return (payments.count, sums)
    }

    private static func words(_ kind: RunFinding.Kind) -> String {
        switch kind {
        case .conflict: "conflicting re-delivery"
        case .refusedDecision: "refused decisions file"
        case .brokenPlan: "broken payment plan"
        }
    }

    /// Each file in quarantine/ (input files and refused decisions files stay there until a person moves them).
    static func quarantined(_ folders: WorkFolders) throws -> [Waiting] {
        guard FileManager.default.fileExists(atPath: folders.quarantine) else { return [] }
        return try folders.quarantined().map { file in
            let firstLine = file.reason.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            return Waiting(kind: "quarantined", text: "quarantined: \(file.file): \(firstLine)", count: 1)
        }
    }
}

/// `saatava status`: the last runs, what waits for a person, and what the next run will issue, read from the working
/// directory without changing it (the run lock only tested, nothing created).
public struct StatusReport: Sendable {
    /// The working directory reported on.
    public let workdir: String
    /// The latest runs, newest first.
    public let runs: [RunView]
    /// The runs recorded as running that are not (no process holds the run lock, or a later run came): killed, or
    /// failed in a way that could not be recorded, such as a full disk.
    public let stopped: Set<Int64>
    /// Each thing that waits for a person.
    public let waiting: [Waiting]
    /// The journal's balance checks (docs/journal.md); nil before the first run.
    public let journal: JournalBalance?
    /// The day after the last run, and what dunning would issue then as the ledger stands; nil before the first run.
    public let next: (day: LocalDate, reminders: Int, transfers: Int, off: DunningOff?)?

    /// How many runs the report lists.
    static let runsShown = 7

    /// Reads the working directory of `config`.
    /// - Parameter nextDay: The day to foresee dunning for (default: the day after the last run).
    /// - Throws: `DailyRun.RunError`: `noInput` when the working directory does not exist; a fault of the ledger.
    public static func read(config: RunConfig, nextDay: LocalDate? = nil) throws(DailyRun.RunError) -> StatusReport {
        let folders = WorkFolders(root: config.workdir)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folders.root, isDirectory: &isFolder), isFolder.boolValue else {
            throw DailyRun.RunError(kind: .noInput, description: "\(folders.root): the working directory does not exist")
        }
        return try DailyRun.faultsNamed {
            guard FileManager.default.fileExists(atPath: folders.ledger) else {
                return StatusReport(workdir: folders.root, runs: [], stopped: [],
                                    waiting: try Waiting.quarantined(folders), journal: nil, next: nil)
            }
            let ledger = try Workspace.ledger(config: config)
            var runs = try ledger.lastRuns(limit: runsShown)
            var stopped = Self.stopped(runs, lock: folders.lock)
            if let latest = runs.first, stopped.contains(latest.id) {
                // It may have finished between the reading of the runs and the test of the lock: read them again.
                runs = try ledger.lastRuns(limit: runsShown)
                stopped = stopped.filter { id in runs.contains { $0.id == id && $0.status == .running } }
            }
            var waiting = try Waiting.read(ledger: ledger, folders: folders, config: config, runs: runs)
            if let latest = runs.first, stopped.contains(latest.id) {
                waiting.insert(Waiting(kind: "failed_run", text: "the last run (\(latest.asOf)) stopped before it "
                    + "finished: killed, or it failed and could not record why (a full disk?); its log says more, and "
                    + "the next run takes up what it left", count: 1), at: 0)
            }
            let journal = try ledger.journalBalance()
            guard let day = nextDay ?? runs.first.map({ $0.asOf.adding(days: 1) }) else {
                return StatusReport(workdir: folders.root, runs: runs, stopped: stopped, waiting: waiting,
                                    journal: journal, next: nil)
            }
            guard let creditor = config.creditor else {
                return StatusReport(
                    workdir: folders.root, runs: runs, stopped: stopped, waiting: waiting, journal: journal,
                    next: (day, 0, 0, .noCreditor))
            }
            var reminders = 0
            var transfers = 0
            let decided = try DunningStage.decisions(on: day, ledger: ledger, policy: config.dunning,
                                                     creditor: creditor,
                                                     filesInQuarantine: try DunningStage.filesInQuarantine(folders))
            for decision in decided.decisions {
                switch decision.outcome {
                case .remind: reminders += 1
                case .transfer: transfers += 1
                case .wait: break
                }
            }
            return StatusReport(
                workdir: folders.root, runs: runs, stopped: stopped, waiting: waiting, journal: journal,
                next: (day, reminders, transfers, nil))
        }
    }

    /// The runs of `runs` (newest first) recorded as running that are not: all but the newest, as one run goes at a
    /// time, and the newest too when no process holds the run lock (`lock`), or another command does (`deliver`,
    /// `resolve`, `hold`: the holder's line says which). When the lock cannot be tested, the newest is taken to be
    /// going.
    static func stopped(_ runs: [RunView], lock: String) -> Set<Int64> {
        let going = runs.first.flatMap { newest -> Int64? in
            guard newest.status == .running, RunLock.isHeld(path: lock) != false else { return nil }
            let isARun = RunLock.holder(path: lock).map { $0.hasPrefix(DailyRun.lockHolder(asOf: newest.asOf)) }
            return isARun ?? true ? newest.id : nil
        }
        return Set(runs.lazy.filter { $0.status == .running && $0.id != going }.map(\.id))
    }

    /// The report for people, one fact per line.
    public var text: String {
        var lines = ["saatava status of \(workdir)"]
        if runs.isEmpty {
            lines.append("No run yet.")
        } else {
            lines.append("Last runs:")
            for run in runs {
                var line = "  \(run.asOf)  "
                    + (stopped.contains(run.id) ? "stopped before it finished" : run.status.rawValue)
                if let code = run.exitCode { line += ", exit \(code)" }
                if let seconds = run.seconds { line += ", " + ProgressLine.seconds(seconds) }
                line += "  (started \(run.startedAt))"
                lines.append(line)
            }
        }
        if waiting.isEmpty {
            lines.append("Nothing waits for a person.")
        } else {
            lines.append("Waiting for a person (\(waiting.count)):")
            lines += waiting.map { "  " + ProgressLine(.info, $0.text).text }
        }
        if let journal {
            lines.append(journal.isBalanced
                ? "Journal: balanced (\(journal.currencies.map(\.currency.code).joined(separator: ", "))): debits equal credits, "
                    + "receivables the open items, advances the money not placed."
                : "Journal: NOT balanced: " + JournalCheck.describe(journal, accounts: nil))
        }
        if let next {
            lines.append("Next run, \(next.day): " + (next.off?.rawValue
                ?? "\(next.reminders) reminder(s) and \(next.transfers) transfer(s) to collection due, as the ledger stands."))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The journal's balance checks in words, one clause per currency.
enum JournalCheck {
    static func describe(_ balance: JournalBalance, accounts: JournalAccounts?) -> String {
        func money(_ cents: Int64, _ currency: Currency) -> String { Amount(minorUnits: cents, currency: currency).description }
        let receivables = accounts.map { "receivables (\($0.receivables))" } ?? "receivables"
        let advances = accounts.map { "advances (\($0.advances))" } ?? "advances"
        var clauses = balance.currencies.map { figures in
            let currency = figures.currency
            return "\(currency.code): debits \(money(figures.debits, currency)), credits \(money(figures.credits, currency)); "
                + "invoices booked \(money(figures.invoicesBooked, currency)) + \(receivables) "
                + "\(money(figures.receivablesPosted, currency)) against open items \(money(figures.openItems, currency)); "
                + "\(advances) \(money(figures.advancesPosted, currency)) against money not placed "
                + money(figures.advancesHeld, currency)
        }
        if balance.unbalancedVouchers > 0 { clauses.append("\(balance.unbalancedVouchers) voucher(s) do not balance") }
        return clauses.isEmpty ? "no journal lines yet" : clauses.joined(separator: "; ")
    }
}
