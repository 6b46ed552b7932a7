import Receivables
import XCTest

final class AmountTests: XCTestCase {
    private let euro = Currency.euro

    func test_parsing_isExactForEveryForm() throws {
        let cases: [(String, Int64)] = [
            ("125.50", 12550), (".13", 13), ("200", 20000), ("-56.75", -5675), ("125,50", 12550), ("0,5", 50),
            ("+5", 500), ("-0.01", -1), ("1.2300", 123), ("92233720368547758.07", Int64.max),
        ]
        for (text, minorUnits) in cases {
            XCTAssertEqual(try Amount(parsing: text, currency: euro).minorUnits, minorUnits, text)
        }
        XCTAssertEqual(try Amount(parsing: "1234", currency: Currency(code: "jpy")!).minorUnits, 1234)
        XCTAssertEqual(try Amount(parsing: "1.234", currency: Currency(code: "KWD")!).minorUnits, 1234)
    }

    func test_parsing_refusesWhatIsNotAnExactAmount() {
        let cases: [(String, AmountError.Reason)] = [
            ("1.234", .tooManyDecimals(allowed: 2)), ("12,3,4", .malformed), ("", .malformed), ("--1", .malformed),
            ("-", .malformed), (".", .malformed), ("1 000,00", .malformed), ("1e3", .malformed),
            ("12.5.", .malformed), ("92233720368547758.08", .tooLarge),
        ]
        for (text, reason) in cases {
            XCTAssertThrowsError(try Amount(parsing: text, currency: euro), text) {
                XCTAssertEqual(($0 as? AmountError)?.reason, reason, text)
            }
        }
        XCTAssertThrowsError(try Amount(parsing: "1.234", currency: euro)) {
            XCTAssertEqual("\($0)", "'1.234' has more than 2 decimals")
        }
    }

    func test_parsing_roundsOnlyByTheNamedRule() throws {
        let cases: [(String, Amount.Rounding, Int64)] = [
            ("0.125", .halfAwayFromZero, 13), ("-0.125", .halfAwayFromZero, -13), ("0.124", .halfAwayFromZero, 12),
            ("0.125", .halfToEven, 12), ("0.135", .halfToEven, 14), ("0.1251", .halfToEven, 13),
            ("0.129", .towardZero, 12), ("-0.129", .towardZero, -12),
        ]
        for (text, rule, minorUnits) in cases {
            XCTAssertEqual(try Amount(parsing: text, currency: euro, rounding: rule).minorUnits, minorUnits, "\(text) \(rule)")
        }
    }

    func test_parsingBytes_matchesParsingText() throws {
        for text in ["125.50", "125,50", "-56.75", ".13"] {
            let fromBytes = try Array(text.utf8).withUnsafeBufferPointer { bytes throws(AmountError) in
                try Amount(parsing: bytes, currency: euro)
            }
            XCTAssertEqual(fromBytes, try Amount(parsing: text, currency: euro))
        }
    }

    func test_decimalString_hasTheCurrencysDigits() {
        XCTAssertEqual(Amount(minorUnits: 12550, currency: euro).decimalString, "125.50")
        XCTAssertEqual(Amount(minorUnits: -1000, currency: euro).decimalString, "-10.00")
        XCTAssertEqual(Amount(minorUnits: -5, currency: euro).decimalString, "-0.05")
        XCTAssertEqual(Amount(minorUnits: 0, currency: euro).decimalString, "0.00")
        XCTAssertEqual(Amount(minorUnits: Int64.min, currency: euro).decimalString, "-92233720368547758.08")
        XCTAssertEqual(Amount(minorUnits: 1234, currency: Currency(code: "JPY")!).decimalString, "1234")
        XCTAssertEqual(Amount(minorUnits: 1234, currency: Currency(code: "KWD")!).description, "1.234 KWD")
    }

    func test_arithmetic_staysExact() {
        let a = Amount(minorUnits: 10, currency: euro)
        let b = Amount(minorUnits: 20, currency: euro)
        XCTAssertEqual((a + b).minorUnits, 30)
        XCTAssertEqual((a - b).decimalString, "-0.10")
        XCTAssertEqual((-a).minorUnits, -10)
        // 0.1 + 0.2 is 0.30 exactly, unlike a binary floating-point sum.
        XCTAssertEqual((a + b).decimalString, "0.30")
    }

    func test_currency_validatesTheCode() {
        XCTAssertEqual(Currency(code: "eur"), .euro)
        XCTAssertNil(Currency(code: "EU"))
        XCTAssertNil(Currency(code: "E1R"))
        XCTAssertNil(Currency(code: "EURO"))
    }

    func test_currency_keepsItsCodeDigitsAndOrder_inItsCompactForm() throws {
        let codes = ["AUD", "EUR", "EUS", "FUR", "JPY", "KWD", "SEK", "ZZZ"]
        let currencies = try codes.map { try XCTUnwrap(Currency(code: $0.lowercased())) }
        XCTAssertEqual(currencies.map(\.code), codes)
        XCTAssertEqual(currencies.map(\.minorDigits), [2, 2, 2, 2, 0, 3, 2, 2])
        XCTAssertEqual(currencies.shuffled().sorted(), currencies)
        XCTAssertEqual(Set(currencies + currencies).count, codes.count)
        XCTAssertEqual(Currency(code: "EUR")?.description, "EUR")
    }
}

/// Diagnostics and errors point at a place in a file the same way.
final class SourceLocationTests: XCTestCase {
    func test_aPlaceInAFile_rendersCompilerStyle_andTheWholeFileByItsName() {
        XCTAssertEqual(SourceLocation(file: "inbox/a.xml", line: 12, column: 7).description, "inbox/a.xml:12:7")
        XCTAssertEqual(SourceLocation(file: "inbox/a.xml", line: 0).description, "inbox/a.xml")
        let diagnostic = Diagnostic(.warning, file: "a.ktl", line: 3, column: 5, message: "the totals do not add up")
        XCTAssertEqual(diagnostic.location, SourceLocation(file: "a.ktl", line: 3, column: 5))
        XCTAssertEqual(diagnostic.description, "a.ktl:3:5: warning: the totals do not add up")
    }
}
