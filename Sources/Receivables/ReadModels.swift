/// An invoice as the ledger's `invoices` view shows it (docs/design.md, "Ledger views"): a receivable, with what was paid and
/// credited on it.
public struct InvoiceView: Sendable, Equatable {
    public let invoiceNumber: String
    public let reference: String?
    /// The customer's stable key (`id:<business ID>`, `cust:…`, `einvoice:…`, `name:…`).
    public let customerId: String
    public let customerName: String?
    public let consumer: Bool
    public let currency: Currency
    /// What was invoiced, in minor units.
    public let amount: Int64
    public let paid: Int64
    public let credited: Int64
    public let invoiceDate: LocalDate
    public let dueDate: LocalDate?
    /// How many reminders were issued for it.
    public let dunningLevel: Int
    /// Where dunning stands with it while money is owed: transferred to collection, disputed or on hold (an active
    /// hold, dispute or payment plan); nil otherwise.
    public let dunningStanding: InvoiceStatus?
    /// The reminders' interest, fees and compensation not paid yet, in minor units.
    public let charges: Int64

    /// Creates a view of an invoice.
    public init(
        invoiceNumber: String, reference: String?, customerId: String, customerName: String?, consumer: Bool,
        currency: Currency, amount: Int64, paid: Int64, credited: Int64, invoiceDate: LocalDate, dueDate: LocalDate?,
        dunningLevel: Int, dunningStanding: InvoiceStatus? = nil, charges: Int64 = 0
    ) {
        self.invoiceNumber = invoiceNumber
        self.reference = reference
        self.customerId = customerId
        self.customerName = customerName
        self.consumer = consumer
        self.currency = currency
        self.amount = amount
        self.paid = paid
        self.credited = credited
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.dunningLevel = dunningLevel
        self.dunningStanding = dunningStanding
        self.charges = charges
    }

    /// What is still owed.
    public var open: Int64 { amount - paid - credited }

    /// Paid or credited by the money on it; while money is owed, in collection, disputed or on hold where dunning
    /// stands so, else open or partially paid. (Paid in full while in collection: paid, the transfer kept.)
    public var status: InvoiceStatus {
        if open <= 0 { return paid == 0 && credited > 0 ? .credited : .paid }
        return dunningStanding ?? (paid + credited > 0 ? .partiallyPaid : .open)
    }
}

/// A payment as the ledger's `payments` view shows it (docs/design.md, "Ledger views"), with what the accountant needs to decide.
public struct PaymentView: Sendable, Equatable {
    /// Money a payment has on one invoice (its allocations there, less those undone), and the rule that placed it.
    public struct Applied: Sendable, Equatable {
        public let invoiceNumber: String
        public let amount: Int64
        public let rule: MatchRule

        /// Creates what a payment has on one invoice.
        public init(invoiceNumber: String, amount: Int64, rule: MatchRule) {
            self.invoiceNumber = invoiceNumber
            self.amount = amount
            self.rule = rule
        }
    }

    public let archiveId: String
    public let account: String
    public let bookingDate: LocalDate?
    /// In minor units; nil when the bank stated none.
    public let amount: Int64?
    public let currency: Currency
    public let reference: String?
    public let payerName: String?
    public let remittanceText: String?
    public let status: PaymentStatus
    public let reason: UnappliedReason?
    /// Minor units not applied to any invoice.
    public let unapplied: Int64
    public let allocations: [Applied]
    /// For a reversal: the archive id of the payment it undid.
    public let reverses: String?
    public let suggestedInvoice: String?
    public let suggestionRule: MatchRule?
    /// From 0 to 1.
    public let confidence: Double?

    /// Creates a view of a payment.
    public init(
        archiveId: String, account: String, bookingDate: LocalDate?, amount: Int64?, currency: Currency, reference: String?,
        payerName: String?, remittanceText: String?, status: PaymentStatus, reason: UnappliedReason?, unapplied: Int64,
        allocations: [Applied], reverses: String?, suggestedInvoice: String?, suggestionRule: MatchRule?, confidence: Double?
    ) {
        self.archiveId = archiveId
        self.account = account
        self.bookingDate = bookingDate
        self.amount = amount
        self.currency = currency
        self.reference = reference
        self.payerName = payerName
        self.remittanceText = remittanceText
        self.status = status
        self.reason = reason
        self.unapplied = unapplied
        self.allocations = allocations
        self.reverses = reverses
        self.suggestedInvoice = suggestedInvoice
        self.suggestionRule = suggestionRule
        self.confidence = confidence
    }
}

/// A credit note's credit beyond what its invoice owed: the customer's to refund or set against a later invoice.
public struct CustomerCredit: Sendable, Equatable {
    public let creditNote: String
    public let customerName: String?
    public let amount: Amount

    /// Creates a customer credit.
    public init(creditNote: String, customerName: String?, amount: Amount) {
        self.creditNote = creditNote
        self.customerName = customerName
        self.amount = amount
    }
}

/// How many of something, and how much money per currency (never summed across currencies).
public struct CountAndSums: Sendable, Equatable {
    public let count: Int
    public let byCurrency: [Currency: Int64]

    /// Creates a count with its sums.
    public init(count: Int, byCurrency: [Currency: Int64]) {
        self.count = count
        self.byCurrency = byCurrency
    }
}

/// A decision on a payment as a run applied it (from a file in inbox/decisions/), for the day's page.
public struct AppliedDecision: Sendable, Equatable {
    public let archiveId: String
    public let decision: Decision
    /// What it placed, refunded or set aside, in minor units of `currency`.
    public let amount: Int64
    public let currency: Currency
    public let note: String?
    /// The file it came from (`decisions/NAME.csv`).
    public let source: String

    /// Creates an applied decision.
    public init(archiveId: String, decision: Decision, amount: Int64, currency: Currency, note: String?,
                source: String) {
        self.archiveId = archiveId
        self.decision = decision
        self.amount = amount
        self.currency = currency
        self.note = note
        self.source = source
    }
}
