import Dunning
import Finvoice
import Foundation
import Ledger
import Receivables
import Reports
import SystemIO

/// Dunning: the day's reminders and transfers to collection under the config's policy, within the law and the holds
/// in effect (after the holds stage has ended broken plans and expired holds). The reminders are written first
/// (outbox/<day>/reminders/: one Finvoice INV08 batch for buyers with an e-invoice address, A4 letters for the
/// others, and reminders.csv), then each step is recorded in the ledger once, with the files for delivery, so that a
/// run killed between the two writes the same documents again and a recorded step always has its document, on its way
/// to its destination. Without a `creditor` in the config no reminder is issued: a reminder must say who is owed and
/// where to pay.
struct DunningStage: RunStage {
    let name = "dun"
    let changesMoreThanTheLedger = false

    func run(_ context: inout RunContext) throws {
        // Money the matching just placed on invoices already with the agency: the agency must hear of it.
        let collectionPayments = try context.ledger.collectionPayments(run: context.run)
        guard let creditor = context.config.creditor else {
            if !context.isDryRun {
                try writeCollection(claims: [], payments: collectionPayments, creditor: nil, &context)
                try context.ledger.record([], run: context.run, queuing: try Self.deliveries(&context))
            }
            context.summary.dunning = DailyRun.DunningSummary(reminders: 0, transfers: 0, waiting: [:],
                                                              off: .noCreditor)
            return
        }
        let ledger = context.ledger
        var summary = DailyRun.DunningSummary(reminders: 0, transfers: 0, waiting: [:], off: nil)
        // A dry run moves nothing: the files it would quarantine are not there yet.
        let quarantined = try Self.filesInQuarantine(context.folders)
            + (context.isDryRun ? context.summary.quarantined.count : 0)
        // The invoices acted on are kept, the others only counted: a day's overdue invoices are tens of thousands,
        // its reminders and transfers a few thousand.
        var acting: [(invoice: DunnableInvoice, decision: DunningDecision)] = []
        do {
            let (invoices, decisions) = try Self.decisions(
                on: context.asOf, ledger: ledger, policy: context.config.dunning, creditor: creditor,
                filesInQuarantine: quarantined)
            for (invoice, decision) in zip(invoices, decisions) {
                if case .wait(let reason) = decision.outcome {
                    summary.waiting[reason.code, default: 0] += 1
                } else {
                    acting.append((invoice, decision))
                }
            }
        }
        summary.overtaken = try ledger.stepsOvertaken(on: context.asOf, before: context.run).map {
            Self.located($0, on: context.asOf, folders: context.folders, besides: context.summary.outbox)
        }
        for step in summary.overtaken {
            context.report(ProgressLine(.warning, Self.doNotSend(step, of: "an earlier run today")))
        }
        if let held = summary.waiting["input_quarantined"] {
            // The page says it in its language, among the reasons invoices wait.
            context.report(ProgressLine(.warning, "\(held) reminder(s) or transfer(s) due wait: \(quarantined) file(s) "
                + "in quarantine may hold a payment, credit note or hold for them; mend each and put it back in "
                + "inbox/, or remove it"))
        }
        var steps: [Ledger.DunningStep] = []
        var documents: [ReminderDocument] = []
        var warnedOfRates = false
        var letterNames = Set<String>()
        var claims: [TransferClaim] = []
        // What the documents show of the invoices reminded or transferred (one left out is no longer a receivable),
        // and what lowered their principal (for the penalty interest).
        let views = try ledger.invoiceViews(ids: acting.map(\.invoice.id))
        let reductions = try ledger.principalReductions(ofInvoices: acting.map(\.invoice.id))
        for (invoice, decision) in acting {
            switch decision.outcome {
            case .wait:
                continue // not kept: counted above
            case .transfer(let step):
                guard let view = views[invoice.id] else { continue }
                let claim = try CollectionClaims.claim(invoice, view: view, reductions: reductions[invoice.id],
                                                       on: context.asOf, ledger: ledger, config: context.config)
                summary.transfers += 1
                summary.customerNames[invoice.customer.key] = view.customerName
                claims.append(claim)
                steps.append(Ledger.DunningStep(
                    invoiceId: invoice.id, reminder: ReminderView(
                        invoiceNumber: invoice.invoiceNumber, customerId: invoice.customer.key, step: step,
                        dunningClass: decision.dunningClass, issuedOn: context.asOf, currency: invoice.currency, fee: 0,
                        feeRule: "", compensation: 0, interest: claim.interest.amount,
                        interestThrough: claim.interest.through, interestRate: claim.interest.rate,
                        payBy: context.asOf, channel: decision.channel, file: CollectionFiles.transferName(context.asOf)),
                    action: .collection, allowedFee: 0))
            case .remind(let step, let allowedFee, let fee, let feeRule, let compensation, let payBy):
                guard let view = views[invoice.id] else { continue }
                summary.reminders += 1
                summary.customerNames[invoice.customer.key] = view.customerName
                summary.feeRules[invoice.invoiceNumber] = feeRule
                let interest = CollectionClaims.interest(
                    principal: invoice.amount, dueDate: invoice.dueDate, reductions: reductions[invoice.id],
                    isBusinessDebtor: invoice.customer.businessId != nil && !invoice.customer.isConsumer,
                    through: context.asOf, config: context.config)
                let rates = context.config.referenceRates.entries
                if interest.isCutShort, let end = rates.last?.through, interest.through == end {
                    // The table ends before today: said on the page in its language (the config's to mend, not the
                    // files'), once.
                    summary.interestCutShortAfter = end
                }
                if interest.isCutShort && !warnedOfRates {
                    warnedOfRates = true
                    context.report(ProgressLine(.warning, "penalty interest is counted only on days the reference-rate "
                        + "table covers (\(rates.first.map(\.from.description) ?? "none")–"
                        + "\(rates.last.map(\.through.description) ?? "none")): add each new half-year's rate to "
                        + "referenceRates in the config when the Bank of Finland publishes it"))
                }
                var reminder = ReminderView(
                    invoiceNumber: invoice.invoiceNumber, customerId: invoice.customer.key, step: step,
                    dunningClass: decision.dunningClass, issuedOn: context.asOf, currency: invoice.currency, fee: fee,
                    feeRule: feeRule.description, compensation: compensation, interest: interest.amount, interestThrough: interest.through,
                    interestRate: interest.rateOnThrough, payBy: payBy, channel: decision.channel, file: nil)
                let earlier = invoice.earlierCharges(owing: view.charges)
                var document = ReminderDocument(reminder: reminder, invoice: view, customer: invoice.customer,
                                                creditor: creditor, earlierCharges: earlier.charged,
                                                chargesPaid: earlier.paid)
                // A reminder that cannot be a valid Finvoice message (no operator, an invoice number too long) goes
                // as a letter, and the report says why.
                if reminder.channel == .finvoice,
                    case .failure(let refusal) = Result(catching: { try ReminderWriter.check(document) })
                {
                    context.warn("reminder of invoice \(invoice.invoiceNumber) goes as a letter: \(refusal)")
                    reminder = reminder.sent(as: .letter, in: nil)
                }
                reminder = reminder.sent(as: reminder.channel, in: reminder.channel == .finvoice
                    ? Self.batchFile : "reminders/letters/" + Self.unique(ReminderLetters.fileName(reminder), among: &letterNames))
                document = ReminderDocument(reminder: reminder, invoice: view, customer: invoice.customer,
                                            creditor: creditor, earlierCharges: earlier.charged,
                                            chargesPaid: earlier.paid)
                documents.append(document)
                steps.append(Ledger.DunningStep(invoiceId: invoice.id, reminder: reminder, action: .reminder, allowedFee: allowedFee))
            }
        }
        if !context.isDryRun && !documents.isEmpty { try write(documents, into: try context.outbox(), csv: context.config.csv) }
        if !context.isDryRun { try writeCollection(claims: claims, payments: collectionPayments, creditor: creditor, &context) }
        try ledger.record(steps, run: context.run, queuing: context.isDryRun ? [] : try Self.deliveries(&context))
        context.summary.dunning = summary
        context.summary.steps = steps.map { ($0.reminder, $0.action == .collection) }
    }

