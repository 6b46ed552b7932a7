import Foundation
import TestSupport
import XCTest

/// `saatava ref` over every vector of domain.md §3.3 and the finnish-bank-utils fixture.
final class RefCommandTests: XCTestCase {
    func test_make_rf_fi_followTheDomainTable() throws {
        let generation = ReferenceVectors.generation
        for vector in generation {
            XCTAssertEqual(try runSaatava(["ref", "make", vector.base]).standardOutput, vector.finnish + "\n")
            XCTAssertEqual(
                try runSaatava(["ref", "make", "--print-form", vector.base]).standardOutput, vector.grouped + "\n")
            XCTAssertEqual(try runSaatava(["ref", "rf", vector.finnish]).standardOutput, vector.rf + "\n")
            XCTAssertEqual(try runSaatava(["ref", "fi", vector.rf]).standardOutput, vector.finnish + "\n")
        }
    }

    func test_check_printsTheCanonicalFormOfEveryValidReference() throws {
        let fixture = ReferenceVectors.fixtureLines.filter { $0.kind.hasPrefix("ref_valid") }
        let inputs = ReferenceVectors.valid.map(\.input) + fixture.map(\.input)
        let expected = ReferenceVectors.valid.map(\.canonical) + fixture.map { ReferenceVectors.canonical($0.input) }
        let result = try runSaatava(["ref", "check"] + inputs)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(lines(result.standardOutput), expected)
        XCTAssertEqual(result.standardError, "")
    }

    func test_check_refusesEveryInvalidReferenceWithAReason() throws {
        let fixture = ReferenceVectors.fixtureLines.filter { $0.kind == "ref_invalid" }.map(\.input)
        for input in ReferenceVectors.invalid + fixture {
            let result = try runSaatava(["ref", "check", input])
            XCTAssertEqual(result.status, 65, input)
            XCTAssertEqual(result.standardOutput, "", input)
            XCTAssertTrue(result.standardError.hasPrefix("Error: "), input)
            XCTAssertEqual(lines(result.standardError).count, 1, input)
        }
        let wrongCheck = try runSaatava(["ref", "check", "1231"])
        XCTAssertEqual(wrongCheck.standardError, "Error: '1231' has a wrong check digit: the last digit should be 2, not 1\n")
    }

    func test_check_withSomeInvalid_printsTheValidAndExits65() throws {
        let result = try runSaatava(["ref", "check", "1232", "1231", "RF111232"])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.standardOutput, "1232\nRF111232\n")
        XCTAssertEqual(lines(result.standardError).count, 1)
    }

    func test_printForm_matchesTheFixture() throws {
        for line in ReferenceVectors.fixtureLines where line.kind == "fmt" {
            XCTAssertEqual(try runSaatava(["ref", "check", "--print-form", line.input]).standardOutput, line.expected + "\n")
        }
    }

    func test_fi_ofAnRFWithoutAFinnishBody_exits65() throws {
        let result = try runSaatava(["ref", "fi", "RF97C2H5OH"])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.standardError, "Error: 'RF97C2H5OH' is a valid RF reference, but its body is not a Finnish reference\n")
    }
}
