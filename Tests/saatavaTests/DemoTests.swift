import Foundation
import TestSupport
import XCTest

/// `saatava demo`: a month of daily runs in which every step of the story happens, read back through the ledger's
/// views; run from a folder that is not the repository, with the samples named or found beside an installed binary.
final class DemoTests: XCTestCase {
    private var samples: String { packageRoot.appendingPathComponent("samples").path }

    func test_demo_fromAnotherFolder_withSamplesGiven_playsTheWholeMonth() throws {
        let root = try temporaryDirectory("demo")
        let elsewhere = try temporaryDirectory("demo-cwd")
        let result = try runSaatava(["demo", "--dir", root.path + "/month", "--samples", samples], in: elsewhere.path)
        try assertTheMonth(result, in: root.appendingPathComponent("month"))
    }

    func test_demo_installed_findsTheSamplesInShareBesideItsBinFolder() throws {
        let prefix = try temporaryDirectory("demo-prefix")
        let manager = FileManager.default
        try manager.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try manager.createDirectory(at: prefix.appendingPathComponent("share/saatava"), withIntermediateDirectories: true)
        let binary = prefix.appendingPathComponent("bin/saatava")
        try manager.copyItem(at: Bundle.main.bundleURL.appendingPathComponent("saatava"), to: binary)
        try manager.copyItem(atPath: samples, toPath: prefix.appendingPathComponent("share/saatava/samples").path)
        let elsewhere = try temporaryDirectory("demo-cwd")
        let root = try temporaryDirectory("demo")

        let result = try runProgram(binary.path, ["demo", "--dir", root.path + "/month"], in: elsewhere.path)
        try assertTheMonth(result, in: root.appendingPathComponent("month"))
    }

    func test_demo_withoutSamples_namesEveryPlaceLooked_andCreatesNothing() throws {
        let elsewhere = try temporaryDirectory("demo-cwd")
        let root = try temporaryDirectory("demo")
        let result = try runSaatava(["demo", "--dir", root.path + "/month"], in: elsewhere.path)
        XCTAssertEqual(result.status, 66)
        let installed = Bundle.main.bundleURL.resolvingSymlinksInPath().appendingPathComponent("../share/saatava/samples")
            .standardizedFileURL.path
        XCTAssertEqual(result.standardError, "Error: no sample files (invoices/ and bank/) in "
            + "\(elsewhere.path)/samples, \(installed); give the folder with --samples.\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.path + "/month"))
    }

    func test_demo_refusesAFolderThatHoldsALedger() throws {
        let root = try temporaryDirectory("demo")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("state"), withIntermediateDirectories: true)
        let result = try runSaatava(["demo", "--dir", root.path, "--samples", samples])
        XCTAssertEqual(result.status, 73)
        XCTAssertEqual(result.standardError, "Error: \(root.path) already holds a ledger; name a new folder with --dir.\n")
    }

    // MARK: The month, through the ledger's views

