public import Receivables

/// Writes reminders as Finvoice 3.0 messages of type INV08 (HUOMAUTUSLASKU): one SOAP-framed batch, a (SOAP-ENV
/// frame, Finvoice message) pair per reminder document, each with its own UTF-8 declaration, as operators exchange
/// them. Pure: documents in, bytes out; the same documents always give the same bytes.
///
/// What a message states, and where (the Finvoice 3.0 schema's element names):
/// * the reminder: `InvoiceTypeCode` INV08, `InvoiceNumber` `<original>-M<step>`, `InvoiceDate` = issued on;
/// * the original invoice: `OriginalInvoiceNumber`, `OriginalInvoiceDate` and `OriginalInvoiceReference`, again on
///   the row of the open amount (`RowOverDuePaymentDetails`: its total, due date, reference, what was paid and
///   credited, what is open);
/// * one `InvoiceRow` per charge, whose `RowAmount`s add up to the total: the open amount; the penalty interest
///   (`StartDate`/`EndDate`, and `RowOverDuePaymentDetails` with `RowInterestRate`, `RowInterestStartDate` = due
///   date + 1, `RowInterestEndDate` = interest through, `RowInterestDateNumber`, `RowInterestChargeAmount`); the
///   earlier reminders' fees and compensation, less what was paid of interest and charges; the reminder fee
///   (`RowCollectionDate`, `RowCollectionChargeAmount`); the standard compensation (10 i §);
/// * the rate from now on: `PaymentTermsDetails/PaymentOverDueFineDetails/PaymentOverDueFinePercent`;
/// * the new due date: `PaymentTermsDetails/InvoiceDueDate` and `EpiPaymentInstructionDetails/EpiDateOptionDate`;
/// * the total: `InvoiceTotalVatIncludedAmount` and `EpiInstructedAmount`;
/// * the original's reference in `EpiRemittanceInfoIdentifier` (`SPY` Finnish, `ISO` RF), so that the payment
///   matches the original invoice.
///
/// Every message is valid against Finance Finland's Finvoice3.0.xsd: texts are escaped, control characters
/// dropped, white space runs made one space, and texts clipped to the schema's lengths; an optional element whose
/// value does not fit its type (an address with a part missing, a BIC that is not 8–11 characters) is left out. A
/// reminder that cannot be written validly at all (no e-invoice address for the buyer, no name) is refused, and
/// the batch says which and why, so that it can go out as a letter instead.
public enum ReminderWriter {
    /// A batch file's bytes, and which reminders are in it.
    public struct Batch: Sendable, Equatable {
        /// The batch file (UTF-8): SOAP-ENV frame, Finvoice message, frame, message, …; empty when none was written.
        public let bytes: [UInt8]
        /// The invoice numbers (of the original invoices) whose reminders are in the batch, in order.
        public let included: [String]
        /// The reminders left out, with why.
        public let refused: [Refusal]
    }

    /// Why a reminder cannot be written as a valid Finvoice message.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The original invoice's number.
        public let invoiceNumber: String
        /// The reminder's step.
        public let step: Int
        /// What is missing or does not fit, e.g. `the buyer has no e-invoice address`.
        public let problem: String

