import TestSupport
import Foundation
import XCTest
import XMLStreaming

/// Streaming keeps memory flat: a document far larger than the limit passes through in constant space.
final class XMLStreamingMemoryTests: XCTestCase {
    /// In this (shared) test process the growth is what counts; saatavaTests checks the absolute peak of a
    /// process that streams a 105 MB file.
    func test_a110MBDocument_streamsWithoutGrowingMemory() throws {
        try skipMemoryFiguresUnderSanitizer()
        let generator = GeneratedDocument(
            header: "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:test\"><Ntfctn>\n",
            entry: """
                <Ntry><Amt Ccy="EUR">1165.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><NtryDtls><TxDtls><Refs>\
                <AcctSvcrRef>250310593497REF0001A</AcctSvcrRef></Refs><RmtInf><Strd><CdtrRefInf><Ref>1232</Ref>\
                </CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>\n
                """,
            footer: "</Ntfctn></Document>\n",
            totalBytes: 110_000_000)
        var reader = XMLReader(name: "generated.xml") { buffer in generator.fill(buffer) }
        let amount = reader.intern("Amt", namespace: "urn:test")
        let startResident = residentMemoryBytes()
        var peakResident = startResident
        var amounts = 0
        var nodes = 0
        while try reader.read() {
            nodes += 1
            if reader.isStartElement(amount) { amounts += 1 }
            if nodes % 100_000 == 0 { peakResident = max(peakResident, residentMemoryBytes()) }
        }
        XCTAssertGreaterThan(generator.bytesProduced, 100_000_000)
        XCTAssertEqual(amounts, generator.entries)
        XCTAssertLessThan(peakResident - startResident, 8 << 20, "growth \((peakResident - startResident) >> 20) MB")
    }
}

extension XMLStreamingMemoryTests {
    /// Every reader frees its document: a batch of thousands of documents (each with a DOCTYPE, as old Finvoice
    /// messages have) reads in flat memory. Asking libxml2 for the whole document once leaked every one of them.
    func test_manyDocumentsInOneFile_doNotAccumulate() throws {
        try skipMemoryFiguresUnderSanitizer()
        let document = "<?xml version=\"1.0\"?>\n<!DOCTYPE Finvoice SYSTEM \"Finvoice.dtd\">\n<Finvoice>"
            + String(repeating: "<InvoiceRow><ArticleName>Työsuoritus</ArticleName><RowAmount>1,00</RowAmount></InvoiceRow>", count: 40)
            + "</Finvoice>\n"
        let url = try temporaryDirectory("batch").appendingPathComponent("batch.xml")
        try Data(String(repeating: document, count: 4_000).utf8).write(to: url)
        var documents = 0
        var before = 0
        var after = 0
        try XMLReader.forEachDocument(inFile: url.path) { reader in
            while try reader.read() {}
            documents += 1
            if documents == 500 { before = residentMemoryBytes() }
            if documents == 4_000 { after = residentMemoryBytes() }
        }
        XCTAssertEqual(documents, 4_000)
        XCTAssertLessThan(after - before, 4 << 20, "grew \((after - before) >> 10) KB over 3500 documents")
    }
}

/// Produces a large document on the fly: a header, the same entry repeated, a footer. Only one piece is held.
final class GeneratedDocument {
    private let entry: [UInt8]
    private var pieces: [[UInt8]]
    private var pending: ArraySlice<UInt8> = []
    private var entriesLeft: Int
    let entries: Int
    private(set) var bytesProduced = 0

    init(header: String, entry: String, footer: String, totalBytes: Int) {
        self.entry = Array(entry.utf8)
        self.entries = totalBytes / self.entry.count + 1
        self.entriesLeft = entries
        self.pieces = [Array(footer.utf8)]
        self.pending = ArraySlice(Array(header.utf8))
    }

    func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        var written = 0
        while written < buffer.count {
            if pending.isEmpty {
                if entriesLeft > 0 {
                    entriesLeft -= 1
                    pending = entry[...]
                } else if let last = pieces.popLast() {
                    pending = last[...]
                } else {
                    break
                }
            }
            let count = min(pending.count, buffer.count - written)
            pending.withUnsafeBytes { source in
                (buffer.baseAddress! + written).copyMemory(from: source.baseAddress!, byteCount: count)
            }
            pending = pending.dropFirst(count)
            written += count
        }
        bytesProduced += written
        return written
    }
}