    private func assertTheMonth(_ result: ProcessResult, in root: URL, file: StaticString = #filePath,
                                line: UInt = #line) throws {
        XCTAssertEqual(result.status, 0, result.standardError, file: file, line: line)
        XCTAssertEqual(result.standardError, "", "the runs' messages go to demo.log", file: file, line: line)
        let workdir = try Workdir(in: root, config: String(contentsOf: root.appendingPathComponent("config.json"), encoding: .utf8))
        let printed = lines(result.standardOutput)
        let dayLines = printed.filter { $0.range(of: #"^\d{4}-\d{2}-\d{2}: "#, options: .regularExpression) != nil }

        // About 30 runs, each finished, each its own business day of the first half of 2026, one line each.
        let runs = try workdir.sqlite("SELECT as_of || ' ' || status FROM runs ORDER BY id")
        XCTAssertGreaterThanOrEqual(runs.count, 28, file: file, line: line)
        XCTAssertEqual(Set(runs.map { $0.split(separator: " ")[1] }), ["finished"], file: file, line: line)
        let days = runs.map { String($0.prefix(10)) }
        XCTAssertEqual(days, days.sorted(), file: file, line: line)
        XCTAssertEqual(Set(days).count, days.count, "one run a day", file: file, line: line)
        XCTAssertTrue(days.allSatisfy { $0 >= "2026-01-01" && $0 <= "2026-06-30" }, "\(days)", file: file, line: line)
        XCTAssertEqual(dayLines.map { String($0.prefix(10)) }, days, "one line per day, in order", file: file, line: line)
        XCTAssertFalse(dayLines.contains { $0.contains("(exit ") }, "every day exits 0", file: file, line: line)
        let outboxDays = try FileManager.default.contentsOfDirectory(atPath: root.path + "/outbox").sorted()
        XCTAssertEqual(outboxDays, days, file: file, line: line)

        // The samples arrive on the first day, generated invoices on the others; most are paid, some late.
        let invoices = try workdir.view("invoices")
        let invoiceNumbers = Set(invoices.map { $0["invoiceNumber"] as! String })
        XCTAssertTrue(invoiceNumbers.isSuperset(of: ["164", "2026-1001", "100000"]), "the samples are booked", file: file, line: line)
        let byStatus = Dictionary(grouping: invoices, by: { $0["status"] as! String })
        XCTAssertGreaterThanOrEqual(invoices.count, 300, file: file, line: line)
        XCTAssertGreaterThan(byStatus["paid", default: []].count, invoices.count / 4, file: file, line: line)
        let dueDates = Dictionary(uniqueKeysWithValues: invoices.map { ($0["invoiceNumber"] as! String, $0["dueDate"] as! String) })
        let payments = try workdir.view("payments")
        let placed = payments.flatMap { payment in
            (payment["allocations"] as! [[String: Any]]).map { (payment["bookingDate"] as! String, $0["invoiceNumber"] as! String) }
        }
        let late = placed.filter { booked, invoice in dueDates[invoice].map { booked > $0 } ?? false }
        XCTAssertGreaterThan(late.count, 10, "some pay late", file: file, line: line)
        XCTAssertGreaterThan(placed.count - late.count, late.count, "most pay on time", file: file, line: line)

        // Reminders fall due under the built-in policy: the friendly one, then the one with a fee.
        let reminders = try workdir.view("reminders")
        XCTAssertGreaterThan(reminders.count, 50, file: file, line: line)
        XCTAssertEqual(Set(reminders.map { $0["step"] as! Int }), [1, 2], file: file, line: line)
        XCTAssertEqual(Set(reminders.map { $0["class"] as! String }), ["standard"], file: file, line: line)
        // The sample invoice of another seller, overdue since 2004, is booked, never reminded in the creditor's name
        // nor counted in its picture (the last day's report, whose list of invoices over 100 days past due is empty).
        XCTAssertTrue(invoiceNumbers.contains("164"), file: file, line: line)
        XCTAssertFalse(reminders.contains { $0["invoiceNumber"] as? String == "164" }, file: file, line: line)
        let lastReport = try String(contentsOfFile: root.path + "/outbox/\(days.last!)/report.html", encoding: .utf8)
        XCTAssertTrue(lastReport.contains("<h3>Yli 100 päivää erääntyneet</h3>"), file: file, line: line)
        XCTAssertFalse(lastReport.contains("<td>164</td>"), file: file, line: line)
        // A sample invoice is dated in July: owed, but not in ageing yet; the page says why the two totals differ.
        XCTAssertTrue(lastReport.contains("Niistä 1 on päivätty tämän päivän jälkeen (4\u{00A0}142,12\u{00A0}€)"),
                      file: file, line: line)

        // A payment plan is agreed, its first instalment missed, and the plan ended; the ladder resumes.
        let holds = try workdir.view("holds")
        let plans = holds.filter { $0["kind"] as? String == "plan" }
        XCTAssertEqual(plans.map { $0["status"] as! String }, ["ended"], file: file, line: line)
        let planned = plans[0]["invoiceNumber"] as! String
        let firstInstalment = (plans[0]["instalments"] as! [[String: Any]])[0]["date"] as! String
        XCTAssertTrue(dayLines.contains { $0.contains("payment plan agreed for invoice \(planned)") }, file: file, line: line)
        XCTAssertTrue(dayLines.contains { $0.contains("(plan on invoice \(planned)) ended: instalment of \(firstInstalment) missed") },
                      file: file, line: line)
        let plannedSteps = reminders.filter { $0["invoiceNumber"] as? String == planned }.map { $0["issuedOn"] as! String }
        XCTAssertTrue(plannedSteps.contains { $0 > firstInstalment }, "reminded again after the plan ended", file: file, line: line)

        // One invoice goes to collection; its files wait in the outbox, as no agency is configured.
        let transfers = try workdir.view("transfers")
        XCTAssertEqual(transfers.count, 1, file: file, line: line)
        XCTAssertEqual(transfers[0]["invoiceNumber"] as? String, planned, "the company's own, after its plan ended",
                       file: file, line: line)
        let transferDay = transfers[0]["transferredOn"] as! String
        XCTAssertEqual(invoices.filter { $0["status"] as? String == "in_collection" }.map { $0["invoiceNumber"] as! String },
                       [transfers[0]["invoiceNumber"] as! String], file: file, line: line)
        let collection = try FileManager.default.contentsOfDirectory(atPath: root.path + "/outbox/\(transferDay)/collection").sorted()
        XCTAssertEqual(collection, ["manifest.json", "transfer-\(transferDay).csv", "transfer-\(transferDay).json"], file: file, line: line)
        XCTAssertEqual(try workdir.view("deliveries").count, 0, "nothing delivered without an agency", file: file, line: line)
        XCTAssertTrue(dayLines.contains { $0.hasPrefix(transferDay + ":")
            && $0.contains("1 transfer(s) to collection, files wait in outbox/\(transferDay)/collection/ (no agency configured)") },
                      file: file, line: line)

        // The accountant's decisions: one payment assigned to an invoice, one refunded.
        let decided = payments.filter { ($0["allocations"] as! [[String: Any]]).contains { $0["rule"] as? String == "decision" } }
        XCTAssertEqual(decided.count, 1, file: file, line: line)
        XCTAssertEqual(payments.filter { $0["status"] as? String == "refunded" }.count, 1, file: file, line: line)
        XCTAssertEqual(dayLines.filter { $0.contains("decisions applied: \(decided[0]["archiveId"] as! String) to invoice") }.count, 1,
                       file: file, line: line)

        // Where to look, at the end.
        XCTAssertTrue(printed.contains("  the last day's report:  \(root.path)/outbox/\(days.last!)/report.html"), file: file, line: line)
        XCTAssertTrue(printed.contains("  the state of things:    saatava status --config \(root.path)/config.json"), file: file, line: line)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.path + "/outbox/\(days.last!)/report.html"), file: file, line: line)
    }
}
