import Foundation
import SystemIO
import TestSupport
import XCTest

final class ResidentMemoryTests: XCTestCase {
    /// The peak only grows: memory touched and given back still counts, however often the peak is read.
    func test_peak_isNonDecreasing_andKeepsMemoryAlreadyGivenBack() throws {
        let start = try XCTUnwrap(ResidentMemory.peakBytes())
        let size = 96 << 20
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
        // Touch every page so that it is resident.
        for page in stride(from: 0, to: size, by: 4096) { block[page] = 1 }
        // What is resident now, then the peak: the peak read later is never below it. (Read the other way round,
        // memory others take in between, a sanitizer's for one, can put the resident figure above the peak.)
        let residentWithTheBlock = residentMemoryBytes()
        let withTheBlock = try XCTUnwrap(ResidentMemory.peakBytes())
        block.deallocate()
        XCTAssertGreaterThanOrEqual(withTheBlock, start)
        XCTAssertGreaterThanOrEqual(withTheBlock, residentWithTheBlock)
        var previous = withTheBlock
        for _ in 0..<5 {
            let now = try XCTUnwrap(ResidentMemory.peakBytes())
            XCTAssertGreaterThanOrEqual(now, previous, "the peak never starts afresh")
            previous = now
        }
        XCTAssertGreaterThanOrEqual(previous, size, "the block given back still counts in the peak")
    }

    func test_peakOfAnotherProcess_isItsOwn_andNilWhenItIsGone() throws {
        XCTAssertNotNil(ResidentMemory.peakBytes(ofProcess: getpid()))
        XCTAssertNil(ResidentMemory.peakBytes(ofProcess: Int32.max))
    }

    /// Writing `/proc/self/clear_refs` starts the peak afresh, which makes outside tools (`/usr/bin/time`) and the
    /// run's own later figures under-report the peak: no source file may write it. Comments may name it.
    func test_noSourceWritesClearRefs() throws {
        let sources = packageRoot.appendingPathComponent("Sources")
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") || $0.hasSuffix(".h") || $0.hasSuffix(".c") }
        XCTAssertGreaterThan(files.count, 20)
        for file in files {
            let text = try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("clear_refs") {
                XCTAssertTrue(
                    line.trimmingCharacters(in: .whitespaces).hasPrefix("//"), "Sources/\(file):\(number + 1): \(line)")
            }
        }
    }
}