        public var description: String {
            "reminder \(step) of invoice \(invoiceNumber) cannot be sent as a Finvoice reminder: \(problem)"
        }
    }

    /// Writes a batch of every document that can be written; the others are listed as refused.
    /// - Parameter documents: The reminders to send, in the order they should appear.
    /// - Returns: The batch file's bytes and which reminders it holds.
    public static func batch(_ documents: [ReminderDocument]) -> Batch {
        var text = ""
        let (included, refused) = batch(documents) { text += $0 }
        return Batch(bytes: Array(text.utf8), included: included, refused: refused)
    }

    /// Writes the same batch a piece at a time to `write`, each piece a whole frame or message, so that a day of many
    /// reminders is never held whole.
    /// - Returns: Which reminders the batch holds (their original invoices' numbers), and those refused.
    public static func batch<Failure: Error>(
        _ documents: [ReminderDocument], to write: (String) throws(Failure) -> Void
    ) throws(Failure) -> (included: [String], refused: [Refusal]) {
        var included: [String] = []
        var refused: [Refusal] = []
        for document in documents {
            let pair: (frame: String, message: String)
            do {
                pair = try message(document)
            } catch {
                refused.append(error)
                continue
            }
            try write(pair.frame)
            try write(pair.message)
            included.append(document.reminder.invoiceNumber)
        }
        return (included, refused)
    }

    /// One reminder's SOAP-ENV frame and Finvoice message, each a whole XML document with its declaration.
    /// - Throws: `Refusal` when the reminder cannot be written validly.
    public static func message(_ document: ReminderDocument) throws(Refusal) -> (frame: String, message: String) {
        let parts = try Parts(document)
        return (frame(parts), finvoice(parts, document))
    }

    /// Whether `message` can write the reminder, without writing it (a day's run chooses each reminder's channel
    /// before its batch is written).
    /// - Throws: `Refusal`, as `message` would.
    public static func check(_ document: ReminderDocument) throws(Refusal) {
        _ = try Parts(document)
    }

    /// The reminder's own invoice number: `<original>-M<step>` (`1001-M2`). Finvoice allows 20 characters; when
    /// the original's number is too long for the suffix, its first characters are dropped (the whole original
    /// number is in `OriginalInvoiceNumber`), and so are separators left at its start (`INV/2026/0000000042X`, step
    /// 3: `2026/0000000042X-M3`).
    public static func reminderNumber(_ reminder: ReminderView) -> String {
        let suffix = "-M\(reminder.step)"
        let original = Array(XMLText.cleaned(reminder.invoiceNumber).unicodeScalars)
        var kept = original.suffix(max(0, 20 - suffix.unicodeScalars.count))
        if kept.count < original.count {
            kept = kept.drop { !$0.properties.isAlphabetic && !("0"..."9").contains($0) }
        }
        var number = String(String.UnicodeScalarView(kept)) + suffix
        if number.unicodeScalars.count > 20 { number = String(number.unicodeScalars.suffix(20)) }
        return number
    }

    // MARK: The values a message states, checked against the schema's types

    /// Everything of a document that goes into the frame and message, in the form and length the schema wants.
    private struct Parts {
        let wording: ReminderWording
        let messageId: String
        let timestamp: String
        let reminderNumber: String
        let originalNumber: String
        let currency: String
        let senderAddress: String
        let senderIntermediator: String
        let receiverAddress: String
        let receiverIntermediator: String
        /// The creditor's name in parts of at most 70 characters (`SellerOrganisationName` repeats; readers join
        /// the parts with a space).
        let sellerName: [String]
        let buyerName: [String]
        let iban: String
        let bic: String?
        let reference: CreditorReference?

        init(_ document: ReminderDocument) throws(Refusal) {
            let reminder = document.reminder
            func refuse(_ problem: String) -> Refusal {
                Refusal(invoiceNumber: reminder.invoiceNumber, step: reminder.step, problem: problem)
            }
            wording = ReminderWording(language: document.customer.language)
            reminderNumber = ReminderWriter.reminderNumber(reminder)
            guard let original = XMLText.fit(reminder.invoiceNumber, max: 20) else {
                throw refuse("the invoice number is empty")
            }
            guard original == XMLText.cleaned(reminder.invoiceNumber) else {
                throw refuse("the invoice number is longer than Finvoice's 20 characters")
            }
            originalNumber = original
            guard reminder.currency.minorDigits <= 2 else {
                throw refuse("Finvoice payment amounts have two decimals, and \(reminder.currency.code) has more")
            }
            currency = reminder.currency.code
            guard let from = XMLText.fit(document.creditor.eInvoiceAddress, max: 35, min: 2),
                let fromIntermediator = XMLText.fit(document.creditor.eInvoiceIntermediator, max: 35, min: 2)
            else { throw refuse("the creditor has no e-invoice address and intermediator (config `creditor`)") }
            guard let to = XMLText.fit(document.customer.eInvoiceAddress, max: 35, min: 2) else {
                throw refuse("the buyer has no e-invoice address")
            }
            guard let toIntermediator = XMLText.fit(document.customer.eInvoiceIntermediator, max: 35, min: 2) else {
                throw refuse("the buyer's e-invoice address has no intermediator (operator)")
            }
            senderAddress = from
            senderIntermediator = fromIntermediator
            receiverAddress = to
            receiverIntermediator = toIntermediator
            guard let seller = XMLText.lines(document.creditor.name, max: 70, min: 2) else {
                throw refuse("the creditor's name is shorter than two characters")
            }
            sellerName = seller
            guard
                let buyer = XMLText.lines(document.customer.name, max: 70, min: 2)
                    ?? XMLText.lines(document.invoice.customerName, max: 70, min: 2)
            else { throw refuse("the buyer has no name") }
            buyerName = buyer
            guard let iban = try? IBAN(parsing: document.creditor.iban) else {
                throw refuse("the creditor's account '\(document.creditor.iban)' is not an IBAN")
            }
            self.iban = iban.canonical
            bic = XMLText.token(document.creditor.bic, max: 11, min: 8)
            reference = document.invoice.reference.flatMap { try? CreditorReference(parsing: $0) }
            let day = XMLText.compactDate(reminder.issuedOn)
            messageId = XMLText.fit("SAATAVA-\(day)-\(reminderNumber)", max: 48, min: 2) ?? day
            timestamp = Self.helsinkiMidnight(reminder.issuedOn)
        }

        /// The start of a day in Helsinki as an ISO 8601 date-time with its offset (EET +02:00, or EEST +03:00
        /// from the last Sunday of March to the last Sunday of October; at midnight of those Sundays the old offset
        /// still holds). A day, not the wall clock: re-running a day writes the same bytes.
        static func helsinkiMidnight(_ day: LocalDate) -> String {
            func lastSunday(_ month: Int) -> LocalDate {
                let last = LocalDate(year: day.year, month: month, day: 31)!
                return last.adding(days: -(last.weekday % 7))
            }
            let isSummer = lastSunday(3) < day && day <= lastSunday(10)
            return "\(day)T00:00:00\(isSummer ? "+03:00" : "+02:00")"
        }
    }

    // MARK: The frame

    private static func frame(_ parts: Parts) -> String {
        var xml = XMLText()
        xml.declaration()
        xml.open(
            "SOAP-ENV:Envelope",
            [
                ("xmlns:SOAP-ENV", "http://schemas.xmlsoap.org/soap/envelope/"),
                ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
                ("xmlns:eb", "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd"),
            ])
        xml.open("SOAP-ENV:Header")
        xml.open("eb:MessageHeader", [("SOAP-ENV:mustUnderstand", "1"), ("eb:version", "2.0")])
        for (tag, party, role) in [
            ("eb:From", parts.senderAddress, "Sender"), ("eb:From", parts.senderIntermediator, "Intermediator"),
            ("eb:To", parts.receiverAddress, "Receiver"), ("eb:To", parts.receiverIntermediator, "Intermediator"),
        ] {
            xml.open(tag)
            xml.element("eb:PartyId", party)
            xml.element("eb:Role", role)
            xml.close(tag)
        }
        xml.element("eb:CPAId", "yoursandmycpa")
        xml.element("eb:ConversationId", parts.messageId)
        xml.element("eb:Service", "Routing")
        xml.element("eb:Action", "ProcessInvoice")
        xml.open("eb:MessageData")
        xml.element("eb:MessageId", parts.messageId)
        xml.element("eb:Timestamp", parts.timestamp)
        xml.close("eb:MessageData")
        xml.close("eb:MessageHeader")
        xml.close("SOAP-ENV:Header")
        xml.open("SOAP-ENV:Body")
        xml.open("eb:Manifest", [("eb:id", "Manifest"), ("eb:version", "2.0")])
        xml.open("eb:Reference", [("eb:id", "Finvoice"), ("xlink:href", parts.messageId)])
        xml.empty("eb:Schema", [("eb:location", "http://www.finvoice.info/finvoice.xsd"), ("eb:version", "3.0")])
        xml.close("eb:Reference")
        xml.close("eb:Manifest")
        xml.close("SOAP-ENV:Body")
        xml.close("SOAP-ENV:Envelope")
        return xml.text
    }

    // MARK: The message

    private static func finvoice(_ parts: Parts, _ document: ReminderDocument) -> String {
        let reminder = document.reminder
        let invoice = document.invoice
        let creditor = document.creditor
        let customer = document.customer
        let currency = reminder.currency
        var xml = XMLText()
        xml.declaration()
        xml.open(
            "Finvoice",
            [
                ("Version", "3.0"), ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                ("xsi:noNamespaceSchemaLocation", "Finvoice3.0.xsd"),
            ])

        xml.open("MessageTransmissionDetails")
        xml.open("MessageSenderDetails")
        xml.element("FromIdentifier", parts.senderAddress)
        xml.element("FromIntermediator", parts.senderIntermediator)
        xml.close("MessageSenderDetails")
        xml.open("MessageReceiverDetails")
        xml.element("ToIdentifier", parts.receiverAddress)
        xml.element("ToIntermediator", parts.receiverIntermediator)
        xml.close("MessageReceiverDetails")
        xml.open("MessageDetails")
        xml.element("MessageIdentifier", parts.messageId)
        xml.element("MessageTimeStamp", parts.timestamp)
        xml.close("MessageDetails")
        xml.close("MessageTransmissionDetails")

        xml.open("SellerPartyDetails")
        xml.element("SellerPartyIdentifier", XMLText.fit(creditor.businessId, max: 35))
        for line in parts.sellerName { xml.element("SellerOrganisationName", line) }
        postalAddress(&xml, creditor.address, prefix: "Seller")
        xml.close("SellerPartyDetails")
        // The contact as an e-mail address or a phone number where it is one that fits; any contact is in the
        // free text too.
        let contact = XMLText.cleaned(creditor.contact ?? "")
        if contact.contains("@") && !contact.contains(" ") && contact.unicodeScalars.count <= 70 {
            xml.open("SellerCommunicationDetails")
            xml.element("SellerEmailaddressIdentifier", contact)
            xml.close("SellerCommunicationDetails")
        } else if contact.unicodeScalars.count <= 35 && contact.contains(where: \.isNumber) && !contact.contains("@") {
            xml.open("SellerCommunicationDetails")
            xml.element("SellerPhoneNumberIdentifier", contact)
            xml.close("SellerCommunicationDetails")
        }
        let recipientIntermediator = XMLText.token(customer.eInvoiceIntermediator, max: 11, min: 8)
        if parts.bic != nil || recipientIntermediator != nil {
            xml.open("SellerInformationDetails")
            if let bic = parts.bic {
                xml.open("SellerAccountDetails")
                xml.element("SellerAccountID", parts.iban, [("IdentificationSchemeName", "IBAN")])
                xml.element("SellerBic", bic, [("IdentificationSchemeName", "BIC")])
                xml.close("SellerAccountDetails")
            }
            if let recipientIntermediator {
                xml.open("InvoiceRecipientDetails")
                xml.element("InvoiceRecipientAddress", parts.receiverAddress)
                xml.element("InvoiceRecipientIntermediatorAddress", recipientIntermediator)
                xml.close("InvoiceRecipientDetails")
            }
            xml.close("SellerInformationDetails")
        }
        xml.element("InvoiceRecipientLanguageCode", parts.wording.code)

        xml.open("BuyerPartyDetails")
        xml.element("BuyerPartyIdentifier", XMLText.fit(customer.businessId, max: 35))
        for line in parts.buyerName { xml.element("BuyerOrganisationName", line) }
        postalAddress(&xml, customer.address, prefix: "Buyer")
        xml.close("BuyerPartyDetails")

        xml.open("InvoiceDetails")
        xml.element("InvoiceTypeCode", "INV08")
        xml.element("InvoiceTypeText", "HUOMAUTUSLASKU")
        xml.element("OriginCode", "Original")
        xml.element("InvoiceNumber", parts.reminderNumber)
        xml.date("InvoiceDate", reminder.issuedOn)
        xml.element("OriginalInvoiceNumber", parts.originalNumber)
        xml.date("OriginalInvoiceDate", invoice.invoiceDate)
        xml.open("OriginalInvoiceReference")
        xml.element("InvoiceNumber", parts.originalNumber)
        xml.date("InvoiceDate", invoice.invoiceDate)
        xml.close("OriginalInvoiceReference")
        if customer.key.hasPrefix("cust:") {
            xml.element("SellersBuyerIdentifier", XMLText.fit(String(customer.key.dropFirst(5)), max: 70))
        }
        xml.amount("InvoiceTotalVatIncludedAmount", document.total, currency)
        xml.element(
            "InvoiceFreeText",
            XMLText.fit(parts.wording.notice(parts.originalNumber, XMLText.cleaned(creditor.contact ?? "")), max: 512))
        xml.open("PaymentTermsDetails")
        xml.date("InvoiceDueDate", reminder.payBy)
        let rate = reminder.interestRate.flatMap(XMLText.percentage)
        if let rate {
            xml.open("PaymentOverDueFineDetails")
            xml.element("PaymentOverDueFineFreeText", parts.wording.fine)
            xml.element("PaymentOverDueFinePercent", rate)
            xml.close("PaymentOverDueFineDetails")
        }
        xml.close("PaymentTermsDetails")
        xml.close("InvoiceDetails")

        rows(&xml, parts, document, rate: rate)

        xml.open("EpiDetails")
        xml.open("EpiIdentificationDetails")
        xml.date("EpiDate", reminder.issuedOn)
        xml.element("EpiReference", XMLText.token(parts.reminderNumber, max: 35, min: 0) ?? "")
        xml.close("EpiIdentificationDetails")
        xml.open("EpiPartyDetails")
        if let bic = parts.bic {
            xml.open("EpiBfiPartyDetails")
            xml.element("EpiBfiIdentifier", bic, [("IdentificationSchemeName", "BIC")])
            xml.close("EpiBfiPartyDetails")
        } else {
            xml.empty("EpiBfiPartyDetails", [])
        }
        xml.open("EpiBeneficiaryPartyDetails")
        xml.element("EpiNameAddressDetails", XMLText.fit(parts.sellerName.joined(separator: " "), max: 35, min: 2))
        xml.element("EpiBei", XMLText.token(creditor.businessId, max: 11, min: 8))
        xml.element("EpiAccountID", parts.iban, [("IdentificationSchemeName", "IBAN")])
        xml.close("EpiBeneficiaryPartyDetails")
        xml.close("EpiPartyDetails")
        xml.open("EpiPaymentInstructionDetails")
        if let reference = parts.reference {
            xml.element(
                "EpiRemittanceInfoIdentifier", reference.canonical,
                [("IdentificationSchemeName", reference.kind == .rf ? "ISO" : "SPY")])
        }
        xml.element(
            "EpiInstructedAmount", XMLText.epiAmount(document.total, currency),
            [("AmountCurrencyIdentifier", parts.currency)])
        xml.element("EpiCharge", "SHA", [("ChargeOption", "SHA")])
        xml.date("EpiDateOptionDate", reminder.payBy)
        xml.close("EpiPaymentInstructionDetails")
        xml.close("EpiDetails")
        xml.close("Finvoice")
        return xml.text
    }

    /// `SellerPostalAddressDetails` or `BuyerPostalAddressDetails`, only when the street, town and post code all fit
    /// the schema (each 2–35 characters).
    private static func postalAddress(_ xml: inout XMLText, _ address: Invoice.PostalAddress?, prefix: String) {
        guard let address, let street = XMLText.fit(address.street, max: 35, min: 2),
            let town = XMLText.fit(address.town, max: 35, min: 2),
            let postCode = XMLText.fit(address.postCode, max: 35, min: 2)
        else { return }
        xml.open("\(prefix)PostalAddressDetails")
        xml.element("\(prefix)StreetName", street)
        xml.element("\(prefix)TownName", town)
        xml.element("\(prefix)PostCodeIdentifier", postCode)
        if let country = address.country, country.utf8.count == 2, country.utf8.allSatisfy(XMLText.isASCIILetter) {
            xml.element("CountryCode", country.uppercased())
        }
        xml.close("\(prefix)PostalAddressDetails")
    }

    /// The rows: the open amount, then the interest, the earlier reminders' charges, what was paid of interest and
    /// charges (negative), the fee and the compensation where they are not zero.
    private static func rows(_ xml: inout XMLText, _ parts: Parts, _ document: ReminderDocument, rate: String?) {
        let reminder = document.reminder
        let invoice = document.invoice
        let currency = reminder.currency
        let wording = parts.wording

        xml.open("InvoiceRow")
        xml.element("ArticleIdentifier", "OPEN")
        xml.element("ArticleName", XMLText.fit(wording.openAmount(parts.originalNumber), max: 100))
        xml.element("OriginalInvoiceNumber", parts.originalNumber)
        xml.date("OriginalInvoiceDate", invoice.invoiceDate)
        xml.open("RowOverDuePaymentDetails")
        xml.element("RowOriginalInvoiceIdentifier", parts.originalNumber)
        xml.date("RowOriginalInvoiceDate", invoice.invoiceDate)
        if let dueDate = invoice.dueDate { xml.date("RowOriginalDueDate", dueDate) }
        xml.amount("RowOriginalInvoiceTotalAmount", invoice.amount, currency)
        xml.element("RowOriginalEpiRemittanceInfoIdentifier", parts.reference?.canonical)
        // What no longer is owed: payments and credit notes, so that total − paid = unpaid.
        if invoice.paid + invoice.credited != 0 {
            xml.amount("RowPaidVatIncludedAmount", invoice.paid + invoice.credited, currency)
        }
        xml.amount("RowUnPaidVatIncludedAmount", invoice.open, currency)
        xml.close("RowOverDuePaymentDetails")
        xml.amount("RowAmount", invoice.open, currency)
        xml.close("InvoiceRow")

        if reminder.interest != 0 {
            let start = invoice.dueDate?.adding(days: 1)
            let end = reminder.interestThrough
            xml.open("InvoiceRow")
            xml.element("ArticleIdentifier", "INTEREST")
            xml.element("ArticleName", XMLText.fit(wording.interest(rate, start, end), max: 100))
            if let start { xml.date("StartDate", start) }
            if let end { xml.date("EndDate", end) }
            xml.element("OriginalInvoiceNumber", parts.originalNumber)
            xml.date("OriginalInvoiceDate", invoice.invoiceDate)
            xml.open("RowOverDuePaymentDetails")
            xml.element("RowOriginalInvoiceIdentifier", parts.originalNumber)
            xml.element("RowInterestRate", rate)
            if let start { xml.date("RowInterestStartDate", start) }
            if let end { xml.date("RowInterestEndDate", end) }
            if let start, let end, start <= end {
                xml.element("RowInterestDateNumber", String(start.days(until: end) + 1))
            }
            xml.amount("RowInterestChargeAmount", reminder.interest, currency)
            xml.close("RowOverDuePaymentDetails")
            xml.amount("RowAmount", reminder.interest, currency)
            xml.close("InvoiceRow")
        }

        if document.earlierCharges != 0 {
            chargeRow(&xml, parts, "EARLIER", wording.earlierCharges, document.earlierCharges, currency)
        }
        if document.chargesPaid != 0 {
            chargeRow(&xml, parts, "PAID", wording.chargesPaid, -document.chargesPaid, currency)
        }

        if reminder.fee != 0 {
            xml.open("InvoiceRow")
            xml.element("ArticleIdentifier", "FEE")
            xml.element("ArticleName", wording.fee)
            xml.element("OriginalInvoiceNumber", parts.originalNumber)
            xml.open("RowOverDuePaymentDetails")
            xml.element("RowOriginalInvoiceIdentifier", parts.originalNumber)
            xml.date("RowCollectionDate", reminder.issuedOn)
            xml.amount("RowCollectionChargeAmount", reminder.fee, currency)
            xml.close("RowOverDuePaymentDetails")
            let isBusiness = document.customer.businessId != nil
            xml.element("RowFreeText", isBusiness ? wording.feeBasisBusiness : wording.feeBasisConsumer)
            xml.amount("RowAmount", reminder.fee, currency)
            xml.close("InvoiceRow")
        }

        if reminder.compensation != 0 {
            chargeRow(&xml, parts, "COMPENSATION", wording.compensation, reminder.compensation, currency,
                      basis: wording.compensationBasis)
        }
    }

    /// A row of a charge that has no overdue-payment details of its own: its name, the original invoice, the law it
    /// rests on (if any) and its amount.
    private static func chargeRow(
        _ xml: inout XMLText, _ parts: Parts, _ identifier: String, _ name: String, _ amount: Int64,
        _ currency: Currency, basis: String? = nil
    ) {
        xml.open("InvoiceRow")
        xml.element("ArticleIdentifier", identifier)
        xml.element("ArticleName", name)
        xml.element("OriginalInvoiceNumber", parts.originalNumber)
        xml.element("RowFreeText", basis)
        xml.amount("RowAmount", amount, currency)
        xml.close("InvoiceRow")
    }
}

