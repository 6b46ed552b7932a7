import Foundation
import Receivables
import TestSupport
import XCTest

/// The inputs the `amount` fuzz harness found (Fixtures/fuzz/amount-*, docs/security.md), read through the
/// harness's contract: for the number of minor units in bytes 1–8, in every currency, parse(format(x)) == x.
final class FuzzRegressionTests: XCTestCase {
    func test_amountFindings_readBackWhatTheyPrint() throws {
        let folder = packageRoot.appendingPathComponent("Tests/ReceivablesTests/Fixtures/fuzz")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("amount-") }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let input = try Data(contentsOf: folder.appendingPathComponent(name))
            XCTAssertGreaterThanOrEqual(input.count, 9, name)
            let minorUnits = input.dropFirst().prefix(8).withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
            for code in ["EUR", "JPY", "KWD", "CLF"] {
                let amount = Amount(minorUnits: minorUnits, currency: Currency(code: code)!)
                XCTAssertEqual(try? Amount(parsing: amount.decimalString, currency: amount.currency), amount, name)
            }
        }
    }

    /// The most negative amount, -2^63 minor units, reads back; one unit beyond it, and its opposite, are too large.
    func test_mostNegativeAmount_readsBackAndNoFurther() {
        XCTAssertEqual(try? Amount(parsing: "-92233720368547758.08", currency: .euro).minorUnits, Int64.min)
        XCTAssertEqual(try? Amount(parsing: "92233720368547758.07", currency: .euro).minorUnits, Int64.max)
        for text in ["92233720368547758.08", "-92233720368547758.09"] {
            XCTAssertThrowsError(try Amount(parsing: text, currency: .euro), text) { error in
                XCTAssertEqual((error as? AmountError)?.reason, .tooLarge, text)
            }
        }
        XCTAssertEqual(
            try? Amount(parsing: "-92233720368547758.081", currency: .euro, rounding: .towardZero).minorUnits, Int64.min)
    }
}
