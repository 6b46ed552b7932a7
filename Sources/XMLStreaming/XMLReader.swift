import CLibXML2

/// A forward-only, streaming pull reader over one XML document, on libxml2's SAX2 push parser.
///
/// The reader never touches the network, never loads a DTD, never substitutes entities, and refuses documents
/// that declare entities or refer to any (`PushParser` says how). Memory stays flat however large the document
/// is: libxml2 builds no tree, and only the nodes of the chunk being read are kept.
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

    private var parser: PushParser
    /// The current node.
    private var node = XMLNode()
    private var hasSeenElement = false

    /// The name of the file (or stream) being read, as used in errors.
    public var file: String { parser.queue.pointee.file }

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
        LibXML2.setUpThisThread()
        parser = PushParser(
            file: name, firstLine: firstLine, firstColumn: firstColumn, encoding: encoding, input: input)
    }

    // MARK: Moving through the document

    /// Moves to the next node. Returns false at the end of the document.
    /// - Throws: `XMLError` for malformed XML, an I/O error, an empty document, or a document that declares or
    ///   refers to entities.
    public mutating func read() throws(XMLError) -> Bool {
        let next: XMLNode?
        do {
            next = try parser.next()
        } catch {
            node = node.withoutContent
            throw error
        }
        guard let next else {
            guard hasSeenElement else { throw error("the document has no root element") }
            return false
        }
        node = next
        if next.kind == .startElement { hasSeenElement = true }
        return true
    }

    /// Skips the current element with everything inside it and moves to the node after it.
    /// Returns false at the end of the document.
    public mutating func skipElement() throws(XMLError) -> Bool {
        if node.kind == .startElement && !node.isEmpty {
            let elementDepth = node.depth
            repeat {
                guard try read() else { return false }
            } while !(node.kind == .endElement && node.depth == elementDepth)
        }
        return try read()
    }

    /// The text inside the current start element, read up to its end tag (which becomes the current node).
    /// - Throws: `XMLError` if the element holds another element, or for malformed XML.
    public mutating func readElementText() throws(XMLError) -> String {
        guard node.kind == .startElement else { throw error("expected an element start") }
        if node.isEmpty { return "" }
        let elementDepth = node.depth
        var text: String?
        while try read() {
            switch node.kind {
            case .text, .whitespace:
                let piece = parser.queue.pointee.string(node.textStart..<node.textEnd)
                text = text.map { $0 + piece } ?? piece
            case .endElement where node.depth == elementDepth:
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
        guard node.kind == .startElement else { throw error("expected an element start") }
        if node.isEmpty { return }
        let parentDepth = node.depth
        var isOnUnreadNode = false
        while true {
            if !isOnUnreadNode {
                guard try read() else { throw error("the document ended inside an element") }
            }
            isOnUnreadNode = false
            if node.kind == .endElement && node.depth == parentDepth { return }
            guard node.kind == .startElement && node.depth == parentDepth + 1 else { continue }
            if try !handle(&self) {
                guard try skipElement() else { throw error("the document ended inside an element") }
                isOnUnreadNode = true
            }
        }
    }

    // MARK: The current node

    /// The kind of the current node.
    public var kind: XMLNodeKind { node.kind }

    /// The encoding the document declared, or nil (UTF-8 by default).
    public var declaredEncoding: String? { parser.declaredEncoding }

    /// Depth of the current node: 0 for the root element.
    public var depth: Int { Int(node.depth) }

    /// Whether the current start element has no content (`<name/>` or `<name></name>`): no end node will follow.
    public var isEmptyElement: Bool { node.isEmpty }

    /// The current element's local name (allocates; use `isStartElement(_:)` in loops).
    public var localName: String { node.localName.map { String(cString: $0) } ?? "" }

    /// The current element's namespace URI, or nil when it has none (allocates).
    public var namespaceURI: String? { node.namespace.map { String(cString: $0) } }

    /// The text of the current text, comment or processing-instruction node, copied.
    public var value: String? {
        switch node.kind {
        case .text, .whitespace, .comment, .processingInstruction: return parser.queue.pointee.string(node.textStart..<node.textEnd)
        default: return nil
        }
    }

    /// An attribute of the current element by its local name (attributes in a namespace are not looked at),
    /// copied.
    public func attribute(_ name: String) -> String? {
        guard node.kind == .startElement else { return nil }
        return parser.queue.pointee.attribute(name, in: node.attributeStart..<node.attributeEnd)
    }

    /// Interns a name in this reader's dictionary so that nodes can be compared to it by pointer.
    /// The result is valid as long as this reader lives.
    public func intern(_ localName: String, namespace: String? = nil) -> XMLName {
        XMLName(localName: parser.intern(localName), namespace: namespace.flatMap { parser.intern($0) })
    }

    /// Whether the current node is the start of an element with this interned name (local name and namespace).
    public func isStartElement(_ name: XMLName) -> Bool {
        node.kind == .startElement && hasName(name)
    }

    /// Whether the current node is the end of an element with this interned name.
    public func isEndElement(_ name: XMLName) -> Bool {
        node.kind == .endElement && hasName(name)
    }

    /// Whether the current node (start or end of an element) has this interned name.
    public func hasName(_ name: XMLName) -> Bool {
        guard node.localName == name.localName, node.kind == .startElement || node.kind == .endElement else {
            return false
        }
        // libxml2 interns namespace URIs in the same dictionary; the text comparison is a fallback.
        guard let namespace = node.namespace, let expected = name.namespace else {
            return node.namespace == nil && name.namespace == nil
        }
        return namespace == expected || strcmp(namespace, expected) == 0
    }

    // MARK: Locations and errors

    /// The line in the file where the current node starts.
    public var line: Int {
        let queue = parser.queue
        return queue.pointee.fileLine(node.line > 0 ? node.line : queue.pointee.currentLine)
    }

    /// An error at the current node, for callers that find something wrong in the content. libxml2 keeps a line
    /// but no column per node, so the error points at the start of the node's line (column 1).
    public func error(_ message: String) -> XMLError {
        XMLError(file: file, line: line, column: 1, message: message)
    }
}

/// A name interned in one reader's dictionary: compare nodes to it by pointer, with no allocation.
public struct XMLName: Equatable {
    let localName: UnsafePointer<xmlChar>?
    let namespace: UnsafePointer<xmlChar>?
}

/// What kind of node the reader is on.
public enum XMLNodeKind: Sendable, Equatable {
    case startElement, endElement, text, whitespace, comment, processingInstruction
    /// No node: the reader has not moved yet.
    case other
}
