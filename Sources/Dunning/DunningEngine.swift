public import Receivables

/// An invoice that may be due a dunning step: what is open on it, its dates, its buyer, and the steps issued so far.
public struct DunnableInvoice: Sendable, Equatable {
    /// What identifies the invoice to the caller (the ledger's row id: two sellers may use one invoice number).
    public let id: Int64
    public let invoiceNumber: String
    /// The seller's business ID as the invoice states it (canonical where valid); nil when it states none.
    public let sellerId: String?
    /// The key its reference matches payments under, if it has one.
    public let referenceKey: String?
    public let customer: Customer
    public let currency: Currency
    /// The principal as invoiced, in cents: the law's total caps go by it.
    public let amount: Int64
    /// The principal still open, in cents.
    public let open: Int64
    /// The day the invoice was sent (513/1999 10 b §: its date).
    public let invoiceDate: LocalDate
    public let dueDate: LocalDate
    /// The steps issued for it before, in order.
    public let history: [IssuedStep]

    /// Creates an invoice to consider.
    public init(
        id: Int64 = 0, invoiceNumber: String, sellerId: String? = nil, referenceKey: String? = nil,
        customer: Customer, currency: Currency, amount: Int64, open: Int64, invoiceDate: LocalDate, dueDate: LocalDate,
        history: [IssuedStep]
    ) {
        self.id = id
        self.invoiceNumber = invoiceNumber
        self.sellerId = sellerId
        self.referenceKey = referenceKey
        self.customer = customer
        self.currency = currency
        self.amount = amount
        self.open = open
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.history = history
    }

    /// What its earlier reminders charged (fees and standard compensation), and what has been paid of its interest
    /// and charges, given what it owes of them now (`chargesOwed`: every reminder's fees and compensation and the
    /// latest interest, less what payments paid of them). Payments pay the principal first, so the second is 0
    /// unless a reversal reopened the principal after charges were paid.
    public func earlierCharges(owing chargesOwed: Int64) -> (charged: Int64, paid: Int64) {
        let charged = history.reduce(Int64(0)) { $0 + $1.fee + $1.compensation }
        let interest = history.map(\.interest).max() ?? 0
        return (charged, max(0, charged + interest - chargesOwed))
    }
}

/// A step issued on an earlier day.
public struct IssuedStep: Sendable, Equatable {
    /// Its position in the ladder, from 1.
    public let step: Int
    public let action: DunningPolicy.Action
    public let issuedOn: LocalDate
    /// The fee the law allowed on it before the compensation's offset, and what it charged (cents).
    public let allowedFee: Int64
    public let fee: Int64
    public let compensation: Int64
    /// The last day a reminder gave the buyer to pay (a transfer's is its own day).
    public let payBy: LocalDate?
    /// The penalty interest it claimed, from the due date through its day (cents).
    public let interest: Int64

    /// Creates an issued step.
    public init(step: Int, action: DunningPolicy.Action, issuedOn: LocalDate, allowedFee: Int64, fee: Int64,
                compensation: Int64, payBy: LocalDate? = nil, interest: Int64 = 0) {
        self.step = step
        self.action = action
        self.issuedOn = issuedOn
        self.allowedFee = allowedFee
        self.fee = fee
        self.compensation = compensation
        self.payBy = payBy
        self.interest = interest
    }
}

/// The payments received but not yet placed (waiting for a credit note they deduct, or for the accountant), as
/// dunning needs them: an invoice one of them may pay is not reminded meanwhile.
public struct PaymentsWaiting: Sendable, Equatable {
    /// The reference keys the payments name, by their reference or a remittance block.
    public var referenceKeys: Set<String>
    /// The numbers of the invoices matching suggests them for (a mistyped reference, the amount and the name, …).
    public var suggestedInvoices: Set<String>
    /// The keys of the customers whose invoice a payment names that was paid already: the money is likely for
    /// another of that customer's invoices.
    public var customers: Set<String>