/// The few texts a Finvoice reminder states, in the buyer's language (`fi` for any language but `sv` and `en`):
/// what e-invoice viewers show on the rows and under the invoice. The letters have their own, fuller catalogue
/// (Reports cannot be imported here).
struct ReminderWording {
    /// The language code as Finvoice's `InvoiceRecipientLanguageCode` writes it.
    let code: String
    let openAmount: (String) -> String
    let interestName: String
    let earlierCharges: String
    let chargesPaid: String
    let fee: String
    let feeBasisConsumer: String
    let feeBasisBusiness: String
    let compensation: String
    let compensationBasis: String
    let fine: String
    let notice: (_ invoiceNumber: String, _ contact: String) -> String
    let date: (LocalDate) -> String
    let decimalComma: Bool

    init(language: String?) {
        func finnishDate(_ day: LocalDate) -> String { "\(day.day).\(day.month).\(day.year)" }
        switch language?.lowercased() {
        case "sv":
            code = "SV"
            openAmount = { "Obetalt belopp, faktura \($0)" }
            interestName = "Dröjsmålsränta"
            earlierCharges = "Kostnader för tidigare påminnelser"
            chargesPaid = "Redan betalt av ränta och kostnader"
            fee = "Påminnelseavgift"
            feeBasisConsumer = "Lagen om indrivning av fordringar (513/1999) 10 § och 10 a §"
            feeBasisBusiness = "Lagen om indrivning av fordringar (513/1999) 10 § och 10 e §"
            compensation = "Standardersättning för indrivningskostnader"
            compensationBasis = "Lagen om indrivning av fordringar (513/1999) 10 i §"
            fine = "Dröjsmålsränta enligt räntelagen"
            notice = { number, contact in
                "Betalningspåminnelse för faktura \(number). Om du redan har betalat, kan du bortse från denna "
                    + "påminnelse. Tack!" + (contact.isEmpty ? "" : " Frågor: \(contact)")
            }
            date = finnishDate
            decimalComma = true
        case "en":
            code = "EN"
            openAmount = { "Open amount, invoice \($0)" }
            interestName = "Late-payment interest"
            earlierCharges = "Charges of earlier reminders"
            chargesPaid = "Already paid of interest and charges"
            fee = "Reminder fee"
            feeBasisConsumer = "Debt Collection Act (513/1999) sections 10 and 10 a"
            feeBasisBusiness = "Debt Collection Act (513/1999) sections 10 and 10 e"
            compensation = "Fixed compensation for recovery costs"
            compensationBasis = "Debt Collection Act (513/1999) section 10 i"
            fine = "Late-payment interest under the Interest Act"
            notice = { number, contact in
                "Payment reminder for invoice \(number). If you have already paid, please disregard this reminder. "
                    + "Thank you!" + (contact.isEmpty ? "" : " Questions: \(contact)")
            }
            date = { $0.description }
            decimalComma = false
        default:
            code = "FI"
            openAmount = { "Avoin määrä, lasku \($0)" }
            interestName = "Viivästyskorko"
            earlierCharges = "Aiempien muistutusten kulut"
            chargesPaid = "Korosta ja kuluista jo maksettu"
            fee = "Muistutusmaksu"
            feeBasisConsumer = "Laki saatavien perinnästä (513/1999) 10 § ja 10 a §"
            feeBasisBusiness = "Laki saatavien perinnästä (513/1999) 10 § ja 10 e §"
            compensation = "Vakiokorvaus perintäkuluista"
            compensationBasis = "Laki saatavien perinnästä (513/1999) 10 i §"
            fine = "Viivästyskorko korkolain mukaan"
            notice = { number, contact in
                "Maksumuistutus laskusta \(number). Jos olet jo maksanut laskun, tämä muistutus on aiheeton. "
                    + "Kiitos!" + (contact.isEmpty ? "" : " Kysyttävää: \(contact)")
            }
            date = finnishDate
            decimalComma = true
        }
    }

