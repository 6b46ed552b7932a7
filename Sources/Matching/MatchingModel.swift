public import Receivables

/// An invoice as matching sees it: what is still owed on it, and how a payment can name it.
public struct OpenItem: Sendable, Hashable {
    /// What identifies the invoice to the caller (the ledger uses its row id): unique among the items given.
    public let id: Int64
    /// The seller's invoice number.
    public let invoiceNumber: String
    /// The key under which its reference matches a payment's (`CreditorReference.matchingKey`), if it has one.
    public let referenceKey: String?
    /// The invoice's currency.
    public let currency: Currency
    /// When it falls due (instalments sharing a reference are paid oldest due date first).
    public let dueDate: LocalDate?
    /// The customer's name, for suggestions by name.
    public let customerName: String?
    /// What is still owed, in minor units (0 when settled).
    public var open: Int64
    /// Penalty interest, fees and compensation its reminders claimed and no payment has paid yet (minor units):
    /// a payment pays them after the principal, before anything is an overpayment.
    public var charges: Int64
    /// Whether a seller other than the creditor the payments are for issued it: a payment under a reference that
    /// the creditor's own invoices owe under too pays those, never this one.
    public let isAnotherSellers: Bool

    /// Creates an open item.
    public init(
        id: Int64, invoiceNumber: String, referenceKey: String?, currency: Currency, dueDate: LocalDate?,
        customerName: String?, open: Int64, charges: Int64 = 0, isAnotherSellers: Bool = false
    ) {
        self.id = id
        self.invoiceNumber = invoiceNumber
        self.referenceKey = referenceKey
        self.currency = currency
        self.dueDate = dueDate
        self.customerName = customerName
        self.open = open
        self.charges = charges
        self.isAnotherSellers = isAnotherSellers
    }
}

/// A credit note waiting to reduce its original invoice.
public struct CreditToApply: Sendable, Hashable {
    /// What identifies the credit note to the caller (the ledger uses its row id).
    public let id: Int64
    /// The credit note's own number.
    public let creditNoteNumber: String
    /// The invoice it names (`OriginalInvoiceNumber`), if it names one.
    public let originalInvoiceNumber: String?
    /// Its reference key, used when it names no original invoice.
    public let referenceKey: String?
    /// How much it credits, in minor units (positive).
    public let amount: Int64
    /// The ids of the invoices it may reduce: two sellers' invoices may share a number or a key, and a credit note
    /// reduces only its own seller's (the ledger names its seller's invoice of the original number if booked, else its
    /// seller's invoices under its key). None: it waits.
    public let invoiceIds: [Int64]

    /// Creates a credit to apply.
    public init(
        id: Int64, creditNoteNumber: String, originalInvoiceNumber: String?, referenceKey: String?, amount: Int64,
        invoiceIds: [Int64]
    ) {
        self.id = id
        self.creditNoteNumber = creditNoteNumber
        self.originalInvoiceNumber = originalInvoiceNumber
        self.referenceKey = referenceKey
        self.amount = amount
        self.invoiceIds = invoiceIds
    }
}

/// A payment that matching is to place: only what matching looks at, so that a day's worth stays small.
public struct PaymentToMatch: Sendable, Hashable {
    /// One structured remittance block of a payment that settles several documents.
    public struct Part: Sendable, Hashable {
        /// The key of the invoice (or credit note) the block names by reference; a credit note may be named by its
        /// number alone (`documentNumber`).
        public let referenceKey: String?
        /// The credit note's number, for a block that deducts a credit note (`CREN`).
        public let documentNumber: String?
        /// The amount remitted for an invoice (minor units, positive), or nil when the block states none.
        public let amount: Int64?
        /// Whether the block deducts a credit note (document type `CREN`, or a negative amount) instead of
        /// paying an invoice.
        public let isCreditNote: Bool