    /// Payments that name these keys, are suggested for these invoices, and name these customers' paid invoices.
    public init(referenceKeys: Set<String> = [], suggestedInvoices: Set<String> = [], customers: Set<String> = []) {
        self.referenceKeys = referenceKeys
        self.suggestedInvoices = suggestedInvoices
        self.customers = customers
    }

    /// Whether one of the payments may pay `invoice`.
    func mayPay(_ invoice: DunnableInvoice) -> Bool {
        mayPay(referenceKey: invoice.referenceKey, invoiceNumber: invoice.invoiceNumber, customer: invoice.customer.key)
    }

    /// Whether one of the payments may pay the invoice of this reference key, number and customer key.
    public func mayPay(referenceKey: String?, invoiceNumber: String, customer: String) -> Bool {
        referenceKey.map(referenceKeys.contains) == true || suggestedInvoices.contains(invoiceNumber)
            || customers.contains(customer)
    }
}

/// Why an overdue invoice gets no step today.
public enum WaitReason: Sendable, Equatable, CustomStringConvertible {
    /// Another seller issued it: reminders go in the creditor's name only.
    case otherSeller(sellerId: String)
    /// No class of the policy applies to its customer.
    case noClass
    /// A hold, dispute or payment plan covers it.
    case held(HoldKind, id: Int64)
    /// It was transferred to collection.
    case inCollection
    /// A payment that may pay it (naming it, suggested for it, or naming its customer's paid invoice) waits to be
    /// placed.
    case paymentWaiting
    /// What it owes is below the class's minimum (minor units of euro).
    case belowMinimum(open: Int64, minimum: Int64)
    /// Every step of the ladder was taken.
    case ladderDone
    /// The next step falls due later.
    case notYetDue(step: Int, dueOn: LocalDate)
    /// A step is due, but input files wait in quarantine: what they hold (a payment, a credit note, a hold) is not
    /// known, so nothing is reminded or transferred until a person mends or removes them.
    case inputQuarantined(files: Int)

    /// The reason's group, for counting and for the report's words: `not_yet_due`, `in_collection`, `disputed`,
    /// `on_plan`, `on_hold`, `payment_waiting`, `below_minimum`, `ladder_done`, `no_class`, `other_seller`,
    /// `input_quarantined`.
    public var code: String {
        switch self {
        case .otherSeller: "other_seller"
        case .noClass: "no_class"
        case .held(.dispute, _): "disputed"
        case .held(.plan, _): "on_plan"
        case .held(.hold, _): "on_hold"
        case .inCollection: "in_collection"
        case .paymentWaiting: "payment_waiting"
        case .belowMinimum: "below_minimum"
        case .ladderDone: "ladder_done"
        case .notYetDue: "not_yet_due"
        case .inputQuarantined: "input_quarantined"
        }
    }

    /// The reason in full, as the audit and the dry run say it.
    public var description: String {
        switch self {
        case .otherSeller(let sellerId): "issued by seller \(sellerId), not the creditor"
        case .noClass: "no class"
        case .held(let kind, let id): "\(kind.rawValue) \(id) in effect" + (kind == .dispute ? " (513/1999 4 b §)" : "")
        case .inCollection: "in collection"
        case .paymentWaiting: "a payment that may pay it waits to be placed"
        case .belowMinimum(let open, let minimum): "open \(euros(open)) is below the class's minimum \(euros(minimum))"
        case .ladderDone: "the ladder is done"
        case .notYetDue(let step, let dueOn): "step \(step) falls due on \(dueOn)"
        case .inputQuarantined(let files): "\(files) input file(s) in quarantine may pay, credit or hold it"
        }
    }
}

/// What the day brings for one invoice, with the rule that decided it.
public struct DunningDecision: Sendable, Equatable {
    /// What to do.
    public enum Outcome: Sendable, Equatable {
        /// Issue a reminder: the step, what it charges and why, and the new due date.
        case remind(step: Int, allowedFee: Int64, fee: Int64, feeRule: FeeRule, compensation: Int64, payBy: LocalDate)
        /// Transfer the invoice to collection.
        case transfer(step: Int)
        /// Nothing today, and why (not yet due, on hold, below the minimum, the ladder done).
        case wait(WaitReason)
    }

