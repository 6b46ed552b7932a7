import Finvoice
import Receivables
import XMLStreaming

// Finvoice 1.x–3.0, alone or SOAP-framed in batches, through the splitter and the streaming reader. Contract
// (Support/FileReaderHarness.swift): invoices, or an XMLError at a line and column of the file (never another
// error, never a crash); each invoice exact (a number, the amount, its currency, a canonical reference); the same
// input read again gives the same outcome (no state kept between files or between the messages of a batch).

/// A small valid invoice, read between inputs now and then.
private let reference: [UInt8] = Array(
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Finvoice Version="3.0"><SellerPartyDetails><SellerPartyIdentifier>1234567-8</SellerPartyIdentifier>\
    <SellerOrganisationName>Myyjä Oy</SellerOrganisationName></SellerPartyDetails><BuyerPartyDetails>\
    <BuyerOrganisationName>Ostaja</BuyerOrganisationName></BuyerPartyDetails><InvoiceDetails>\
    <InvoiceTypeCode>INV01</InvoiceTypeCode><InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier="EUR">\
    124,00</InvoiceTotalVatIncludedAmount><InvoiceDate Format="CCYYMMDD">20261127</InvoiceDate>\
    <InvoiceNumber>42</InvoiceNumber></InvoiceDetails><EpiDetails><EpiPaymentInstructionDetails>\
    <EpiRemittanceInfoIdentifier IdentificationSchemeName="SPY">1232</EpiRemittanceInfoIdentifier>\
    </EpiPaymentInstructionDetails></EpiDetails></Finvoice>
    """.utf8)

nonisolated(unsafe) private var harness = FileReaderHarness<Invoice, XMLError>(
    inputName: "finvoice.xml", reference: reference, referenceRecords: 1, read: FinvoiceParser.parse,
    place: \.location, check: checkInvoice)

private func checkInvoice(_ invoice: Invoice, file: String) {
    require(invoice.file == file, "invoice names file '\(invoice.file)'")
    require(!invoice.invoiceNumber.isEmpty, "an invoice without a number")
    checkAmount(invoice.amount, "invoice \(invoice.invoiceNumber)")
    checkReference(invoice.reference, "invoice \(invoice.invoiceNumber)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFinvoice(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    harness.run(data, size)
    return 0
}
