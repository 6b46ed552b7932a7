import Foundation
import Receivables

/// Who sends the generated invoices and which account receives their payments: what every generated file states.
struct Seller: Sendable {
    let id: String
    let name: String
    let account: String
}

/// The Finvoice 3.0 text of a planned invoice: a SOAP-ENV frame and the message, about 5 KB together.
enum Finvoice {
    /// Writes `invoices` as SOAP-framed batch files of at most `batchSize` messages,
    /// `inbox/finvoice-<YYYYMMDD>-<NNN>.xml`, dated `asOf`; returns their paths.
    static func writeBatches(
        _ invoices: [WorkloadPlan.PlannedInvoice], seller: Seller, asOf: LocalDate,
        encoding: WorkloadWriter.FinvoiceEncoding, batchSize: Int, inbox: URL
    ) throws -> [String] {
        var paths: [String] = []
        let day = asOf.description.filter(\.isNumber)
        var start = invoices.startIndex
        var batch = 0
        while start < invoices.endIndex {
            batch += 1
            let slice = invoices[start..<min(start + batchSize, invoices.endIndex)]
            let isLatin9 = encoding == .latin9 || (encoding == .mixed && batch % 2 == 0)
            let path = inbox.appendingPathComponent("finvoice-\(day)-\(String(format: "%03d", batch)).xml").path
            let output = try BufferedFile(path: path)
            for invoice in slice {
                let messageId = "MSG\(day)\(invoice.invoiceNumber)"
                let text = frame(asOf: asOf, invoice: invoice, messageId: messageId, isLatin9: isLatin9)
                    + message(seller: seller, asOf: asOf, invoice: invoice, messageId: messageId, isLatin9: isLatin9)
                output.write(text, latin9: isLatin9)
            }
            try output.close()
            paths.append(path)
            start += batchSize
        }
        return paths
    }

    static func frame(asOf: LocalDate, invoice: WorkloadPlan.PlannedInvoice, messageId: String, isLatin9: Bool) -> String {
        """
        <?xml version="1.0" encoding="\(isLatin9 ? "ISO-8859-15" : "UTF-8")"?>
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:eb="http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd">
        <SOAP-ENV:Header>
        <eb:MessageHeader xmlns:eb="http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd" SOAP-ENV:mustUnderstand="1" eb:version="2.0">
        <eb:From><eb:PartyId>003712345671</eb:PartyId><eb:Role>Sender</eb:Role></eb:From>
        <eb:From><eb:PartyId>NDEAFIHH</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:From>
        <eb:To><eb:PartyId>\(invoice.customer.eInvoiceAddress)</eb:PartyId><eb:Role>Receiver</eb:Role></eb:To>
        <eb:To><eb:PartyId>OKOYFIHH</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:To>
        <eb:CPAId>yoursandmycpa</eb:CPAId>
        <eb:ConversationId></eb:ConversationId>
        <eb:Service>Routing</eb:Service>
        <eb:Action>ProcessInvoice</eb:Action>
        <eb:MessageData><eb:MessageId>\(messageId)</eb:MessageId><eb:Timestamp>\(asOf)T06:00:00+02:00</eb:Timestamp></eb:MessageData>
        </eb:MessageHeader>
        </SOAP-ENV:Header>
        <SOAP-ENV:Body><eb:Manifest eb:id="Manifest" eb:version="2.0"><eb:Reference eb:id="Finvoice" xlink:href="\(messageId)"><eb:Schema eb:location="http://www.finvoice.info/finvoice.xsd" eb:version="3.0"/></eb:Reference></eb:Manifest></SOAP-ENV:Body>
        </SOAP-ENV:Envelope>

        """
    }