    public let invoiceNumber: String
    /// The customer class whose ladder applies.
    public let dunningClass: String
    public let outcome: Outcome
    /// How a reminder reaches the buyer.
    public let channel: ReminderChannel
}

/// Decides each day's dunning steps: a pure function from the invoices that may be due, their holds, the policy,
/// the law and the day to reminders and transfers, each with the rule that allowed it or the reason for none.
/// A run after missed days issues the step now due once, never one per missed day.
public struct DunningEngine: Sendable {
    public let policy: DunningPolicy
    public let law: LegalProfile

    /// An engine for a policy that `DunningPolicy.check(against:)` accepted.
    public init(policy: DunningPolicy, law: LegalProfile = .finland) {
        self.policy = policy
        self.law = law
    }

    /// What the day brings for each invoice, in the order given. `paymentsWaiting` are the payments received but not
    /// placed (waiting for a credit note, for the accountant): an invoice such a payment may pay is not reminded
    /// while it waits. `creditorBusinessId` (canonical, as `BusinessID` writes it) is whom the reminders speak for:
    /// an invoice that states another seller waits (`other_seller`); one that states none is taken as the creditor's.
    /// While `filesInQuarantine` is not 0, a step that falls due waits (`input_quarantined`): a file that could not
    /// be read may hold the payment, credit note or hold that would stop it.
    public func decide(
        _ invoices: [DunnableInvoice], holds: [HoldView], asOf: LocalDate,
        paymentsWaiting: PaymentsWaiting = PaymentsWaiting(), creditorBusinessId: String, filesInQuarantine: Int = 0
    ) -> [DunningDecision] {
        let held = holds.filter { $0.isInEffect(on: asOf) }
        return invoices.map { invoice in
            decide(invoice, holds: held, asOf: asOf, paymentsWaiting: paymentsWaiting,
                   creditorBusinessId: creditorBusinessId, filesInQuarantine: filesInQuarantine)
        }
    }

