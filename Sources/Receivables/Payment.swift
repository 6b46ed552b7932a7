/// One payment as a bank file reports it (camt.054, camt.053 or KTL): who paid what, when, with which reference.
public struct Payment: Sendable, Hashable {
    /// Money in (`credit`) or out (`debit`) of the account.
    public enum Direction: String, Sendable {
        case credit
        case debit
    }

    /// Whether the bank has booked the entry. Only booked entries are money on the account.
    public enum EntryStatus: Sendable, Hashable {
        /// `BOOK`: booked on the account.
        case booked
        /// `PDNG`: pending, not yet booked.
        case pending
        /// `INFO`: for information only, never booked.
        case information
        /// Any other status code, as written.
        case other(String)

        /// Reads a camt status code.
        public init(code: String) {
            switch code {
            case "BOOK": self = .booked
            case "PDNG": self = .pending
            case "INFO": self = .information
            default: self = .other(code)
            }
        }

        /// `booked`, `pending`, `info`, or the other code in lower case.
        public var name: String {
            switch self {
            case .booked: return "booked"
            case .pending: return "pending"
            case .information: return "info"
            case .other(let code): return code.lowercased()
            }
        }
    }

    /// One structured remittance block of a payment that settles several documents (camt `Strd`).
    public struct Part: Sendable, Hashable {
        /// The creditor reference of the block, if it has one.
        public var reference: StatedReference?
        /// The amount remitted for the document; negative for a credit note deducted (`CdtNoteAmt`).
        public var amount: Amount?
        /// The referred document's type code (`CINV` invoice, `CREN` credit note), if stated.
        public var documentType: String?
        /// The referred document's number, if stated.
        public var documentNumber: String?

        /// Creates a part.
        public init(
            reference: StatedReference? = nil, amount: Amount? = nil, documentType: String? = nil,
            documentNumber: String? = nil
        ) {
            self.reference = reference
            self.amount = amount
            self.documentType = documentType
            self.documentNumber = documentNumber
        }
    }

    /// The file format and version, e.g. `camt.054.001.02` or `ktl`.
    public var format: String
    /// The file the payment was read from.
    public var file: String
    /// The account credited or debited (an IBAN where the bank gives one).
    public var account: String?
    /// The bank's message id (camt `GrpHdr/MsgId`).
    public var messageId: String?
    /// The archive id of the entry (camt `Ntry/AcctSvcrRef`), which ties a batch to the statement line.
    public var entryArchiveId: String?
    /// The payment's own archive id (arkistointitunnus), or a stable synthetic one derived from its entry.
    public var archiveId: String
    /// The day the bank booked the payment.
    public var bookingDate: LocalDate?
    /// The value date.
    public var valueDate: LocalDate?
    /// The day the payer paid (camt `AccptncDtTm`, KTL payment date).
    public var paymentDate: LocalDate?
    /// The amount, never negative (`direction` tells which way it went); nil when the bank did not state it
    /// (a transaction without its own amount in an entry that holds several).
    public var amount: Amount?
    /// The currency of the payment (of `amount` when stated, else of the entry).
    public var currency: Currency
    /// Money in or out.
    public var direction: Direction
    /// Whether this entry reverses an earlier one (camt `RvslInd`, KTL correction).
    public var isReversal: Bool
    /// The first structured creditor reference.
    public var reference: StatedReference?
    /// Free-text remittance information (camt `Ustrd` lines, joined by line breaks).
    public var remittanceText: String?
    /// The payer's name.
    public var payerName: String?
    /// The payer's end-to-end id, if given (`NOTPROVIDED` counts as not given).
    public var endToEndId: String?
    /// Why the payment was returned or failed (camt `RtrInf` reason code, KTL feedback code), if it was.
    public var returnReason: String?
    /// Whether the entry is booked, pending or informational.
    public var entryStatus: EntryStatus
    /// The amount the payer instructed, when it differs in currency from `amount` (foreign payments).
    public var instructedAmount: Amount?
    /// Charges the bank took for the payment.
    public var charges: Amount?
    /// The structured remittance blocks, when there are several (one payment for several documents).
    public var parts: [Part]
    /// For a statement's entry that sums up a batch without listing it (`Btch/NbOfTxs`, no transaction details, as a
    /// day's reference payments notified by KTL or camt.054): how many payments it holds; nil otherwise.
    public var batchCount: Int?

    /// Creates a payment.
    public init(
        format: String, file: String, account: String?, messageId: String?, entryArchiveId: String?,
        archiveId: String, bookingDate: LocalDate?, valueDate: LocalDate?, paymentDate: LocalDate?, amount: Amount?,
        currency: Currency,
        direction: Direction, isReversal: Bool, reference: StatedReference?, remittanceText: String?,
        payerName: String?, endToEndId: String?, returnReason: String?, entryStatus: EntryStatus,
        instructedAmount: Amount?, charges: Amount?, parts: [Part]
    ) {
        self.format = format
        self.file = file
        self.account = account
        self.messageId = messageId
        self.entryArchiveId = entryArchiveId
        self.archiveId = archiveId
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.paymentDate = paymentDate
        self.amount = amount
        self.currency = currency
        self.direction = direction
        self.isReversal = isReversal
        self.reference = reference
        self.remittanceText = remittanceText
        self.payerName = payerName
        self.endToEndId = endToEndId
        self.returnReason = returnReason
        self.entryStatus = entryStatus
        self.instructedAmount = instructedAmount
        self.charges = charges
        self.parts = parts
    }

    /// Whether this is money received: a booked credit of a stated amount that is neither a reversal nor a return.
    public var isMoneyReceived: Bool {
        amount != nil && direction == .credit && entryStatus == .booked && !isReversal && returnReason == nil
    }
}