    /// `Viivästyskorko 10,5 % 17.11.2026–27.11.2026`: the interest row's name, with what is known of its rate and
    /// period.
    func interest(_ rate: String?, _ start: LocalDate?, _ end: LocalDate?) -> String {
        var name = interestName
        if let rate { name += decimalComma ? " \(rate) %" : " \(rate.replacing(",", with: "."))%" }
        switch (start, end) {
        case (let start?, let end?): name += " \(date(start))–\(date(end))"
        case (nil, let end?): name += " –\(date(end))"
        default: break
        }
        return name
    }
}

/// XML text built element by element (two spaces of indent per level), with values escaped, and the helpers that
/// make values fit the Finvoice schema's simple types.
struct XMLText {
    private(set) var text = ""
    private var depth = 0

    mutating func declaration() { text += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        tag(name, attributes)
        text += ">\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        for _ in 0..<depth { text += "  " }
        text += "</"
        text += name
        text += ">\n"
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        tag(name, attributes)
        text += "/>\n"
    }

    /// `<name>value</name>`; nothing when `value` is nil.
    mutating func element(_ name: String, _ value: String?, _ attributes: [(String, String)] = []) {
        guard let value else { return }
        tag(name, attributes)
        text += ">"
        text += Self.escaped(value)
        text += "</"
        text += name
        text += ">\n"
    }