    private func decide(
        _ invoice: DunnableInvoice, holds: [HoldView], asOf: LocalDate, paymentsWaiting: PaymentsWaiting,
        creditorBusinessId: String, filesInQuarantine: Int
    ) -> DunningDecision {
        let channel: ReminderChannel = invoice.customer.eInvoiceAddress == nil ? .letter : .finvoice
        if let seller = invoice.sellerId, seller != creditorBusinessId {
            return DunningDecision(invoiceNumber: invoice.invoiceNumber, dunningClass: "",
                                   outcome: .wait(.otherSeller(sellerId: seller)), channel: channel)
        }
        guard let customerClass = policy.dunningClass(for: invoice.customer) else {
            return DunningDecision(invoiceNumber: invoice.invoiceNumber, dunningClass: "", outcome: .wait(.noClass), channel: channel)
        }
        func decision(_ outcome: DunningDecision.Outcome) -> DunningDecision {
            DunningDecision(invoiceNumber: invoice.invoiceNumber, dunningClass: customerClass.name, outcome: outcome, channel: channel)
        }
        if let hold = holds.first(where: {
            $0.covers(invoiceNumber: invoice.invoiceNumber, customerKey: invoice.customer.key)
        }) {
            return decision(.wait(.held(hold.kind, id: hold.id)))
        }
        if invoice.history.contains(where: { $0.action == .collection }) { return decision(.wait(.inCollection)) }
        if paymentsWaiting.mayPay(invoice) { return decision(.wait(.paymentWaiting)) }
        guard invoice.open > 0, invoice.open >= customerClass.minimumOpen else {
            return decision(.wait(.belowMinimum(open: invoice.open, minimum: customerClass.minimumOpen)))
        }
        let next = invoice.history.count
        guard next < customerClass.steps.count else { return decision(.wait(.ladderDone)) }
        let step = customerClass.steps[next]
        let from = invoice.history.last?.issuedOn ?? invoice.dueDate
        var dueOn = from.adding(days: step.after)
        // Never before a payment made on the last day the buyer was given (the due date, or the last reminder's
        // pay-by date) can be known: a ladder whose step falls on that day would chase one who paid in time.
        if let lastDay = invoice.history.isEmpty ? invoice.dueDate : invoice.history.last?.payBy {
            dueOn = max(dueOn, PaymentTiming.firstDayKnowing(paymentOn: lastDay))
        }
        guard asOf >= dueOn else { return decision(.wait(.notYetDue(step: next + 1, dueOn: dueOn))) }
        guard filesInQuarantine == 0 else { return decision(.wait(.inputQuarantined(files: filesInQuarantine))) }
        guard step.action == .reminder else { return decision(.transfer(step: next + 1)) }

        let isBusiness = policy.isBusiness(invoice.customer)
        var (allowed, rule) = allowedFee(step.fee, invoice, isBusiness: isBusiness, asOf: asOf)
        // The law's total cap on collection costs, by the principal; it never limits the compensation.
        let earlierFees = invoice.history.reduce(Int64(0)) { $0 + $1.allowedFee }
        let total = LegalProfile.cap(isBusiness ? law.business.totalCaps : law.consumer.totalCaps, principal: invoice.amount)
        if allowed > 0 && earlierFees + allowed > total {
            allowed = max(0, total - earlierFees)
            rule = .totalCapped(section: isBusiness ? law.business.totalCapsSection : law.consumer.totalCapsSection, total: total,
                                allowed: allowed)
        }
        var fee = allowed
        var compensation: Int64 = 0
        if isBusiness && policy.chargesCompensation {
            // 10 i §: fees and the compensation together are max(40 €, the capped fees), never both in full. The
            // compensation comes whole with the first reminder whose step asks a fee; fees are charged only beyond it.
            let rules = law.business.compensation
            let compensationCharged = invoice.history.reduce(Int64(0)) { $0 + $1.compensation }
            if compensationCharged == 0 && step.fee > 0 { compensation = rules.value }
            if compensationCharged > 0 || compensation > 0 {
                let charged = invoice.history.reduce(Int64(0)) { $0 + $1.fee + $1.compensation }
                fee = max(0, max(rules.value, earlierFees + allowed) - charged - compensation)
                rule = .offsetByCompensation(rule, section: rules.section, compensation: rules.value)
            }
        }
        return decision(.remind(step: next + 1, allowedFee: allowed, fee: fee, feeRule: rule, compensation: compensation,
                                payBy: asOf.adding(days: step.payWithin)))
    }

    /// The fee the law allows on this reminder, before any total cap, and the rule that decided it.
    private func allowedFee(
        _ asked: Int64, _ invoice: DunnableInvoice, isBusiness: Bool, asOf: LocalDate
    ) -> (fee: Int64, rule: FeeRule) {
        guard asked > 0 else { return (0, .noneAsked) }
        let previous = invoice.history.last { $0.action == .reminder }?.issuedOn
        if isBusiness {
            let rules = law.business
            if let previous, previous.days(until: asOf) < rules.interval.value {
                return (0, .withinInterval(section: rules.interval.section, days: Int(rules.interval.value), previous: previous))
            }
            return (min(asked, rules.reminderFee.value), .capped(section: rules.reminderFee.section, cap: rules.reminderFee.value))
        }
        let rules = law.consumer
        if invoice.invoiceDate.days(until: invoice.dueDate) < rules.sentBeforeDueDays.value {
            return (0, .sentTooLate(section: rules.sentBeforeDueDays.section, days: Int(rules.sentBeforeDueDays.value)))
        }
        if invoice.dueDate.days(until: asOf) < rules.daysAfterDue.value {
            return (0, .tooSoonAfterDue(section: rules.daysAfterDue.section, days: Int(rules.daysAfterDue.value)))
        }
        if let previous, previous.days(until: asOf) < rules.interval.value {
            return (0, .withinInterval(section: rules.interval.section, days: Int(rules.interval.value), previous: previous))
        }
        return (min(asked, rules.reminderFee.value), .capped(section: rules.reminderFee.section, cap: rules.reminderFee.value))
    }
}
