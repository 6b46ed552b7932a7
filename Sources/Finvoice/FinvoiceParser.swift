public import Receivables
import XMLStreaming

/// Reads Finvoice 1.x–3.0 e-invoices into invoices: files holding one Finvoice message, a SOAP-ENV frame and its
/// Finvoice, or a batch of (frame, Finvoice) pairs. Batches are read message by message, never loaded whole;
/// each message may have its own encoding (UTF-8, ISO-8859-1, ISO-8859-15). A frame carries only routing: its
/// receiver (`eb:To`) is kept for the message that follows it, for an invoice that names no e-invoice address of
/// its own.
public enum FinvoiceParser {
    private static let soapNamespace = "http://schemas.xmlsoap.org/soap/envelope/"
    /// The namespace of the ebXML message header (`eb:`) inside the SOAP-ENV frame.
    private static let ebXMLNamespace = "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd"

    /// Reads a Finvoice file.
    /// - Parameters:
    ///   - file: The file's path.
    ///   - diagnostic: Receives warnings (two different due dates, an unknown type, a reference that fails its
    ///     check).
    ///   - invoice: Receives each invoice as soon as its message has been read.
    /// - Throws: `XMLError` naming the file, line and field when a message is not Finvoice or cannot be read.
    public static func parse(
        file: String, diagnostic: (Diagnostic) -> Void, invoice: (Invoice) throws -> Void
    ) throws {
        try withoutActuallyEscaping(diagnostic) { diagnostic in
            // The routing of the last frame read, for the message right after it.
            var frameRouting: EInvoiceRouting?
            try XMLReader.forEachDocument(inFile: file) { reader in
                repeat {
                    guard try reader.read() else { throw reader.error("the message has no root element") }
                } while reader.kind != .startElement
                let namespace = reader.namespaceURI
                if reader.localName == "Envelope" && namespace == soapNamespace {
                    frameRouting = try readFrameRouting(&reader)
                    return
                }
                // Finvoice has no namespace; a message that declares one anyway is read in it.
                guard reader.localName == "Finvoice" else {
                    throw reader.error(
                        "not a Finvoice message: its root is <\(reader.localName)>"
                            + (namespace.map { " in namespace '\($0)'" } ?? ""))
                }
                var message = FinvoiceMessage(
                    file: file, names: FinvoiceNames(reader: reader, namespace: namespace), diagnostic: diagnostic,
                    frameRouting: frameRouting.take())
                try invoice(try message.read(&reader))
            }
        }
    }

    /// Reads the receiver out of a SOAP-ENV frame's ebXML header: each `eb:To` holds an `eb:PartyId` and an
    /// `eb:Role`, `Receiver` or `Intermediator`. Stops as soon as both are known, or at the body (a manifest only),
    /// so that a frame costs little more than skipping it.
    private static func readFrameRouting(_ reader: inout XMLReader) throws -> EInvoiceRouting {
        let to = reader.intern("To", namespace: ebXMLNamespace)
        let partyId = reader.intern("PartyId", namespace: ebXMLNamespace)
        let role = reader.intern("Role", namespace: ebXMLNamespace)
        let body = reader.intern("Body", namespace: soapNamespace)
        var routing = EInvoiceRouting()
        while try reader.read() {
            if reader.isStartElement(body) { break }
            guard reader.isStartElement(to) else { continue }
            var party: String?
            var partyRole: String?
            try reader.forEachChildElement { reader in
                if reader.hasName(partyId) {
                    party = try party ?? reader.readTrimmedText()
                } else if reader.hasName(role) {
                    partyRole = try reader.readTrimmedText()
                } else {
                    return false
                }
                return true
            }
            switch partyRole {
            case "Receiver": routing.address = routing.address ?? party
            case "Intermediator": routing.intermediator = routing.intermediator ?? party
            default: break
            }
            if routing.address != nil && routing.intermediator != nil { break }
        }
        return routing
    }
}

