import Foundation
import Ledger
import Matching
import Receivables
import Reports
import SystemIO

/// One stage of the daily run: a value that reads what it needs from the run's context and adds its outcome to the
/// day's summary. A stage that throws stops the run; what it throws says whose fault it is (`DailyRun.RunError`).
protocol RunStage: Sendable {
    /// The stage's name in run-summary.json (`durationSeconds`, `peakResidentMegabytes`).
    var name: String { get }
    /// Whether it only writes outputs for people, so that a dry run leaves it out.
    var changesMoreThanTheLedger: Bool { get }
    func run(_ context: inout RunContext) throws
    /// What the stage did, in a few words for its progress line (`3 file(s): 120 invoice(s) … booked`).
    func counts(_ summary: DailyRun.Summary) -> String
}

/// What the stages of one run share: the ledger and the working directory, the config, the run's id and day, the
/// summary they fill in, and where warnings go.
struct RunContext {
    let ledger: Ledger
    let folders: WorkFolders
    let config: RunConfig
    /// The run's id in the ledger.
    let run: Int64
    /// What time it is (a released hold's `released_at`).
    let clock: any RunClock
    var summary: DailyRun.Summary
    /// Receives each line as it happens (stderr, for `saatava run`).
    let report: (ProgressLine) -> Void
    /// A dry run: the ledger's changes are undone afterwards; no file is moved.
    let isDryRun: Bool
    /// Which payments and invoices matching reads.
    let matching: Ledger.MatchingScope
    /// How many payments not placed yet one matching pass places at most (`Ledger.matchingPartSize`).
    let matchingPartSize: Int

    var asOf: LocalDate { summary.asOf }

    /// The day's output folder, made on first use: outbox/<day>/, or run-<n>/ beside an earlier run's outputs.
    mutating func outbox() throws -> String {
        if summary.outbox.isEmpty { summary.outbox = try folders.outbox(for: asOf) }
        return summary.outbox
    }

    /// A located warning about a file that was booked: said at once, and kept for run-summary.json and report.html.
    mutating func warn(_ line: String) {
        report(ProgressLine(.warning, line))
        summary.warnings.append(line)
    }

    /// Something a person must look at (a refused file, a conflict): said at once as an error, and kept with the run
    /// in the ledger when it is a `finding`.
    mutating func flag(_ line: String, finding: RunFinding? = nil) {
        report(ProgressLine(.error, line))
        if let finding { summary.findings.append(finding) }
    }
}

/// Intake, parse and post: each inbox file in one transaction, parsed on a thread of its own while the file before
/// it is booked; a file that cannot be read goes to quarantine with its reason. A failure of the ledger, the archive
/// or the quarantine is no fault of the file's: it stops the run, and the file stays in the inbox.
struct IntakeStage: RunStage {
    let name = "intake, parse and post"
    let changesMoreThanTheLedger = false

    func run(_ context: inout RunContext) throws {
        // Statements after notifications: a camt.053 entry that a camt.054 of the same run notified books nothing only
        // when the notification is posted first.
        let folders = context.folders
        let listed = try folders.inboxFiles()
        let isStatement = listed.map { (try? InputDetection.detect(folders.inbox + "/" + $0)) == .camt053 }
        let names = zip(listed, isStatement).filter { !$1 }.map(\.0) + zip(listed, isStatement).filter { $1 }.map(\.0)
        var upcoming = names.first.map { InboxFile($0, folders: context.folders) }
        for index in names.indices {
            let file = upcoming!
            upcoming = index + 1 < names.count ? InboxFile(names[index + 1], folders: context.folders) : nil
            do {
                context.summary.files.append(try post(file, &context))
            } catch {
                upcoming?.stopReading()
                throw error
            }
        }
        let files = context.summary.files
        context.summary.invoicesBooked = files.filter { $0.kind == "finvoice" }.reduce(0) { $0 + $1.booked }
        context.summary.paymentsBooked = files.filter { $0.kind != "finvoice" }.reduce(0) { $0 + $1.booked }
        // Another company's invoices in the operator's batch: kept, never reminded; said the day they arrive.
        if let creditor = context.config.creditor?.businessId, context.summary.invoicesBooked > 0 {
            let others = try context.ledger.otherSellers(bookedBy: context.run)
            for (seller, count) in others {
                context.warn("\(count) invoice(s) booked name the seller \(seller), not the creditor \(creditor): "
                    + "they are kept in the ledger and never reminded")
            }
        }
    }

    func counts(_ summary: DailyRun.Summary) -> String {
        "\(summary.files.count) file(s): \(summary.invoicesBooked) invoice(s) and \(summary.paymentsBooked) payment(s) booked, "
            + "\(summary.quarantined.count) quarantined, \(summary.conflicts.count) conflicting record(s) kept out"
    }

