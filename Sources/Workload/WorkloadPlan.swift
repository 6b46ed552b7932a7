public import Receivables

/// A synthetic day of receivables work: the invoices a company sent and the payments its bank reported, each
/// payment made to exercise one case the matching engine handles, with what a correct run concludes.
public struct WorkloadPlan: Sendable {
    /// One customer.
    public struct Customer: Sendable {
        public let name: String
        public let businessID: String?
        public let street: String
        public let postCode: String
        public let town: String
        public let language: String

        /// The seller's number for the customer (Finvoice `SellersBuyerIdentifier`): one per street address.
        public var customerNumber: String { "AS" + street.filter(\.isNumber) }

        /// Where the customer receives e-invoices: a business's OVT code (0037 and its business ID's digits), a
        /// consumer's e-invoice address of its own.
        public var eInvoiceAddress: String {
            businessID.map { "0037" + $0.filter(\.isNumber) } ?? "FI00EINV" + street.filter(\.isNumber)
        }
    }

    /// One invoice or credit note, and its expected state after the day's run.
    public struct PlannedInvoice: Sendable {
        public let invoiceNumber: String
        public let kind: Invoice.Kind
        public let customer: Customer
        public let invoiceDate: LocalDate
        public let dueDate: LocalDate
        public let amount: Amount
        public let reference: CreditorReference
        /// How the reference is written in the Finvoice (`SPY` 20-digit form, or `ISO` RF form).
        public let writesRFReference: Bool
        public let originalInvoiceNumber: String?
        public let overdueInterestPercent: String
        /// Expected after the run: amount credited by credit notes, amount paid, amount still open, status.
        public var credited: Int64 = 0
        public var paid: Int64 = 0
        public var status = "open"
    }

    /// How a payment was made, i.e. which matching case it exercises.
    public enum Case: String, Sendable, CaseIterable {
        case exact, rfForm = "rf_form", leadingZeros = "leading_zeros", partial, twoPartials = "two_partials"
        case overpayment, duplicate, wrongCheckDigit = "wrong_check_digit", invoiceNumberInText = "invoice_number_in_text"
        case unknownReference = "unknown_reference", reversed, reversal, creditNoteNet = "credit_note_net"
    }

    /// One payment and its expected state after the day's run.
    public struct PlannedPayment: Sendable {
        public let archiveId: String
        public let amount: Amount
        public let direction: Payment.Direction
        public let isReversal: Bool
        /// The reference as the payer wrote it (nil: none).
        public let writtenReference: String?
        public let remittanceText: String?
        public let payerName: String
        public let paymentCase: Case
        /// Expected: status, reason, unapplied amount, the invoice it is applied to (or suggested for).
        public let status: String
        public let reason: String?
        public let unapplied: Int64
        public let invoiceNumber: String?
    }

    public let asOf: LocalDate
    public let sellerID: String
    public let sellerName: String
    public let account: String
    public var invoices: [PlannedInvoice] = []
    public var payments: [PlannedPayment] = []

    /// The seller and account the files state.
    var seller: Seller { Seller(id: sellerID, name: sellerName, account: account) }

    /// Plans a day of `invoiceCount` invoices (plus credit notes and roughly 0.85 payments per invoice).
    /// How many invoice numbers each seed's range holds: a day of up to 10 million invoices never reaches the next's.
    static let numbersPerSeed = 10_000_000