/// Where a Finvoice message is delivered: the recipient's e-invoice address and the operator serving it, as one
/// place in the message (or its frame) states them.
private struct EInvoiceRouting {
    var address: String?
    var intermediator: String?

    /// The address of the first of `places` that names one, with the intermediator the same place names, or else
    /// one that a later place names for the same address (never one named for another address).
    static func first(of places: [EInvoiceRouting?]) -> EInvoiceRouting? {
        let places = places.compactMap { $0 }
        guard let index = places.firstIndex(where: { $0.address != nil }) else { return nil }
        var chosen = places[index]
        if chosen.intermediator == nil {
            chosen.intermediator = places[(index + 1)...].first {
                $0.address == chosen.address && $0.intermediator != nil
            }?.intermediator
        }
        return chosen
    }
}

/// The Finvoice element names saatava reads, interned in one reader in the message's namespace (normally none).
private final class FinvoiceNames {
    let sellerParty, sellerId, sellerName, sellerInformation, sellerAccountDetails, sellerAccountId, languageCode: XMLName
    let buyerParty, buyerId, buyerName, buyerTaxCode, buyerAddress, buyerStreet, buyerTown, buyerPostCode: XMLName
    let countryCode, invoiceDetails, typeCode, originCode, invoiceNumber, invoiceDate, originalNumber: XMLName
    let originalReference, total, paymentTerms, dueDate, overdueFine, overdueFinePercent: XMLName
    let epi, epiParty, epiBeneficiary, epiAccountId, epiInstruction, epiRemittance, epiDateOption: XMLName
    let sellersBuyerId, recipientDetails, recipientAddress, recipientIntermediator: XMLName
    let transmission, receiverDetails, toIdentifier, toIntermediator: XMLName

    init(reader: borrowing XMLReader, namespace: String?) {
        func intern(_ name: String) -> XMLName { reader.intern(name, namespace: namespace) }
        sellerParty = intern("SellerPartyDetails")
        sellerId = intern("SellerPartyIdentifier")
        sellerName = intern("SellerOrganisationName")
        sellerInformation = intern("SellerInformationDetails")
        sellerAccountDetails = intern("SellerAccountDetails")
        sellerAccountId = intern("SellerAccountID")
        languageCode = intern("InvoiceRecipientLanguageCode")
        buyerParty = intern("BuyerPartyDetails")
        buyerId = intern("BuyerPartyIdentifier")
        buyerName = intern("BuyerOrganisationName")
        buyerTaxCode = intern("BuyerOrganisationTaxCode")
        buyerAddress = intern("BuyerPostalAddressDetails")
        buyerStreet = intern("BuyerStreetName")
        buyerTown = intern("BuyerTownName")
        buyerPostCode = intern("BuyerPostCodeIdentifier")
        countryCode = intern("CountryCode")
        invoiceDetails = intern("InvoiceDetails")
        typeCode = intern("InvoiceTypeCode")
        originCode = intern("OriginCode")
        invoiceNumber = intern("InvoiceNumber")
        invoiceDate = intern("InvoiceDate")
        originalNumber = intern("OriginalInvoiceNumber")
        originalReference = intern("OriginalInvoiceReference")
        total = intern("InvoiceTotalVatIncludedAmount")
        paymentTerms = intern("PaymentTermsDetails")
        dueDate = intern("InvoiceDueDate")
        overdueFine = intern("PaymentOverDueFineDetails")
        overdueFinePercent = intern("PaymentOverDueFinePercent")
        epi = intern("EpiDetails")
        epiParty = intern("EpiPartyDetails")
        epiBeneficiary = intern("EpiBeneficiaryPartyDetails")
        epiAccountId = intern("EpiAccountID")
        epiInstruction = intern("EpiPaymentInstructionDetails")
        epiRemittance = intern("EpiRemittanceInfoIdentifier")
        epiDateOption = intern("EpiDateOptionDate")
        sellersBuyerId = intern("SellersBuyerIdentifier")
        recipientDetails = intern("InvoiceRecipientDetails")
        recipientAddress = intern("InvoiceRecipientAddress")
        recipientIntermediator = intern("InvoiceRecipientIntermediatorAddress")
        transmission = intern("MessageTransmissionDetails")
        receiverDetails = intern("MessageReceiverDetails")
        toIdentifier = intern("ToIdentifier")
        toIntermediator = intern("ToIntermediator")
    }
}

