/// One invoice transferred to the collection agency (docs/collection.md), as the day's transfer file states it: the
/// debtor, the invoice with what was paid and credited on it, the penalty interest through the transfer day, the
/// fees and compensation its reminders charged with the law's sections, and the reminders themselves.
public struct TransferClaim: Sendable, Equatable {
    /// Penalty interest through the transfer day, with its rate and the period it covers.
    public struct Interest: Sendable, Equatable {
        /// In minor units, summed exactly and rounded once (`PenaltyInterest`).
        public let amount: Int64
        /// The first and last day counted (the day after the due date; the transfer day, or the last day the
        /// reference-rate table covers); nil when no day was counted.
        public let from: LocalDate?
        public let through: LocalDate?
        /// The penalty rate on `through` in percent (`"9.5"`), nil when no day was counted.
        public let rate: String?
        /// The section that sets the rate (`633/1982 4 §` for a consumer, `4 a §` for a business debtor).
        public let section: String

        /// Creates the interest of a claim.
        public init(amount: Int64, from: LocalDate?, through: LocalDate?, rate: String?, section: String) {
            self.amount = amount
            self.from = from
            self.through = through
            self.rate = rate
            self.section = section
        }
    }

    /// The debtor, with identity, address, language and e-invoice routing.
    public let debtor: Customer
    /// The invoice: number, reference, dates, currency, `amount` as invoiced, `paid`, `credited`.
    public let invoice: InvoiceView
    public let transferredOn: LocalDate
    public let interest: Interest
    /// Reminder fees charged on the invoice (sum over its reminders, after the compensation's offset), minor units.
    public let fees: Int64
    /// The standard compensation charged (513/1999 10 i §), minor units.
    public let compensation: Int64
    /// The rules under which fees were charged: each distinct `feeRule` of a reminder that charged a fee.
    public let feeRules: [String]
    /// The section of the compensation, when one was charged.
    public let compensationSection: String?
    /// The reminders issued before the transfer, in order.
    public let reminders: [ReminderView]
    /// What payments paid of the interest and charges before the transfer (0 unless a reversal reopened the principal
    /// after they were paid: payments pay the principal first), at most the interest, fees and compensation the claim
    /// asks, minor units.
    public let chargesPaid: Int64

    /// Creates a claim.
    public init(
        debtor: Customer, invoice: InvoiceView, transferredOn: LocalDate, interest: Interest, fees: Int64, compensation: Int64,
        feeRules: [String], compensationSection: String?, reminders: [ReminderView], chargesPaid: Int64 = 0
    ) {
        self.debtor = debtor
        self.invoice = invoice
        self.transferredOn = transferredOn
        self.interest = interest
        self.fees = fees
        self.compensation = compensation
        self.feeRules = feeRules
        self.compensationSection = compensationSection
        self.reminders = reminders
        self.chargesPaid = chargesPaid
    }

    public var currency: Currency { invoice.currency }
    /// Principal still owed: amount − paid − credited.
    public var open: Int64 { invoice.amount - invoice.paid - invoice.credited }
    /// What the agency collects: the open principal, interest, fees and compensation, less what was paid of them.
    public var total: Int64 { open + interest.amount + fees + compensation - chargesPaid }
}

/// A payment received for an invoice already transferred to collection, as reported to the agency
/// (`collection/payments-<day>.csv`): what it applied to that invoice.
public struct CollectionPayment: Sendable, Equatable {
    public let invoiceNumber: String
    public let archiveId: String
    public let bookingDate: LocalDate?
    /// What the payment applied to the invoice (principal and charges), in minor units; negative when undone.
    public let amount: Int64
    public let currency: Currency
    public let payerName: String?

    /// Creates a payment to report.
    public init(invoiceNumber: String, archiveId: String, bookingDate: LocalDate?, amount: Int64, currency: Currency, payerName: String?) {
        self.invoiceNumber = invoiceNumber
        self.archiveId = archiveId
        self.bookingDate = bookingDate
        self.amount = amount
        self.currency = currency
        self.payerName = payerName
    }
}

/// A row of the ledger's `transfers` view (docs/design.md, "Ledger views"): an invoice transferred to collection, what is owed on
/// it now, and the interest, fees and compensation claimed with it.
public struct TransferView: Sendable, Equatable {
    public let invoiceNumber: String
    public let customerId: String
    public let transferredOn: LocalDate
    public let currency: Currency
    /// Minor units: as invoiced, paid, credited and still open now.
    public let amount: Int64
    public let paid: Int64
    public let credited: Int64
    /// Penalty interest through the transfer day, fees and compensation charged by its reminders (minor units).
    public let interest: Int64
    public let fees: Int64
    public let compensation: Int64
    /// The transfer file, relative to the day's outbox.
    public let file: String?

    /// Creates a row.
    public init(
        invoiceNumber: String, customerId: String, transferredOn: LocalDate, currency: Currency, amount: Int64, paid: Int64,
        credited: Int64, interest: Int64, fees: Int64, compensation: Int64, file: String?
    ) {
        self.invoiceNumber = invoiceNumber
        self.customerId = customerId
        self.transferredOn = transferredOn
        self.currency = currency
        self.amount = amount
        self.paid = paid
        self.credited = credited
        self.interest = interest
        self.fees = fees
        self.compensation = compensation
        self.file = file
    }

    public var open: Int64 { amount - paid - credited }
}
