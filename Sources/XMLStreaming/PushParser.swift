import CLibXML2

/// One node of the document as the reader hands it out: an element's start or end, a text, a comment or a
/// processing instruction. Texts and attribute values are ranges in the queue's byte store.
struct XMLNode {
    var kind = XMLNodeKind.other
    /// Depth as libxml2's reader counts it: 0 for the root element, 1 for what is inside it.
    var depth: Int32 = 0
    /// Whether an element's start has no content and no end node will follow.
    var isEmpty = false
    /// The line in the document (not the file) where the node starts; an end node has its start's line.
    var line = 0
    /// The local name and namespace URI of an element, interned in the parser's dictionary.
    var localName: UnsafePointer<xmlChar>?
    var namespace: UnsafePointer<xmlChar>?
    /// Text, comment or processing-instruction content: `textStart..<textEnd` in the byte store.
    var textStart = 0
    var textEnd = 0
    /// An element's attributes: `attributeStart..<attributeEnd` in the attribute store.
    var attributeStart = 0
    var attributeEnd = 0

    /// The same node without its content ranges, for when the stores have moved on.
    var withoutContent: XMLNode {
        var node = self
        (node.textStart, node.textEnd, node.attributeStart, node.attributeEnd) = (0, 0, 0, 0)
        return node
    }
}

/// An attribute of a queued element start: its local name, whether it has a namespace, and its value's bytes.
struct XMLAttribute {
    var localName: UnsafePointer<xmlChar>?
    var hasNamespace: Bool
    var valueStart: Int
    var valueEnd: Int
}

/// libxml2's SAX2 push parser fed one chunk at a time. Nothing builds a tree: this is the cheapest way libxml2
/// offers to read a document. The callbacks queue what they report in a `NodeQueue`, which the reader then
/// hands out node by node.
///
/// The parser never touches the network, never loads a DTD, and never substitutes entities: its callbacks stop
/// the parse at the first entity declaration and at the first reference to an entity that is not one of XML's
/// five predefined ones, so nothing an entity names is ever read or expanded.
struct PushParser: ~Copyable {
    private static let chunkSize = 64 * 1024

    /// The callbacks' side, at a fixed address that libxml2 hands back to them. Reaching it through a pointer
    /// spares every callback the exclusivity checks a class's properties would cost; no access to it is open
    /// while libxml2 runs, so the callbacks never overlap one.
    let queue: UnsafeMutablePointer<NodeQueue>
    private let input: (UnsafeMutableRawBufferPointer) throws(XMLError) -> Int
    private let encoding: String?
    private let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
    /// Bytes of the chunk not yet given to libxml2 (the first chunk is given in two parts).
    private var pending = 0..<0
    private var bytesRead = 0
    private var isFinished = false

    init(
        file: String, firstLine: Int, firstColumn: Int, encoding: String?,
        input: @escaping (UnsafeMutableRawBufferPointer) throws(XMLError) -> Int
    ) {
        queue = .allocate(capacity: 1)
        queue.initialize(to: NodeQueue(file: file, firstLine: firstLine, firstColumn: firstColumn))
        self.encoding = encoding
        self.input = input
        start()
    }

    deinit {
        if let context = queue.pointee.context { xmlFreeParserCtxt(context) }
        queue.deinitialize(count: 1)
        queue.deallocate()
        chunk.deallocate()
    }

    /// The next node, or nil at the end of a well-formed document.
    /// - Throws: `XMLError` for malformed XML, a refused entity, an input error or an empty document. A chunk
    ///   with a problem in it hands out none of its nodes: the error comes first, as it does for the document.
    mutating func next() throws(XMLError) -> XMLNode? {
        while !queue.pointee.hasNode {
            if isFinished { return nil }
            queue.pointee.clearHandedOut()
            feed()
            if queue.pointee.hasFailed { throw queue.pointee.failure }
        }
        return queue.pointee.take()
    }

