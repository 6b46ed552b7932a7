import Finvoice
import Foundation
import Receivables
import TestSupport
import XCTest

final class FinvoiceParserTests: XCTestCase {
    private func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    private func parse(_ path: String) throws -> (invoices: [Invoice], warnings: [String]) {
        var invoices: [Invoice] = []
        var warnings: [String] = []
        try FinvoiceParser.parse(file: path, diagnostic: { warnings.append($0.description) }) { invoices.append($0) }
        return (invoices, warnings)
    }

    private func parse(bytes: [UInt8]) throws -> (invoices: [Invoice], warnings: [String]) {
        let url = try temporaryDirectory("finvoice").appendingPathComponent("finvoice.xml")
        try Data(bytes).write(to: url)
        return try parse(url.path)
    }

    /// A minimal Finvoice message; `details` goes inside InvoiceDetails, `epi` inside EpiPaymentInstructionDetails.
    private func message(
        number: String = "1001", type: String = "INV01", total: String = "125,50", buyer: String = "<BuyerPartyIdentifier>7654321-2</BuyerPartyIdentifier>",
        details: String = "", epi: String = "<EpiRemittanceInfoIdentifier IdentificationSchemeName=\"SPY\">00000000020230000177</EpiRemittanceInfoIdentifier>",
        sellerName: String = "Myyjä Oy", transmission: String = "", sellerInformation: String = ""
    ) -> String {
        """
        <Finvoice Version="3.0">\(transmission)\
        <SellerPartyDetails><SellerPartyIdentifier>1234567-1</SellerPartyIdentifier>\
        <SellerOrganisationName>\(sellerName)</SellerOrganisationName></SellerPartyDetails>\(sellerInformation)\
        <InvoiceRecipientLanguageCode>FI</InvoiceRecipientLanguageCode>\
        <BuyerPartyDetails>\(buyer)<BuyerOrganisationName>Ostaja Oy</BuyerOrganisationName></BuyerPartyDetails>\
        <InvoiceDetails><InvoiceTypeCode>\(type)</InvoiceTypeCode><InvoiceNumber>\(number)</InvoiceNumber>\
        <InvoiceDate Format="CCYYMMDD">20250301</InvoiceDate>\
        <InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier="EUR">\(total)</InvoiceTotalVatIncludedAmount>\(details)\
        </InvoiceDetails><EpiDetails><EpiPartyDetails><EpiBeneficiaryPartyDetails>\
        <EpiAccountID IdentificationSchemeName="IBAN">FI2112345600000785</EpiAccountID></EpiBeneficiaryPartyDetails>\
        </EpiPartyDetails><EpiPaymentInstructionDetails>\(epi)\
        <EpiDateOptionDate Format="CCYYMMDD">20250315</EpiDateOptionDate></EpiPaymentInstructionDetails></EpiDetails></Finvoice>
        """
    }

    private let frame = """
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" \
        xmlns:eb="http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd"><SOAP-ENV:Header>\
        <eb:MessageHeader><eb:MessageData><eb:MessageId>M1</eb:MessageId></eb:MessageData></eb:MessageHeader>\
        </SOAP-ENV:Header><SOAP-ENV:Body/></SOAP-ENV:Envelope>
        """

    /// A SOAP-ENV frame whose ebXML header routes the message to `receiver` through `intermediator`, as operators
    /// write it: `eb:From` twice, then `eb:To` twice, each a `PartyId` and a `Role`.
    private func frame(receiver: String, intermediator: String) -> String {
        """
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" \
        xmlns:eb="http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd"><SOAP-ENV:Header>\
        <eb:MessageHeader SOAP-ENV:mustUnderstand="1" eb:version="2.0">\
        <eb:From><eb:PartyId>003712345671</eb:PartyId><eb:Role>Sender</eb:Role></eb:From>\
        <eb:From><eb:PartyId>NDEAFIHH</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:From>\
        <eb:To><eb:PartyId> \(receiver) </eb:PartyId><eb:Role>Receiver</eb:Role></eb:To>\
        <eb:To><eb:PartyId>\(intermediator)</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:To>\
        <eb:CPAId>yoursandmycpa</eb:CPAId><eb:MessageData><eb:MessageId>M1</eb:MessageId></eb:MessageData>\
        </eb:MessageHeader></SOAP-ENV:Header><SOAP-ENV:Body/></SOAP-ENV:Envelope>
        """
    }