        /// The block as matching uses it; nil for one that names nothing.
        init?(reference: StatedReference?, amount: Int64?, documentType: String?, documentNumber: String?) {
            isCreditNote = documentType?.uppercased() == "CREN" || (amount ?? 0) < 0
            referenceKey = reference?.matchingKey
            self.documentNumber = isCreditNote ? documentNumber : nil
            guard referenceKey != nil || self.documentNumber != nil else { return nil }
            self.amount = isCreditNote ? nil : amount.flatMap { $0 > 0 ? $0 : nil }
        }
    }

    /// One structured remittance block as booked: its reference, amount (minor units, negative for a credit note
    /// deducted), document type and number.
    public typealias RemittanceBlock = (
        reference: StatedReference?, amount: Int64?, documentType: String?, documentNumber: String?
    )

    /// What identifies the payment to the caller (the ledger uses its row id): unique among the payments given.
    public let id: Int64
    /// The bank's archive id; a reversal may carry its original's.
    public let archiveId: String
    /// The account it arrived in.
    public let account: String?
    /// The day the bank booked it (nil when the bank gave none): a reversal undoes no payment booked after it.
    public let bookingDate: LocalDate?
    /// The amount in minor units (nil when the bank did not state one).
    public let amount: Int64?
    public let currency: Currency
    public let direction: Payment.Direction
    public let isReversal: Bool
    /// Whether the bank has booked the entry (`BOOK`): a pending or informational entry is no money on the account.
    public let isBooked: Bool
    /// Whether the entry is pending (`PDNG`): it may be booked later under the same archive id.
    public let isPending: Bool
    /// Whether the bank returned the payment (a return reason is given).
    public let isReturned: Bool
    public let reference: StatedReference?
    /// The blocks naming invoices by reference, when the payment settles several documents.
    public let parts: [Part]
    public let remittanceText: String?
    public let payerName: String?

    /// The matching view of a payment as the bank reported it.
    public init(id: Int64, account: String?, payment: Payment) {
        self.init(
            id: id, archiveId: payment.archiveId, account: account, bookingDate: payment.bookingDate,
            amount: payment.amount?.minorUnits,
            currency: payment.currency, direction: payment.direction, isReversal: payment.isReversal,
            entryStatus: payment.entryStatus, returnReason: payment.returnReason, reference: payment.reference,
            remittanceBlocks: payment.parts.map { ($0.reference, $0.amount?.minorUnits, $0.documentType, $0.documentNumber) },
            remittanceText: payment.remittanceText, payerName: payment.payerName)
    }

    /// The matching view of a payment from its fields as booked (see `Payment` for each), without building the
    /// whole payment. `remittanceBlocks` are its structured blocks: they become `parts` when there are several.
    public init(
        id: Int64, archiveId: String, account: String?, bookingDate: LocalDate?, amount: Int64?, currency: Currency,
        direction: Payment.Direction, isReversal: Bool, entryStatus: Payment.EntryStatus, returnReason: String?,
        reference: StatedReference?, remittanceBlocks: [RemittanceBlock], remittanceText: String?, payerName: String?
    ) {
        self.id = id
        self.archiveId = archiveId
        self.account = account
        self.bookingDate = bookingDate
        self.amount = amount
        self.currency = currency
        self.direction = direction
        self.isReversal = isReversal
        isBooked = entryStatus == .booked
        isPending = entryStatus == .pending
        isReturned = returnReason != nil
        self.reference = reference
        parts = remittanceBlocks.count > 1
            ? remittanceBlocks.compactMap {
                Part(reference: $0.reference, amount: $0.amount, documentType: $0.documentType, documentNumber: $0.documentNumber)
            } : []
        self.remittanceText = remittanceText
        self.payerName = payerName
    }
}

/// A payment of an earlier run that a reversal may undo: one still in effect (matched, or decided by the
/// accountant), with what it was applied to (nothing, when it was never applied).
public struct PriorPayment: Sendable, Hashable {
    /// The payment's id, as `PaymentToMatch.id`.
    public let id: Int64
    /// The bank's archive id, by which a reversal may name it.
    public let archiveId: String
    public let account: String?
    public let referenceKey: String?
    public let amount: Int64
    public let bookingDate: LocalDate?
    /// What it was applied to.
    public var allocations: [Allocation]