    /// A Finvoice date: `<name Format="CCYYMMDD">20261127</name>`.
    mutating func date(_ name: String, _ day: LocalDate) {
        element(name, Self.compactDate(day), [("Format", "CCYYMMDD")])
    }

    /// A Finvoice amount: a decimal comma and the currency's minor digits, `<name AmountCurrencyIdentifier="EUR">`.
    mutating func amount(_ name: String, _ minorUnits: Int64, _ currency: Currency) {
        let decimal = Amount(minorUnits: minorUnits, currency: currency).decimalString.replacing(".", with: ",")
        element(name, decimal, [("AmountCurrencyIdentifier", currency.code)])
    }

    /// An indented start tag with its attributes, not yet closed.
    private mutating func tag(_ name: String, _ attributes: [(String, String)]) {
        for _ in 0..<depth { text += "  " }
        text += "<"
        text += name
        for (key, value) in attributes {
            text += " "
            text += key
            text += "=\""
            text += Self.escaped(value)
            text += "\""
        }
    }

    /// The text with `&`, `<`, `>` and `"` escaped and the characters XML 1.0 does not allow dropped.
    static func escaped(_ text: String) -> String {
        // Most values need nothing: no markup character, no control character, no 0xEF lead byte (U+FFFE, U+FFFF).
        let isPlain = !text.utf8.contains { byte in
            byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0xEF
        }
        if isPlain { return text }
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The text with every run of white space and control characters made one space, trimmed.
    static func cleaned(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            // ASCII's white space and control characters are 0x00–0x20 and 0x7F; Unicode's properties only beyond.
            let isSpace = scalar.isASCII
                ? scalar.value <= 0x20 || scalar.value == 0x7F
                : scalar.properties.isWhitespace || (0x80...0x9F).contains(scalar.value)
            if isSpace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
        }
        return String(result)
    }

