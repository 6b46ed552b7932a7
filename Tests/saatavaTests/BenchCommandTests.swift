import Foundation
import TestSupport
import XCTest

final class BenchCommandTests: XCTestCase {
    /// `saatava bench` on a small day: every stage the issue names is measured, with its baseline and ratio, the
    /// run's own stages carry their peak memory, and the match scaling is measured against a tenth of the day. Each
    /// measurement's runs alternate with those of what it is compared with.
    func test_benchOnASmallDay_measuresEveryStageAgainstItsBaseline() throws {
        let directory = try temporaryDirectory("bench")
        let json = directory.appendingPathComponent("bench.json")
        let result = try runSaatava([
            "bench", "--invoices", "200", "--repeat", "2", "--dir", directory.appendingPathComponent("day").path,
            "--json", json.path,
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("whole run"), result.standardOutput)
        for step in ["parse camt.054, alternating with its baseline", "the whole run, alternating with the day of 20 invoices"] {
            XCTAssertTrue(result.standardError.contains("measuring \(step)"), result.standardError)
        }

        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let stages = try XCTUnwrap(report["stages"] as? [[String: Any]])
        XCTAssertEqual(stages.map { $0["stage"] as? String }, [
            "baseline: camt.054", "parse camt.054", "baseline: Finvoice", "parse Finvoice", "post (in run)", "match (in run)",
            "write (in run)", "whole run",
        ])
        for stage in stages {
            let name = stage["stage"] as? String ?? "?"
            XCTAssertGreaterThan(stage["seconds"] as? Double ?? 0, 0, name)
            XCTAssertGreaterThan(stage["records"] as? Int ?? 0, 0, name)
            if name.hasSuffix("(in run)") {
                XCTAssertTrue(stage["processorSeconds"] is NSNull, name)
            } else {
                XCTAssertGreaterThan(stage["processorSeconds"] as? Double ?? 0, 0, name)
            }
            let ratio = stage["ratioToBaseline"] as? Double ?? 0
            if stage["isBaseline"] as? Bool == true {
                XCTAssertEqual(ratio, 1, name)
            } else {
                // A baseline this small may end before its memory is first sampled; saatava's Swift runtime alone is more.
                XCTAssertGreaterThan(stage["peakResidentBytes"] as? Int ?? 0, 1 << 20, name)
                XCTAssertEqual(ratio, (stage["seconds"] as? Double ?? 0) / baselineSeconds(for: name, in: stages), accuracy: 1e-9, name)
            }
        }
        let invoices = stages[3]["records"] as? Int ?? 0
        XCTAssertGreaterThanOrEqual(invoices, 200, "credit notes come on top of the invoices")
        let scaling = try XCTUnwrap(report["matchScaling"] as? [String: Any])
        XCTAssertEqual(scaling["smallInvoices"] as? Int, 20)
        let runs = try XCTUnwrap(scaling["runSeconds"] as? [Double])
        let smallRuns = try XCTUnwrap(scaling["smallRunSeconds"] as? [Double])
        XCTAssertEqual([runs.count, smallRuns.count], [2, 2], "one match per run of each day")
        XCTAssertEqual(scaling["seconds"] as? Double, runs.min())
        XCTAssertEqual(scaling["smallSeconds"] as? Double, smallRuns.min())
        XCTAssertEqual(scaling["ratio"] as? Double ?? 0, runs.min()! / smallRuns.min()!, accuracy: 1e-9)
        let meanRatio = (runs[0] + runs[1]) / (smallRuns[0] + smallRuns[1])
        XCTAssertEqual(scaling["meanRatio"] as? Double ?? 0, meanRatio, accuracy: 1e-9)
        let interval = try XCTUnwrap(scaling["meanRatioInterval"] as? [Double])
        XCTAssertEqual(interval.count, 2)
        XCTAssertTrue(interval[0] <= meanRatio + 1e-9 && meanRatio <= interval[1] + 1e-9,
                      "\(interval) around \(meanRatio)")
        XCTAssertTrue(result.standardOutput.contains("Match scaling (fastest of 2 alternating runs of each day)"),
                      result.standardOutput)
    }

    /// The baseline a stage is compared with: its own format's for a parse, the sum of both for the run's stages.
    private func baselineSeconds(for stage: String, in stages: [[String: Any]]) -> Double {
        func seconds(_ name: String) -> Double { stages.first { $0["stage"] as? String == name }?["seconds"] as? Double ?? .nan }
        switch stage {
        case "parse camt.054": return seconds("baseline: camt.054")
        case "parse Finvoice": return seconds("baseline: Finvoice")
        default: return seconds("baseline: camt.054") + seconds("baseline: Finvoice")
        }
    }
}
