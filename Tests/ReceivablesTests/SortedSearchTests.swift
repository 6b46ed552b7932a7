import Receivables
import XCTest

final class SortedSearchTests: XCTestCase {
    func test_partitioningIndex_findsTheFirstThatBelongs_byHalves() {
        let sorted = [1, 3, 3, 5, 8]
        for (value, expected) in [(0, 0), (1, 1), (2, 1), (3, 3), (4, 3), (8, 5), (9, 5)] {
            XCTAssertEqual(sorted.partitioningIndex { $0 > value }, expected, "after \(value)")
        }
        XCTAssertEqual([Int]().partitioningIndex { $0 > 0 }, 0)
        XCTAssertEqual(sorted[1...].partitioningIndex { $0 >= 5 }, 3, "a slice's own indices")
    }

    func test_floorDivided_roundsTowardsMinusInfinity() {
        XCTAssertEqual([7, 6, 1, 0, -1, -6, -7].map { $0.floorDivided(by: 3) }, [2, 2, 0, 0, -1, -2, -3])
        XCTAssertEqual([7, -7].map { $0.floorDivided(by: -3) }, [-3, 2])
        XCTAssertEqual(Int64(-1).floorDivided(by: 86_400), -1)
    }
}
