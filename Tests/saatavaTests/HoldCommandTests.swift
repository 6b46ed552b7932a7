import Foundation
import TestSupport
import XCTest

/// `saatava hold` and holds CSVs (docs/dunning.md) through the built binary, on hand-made Finvoice and camt files:
/// what is recorded, what is refused with which exit code, the run lock, and plans kept or broken day by day.
final class HoldCommandTests: XCTestCase {
    private var work: Workdir!
    private var root: URL { work.root }
    private var config: String { work.config }
    private let customer = "id:1234567-1"

    override func setUpWithError() throws {
        work = try Workdir(in: temporaryDirectory("holds"))
    }

    // MARK: Helpers

    private func hold(_ arguments: [String]) throws -> ProcessResult {
        try runSaatava(["hold", "--config", config] + arguments)
    }

    /// Each hold as "id kind status", from `saatava hold list`.
    private func holds() throws -> [String] {
        let result = try hold(["list"])
        XCTAssertEqual(result.status, 0, result.standardError)
        return try result.standardOutput.split(separator: "\n").map {
            let hold = try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            return "\(hold["id"] as! Int) \(hold["kind"] as! String) \(hold["status"] as! String)"
        }
    }

    private func payment(_ archiveId: String, _ amount: String, _ reference: String, day: String) -> HandMade.Entry {
        HandMade.Entry(archiveId: "E-\(archiveId)", bookingDate: day,
                       transactions: [HandMade.Transaction(archiveId: archiveId, amount: amount, reference: reference)])
    }

