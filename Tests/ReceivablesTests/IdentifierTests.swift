import Receivables
import TestSupport
import XCTest

final class IdentifierTests: XCTestCase {
    func test_iban_acceptsTheFixtureAndRefusesJunk() throws {
        for line in ReferenceVectors.fixtureLines where line.kind.hasPrefix("iban") {
            if line.expected == "true" {
                XCTAssertEqual(try IBAN(parsing: line.input).canonical, line.input)
            } else {
                XCTAssertThrowsError(try IBAN(parsing: line.input), line.input)
            }
        }
        XCTAssertEqual(try IBAN(parsing: "fi21 1234 5600 0007 85").printForm, "FI21 1234 5600 0007 85")
        XCTAssertEqual(try IBAN(parsing: "CH9300762011623852957").countryCode, "CH")
        XCTAssertThrowsError(try IBAN(parsing: "FI2112345600000786")) {
            XCTAssertEqual("\($0)", "'FI2112345600000786' is not a valid IBAN: its check digits do not match")
        }
        XCTAssertThrowsError(try IBAN(parsing: "FI211234560000078")) {
            XCTAssertEqual("\($0)", "'FI211234560000078' is not a valid IBAN: an IBAN from FI has 18 characters")
        }
    }

    func test_businessID_checksTheCheckDigit() throws {
        XCTAssertEqual(try BusinessID(parsing: "1234567-1").canonical, "1234567-1")
        XCTAssertEqual(try BusinessID(parsing: "7654321-2").canonical, "7654321-2")
        XCTAssertEqual(try BusinessID(parsing: "FI12345671").canonical, "1234567-1")
        XCTAssertEqual(try BusinessID(parsing: "0737546-2").canonical, "0737546-2")
        XCTAssertEqual(try BusinessID(parsing: "737546-2").canonical, "0737546-2")
        for text in ["1234567-2", "1234567", "12345678-1", "123456a-1", ""] {
            XCTAssertThrowsError(try BusinessID(parsing: text), text)
        }
        XCTAssertThrowsError(try BusinessID(parsing: "1234567-2")) {
            XCTAssertEqual("\($0)", "'1234567-2' is not a valid business ID: the check digit should be 1, not 2")
        }
    }
}