    /// Creates a prior payment.
    public init(
        id: Int64, archiveId: String, account: String?, referenceKey: String?, amount: Int64, bookingDate: LocalDate?,
        allocations: [Allocation]
    ) {
        self.id = id
        self.archiveId = archiveId
        self.account = account
        self.referenceKey = referenceKey
        self.amount = amount
        self.bookingDate = bookingDate
        self.allocations = allocations
    }
}

/// Money of a payment (or a credit note) placed on an invoice.
public struct Allocation: Sendable, Hashable {
    /// The payment's id; for a credit note's allocation, the credit note's (`CreditToApply.id`).
    public let paymentId: Int64
    /// The invoice's id (`OpenItem.id`): the ledger books by it, without looking the number up.
    public let invoiceId: Int64
    public let invoiceNumber: String
    /// The invoice's currency, which is the payment's.
    public let currency: Currency
    public let amount: Int64
    public let rule: MatchRule
    /// Whether it pays the invoice's interest, fees and compensation rather than its principal.
    public let paysCharges: Bool

    /// Creates an allocation.
    public init(
        paymentId: Int64, invoiceId: Int64, invoiceNumber: String, currency: Currency, amount: Int64, rule: MatchRule,
        paysCharges: Bool = false
    ) {
        self.paymentId = paymentId
        self.invoiceId = invoiceId
        self.invoiceNumber = invoiceNumber
        self.currency = currency
        self.amount = amount
        self.rule = rule
        self.paysCharges = paysCharges
    }

    /// The money of `amount` placed on `item` (on its charges, if `paysCharges`).
    init(paymentId: Int64, item: OpenItem, amount: Int64, rule: MatchRule, paysCharges: Bool = false) {
        self.init(paymentId: paymentId, invoiceId: item.id, invoiceNumber: item.invoiceNumber, currency: item.currency,
                  amount: amount, rule: paysCharges ? .charges : rule, paysCharges: paysCharges)
    }
}

/// Where an unmatched payment probably belongs, and how sure the rule is.
public struct Suggestion: Sendable, Hashable {
    public let invoiceNumber: String
    public let rule: MatchRule
    /// From 0 to 1.
    public let confidence: Double

    /// Creates a suggestion.
    public init(invoiceNumber: String, rule: MatchRule, confidence: Double) {
        self.invoiceNumber = invoiceNumber
        self.rule = rule
        self.confidence = confidence
    }
}

/// What matching concluded for one payment.
public struct PaymentOutcome: Sendable, Hashable {
    public var status: PaymentStatus
    public var reason: UnappliedReason?
    /// Minor units not applied to any invoice.
    public var unapplied: Int64
    /// Where the payment probably belongs, for one left unmatched.
    public var suggestion: Suggestion? {
        get { suggested?.suggestion }
        set { suggested = newValue.map(SuggestionBox.init) }
    }
    /// For a reversal: the payment it reverses.
    public var reverses: Int64?
    /// The suggestion, held apart: few payments have one, and a big day's outcomes are kept by the hundred thousand
    /// (40 bytes each instead of 72).
    private var suggested: SuggestionBox?

    init(status: PaymentStatus, reason: UnappliedReason?, unapplied: Int64) {
        self.status = status
        self.reason = reason
        self.unapplied = unapplied
    }
}

/// A suggestion kept out of line in its outcome.
private final class SuggestionBox: Sendable, Hashable, CustomStringConvertible {
    let suggestion: Suggestion

    init(_ suggestion: Suggestion) { self.suggestion = suggestion }

    /// The suggestion's, so that an outcome prints it.
    var description: String { "\(suggestion)" }

    static func == (left: SuggestionBox, right: SuggestionBox) -> Bool { left.suggestion == right.suggestion }

    func hash(into hasher: inout Hasher) { hasher.combine(suggestion) }
}
