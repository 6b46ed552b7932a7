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
        // The whole run's scaling, from the same runs: its fastest is the whole run's figure.
        let runScaling = try XCTUnwrap(report["runScaling"] as? [String: Any])
        let wholeRuns = try XCTUnwrap(runScaling["runSeconds"] as? [Double])
        let smallWholeRuns = try XCTUnwrap(runScaling["smallRunSeconds"] as? [Double])
        XCTAssertEqual([wholeRuns.count, smallWholeRuns.count], [2, 2], "every run of each day")
        XCTAssertEqual(stages.last?["seconds"] as? Double, wholeRuns.min())
        XCTAssertEqual(runScaling["ratio"] as? Double ?? 0, wholeRuns.min()! / smallWholeRuns.min()!, accuracy: 1e-9)
        XCTAssertTrue(zip(wholeRuns, runs).allSatisfy { $0.0 > $0.1 }, "a run lasts longer than its match stage")
        XCTAssertTrue(result.standardOutput.contains("Whole-run scaling (fastest of 2 alternating runs of each day)"),
                      result.standardOutput)
    }

    /// `saatava bench --history` on seven small days of a levelling backlog: seven runs recorded, each exiting 0 or 65
    /// with its ledger checked against the day's truth, and the three windows and the ratios computed from those runs.
    func test_benchHistory_recordsEveryDay_andComputesTheWindowsFromThem() throws {
        let directory = try temporaryDirectory("bench-history")
        let json = directory.appendingPathComponent("history.json")
        let work = directory.appendingPathComponent("work")
        let result = try runSaatava([
            "bench", "--history", "7", "--invoices", "50", "--dir", work.path, "--json", json.path,
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("last five / first five: run time"), result.standardOutput)
        XCTAssertTrue(result.standardError.contains("day 7/7 2026-12-07"), result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.path), "the working directory is removed")

        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        XCTAssertEqual(report["backlog"] as? String, "levels")
        XCTAssertEqual(report["truthChecked"] as? Bool, true, "a small history is checked against its truth")
        let runs = try XCTUnwrap(report["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["date"] as? String },
                       ["2026-11-27", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04",
                        "2026-12-07"])
        for run in runs {
            XCTAssertTrue([0, 65].contains(run["exitStatus"] as? Int), "\(run)")
            XCTAssertEqual(run["truthChecked"] as? Bool, true)
            XCTAssertGreaterThan(run["seconds"] as? Double ?? 0, 0)
            XCTAssertGreaterThan(run["peakResidentBytes"] as? Int ?? 0, 1 << 20)
            XCTAssertGreaterThan(run["inputBytes"] as? Int ?? 0, 0)
            // Every input file is archived, compressed (docs/operations.md, "The archive"): a quarter at most.
            XCTAssertGreaterThan(run["archiveBytes"] as? Int ?? 0, 0, "the run archives every input file")
            XCTAssertLessThanOrEqual(4 * (run["archiveBytes"] as? Int ?? .max), run["inputBytes"] as? Int ?? 0)
            XCTAssertGreaterThan(run["outboxBytes"] as? Int ?? 0, 0)
        }
        func values(_ key: String) -> [Double] {
            runs.map { ($0[key] as? Double) ?? Double($0[key] as? Int ?? -1) }
        }
        let seconds = values("seconds")
        let peaks = values("peakResidentBytes")
        let outbox = values("outboxBytes")

        let windows = try XCTUnwrap(report["windows"] as? [[String: Any]])
        XCTAssertEqual(windows.map { $0["window"] as? String }, ["first", "middle", "last"])
        XCTAssertEqual(windows.map { [$0["firstDay"] as? Int, $0["lastDay"] as? Int] }, [[1, 5], [2, 6], [3, 7]])
        func mean(_ values: ArraySlice<Double>) -> Double { values.reduce(0, +) / Double(values.count) }
        for (window, range) in zip(windows, [0..<5, 1..<6, 2..<7]) {
            XCTAssertEqual(window["meanSeconds"] as? Double ?? 0, mean(seconds[range]), accuracy: 1e-9)
            XCTAssertEqual(window["meanPeakResidentBytes"] as? Double ?? 0, mean(peaks[range]), accuracy: 1e-6)
            let m = mean(seconds[range])
            let s = (seconds[range].reduce(0) { $0 + ($1 - m) * ($1 - m) } / 4).squareRoot()
            XCTAssertEqual(window["secondsHalfWidth"] as? Double ?? 0, 2.776 * s / 5.0.squareRoot(), accuracy: 1e-9,
                           "mean ± t·s/√n, t for four degrees of freedom")
        }
        XCTAssertEqual(report["lastToFirstSeconds"] as? Double ?? 0, mean(seconds[2..<7]) / mean(seconds[0..<5]),
                       accuracy: 1e-9)
        XCTAssertEqual(report["lastToFirstPeak"] as? Double ?? 0, mean(peaks[2..<7]) / mean(peaks[0..<5]),
                       accuracy: 1e-9)
        XCTAssertEqual(report["lastToMiddleSeconds"] as? Double ?? 0, mean(seconds[2..<7]) / mean(seconds[1..<6]),
                       accuracy: 1e-9)
        XCTAssertEqual(report["lastToMiddlePeak"] as? Double ?? 0, mean(peaks[2..<7]) / mean(peaks[1..<6]),
                       accuracy: 1e-9)
        XCTAssertTrue(result.standardOutput.contains("last five / middle five: run time"), result.standardOutput)
        XCTAssertEqual(report["maxOutboxToFirst"] as? Double ?? 0, outbox.max()! / mean(outbox[0..<5]), accuracy: 1e-9)
        XCTAssertEqual(report["archiveToInput"] as? Double ?? 0,
                       values("archiveBytes").reduce(0, +) / values("inputBytes").reduce(0, +), accuracy: 1e-9)
    }

    /// `--lead-in 5`: the history's first five days are run and checked against their truth but left out of the
    /// windows, which take the next seven; the ratios from day 1 are reported beside them.
    func test_benchHistoryWithALeadIn_measuresOnlyTheDaysAfterIt() throws {
        let directory = try temporaryDirectory("bench-history-lead-in")
        let json = directory.appendingPathComponent("history.json")
        let result = try runSaatava([
            "bench", "--history", "7", "--lead-in", "5", "--invoices", "30",
            "--dir", directory.appendingPathComponent("work").path, "--json", json.path,
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("lead-in day 5/5 2026-12-03"), result.standardError)
        XCTAssertTrue(result.standardError.contains("day 1/7 2026-12-04"), result.standardError)
        XCTAssertTrue(result.standardError.contains("day 7/7 2026-12-14"), result.standardError)
        XCTAssertTrue(result.standardOutput.contains("7 business days of 30 invoices after 5 days of lead-in"),
                      result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("from day 1, lead-in included"), result.standardOutput)

        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        XCTAssertEqual(report["leadInDays"] as? Int, 5)
        XCTAssertEqual(report["truthChecked"] as? Bool, true, "the lead-in's days are folded into the truth too")
        let runs = try XCTUnwrap(report["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["leadIn"] as? Bool }, Array(repeating: true, count: 5) + Array(repeating: false,
                                                                                                      count: 7))
        let windows = try XCTUnwrap(report["windows"] as? [[String: Any]])
        XCTAssertEqual(windows.map { [$0["firstDay"] as? Int, $0["lastDay"] as? Int] }, [[6, 10], [7, 11], [8, 12]])
        let seconds = runs.map { $0["seconds"] as? Double ?? 0 }
        for (run, whole) in zip(runs, seconds) {
            let stages = try XCTUnwrap(run["stageSeconds"] as? [String: Double], "each day keeps its run's stages")
            XCTAssertNotNil(stages["match"], "\(stages)")
            XCTAssertNotNil(stages["write"], "\(stages)")
            XCTAssertLessThanOrEqual(stages.values.reduce(0, +), whole, "the stages are within the measured run")
        }
        func mean(_ values: ArraySlice<Double>) -> Double { values.reduce(0, +) / Double(values.count) }
        XCTAssertEqual(report["lastToFirstSeconds"] as? Double ?? 0, mean(seconds[7..<12]) / mean(seconds[5..<10]),
                       accuracy: 1e-9)
        let fromDayOne = try XCTUnwrap(report["fromDayOne"] as? [String: Any])
        XCTAssertEqual(fromDayOne["lastToFirstSeconds"] as? Double ?? 0, mean(seconds[7..<12]) / mean(seconds[0..<5]),
                       accuracy: 1e-9)
        let outbox = runs.map { Double($0["outboxBytes"] as? Int ?? 0) }
        XCTAssertEqual(report["maxOutboxToFirst"] as? Double ?? 0, outbox[5...].max()! / mean(outbox[5..<10]),
                       accuracy: 1e-9)
    }

    /// `--dunning yes`: the history's seller is the creditor, so each day's run reminds as a company's does; the ledger
    /// is then not checked against the truth (which knows nothing of reminders), and asking for that is refused; the
    /// reminders are checked against the money that had come.
    func test_benchHistoryWithDunning_remindsAsACompanysRunsDo_andIsNotCheckedAgainstTheTruth() throws {
        let directory = try temporaryDirectory("bench-history-dunning")
        let json = directory.appendingPathComponent("history.json")
        let work = directory.appendingPathComponent("bench")
        let result = try runSaatava([
            "bench", "--history", "20", "--invoices", "20", "--dunning", "yes", "--keep", "--dir", work.path,
            "--json", json.path,
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("dunning yes); truth not checked"), result.standardOutput)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        XCTAssertEqual(report["dunning"] as? Bool, true)
        XCTAssertEqual(report["truthChecked"] as? Bool, false)
        let reminders = try runSaatava([
            "ledger", "reminders", "--config", work.appendingPathComponent("work/config.json").path,
        ])
        XCTAssertEqual(reminders.status, 0, reminders.standardError)
        let reminded = reminders.standardOutput.split(separator: "\n").count
        XCTAssertGreaterThan(reminded, 0, "overdue invoices were reminded")
        // Every step was checked against the money that had come for its invoice (none had all come).
        let checked = try XCTUnwrap(report["stepsChecked"] as? [String: Int])
        XCTAssertEqual(checked["steps"], reminded, "no transfer this early: the steps are the reminders")
        XCTAssertTrue(result.standardOutput.contains(
            "dunning: \(reminded) reminders and transfers, none for an invoice whose money had all come"),
            result.standardOutput)
        // The accountant's decisions, kept to what each day's form lists, are applied, and no file of them refused.
        let log = try String(contentsOf: work.appendingPathComponent("work/runs.log"), encoding: .utf8)
        let applied = log.split(separator: "\n").compactMap { line in
            line.hasPrefix("stage decisions: ") ? Int(line.dropFirst(17).prefix { $0.isNumber }) : nil
        }
        XCTAssertEqual(applied.count, 20, "a decisions stage each day")
        XCTAssertGreaterThan(applied.reduce(0, +), 0, "decisions were applied")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(
            atPath: work.appendingPathComponent("work/quarantine").path), [])

        let refused = try runSaatava(["bench", "--history", "3", "--dunning", "yes", "--check-truth", "yes"])
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.standardError.contains("'--check-truth yes' needs '--dunning no'"), refused.standardError)
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
