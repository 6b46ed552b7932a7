import CLibXML2
import Glibc

/// A forward-only, streaming pull reader over one XML document (libxml2's `xmlTextReader`).
///
/// The reader never touches the network, never loads a DTD, never substitutes entities, and refuses documents
/// that declare entities or refer to any. It owns its libxml2 handle and frees it when it goes out of scope.
/// Memory stays flat however large the document is: only the current node and its ancestors are kept.
///
/// Names are compared by interned pointers (`intern(_:namespace:)` once, then `isStartElement(_:)` per node), so
/// walking a document allocates no `String` per node.
public struct XMLReader: ~Copyable {
    /// The libxml2 parse options, the only ones saatava uses: no network access, CDATA merged into text, line
    /// numbers beyond 65535 kept. Deliberately absent: `NOENT` (it *turns on* entity substitution), `DTDLOAD`,
    /// `DTDATTR`, `DTDVALID`, `XINCLUDE`, `HUGE` and `RECOVER`. Changing this needs a security review.
    public static let parseOptions: Int32 = Int32(
        bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue)

    /// The libxml2 version loaded at run time, e.g. `20914`.
    public static var libxml2RuntimeVersion: String { String(clibxml2_runtime_version()) }

    private let raw: OpaquePointer
    private let context: ReaderContext
    private var declaresEntities = false
    private var hasSeenElement = false
    /// libxml2's type of the current node, read once per move.
    private var nodeType: Int32 = 0

    /// The name of the file (or stream) being read, as used in errors.
    public var file: String { context.file }

    /// Opens a file holding one XML document.
    /// - Throws: `XMLError` if the file cannot be opened.
    public init(path: String) throws(XMLError) {
        let input = try FileInput(path: path)
        self.init(name: path) { buffer throws(XMLError) in try input.read(into: buffer) }
    }

