import Glibc

/// Cuts a file into the XML documents written in it one after another, without loading the file: bytes are
/// handed to one document at a time. A new document starts at an `<?xml …?>` declaration after markup, or at an
/// element that starts after the previous root element has closed (operators often write one declaration and then
/// a SOAP frame and its Finvoice, and so on, as top-level elements one after another).
///
/// Comments, CDATA sections, processing instructions, quoted attribute values and the DOCTYPE are skipped over, so
/// markup-like text inside them never cuts a document. The patterns are ASCII, so this works for every
/// ASCII-compatible encoding (UTF-8, ISO-8859-x).
final class XMLDocumentSplitter {
    private static let capacity = 256 * 1024
    /// Enough look-ahead after a `<` to recognise the longest opening, `<![CDATA[`.
    private static let lookahead = 9

    private enum Mode { case content, tag, comment, cdata, processingInstruction, declaration }

    private let input: FileInput
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
    private var start = 0
    private var end = 0
    private var isAtEndOfFile = false

    // The scanner's state, carried across buffer refills.
    private var mode = Mode.content
    private var quote: UInt8 = 0
    private var previous: UInt8 = 0
    private var beforePrevious: UInt8 = 0
    private var isEndTag = false
    private var bracketDepth = 0
    private var elementDepth = 0
    private var documentHasMarkup = false
    private var rootHasClosed = false
    private var documentEnded = false

    /// Whether the current document begins with its own XML declaration.
    private(set) var documentHasDeclaration = false
    /// Line and column (from 1) of the next byte to hand out.
    private(set) var line = 1
    private(set) var column = 1

    init(input: FileInput) { self.input = input }

    deinit { buffer.deallocate() }

    /// Starts the next document. Returns false when the file holds no more bytes.
    func beginDocument() throws(XMLError) -> Bool {
        documentEnded = false
        documentHasMarkup = false
        rootHasClosed = false
        elementDepth = 0
        mode = .content
        try refillIfNeeded()
        documentHasDeclaration = matches("<?xml", at: start)
        return start < end
    }

    /// Drops whatever the reader did not consume of the current document.
    func skipRestOfDocument() throws(XMLError) {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { scratch.deallocate() }
        while try fill(scratch) > 0 {}
    }

