import Foundation
import TestSupport
import XCTest
import XMLStreaming

final class XMLDocumentSequenceTests: XCTestCase {
    func test_soapFramedBatch_yieldsEveryFrameAndInvoice() throws {
        var roots: [String] = []
        var invoiceNumbers: [String] = []
        try XMLReader.forEachDocument(inFile: fixture("synthetic__soap-framed-batch.v3.0.xml")) { reader in
            let invoiceNumber = reader.intern("InvoiceNumber")
            while try reader.read() {
                if reader.kind == .startElement && reader.depth == 0 { roots.append(reader.localName) }
                if reader.isStartElement(invoiceNumber) { invoiceNumbers.append(try reader.readElementText()) }
            }
        }
        XCTAssertEqual(roots, Array(repeating: ["Envelope", "Finvoice"], count: 12).flatMap { $0 })
        XCTAssertEqual(invoiceNumbers.count, 12)
        XCTAssertEqual(Set(invoiceNumbers).count, 12)
    }

    func test_eachDocument_honoursItsOwnEncoding() throws {
        var bytes: [UInt8] = []
        bytes += Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>€</r>\n".utf8)
        bytes += Array("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<r>".utf8) + [0xA4] + Array("</r>\n".utf8)
        bytes += Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>".utf8) + [0xC4] + Array("</r>".utf8)
        XCTAssertEqual(try textsPerDocument(bytes), [["€"], ["€"], ["Ä"]])
    }

    func test_declarationsInsideCommentsAndCDATA_doNotSplit() throws {
        let text = """
            <?xml version="1.0"?>
            <r><!-- <?xml version="1.0"?> --><a><![CDATA[<?xml version="1.0"?>]]></a></r>
            <?xml version="1.0"?><s>2</s>
            """
        XCTAssertEqual(try textsPerDocument(Array(text.utf8)), [["<?xml version=\"1.0\"?>"], ["2"]])
    }

    func test_topLevelElementsAfterOneDeclaration_areDocumentsInTheDeclaredEncoding() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n".utf8)
        bytes += Array("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"urn:s\"><b a=\"x > y\" c='/> />'>".utf8) + [0xA4]
        bytes += Array("</b><e/></SOAP-ENV:Envelope>\n<!-- between --><?pi <Finvoice>?>\n<Finvoice><n>".utf8) + [0xC4]
        bytes += Array("</n></Finvoice><Finvoice/>\n".utf8)
        XCTAssertEqual(try textsPerDocument(bytes), [["€"], ["Ä"], []])
    }

    func test_errorInALaterDocument_namesTheLineAndColumnInTheWholeFile() throws {
        let text = """
            <?xml version="1.0"?>
            <r>1</r>
            <?xml version="1.0"?><r>
            <a>2</b>
            </r>
            """
        XCTAssertThrowsError(try textsPerDocument(Array(text.utf8))) { error in
            XCTAssertEqual((error as! XMLError).line, 4)
            XCTAssertEqual((error as! XMLError).message, "Opening and ending tag mismatch: a line 2 and b")
        }
        let sameLine = "<?xml version=\"1.0\"?><r>1</r><?xml version=\"1.0\"?><r><a></b></r>"
        XCTAssertThrowsError(try textsPerDocument(Array(sameLine.utf8))) { error in
            XCTAssertEqual((error as! XMLError).line, 1)
            XCTAssertEqual((error as! XMLError).column, 61)
        }
    }

    func test_manyDocumentsAcrossBufferBoundaries_areAllRead() throws {
        var bytes: [UInt8] = []
        var expected: [[String]] = []
        let filler = String(repeating: "x", count: 300_000)
        for index in 0..<2_000 {
            let body = index % 500 == 7 ? filler : "doc \(index)"
            bytes += Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r><!-- c --><![CDATA[\(body)]]></r>".utf8)
            expected.append([body])
        }
        XCTAssertEqual(try textsPerDocument(bytes), expected)
    }

    func test_documentsLeftPartlyUnread_doNotHideTheNextOne() throws {
        let path = try write(Array("<?xml version=\"1.0\"?><a><b>1</b></a>\n<?xml version=\"1.0\"?><c/>\n".utf8))
        var roots: [String] = []
        try XMLReader.forEachDocument(inFile: path) { reader in
            _ = try reader.read()
            roots.append(reader.localName)
        }
        XCTAssertEqual(roots, ["a", "c"])
    }

    func test_emptyFile_isAnError() throws {
        let path = try write([])
        XCTAssertThrowsError(try XMLReader.forEachDocument(inFile: path) { _ in }) { error in
            XCTAssertEqual("\(error)", "\(path):1:1: the file is empty")
        }
    }

    private func textsPerDocument(_ bytes: [UInt8]) throws -> [[String]] {
        var result: [[String]] = []
        try XMLReader.forEachDocument(inFile: try write(bytes)) { reader in result.append(try texts(of: &reader)) }
        return result
    }

    private func write(_ bytes: [UInt8]) throws -> String {
        let directory = try temporaryDirectory()
        let url = directory.appendingPathComponent("documents.xml")
        try Data(bytes).write(to: url)
        return url.path
    }
}
