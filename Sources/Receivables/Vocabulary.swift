/// What became of a payment (docs/design.md, "Ledger views").
public enum PaymentStatus: String, Sendable, CaseIterable {
    /// Not placed yet; or an entry the bank has not booked yet (`PDNG`).
    case pending
    case matched
    /// Money not applied, for the accountant to decide (`reason` says why).
    case unmatched
    /// Undone by a later reversal.
    case reversed
    /// A reversal entry (of the payment in `reverses`, when it was found).
    case reversal
    case refunded
    /// Not for an invoice: by the accountant's decision, or an entry that is no money (informational, returned).
    case ignored
}

/// Why a payment is not (fully) applied (docs/design.md, "The day's outputs").
public enum UnappliedReason: String, Sendable, CaseIterable {
    case noReference = "no_reference"
    case invalidReference = "invalid_reference"
    case unknownReference = "unknown_reference"
    /// The invoice was already paid: likely a duplicate.
    case invoiceSettled = "invoice_settled"
    /// The excess over what the invoices owed.
    case overpayment
    case currency
    /// Outgoing money, not a receipt.
    case debit
    /// A reversal whose original is unknown.
    case reversalUnmatched = "reversal_unmatched"
    /// A reversal of another amount than the payment it names (the bank took back a part): nothing is undone.
    case partialReversal = "partial_reversal"
    /// The reference names several open invoices and the amount does not tell them apart.
    case ambiguous
    case zeroAmount = "zero_amount"
}

/// Where an invoice stands (docs/design.md, "Ledger views").
public enum InvoiceStatus: String, Sendable, CaseIterable {
    case open
    case partiallyPaid = "partially_paid"
    case paid
    /// Reduced to nothing by credit notes, with nothing paid.
    case credited
    case onHold = "on_hold"
    case disputed
    case inCollection = "in_collection"
}

/// Which rule placed money on an invoice, or suggested where it belongs.
public struct MatchRule: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The payment's reference names the invoice (Finnish or RF form, zeros and spaces ignored).
    public static let reference = MatchRule(rawValue: "reference")
    /// One part of a payment that settles several documents names the invoice.
    public static let part = MatchRule(rawValue: "part")
    /// A credit note reduces its original invoice.
    public static let creditNote = MatchRule(rawValue: "credit_note")
    /// The accountant assigned the payment to the invoice.
    public static let decision = MatchRule(rawValue: "decision")
    /// What a payment paid of an invoice's penalty interest, fees and compensation, after its principal.
    public static let charges = MatchRule(rawValue: "charges")
    /// The opposite row of an allocation a reversal undid.
    public static let undo = MatchRule(rawValue: "undo")
    /// Suggestion: an open invoice's number appears in the payment's free text.
    public static let invoiceNumberInText = MatchRule(rawValue: "invoice_number_in_text")
    /// Suggestion: the reference is one digit off, or has two adjacent digits swapped, from exactly one open
    /// invoice of the same amount.
    public static let referenceTypo = MatchRule(rawValue: "reference_typo")
    /// Suggestion: the only open invoice of exactly this amount, whose customer's name resembles the payer's.
    public static let amountAndName = MatchRule(rawValue: "amount_and_name")
}

/// An accountant's decision on a payment.
public enum Decision: Sendable, Equatable {
    /// Apply the payment's unapplied money to this invoice.
    case assign(invoiceNumber: String)
    /// The money not applied goes back to the payer.
    case refund
    /// Not for an invoice (a payment that is not a customer's payment of an invoice).
    case ignore
}