    /// Reads one document from bytes in memory (tests, small fragments).
    public init(name: String, bytes: [UInt8]) {
        var offset = 0
        self.init(name: name) { buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
            }
            offset += count
            return count
        }
    }

    /// Reads one document from a pull function that fills a buffer and returns the count, 0 at the end.
    /// - Parameters:
    ///   - name: The file name used in errors.
    ///   - firstLine: The line of the file where this document starts (for documents inside a larger file).
    ///   - firstColumn: The column where the document's first line starts.
    ///   - encoding: The encoding to read the document in when it has no declaration saying so, or nil.
    ///   - input: Fills the buffer it is given and returns how many bytes it wrote; 0 means the end.
    public init(
        name: String, firstLine: Int = 1, firstColumn: Int = 1, encoding: String? = nil,
        input: @escaping (UnsafeMutableRawBufferPointer) throws(XMLError) -> Int
    ) {
        clibxml2_harden()
        let context = ReaderContext(file: name, firstLine: firstLine, firstColumn: firstColumn, input: input)
        let opaque = Unmanaged.passUnretained(context).toOpaque()
        guard
            let raw = xmlReaderForIO(
                { context, buffer, length in
                    guard let context, let buffer, length > 0 else { return -1 }
                    let box = Unmanaged<ReaderContext>.fromOpaque(context).takeUnretainedValue()
                    return box.fill(UnsafeMutableRawBufferPointer(start: buffer, count: Int(length)))
                }, nil, opaque, name, encoding, Self.parseOptions)
        else {
            // xmlReaderForIO fails only when it cannot allocate; that is not a condition to recover from.
            fatalError("xmlReaderForIO could not allocate a reader")
        }
        xmlTextReaderSetStructuredErrorHandler(
            raw,
            { context, error in
                guard let context, let error else { return }
                let box = Unmanaged<ReaderContext>.fromOpaque(context).takeUnretainedValue()
                let pointee = error.pointee
                guard pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
                let message = pointee.message.map { String(cString: $0) } ?? "malformed XML"
                box.record(line: Int(pointee.line), column: Int(pointee.int2), message: message)
            }, opaque)
        self.raw = raw
        self.context = context
    }

    deinit { xmlFreeTextReader(raw) }

    // MARK: Moving through the document

    /// Moves to the next node. Returns false at the end of the document.
    /// - Throws: `XMLError` for malformed XML, an I/O error, an empty document, or a document that declares or
    ///   refers to entities. The corresponding C function is `xmlTextReaderRead`.
    public mutating func read() throws(XMLError) -> Bool {
        let status = xmlTextReaderRead(raw)
        if status < 0 { throw failure() }
        if status == 0 {
            guard hasSeenElement else { throw failure() }
            return false
        }
        nodeType = xmlTextReaderNodeType(raw)
        try checkEntities()
        return true
    }

    /// Skips the current element with everything inside it and moves to the node after it.
    /// Returns false at the end of the document. The corresponding C function is `xmlTextReaderNext`.
    public mutating func skipElement() throws(XMLError) -> Bool {
        let status = xmlTextReaderNext(raw)
        if status < 0 { throw failure() }
        if status == 0 { return false }
        nodeType = xmlTextReaderNodeType(raw)
        try checkEntities()
        return true
    }

    /// The text inside the current start element, read up to its end tag (which becomes the current node).
    /// - Throws: `XMLError` if the element holds another element, or for malformed XML.
    public mutating func readElementText() throws(XMLError) -> String {
        guard kind == .startElement else { throw error("expected an element start") }
        if isEmptyElement { return "" }
        let elementDepth = depth
        var text: String?
        while try read() {
            switch kind {
            case .text, .whitespace:
                if let value = xmlTextReaderConstValue(raw) {
                    let piece = String(cString: value)
                    text = text.map { $0 + piece } ?? piece
                }
            case .endElement where depth == elementDepth:
                return text ?? ""
            case .startElement:
                throw error("unexpected element <\(localName)> inside an element that should hold only text")
            default:
                continue
            }
        }
        throw error("the document ended inside an element")
    }

    /// Walks the child elements of the current start element, calling `handle` on each child's start tag, and
    /// stops on the element's end tag. `handle` either consumes the child (reads its text or walks its children,
    /// leaving the reader on the child's end) and returns true, or returns false to have the child skipped.
    /// - Throws: `XMLError` for malformed XML, or whatever `handle` throws.
    public mutating func forEachChildElement(_ handle: (inout XMLReader) throws -> Bool) throws {
        guard kind == .startElement else { throw error("expected an element start") }
        if isEmptyElement { return }
        let parentDepth = depth
        var isOnUnreadNode = false
        while true {
            if !isOnUnreadNode {
                guard try read() else { throw error("the document ended inside an element") }
            }
            isOnUnreadNode = false
            if nodeType == XMLNodeKind.endElementType && depth == parentDepth { return }
            guard nodeType == XMLNodeKind.elementType && depth == parentDepth + 1 else { continue }
            if try !handle(&self) {
                guard try skipElement() else { throw error("the document ended inside an element") }
                isOnUnreadNode = true
            }
        }
    }

    // MARK: The current node

    /// The kind of the current node.
    public var kind: XMLNodeKind { XMLNodeKind(libxml2: nodeType) }

    /// The encoding the document declared, or nil (UTF-8 by default).
    public var declaredEncoding: String? { xmlTextReaderConstEncoding(raw).map { String(cString: $0) } }

    /// Depth of the current node: 0 for the root element.
    public var depth: Int { Int(xmlTextReaderDepth(raw)) }

    /// Whether the current start element is written `<name/>` (no end tag will follow).
    public var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(raw) == 1 }

    /// The current node's local name (allocates; use `isStartElement(_:)` in loops).
    public var localName: String {
        xmlTextReaderConstLocalName(raw).map { String(cString: $0) } ?? ""
    }

    /// The current node's namespace URI, or nil when it has none (allocates).
    public var namespaceURI: String? {
        xmlTextReaderConstNamespaceUri(raw).map { String(cString: $0) }
    }

    /// The text value of the current text node, copied.
    public var value: String? {
        xmlTextReaderConstValue(raw).map { String(cString: $0) }
    }

    /// An attribute of the current element by its (unprefixed) name, copied.
    /// The corresponding C function is `xmlTextReaderGetAttribute`.
    public func attribute(_ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(raw, name) else { return nil }
        defer { clibxml2_free(value) }
        return String(cString: value)
    }

    /// Interns a name in this reader's dictionary so that nodes can be compared to it by pointer.
    /// The result is valid as long as this reader lives.
    public func intern(_ localName: String, namespace: String? = nil) -> XMLName {
        XMLName(
            localName: UnsafeRawPointer(xmlTextReaderConstString(raw, localName)),
            namespace: namespace.map { UnsafeRawPointer(xmlTextReaderConstString(raw, $0)) })
    }

    /// Whether the current node is the start of an element with this interned name (local name and namespace).
    public func isStartElement(_ name: XMLName) -> Bool {
        nodeType == XMLNodeKind.elementType && hasName(name)
    }

    /// Whether the current node is the end of an element with this interned name.
    public func isEndElement(_ name: XMLName) -> Bool {
        nodeType == XMLNodeKind.endElementType && hasName(name)
    }

    /// Whether the current node (start or end of an element) has this interned name.
    public func hasName(_ name: XMLName) -> Bool {
        // The namespace is compared as text with the interned one: cheaper than interning the node's again.
        clibxml2_element_has_name(
            raw, name.localName?.assumingMemoryBound(to: xmlChar.self), name.namespace?.assumingMemoryBound(to: xmlChar.self)) != 0
    }

    // MARK: Locations and errors

    /// The line in the file where the current node starts.
    public var line: Int {
        let nodeLine = xmlTextReaderCurrentNode(raw).map { Int(xmlGetLineNo($0)) } ?? 0
        return context.fileLine(nodeLine > 0 ? nodeLine : Int(xmlTextReaderGetParserLineNumber(raw)))
    }

    /// An error at the current node, for callers that find something wrong in the content. libxml2 keeps a line
    /// but no column per node, so the error points at the start of the node's line (column 1).
    public func error(_ message: String) -> XMLError {
        XMLError(file: file, line: line, column: 1, message: message)
    }

    private func failure() -> XMLError {
        if context.bytesRead == 0 { return XMLError(file: file, line: 1, column: 1, message: "the document is empty") }
        return context.firstError ?? error("malformed XML")
    }

    /// Refuses entity declarations (noticed on the DOCTYPE node, reported at the root element so that the error
    /// has the element's line) and entity references.
    private mutating func checkEntities() throws(XMLError) {
        let type = nodeType
        if type == XMLNodeKind.entityReferenceType {
            throw error("the entity reference &\(localName); is refused: saatava never expands entities")
        }
        if type == XMLNodeKind.documentTypeType {
            declaresEntities = clibxml2_dtd_declares_entities(xmlTextReaderCurrentNode(raw)) != 0
        }
        guard !hasSeenElement, type == XMLNodeKind.elementType else { return }
        hasSeenElement = true
        if declaresEntities {
            throw error("the document declares entities in its DTD (<!ENTITY …>); such documents are refused")
        }
    }
}