    /// The text cleaned and clipped to `max` characters (the schema counts Unicode characters); nil when it has
    /// fewer than `min` (or is nil).
    static func fit(_ text: String?, max: Int, min: Int = 1) -> String? {
        guard let text else { return nil }
        var value = cleaned(text)
        if value.unicodeScalars.count > max {
            value = cleaned(String(String.UnicodeScalarView(value.unicodeScalars.prefix(max))))
        }
        return value.unicodeScalars.count >= min ? value : nil
    }

    /// The text cleaned and cut into lines of at most `max` characters, between words where it can, for an element
    /// that may repeat; nil when it has fewer than `min` characters (or is nil).
    static func lines(_ text: String?, max: Int, min: Int) -> [String]? {
        guard let text else { return nil }
        let value = cleaned(text)
        let count = value.unicodeScalars.count
        guard count >= min else { return nil }
        if count <= max { return [value] }
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        for word in value.split(separator: " ") {
            var word = Substring.UnicodeScalarView(word.unicodeScalars)
            if !line.isEmpty && line.count + 1 + word.count <= max {
                line.append(" ")
                line.append(contentsOf: word)
                continue
            }
            if !line.isEmpty { lines.append(String(line)) }
            while word.count > max {
                lines.append(String(String.UnicodeScalarView(word.prefix(max))))
                word = word.dropFirst(max)
            }
            line = String.UnicodeScalarView(word)
        }
        if !line.isEmpty { lines.append(String(line)) }
        // A last line too short for the schema (a one-letter word) takes the last word of the line before.
        if lines.count > 1, let last = lines.last, last.unicodeScalars.count < min {
            lines.removeLast()
            let previous = lines.removeLast()
            if let space = previous.lastIndex(of: " ") {
                lines.append(String(previous[..<space]))
                lines.append(previous[previous.index(after: space)...] + " " + last)
            } else {
                lines.append(String(previous.unicodeScalars.dropLast(min)))
                lines.append(String(previous.unicodeScalars.suffix(min)) + last)
            }
        }
        return lines
    }

