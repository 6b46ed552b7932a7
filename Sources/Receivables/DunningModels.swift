/// How a reminder reaches the buyer: as a Finvoice reminder (INV08) to their e-invoice address, or as a letter.
public enum ReminderChannel: String, Sendable, CaseIterable {
    case finvoice
    case letter
}

/// A reminder as the ledger's `reminders` view shows it (docs/dunning.md): one step of the dunning ladder issued
/// for one invoice, with what it charged and the rule that allowed or forbade each charge.
public struct ReminderView: Sendable, Equatable {
    public let invoiceNumber: String
    public let customerId: String
    /// The step's position in its class's ladder, from 1.
    public let step: Int
    /// The customer class whose ladder it follows (`trusted`, `standard`, `strict`, …).
    public let dunningClass: String
    public let issuedOn: LocalDate
    public let currency: Currency
    /// The reminder fee charged on this reminder, in minor units, after the 40 € compensation's offset.
    public let fee: Int64
    /// Why the fee is what it is: the legal rule that capped or forbade it (e.g. `513/1999 10 b §: …`).
    public let feeRule: String
    /// The standard compensation (513/1999 10 i §) charged on this reminder, in minor units.
    public let compensation: Int64
    /// Penalty interest accrued from the due date through `interestThrough`, in minor units.
    public let interest: Int64
    public let interestThrough: LocalDate?
    /// The penalty interest rate on `interestThrough`, in percent as a decimal string (`"10.5"`).
    public let interestRate: String?
    /// The new due date the reminder gives.
    public let payBy: LocalDate
    public let channel: ReminderChannel
    /// The output file the reminder is in, relative to the day's outbox.
    public let file: String?

    /// Creates a view of a reminder.
    public init(
        invoiceNumber: String, customerId: String, step: Int, dunningClass: String, issuedOn: LocalDate,
        currency: Currency, fee: Int64, feeRule: String, compensation: Int64, interest: Int64,
        interestThrough: LocalDate?, interestRate: String?, payBy: LocalDate, channel: ReminderChannel, file: String?
    ) {
        self.invoiceNumber = invoiceNumber
        self.customerId = customerId
        self.step = step
        self.dunningClass = dunningClass
        self.issuedOn = issuedOn
        self.currency = currency
        self.fee = fee
        self.feeRule = feeRule
        self.compensation = compensation
        self.interest = interest
        self.interestThrough = interestThrough
        self.interestRate = interestRate
        self.payBy = payBy
        self.channel = channel
        self.file = file
    }
}

/// Who sends the reminders and receives the money (config `creditor`): what letters, Finvoice frames and
/// collection transfers state.
public struct Creditor: Sendable, Equatable {
    public let name: String
    public let businessId: String
    public let address: Invoice.PostalAddress
    public let iban: String
    public let bic: String?
    /// Where to ask about the claim: a phone number or an e-mail address, as it should be printed.
    public let contact: String?
    /// The creditor's own e-invoice address and operator (the sender of Finvoice reminders).
    public let eInvoiceAddress: String?
    public let eInvoiceIntermediator: String?

    /// Creates a creditor.
    public init(
        name: String, businessId: String, address: Invoice.PostalAddress, iban: String, bic: String?, contact: String?,
        eInvoiceAddress: String?, eInvoiceIntermediator: String?
    ) {
        self.name = name
        self.businessId = businessId
        self.address = address
        self.iban = iban
        self.bic = bic
        self.contact = contact
        self.eInvoiceAddress = eInvoiceAddress
        self.eInvoiceIntermediator = eInvoiceIntermediator
    }
}

/// Everything one reminder document states: the reminder, the invoice it is about, the buyer, and the creditor.
public struct ReminderDocument: Sendable, Equatable {
    public let reminder: ReminderView
    public let invoice: InvoiceView
    public let customer: Customer
    public let creditor: Creditor
    /// The fees and standard compensation of the invoice's earlier reminders: the reminder asks them again with its
    /// own, less what was paid of interest and charges (`chargesPaid`).
    public let earlierCharges: Int64
    /// What payments paid of the interest and charges before (0 unless a reversal reopened the principal after
    /// they were paid: payments pay the principal first).
    public let chargesPaid: Int64

    /// Creates a reminder document.
    public init(reminder: ReminderView, invoice: InvoiceView, customer: Customer, creditor: Creditor,
                earlierCharges: Int64 = 0, chargesPaid: Int64 = 0) {
        self.reminder = reminder
        self.invoice = invoice
        self.customer = customer
        self.creditor = creditor
        self.earlierCharges = earlierCharges
        self.chargesPaid = chargesPaid
    }

