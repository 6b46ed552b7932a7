import CLibXML2
import XCTest
import XMLStreaming

final class XMLReaderTests: XCTestCase {
    func test_parseOptions_areStrictAndOffline() {
        let expected = XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue
        XCTAssertEqual(XMLReader.parseOptions, Int32(bitPattern: expected))
        for forbidden in [
            XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID, XML_PARSE_XINCLUDE,
            XML_PARSE_HUGE, XML_PARSE_RECOVER,
        ] {
            XCTAssertEqual(UInt32(bitPattern: XMLReader.parseOptions) & forbidden.rawValue, 0, "\(forbidden)")
        }
    }

    func test_isStartElement_comparesLocalNameAndNamespaceNotPrefix() throws {
        let document = """
            <a:Document xmlns:a="urn:one" xmlns:b="urn:two">
              <a:Amt>1</a:Amt><Amt xmlns="urn:one">2</Amt><b:Amt>3</b:Amt><Amt>4</Amt><a:Other>5</a:Other>
            </a:Document>
            """
        var reader = XMLReader(name: "names.xml", bytes: Array(document.utf8))
        let amount = reader.intern("Amt", namespace: "urn:one")
        let unqualified = reader.intern("Amt")
        var inNamespace: [String] = []
        var withoutNamespace: [String] = []
        while try reader.read() {
            if reader.isStartElement(amount) { inNamespace.append(try reader.readElementText()) }
            if reader.isStartElement(unqualified) { withoutNamespace.append(try reader.readElementText()) }
        }
        XCTAssertEqual(inNamespace, ["1", "2"])
        XCTAssertEqual(withoutNamespace, ["4"])
    }

    func test_readElementText_joinsTextAndCDATAAndRefusesChildElements() throws {
        var reader = XMLReader(name: "t.xml", bytes: Array("<r><a>x<![CDATA[<y>]]>&amp;z</a><b>1<c/></b></r>".utf8))
        let a = reader.intern("a")
        let b = reader.intern("b")
        var seen = ""
        do {
            while try reader.read() {
                if reader.isStartElement(a) { seen = try reader.readElementText() }
                if reader.isStartElement(b) { _ = try reader.readElementText() }
            }
            XCTFail("an element inside a text element should be refused")
        } catch {
            XCTAssertEqual(
                error.description,
                "t.xml:1:1: unexpected element <c> inside an element that should hold only text")
        }
        XCTAssertEqual(seen, "x<y>&z")
    }

