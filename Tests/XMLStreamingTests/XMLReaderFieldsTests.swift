import Receivables
import XCTest
import XMLStreaming

/// The shared field readers (`XMLReader+Fields.swift`): each is run on the first child of a small document, and
/// errors are compared whole, location and field name included.
final class XMLReaderFieldsTests: XCTestCase {
    /// Moves a reader over `document` to the start of its root's first child, then calls `read` there.
    private func readField<Value>(
        _ document: String, _ read: (inout XMLReader) throws -> Value
    ) throws -> Value {
        var reader = XMLReader(name: "f.xml", bytes: Array(document.utf8))
        var elements = 0
        while try reader.read() {
            guard reader.kind == .startElement else { continue }
            elements += 1
            if elements == 2 { return try read(&reader) }
        }
        throw reader.error("no field in the test document")
    }

    /// The error `read` throws on the first child of `document`, rendered.
    private func fieldError<Value>(_ document: String, _ read: (inout XMLReader) throws -> Value) -> String? {
        do {
            _ = try readField(document, read)
            return nil
        } catch {
            return "\(error)"
        }
    }

    // MARK: Text

    func test_readTrimmedText_trimsAndGivesNilWhenBlank() throws {
        XCTAssertEqual(try readField("<r><Nm>\n  Oy Ab \u{A0}</Nm></r>") { try $0.readTrimmedText() }, "Oy Ab")
        XCTAssertNil(try readField("<r><Nm>  \n </Nm></r>") { try $0.readTrimmedText() })
        XCTAssertNil(try readField("<r><Nm/></r>") { try $0.readTrimmedText() })
    }

    func test_readTrimmedText_leavesTheReaderOnTheEndTag() throws {
        let name = try readField("<r><Nm>a</Nm><Next/></r>") { reader in
            _ = try reader.readTrimmedText()
            return "\(reader.kind) \(reader.localName)"
        }
        XCTAssertEqual(name, "endElement Nm")
    }

    // MARK: Dates

