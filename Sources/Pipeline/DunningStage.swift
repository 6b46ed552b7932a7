import Dunning
import Ledger
import Receivables

/// Dunning: the day's reminders and transfers to collection under the config's policy, within the law and the holds
/// in effect (after the holds stage has ended broken plans and expired holds), each
/// recorded in the ledger once (so tomorrow's run knows) with the rule that allowed its fee. Without a `creditor`
/// in the config no reminder is issued: a reminder must say who is owed and where to pay.
struct DunningStage: RunStage {
    let name = "dun"
    let changesMoreThanTheLedger = false

    func run(_ context: inout RunContext) throws {
        guard context.config.creditor != nil else {
            context.summary.dunning = DailyRun.DunningSummary(reminders: 0, transfers: 0, waiting: [:],
                                                              off: "no creditor in the config: no reminders are issued")
            return
        }
        let engine = DunningEngine(policy: context.config.dunning)
        let invoices = try context.ledger.dunnableInvoices(asOf: context.asOf)
        let byNumber = Dictionary(uniqueKeysWithValues: invoices.map { ($0.invoiceNumber, $0) })
        var steps: [Ledger.DunningStep] = []
        var summary = DailyRun.DunningSummary(reminders: 0, transfers: 0, waiting: [:], off: nil)
        var warnedOfRates = false
        let holds = try context.ledger.holdsInEffect(on: context.asOf)
        for decision in engine.decide(invoices, holds: holds, asOf: context.asOf) {
            let invoice = byNumber[decision.invoiceNumber]!
            switch decision.outcome {
            case .wait(let reason):
                summary.waiting[reason.hasPrefix("step ") ? "not yet due" : reason, default: 0] += 1
            case .transfer(let step):
                summary.transfers += 1
                steps.append(Ledger.DunningStep(
                    reminder: ReminderView(
                        invoiceNumber: invoice.invoiceNumber, customerId: invoice.customer.key, step: step,
                        dunningClass: decision.dunningClass, issuedOn: context.asOf, currency: invoice.currency, fee: 0,
                        feeRule: "", compensation: 0, interest: 0, interestThrough: nil, interestRate: nil,
                        payBy: context.asOf, channel: decision.channel, file: nil),
                    action: .collection, allowedFee: 0))
            case .remind(let step, let allowedFee, let fee, let feeRule, let compensation, let payBy):
                summary.reminders += 1
                let interest = PenaltyInterest.compute(
                    principal: invoice.amount, dueDate: invoice.dueDate, through: context.asOf,
                    reductions: try context.ledger.principalReductions(ofInvoice: invoice.invoiceNumber).map {
                        PenaltyInterest.Reduction(bookedOn: $0.bookedOn, amount: $0.amount)
                    },
                    isBusinessDebtor: invoice.customer.businessId != nil && !invoice.customer.isConsumer,
                    rates: context.config.referenceRates, dayCount: context.config.dayCount)
                if interest.isCutShort && !warnedOfRates {
                    warnedOfRates = true
                    context.warn("penalty interest is counted only through \(interest.through.map(\.description) ?? "no day"): "
                        + "the reference-rate table has no rate after that; add the new half-year to referenceRates in the config")
                }
                steps.append(Ledger.DunningStep(
                    reminder: ReminderView(
                        invoiceNumber: invoice.invoiceNumber, customerId: invoice.customer.key, step: step,
                        dunningClass: decision.dunningClass, issuedOn: context.asOf, currency: invoice.currency, fee: fee,
                        feeRule: feeRule, compensation: compensation, interest: interest.amount,
                        interestThrough: interest.through, interestRate: interest.rateOnThrough, payBy: payBy,
                        channel: decision.channel, file: nil),
                    action: .reminder, allowedFee: allowedFee))
            }
        }
        try context.ledger.record(steps, run: context.run)
        context.summary.dunning = summary
        context.summary.steps = steps.map { ($0.reminder, $0.action == .collection) }
    }
}