    /// What the buyer is asked to pay by `payBy`: the open principal, interest (all of it, from the due date), the
    /// earlier reminders' charges and this one's fee and compensation, less what was paid of interest and charges.
    public var total: Int64 {
        invoice.open + reminder.interest + earlierCharges + reminder.fee + reminder.compensation - chargesPaid
    }
}

/// What kind of hold stops the dunning ladder (docs/dunning.md).
public enum HoldKind: String, Sendable, CaseIterable {
    /// The account manager stops the ladder for a while.
    case hold
    /// The debtor disputes the claim (513/1999 4 b §): no step at all while it lasts.
    case dispute
    /// A payment plan with instalments: a missed instalment ends it and the ladder resumes.
    case plan
}

/// Where a hold stands.
public enum HoldStatus: String, Sendable, CaseIterable {
    case active
    /// Its `until` date passed, or a plan's instalment was missed.
    case ended
    /// Released by a person.
    case released
}

/// A hold as the ledger's `holds` view shows it (docs/design.md, "Ledger views").
public struct HoldView: Sendable, Equatable {
    /// One instalment of a payment plan.
    public struct Instalment: Sendable, Equatable {
        public let date: LocalDate
        /// In minor units.
        public let amount: Int64

        /// Creates an instalment.
        public init(date: LocalDate, amount: Int64) {
            self.date = date
            self.amount = amount
        }
    }

    public let id: Int64
    /// The invoice it covers, or nil when it covers every invoice of `customerId`.
    public let invoiceNumber: String?
    public let customerId: String?
    public let kind: HoldKind
    /// The first and last day it is in effect (inclusive); nil: no limit.
    public let from: LocalDate?
    public let until: LocalDate?
    public let instalments: [Instalment]
    public let status: HoldStatus
    public let note: String?

    /// Creates a view of a hold.
    public init(
        id: Int64, invoiceNumber: String?, customerId: String?, kind: HoldKind, from: LocalDate?, until: LocalDate?,
        instalments: [Instalment], status: HoldStatus, note: String?
    ) {
        self.id = id
        self.invoiceNumber = invoiceNumber
        self.customerId = customerId
        self.kind = kind
        self.from = from
        self.until = until
        self.instalments = instalments
        self.status = status
        self.note = note
    }

    /// Whether the hold covers an invoice of a customer: a hold on one invoice names its customer too, and covers that
    /// invoice only; a customer's hold covers every invoice of the customer.
    public func covers(invoiceNumber number: String, customerKey: String) -> Bool {
        invoiceNumber.map { $0 == number } ?? (customerId == customerKey)
    }

    /// Whether the hold is in effect on a day (by the run's as-of date, never the wall clock).
    public func isInEffect(on day: LocalDate) -> Bool {
        status == .active && from.map { $0 <= day } ?? true && lastDay.map { day <= $0 } ?? true
    }

    /// The last day the hold is in effect: its `until`; for a plan, no sooner than the day before a payment made on
    /// its last instalment's date can be known (the day the instalment is judged). Nil: no end.
    public var lastDay: LocalDate? {
        guard let until else { return nil }
        guard kind == .plan, let last = instalments.map(\.date).max() else { return until }
        return max(until, PaymentTiming.firstDayKnowing(paymentOn: last).adding(days: -1))
    }
}

/// The rule that set a reminder's fee: none asked, none allowed yet, or the law's cap. Its `description` is the words
/// the ledger keeps (`ReminderView.feeRule`, reminders.csv, the transfer file); the report says it in its language.
public enum FeeRule: Sendable, Equatable, CustomStringConvertible {
    /// The policy's step asks no fee.
    case noneAsked
    /// No fee within `days` of the previous reminder, issued on `previous` (`section` of the law).
    case withinInterval(section: String, days: Int, previous: LocalDate)
    /// No fee: a consumer's invoice was sent fewer than `days` before its due date.
    case sentTooLate(section: String, days: Int)
    /// No fee: fewer than `days` have passed since the due date.
    case tooSoonAfterDue(section: String, days: Int)
    /// The fee, at most `cap` (minor units of euro).
    case capped(section: String, cap: Int64)
    /// The claim's collection costs are capped at `total` in all, so `allowed` is what this reminder may charge.
    case totalCapped(section: String, total: Int64, allowed: Int64)
    /// A business debtor's fees are offset by the standard compensation (`compensation` minor units of euro).
    indirect case offsetByCompensation(FeeRule, section: String, compensation: Int64)

