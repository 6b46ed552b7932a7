import Workload
import XCTest

/// A scaling's figures (the match stage's or the whole run's) from the runs of a day and of its tenth.
final class ScalingTests: XCTestCase {
    func test_pairsInTheSameRatio_giveThatRatioByEveryMeasure() {
        let scaling = Bench.Scaling(smallInvoices: 10, smallRuns: [0.2, 0.25, 0.3], runs: [2.0, 2.5, 3.0])
        XCTAssertEqual(scaling.ratio, 10, accuracy: 1e-12)
        XCTAssertEqual(scaling.meanRatio, 10, accuracy: 1e-12)
        XCTAssertEqual(scaling.meanRatioInterval.lowerBound, 10, accuracy: 1e-12)
        XCTAssertEqual(scaling.meanRatioInterval.upperBound, 10, accuracy: 1e-12)
    }

    /// The fastest runs of a short and a long stage need not meet the machine alike: here the tenth's fastest run is
    /// far below its others, and only the ratio of the fastest shows it.
    func test_aFastOutlierAmongTheShortRuns_movesTheFastestRatioOnly() {
        let runs = [2.4, 2.2, 2.6, 2.3, 2.5, 2.4]
        let smallRuns = [0.24, 0.23, 0.25, 0.16, 0.24, 0.22]
        let scaling = Bench.Scaling(smallInvoices: 10, smallRuns: smallRuns, runs: runs)
        XCTAssertEqual(scaling.seconds, 2.2)
        XCTAssertEqual(scaling.smallSeconds, 0.16)
        XCTAssertEqual(scaling.ratio, 2.2 / 0.16, accuracy: 1e-12)
        XCTAssertEqual(scaling.meanRatio, runs.reduce(0, +) / smallRuns.reduce(0, +), accuracy: 1e-12)

        let interval = scaling.meanRatioInterval
        XCTAssertTrue(interval.contains(scaling.meanRatio), "\(interval)")
        XCTAssertLessThan(interval.lowerBound, interval.upperBound)
        // A ratio of sums lies between the least and the greatest ratio of its pairs.
        let pairRatios = zip(runs, smallRuns).map { $0 / $1 }
        XCTAssertGreaterThanOrEqual(interval.lowerBound, pairRatios.min()!)
        XCTAssertLessThanOrEqual(interval.upperBound, pairRatios.max()!)
        XCTAssertFalse(interval.contains(scaling.ratio), "the fastest runs' ratio is outside where the mean lies")
        XCTAssertEqual(interval, scaling.meanRatioInterval, "the same runs give the same interval")
    }
}