    /// Invoices INV1 (100.00, reference 1232) and INV2 (50.00, 1245) of customer id:1234567-1, booked as of 2026-11-23.
    private func bookInvoices() throws {
        try work.drop("invoice-1.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232"))
        try work.drop("invoice-2.xml", HandMade.finvoice("INV2", amount: "50.00", reference: "1245"))
        try work.run("2026-11-23")
    }

    // MARK: The command

    func test_addListRelease_printTheHoldsView() throws {
        try bookInvoices()

        let plan = try hold(["add", "--invoice", "INV1", "--kind", "plan", "--from", "2026-11-24", "--instalment",
                             "2026-12-01:40.00", "--instalment=2026-12-15:60", "--note", "agreed by phone"])
        XCTAssertEqual(plan.status, 0, plan.standardError)
        let planLine = """
            {"id":1,"invoiceNumber":"INV1","customerId":"id:1234567-1","kind":"plan","from":"2026-11-24","until":null,\
            "instalments":[{"date":"2026-12-01","amount":"40.00"},{"date":"2026-12-15","amount":"60.00"}],\
            "status":"active","note":"agreed by phone"}

            """
        XCTAssertEqual(plan.standardOutput, planLine)
        XCTAssertEqual(plan.standardError, "")
        let dispute = try hold(["add", "--customer", customer, "--kind", "dispute", "--until", "2026-12-31"])
        XCTAssertEqual(dispute.status, 0, dispute.standardError)
        let disputeLine = """
            {"id":2,"invoiceNumber":null,"customerId":"id:1234567-1","kind":"dispute","from":null,"until":"2026-12-31",\
            "instalments":[],"status":"active","note":null}

            """
        XCTAssertEqual(dispute.standardOutput, disputeLine)

        XCTAssertEqual(try hold(["list"]).standardOutput, planLine + disputeLine)
        XCTAssertEqual(try runSaatava(["ledger", "holds", "--config", config]).standardOutput, planLine + disputeLine)
        XCTAssertEqual(try runSaatava(["ledger", "holds", "--config", config, "--format", "csv"]).standardOutput, """
            id,invoiceNumber,customerId,kind,from,until,instalments,status,note\r
            1,INV1,id:1234567-1,plan,2026-11-24,,2026-12-01:40.00;2026-12-15:60.00,active,agreed by phone\r
            2,,id:1234567-1,dispute,,2026-12-31,,active,\r

            """)

        let released = try hold(["release", "2", "--note", "settled"])
        XCTAssertEqual(released.status, 0, released.standardError)
        XCTAssertEqual(released.standardOutput, disputeLine.replacingOccurrences(of: "\"active\"", with: "\"released\""))
        XCTAssertEqual(try holds(), ["1 plan active", "2 dispute released"])
        let active = try runSaatava(["ledger", "holds", "--config", config, "--status", "active"]).standardOutput
        XCTAssertEqual(active, planLine)
    }

    func test_refusals_exit65_usageMistakes64_andChangeNothing() throws {
        try bookInvoices()
        let refused: [([String], String)] = [
            (["add", "--invoice", "NO-SUCH", "--kind", "hold"], "there is no invoice NO-SUCH"),
            (["add", "--customer", "id:0000000-0", "--kind", "dispute"], "there is no customer id:0000000-0"),
            (["add", "--invoice", "INV1", "--kind", "plan"], "a payment plan needs its instalments"),
            (["add", "--invoice", "INV1", "--kind", "hold", "--instalment", "2026-12-01:10.00"],
             "a hold has no instalments: only a plan does"),
            (["add", "--invoice", "INV1", "--kind", "hold", "--from", "2026-12-02", "--until", "2026-12-01"],
             "the hold would end on 2026-12-01, before it begins on 2026-12-02"),
            (["release", "7"], "there is no hold 7"),
        ]
        for (arguments, message) in refused {
            let result = try hold(arguments)
            XCTAssertEqual(result.status, 65, "\(arguments)")
            XCTAssertEqual(result.standardError, "Error: \(message)\n", "\(arguments)")
            XCTAssertEqual(result.standardOutput, "", "\(arguments)")
        }
        let usage: [([String], String)] = [
            (["add", "--invoice", "INV1", "--kind", "hold", "--from", "2026-12-1"],
             "'--from' takes a date as YYYY-MM-DD, not '2026-12-1'."),
            (["add", "--invoice", "INV1", "--kind", "hold", "--until", "20261201"],
             "'--until' takes a date as YYYY-MM-DD, not '20261201'."),
            (["add", "--invoice", "INV1", "--kind", "plan", "--instalment", "2026-12-01:1.234"],
             "'--instalment' takes DATE:AMOUNT in euros, as 2026-12-31:150.00: "
                + "'2026-12-01:1.234' is not a valid instalment: '1.234' has more than 2 decimals."),
            (["add", "--invoice", "INV1", "--kind", "plan", "--instalment", "2026-12-01"],
             "'--instalment' takes DATE:AMOUNT in euros, as 2026-12-31:150.00: "
                + "'2026-12-01' is not a valid instalment: expected DATE:AMOUNT, as 2026-12-31:150.00."),
            (["add", "--invoice", "INV1", "--customer", customer, "--kind", "hold"],
             "Name the invoice (--invoice) or the customer (--customer) the hold covers, one of them."),
            (["add", "--invoice", "INV1", "--kind", "pause"], "'--kind' is hold, dispute or plan, not 'pause'."),
            (["add", "--invoice", "INV1"], "Missing '--kind hold|dispute|plan'."),
            (["release", "x"], "'x' is not a hold's id (see 'saatava hold list')."),
            (["list", "--kind", "plan"], "'--kind' is not an option of 'list'."),
            (["pause"], "Expected 'add', 'list' or 'release ID'."),
        ]
        for (arguments, message) in usage {
            let result = try hold(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments)")
            XCTAssertEqual(lines(result.standardError).first, "Error: \(message)", "\(arguments)")
        }
        XCTAssertEqual(try holds(), [])

        XCTAssertEqual(try hold(["add", "--invoice", "INV1", "--kind", "hold"]).status, 0)
        XCTAssertEqual(try hold(["release", "1"]).status, 0)
        let twice = try hold(["release", "1"])
        XCTAssertEqual(twice.status, 65)
        XCTAssertEqual(twice.standardError, "Error: hold 1 is released already: only an active hold is released\n")
    }

    /// Without a ledger `hold` exits 66 and creates none; `list` reads only and creates nothing at all.
    func test_missingLedger_exits66() throws {
        let work = root.appendingPathComponent("work")
        try "{ \"workdir\": \"work\" }\n".write(toFile: config, atomically: true, encoding: .utf8)
        let list = try hold(["list"])
        XCTAssertEqual(list.status, 66, list.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.path), "list creates nothing")
        let add = try hold(["add", "--invoice", "INV1", "--kind", "hold"])
        XCTAssertEqual(add.status, 66, add.standardError)
        XCTAssertEqual(add.standardError, "Error: \(work.path)/state/saatava.sqlite: there is no ledger (saatava run creates it)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("state/saatava.sqlite").path))
    }

    /// `hold add` and `release` write: while a run holds the lock they exit 75 saying who holds it, and change nothing.
    func test_whileTheLockIsHeld_addAndReleaseExit75() throws {
        try bookInvoices()
        XCTAssertEqual(try hold(["add", "--invoice", "INV2", "--kind", "hold"]).status, 0)
        let descriptor = open(root.appendingPathComponent("state/saatava.lock").path, O_RDWR | O_CREAT, 0o640)
        defer { close(descriptor) }
        _ = ftruncate(descriptor, 0)
        _ = "pid 4242 on test-host, as of 2026-11-24\n".withCString { write(descriptor, $0, strlen($0)) }
        XCTAssertEqual(flock(descriptor, LOCK_EX | LOCK_NB), 0)

        for arguments in [["add", "--invoice", "INV1", "--kind", "dispute"], ["release", "1"]] {
            let result = try hold(arguments)
            XCTAssertEqual(result.status, 75, "\(arguments)")
            XCTAssertEqual(
                result.standardError, "Error: another saatava run holds the lock (pid 4242 on test-host, as of 2026-11-24)\n")
        }
        XCTAssertEqual(try holds(), ["1 hold active"], "list only reads: it needs no lock")
    }

    // MARK: Holds CSVs and runs

    /// A holds CSV in inbox/decisions/ is applied by the run (and archived); plans are then kept or ended by each
    /// run's as-of date: once a payment made on a missed instalment's date can be known, not before, and never when it
    /// was paid in full.
    func test_holdsCSV_isAppliedByTheRun_andPlansEndOnceAMissedInstalmentCanBeKnown() throws {
        try bookInvoices()
        try work.drop("decisions/holds.csv", """
            action,id,invoiceNumber,customerId,kind,from,until,instalments,note\r
            add,,INV1,,plan,2026-11-24,,2026-11-30:40.00;2026-12-07:60.00,'=agreed\r
            add,,INV2,,plan,2026-11-24,,2026-11-30:25.00,\r
            add,,,id:1234567-1,dispute,2026-12-20,2026-12-31,,\r
            ,,,,,,,,\r

            """)
        let applied = try work.run("2026-11-24")
        XCTAssertTrue(applied.standardOutput.contains("3 hold(s) added or released"), applied.standardOutput)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("archive/2026-11-24/holds.csv.gz").path))
        XCTAssertEqual(try holds(), ["1 plan active", "2 plan active", "3 dispute active"])
        let first = try hold(["list"]).standardOutput
        XCTAssertTrue(first.hasPrefix("{\"id\":1,\"invoiceNumber\":\"INV1\""), first)
        XCTAssertTrue(first.contains("\"note\":\"=agreed\""), "the formula guard is removed: \(first)")

        // INV1's first instalment paid in full on its day; INV2's paid short.
        try work.drop("camt-1.xml", HandMade.camt([
            payment("P1", "40.00", "1232", day: "2026-11-30"), payment("P2", "20.00", "1245", day: "2026-11-30"),
        ], messageId: "M1"))
        try work.run("2026-11-30")
        XCTAssertEqual(try holds(), ["1 plan active", "2 plan active", "3 dispute active"], "not before the day after")

        // Paid on Monday 30.11., money is booked by Tuesday and known on Wednesday.
        try work.run("2026-12-01")
        XCTAssertEqual(try holds(), ["1 plan active", "2 plan active", "3 dispute active"], "not before it can be known")
        let dayAfter = try work.run("2026-12-02")
        XCTAssertEqual(try holds(), ["1 plan active", "2 plan ended", "3 dispute active"])
        XCTAssertTrue(dayAfter.standardError.contains("hold 2 (plan on invoice INV2) ended: instalment of 2026-11-30 missed"),
                      dayAfter.standardError)
        XCTAssertTrue(dayAfter.standardOutput.contains("1 hold(s) ended"), dayAfter.standardOutput)
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: root.appendingPathComponent("outbox/2026-12-02/run-summary.json"))) as! [String: Any]
        XCTAssertEqual((summary["holds"] as? [String: Any])?["ended"] as? [String],
                       ["hold 2 (plan on invoice INV2) ended: instalment of 2026-11-30 missed"])

        try work.drop("camt-2.xml", HandMade.camt([payment("P3", "60.00", "1232", day: "2026-12-07")], messageId: "M2"))
        try work.run("2026-12-09")
        XCTAssertEqual(try holds(), ["1 plan active", "2 plan ended", "3 dispute active"], "INV1's plan is kept")
        try work.run("2027-01-01")
        XCTAssertEqual(try holds(), ["1 plan active", "2 plan ended", "3 dispute ended"], "the dispute's until passed")
    }

    /// A holds CSV with a refused line changes nothing: it is quarantined with the file and line named, and the run
    /// exits 65; a release row needs the id of an active hold.
    func test_holdsCSV_withARefusedLine_isQuarantinedWhole() throws {
        try bookInvoices()
        XCTAssertEqual(try hold(["add", "--invoice", "INV2", "--kind", "hold"]).status, 0)
        try work.drop("decisions/holds-monday.csv", """
            action,id,invoiceNumber,customerId,kind,from,until,instalments,note\r
            release,1,,,,,,,paid\r
            add,,INV1,,plan,2026-11-24,,,\r

            """)
        let result = try work.run("2026-11-24", expect: 65)
        let refusal = "decisions/holds-monday.csv:3: a payment plan needs its instalments"
        XCTAssertTrue(result.standardError.contains(refusal), result.standardError)
        XCTAssertTrue(result.standardOutput.contains("1 decision file(s) refused"), result.standardOutput)
        let reason = try String(
            contentsOf: root.appendingPathComponent("quarantine/holds-monday.csv.error.txt"), encoding: .utf8)
        XCTAssertTrue(reason.hasPrefix(refusal), reason)
        XCTAssertEqual(try holds(), ["1 hold active"], "the release on line 2 was not applied either")

        try work.drop("decisions/holds-tuesday.csv", "action,id\r\nrelease,x\r\n")
        let unreadable = try work.run("2026-11-25", expect: 65)
        XCTAssertTrue(unreadable.standardError.contains("holds-tuesday.csv:2: 'x' is not a hold's id"), unreadable.standardError)
        XCTAssertEqual(try holds(), ["1 hold active"])
    }
}