    public init(invoiceCount: Int, seed: UInt64, asOf: LocalDate) {
        self.asOf = asOf
        sellerID = "1234567-1"
        sellerName = "Kaukokiito Testi Oy"
        account = "FI2112345600000785"
        var random = SeededRandom(seed: seed)
        let customers = (0..<max(10, invoiceCount / 5)).map { Self.customer(index: $0, random: &random) }
        var archiveSequence = 0
        func nextArchiveId() -> String {
            archiveSequence += 1
            let digits = String(archiveSequence)
            return "GEN\(asOf.description.filter(\.isNumber))" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
        }
        let euro = Currency.euro
        // Each seed numbers its invoices (and their references) in a range of its own, so that days generated with
        // different seeds can be run into one ledger; seed 1 keeps 100000, 100001, ….
        let offset = Int((seed &- 1) % 100_000) * Self.numbersPerSeed
        for index in 0..<invoiceCount {
            let customer = customers[Int.random(in: 0..<customers.count, using: &random)]
            let invoiceDate = asOf.adding(days: -Int.random(in: 10...60, using: &random))
            let number = String(100_000 + offset + index)
            let reference = try! CreditorReference(finnishBase: String(1_000_000 + offset + index))
            var invoice = PlannedInvoice(
                invoiceNumber: number, kind: .invoice, customer: customer, invoiceDate: invoiceDate,
                dueDate: invoiceDate.adding(days: 14), amount: Amount(minorUnits: Int64.random(in: 1_000...500_000, using: &random), currency: euro),
                reference: reference, writesRFReference: Int.random(in: 0..<10, using: &random) == 0,
                originalInvoiceNumber: nil, overdueInterestPercent: customer.businessID == nil ? "11.5" : "12.5")
            let cents = invoice.amount.minorUnits
            func pay(_ amount: Int64, _ paymentCase: Case, reference: String?, text: String? = nil, status: String = "matched",
                     reason: String? = nil, unapplied: Int64 = 0) {
                payments.append(PlannedPayment(
                    archiveId: nextArchiveId(), amount: Amount(minorUnits: amount, currency: euro), direction: .credit,
                    isReversal: false, writtenReference: reference, remittanceText: text, payerName: customer.name,
                    paymentCase: paymentCase, status: status, reason: reason, unapplied: unapplied, invoiceNumber: number))
            }
            let roll = Int.random(in: 0..<100, using: &random)
            switch roll {
            case 0..<46:
                pay(cents, .exact, reference: reference.canonical)
                invoice.paid = cents
            case 46..<51:
                pay(cents, .rfForm, reference: reference.rfForm.printForm)
                invoice.paid = cents
            case 51..<56:
                pay(cents, .leadingZeros, reference: String(repeating: "0", count: 20 - reference.canonical.count) + reference.canonical)
                invoice.paid = cents
            case 56..<61:
                let part = cents * Int64.random(in: 40...90, using: &random) / 100
                pay(part, .partial, reference: reference.canonical)
                invoice.paid = part
            case 61..<65:
                let first = cents / 2
                pay(first, .twoPartials, reference: reference.canonical)
                pay(cents - first, .twoPartials, reference: reference.canonical)
                invoice.paid = cents
            case 65..<68:
                let excess = Int64.random(in: 1...5_000, using: &random)
                pay(cents + excess, .overpayment, reference: reference.canonical, reason: "overpayment", unapplied: excess)
                invoice.paid = cents
            case 68..<70:
                pay(cents, .exact, reference: reference.canonical)
                pay(cents, .duplicate, reference: reference.canonical, status: "unmatched", reason: "invoice_settled", unapplied: cents)
                invoice.paid = cents
            case 70..<72:
                var digits = Array(reference.canonical)
                let last = digits.count - 1
                digits[last] = Character(String((digits[last].wholeNumberValue! + 1) % 10))
                pay(cents, .wrongCheckDigit, reference: String(digits), status: "unmatched", reason: "invalid_reference", unapplied: cents)
            case 72..<74:
                pay(cents, .invoiceNumberInText, reference: nil, text: "Lasku \(number), kiitos", status: "unmatched",
                    reason: "no_reference", unapplied: cents)
            case 74..<75:
                let original = nextArchiveId()
                payments.append(PlannedPayment(
                    archiveId: original, amount: invoice.amount, direction: .credit, isReversal: false,
                    writtenReference: reference.canonical, remittanceText: nil, payerName: customer.name, paymentCase: .reversed,
                    status: "reversed", reason: nil, unapplied: 0, invoiceNumber: number))
                payments.append(PlannedPayment(
                    archiveId: nextArchiveId(), amount: invoice.amount, direction: .debit, isReversal: true,
                    writtenReference: reference.canonical, remittanceText: nil, payerName: customer.name, paymentCase: .reversal,
                    status: "reversal", reason: nil, unapplied: 0, invoiceNumber: number))
            case 75..<77:
                let credit = cents * Int64.random(in: 10...50, using: &random) / 100
                invoices.append(PlannedInvoice(
                    invoiceNumber: "H\(number)", kind: .creditNote, customer: customer, invoiceDate: invoiceDate.adding(days: 3),
                    dueDate: invoiceDate.adding(days: 3), amount: Amount(minorUnits: -credit, currency: euro), reference: reference,
                    writesRFReference: false, originalInvoiceNumber: number, overdueInterestPercent: invoice.overdueInterestPercent,
                    status: "credit_note"))
                invoice.credited = credit
                pay(cents - credit, .creditNoteNet, reference: reference.canonical)
                invoice.paid = cents - credit
            default:
                break  // about a quarter of the invoices stay unpaid
            }
            let open = cents - invoice.credited - invoice.paid
            invoice.status = open == 0 ? "paid" : (invoice.paid > 0 ? "partially_paid" : "open")
            invoices.append(invoice)
        }
        // Payments whose valid reference names no invoice at all.
        for index in 0..<max(1, invoiceCount / 100) {
            let stranger = try! CreditorReference(finnishBase: String(9_000_000 + index))
            let amount = Amount(minorUnits: Int64.random(in: 1_000...90_000, using: &random), currency: euro)
            payments.append(PlannedPayment(
                archiveId: nextArchiveId(), amount: amount, direction: .credit, isReversal: false,
                writtenReference: stranger.canonical, remittanceText: nil, payerName: customers[index % customers.count].name,
                paymentCase: .unknownReference, status: "unmatched", reason: "unknown_reference",
                unapplied: amount.minorUnits, invoiceNumber: nil))
        }
    }