    /// The files of the day's outbox for the configured destinations (docs/delivery.md).
    private static func deliveries(_ context: inout RunContext) throws -> [Ledger.QueuedDelivery] {
        try Deliverer.queue(outbox: try context.outbox(), folders: context.folders,
                            destinations: context.config.delivery)
    }

    /// What dunning decides on `day` for each overdue invoice, as the ledger stands (its holds, the payments waiting),
    /// for `creditor`: another seller's invoices wait.
    static func decisions(
        on day: LocalDate, ledger: Ledger, policy: DunningPolicy, creditor: Creditor, filesInQuarantine: Int
    ) throws -> (invoices: [DunnableInvoice], decisions: [DunningDecision]) {
        let invoices = try ledger.dunnableInvoices(asOf: day)
        let decisions = DunningEngine(policy: policy).decide(
            invoices, holds: try ledger.holdsInEffect(on: day), asOf: day,
            paymentsWaiting: try ledger.paymentsWaiting(pendingSince: day.adding(days: -Self.pendingCreditDays)),
            creditorBusinessId: creditor.businessId, filesInQuarantine: filesInQuarantine)
        return (invoices, decisions)
    }

    /// `step` with its document found in the day's outbox: in the first run's folder or a later run's (`run-2`, …),
    /// other than this run's (`besides`), named relative to the working directory. A Finvoice batch or transfer file
    /// has one name in each run's folder: the one naming the invoice is meant. As recorded when no one file is found.
    static func located(
        _ step: OvertakenStep, on day: LocalDate, folders: WorkFolders, besides: String
    ) -> OvertakenStep {
        guard let file = step.file else { return step }
        let day = "outbox/\(day)"
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: folders.root + "/" + day)) ?? []
        var found = ([day] + runs.filter { $0.hasPrefix("run-") }.map { day + "/" + $0 })
            .filter { folders.root + "/" + $0 != besides }
            .map { $0 + "/" + file }
            .filter { FileManager.default.fileExists(atPath: folders.root + "/" + $0) }
        if found.count > 1 {
            found = found.filter { names(step.invoiceNumber, in: folders.root + "/" + $0) }
        }
        return found.count == 1 ? step.found(at: found[0]) : step
    }

    /// Whether the file at `path` names `invoice` (as an element's or a string's whole text, escaped as XML).
    private static func names(_ invoice: String, in path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        let text = String(decoding: data, as: UTF8.self)
        let escaped = invoice.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return text.contains(">\(escaped)<") || text.contains("\"\(invoice)\"")
    }

    /// What the log and `saatava status` say of an overtaken step, issued by `run` ("an earlier run today").
    static func doNotSend(_ step: OvertakenStep, of run: String) -> String {
        let why = step.paidSince.map { "\($0) placed on it since" } ?? "\(step.hold?.rawValue ?? "hold") in effect"
        let what = "the \(step.isTransfer ? "transfer" : "reminder") of invoice \(step.invoiceNumber)"
        return "do not send \(step.file ?? "the document") of \(run): \(what) is overtaken, \(why)"
    }

    /// How many files wait in quarantine/ (none when there is no such folder yet).
    static func filesInQuarantine(_ folders: WorkFolders) throws -> Int {
        FileManager.default.fileExists(atPath: folders.quarantine) ? try folders.quarantined().count : 0
    }

    func counts(_ summary: DailyRun.Summary) -> String {
        let dunning = summary.dunning
        if let off = dunning.off { return off.rawValue }
        return "\(dunning.reminders) reminder(s) and \(dunning.transfers) transfer(s) to collection issued, "
            + "\(dunning.waiting.values.reduce(0, +)) overdue invoice(s) waiting"
    }

    /// A letter's file name not yet used today: invoice numbers that differ only in characters a file name cannot
    /// hold (`A/1`, `A_1`) get `-2`, `-3` … before the extension.
    private static func unique(_ name: String, among used: inout Set<String>) -> String {
        var candidate = name
        var counter = 1
        while !used.insert(candidate).inserted {
            counter += 1
            candidate = name.hasSuffix(".html") ? String(name.dropLast(5)) + "-\(counter).html" : name + "-\(counter)"
        }
        return candidate
    }

    /// The day's collection files (docs/collection.md), before the transfers are recorded, as reminders are: the
    /// transfer as JSON and CSV when invoices were transferred, the payments received for invoices in collection,
    /// and the manifest of what was written. Nothing when there is neither.
    private func writeCollection(
        claims: [TransferClaim], payments: [CollectionPayment], creditor: Creditor?, _ context: inout RunContext
    ) throws {
        guard !claims.isEmpty || !payments.isEmpty else { return }
        let outbox = try context.outbox()
        try WorkFolders.makeFolder(outbox + "/collection")
        var files: [CollectionFiles.ManifestEntry] = []
        func write(_ name: String, _ bytes: [UInt8], records: Int) throws {
            try AtomicFile.write(bytes, to: outbox + "/" + name)
            files.append(CollectionFiles.ManifestEntry(name: String(name.dropFirst("collection/".count)), bytes: bytes, records: records))
        }
        if let creditor, !claims.isEmpty {
            try write(CollectionFiles.transferName(context.asOf), CollectionFiles.transferJSON(creditor: creditor, claims: claims),
                      records: claims.count)
            try write(CollectionFiles.transferCSVName(context.asOf), Array(CollectionFiles.transferCSV(claims).utf8),
                      records: claims.count)
        }
        if !payments.isEmpty {
            try write(CollectionFiles.paymentsName(context.asOf), Array(CollectionFiles.paymentsCSV(payments).utf8),
                      records: payments.count)
        }
        try AtomicFile.write(CollectionFiles.manifest(day: context.asOf, files: files, claims: claims, payments: payments),
                             to: outbox + "/" + CollectionFiles.manifestName)
    }

    /// How many days a credit the bank reported pending (money on its way, not booked yet) keeps the invoice its
    /// reference names from being reminded, from its date and at most from the day its file came: one the bank never
    /// books, or dates far ahead, stops no reminder for ever.
    static let pendingCreditDays = 14

    /// Where the day's Finvoice reminders go, relative to the day's outbox.
    static let batchFile = "reminders/reminders-finvoice.xml"

    /// The day's reminder documents: the Finvoice batch, the letters, and reminders.csv.
    private func write(_ documents: [ReminderDocument], into outbox: String, csv dialect: CSVDialect) throws {
        let letters = outbox + "/reminders/letters"
        try WorkFolders.makeFolder(letters)
        let electronic = documents.filter { $0.reminder.channel == .finvoice }
        if !electronic.isEmpty {
            // Written as it is made, not built whole: a first day of dunning may have tens of thousands.
            let batch = try AtomicFile.Writer(outbox + "/" + Self.batchFile)
            _ = try ReminderWriter.batch(electronic) { (piece) throws(SystemError) in try batch.write(piece) }
            try batch.commit()
        }
        for document in documents where document.reminder.channel == .letter {
            try AtomicFile.write(ReminderLetters.html(document), to: outbox + "/" + document.reminder.file!)
        }
        try AtomicFile.write(LedgerExport.reminders(documents.map(\.reminder), csv: dialect), to: outbox + "/reminders.csv")
    }
}

extension ReminderView {
    /// The same reminder, sent by `channel` in `file`.
    func sent(as channel: ReminderChannel, in file: String?) -> ReminderView {
        ReminderView(
            invoiceNumber: invoiceNumber, customerId: customerId, step: step, dunningClass: dunningClass, issuedOn: issuedOn,
            currency: currency, fee: fee, feeRule: feeRule, compensation: compensation, interest: interest,
            interestThrough: interestThrough, interestRate: interestRate, payBy: payBy, channel: channel, file: file)
    }
}
