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
/// others, and reminders.csv), then each step is recorded in the ledger once, so that a run killed between the two
/// writes the same documents again and a recorded step always has its document. Without a `creditor` in the
/// config no reminder is issued: a reminder must say who is owed and where to pay.
struct DunningStage: RunStage {
    let name = "dun"
    let changesMoreThanTheLedger = false

    func run(_ context: inout RunContext) throws {
        guard let creditor = context.config.creditor else {
            context.summary.dunning = DailyRun.DunningSummary(reminders: 0, transfers: 0, waiting: [:],
                                                              off: "no creditor in the config: no reminders are issued")
            return
        }
        let ledger = context.ledger
        let invoices = try ledger.dunnableInvoices(asOf: context.asOf)
        let decisions = DunningEngine(policy: context.config.dunning).decide(
            invoices, holds: try ledger.holdsInEffect(on: context.asOf), asOf: context.asOf,
            paymentsWaiting: try ledger.referencesOfPaymentsWaiting())
        var summary = DailyRun.DunningSummary(reminders: 0, transfers: 0, waiting: [:], off: nil)
        var steps: [Ledger.DunningStep] = []
        var documents: [ReminderDocument] = []
        var warnedOfRates = false
        var letterNames = Set<String>()
        for (invoice, decision) in zip(invoices, decisions) {
            switch decision.outcome {
            case .wait(let reason):
                summary.waiting[reason.hasPrefix("step ") ? "not yet due" : reason, default: 0] += 1
            case .transfer(let step):
                summary.transfers += 1
                steps.append(Ledger.DunningStep(
                    invoiceId: invoice.id, reminder: ReminderView(
                        invoiceNumber: invoice.invoiceNumber, customerId: invoice.customer.key, step: step,
                        dunningClass: decision.dunningClass, issuedOn: context.asOf, currency: invoice.currency, fee: 0,
                        feeRule: "", compensation: 0, interest: 0, interestThrough: nil, interestRate: nil,
                        payBy: context.asOf, channel: decision.channel, file: nil),
                    action: .collection, allowedFee: 0))
            case .remind(let step, let allowedFee, let fee, let feeRule, let compensation, let payBy):
                summary.reminders += 1
                let interest = PenaltyInterest.compute(
                    principal: invoice.amount, dueDate: invoice.dueDate, through: context.asOf,
                    reductions: try ledger.principalReductions(ofInvoice: invoice.id).map {
                        PenaltyInterest.Reduction(bookedOn: $0.bookedOn, amount: $0.amount)
                    },
                    isBusinessDebtor: invoice.customer.businessId != nil && !invoice.customer.isConsumer,
                    rates: context.config.referenceRates, dayCount: context.config.dayCount)
                if interest.isCutShort && !warnedOfRates {
                    warnedOfRates = true
                    let rates = context.config.referenceRates.entries
                    context.warn("penalty interest is counted only on days the reference-rate table covers ("
                        + "\(rates.first.map(\.from.description) ?? "none")–\(rates.last.map(\.through.description) ?? "none")): "
                        + "add each new half-year's rate to referenceRates in the config when the Bank of Finland publishes it")
                }
                var reminder = ReminderView(
                    invoiceNumber: invoice.invoiceNumber, customerId: invoice.customer.key, step: step,
                    dunningClass: decision.dunningClass, issuedOn: context.asOf, currency: invoice.currency, fee: fee,
                    feeRule: feeRule, compensation: compensation, interest: interest.amount, interestThrough: interest.through,
                    interestRate: interest.rateOnThrough, payBy: payBy, channel: decision.channel, file: nil)
                guard let view = try ledger.invoiceView(id: invoice.id) else { continue }
                var document = ReminderDocument(reminder: reminder, invoice: view, customer: invoice.customer, creditor: creditor)
                // A reminder that cannot be a valid Finvoice message (no operator, an invoice number too long) goes
                // as a letter, and the report says why.
                if reminder.channel == .finvoice, case .failure(let refusal) = Result(catching: { try ReminderWriter.message(document) }) {
                    context.warn("reminder of invoice \(invoice.invoiceNumber) goes as a letter: \(refusal)")
                    reminder = reminder.sent(as: .letter, in: nil)
                }
                reminder = reminder.sent(as: reminder.channel, in: reminder.channel == .finvoice
                    ? Self.batchFile : "reminders/letters/" + Self.unique(ReminderLetters.fileName(reminder), among: &letterNames))
                document = ReminderDocument(reminder: reminder, invoice: view, customer: invoice.customer, creditor: creditor)
                documents.append(document)
                steps.append(Ledger.DunningStep(invoiceId: invoice.id, reminder: reminder, action: .reminder, allowedFee: allowedFee))
            }
        }
        if !context.isDryRun && !documents.isEmpty { try write(documents, into: try context.outbox()) }
        try ledger.record(steps, run: context.run)
        context.summary.dunning = summary
        context.summary.steps = steps.map { ($0.reminder, $0.action == .collection) }
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

    /// Where the day's Finvoice reminders go, relative to the day's outbox.
    static let batchFile = "reminders/reminders-finvoice.xml"

    /// The day's reminder documents: the Finvoice batch, the letters, and reminders.csv.
    private func write(_ documents: [ReminderDocument], into outbox: String) throws {
        let letters = outbox + "/reminders/letters"
        try FileManager.default.createDirectory(atPath: letters, withIntermediateDirectories: true)
        let electronic = documents.filter { $0.reminder.channel == .finvoice }
        if !electronic.isEmpty { try AtomicFile.write(ReminderWriter.batch(electronic).bytes, to: outbox + "/" + Self.batchFile) }
        for document in documents where document.reminder.channel == .letter {
            try AtomicFile.write(ReminderLetters.html(document), to: outbox + "/" + document.reminder.file!)
        }
        try AtomicFile.write(LedgerExport.reminders(documents.map(\.reminder), asCSV: true), to: outbox + "/reminders.csv")
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