    static let firstNames = ["Aino", "Eino", "Väinö", "Onni", "Helmi", "Elsa", "Lauri", "Siiri", "Ilmari", "Kerttu", "Åsa", "Jörn"]
    static let lastNames = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen"]
    static let trades = ["Paino", "Sähkö", "Metalli", "Puutarha", "Rakennus", "Kuljetus", "Kahvila", "Leipomo", "Öljy", "Kenkä"]
    static let towns = [("00100", "Helsinki"), ("33100", "Tampere"), ("20100", "Turku"), ("90100", "Oulu"), ("40100", "Jyväskylä")]

    private static func customer(index: Int, random: inout SeededRandom) -> Customer {
        let last = lastNames.randomElement(using: &random)!
        let isConsumer = Int.random(in: 0..<10, using: &random) < 3
        let (postCode, town) = towns.randomElement(using: &random)!
        let street = "Asiakastie \(index + 1)"
        let language = Int.random(in: 0..<10, using: &random) == 0 ? "sv" : "fi"
        if isConsumer {
            return Customer(name: "\(firstNames.randomElement(using: &random)!) \(last)", businessID: nil, street: street,
                postCode: postCode, town: town, language: language)
        }
        return Customer(name: "\(trades.randomElement(using: &random)!) \(last) Oy", businessID: businessID(base: 1_000_000 + index * 7),
            street: street, postCode: postCode, town: town, language: language)
    }

    /// A valid business ID at or after a seven-digit base (bases whose check would be 1 have none).
    static func businessID(base: Int) -> String {
        var candidate = base
        while true {
            let digits = String(candidate)
            let weights = [7, 9, 10, 5, 8, 4, 2]
            let sum = zip(digits.utf8, weights).reduce(0) { $0 + Int($1.0 - 0x30) * $1.1 }
            let remainder = sum % 11
            if remainder != 1 { return "\(digits)-\(remainder == 0 ? 0 : 11 - remainder)" }
            candidate += 1
        }
    }
}