    /// `MessageTransmissionDetails` naming the receiver (Finvoice 3.0 schema order and names).
    private func transmission(to address: String, via intermediator: String) -> String {
        """
        <MessageTransmissionDetails><MessageSenderDetails><FromIdentifier>003712345671</FromIdentifier>\
        <FromIntermediator>NDEAFIHH</FromIntermediator></MessageSenderDetails><MessageReceiverDetails>\
        <ToIdentifier SchemeID="0216">\(address)</ToIdentifier><ToIntermediator>\(intermediator)</ToIntermediator>\
        </MessageReceiverDetails><MessageDetails><MessageIdentifier>M1</MessageIdentifier>\
        <MessageTimeStamp>2025-03-01T10:00:00</MessageTimeStamp></MessageDetails></MessageTransmissionDetails>
        """
    }

    /// `SellerInformationDetails` with one `InvoiceRecipientDetails` per (address, intermediator) pair.
    private func sellerInformation(recipients: [(String, String)]) -> String {
        "<SellerInformationDetails><SellerAccountDetails><SellerAccountID IdentificationSchemeName=\"IBAN\">"
            + "FI2112345600000785</SellerAccountID></SellerAccountDetails>"
            + recipients.map { address, intermediator in
                "<InvoiceRecipientDetails><InvoiceRecipientAddress>\(address)</InvoiceRecipientAddress>"
                    + "<InvoiceRecipientIntermediatorAddress>\(intermediator)</InvoiceRecipientIntermediatorAddress>"
                    + "</InvoiceRecipientDetails>"
            }.joined() + "</SellerInformationDetails>"
    }