    static func message(
        seller: Seller, asOf: LocalDate, invoice: WorkloadPlan.PlannedInvoice, messageId: String, isLatin9: Bool) -> String {
        let customer = invoice.customer
        let total = invoice.amount.minorUnits
        let reference = invoice.writesRFReference
            ? "<EpiRemittanceInfoIdentifier IdentificationSchemeName=\"ISO\">\(invoice.reference.rfForm.canonical)</EpiRemittanceInfoIdentifier>"
            : "<EpiRemittanceInfoIdentifier IdentificationSchemeName=\"SPY\">\(String(repeating: "0", count: 20 - invoice.reference.canonical.count))\(invoice.reference.canonical)</EpiRemittanceInfoIdentifier>"
        let buyerID = customer.businessID.map { "<BuyerPartyIdentifier>\($0)</BuyerPartyIdentifier>\n" } ?? ""
        let typeCode = invoice.kind == .creditNote ? "INV02" : "INV01"
        let original = invoice.originalInvoiceNumber.map { "<OriginalInvoiceNumber>\($0)</OriginalInvoiceNumber>\n" } ?? ""
        let rows = row(index: 0, cents: total)
        return """
            <?xml version="1.0" encoding="\(isLatin9 ? "ISO-8859-15" : "UTF-8")"?>
            <Finvoice Version="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="Finvoice3.0.xsd">
            <MessageTransmissionDetails>
            <MessageSenderDetails><FromIdentifier>003712345671</FromIdentifier><FromIntermediator>NDEAFIHH</FromIntermediator></MessageSenderDetails>
            <MessageReceiverDetails><ToIdentifier>\(customer.eInvoiceAddress)</ToIdentifier><ToIntermediator>OKOYFIHH</ToIntermediator></MessageReceiverDetails>
            <MessageDetails><MessageIdentifier>\(messageId)</MessageIdentifier><MessageTimeStamp>\(asOf)T06:00:00</MessageTimeStamp></MessageDetails>
            </MessageTransmissionDetails>
            <SellerPartyDetails>
            <SellerPartyIdentifier>\(seller.id)</SellerPartyIdentifier>
            <SellerOrganisationName>\(WorkloadWriter.escaped(seller.name))</SellerOrganisationName>
            <SellerOrganisationTaxCode>FI12345671</SellerOrganisationTaxCode>
            <SellerPostalAddressDetails><SellerStreetName>Esimerkkikatu 1</SellerStreetName><SellerTownName>Helsinki</SellerTownName><SellerPostCodeIdentifier>00100</SellerPostCodeIdentifier><CountryCode>FI</CountryCode></SellerPostalAddressDetails>
            </SellerPartyDetails>
            <SellerInformationDetails><SellerAccountDetails><SellerAccountID IdentificationSchemeName="IBAN">\(seller.account)</SellerAccountID><SellerBic IdentificationSchemeName="BIC">NDEAFIHH</SellerBic></SellerAccountDetails></SellerInformationDetails>
            <InvoiceRecipientLanguageCode>\(customer.language.uppercased())</InvoiceRecipientLanguageCode>
            <BuyerPartyDetails>
            \(buyerID)<BuyerOrganisationName>\(WorkloadWriter.escaped(customer.name))</BuyerOrganisationName>
            <BuyerPostalAddressDetails><BuyerStreetName>\(customer.street)</BuyerStreetName><BuyerTownName>\(customer.town)</BuyerTownName><BuyerPostCodeIdentifier>\(customer.postCode)</BuyerPostCodeIdentifier><CountryCode>FI</CountryCode></BuyerPostalAddressDetails>
            </BuyerPartyDetails>
            <InvoiceDetails>
            <InvoiceTypeCode>\(typeCode)</InvoiceTypeCode>
            <OriginCode>Original</OriginCode>
            <InvoiceNumber>\(invoice.invoiceNumber)</InvoiceNumber>
            <InvoiceDate Format="CCYYMMDD">\(compact(invoice.invoiceDate))</InvoiceDate>
            \(original)<SellersBuyerIdentifier>\(customer.customerNumber)</SellersBuyerIdentifier>
            <InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier="EUR">\(comma(total))</InvoiceTotalVatIncludedAmount>
            <PaymentTermsDetails>
            <PaymentTermsFreeText>14 pv netto</PaymentTermsFreeText>
            <InvoiceDueDate Format="CCYYMMDD">\(compact(invoice.dueDate))</InvoiceDueDate>
            <PaymentOverDueFineDetails><PaymentOverDueFineFreeText>Viivästyskorko korkolain mukaan</PaymentOverDueFineFreeText><PaymentOverDueFinePercent>\(invoice.overdueInterestPercent.replacingOccurrences(of: ".", with: ","))</PaymentOverDueFinePercent></PaymentOverDueFineDetails>
            </PaymentTermsDetails>
            </InvoiceDetails>
            \(rows)<EpiDetails>
            <EpiIdentificationDetails><EpiDate Format="CCYYMMDD">\(compact(invoice.invoiceDate))</EpiDate><EpiReference>\(invoice.invoiceNumber)</EpiReference></EpiIdentificationDetails>
            <EpiPartyDetails>
            <EpiBfiPartyDetails><EpiBfiIdentifier IdentificationSchemeName="BIC">NDEAFIHH</EpiBfiIdentifier></EpiBfiPartyDetails>
            <EpiBeneficiaryPartyDetails><EpiNameAddressDetails>\(WorkloadWriter.escaped(seller.name))</EpiNameAddressDetails><EpiBei>\(seller.id)</EpiBei><EpiAccountID IdentificationSchemeName="IBAN">\(seller.account)</EpiAccountID></EpiBeneficiaryPartyDetails>
            </EpiPartyDetails>
            <EpiPaymentInstructionDetails>
            \(reference)
            <EpiInstructedAmount AmountCurrencyIdentifier="EUR">\(comma(max(total, 0)))</EpiInstructedAmount>
            <EpiCharge ChargeOption="SHA">SHA</EpiCharge>
            <EpiDateOptionDate Format="CCYYMMDD">\(compact(invoice.dueDate))</EpiDateOptionDate>
            </EpiPaymentInstructionDetails>
            </EpiDetails>
            </Finvoice>

            """
    }

    /// One invoice row; VAT 25.5 % included in `cents`.
    private static func row(index: Int, cents: Int64) -> String {
        let excluded = (cents * 1000 + 627) / 1255
        return """
            <InvoiceRow>
            <ArticleIdentifier>ART-\(1000 + index)</ArticleIdentifier>
            <ArticleName>Työsuoritus ja tarvikkeet, erä \(index + 1)</ArticleName>
            <DeliveredQuantity QuantityUnitCode="kpl">1</DeliveredQuantity>
            <UnitPriceAmount AmountCurrencyIdentifier="EUR">\(comma(excluded))</UnitPriceAmount>
            <RowVatRatePercent>25,5</RowVatRatePercent>
            <RowVatAmount AmountCurrencyIdentifier="EUR">\(comma(cents - excluded))</RowVatAmount>
            <RowVatExcludedAmount AmountCurrencyIdentifier="EUR">\(comma(excluded))</RowVatExcludedAmount>
            <RowAmount AmountCurrencyIdentifier="EUR">\(comma(cents))</RowAmount>
            </InvoiceRow>

            """
    }

    private static func comma(_ cents: Int64) -> String {
        WorkloadWriter.decimal(cents).replacingOccurrences(of: ".", with: ",")
    }

    private static func compact(_ date: LocalDate) -> String { date.description.filter(\.isNumber) }
}
