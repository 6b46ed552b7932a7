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
        let withTheBlock = try XCTUnwrap(ResidentMemory.peakBytes())
        block.deallocate()
        XCTAssertGreaterThanOrEqual(withTheBlock, start)
        XCTAssertGreaterThanOrEqual(withTheBlock, residentMemoryBytes())
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
}