    func test_readDate_readsCamtAndFinvoiceForms() throws {
        let expected = LocalDate(year: 2026, month: 11, day: 27)
        XCTAssertEqual(try readField("<r><Dt>2026-11-27</Dt></r>") { try $0.readDate() }, expected)
        XCTAssertEqual(try readField("<r><DtTm> 2026-11-27T23:30:00+02:00 </DtTm></r>") { try $0.readDate() }, expected)
        // An instant's date is the Helsinki day then (UTC+2 in winter, +3 in summer); a local time's, as written.
        for (text, day) in [("2026-11-26T22:30:00Z", "2026-11-27"), ("2026-11-27T21:59:59.999Z", "2026-11-27"),
                            ("2026-11-27T22:00:00.5Z", "2026-11-28"), ("2026-06-30T21:00:00+00:00", "2026-07-01"),
                            ("2026-06-30T20:59:00-0000", "2026-06-30"), ("2026-11-27T23:59:59", "2026-11-27"),
                            ("2026-11-27T23:59:59.123", "2026-11-27")] {
            XCTAssertEqual(try readField("<r><DtTm>\(text)</DtTm></r>") { try $0.readDate() }?.description, day, text)
        }
        XCTAssertEqual(
            try readField(#"<r><InvoiceDate Format="CCYYMMDD">20261127</InvoiceDate></r>"#) { try $0.readDate() },
            expected)
        XCTAssertNil(try readField("<r><Dt> </Dt></r>") { try $0.readDate() })
    }

    func test_readDate_namesTheFieldAndItsLine() {
        XCTAssertEqual(
            fieldError("<r>\n<InvoiceDate Format=\"CCYYMMDD\">20260931</InvoiceDate></r>") { try $0.readDate() },
            "f.xml:2:1: InvoiceDate: '20260931' is not a valid date: there is no such day")
        XCTAssertEqual(
            fieldError("<r><AccptncDtTm>27.11.2026</AccptncDtTm></r>") { try $0.readDate() },
            "f.xml:1:1: AccptncDtTm: '27.11.2026' is not a valid date: "
                + "expected YYYY-MM-DD, CCYYMMDD, YYMMDD or an ISO date-time")
    }

    // MARK: Amounts

    func test_readAmount_readsDotAndCommaDecimalsInTheAttributesCurrency() throws {
        let camt = try readField(#"<r><Amt Ccy="EUR">125.50</Amt></r>"#) {
            try $0.readAmount(currencyAttribute: "Ccy")
        }
        XCTAssertEqual(camt, Amount(minorUnits: 12550, currency: .euro))
        let finvoice = try readField(#"<r><Total AmountCurrencyIdentifier=" sek "> -1088,5 </Total></r>"#) { try $0.readAmount(currencyAttribute: "AmountCurrencyIdentifier", defaultCurrency: .euro) }
        XCTAssertEqual(finvoice, Amount(minorUnits: -108_850, currency: Currency(code: "SEK")!))
        let yen = try readField(#"<r><Amt Ccy="JPY">1500</Amt></r>"#) { try $0.readAmount(currencyAttribute: "Ccy") }
        XCTAssertEqual(yen.minorUnits, 1500)
    }

    func test_readAmount_withoutTheAttribute_takesTheDefaultOrRefuses() throws {
        let finvoice = try readField("<r><InvoiceTotalVatIncludedAmount>12,00</InvoiceTotalVatIncludedAmount></r>") {
            try $0.readAmount(currencyAttribute: "AmountCurrencyIdentifier", defaultCurrency: .euro)
        }
        XCTAssertEqual(finvoice, Amount(minorUnits: 1200, currency: .euro))
        XCTAssertEqual(
            fieldError("<r>\n\n<Amt>1.00</Amt></r>") { try $0.readAmount(currencyAttribute: "Ccy") },
            "f.xml:3:1: Amt has no Ccy attribute")
    }

    func test_readAmount_errorsNameTheField() {
        func camt(_ element: String) -> String? {
            fieldError("<r>\(element)</r>") {
                try $0.readAmount(currencyAttribute: "Ccy", negativeRefusal: "camt amounts never are")
            }
        }
        XCTAssertEqual(camt(#"<Amt Ccy="EU">1.00</Amt>"#), "f.xml:1:1: Amt: 'EU' is not a currency code")
        XCTAssertEqual(camt(#"<Amt Ccy="EUR">2839.755</Amt>"#), "f.xml:1:1: Amt: '2839.755' has more than 2 decimals")
        XCTAssertEqual(
            camt(#"<Amt Ccy="EUR">-29908.43</Amt>"#), "f.xml:1:1: Amt: '-29908.43' is negative; camt amounts never are")
        XCTAssertEqual(
            camt(#"<Amt Ccy="EUR"> </Amt>"#),
            "f.xml:1:1: Amt: '' is not an amount (expected digits with at most one '.' or ',' and an optional sign)")
        XCTAssertEqual(
            fieldError(#"<r><Total AmountCurrencyIdentifier="EURO">1,00</Total></r>"#) {
                try $0.readAmount(currencyAttribute: "AmountCurrencyIdentifier", defaultCurrency: .euro)
            },
            "f.xml:1:1: Total: 'EURO' is not a currency code")
    }

    func test_readAmount_readsNegativeAmountsUnlessRefused() throws {
        let credit = try readField(#"<r><Total AmountCurrencyIdentifier="EUR">-125,50</Total></r>"#) {
            try $0.readAmount(currencyAttribute: "AmountCurrencyIdentifier")
        }
        XCTAssertEqual(credit.minorUnits, -12550)
    }

    func test_fieldError_namesTheCurrentElement() {
        XCTAssertEqual(
            fieldError("<r>\n<CdtDbtInd>X</CdtDbtInd></r>") { reader -> Int in
                throw reader.fieldError("'X' is neither CRDT nor DBIT")
            },
            "f.xml:2:1: CdtDbtInd: 'X' is neither CRDT nor DBIT")
    }
}