/// A name interned in one reader's dictionary: compare nodes to it by pointer, with no allocation.
public struct XMLName: Equatable {
    let localName: UnsafeRawPointer?
    let namespace: UnsafeRawPointer?
}

/// What kind of node the reader is on.
public enum XMLNodeKind: Sendable, Equatable {
    case startElement, endElement, text, whitespace, comment, processingInstruction, documentType, other

    static let elementType: Int32 = 1
    static let entityReferenceType: Int32 = 5
    static let documentTypeType: Int32 = 10
    static let endElementType: Int32 = 15

    init(libxml2 type: Int32) {
        switch type {
        case 1: self = .startElement
        case 15: self = .endElement
        case 3, 4: self = .text
        case 13, 14: self = .whitespace
        case 8: self = .comment
        case 7: self = .processingInstruction
        case 10: self = .documentType
        default: self = .other
        }
    }
}

/// What libxml2's C callbacks reach: the input, and the first error reported, in file coordinates.
final class ReaderContext {
    let file: String
    private let firstLine: Int
    private let firstColumn: Int
    private let input: (UnsafeMutableRawBufferPointer) throws(XMLError) -> Int
    private(set) var firstError: XMLError?
    private(set) var bytesRead = 0

    init(
        file: String, firstLine: Int, firstColumn: Int,
        input: @escaping (UnsafeMutableRawBufferPointer) throws(XMLError) -> Int
    ) {
        self.file = file
        self.firstLine = firstLine
        self.firstColumn = firstColumn
        self.input = input
    }

    func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Int32 {
        do {
            let count = try input(buffer)
            bytesRead += count
            return Int32(count)
        } catch {
            if firstError == nil { firstError = error }
            return -1
        }
    }

    func record(line: Int, column: Int, message: String) {
        guard firstError == nil else { return }
        let text = message.hasSuffix("\n") ? String(message.dropLast()) : message
        firstError = XMLError(
            file: file, line: fileLine(line), column: fileColumn(column, line: line), message: text)
    }

    func fileLine(_ documentLine: Int) -> Int { firstLine + max(documentLine, 1) - 1 }

    func fileColumn(_ documentColumn: Int, line documentLine: Int) -> Int {
        let column = max(documentColumn, 1)
        return documentLine <= 1 ? firstColumn + column - 1 : column
    }
}
