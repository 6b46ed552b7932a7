import Dunning
import Ledger
import Receivables

/// What a transfer to collection claims (docs/collection.md): penalty interest through the transfer day, counted as the
/// reminders count it, and the claim with the debtor, the invoice and its reminders. The transfers view counts the
/// interest the same way, so that the view and the transfer file agree.
enum CollectionClaims {
    /// Penalty interest on an invoice from the day after its due date through `through` (`PenaltyInterest`), its
    /// principal lowered by `reductions` (`Ledger.principalReductions`).
    static func interest(
        principal: Int64, dueDate: LocalDate, reductions: [(bookedOn: LocalDate, amount: Int64)]?,
        isBusinessDebtor: Bool, through: LocalDate, config: RunConfig
    ) -> PenaltyInterest.Result {
        PenaltyInterest.compute(
            principal: principal, dueDate: dueDate, through: through,
            reductions: (reductions ?? []).map { PenaltyInterest.Reduction(bookedOn: $0.bookedOn, amount: $0.amount) },
            isBusinessDebtor: isBusinessDebtor, rates: config.referenceRates, dayCount: config.dayCount)
    }

    /// The section that sets the penalty rate.
    static func interestSection(isBusinessDebtor: Bool) -> String {
        isBusinessDebtor ? "633/1982 4 a §" : "633/1982 4 §"
    }

    /// The claim of an invoice transferred on `day`, as the ledger's views show it (`view`, with what it owes of
    /// charges before the transfer), its principal lowered by `reductions`.
    static func claim(
        _ invoice: DunnableInvoice, view: InvoiceView, reductions: [(bookedOn: LocalDate, amount: Int64)]?,
        on day: LocalDate, ledger: Ledger, config: RunConfig
    ) throws -> TransferClaim {
        let isBusiness = invoice.customer.businessId != nil && !invoice.customer.isConsumer
        let interest = interest(principal: invoice.amount, dueDate: invoice.dueDate, reductions: reductions,
                                isBusinessDebtor: isBusiness, through: day, config: config)
        let reminders = try ledger.reminders(ofInvoice: invoice.id)
        var feeRules: [String] = []
        for reminder in reminders where reminder.fee > 0 && !feeRules.contains(reminder.feeRule) { feeRules.append(reminder.feeRule) }
        let compensation = reminders.reduce(Int64(0)) { $0 + $1.compensation }
        let fees = reminders.reduce(Int64(0)) { $0 + $1.fee }
        // What was paid of charges is taken off the charges the claim asks, never off the principal: more was paid
        // only when a credit note dated before the due date lowered the interest after the reminders claimed it.
        let chargesPaid = min(invoice.earlierCharges(owing: view.charges).paid, interest.amount + fees + compensation)
        return TransferClaim(
            debtor: invoice.customer, invoice: view, transferredOn: day,
            interest: TransferClaim.Interest(
                amount: interest.amount, from: interest.through == nil ? nil : invoice.dueDate.adding(days: 1),
                through: interest.through, rate: interest.rateOnThrough, section: interestSection(isBusinessDebtor: isBusiness)),
            fees: fees, compensation: compensation, feeRules: feeRules,
            compensationSection: compensation > 0 ? LegalProfile.finland.business.compensation.section : nil,
            reminders: reminders, chargesPaid: chargesPaid)
    }
}
