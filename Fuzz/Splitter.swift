@testable import XMLStreaming

// The splitter that cuts a file into the XML documents written one after another (operators' SOAP-framed batches).
// Contract: the documents' bytes, handed out in pieces of any size, are the file's bytes in order, each byte in
// exactly one document (so the documents lie within the file and never overlap); each document starts at the line
// and column the splitter says; where documents start does not depend on the size of the pieces asked for; and the
// streaming reader on each document either walks it or throws an error placed within the file.

private struct Document: Equatable {
    var offset: Int
    var line: Int
    var column: Int
    var count: Int
}

/// Splits the file handing out pieces of at most `pieceSize` bytes, checking that the pieces are the file's bytes.
private func split(_ path: String, _ input: [UInt8], pieceSize: Int) -> [Document] {
    let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 1)
    defer { piece.deallocate() }
    var documents: [Document] = []
    var offset = 0
    do {
        let splitter = XMLDocumentSplitter(input: try FileInput(path: path))
        while try splitter.beginDocument() {
            let (line, column) = position(of: offset, in: input)
            require(
                splitter.line == line && splitter.column == column,
                "document at byte \(offset) said to start at \(splitter.line):\(splitter.column), not \(line):\(column)")
            var document = Document(offset: offset, line: line, column: column, count: 0)
            while true {
                let count = try splitter.fill(piece)
                require(count >= 0 && count <= pieceSize, "fill returned \(count) for \(pieceSize) bytes")
                if count == 0 { break }
                require(offset + count <= input.count, "a document runs past the file's end")
                require(
                    piece.prefix(count).elementsEqual(input[offset..<offset + count]),
                    "bytes \(offset)..<\(offset + count) handed out are not the file's")
                offset += count
                document.count += count
            }
            require(document.count > 0, "an empty document at byte \(offset)")
            documents.append(document)
        }
    } catch {
        require(false, "the splitter threw on a readable file: \(error)")
    }
    require(offset == input.count, "the documents cover \(offset) of the file's \(input.count) bytes")
    return documents
}

/// Line and column (bytes, from 1) of a byte offset.
private func position(of offset: Int, in input: [UInt8]) -> (Int, Int) {
    var line = 1
    var lineStart = 0
    for index in 0..<offset where input[index] == 0x0A {
        line += 1
        lineStart = index + 1
    }
    return (line, offset - lineStart + 1)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSplitter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let path = writeInput(data, size, name: "batch.xml")
    let documents = split(path, input, pieceSize: 64 * 1024)
    require(split(path, input, pieceSize: 61) == documents, "the documents depend on the size of the pieces")
    let lines = input.count { $0 == 0x0A } + 1
    var read = 0
    do {
        try XMLReader.forEachDocument(inFile: path) { reader in
            require(read < documents.count, "the reader sees more documents than the splitter")
            require(reader.line == documents[read].line, "document \(read) starts at line \(reader.line)")
            read += 1
            while try reader.read() {
                _ = reader.value
                _ = reader.attribute("Ccy")
            }
        }
        require(read == documents.count, "the reader saw \(read) of \(documents.count) documents")
    } catch let error as XMLError {
        require(error.file == path, "error names file '\(error.file)'")
        require(
            (1...lines).contains(error.line) && error.column >= 1, "error outside the file's \(lines) lines: \(error)")
    } catch {
        require(false, "an error that is not an XMLError: \(error)")
    }
    return 0
}
