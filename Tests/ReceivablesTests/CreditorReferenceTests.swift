import Receivables
import TestSupport
import Workload
import XCTest

final class CreditorReferenceTests: XCTestCase {
    func test_finnishBase_makesTheDomainTable() throws {
        for vector in ReferenceVectors.generation {
            let reference = try CreditorReference(finnishBase: vector.base)
            XCTAssertEqual(reference.kind, .finnish)
            XCTAssertEqual(reference.canonical, vector.finnish, vector.base)
            XCTAssertEqual(reference.printForm, vector.grouped, vector.base)
            XCTAssertEqual(reference.rfForm.canonical, vector.rf, vector.base)
            XCTAssertEqual(try CreditorReference(parsing: vector.rf).finnishForm, reference, vector.rf)
        }
    }

    func test_parsing_acceptsTheValidVectorsInCanonicalForm() throws {
        for vector in ReferenceVectors.valid {
            XCTAssertEqual(try CreditorReference(parsing: vector.input).canonical, vector.canonical, vector.input)
        }
        for line in ReferenceVectors.fixtureLines where line.kind.hasPrefix("ref_valid") {
            let reference = try CreditorReference(parsing: line.input)
            XCTAssertEqual(reference.canonical, ReferenceVectors.canonical(line.input), line.input)
        }
    }

    func test_parsing_refusesTheInvalidVectors() {
        for input in ReferenceVectors.invalid {
            XCTAssertThrowsError(try CreditorReference(parsing: input), input)
        }
        for line in ReferenceVectors.fixtureLines where line.kind == "ref_invalid" {
            XCTAssertThrowsError(try CreditorReference(parsing: line.input), line.input)
        }
    }

    func test_printForm_matchesTheFixture() throws {
        for line in ReferenceVectors.fixtureLines where line.kind == "fmt" {
            XCTAssertEqual(try CreditorReference(parsing: line.input).printForm, line.expected, line.input)
        }
    }

    func test_rfWithALetterBody_hasNoFinnishForm() throws {
        let reference = try CreditorReference(parsing: "RF97C2H5OH")
        XCTAssertEqual(reference.kind, .rf)
        XCTAssertNil(reference.finnishForm)
        XCTAssertEqual(reference.matchingKey, "RF97C2H5OH")
        XCTAssertNil(try CreditorReference(parsing: "RF4113").finnishForm, "13 is too short to be Finnish")
    }

    func test_matchingKey_isTheSameForAFinnishReferenceAndItsRFForm() throws {
        let keys = try ["1232", "00000000000000001232", "RF111232", "rf11 1232", "12 32"].map {
            try CreditorReference(parsing: $0).matchingKey
        }
        XCTAssertEqual(Set(keys), ["1232"])
        XCTAssertEqual(
            try CreditorReference(parsing: "RF18000000000539007547034").matchingKey,
            try CreditorReference(parsing: "RF18539007547034").matchingKey)
    }

    func test_errors_sayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("1231", "'1231' has a wrong check digit: the last digit should be 2, not 1"),
            ("123", "'123' is too short: a Finnish reference has 4 to 20 digits, not counting leading zeros"),
            ("12A4", "'12A4' contains 'A': a Finnish reference has only digits"),
            ("123456789012345678901", "'123456789012345678901' is too long: a Finnish reference has at most 20 digits"),
            ("RF711232", "'RF711232' has wrong check digits: they should be 11, not 71"),
            ("RF1", "'RF1' is too short: an RF reference is RF, two check digits and 1 to 21 letters or digits"),
            ("RFAB1232", "'RFAB1232' is not an RF reference: RF must be followed by two check digits"),
            ("RF11-1232", "'RF11-1232' contains '-': an RF reference has only letters and digits"),
            ("", "the reference is empty"),
        ]
        for (input, message) in cases {
            XCTAssertThrowsError(try CreditorReference(parsing: input)) { XCTAssertEqual("\($0)", message) }
        }
        XCTAssertThrowsError(try CreditorReference(finnishBase: "12")) {
            XCTAssertEqual("\($0)", "'12' is too short: a reference base has 3 to 19 digits, not counting leading zeros")
        }
    }

    /// make → check → rf → fi round trips, and every single-digit corruption detected, over thousands of bases.
    func test_property_roundTripsAndSingleDigitCorruption() throws {
        var random = SeededRandom(seed: 7_3_1)
        for _ in 0..<5_000 {
            let length = Int.random(in: 3...19, using: &random)
            let base = String(Int.random(in: 1...9, using: &random))
                + String((1..<length).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
            let finnish = try CreditorReference(finnishBase: base)
            XCTAssertEqual(finnish.canonical.count, length + 1)
            XCTAssertEqual(try CreditorReference(parsing: finnish.canonical), finnish)
            XCTAssertEqual(try CreditorReference(parsing: finnish.printForm), finnish)
            let rf = finnish.rfForm
            XCTAssertEqual(try CreditorReference(parsing: rf.canonical), rf)
            XCTAssertEqual(try CreditorReference(parsing: rf.printForm), rf)
            XCTAssertEqual(rf.finnishForm, finnish)
            XCTAssertEqual(rf.matchingKey, finnish.matchingKey)

            XCTAssertTrue(CreditorReference.endsInFinnishCheckDigit(Array(("000" + finnish.canonical).utf8)))
            let broken = corrupted(finnish.canonical, from: 0, using: &random)
            XCTAssertFalse(CreditorReference.endsInFinnishCheckDigit(Array(broken.utf8)), broken)
            XCTAssertThrowsError(try CreditorReference(parsing: broken))
            XCTAssertThrowsError(try CreditorReference(parsing: corrupted(rf.canonical, from: 2, using: &random)))
        }
    }

    func test_endsInFinnishCheckDigit_needsDigitsOnly() {
        XCTAssertTrue(CreditorReference.endsInFinnishCheckDigit(Array("12345672".utf8)))
        for text in ["", "1234567 2", "RF12345672", "12345673"] {
            XCTAssertFalse(CreditorReference.endsInFinnishCheckDigit(Array(text.utf8)), text)
        }
    }

    /// Replaces one digit (at or after `from`) with another digit.
    private func corrupted(_ text: String, from: Int, using random: inout SeededRandom) -> String {
        var characters = Array(text)
        let digitPositions = characters.indices.filter { $0 >= from && characters[$0].isNumber }
        let position = digitPositions.randomElement(using: &random)!
        let old = characters[position].wholeNumberValue!
        characters[position] = Character(String((old + Int.random(in: 1...9, using: &random)) % 10))
        return String(characters)
    }
}
