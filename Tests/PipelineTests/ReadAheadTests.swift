import Foundation
import XCTest

@testable import Pipeline

final class ReadAheadTests: XCTestCase {
    /// What the producer did, as both threads see it.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var produced = 0
        private var consumed = 0
        private var ended = false
        private var ahead = 0

        func didProduce() { lock.withLock { produced += 1; ahead = max(ahead, produced - consumed) } }
        func didConsume() { lock.withLock { consumed += 1 } }
        func didEnd() { lock.withLock { ended = true } }
        var hasEnded: Bool { lock.withLock { ended } }
        var mostAhead: Int { lock.withLock { ahead } }
    }

    private struct Broken: Error, Equatable { let at: Int }

    func testEveryElementArrivesInOrderAndTheProducerStaysBoundedAhead() throws {
        let counter = Counter()
        var received: [Int] = []
        try ReadAhead<Int>(chunkSize: 7, capacity: 2) { emit in
            for value in 0..<10_000 {
                counter.didProduce()
                try emit(value)
            }
        }.consume { value in
            counter.didConsume()
            received.append(value)
        }
        XCTAssertEqual(received, Array(0..<10_000))
        // At most `capacity` chunks wait, one is being filled and one is being consumed.
        XCTAssertLessThanOrEqual(counter.mostAhead, 7 * 4)
    }

    func testTheProducersErrorComesAfterEverythingItMadeBefore() {
        var received: [Int] = []
        XCTAssertThrowsError(
            try ReadAhead<Int>(chunkSize: 4, capacity: 2) { emit in
                for value in 0..<10 { try emit(value) }
                throw Broken(at: 10)
            }.consume { received.append($0) }
        ) { error in
            XCTAssertEqual(error as? Broken, Broken(at: 10))
        }
        XCTAssertEqual(received, Array(0..<10))
    }

    func testAConsumerErrorStopsTheProducerBeforeConsumeReturns() {
        let counter = Counter()
        var received = 0
        XCTAssertThrowsError(
            try ReadAhead<Int>(chunkSize: 5, capacity: 1) { emit in
                defer { counter.didEnd() }
                for value in 0..<1_000_000 {
                    counter.didProduce()
                    try emit(value)
                }
                XCTFail("the producer ran to the end although the consumer had stopped")
            }.consume { value in
                received += 1
                if value == 12 { throw Broken(at: value) }
            }
        ) { error in
            XCTAssertEqual(error as? Broken, Broken(at: 12))
        }
        XCTAssertEqual(received, 13)
        XCTAssertTrue(counter.hasEnded, "consume returned while the producer's thread was still going")
        XCTAssertLessThan(counter.mostAhead, 100)
    }

    func testAReadAheadNeverConsumedStopsItsProducerWhenItGoesAway() {
        let counter = Counter()
        do {
            _ = ReadAhead<Int>(chunkSize: 3, capacity: 1) { emit in
                defer { counter.didEnd() }
                for value in 0..<1_000_000 { try emit(value) }
            }
        }
        XCTAssertTrue(counter.hasEnded, "the producer's thread outlived its read-ahead")
    }

    func testStopEndsTheProducerAtOnce_andIsHarmlessAfterConsume() throws {
        let counter = Counter()
        let readAhead = ReadAhead<Int>(chunkSize: 3, capacity: 1) { emit in
            defer { counter.didEnd() }
            for value in 0..<1_000_000 { try emit(value) }
        }
        readAhead.stop()
        XCTAssertTrue(counter.hasEnded, "stop returned while the producer's thread was still going")
        readAhead.stop()

        var received: [Int] = []
        let finished = ReadAhead<Int> { emit in for value in 0..<10 { try emit(value) } }
        try finished.consume { received.append($0) }
        finished.stop()
        XCTAssertEqual(received, Array(0..<10))
    }
}