    func test_oneMessage_readsEveryField() throws {
        let details = """
            <PaymentTermsDetails><InvoiceDueDate Format="CCYYMMDD">20250315</InvoiceDueDate><PaymentOverDueFineDetails>\
            <PaymentOverDueFinePercent>11,5</PaymentOverDueFinePercent></PaymentOverDueFineDetails></PaymentTermsDetails>
            """
        let parsed = try parse(bytes: Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + message(details: details)).utf8))
        XCTAssertEqual(parsed.warnings, [])
        let invoice = try XCTUnwrap(parsed.invoices.first)
        XCTAssertEqual(invoice.format, "finvoice-3.0")
        XCTAssertEqual(invoice.invoiceNumber, "1001")
        XCTAssertEqual(invoice.kind, .invoice)
        XCTAssertEqual(invoice.invoiceDate.description, "2025-03-01")
        XCTAssertEqual(invoice.dueDate?.description, "2025-03-15")
        XCTAssertEqual(invoice.amount.description, "125.50 EUR")
        XCTAssertEqual(invoice.reference?.text, "20230000177")
        XCTAssertEqual(invoice.reference?.kindName, "fi")
        XCTAssertEqual(invoice.sellerId, "1234567-1")
        XCTAssertEqual(invoice.sellerName, "Myyjä Oy")
        XCTAssertEqual(invoice.sellerAccount, "FI2112345600000785")
        XCTAssertEqual(invoice.buyerId, "7654321-2")
        XCTAssertEqual(invoice.buyerName, "Ostaja Oy")
        XCTAssertFalse(invoice.isConsumer)
        XCTAssertEqual(invoice.overdueInterestPercent, "11.5")
        XCTAssertEqual(invoice.language, "fi")
        XCTAssertNil(invoice.sellersBuyerIdentifier)
        XCTAssertNil(invoice.eInvoiceAddress, "no recipient details, no transmission details, no frame")
        XCTAssertNil(invoice.eInvoiceIntermediator)
    }

    // MARK: What dunning and reminders need

    func test_sellersBuyerIdentifier_isReadFromInvoiceDetails() throws {
        let details = "<OriginCode>Original</OriginCode><SellersBuyerIdentifier> ASIAKAS-4711 </SellersBuyerIdentifier>"
        let parsed = try parse(bytes: Array(message(buyer: "", details: details).utf8))
        XCTAssertEqual(parsed.invoices.map(\.sellersBuyerIdentifier), ["ASIAKAS-4711"])
        XCTAssertEqual(parsed.invoices.map(\.isConsumer), [true])
    }

    func test_eInvoiceAddress_recipientDetailsComeFirst() throws {
        let text = frame(receiver: "FRAME-ADDRESS", intermediator: "FRAMEFIHH") + "\n" + message(
            transmission: transmission(to: "003701120389", via: "003723327487"),
            sellerInformation: sellerInformation(
                recipients: [("FI7944052020036082", "HELSFIHH"), ("SECOND", "OKOYFIHH")]))
        let invoice = try XCTUnwrap(try parse(bytes: Array(text.utf8)).invoices.first)
        XCTAssertEqual(invoice.eInvoiceAddress, "FI7944052020036082")
        XCTAssertEqual(invoice.eInvoiceIntermediator, "HELSFIHH")
    }

    func test_eInvoiceAddress_withoutRecipientDetails_isTheMessagesReceiver() throws {
        for text in [
            message(transmission: transmission(to: "003701120389", via: "003723327487")),
            frame(receiver: "FRAME-ADDRESS", intermediator: "FRAMEFIHH")
                + message(transmission: transmission(to: "003701120389", via: "003723327487")),
        ] {
            let invoice = try XCTUnwrap(try parse(bytes: Array(text.utf8)).invoices.first)
            XCTAssertEqual(invoice.eInvoiceAddress, "003701120389")
            XCTAssertEqual(invoice.eInvoiceIntermediator, "003723327487")
        }
    }

    func test_eInvoiceAddress_withNeitherInTheMessage_isTheFramesReceiver() throws {
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let text = declaration + frame(receiver: "FI7944052020036082", intermediator: "HELSFIHH") + "\n"
            + declaration + message(number: "1") + "\n"
            + declaration + message(number: "2") + "\n"
            + declaration + frame(receiver: "003709876543", intermediator: "OKOYFIHH") + "\n"
            + declaration + message(number: "3") + "\n"
        let invoices = try parse(bytes: Array(text.utf8)).invoices
        XCTAssertEqual(invoices.map(\.invoiceNumber), ["1", "2", "3"])
        XCTAssertEqual(
            invoices.map(\.eInvoiceAddress), ["FI7944052020036082", nil, "003709876543"],
            "a frame routes only the message after it")
        XCTAssertEqual(invoices.map(\.eInvoiceIntermediator), ["HELSFIHH", nil, "OKOYFIHH"])
    }

    func test_eInvoiceIntermediator_comesFromWhereTheAddressDoes() throws {
        let recipientWithoutIntermediator =
            "<SellerInformationDetails><InvoiceRecipientDetails><InvoiceRecipientAddress>FI7944052020036082"
            + "</InvoiceRecipientAddress></InvoiceRecipientDetails></SellerInformationDetails>"
        let sameAddress = message(
            transmission: transmission(to: "FI7944052020036082", via: "HELSFIHH"),
            sellerInformation: recipientWithoutIntermediator)
        let otherAddress = frame(receiver: "003709876543", intermediator: "OKOYFIHH")
            + message(sellerInformation: recipientWithoutIntermediator)
        let invoices = try parse(bytes: Array((sameAddress + "\n" + otherAddress).utf8)).invoices
        XCTAssertEqual(invoices.map(\.eInvoiceAddress), ["FI7944052020036082", "FI7944052020036082"])
        XCTAssertEqual(invoices.map(\.eInvoiceIntermediator), ["HELSFIHH", nil], "never another address's operator")
    }

    func test_handMadeConsumerInvoice_readsEveryFieldRemindersNeed() throws {
        // Valid against Finvoice3.0.xsd (the Finvoice part; see Fixtures/README.md).
        let parsed = try parse(fixture("handmade__consumer-einvoice.v3.0.xml"))
        XCTAssertEqual(parsed.warnings, [])
        let invoice = try XCTUnwrap(parsed.invoices.first)
        XCTAssertTrue(invoice.isConsumer)
        XCTAssertEqual(invoice.sellersBuyerIdentifier, "ASIAKAS-4711")
        XCTAssertEqual(invoice.eInvoiceAddress, "FI7944052020036082")
        XCTAssertEqual(invoice.eInvoiceIntermediator, "HELSFIHH")
        XCTAssertEqual(invoice.language, "sv")
        XCTAssertEqual(
            invoice.buyerAddress,
            Invoice.PostalAddress(street: "Strandvägen 5 B 12", postCode: "10600", town: "Ekenäs", country: "FI"))
        XCTAssertEqual(invoice.overdueInterestPercent, "11.0")
    }

    func test_fixtures_carryTheirRoutingLanguageAndAddress() throws {
        struct Expected {
            var address: String?
            var intermediator: String?
            var language: String?
            var buyerAddress: Invoice.PostalAddress?
        }
        let expected: [String: Expected] = [
            // SellerInformationDetails/InvoiceRecipientDetails
            "Greenstep-rfinvoice__spec_support_files_1.1.xml": Expected(
                address: "X12345678003", intermediator: "OKOYFIHH",
                buyerAddress: .init(street: "Rauhalantie 8", postCode: "01700", town: "VANTAA")),
            "Greenstep-rfinvoice__spec_support_files_2.01.xml": Expected(
                address: "FI1180201710224434", intermediator: "DABAFIHH"),
            // MessageTransmissionDetails/MessageReceiverDetails
            "django-jbank__data_finvoice_xsd-test.xml": Expected(
                address: "0987654321", intermediator: "HELSFIHH",
                buyerAddress: .init(street: "Mannerheimintie 1", postCode: "00100", town: "Helsinki", country: "FI")),
            "invopop-gobl.fi.finvoice__examples_out_invoice.v3.0.xml": Expected(
                address: "003701120389", intermediator: "003723327487",
                buyerAddress: .init(street: "3. kerros", postCode: "02100", town: "Espoo", country: "FI")),
            // Neither
            "Greenstep-rfinvoice__spec_support_files_1.0.xml": Expected(
                buyerAddress: .init(street: "Haapatie 1", postCode: "00211", town: "Helsinki")),
            "invopop-gobl.fi.finvoice__test_data_parse_credit-note.xml": Expected(
                buyerAddress: .init(street: "Testitie 2", postCode: "02100", town: "Espoo", country: "FI")),
        ]
        for (name, want) in expected {
            let invoice = try XCTUnwrap(try parse(fixture(name)).invoices.first, name)
            XCTAssertEqual(invoice.eInvoiceAddress, want.address, name)
            XCTAssertEqual(invoice.eInvoiceIntermediator, want.intermediator, name)
            XCTAssertEqual(invoice.language, want.language, name)
            XCTAssertEqual(invoice.buyerAddress, want.buyerAddress, name)
            XCTAssertNil(invoice.sellersBuyerIdentifier, name)
        }
        // A SOAP-framed batch whose messages repeat the frame's receiver in MessageReceiverDetails.
        let batch = try parse(fixture("synthetic__soap-framed-batch.v3.0.xml")).invoices
        XCTAssertEqual(batch.prefix(3).map(\.eInvoiceAddress), ["1000002-0", "1000004-7", "CONSUMER"])
        XCTAssertEqual(Set(batch.map(\.eInvoiceIntermediator)), ["OKOYFIHH"])
        XCTAssertEqual(batch.first?.buyerAddress?.street, "Asiakastie 1")
    }

    func test_everyFileForm_readsTheSameInvoices() throws {
        let one = message(number: "1")
        let two = message(number: "2")
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let forms: [String: String] = [
            "no declaration": one + "\n",
            "doctype": declaration + "<!DOCTYPE Finvoice SYSTEM \"Finvoice.dtd\">\n" + one,
            "frame then Finvoice, one declaration": declaration + frame + "\n" + one,
            "pairs, each with its declaration": declaration + frame + "\n" + declaration + one + "\n" + declaration + frame
                + "\n" + declaration + two + "\n",
            "pairs after one declaration, on one line": declaration + frame + one + frame + two,
            "CRLF": (declaration + frame + "\n" + declaration + one).replacingOccurrences(of: "\n", with: "\r\n"),
        ]
        for (form, text) in forms {
            let numbers = try parse(bytes: Array(text.utf8)).invoices.map(\.invoiceNumber)
            XCTAssertEqual(numbers, form.hasPrefix("pairs") ? ["1", "2"] : ["1"], form)
        }
    }

    func test_eachMessage_honoursItsOwnEncoding() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n".utf8)
        bytes += Array(message(number: "1", sellerName: "Myyj\u{E4} \u{20AC}").unicodeScalars.map { $0 == "€" ? 0xA4 : UInt8($0.value) })
        bytes += Array("\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8) + Array(message(number: "2", sellerName: "Myyjä €").utf8)
        bytes += Array("\n<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n".utf8)
        bytes += Array(message(number: "3", sellerName: "Myyj\u{E4}").unicodeScalars.map { UInt8($0.value) })
        XCTAssertEqual(try parse(bytes: bytes).invoices.map(\.sellerName), ["Myyjä €", "Myyjä €", "Myyjä"])
    }

    func test_types_creditNotesAndCancellations() throws {
        let text = [
            message(number: "1", type: "INV01"), message(number: "2", type: "INV02", total: "-56,75", details: "<OriginCode>Cancel</OriginCode><OriginalInvoiceNumber>1</OriginalInvoiceNumber>"),
            message(number: "3", type: "INV03", total: "4,10"), message(number: "4", type: "INV08", total: "5,00"),
            message(number: "5", type: "INV06", total: "0,00"), message(number: "6", type: "INV02", total: "10,00"),
        ].joined(separator: "\n")
        let parsed = try parse(bytes: Array(text.utf8))
        XCTAssertEqual(parsed.invoices.map(\.kind.name), ["invoice", "credit_note", "interest_invoice", "reminder", "INV06", "credit_note"])
        XCTAssertEqual(parsed.invoices.map(\.amount.decimalString), ["125.50", "-56.75", "4.10", "5.00", "0.00", "-10.00"])
        XCTAssertEqual(parsed.invoices.map(\.isCancellation), [false, true, false, false, false, false])
        XCTAssertEqual(parsed.invoices[1].originalInvoiceNumber, "1")
        XCTAssertEqual(parsed.warnings.count, 2)
        XCTAssertTrue(parsed.warnings[0].hasSuffix("warning: invoice 5 has type INV06, which saatava does not treat as a receivable"))
        XCTAssertTrue(parsed.warnings[1].hasSuffix("warning: credit note 6 states a positive total 10.00 EUR; it is read as a credit of that much"))
    }

    func test_references_validInvalidAndMissing() throws {
        let text = [
            message(number: "1", epi: "<EpiRemittanceInfoIdentifier IdentificationSchemeName=\"ISO\">RF18 5390 0754 7034</EpiRemittanceInfoIdentifier>"),
            message(number: "2", epi: "<EpiRemittanceInfoIdentifier IdentificationSchemeName=\"SPY\">1043002</EpiRemittanceInfoIdentifier>"),
            message(number: "3", epi: ""),
        ].joined(separator: "\n")
        let parsed = try parse(bytes: Array(text.utf8))
        XCTAssertEqual(parsed.invoices.map { $0.reference?.text }, ["RF18539007547034", "1043002", nil])
        XCTAssertEqual(parsed.invoices.map { $0.reference?.kindName }, ["rf", "invalid", nil])
        XCTAssertEqual(parsed.warnings.map { $0.components(separatedBy: "warning: ").last! }, [
            "invoice 2 has the reference '1043002', which fails its check"
        ])
    }

    func test_dueDates_fallBackToTheEpiDateAndDisagreementIsAWarning() throws {
        let agreeing = message(number: "1")
        let differing = message(number: "2", details: "<PaymentTermsDetails><InvoiceDueDate Format=\"CCYYMMDD\">20250320</InvoiceDueDate></PaymentTermsDetails>")
        let parsed = try parse(bytes: Array((agreeing + "\n" + differing).utf8))
        XCTAssertEqual(parsed.invoices.map { $0.dueDate?.description }, ["2025-03-15", "2025-03-20"])
        XCTAssertEqual(parsed.warnings.map { $0.components(separatedBy: "warning: ").last! }, [
            "invoice 2 has two due dates: InvoiceDueDate 2025-03-20 and EpiDateOptionDate 2025-03-15; 2025-03-20 is used"
        ])
    }

    func test_consumer_isABuyerWithoutBusinessIDOrVATNumber() throws {
        let text = [
            message(number: "1", buyer: ""),
            message(number: "2", buyer: "<BuyerOrganisationTaxCode>FI76543212</BuyerOrganisationTaxCode>"),
            message(number: "3"),
        ].joined(separator: "\n")
        XCTAssertEqual(try parse(bytes: Array(text.utf8)).invoices.map(\.isConsumer), [true, false, false])
    }

    func test_totalThatNeedsRounding_isRefusedWithItsPlace() throws {
        let text = "<?xml version=\"1.0\"?>\n" + message(total: "125,505")
        XCTAssertThrowsError(try parse(bytes: Array(text.utf8))) { error in
            XCTAssertTrue("\(error)".hasSuffix("finvoice.xml:2:1: InvoiceTotalVatIncludedAmount: '125,505' has more than 2 decimals"), "\(error)")
        }
    }

    func test_smallBatchWhoseFrameIsAnEmptyElement_readsBothDocuments() throws {
        let declaration = "<?xml version=\"1.0\"?>\n"
        let emptyFrame = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"/>\n"
        let text = declaration + emptyFrame + declaration + message(number: "7") + "\n"
        XCTAssertEqual(try parse(bytes: Array(text.utf8)).invoices.map(\.invoiceNumber), ["7"])
    }

    func test_messageDeclaringANamespace_isReadInIt() throws {
        let text = message(number: "9").replacingOccurrences(
            of: "<Finvoice Version=\"3.0\">", with: "<Finvoice Version=\"3.0\" xmlns=\"urn:example:finvoice\">")
        XCTAssertEqual(try parse(bytes: Array(text.utf8)).invoices.map(\.amount.decimalString), ["125.50"])
    }

    func test_messageOfAnotherKind_isRefused() throws {
        XCTAssertThrowsError(try parse(bytes: Array("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>".utf8))) { error in
            XCTAssertTrue("\(error)".hasSuffix(":1:1: not a Finvoice message: its root is <Invoice> in namespace 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'"), "\(error)")
        }
    }

    func test_samples_allParse() throws {
        let batch = try parse(fixture("synthetic__soap-framed-batch.v3.0.xml"))
        XCTAssertEqual(batch.invoices.count, 12)
        XCTAssertEqual(batch.warnings, [])
        let latin1 = try parse(fixture("Greenstep-rfinvoice__spec_support_files_1.1.xml"))
        XCTAssertEqual(latin1.invoices.map(\.sellerName), ["Tieken testi xxx:n yksikkö"])
        XCTAssertEqual(latin1.invoices.map(\.sellerAccount), ["FI1350001520000081"], "a BBAN becomes its IBAN")
        let credit = try parse(fixture("invopop-gobl.fi.finvoice__examples_out_credit-note.v3.0.xml"))
        XCTAssertEqual(credit.invoices.map(\.amount.decimalString), ["-56.75"])
        XCTAssertEqual(credit.invoices.map(\.originalInvoiceNumber), ["2026-1001"])
        XCTAssertEqual(try parse(fixture("invopop-gobl.fi.finvoice__examples_out_invoice.v3.0.xml")).invoices.map(\.sellerName), ["Myyjä Oy"])
    }
}