    /// Interns a string in the parser's dictionary, where libxml2 keeps element and namespace names.
    func intern(_ string: String) -> UnsafePointer<xmlChar>? {
        guard let dictionary = queue.pointee.context?.pointee.dict else { return nil }
        return xmlDictLookup(dictionary, string, -1)
    }

    /// The encoding the document's declaration names, once it has been read.
    var declaredEncoding: String? {
        guard let context = queue.pointee.context?.pointee else { return nil }
        return (context.encoding ?? context.input?.pointee.encoding).map { String(cString: $0) }
    }

    /// Creates the parser context on the first chunk, as libxml2's own reader does: the first four bytes tell
    /// the encoding when the document has no declaration.
    private mutating func start() {
        let count = readChunk()
        var handler = NodeQueue.handler()
        let head = min(count, 4)
        let file = queue.pointee.file
        guard
            let context = chunk.baseAddress!.withMemoryRebound(to: CChar.self, capacity: Self.chunkSize, { base in
                xmlCreatePushParserCtxt(&handler, queue, head > 0 ? base : nil, Int32(head), file)
            })
        else { fatalError("xmlCreatePushParserCtxt could not allocate a parser") }
        queue.pointee.context = context
        xmlCtxtUseOptions(context, XMLReader.parseOptions)
        if let encoding, let converter = xmlFindCharEncodingHandler(encoding) {
            xmlSwitchToEncoding(context, converter)
        }
        pending = head..<count
    }

    /// Gives libxml2 the next chunk (or the end of the input); its callbacks queue what it reports.
    private mutating func feed() {
        guard let context = queue.pointee.context, !queue.pointee.hasFailed else { return }
        if pending.isEmpty {
            pending = 0..<readChunk()
            guard !queue.pointee.hasFailed else { return }
        }
        let isLast = pending.isEmpty
        let bytes = pending
        pending = 0..<0
        let status = chunk.baseAddress!.withMemoryRebound(to: CChar.self, capacity: Self.chunkSize) { base in
            xmlParseChunk(context, base + bytes.lowerBound, Int32(bytes.count), isLast ? 1 : 0)
        }
        if status != 0 || context.pointee.wellFormed == 0 {
            // With no input, the only error is libxml2's "Document is empty" (an input error stops before parsing).
            let empty = XMLError(file: queue.pointee.file, line: 1, column: 1, message: "the document is empty")
            queue.pointee.fail(bytesRead == 0 ? empty : nil, replacing: bytesRead == 0)
        } else if isLast {
            queue.pointee.closeText()
            isFinished = true
        }
    }

    private mutating func readChunk() -> Int {
        do {
            let count = try input(chunk)
            bytesRead += count
            return count
        } catch {
            var error = error
            if error.line > 0 {
                // Bad data found while reading (damaged gzip): where the data read so far ends.
                (error.line, error.column) = (queue.pointee.fileLine(queue.pointee.currentLine), 1)
            }
            queue.pointee.fail(error)
            return 0
        }
    }
}

/// What the SAX callbacks report, queued until the reader moves to it: the nodes, and the bytes of their texts
/// and attribute values. It holds the nodes of one chunk at a time.
struct NodeQueue: ~Copyable {
    let file: String
    private let firstLine: Int
    private let firstColumn: Int
    /// libxml2's parser, once the first chunk has been read.
    var context: xmlParserCtxtPtr?

    /// Nodes reported and not yet handed out, from `cursor` on.
    private var nodes: [XMLNode] = []
    private var cursor = 0
    /// Texts and attribute values of the queued nodes, and of a text still being reported.
    private var bytes: [UInt8] = []
    private var attributes: [XMLAttribute] = []
    /// The text being reported (it may come in several callbacks, and across chunks): where it starts, its line.
    private var openText: (start: Int, line: Int)?
    private var depth: Int32 = 0
    /// The lines of the open elements' starts: an element's end node carries its start's line, as in libxml2's
    /// reader.
    private var startLines: [Int] = []
    /// The first problem: a libxml2 error, a refused entity, or an input error.
    private var firstError: XMLError?
    /// Whether the parse has stopped on a problem.
    private(set) var hasFailed = false

