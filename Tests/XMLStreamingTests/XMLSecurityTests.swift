import Foundation
import XCTest
import TestSupport
import Workload
import XMLStreaming

/// Hostile and broken documents: each must be refused with a located error, quickly, and without side effects.
final class XMLSecurityTests: XCTestCase {
    func test_externalEntity_isRefusedAndNeverRead() {
        XCTAssertThrowsError(try texts(ofFile: fixture("xxe.xml"))) { error in
            let description = "\(error)"
            // Refused at the first declaration, before anything after it is parsed.
            XCTAssertEqual(
                description,
                "\(fixture("xxe.xml")):3:1: the document declares entities in its DTD (<!ENTITY …>); "
                    + "such documents are refused")
            XCTAssertFalse(description.contains("TOP-SECRET"))
            XCTAssertFalse(description.contains("root:"))
        }
    }

    func test_parameterEntity_isRefused() {
        XCTAssertThrowsError(try texts(ofFile: fixture("parameter-entity.xml"))) { error in
            let error = error as! XMLError
            XCTAssertEqual(error.file, fixture("parameter-entity.xml"))
            XCTAssertTrue(error.message.contains("entit"), error.message)
            XCTAssertFalse(error.message.contains("TOP-SECRET"))
        }
    }

    func test_billionLaughs_isRefusedQuicklyInLittleMemory() {
        let started = Date()
        let residentBefore = residentMemoryBytes()
        XCTAssertThrowsError(try texts(ofFile: fixture("laughs.xml"))) { error in
            XCTAssertTrue((error as! XMLError).message.contains("entit"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.5)
        XCTAssertLessThan(residentMemoryBytes() - residentBefore, 10 << 20)
    }

    func test_externalDTD_isAcceptedButNeverRead() throws {
        // not-a-dtd.dtd is not a DTD: had the reader loaded it, it would have failed.
        XCTAssertEqual(try texts(ofFile: fixture("external-dtd.xml")), ["42"])
    }

    func test_entityReferenceToAnUndeclaredEntity_isRefused() {
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE r SYSTEM "not-a-dtd.dtd">
            <r>a &defined.elsewhere; b</r>
            """
        XCTAssertEqual(
            errorReading(document)?.description,
            "test.xml:3:1: the entity reference &defined.elsewhere; is refused: saatava never expands entities")
    }

    func test_malformedXML_namesFileLineAndColumn() {
        XCTAssertThrowsError(try texts(ofFile: fixture("broken.xml"))) { error in
            XCTAssertEqual(
                "\(error)", "\(fixture("broken.xml")):3:25: Opening and ending tag mismatch: Amt line 3 and Ntry")
        }
    }

    func test_truncatedDocument_isAnError() {
        let error = errorReading("<?xml version=\"1.0\"?>\n<Document><Ntry><Amt>1.0")
        XCTAssertEqual(error?.line, 2)
        XCTAssertNotNil(error?.message)
    }

    func test_emptyAndBlankDocuments_areErrors() {
        XCTAssertEqual(errorReading("")?.description, "test.xml:1:1: the document is empty")
        XCTAssertNotNil(errorReading("   \n  "))
        XCTAssertNotNil(errorReading("<?xml version=\"1.0\"?>"))
    }

    func test_randomBinary_isAnErrorNotACrash() {
        var generator = SeededRandom(seed: 20_261_129)
        for length in [1, 7, 100, 4096, 100_000] {
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            bytes[0] = 0x00
            var reader = XMLReader(name: "random.bin", bytes: bytes)
            XCTAssertThrowsError(try { while try reader.read() {} }(), "length \(length)")
        }
    }

    func test_libxml2_printsNothingToStandardError() throws {
        let captured = try capturingStandardError {
            _ = try? texts(ofFile: fixture("broken.xml"))
            _ = try? texts(ofFile: fixture("xxe.xml"))
            _ = try? texts(ofFile: fixture("laughs.xml"))
            _ = errorReading("<a><b></a>")
            _ = errorReading("<?xml version=\"1.0\" encoding=\"NO-SUCH-CHARSET\"?><a/>")
            // Bytes the declared encoding cannot convert: libxml2 reports these on its generic error channel,
            // which only the shim's silencer keeps off stderr.
            _ = errorReading(bytes: invalidEUCJP)
        }
        XCTAssertEqual(captured, "")
    }
}