    public var description: String {
        func euros(_ cents: Int64) -> String { Amount(minorUnits: cents, currency: .euro).decimalString + " €" }
        return switch self {
        case .noneAsked: "the policy asks no fee"
        case .withinInterval(let section, let days, let previous):
            "\(section): no fee within \(days) days of the previous reminder (\(previous))"
        case .sentTooLate(let section, let days): "\(section): the invoice was sent fewer than \(days) days before its due date"
        case .tooSoonAfterDue(let section, let days): "\(section): fewer than \(days) days since the due date"
        case .capped(let section, let cap): "\(section): at most \(euros(cap))"
        case .totalCapped(let section, let total, let allowed):
            "\(section): the claim's collection costs are capped at \(euros(total)); \(euros(allowed)) allowed"
        case .offsetByCompensation(let rule, let section, let compensation):
            "\(rule.description); \(section): the \(euros(compensation)) standard compensation offsets the fees"
        }
    }
}

/// Why a run's dunning did not run at all (`rawValue`: as the log and run-summary.json say it; the page says it in
/// its language).
public enum DunningOff: String, Sendable, Equatable {
    /// Without a creditor in the config there is no one in whose name to remind.
    case noCreditor = "no creditor in the config: no reminders are issued"
}

/// The day's dunning as the report shows it: the steps issued today, and how many overdue invoices wait and why.
public struct DunningDay: Sendable, Equatable {
    /// Today's reminders and transfers to collection (a transfer is a `ReminderView` of the collection step).
    public let issued: [(reminder: ReminderView, isTransfer: Bool)]
    /// Overdue invoices that got no step today, counted by the reason.
    public let waiting: [String: Int]
    /// Why dunning did not run at all, if it did not.
    public let off: DunningOff?
    /// Holds this run ended, with why: payment plans broken by a missed instalment, holds whose time ran out. The
    /// ladder resumes for what they covered.
    public let holdsEnded: [String]
    /// Invoices whose principal is paid but whose interest, fees or compensation are not: for a person to decide,
    /// never dunned alone.
    /// The report lists those whose last money came in the last 30 days; the older are only counted and summed.
    public let unpaidCharges: [(invoiceNumber: String, customerName: String?, amount: Amount)]
    public let olderUnpaidCharges: CountAndSums
    /// The rule that set each reminder's fee today, by invoice number (the report says it in its language).
    public let feeRules: [String: FeeRule]
    /// The names of the customers of today's steps, by customer key.
    public let customerNames: [String: String]
    /// The last day the reference-rate table covers, when penalty interest claimed today stopped there.
    public let interestCutShortAfter: LocalDate?
    /// Steps earlier runs issued today that the ledger has since overtaken: their documents must not go out.
    public let overtaken: [OvertakenStep]

    /// Creates the day's dunning.
    public init(
        issued: [(reminder: ReminderView, isTransfer: Bool)], waiting: [String: Int], off: DunningOff?,
        holdsEnded: [String] = [],
        unpaidCharges: [(invoiceNumber: String, customerName: String?, amount: Amount)] = [],
        olderUnpaidCharges: CountAndSums = CountAndSums(count: 0, byCurrency: [:]), feeRules: [String: FeeRule] = [:],
        customerNames: [String: String] = [:], interestCutShortAfter: LocalDate? = nil, overtaken: [OvertakenStep] = []
    ) {
        self.overtaken = overtaken
        self.feeRules = feeRules
        self.customerNames = customerNames
        self.interestCutShortAfter = interestCutShortAfter
        self.issued = issued
        self.waiting = waiting
        self.off = off
        self.holdsEnded = holdsEnded
        self.unpaidCharges = unpaidCharges
        self.olderUnpaidCharges = olderUnpaidCharges
    }

    public static func == (lhs: DunningDay, rhs: DunningDay) -> Bool {
        lhs.issued.map(\.reminder) == rhs.issued.map(\.reminder) && lhs.issued.map(\.isTransfer) == rhs.issued.map(\.isTransfer)
            && lhs.waiting == rhs.waiting && lhs.off == rhs.off && lhs.holdsEnded == rhs.holdsEnded
            && lhs.unpaidCharges.map { "\($0)" } == rhs.unpaidCharges.map { "\($0)" }
            && lhs.olderUnpaidCharges == rhs.olderUnpaidCharges && lhs.feeRules == rhs.feeRules
            && lhs.customerNames == rhs.customerNames && lhs.interestCutShortAfter == rhs.interestCutShortAfter
            && lhs.overtaken == rhs.overtaken
    }
}

