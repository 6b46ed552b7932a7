import Glibc

/// Cuts a file into the XML documents written in it one after another, each starting with its own
/// `<?xml …?>` declaration (the Finvoice batch form: SOAP frame, Finvoice, SOAP frame, …), without loading the
/// file: bytes are handed to one document at a time and a document ends where the next declaration begins.
///
/// Declarations inside comments and CDATA sections are not boundaries. The byte patterns are ASCII, so this works
/// for every ASCII-compatible encoding (UTF-8, ISO-8859-x); each document declares its own.
final class XMLDocumentSplitter {
    private static let capacity = 256 * 1024
    /// Enough look-ahead to recognise the longest pattern, `<![CDATA[`.
    private static let lookahead = 9

    private enum Mode { case markup, comment, cdata }

    private let input: FileInput
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
    private var start = 0
    private var end = 0
    private var isAtEndOfFile = false
    private var mode = Mode.markup
    private var documentHasMarkup = false
    private var documentEnded = false

    /// Line and column (from 1) of the next byte to hand out.
    private(set) var line = 1
    private(set) var column = 1

    init(input: FileInput) { self.input = input }

    deinit { buffer.deallocate() }

    /// Starts the next document. Returns false when the file holds no more bytes.
    func beginDocument() throws(XMLError) -> Bool {
        documentEnded = false
        documentHasMarkup = false
        mode = .markup
        try refillIfNeeded()
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
    /// `documentEnded` when the next document's declaration starts there.
    private func scanForBoundary(upTo limit: Int) -> Int {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var index = start
        while index < limit {
            switch mode {
            case .markup:
                guard let found = find(UInt8(ascii: "<"), in: base, from: index, to: limit) else { return limit }
                guard end - found >= Self.lookahead || isAtEndOfFile else { return found }
                if matches("<?xml", base, at: found) && isWhitespace(base[found + 5]) {
                    if documentHasMarkup {
                        documentEnded = true
                        return found
                    }
                } else if matches("<!--", base, at: found) {
                    mode = .comment
                } else if matches("<![CDATA[", base, at: found) {
                    mode = .cdata
                }
                documentHasMarkup = true
                index = found + 1
            case .comment, .cdata:
                let closer = mode == .comment ? UInt8(ascii: "-") : UInt8(ascii: "]")
                guard let found = find(closer, in: base, from: index, to: limit) else { return limit }
                guard end - found >= 3 || isAtEndOfFile else { return found }
                if found + 2 < end && base[found + 1] == closer && base[found + 2] == UInt8(ascii: ">") {
                    mode = .markup
                    index = found + 3
                } else {
                    index = found + 1
                }
            }
        }
        return limit
    }

    private func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    private func matches(_ pattern: StaticString, _ base: UnsafePointer<UInt8>, at index: Int) -> Bool {
        let count = pattern.utf8CodeUnitCount
        guard index + count <= end else { return false }
        return memcmp(base + index, pattern.utf8Start, count) == 0
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func advancePosition(over bytes: UnsafeRawBufferPointer) {
        var lastNewline = -1
        var newlines = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            newlines += 1
            lastNewline = offset
        }
        if newlines > 0 {
            line += newlines
            column = bytes.count - lastNewline
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
    /// Reads a file that holds one or more XML documents one after another, each with its own declaration (and
    /// possibly its own encoding), calling `body` with a reader for each document in turn. Only the current
    /// document's bytes are in memory. Errors name the line and column in the whole file.
    /// - Throws: `XMLError` if the file cannot be read or is empty, or whatever `body` throws.
    public static func forEachDocument(
        inFile path: String, _ body: (inout XMLReader) throws -> Void
    ) throws {
        let splitter = XMLDocumentSplitter(input: try FileInput(path: path))
        var documents = 0
        while try splitter.beginDocument() {
            documents += 1
            var reader = XMLReader(name: path, firstLine: splitter.line, firstColumn: splitter.column) {
                buffer throws(XMLError) in try splitter.fill(buffer)
            }
            try body(&reader)
            try splitter.skipRestOfDocument()
        }
        if documents == 0 { throw XMLError(file: path, line: 1, column: 1, message: "the file is empty") }
    }
}