    func test_attribute_andEmptyElements() throws {
        var reader = XMLReader(name: "t.xml", bytes: Array(#"<r><Amt Ccy="EUR">1.00</Amt><Empty/></r>"#.utf8))
        let amount = reader.intern("Amt")
        let empty = reader.intern("Empty")
        var currency: String?
        var emptyText: String?
        while try reader.read() {
            if reader.isStartElement(amount) { currency = reader.attribute("Ccy") }
            if reader.isStartElement(empty) {
                XCTAssertTrue(reader.isEmptyElement)
                emptyText = try reader.readElementText()
            }
        }
        XCTAssertEqual(currency, "EUR")
        XCTAssertEqual(emptyText, "")
    }

    func test_skipElement_jumpsOverTheSubtree() throws {
        var reader = XMLReader(name: "t.xml", bytes: Array("<r><skip><x>1</x><x>2</x></skip><x>3</x></r>".utf8))
        let skip = reader.intern("skip")
        var values: [String] = []
        var hasNode = try reader.read()
        while hasNode {
            if reader.isStartElement(skip) {
                hasNode = try reader.skipElement()
                continue
            }
            if reader.kind == .text, let value = reader.value { values.append(value) }
            hasNode = try reader.read()
        }
        XCTAssertEqual(values, ["3"])
    }

    func test_declaredEncodings_areHonoured() throws {
        XCTAssertEqual(try texts(ofFile: fixture("latin9.xml")), ["Myyjä Öljy", "€ 5"])
        let latin1: [UInt8] = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><r>"#.utf8) + [0xC4, 0xF6]
            + Array("</r>".utf8)
        var reader = XMLReader(name: "latin1.xml", bytes: latin1)
        XCTAssertEqual(try texts(of: &reader), ["Äö"])
        var utf8 = XMLReader(name: "utf8.xml", bytes: Array("<?xml version=\"1.0\"?><r>Ä ö €</r>".utf8))
        XCTAssertEqual(try texts(of: &utf8), ["Ä ö €"])
    }

    func test_missingFile_isAnErrorNamingTheFile() {
        XCTAssertThrowsError(try texts(ofFile: "/nonexistent/file.xml")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/file.xml: cannot open: No such file or directory")
        }
    }

    /// libxml2 is given 64 KB at a time: texts, tags and empty elements cut by a chunk's end must come out whole,
    /// on the right lines.
    func test_nodesCutByChunkBoundaries_comeOutWhole() throws {
        var document = "<r>\n"
        var expected: [(text: String, line: Int)] = []
        for index in 0..<6000 {
            let text = "value \(index) " + String(repeating: "ä", count: index % 17)
            document += "<v n=\"\(index)\">\(text)</v><e/><f></f>\n"
            expected.append((text, index + 2))
        }
        let long = String(repeating: "0123456789", count: 20_000)
        document += "<v n=\"long\">\(long)</v>\n</r>\n"
        expected.append((long, 6002))
        var reader = XMLReader(name: "chunks.xml", bytes: Array(document.utf8))
        let value = reader.intern("v")
        let empty = reader.intern("e")
        let emptyPair = reader.intern("f")
        var seen: [(text: String, line: Int)] = []
        var empties = 0
        while try reader.read() {
            if reader.isStartElement(value) {
                let line = reader.line
                seen.append((try reader.readElementText(), line))
            } else if reader.isStartElement(empty) || reader.isStartElement(emptyPair) {
                XCTAssertTrue(reader.isEmptyElement)
                empties += 1
            }
            XCTAssertFalse(reader.isEndElement(empty) || reader.isEndElement(emptyPair), "an empty element has no end")
        }
        XCTAssertEqual(seen.count, expected.count)
        XCTAssertEqual(empties, 12_000)
        for (got, want) in zip(seen, expected) {
            XCTAssertEqual(got.text, want.text)
            XCTAssertEqual(got.line, want.line)
        }
    }

    func test_textWithCommentsAndReferences_isOneValue_andAttributesAreDecoded() throws {
        let document = #"<r a="x &amp; y &#38; z &lt;"><t>a<!-- note -->b&#228;&amp;c</t></r>"#
        var reader = XMLReader(name: "t.xml", bytes: Array(document.utf8))
        let text = reader.intern("t")
        var attribute: String?
        var value: String?
        while try reader.read() {
            if reader.depth == 0 && reader.kind == .startElement { attribute = reader.attribute("a") }
            if reader.isStartElement(text) { value = try reader.readElementText() }
        }
        XCTAssertEqual(attribute, "x & y & z <")
        XCTAssertEqual(value, "abä&c")
    }

    func test_entityReferenceInAnAttribute_isRefused() {
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE r SYSTEM "not-a-dtd.dtd">
            <r a="&elsewhere;"/>
            """
        XCTAssertEqual(
            errorReading(document)?.description,
            "test.xml:3:1: the entity reference &elsewhere; is refused: saatava never expands entities")
    }

    func test_inputErrors_areReportedAsThemselves_beforeOrAfterTheFirstBytes() {
        let failure = XMLError(file: "in.xml", line: 0, column: 0, message: "read failed: Input/output error")
        for goodChunks in [0, 1] {
            var calls = 0
            var reader = XMLReader(name: "in.xml") { buffer throws(XMLError) in
                calls += 1
                guard calls <= goodChunks else { throw failure }
                let text = Array("<r><a>1</a>".utf8)
                buffer.copyBytes(from: text)
                return text.count
            }
            XCTAssertThrowsError(try { while try reader.read() {} }()) { error in
                XCTAssertEqual(error as? XMLError, failure, "after \(goodChunks) good chunks")
            }
        }
    }
}