/// A step an earlier run of the same day issued whose document the ledger has since overtaken: money placed on its
/// invoice, or a hold over it in effect. Its letter or file must not go out as it is; a person decides.
public struct OvertakenStep: Sendable, Equatable {
    public let invoiceNumber: String
    public let customerId: String
    public let customerName: String?
    public let step: Int
    /// Whether it is a transfer to collection (otherwise a reminder).
    public let isTransfer: Bool
    public let channel: ReminderChannel?
    public let dunningClass: String
    /// The document, as the step records it (relative to its run's outbox folder).
    public let file: String?
    /// The money placed on the invoice since the step (nil when none).
    public let paidSince: Amount?
    /// The hold over it in effect today, when no money came (nil when none).
    public let hold: HoldKind?

    /// Creates an overtaken step.
    public init(
        invoiceNumber: String, customerId: String, customerName: String?, step: Int, isTransfer: Bool,
        channel: ReminderChannel?, dunningClass: String, file: String?, paidSince: Amount?, hold: HoldKind?
    ) {
        (self.invoiceNumber, self.customerId, self.customerName) = (invoiceNumber, customerId, customerName)
        (self.step, self.isTransfer) = (step, isTransfer)
        (self.channel, self.dunningClass, self.file) = (channel, dunningClass, file)
        (self.paidSince, self.hold) = (paidSince, hold)
    }

    /// The same step with its document found at `file` (relative to the working directory).
    public func found(at file: String) -> OvertakenStep {
        OvertakenStep(invoiceNumber: invoiceNumber, customerId: customerId, customerName: customerName, step: step,
                      isTransfer: isTransfer, channel: channel, dunningClass: dunningClass, file: file,
                      paidSince: paidSince, hold: hold)
    }
}

/// The credit policy as people read it (`saatava policy`): each class's steps, who follows which class, and the
/// law's caps that bound it.
public struct CreditPolicyView: Sendable, Equatable {
    /// One step of a class's ladder.
    public struct Step: Sendable, Equatable {
        /// Days after the due date (the first step) or after the previous step.
        public let after: Int
        public let isCollection: Bool
        /// Cents.
        public let fee: Int64
        public let payWithin: Int

        /// Creates a step.
        public init(after: Int, isCollection: Bool, fee: Int64, payWithin: Int) {
            self.after = after
            self.isCollection = isCollection
            self.fee = fee
            self.payWithin = payWithin
        }
    }

    /// One class.
    public struct CustomerClass: Sendable, Equatable {
        public let name: String
        public let steps: [Step]
        /// Cents: no step below it.
        public let minimumOpen: Int64
        /// Who follows it: consumers and businesses by default, and customers named by key.
        public let consumers: Bool
        public let businesses: Bool
        public let customers: [String]

        /// Creates a class.
        public init(name: String, steps: [Step], minimumOpen: Int64, consumers: Bool, businesses: Bool, customers: [String]) {
            self.name = name
            self.steps = steps
            self.minimumOpen = minimumOpen
            self.consumers = consumers
            self.businesses = businesses
            self.customers = customers
        }
    }

    /// One figure of the law: what it limits, its values (cents, or days), and the section.
    public struct LegalLimit: Sendable, Equatable {
        /// What a figure of the law limits.
        public enum Kind: Sendable, CaseIterable {
            case consumerReminderFee, consumerSentBeforeDue, consumerDaysAfterDue, consumerInterval, consumerTotal
            case businessReminderFee, businessInterval, compensation, businessTotal
        }

        public let kind: Kind
        /// Cents for fees and caps (one per principal band for the totals), days for the intervals.
        public let values: [Int64]
        public let section: String

        /// Creates a limit.
        public init(kind: Kind, values: [Int64], section: String) {
            self.kind = kind
            self.values = values
            self.section = section
        }
    }

    public let classes: [CustomerClass]
    public let chargesCompensation: Bool
    public let limits: [LegalLimit]

    /// Creates a policy view.
    public init(classes: [CustomerClass], chargesCompensation: Bool, limits: [LegalLimit]) {
        self.classes = classes
        self.chargesCompensation = chargesCompensation
        self.limits = limits
    }
}