    /// Hands the current document's next bytes to libxml2; 0 at the document's end.
    func fill(_ destination: UnsafeMutableRawBufferPointer) throws(XMLError) -> Int {
        guard !documentEnded else { return 0 }
        try refillIfNeeded()
        var limit = scanForBoundary(upTo: min(end, start + destination.count))
        if limit == start && !documentEnded {
            // A '<' too close to the end of the buffer to be recognised: make room and look again.
            try compactAndRead()
            limit = scanForBoundary(upTo: min(end, start + destination.count))
        }
        let count = limit - start
        guard count > 0 else { return 0 }
        destination.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: count)
        advancePosition(over: UnsafeRawBufferPointer(rebasing: buffer[start..<limit]))
        start = limit
        return count
    }

    /// Returns the index up to which bytes belong to the current document (at most `limit`), setting
    /// `documentEnded` when the next document starts there.
    private func scanForBoundary(upTo limit: Int) -> Int {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var index = start
        while index < limit {
            if mode == .content {
                guard let found = find(UInt8(ascii: "<"), in: base, from: index, to: limit) else {
                    return remember(base, limit)
                }
                guard end - found >= Self.lookahead || isAtEndOfFile else { return found }
                if startsDocument(at: found) {
                    documentEnded = true
                    return found
                }
                index = enterMarkup(at: found)
                continue
            }
            switch mode {
            case .tag:
                if quote != 0 {
                    // Inside a quoted attribute value: only the closing quote matters.
                    guard let close = find(quote, in: base, from: index, to: limit) else { return remember(base, limit) }
                    quote = 0
                    index = close + 1
                    continue
                }
                let closer = find(UInt8(ascii: ">"), in: base, from: index, to: limit)
                let stop = closer ?? limit
                let double = find(UInt8(ascii: "\""), in: base, from: index, to: stop)
                let single = find(UInt8(ascii: "'"), in: base, from: index, to: double ?? stop)
                if let opening = single ?? double {
                    quote = base[opening]
                    index = opening + 1
                    continue
                }
                guard let closer else { return remember(base, limit) }
                closeTag(isEmpty: byte(before: closer, base) == UInt8(ascii: "/"))
                index = closer + 1
            case .comment, .cdata, .processingInstruction:
                guard let closer = find(UInt8(ascii: ">"), in: base, from: index, to: limit) else {
                    return remember(base, limit)
                }
                let last = byte(before: closer, base)
                let secondLast = closer - 2 >= start ? base[closer - 2] : (closer - 1 >= start ? previous : beforePrevious)
                switch mode {
                case .comment where last == UInt8(ascii: "-") && secondLast == UInt8(ascii: "-"): mode = .content
                case .cdata where last == UInt8(ascii: "]") && secondLast == UInt8(ascii: "]"): mode = .content
                case .processingInstruction where last == UInt8(ascii: "?"): mode = .content
                default: break
                }
                previous = UInt8(ascii: ">")
                beforePrevious = last
                index = closer + 1
            case .declaration:
                // The DOCTYPE, rare and short: byte by byte, minding quotes and the internal subset's brackets.
                let byte = base[index]
                index += 1
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "[") {
                    bracketDepth += 1
                } else if byte == UInt8(ascii: "]") {
                    bracketDepth -= 1
                } else if byte == UInt8(ascii: ">") && bracketDepth <= 0 {
                    mode = .content
                }
            case .content:
                break
            }
        }
        // The last bytes are remembered on every way out at `limit`: the next pass may need the byte before its first
        // (a tag closing quote then `>` across the boundary was once taken for `/>`, closing the root element).
        return remember(base, limit)
    }

    /// The byte before `position`: from the buffer when it is part of this pass, else the one remembered.
    private func byte(before position: Int, _ base: UnsafePointer<UInt8>) -> UInt8 {
        position - 1 >= start ? base[position - 1] : previous
    }

    /// Remembers the last two bytes scanned (an end pattern may straddle the buffer's end) and returns `limit`.
    private func remember(_ base: UnsafePointer<UInt8>, _ limit: Int) -> Int {
        if limit - 2 >= start {
            beforePrevious = base[limit - 2]
            previous = base[limit - 1]
        } else if limit - 1 >= start {
            beforePrevious = previous
            previous = base[limit - 1]
        }
        return limit
    }

    /// Whether the markup at `index` starts the next document: a declaration after markup, or an element after
    /// the root has closed.
    private func startsDocument(at index: Int) -> Bool {
        guard documentHasMarkup else { return false }
        if matches("<?xml", at: index) && index + 5 < end && isWhitespace(bufferByte(index + 5)) { return true }
        guard rootHasClosed, index + 1 < end else { return false }
        let next = bufferByte(index + 1)
        return next != UInt8(ascii: "?") && next != UInt8(ascii: "!") && next != UInt8(ascii: "/")
    }

    /// Switches to the mode the markup at `index` opens and returns where scanning goes on.
    private func enterMarkup(at index: Int) -> Int {
        documentHasMarkup = true
        previous = 0
        beforePrevious = 0
        quote = 0
        if matches("<!--", at: index) {
            mode = .comment
            return index + 4
        }
        if matches("<![CDATA[", at: index) {
            mode = .cdata
            return index + 9
        }
        if matches("<?", at: index) {
            mode = .processingInstruction
            return index + 2
        }
        if matches("<!", at: index) {
            mode = .declaration
            bracketDepth = 0
            return index + 2
        }
        mode = .tag
        isEndTag = matches("</", at: index)
        return index + (isEndTag ? 2 : 1)
    }

    private func closeTag(isEmpty: Bool) {
        mode = .content
        if isEndTag {
            elementDepth -= 1
        } else if !isEmpty {
            elementDepth += 1
        }
        if elementDepth <= 0 { rootHasClosed = true }
    }

    private func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    private func bufferByte(_ index: Int) -> UInt8 { buffer[index] }

    private func matches(_ pattern: StaticString, at index: Int) -> Bool {
        let count = pattern.utf8CodeUnitCount
        guard index + count <= end else { return false }
        return memcmp(buffer.baseAddress! + index, pattern.utf8Start, count) == 0
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func advancePosition(over bytes: UnsafeRawBufferPointer) {
        guard var cursor = bytes.baseAddress else { return }
        let stop = cursor + bytes.count
        var lineStart: UnsafeRawPointer?
        while cursor < stop, let newline = memchr(cursor, 0x0A, stop - cursor) {
            line += 1
            lineStart = UnsafeRawPointer(newline) + 1
            cursor = lineStart!
        }
        if let lineStart {
            column = stop - lineStart + 1
        } else {
            column += bytes.count
        }
    }

    private func refillIfNeeded() throws(XMLError) {
        if end - start < Self.lookahead && !isAtEndOfFile { try compactAndRead() }
    }

    private func compactAndRead() throws(XMLError) {
        if start > 0 {
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
            end -= start
            start = 0
        }
        while end < Self.capacity && !isAtEndOfFile {
            let count = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if count == 0 { isAtEndOfFile = true }
            end += count
            if end - start >= Self.lookahead { break }
        }
    }
}

extension XMLReader {
    /// Reads a file that holds one or more XML documents one after another (each with its own declaration and
    /// encoding, or top-level elements following one declaration), calling `body` with a reader for each
    /// document in turn. Only the current
    /// document's bytes are in memory. Errors name the line and column in the whole file.
    /// - Throws: `XMLError` if the file cannot be read or is empty, or whatever `body` throws.
    public static func forEachDocument(
        inFile path: String, _ body: (inout XMLReader) throws -> Void
    ) throws {
        let splitter = XMLDocumentSplitter(input: try FileInput(path: path))
        var documents = 0
        var declaredEncoding: String?
        while try splitter.beginDocument() {
            documents += 1
            // A document without a declaration of its own is in the encoding the file declared before it.
            var reader = XMLReader(
                name: path, firstLine: splitter.line, firstColumn: splitter.column,
                encoding: splitter.documentHasDeclaration ? nil : declaredEncoding
            ) { buffer throws(XMLError) in try splitter.fill(buffer) }
            try body(&reader)
            declaredEncoding = reader.declaredEncoding ?? declaredEncoding
            try splitter.skipRestOfDocument()
        }
        if documents == 0 { throw XMLError(file: path, line: 1, column: 1, message: "the file is empty") }
    }

    /// The root element of the first document in a file (local name, namespace URI, line), reading no further:
    /// the way to tell what a file is, also when more documents follow.
    /// - Throws: `XMLError` if the file cannot be read or its first document is malformed before its root.
    public static func rootElement(
        ofFile path: String
    ) throws(XMLError) -> (localName: String, namespaceURI: String?, line: Int) {
        let splitter = XMLDocumentSplitter(input: try FileInput(path: path))
        guard try splitter.beginDocument() else {
            throw XMLError(file: path, line: 1, column: 1, message: "the file is empty")
        }
        var reader = XMLReader(name: path, firstLine: splitter.line, firstColumn: splitter.column) {
            buffer throws(XMLError) in try splitter.fill(buffer)
        }
        while try reader.read() {
            if reader.kind == .startElement { return (reader.localName, reader.namespaceURI, reader.line) }
        }
        throw reader.error("the document has no root element")
    }
}