    /// Posts one file and says what became of it in one progress line.
    private func post(_ file: InboxFile, _ context: inout RunContext) throws -> DailyRun.FileOutcome {
        let started = Date()
        let outcome = try book(file, &context)
        let line = "file \(outcome.name) (\(outcome.kind)): \(outcome.records) record(s), \(outcome.booked) booked, "
            + "\(outcome.disposition), \(ProgressLine.seconds(Date().timeIntervalSince(started)))"
        context.report(ProgressLine(outcome.disposition == "quarantined" || outcome.disposition == "conflict" ? .error : .info, line))
        return outcome
    }

    private func book(_ file: InboxFile, _ context: inout RunContext) throws -> DailyRun.FileOutcome {
        var kind = "unknown"
        let posted: Ledger.Posted
        var warnings: [String] = []
        do {
            let (format, records) = try file.parse.get()
            kind = format.rawValue
            posted = try context.ledger.post(fileNamed: file.name, kind: kind, run: context.run) { posting in
                try records.consume { item in
                    switch item {
                    case .payment(let payment): try posting.add(payment)
                    case .invoice(let invoice): try posting.add(invoice)
                    case .diagnostic(let diagnostic): warnings.append(diagnostic.description)
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
            context.flag(reason)
            file.stopReading()
            if !context.isDryRun { try context.folders.quarantine(file.name, reason: reason) }
            return DailyRun.FileOutcome(name: file.name, kind: kind, disposition: "quarantined", records: 0, booked: 0, reason: reason)
        }
        for warning in warnings { context.warn(warning) }
        if !context.isDryRun { try context.folders.archive(file.name, asOf: context.asOf) }
        for conflict in posted.conflicts {
            context.flag("\(context.folders.inbox)/\(file.name): \(conflict)",
                         finding: RunFinding(.conflict, subject: file.name, detail: "\(conflict)"))
        }
        let redelivered = posted.records > 0 && posted.booked == 0
        let disposition = !posted.conflicts.isEmpty ? "conflict" : (redelivered ? "re-delivered" : "posted")
        let reason = !posted.conflicts.isEmpty ? "\(posted.conflicts.count) record(s) booked before with other content: kept as booked"
            : (redelivered ? "every record in it was booked before" : nil)
        return DailyRun.FileOutcome(name: file.name, kind: kind, disposition: disposition, records: posted.records,
                                    booked: posted.booked, reason: reason, conflicts: posted.conflicts)
    }
}

/// The accountant's decisions, dropped as CSV in inbox/decisions/: on payments, or holds (`holds*.csv`). Each file
/// applied whole, or (when a line is refused) not at all, the file then quarantined with the refusal.
struct DecisionsStage: RunStage {
    let name = "decisions"
    let changesMoreThanTheLedger = false

    func run(_ context: inout RunContext) throws {
        for file in try context.folders.decisionFiles() {
            let path = context.folders.decisions + "/" + file
            // Named as the ledger keeps its decisions' source, in every message about it.
            let source = "decisions/\(file)"
            do {
                guard file.lowercased().hasSuffix(".csv") else {
                    throw DecisionsCSV.FormatError(description: "\(source): decisions are read from CSV files (.csv): "
                                                   + "save the list as CSV (in Excel: CSV UTF-8)")
                }
                if HoldsCSV.isHoldsFile(file) {
                    let rows = try HoldsCSV.read(path, named: source)
                    try context.ledger.applyAll(rows, source: source, run: context.run, at: context.clock.timestamp)
                    context.summary.holdChanges += rows.count
                } else {
                    let decisions = try DecisionsCSV.read(path, named: source)
                    let applied = try context.ledger.applyAll(decisions, source: source, run: context.run)
                    context.summary.decisions += decisions.count
                    context.summary.decided += applied
                }
            } catch let fault as LedgerError {
                throw fault
            } catch {
                let refusal = "\(error) (nothing of \(file) was applied: correct it and drop it in inbox/decisions/ again)"
                context.summary.decisionErrors.append(refusal)
                context.flag(refusal, finding: RunFinding(.refusedDecision, subject: "decisions/\(file)", detail: refusal))
                if !context.isDryRun { try context.folders.quarantine(file, from: context.folders.decisions, reason: refusal) }
                continue
            }
            if !context.isDryRun { try context.folders.archive(file, from: context.folders.decisions, asOf: context.asOf) }
        }
    }

    func counts(_ summary: DailyRun.Summary) -> String {
        "\(summary.decisions) decision(s) applied, \(summary.holdChanges) hold(s) added or released, "
            + "\(summary.decisionErrors.count) file(s) refused"
    }
}

/// The day's matching over the ledger: one pass applied in one transaction, or a big day's a part at a time
/// (`Ledger.matchDay`); the money it applied goes to the summary.
struct MatchStage: RunStage {
    let name = "match"
    let changesMoreThanTheLedger = false

    func run(_ context: inout RunContext) throws {
        let scope = Ledger.MatchingScope.daily(
            autoApply: context.config.autoApply, rematchAll: context.matching == .everything)
        var (parts, suggestionPasses) = (0, 0)
        try context.ledger.matchDay(
            scope: scope, engine: MatchingEngine(autoApply: context.config.autoApply), run: context.run,
            partSize: context.matchingPartSize
        ) { pass in
            add(pass, to: &context.summary, isDryRun: context.isDryRun)
            switch pass.part {
            case .all: return
            case .next:
                parts += 1
                context.report(ProgressLine(.info, "match part \(parts): \(pass.payments.count) payment(s), "
                    + "\(pass.result.allocations.count) allocation(s)"))
            case .suggestions:
                // (None read: those the pass was given were placed or decided since a stopped run's part.)
                guard !pass.payments.isEmpty else { return }
                suggestionPasses += 1
                context.report(ProgressLine(.info, "match suggestions \(suggestionPasses): for "
                    + "\(pass.payments.count) waiting payment(s)"))
            }
        }
    }

    /// What `pass` applied, into the summary; in a dry run, each allocation with its payment's archive id. What a
    /// later part undid of an earlier one's (a payment reversed the day it was booked) is taken out again, as one pass
    /// would not have placed it.
    private func add(_ pass: Ledger.MatchedPass, to summary: inout DailyRun.Summary, isDryRun: Bool) {
        let result = pass.result
        let undoing = pass.undoingEarlierParts
        summary.allocationCount += result.allocations.count - undoing.rows
        summary.paymentsPlaced += Set(result.allocations.map(\.paymentId)).count - Set(undoing.allocations.map(\.paymentId)).count
        for undone in undoing.allocations {
            summary.amountMatched[undone.currency] = addingSaturated(summary.amountMatched[undone.currency] ?? 0, -undone.amount)
        }
        let archiveIds = isDryRun
            ? Dictionary(pass.payments.map { ($0.id, $0.archiveId) }, uniquingKeysWith: { first, _ in first }) : [:]
        for allocation in result.allocations {
            if let archiveId = archiveIds[allocation.paymentId] {
                summary.allocations.append(
                    (archiveId, allocation.invoiceNumber, Amount(minorUnits: allocation.amount, currency: allocation.currency),
                     allocation.rule))
            }
            summary.amountMatched[allocation.currency] =
                addingSaturated(summary.amountMatched[allocation.currency] ?? 0, allocation.amount)
        }
    }

    func counts(_ summary: DailyRun.Summary) -> String {
        let amounts = summary.amountMatched.sorted { $0.key.code < $1.key.code }
            .map { Amount(minorUnits: $0.value, currency: $0.key).description }
        return "\(summary.allocationCount) allocation(s)" + (amounts.isEmpty ? "" : " (\(amounts.joined(separator: ", ")))")
    }
}

/// Holds as of the run's day, once its payments are placed: a plan with a missed instalment ends, and so does a hold
/// whose `until` has passed (each audited), before anything asks which holds are in effect.
struct HoldsStage: RunStage {
    let name = "holds"
    let changesMoreThanTheLedger = false

    func run(_ context: inout RunContext) throws {
        let (ledger, pendingSince) = (context.ledger, context.asOf.adding(days: -DunningStage.pendingCreditDays))
        for ended in try ledger.endHolds(asOf: context.asOf, run: context.run, waiting: {
            () throws(LedgerError) in try ledger.paymentsWaiting(pendingSince: pendingSince)
        }) {
            let hold = ended.hold
            let covered = hold.invoiceNumber.map { "invoice \($0)" } ?? "customer \(hold.customerId ?? "?")"
            let subject = "hold \(hold.id) (\(hold.kind.rawValue) on \(covered))"
            let line = "\(subject) ended: \(ended.reason)"
            context.summary.holdsEnded.append(line)
            if ended.isBrokenPlan { context.summary.findings.append(RunFinding(.brokenPlan, subject: subject, detail: ended.reason)) }
            context.report(ProgressLine(.warning, line))
        }
    }

    func counts(_ summary: DailyRun.Summary) -> String {
        "\(summary.holdsEnded.count) hold(s) ended"
    }
}

/// The day's outputs for the accountant, into outbox/<day>/ (or run-<n>/ beside an earlier run's): the payments to
/// decide on as CSV (in the config's `csv` dialect), report.html (in the config's `language`), and the journal lines the
/// run carries for the books (journal.csv).
struct WriteStage: RunStage {
    let name = "write"
    let changesMoreThanTheLedger = true

    func run(_ context: inout RunContext) throws {
        try writeFormAndPage(&context)
        try writeJournal(of: context.run, from: context.ledger, to: try context.outbox() + "/journal.csv",
                         dialect: context.config.csv)
    }

    /// unmatched-payments.csv and report.html. What they are made from (insight's report, the payments to decide) is
    /// let go when they are written, before the journal.
    private func writeFormAndPage(_ context: inout RunContext) throws {
        let ledger = context.ledger
        // First, while nothing else is held: insight brings its kept sums to the day and reads the open invoices.
        let insight = try InsightRun.keepingReport(ledger: ledger, asOf: context.asOf, config: context.config)
        var listed = try ledger.paymentViews(onlyToDecide: true)
        context.summary.paymentsToDecide = listed.count
        for payment in listed {
            let reason = payment.reason?.rawValue ?? "none"
            context.summary.unappliedByReason[reason, default: [:]][payment.currency] =
                addingSaturated(context.summary.unappliedByReason[reason]?[payment.currency] ?? 0, payment.unapplied)
        }
        // In full only what was booked in the last 30 days: the page and the decisions form grow with the day, not
        // with what was left undecided over the years (older ones are summed up on the page).
        let firstListed = context.asOf.adding(days: -AccountantReport.listedDays)
        let isOlder = { (payment: PaymentView) in (payment.bookingDate ?? context.asOf) < firstListed }
        let older = listed.filter(isOlder)
        listed.removeAll(where: isOlder)
        let outbox = try context.outbox()
        let csv = try AtomicFile.Writer(outbox + "/unmatched-payments.csv")
        try AccountantReport.unmatchedCSV(listed, dialect: context.config.csv) { (piece) throws(SystemError) in
            try csv.write(piece)
        }
        try csv.commit()
        let summary = context.summary
        let charges = try ledger.unpaidCharges(listedSince: firstListed)
        let page = try AtomicFile.Writer(outbox + "/report.html")
        try AccountantReport.html(
            asOf: context.asOf, language: Language(code: context.config.language), toDecide: listed,
            received: try ledger.receivedTotals(on: context.asOf),
            open: try ledger.openInvoiceTotals(), credits: try ledger.customerCredits(),
            quarantined: try context.folders.quarantined(),
            problems: summary.conflicts.map(\.description) + summary.decisionErrors, warnings: summary.warnings,
            dunning: DunningDay(issued: summary.steps, waiting: summary.dunning.waiting, off: summary.dunning.off,
                                holdsEnded: summary.holdsEnded, unpaidCharges: charges.listed,
                                olderUnpaidCharges: charges.older, feeRules: summary.dunning.feeRules,
                                customerNames: summary.dunning.customerNames,
                                interestCutShortAfter: summary.dunning.interestCutShortAfter,
                                overtaken: summary.dunning.overtaken),
            delivered: summary.delivery.delivered, deliveryWaiting: summary.delivery.waiting,
            insight: insight, olderToDecide: older, decided: summary.decided,
            openDatedLater: try ledger.openInvoiceTotals(datedAfter: context.asOf)
        ) { (piece) throws(SystemError) in try page.write(piece) }
        try page.commit()
    }

    /// journal.csv: the run's lines, written as they are read (a 100 000-invoice day has some 400 000).
    private func writeJournal(of run: Int64, from ledger: Ledger, to path: String, dialect: CSVDialect) throws {
        let file = try AtomicFile.Writer(path)
        try LedgerListing.journal(try ledger.journalCursor(ofRun: run), csv: dialect) { try file.write($0) }
        try file.commit()
    }

    func counts(_ summary: DailyRun.Summary) -> String {
        "report.html, unmatched-payments.csv and journal.csv in \(summary.outbox)"
    }
}

/// Deletes the archive/<day>/ folders the config's `retention` no longer keeps (docs/operations.md, "The archive"):
/// none without a `retention`. The outbox and the ledger are never deleted. Left out of a dry run.
struct RetentionStage: RunStage {
    let name = "retention"
    let changesMoreThanTheLedger = true

    func run(_ context: inout RunContext) throws {
        guard let retention = context.config.retention else { return }
        for day in try context.folders.archiveDays() where retention.isDeletable(day, asOf: context.asOf) {
            try context.folders.deleteArchive(of: day)
            context.summary.archiveDaysDeleted.append(day)
            context.report(ProgressLine(.info, "archive/\(day) deleted: kept through \(retention.lastKeptDay(for: day)!) "
                + "(retention.archiveYears \(retention.archiveYears), Kirjanpitolaki 2:10 §)"))
        }
    }

    func counts(_ summary: DailyRun.Summary) -> String {
        "\(summary.archiveDaysDeleted.count) archive day(s) deleted"
    }
}