    /// For the schema's NMTOKEN-like types (`\c*`): the ASCII letters, digits, `.`, `-`, `_` and `:` of the
    /// text, or nil unless there are `min` to `max` of them.
    static func token(_ text: String?, max: Int, min: Int) -> String? {
        guard let text else { return nil }
        let kept = text.unicodeScalars.filter { scalar in
            scalar.isASCII
                && (isASCIILetter(UInt8(scalar.value)) || ("0"..."9").contains(scalar)
                    || ".-_:".unicodeScalars.contains(scalar))
        }
        guard (min...max).contains(kept.count) else { return nil }
        return String(String.UnicodeScalarView(kept))
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    /// `CCYYMMDD`.
    static func compactDate(_ day: LocalDate) -> String {
        day.withISOUTF8 { String(decoding: $0.filter { $0 != 0x2D }, as: UTF8.self) }
    }

    /// A percentage in the schema's form (`10,5`: up to three digits, a comma and up to three decimals), from the
    /// dot form the read models keep (`10.5`); nil when it has no such form.
    static func percentage(_ dotted: String) -> String? {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitCharacter) })
        else { return nil }
        var whole = Substring(parts[0].drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        var decimals = parts.count == 2 ? parts[1] : ""
        while decimals.last == "0" { decimals.removeLast() }
        guard whole.count <= 3, decimals.count <= 3 else { return nil }
        return decimals.isEmpty ? String(whole) : "\(whole),\(decimals)"
    }

    /// An `EpiInstructedAmount`: a decimal comma and exactly two decimals (currencies with more are refused before).
    static func epiAmount(_ minorUnits: Int64, _ currency: Currency) -> String {
        let text = Amount(minorUnits: minorUnits, currency: currency).decimalString.replacing(".", with: ",")
        switch currency.minorDigits {
        case 0: return text + ",00"
        case 1: return text + "0"
        default: return text
        }
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