    init(file: String, firstLine: Int, firstColumn: Int) {
        self.file = file
        self.firstLine = firstLine
        self.firstColumn = firstColumn
    }

    var hasNode: Bool { cursor < nodes.count }

    /// Hands out the next node.
    mutating func take() -> XMLNode {
        defer { cursor += 1 }
        return nodes[cursor]
    }

    /// Forgets the nodes handed out (all of them), keeping a text still being reported.
    mutating func clearHandedOut() {
        nodes.removeAll(keepingCapacity: true)
        cursor = 0
        attributes.removeAll(keepingCapacity: true)
        if let text = openText {
            bytes.removeSubrange(0..<text.start)
            openText = (0, text.line)
        } else {
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// The problem the parse stopped on.
    var failure: XMLError {
        firstError ?? XMLError(file: file, line: fileLine(currentLine), column: 1, message: "malformed XML")
    }

    /// Stops on a problem; the first one reported is the one kept, unless `replacing` says otherwise.
    mutating func fail(_ error: XMLError?, replacing: Bool = false) {
        if firstError == nil || replacing { firstError = error }
        hasFailed = true
    }

    /// The UTF-8 text of a range of the byte store (libxml2 has converted every encoding to UTF-8).
    func string(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// The value of the attribute without a namespace called `name` among `range` of the attribute store.
    func attribute(_ name: String, in range: Range<Int>) -> String? {
        for attribute in attributes[range] where !attribute.hasNamespace {
            guard let localName = attribute.localName, strcmp(localName, name) == 0 else { continue }
            let value = string(attribute.valueStart..<attribute.valueEnd)
            // Without entity substitution libxml2 hands '&' in an attribute value over as "&#38;".
            let hasAmpersand = bytes[attribute.valueStart..<attribute.valueEnd].contains(UInt8(ascii: "&"))
            return hasAmpersand ? value.replacingAmpersandReferences() : value
        }
        return nil
    }

    /// The line libxml2 has reached in the document.
    var currentLine: Int { context?.pointee.input.map { Int($0.pointee.line) } ?? 1 }

    func fileLine(_ documentLine: Int) -> Int { firstLine + max(documentLine, 1) - 1 }

    func fileColumn(_ documentColumn: Int, line documentLine: Int) -> Int {
        let column = max(documentColumn, 1)
        return documentLine <= 1 ? firstColumn + column - 1 : column
    }

    // MARK: What the callbacks report

    /// Queues the text reported since the last other node, as text or (all blank) whitespace.
    mutating func closeText() {
        guard let text = openText else { return }
        openText = nil
        var isBlank = true
        for byte in bytes[text.start...] where !(byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D) {
            isBlank = false
            break
        }
        nodes.append(
            XMLNode(
                kind: isBlank ? .whitespace : .text, depth: depth, line: text.line, textStart: text.start,
                textEnd: bytes.count))
    }

    private mutating func startElement(
        _ localName: UnsafePointer<xmlChar>?, _ namespace: UnsafePointer<xmlChar>?, _ count: Int,
        _ values: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        closeText()
        let first = attributes.count
        if let values {
            // libxml2 gives five pointers per attribute: local name, prefix, namespace, value start, value end.
            for index in 0..<count {
                let attribute = values + index * 5
                let start = bytes.count
                if let value = attribute[3], let end = attribute[4] {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: value, count: end - value))
                }
                attributes.append(
                    XMLAttribute(
                        localName: attribute[0], hasNamespace: attribute[2] != nil, valueStart: start,
                        valueEnd: bytes.count))
            }
        }
        let line = currentLine
        nodes.append(
            XMLNode(
                kind: .startElement, depth: depth, line: line, localName: localName, namespace: namespace,
                attributeStart: first, attributeEnd: attributes.count))
        depth += 1
        startLines.append(line)
    }

    private mutating func endElement(_ localName: UnsafePointer<xmlChar>?, _ namespace: UnsafePointer<xmlChar>?) {
        depth -= 1
        let startLine = startLines.popLast() ?? currentLine
        if openText == nil, let last = nodes.indices.last, nodes[last].kind == .startElement,
            nodes[last].depth == depth
        {
            // Nothing between the start and its end, and the start not handed out yet (the queue only holds
            // nodes not handed out while libxml2 runs): one empty element.
            nodes[last].isEmpty = true
            return
        }
        closeText()
        nodes.append(
            XMLNode(kind: .endElement, depth: depth, line: startLine, localName: localName, namespace: namespace))
    }

    private mutating func characters(_ text: UnsafePointer<xmlChar>?, _ count: Int) {
        guard let text, count > 0 else { return }
        if openText == nil { openText = (bytes.count, currentLine) }
        bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: count))
    }

    private mutating func other(_ kind: XMLNodeKind, _ text: UnsafePointer<xmlChar>?) {
        closeText()
        let start = bytes.count
        if let text { bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: strlen(text))) }
        nodes.append(XMLNode(kind: kind, depth: depth, line: currentLine, textStart: start, textEnd: bytes.count))
    }

    /// Keeps libxml2's first error (warnings are not errors).
    private mutating func record(_ error: clibxml2_error) {
        guard error.level >= Int32(XML_ERR_ERROR.rawValue), firstError == nil else { return }
        var message = error.message.map { String(cString: $0) } ?? "malformed XML"
        if message.hasSuffix("\n") { message.removeLast() }
        let documentLine = Int(error.line)
        firstError = XMLError(
            file: file, line: fileLine(documentLine), column: fileColumn(Int(error.column), line: documentLine),
            message: message)
    }

    /// Stops the parse with an error of saatava's own at the current line.
    private mutating func refuse(_ message: String) {
        fail(XMLError(file: file, line: fileLine(currentLine), column: 1, message: message))
        if let context { xmlStopParser(context) }
    }

    private static let declaredEntities =
        "the document declares entities in its DTD (<!ENTITY …>); such documents are refused"

    /// The callbacks, each a C function that finds its queue through libxml2's user-data pointer.
    static func handler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, localName, _, namespace, _, _, count, _, values in
            NodeQueue.at(context).pointee.startElement(localName, namespace, Int(count), values)
        }
        handler.endElementNs = { context, localName, _, namespace in
            NodeQueue.at(context).pointee.endElement(localName, namespace)
        }
        handler.characters = { context, text, count in NodeQueue.at(context).pointee.characters(text, Int(count)) }
        handler.comment = { context, text in NodeQueue.at(context).pointee.other(.comment, text) }
        handler.processingInstruction = { context, _, data in
            NodeQueue.at(context).pointee.other(.processingInstruction, data)
        }
        handler.entityDecl = { context, _, _, _, _, _ in
            NodeQueue.at(context).pointee.refuse(NodeQueue.declaredEntities)
        }
        handler.unparsedEntityDecl = { context, _, _, _, _ in
            NodeQueue.at(context).pointee.refuse(NodeQueue.declaredEntities)
        }
        handler.getEntity = { context, name in
            let name = name.map { String(cString: $0) } ?? ""
            NodeQueue.at(context).pointee.refuse(
                "the entity reference &\(name); is refused: saatava never expands entities")
            return nil
        }
        handler.getParameterEntity = { context, name in
            let name = name.map { String(cString: $0) } ?? ""
            NodeQueue.at(context).pointee.refuse(
                "the parameter entity reference %\(name); is refused: saatava never expands entities")
            return nil
        }
        // `error` is `xmlErrorPtr` up to libxml2 2.11 and `const xmlError *` from 2.12 on; the shim's const
        // parameter takes either, so this builds against both.
        handler.serror = { context, error in
            guard let error else { return }
            NodeQueue.at(context).pointee.record(clibxml2_error_fields(error))
        }
        return handler
    }

    private static func at(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<NodeQueue> {
        context!.assumingMemoryBound(to: NodeQueue.self)
    }
}

extension String {
    /// The text with every `&#38;` turned back into `&`.
    fileprivate func replacingAmpersandReferences() -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: "&#38;") {
            result += rest[..<range.lowerBound]
            result += "&"
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
