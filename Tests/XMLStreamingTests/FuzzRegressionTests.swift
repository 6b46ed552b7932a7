import Foundation
import TestSupport
import XCTest

@testable import XMLStreaming

/// The inputs the `splitter` fuzz harness found (Fixtures/fuzz/splitter-*, docs/security.md), read through the
/// harness's contract: the documents are the file's bytes in order, and where they start does not depend on the
/// size of the pieces the reader asks for.
final class FuzzRegressionTests: XCTestCase {
    private func documentSizes(_ path: String, pieceSize: Int) throws -> [Int] {
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 1)
        defer { piece.deallocate() }
        let splitter = XMLDocumentSplitter(input: try FileInput(path: path))
        var sizes: [Int] = []
        while try splitter.beginDocument() {
            var size = 0
            while case let count = try splitter.fill(piece), count > 0 { size += count }
            sizes.append(size)
        }
        return sizes
    }

    /// A start tag whose closing quote ended one piece and whose `>` began the next was taken for `<…/>` (the byte
    /// before `>` was not remembered across the pieces), which closed the root and cut the document in two.
    func test_splitterFindings_cutTheSameWhateverThePieceSize() throws {
        let folder = packageRoot.appendingPathComponent("Tests/XMLStreamingTests/Fixtures/fuzz")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("splitter-") }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            let whole = try documentSizes(path, pieceSize: 64 * 1024)
            XCTAssertEqual(whole.reduce(0, +), size, name)
            for pieceSize in [1, 7, 61, 4096] {
                XCTAssertEqual(try documentSizes(path, pieceSize: pieceSize), whole, "\(name), pieces of \(pieceSize)")
            }
        }
        XCTAssertEqual(
            try documentSizes(folder.appendingPathComponent("splitter-quote-then-gt-across-pieces.xml").path, pieceSize: 61)
                .count, 1)
    }
}