/// The state of reading one Finvoice message.
private struct FinvoiceMessage {
    let file: String
    let names: FinvoiceNames
    let diagnostic: (Diagnostic) -> Void
    /// The receiver the SOAP frame before this message names, if there was a frame.
    let frameRouting: EInvoiceRouting?

    var line = 0
    var sellerId: String?
    var sellerName: String?
    var sellerAccount: String?
    var epiAccount: String?
    var language: String?
    var buyerId: String?
    var buyerName: String?
    var buyerTaxCode: String?
    var address = Invoice.PostalAddress()
    var typeCode: String?
    var originCode: String?
    var invoiceNumber: String?
    var invoiceDate: LocalDate?
    var originalNumber: String?
    var total: Amount?
    var invoiceDueDate: LocalDate?
    var epiDueDate: LocalDate?
    var overdueInterest: String?
    var reference: StatedReference?
    var sellersBuyerIdentifier: String?
    /// `SellerInformationDetails/InvoiceRecipientDetails` (the first that names an address).
    var recipientRouting: EInvoiceRouting?
    /// `MessageTransmissionDetails/MessageReceiverDetails`.
    var transmissionRouting: EInvoiceRouting?

    mutating func read(_ reader: inout XMLReader) throws -> Invoice {
        line = reader.line
        let version = reader.attribute("Version")?.trimmingWhitespace
        let names = self.names
        try reader.forEachChildElement { reader in
            if reader.hasName(names.sellerParty) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.sellerId) {
                        sellerId = try businessID(&reader)
                    } else if reader.hasName(names.sellerName) {
                        if let name = try reader.readTrimmedText() {
                            sellerName = sellerName.map { "\($0) \(name)" } ?? name
                        }
                    } else {
                        return false
                    }
                    return true
                }
            } else if reader.hasName(names.transmission) {
                try readTransmission(&reader)
            } else if reader.hasName(names.sellerInformation) {
                try readSellerInformation(&reader)
            } else if reader.hasName(names.languageCode) {
                language = try reader.readTrimmedText()?.lowercased()
            } else if reader.hasName(names.buyerParty) {
                try readBuyer(&reader)
            } else if reader.hasName(names.invoiceDetails) {
                try readInvoiceDetails(&reader)
            } else if reader.hasName(names.epi) {
                try readEpi(&reader)
            } else {
                return false
            }
            return true
        }
        return try invoice(version: version)
    }

    private func invoice(version: String?) throws -> Invoice {
        func missing(_ field: String) -> XMLError {
            XMLError(file: file, line: line, column: 1, message: "the Finvoice message has no \(field)")
        }
        guard let invoiceNumber else { throw missing("InvoiceDetails/InvoiceNumber") }
        guard let invoiceDate else { throw missing("InvoiceDetails/InvoiceDate") }
        guard var amount = total else { throw missing("InvoiceDetails/InvoiceTotalVatIncludedAmount") }
        let kind = Invoice.Kind(code: typeCode ?? "INV01")
        if case .other(let code) = kind {
            warn("invoice \(invoiceNumber) has type \(code), which saatava does not treat as a receivable")
        }
        if kind == .creditNote && amount.minorUnits > 0 {
            warn("credit note \(invoiceNumber) states a positive total \(amount); it is read as a credit of that much")
            amount = -amount
        }
        if let invoiceDueDate, let epiDueDate, invoiceDueDate != epiDueDate {
            warn("invoice \(invoiceNumber) has two due dates: InvoiceDueDate \(invoiceDueDate) and "
                + "EpiDateOptionDate \(epiDueDate); \(invoiceDueDate) is used")
        }
        if case .invalid(let text) = reference {
            warn("invoice \(invoiceNumber) has the reference '\(text)', which fails its check")
        }
        let routing = EInvoiceRouting.first(of: [recipientRouting, transmissionRouting, frameRouting])
        return Invoice(
            format: version.map { "finvoice-\($0)" } ?? "finvoice", file: file, invoiceNumber: invoiceNumber,
            kind: kind, invoiceDate: invoiceDate, dueDate: invoiceDueDate ?? epiDueDate, amount: amount,
            reference: reference, sellerId: sellerId, sellerName: sellerName, sellerAccount: epiAccount ?? sellerAccount, buyerId: buyerId,
            buyerName: buyerName, isConsumer: buyerId == nil && buyerTaxCode == nil,
            isCancellation: kind == .creditNote && originCode == "Cancel", originalInvoiceNumber: originalNumber,
            overdueInterestPercent: overdueInterest,
            buyerAddress: address == Invoice.PostalAddress() ? nil : address, language: language,
            sellersBuyerIdentifier: sellersBuyerIdentifier, eInvoiceAddress: routing?.address,
            eInvoiceIntermediator: routing?.intermediator)
    }

    private func warn(_ message: String) {
        diagnostic(Diagnostic(.warning, file: file, line: line, message: message))
    }

    // MARK: Sections

    /// `MessageReceiverDetails`: the message's own routing (the sender's is not needed).
    private mutating func readTransmission(_ reader: inout XMLReader) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            guard reader.hasName(names.receiverDetails) else { return false }
            var routing = EInvoiceRouting()
            try reader.forEachChildElement { reader in
                if reader.hasName(names.toIdentifier) {
                    routing.address = try reader.readTrimmedText()
                } else if reader.hasName(names.toIntermediator) {
                    routing.intermediator = try reader.readTrimmedText()
                } else {
                    return false
                }
                return true
            }
            transmissionRouting = transmissionRouting ?? routing
            return true
        }
    }

    private mutating func readSellerInformation(_ reader: inout XMLReader) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            if reader.hasName(names.sellerAccountDetails) {
                try reader.forEachChildElement { reader in
                    guard reader.hasName(names.sellerAccountId) else { return false }
                    let account = try self.account(&reader)
                    sellerAccount = sellerAccount ?? account
                    return true
                }
            } else if reader.hasName(names.recipientDetails) {
                // May repeat (one per address the buyer receives at); the first that names an address is used.
                var routing = EInvoiceRouting()
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.recipientAddress) {
                        routing.address = try reader.readTrimmedText()
                    } else if reader.hasName(names.recipientIntermediator) {
                        routing.intermediator = try reader.readTrimmedText()
                    } else {
                        return false
                    }
                    return true
                }
                if recipientRouting?.address == nil { recipientRouting = routing }
            } else {
                return false
            }
            return true
        }
    }

    private mutating func readBuyer(_ reader: inout XMLReader) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            if reader.hasName(names.buyerId) {
                buyerId = try businessID(&reader)
            } else if reader.hasName(names.buyerName) {
                if let name = try reader.readTrimmedText() { buyerName = buyerName.map { "\($0) \(name)" } ?? name }
            } else if reader.hasName(names.buyerTaxCode) {
                buyerTaxCode = try reader.readTrimmedText()
            } else if reader.hasName(names.buyerAddress) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.buyerStreet) {
                        address.street = try reader.readTrimmedText()
                    } else if reader.hasName(names.buyerPostCode) {
                        address.postCode = try reader.readTrimmedText()
                    } else if reader.hasName(names.buyerTown) {
                        address.town = try reader.readTrimmedText()
                    } else if reader.hasName(names.countryCode) {
                        address.country = try reader.readTrimmedText()
                    } else {
                        return false
                    }
                    return true
                }
            } else {
                return false
            }
            return true
        }
    }

    private mutating func readInvoiceDetails(_ reader: inout XMLReader) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            if reader.hasName(names.typeCode) {
                typeCode = try reader.readTrimmedText()
            } else if reader.hasName(names.originCode) {
                originCode = try reader.readTrimmedText()
            } else if reader.hasName(names.invoiceNumber) {
                invoiceNumber = try reader.readTrimmedText()
            } else if reader.hasName(names.invoiceDate) {
                invoiceDate = try reader.readDate()
            } else if reader.hasName(names.originalNumber) {
                originalNumber = try reader.readTrimmedText()
            } else if reader.hasName(names.sellersBuyerId) {
                sellersBuyerIdentifier = try reader.readTrimmedText()
            } else if reader.hasName(names.originalReference) {
                try reader.forEachChildElement { reader in
                    guard reader.hasName(names.invoiceNumber) else { return false }
                    let number = try reader.readTrimmedText()
                    originalNumber = originalNumber ?? number
                    return true
                }
            } else if reader.hasName(names.total) {
                // Exact to the cent or refused: totals never need rounding (row amounts with 3–4 decimals do, and
                // saatava does not read them). A total without a currency is in euros.
                total = try reader.readAmount(currencyAttribute: "AmountCurrencyIdentifier", defaultCurrency: .euro)
            } else if reader.hasName(names.paymentTerms) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.dueDate) {
                        invoiceDueDate = try reader.readDate()
                    } else if reader.hasName(names.overdueFine) {
                        try reader.forEachChildElement { reader in
                            guard reader.hasName(names.overdueFinePercent) else { return false }
                            overdueInterest = try percent(&reader)
                            return true
                        }
                    } else {
                        return false
                    }
                    return true
                }
            } else {
                return false
            }
            return true
        }
    }

    private mutating func readEpi(_ reader: inout XMLReader) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            if reader.hasName(names.epiParty) {
                try reader.forEachChildElement { reader in
                    guard reader.hasName(names.epiBeneficiary) else { return false }
                    try reader.forEachChildElement { reader in
                        guard reader.hasName(names.epiAccountId) else { return false }
                        epiAccount = try account(&reader)
                        return true
                    }
                    return true
                }
            } else if reader.hasName(names.epiInstruction) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.epiRemittance) {
                        reference = StatedReference(stated: try reader.readElementText())
                    } else if reader.hasName(names.epiDateOption) {
                        epiDueDate = try reader.readDate()
                    } else {
                        return false
                    }
                    return true
                }
            } else {
                return false
            }
            return true
        }
    }

    // MARK: Fields

    private func businessID(_ reader: inout XMLReader) throws -> String? {
        guard let value = try reader.readTrimmedText() else { return nil }
        return (try? BusinessID(parsing: value).canonical) ?? value
    }

    /// An account: an IBAN as canonical text, a 14-digit Finnish BBAN turned into its IBAN, else as written.
    private func account(_ reader: inout XMLReader) throws -> String? {
        guard let value = try reader.readTrimmedText() else { return nil }
        let compact = value.filter { $0 != " " }.uppercased()
        return IBAN(finnishBBAN: compact)?.canonical ?? compact
    }

    /// A percentage as a decimal with a dot ("11,5" → "11.5"); a malformed one is a warning and left out.
    private func percent(_ reader: inout XMLReader) throws -> String? {
        guard let value = try reader.readTrimmedText() else { return nil }
        let normalized = String(value.map { $0 == "," ? "." : $0 })
        let parts = normalized.split(separator: ".", omittingEmptySubsequences: false)
        let isDecimal = parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard (1...2).contains(parts.count), isDecimal else {
            warn("PaymentOverDueFinePercent '\(value)' is not a percentage; it is left out")
            return nil
        }
        return normalized
    }
}
