import Foundation
import TestSupport
import XCTest

/// `saatava gen --days`: the layout a user copies from, day by day, and what `saatava parse` makes of it.
final class GenCommandTests: XCTestCase {
    func test_genDays_writesEachBusinessDaysInboxAndTruth_whichParseCleanly() throws {
        let root = try temporaryDirectory("gen-days")
        // A Saturday: the history starts on the Monday after it.
        let result = try runSaatava([
            "gen", "--days", "3", "--invoices", "8", "--seed", "4", "--as-of", "2026-11-28", "--camt-version", "08",
            "--out", root.path,
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardError, "")
        XCTAssertTrue(result.standardOutput.hasPrefix("3 business days from 2026-11-30 to 2026-12-02: "), result.standardOutput)
        XCTAssertTrue(result.standardOutput.hasSuffix(
            "truth: \(root.path)/days/<date>/truth.json; customers: \(root.path)/customers.json\n"), result.standardOutput)
        let days = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("days").path).sorted()
        XCTAssertEqual(days, ["2026-11-30", "2026-12-01", "2026-12-02"])
        for (index, day) in days.enumerated() {
            let folder = root.appendingPathComponent("days/\(day)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["inbox", "truth.json"])
            let inbox = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("inbox").path)
            let compact = day.filter(\.isNumber)
            XCTAssertTrue(inbox.contains("camt054-\(compact).xml"), "\(inbox)")
            XCTAssertTrue(inbox.contains("finvoice-\(compact)-001.xml"), "\(inbox)")
            XCTAssertEqual(inbox.contains { $0.hasPrefix("camt053-") }, index > 0, "\(inbox)")
            for name in inbox {
                let parsed = try runSaatava(["parse", folder.appendingPathComponent("inbox/\(name)").path])
                XCTAssertEqual(parsed.status, 0, "\(name): \(parsed.standardError)")
                XCTAssertEqual(parsed.standardError, "", name)
                XCTAssertFalse(parsed.standardOutput.isEmpty, name)
            }
            let truth = try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("truth.json"))) as! [String: Any]
            XCTAssertEqual(truth["asOf"] as? String, day)
            XCTAssertEqual(truth["day"] as? Int, index + 1)
            XCTAssertEqual(Set(truth.keys), ["account", "asOf", "cases", "day", "invoices", "ledger", "payments", "seed"])
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("customers.json").path))
    }

    func test_genDays_badValues_exit64() throws {
        let cases: [([String], String)] = [
            (["gen", "--days", "0", "--invoices", "3", "--out", "x"], "Error: '--days' takes a whole number from 1 to 10000, not '0'."),
            (["gen", "--days", "2", "--out", "x"], "Error: Missing '--invoices <n>'."),
            (["gen", "--days", "2", "--invoices", "3"], "Error: Missing '--out <dir>'."),
        ]
        for (arguments, reason) in cases {
            let result = try runSaatava(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments)")
            XCTAssertEqual(result.standardError.split(separator: "\n").first.map(String.init), reason, "\(arguments)")
        }
    }
}
