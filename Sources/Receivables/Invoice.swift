/// One invoice (or credit note) the company sent, as its e-invoice (Finvoice) states it.
public struct Invoice: Sendable, Hashable {
    /// What the document is (Finvoice `InvoiceTypeCode`).
    public enum Kind: Sendable, Hashable {
        /// INV01: an invoice, a new receivable.
        case invoice
        /// INV02: a credit note (its amount is negative).
        case creditNote
        /// INV03: an interest invoice (penalty interest).
        case interestInvoice
        /// INV08: a reminder of an earlier invoice, not a new receivable.
        case reminder
        /// Any other code, as written.
        case other(String)

        /// Reads a Finvoice type code.
        public init(code: String) {
            switch code {
            case "INV01": self = .invoice
            case "INV02": self = .creditNote
            case "INV03": self = .interestInvoice
            case "INV08": self = .reminder
            default: self = .other(code)
            }
        }

        /// `invoice`, `credit_note`, `interest_invoice`, `reminder`, or the raw code (docs/design.md, "Records" `type`).
        public var name: String {
            switch self {
            case .invoice: return "invoice"
            case .creditNote: return "credit_note"
            case .interestInvoice: return "interest_invoice"
            case .reminder: return "reminder"
            case .other(let code): return code
            }
        }
    }

    /// A postal address as the invoice gives it; each part may be missing.
    public struct PostalAddress: Sendable, Hashable {
        public var street: String?
        public var postCode: String?
        public var town: String?
        public var country: String?

        /// Creates an address.
        public init(street: String? = nil, postCode: String? = nil, town: String? = nil, country: String? = nil) {
            self.street = street
            self.postCode = postCode
            self.town = town
            self.country = country
        }
    }

    /// The format and version, e.g. `finvoice-3.0`.
    public var format: String
    /// The file the invoice was read from.
    public var file: String
    /// The seller's invoice number.
    public var invoiceNumber: String
    /// What the document is.
    public var kind: Kind
    /// The invoice date.
    public var invoiceDate: LocalDate
    /// The due date: `InvoiceDueDate`, else `EpiDateOptionDate`.
    public var dueDate: LocalDate?
    /// The total with VAT; negative for a credit note.
    public var amount: Amount
    /// The payment reference the buyer should use.
    public var reference: StatedReference?
    /// The seller's business ID (Y-tunnus), canonical where valid.
    public var sellerId: String?
    /// The seller's name (its `SellerOrganisationName` lines joined), for reminders.
    public var sellerName: String?
    /// The account the payment should arrive in (`EpiAccountID`), as an IBAN where possible.
    public var sellerAccount: String?
    /// The buyer's business ID, canonical where valid, or whatever identifier the invoice gives.
    public var buyerId: String?
    /// The buyer's name.
    public var buyerName: String?
    /// Whether the buyer is a consumer: the invoice names no business ID (`BuyerPartyIdentifier`) and no VAT
    /// number (`BuyerOrganisationTaxCode`) for the buyer.
    public var isConsumer: Bool
    /// Whether a credit note cancels its original invoice (`OriginCode` `Cancel`).
    public var isCancellation: Bool
    /// The invoice a credit note (or reminder) refers to.
    public var originalInvoiceNumber: String?
    /// The contractual penalty interest, percent per year, as a decimal with a dot (`11.5`).
    public var overdueInterestPercent: String?
    /// The buyer's postal address, for reminders.
    public var buyerAddress: PostalAddress?
    /// The recipient's language code (`fi`, `sv`, `en`), for reminders.
    public var language: String?
    /// The seller's own customer number for the buyer (Finvoice `InvoiceDetails/SellersBuyerIdentifier`): what
    /// tells one consumer from another when the buyer has no business ID.
    public var sellersBuyerIdentifier: String?
    /// The buyer's e-invoice address, where a Finvoice reminder goes: `InvoiceRecipientAddress`, else the
    /// message's `ToIdentifier`, else the SOAP frame's receiver. Nil when the invoice names none (letters then).
    public var eInvoiceAddress: String?
    /// The operator (intermediator) that serves `eInvoiceAddress`, usually a BIC or an operator ID, from the same
    /// place as the address: `InvoiceRecipientIntermediatorAddress`, `ToIntermediator` or the frame's intermediator.
    public var eInvoiceIntermediator: String?

    /// Creates an invoice.
    public init(
        format: String, file: String, invoiceNumber: String, kind: Kind, invoiceDate: LocalDate, dueDate: LocalDate?,
        amount: Amount, reference: StatedReference?, sellerId: String?, sellerName: String?, sellerAccount: String?,
        buyerId: String?,
        buyerName: String?, isConsumer: Bool, isCancellation: Bool, originalInvoiceNumber: String?,
        overdueInterestPercent: String?, buyerAddress: PostalAddress?, language: String?,
        sellersBuyerIdentifier: String? = nil, eInvoiceAddress: String? = nil, eInvoiceIntermediator: String? = nil
    ) {
        self.format = format
        self.file = file
        self.invoiceNumber = invoiceNumber
        self.kind = kind
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.amount = amount
        self.reference = reference
        self.sellerId = sellerId
        self.sellerName = sellerName
        self.sellerAccount = sellerAccount
        self.buyerId = buyerId
        self.buyerName = buyerName
        self.isConsumer = isConsumer
        self.isCancellation = isCancellation
        self.originalInvoiceNumber = originalInvoiceNumber
        self.overdueInterestPercent = overdueInterestPercent
        self.buyerAddress = buyerAddress
        self.language = language
        self.sellersBuyerIdentifier = sellersBuyerIdentifier
        self.eInvoiceAddress = eInvoiceAddress
        self.eInvoiceIntermediator = eInvoiceIntermediator
    }
}
