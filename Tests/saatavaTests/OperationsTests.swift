import Foundation
import TestSupport
import XCTest

/// What the operator sees of unattended runs, day after day through the built binary: `saatava status` (every kind
/// of thing that waits for a person, and its exit code for monitoring), the metrics file, and the progress lines
/// for the journal.
final class OperationsTests: XCTestCase {
    private var root: URL!
    private var work: Workdir!

    /// A creditor whose agency is a port where nothing listens (so a transfer's upload fails and waits), and a
    /// metrics file for node_exporter.
    override func setUpWithError() throws {
        root = try temporaryDirectory("operations")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("textfiles"), withIntermediateDirectories: true)
        try "".write(to: root.appendingPathComponent("known_hosts"), atomically: true, encoding: .utf8)
        try "not a key\n".write(to: root.appendingPathComponent("id_agency"), atomically: true, encoding: .utf8)
        let config = Workdir.withCreditor.replacingOccurrences(of: "{ \"workdir\": \".\",", with: """
            { "workdir": ".", "metricsFile": "textfiles/saatava.prom",
              "delivery": {"agency": {"host": "127.0.0.1", "port": 1, "user": "saatava", "identityFile": "id_agency",
                                      "knownHosts": "known_hosts", "remoteDir": "in"}},
            """)
        work = try Workdir(in: root, config: config)
    }

    private func status(_ extra: [String] = []) throws -> ProcessResult {
        try runSaatava(["status", "--config", work.config] + extra)
    }

    /// The samples of the metrics file as `name{labels}` → value.
    private func metrics(_ path: String) throws -> [String: String] {
        var samples: [String: String] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let space = try XCTUnwrap(line.lastIndex(of: " "), "a sample is a name with labels, a space and a value: \(line)")
            samples[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return samples
    }

    /// The `saatava_waiting` samples of a metrics file, by kind.
    private func waiting(_ samples: [String: String]) -> [String: String] {
        var byKind: [String: String] = [:]
        for (name, value) in samples where name.hasPrefix("saatava_waiting{creditor=\"config\",kind=\"") {
            byKind[String(name.dropFirst("saatava_waiting{creditor=\"config\",kind=\"".count).dropLast(2))] = value
        }
        return byKind
    }

    /// Every kind at 0 but those given.
    private func waitingKinds(_ counts: [String: Int]) -> [String: String] {
        var all: [String: String] = [:]
        for kind in ["quarantined", "payments_to_decide", "conflict", "refused_decision", "broken_plan", "delivery",
                     "transfer_not_delivered", "overtaken_step", "journal_unbalanced"] { all[kind] = "\(counts[kind] ?? 0)" }
        return all
    }

    private func permissions(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    func test_status_namesEveryThingThatWaits_dayAfterDay_andTheMetricsCountThem() throws {
        // No working directory: an error, and nothing is created.
        let missing = try runSaatava(["status", "--config", try Workdir(in: try temporaryDirectory("nowhere"),
            config: "{ \"workdir\": \"gone\" }").config])
        XCTAssertEqual(missing.status, 66, missing.standardError)
        XCTAssertTrue(missing.standardError.contains("gone: the working directory does not exist"), missing.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("gone").path))

        // Day 1: three invoices (INV3 long overdue: reminded today), a payment nobody's reference names, a plan on INV1.
        try work.drop("inv1.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232", date: "2026-03-02", due: "2026-03-16"))
        try work.drop("inv2.xml", HandMade.finvoice("INV2", amount: "50.00", reference: "1245", date: "2026-03-02", due: "2026-04-15"))
        try work.drop("inv3.xml", HandMade.finvoice("INV3", amount: "80.00", reference: "1261", date: "2026-01-02", due: "2026-02-01"))
        try work.drop("camt-1.xml", HandMade.camt([HandMade.Entry(archiveId: "E1", bookingDate: "2026-03-02", transactions: [
            HandMade.Transaction(archiveId: "P1", amount: "30.00", reference: "1287")])], messageId: "M1"))
        let first = try work.run("2026-03-02")
        XCTAssertTrue(first.standardOutput.contains("1 reminder(s)"), first.standardOutput)
        let plan = try runSaatava(["hold", "--config", work.config, "add", "--invoice", "INV1", "--kind", "plan",
                                   "--from", "2026-03-02", "--instalment", "2026-03-10:40.00"])
        XCTAssertEqual(plan.status, 0, plan.standardError)

        var result = try status()
        XCTAssertEqual(result.status, 65, "a payment waits for the accountant")
        XCTAssertEqual(lines(result.standardOutput).filter { $0.hasPrefix("  2026-") }.count, 1, result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("  2026-03-02  finished, exit 0, "), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("Waiting for a person (1):\n  1 payment(s) to decide (30.00 EUR)"),
                      result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("Next run, 2026-03-03: 0 reminder(s) and 0 transfer(s) to collection due"),
                      result.standardOutput)
        // The first reminder gave until Monday 16.3. to pay: a payment made then is known on Wednesday 18.3.
        XCTAssertTrue(try status(["--next", "2026-03-17"]).standardOutput.contains(
            "Next run, 2026-03-17: 0 reminder(s) and 0 transfer(s) to collection due"), "not before it can be known")
        XCTAssertTrue(try status(["--next", "2026-03-18"]).standardOutput.contains(
            "Next run, 2026-03-18: 1 reminder(s) and 0 transfer(s) to collection due"), "INV3's second reminder is due then")
        var prom = try metrics(root.appendingPathComponent("state/saatava.prom").path)
        XCTAssertEqual(prom["saatava_files{creditor=\"config\",disposition=\"posted\"}"], "4")
        XCTAssertEqual(prom["saatava_payments_to_decide{creditor=\"config\"}"], "1")
        XCTAssertEqual(prom["saatava_money_to_decide{creditor=\"config\",currency=\"EUR\"}"], "30.00")
        XCTAssertEqual(prom["saatava_payments{creditor=\"config\",status=\"unmatched\"}"], "1")
        XCTAssertEqual(prom["saatava_reminders_issued{creditor=\"config\"}"], "1")
        XCTAssertEqual(prom["saatava_last_run_exit_code{creditor=\"config\"}"], "0")
        XCTAssertEqual(prom.keys.filter { $0.hasPrefix("saatava_stage_duration_seconds") }.count, 8, "\(prom)")
        XCTAssertEqual(waiting(prom), waitingKinds(["payments_to_decide": 1]))

        // Day 2: a file that is no bank file, a decisions file naming no invoice, P1 again with another amount; and
        // INV1's instalment of 10.3. was not paid, so the plan ends.
        try work.drop("broken.xml", "<Document><unclosed></Document>")
        try work.drop("decisions/wrong.csv", "archiveId,action,invoiceNumber\r\nP1,assign,NO-SUCH\r\n")
        try work.drop("camt-2.xml", HandMade.camt([HandMade.Entry(archiveId: "E1", bookingDate: "2026-03-02", transactions: [
            HandMade.Transaction(archiveId: "P1", amount: "35.00", reference: "1287")])], messageId: "M2"))
        try work.run("2026-03-18", expect: 65)
        result = try status()
        XCTAssertEqual(result.status, 65)
        let waitingLines = lines(result.standardOutput).drop { !$0.hasPrefix("Waiting for a person") }.dropFirst()
            .prefix { $0.hasPrefix("  ") }
        let kinds = waitingLines.map { line in
            ["quarantined: broken.xml:", "quarantined: wrong.csv:", "payment(s) to decide", "conflicting re-delivery in the run of 2026-03-18: camt-2.xml:",
             "refused decisions file in the run of 2026-03-18: decisions/wrong.csv:",
             "broken payment plan in the run of 2026-03-18: hold 1 (plan on invoice INV1): instalment of 2026-03-10 missed"]
                .first { line.contains($0) } ?? "unexpected: \(line)"
        }
        XCTAssertEqual(kinds.sorted(), [
            "broken payment plan in the run of 2026-03-18: hold 1 (plan on invoice INV1): instalment of 2026-03-10 missed",
            "conflicting re-delivery in the run of 2026-03-18: camt-2.xml:", "payment(s) to decide",
            "quarantined: broken.xml:", "quarantined: wrong.csv:",
            "refused decisions file in the run of 2026-03-18: decisions/wrong.csv:",
        ], result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("  2026-03-18  finished, exit 65, "), result.standardOutput)
        prom = try metrics(root.appendingPathComponent("textfiles/saatava.prom").path)
        XCTAssertEqual(prom["saatava_files{creditor=\"config\",disposition=\"quarantined\"}"], "1")
        XCTAssertEqual(prom["saatava_files{creditor=\"config\",disposition=\"conflict\"}"], "1")
        XCTAssertEqual(prom["saatava_last_run_exit_code{creditor=\"config\"}"], "65")
        XCTAssertEqual(waiting(prom), waitingKinds(["quarantined": 2, "payments_to_decide": 1, "conflict": 1, "refused_decision": 1,
                                                    "broken_plan": 1]))

        // While files wait in quarantine no step is taken (they may hold a payment): INV3's second reminder waits.
        XCTAssertTrue(result.standardOutput.contains("Next run, 2026-03-19: 0 reminder(s)"), result.standardOutput)
        // The person clears quarantine and runs the day again: the second reminder goes. Day 3: INV3 goes to
        // collection and its upload fails (nothing listens). Its second reminder gave until Wednesday 1.4.; a payment
        // then is booked on Thursday 2.4. and, the banks being closed over Easter (3.–6.4.), known on Tuesday 7.4.
        for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("quarantine").path) {
            try FileManager.default.removeItem(at: root.appendingPathComponent("quarantine/\(name)"))
        }
        let again = try work.run("2026-03-18")
        XCTAssertTrue(again.standardOutput.contains("1 reminder(s) and 0 transfer(s) to collection issued"),
                      again.standardOutput)
        let third = try work.run("2026-04-07", expect: 75)
        XCTAssertTrue(third.standardOutput.contains("1 transfer(s) to collection issued"), third.standardOutput)
        result = try status()
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.standardOutput.contains("  2026-04-07  finished, exit 75, "), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("  3 file(s) waiting for delivery to agency, the oldest outbox/2026-04-07/collection/"),
                      result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("Connection refused"), "the last error is told")
        XCTAssertFalse(result.standardOutput.contains("quarantined:"), "what a person cleared no longer waits")
        XCTAssertFalse(result.standardOutput.contains("in the run of 2026-03-18"), "only the last run's findings are told")
        prom = try metrics(root.appendingPathComponent("textfiles/saatava.prom").path)
        XCTAssertEqual(prom["saatava_transfers_issued{creditor=\"config\"}"], "1")
        let waitingUploads = Int(prom["saatava_deliveries_waiting{creditor=\"config\",destination=\"agency\",status=\"failed\"}"] ?? "")
            ?? 0 + (Int(prom["saatava_deliveries_waiting{creditor=\"config\",destination=\"agency\",status=\"pending\"}"] ?? "") ?? 0)
        XCTAssertGreaterThanOrEqual(waitingUploads, 1, "\(prom)")
        XCTAssertEqual(waiting(prom), waitingKinds(["payments_to_decide": 1, "delivery": 3]))

        // The files: the node_exporter copy readable by all, the state copy by owner and group; no personal data.
        XCTAssertEqual(try permissions(root.appendingPathComponent("textfiles/saatava.prom").path), 0o644)
        XCTAssertEqual(try permissions(root.appendingPathComponent("state/saatava.prom").path), 0o640)
        let text = try String(contentsOf: root.appendingPathComponent("textfiles/saatava.prom"), encoding: .utf8)
        for personal in ["Virtanen", "INV3", "1261", "P1", "FI21"] { XCTAssertFalse(text.contains(personal), personal) }
        let stamp = try XCTUnwrap(Double(prom["saatava_last_success_timestamp_seconds{creditor=\"config\"}"] ?? ""))
        XCTAssertLessThan(abs(stamp - Date().timeIntervalSince1970), 600, "the run's end, in Unix seconds")
    }

    /// What `saatava status` says while another process holds the run lock, its holder's `line` in the lock's file:
    /// the first output that contains `expected`, or the last of two seconds' tries.
    private func statusWhileHeld(by line: String, until expected: String) throws -> String {
        let lockFile = root.appendingPathComponent("state/saatava.lock").path
        try (line + "\n").write(toFile: lockFile, atomically: false, encoding: .utf8)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--no-fork", lockFile, "sleep", "30"]
        try holder.run()
        defer {
            holder.terminate()
            holder.waitUntilExit()
        }
        var output = ""
        for _ in 0..<100 where !output.contains(expected) {
            usleep(20_000)
            output = try status().standardOutput
        }
        return output
    }

    func test_status_ofAQuietWorkdir_exits0() throws {
        try work.drop("inv1.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232", date: "2026-03-02", due: "2026-03-16"))
        try work.run("2026-03-02")
        let result = try status()
        XCTAssertEqual(result.status, 0, result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("Nothing waits for a person."), result.standardOutput)
        XCTAssertTrue(try status(["--next", "2026-03-23"]).standardOutput.contains("Next run, 2026-03-23: 1 reminder(s)"),
                      "INV1 is 7 days overdue then")
        XCTAssertEqual(try status(["--next", "23.3.2026"]).status, 64)

        // A run that stops on a fault (a file where the day's outbox folder should be: 73) waits for a person.
        try "".write(to: root.appendingPathComponent("outbox/2026-03-03"), atomically: true, encoding: .utf8)
        try work.run("2026-03-03", expect: 73)
        let failed = try status()
        XCTAssertEqual(failed.status, 65)
        XCTAssertTrue(failed.standardOutput.contains("  2026-03-03  failed, exit 73"), failed.standardOutput)
        XCTAssertTrue(failed.standardOutput.contains("  the last run (2026-03-03) failed with exit 73: "), failed.standardOutput)

        // A run killed, or failed on a full disk, leaves its row as running: while the run holds the run lock (its line
        // in the lock's file says so) it may be going, and once nothing does it stopped and waits for a person.
        try FileManager.default.removeItem(at: root.appendingPathComponent("outbox/2026-03-03"))
        _ = try work.sqlite(
            "INSERT INTO runs (as_of, started_at, status) VALUES ('2026-03-04', '2026-03-04T06:00:00Z', 'running')")
        let going = try statusWhileHeld(by: "saatava run as of 2026-03-04: pid 1 on host", until: "  2026-03-04  running")
        XCTAssertTrue(going.contains("  2026-03-04  running  (started 2026-03-04T06:00:00Z)"), going)
        XCTAssertFalse(going.contains("stopped before it finished"), going)
        // `saatava deliver` holds the lock (its line says so): the run recorded as running is not going.
        let other = try statusWhileHeld(by: "saatava deliver: pid 1 on host", until: "stopped before it finished")
        XCTAssertTrue(other.contains("  2026-03-04  stopped before it finished"), other)
        let stopped = try status()
        XCTAssertEqual(stopped.status, 65)
        XCTAssertTrue(stopped.standardOutput.contains("  2026-03-04  stopped before it finished  (started "),
                      stopped.standardOutput)
        XCTAssertTrue(
            stopped.standardOutput.contains("  the last run (2026-03-04) stopped before it finished: killed, "),
            stopped.standardOutput)
        try work.run("2026-03-04")
        let after = try status().standardOutput
        XCTAssertTrue(after.contains("  2026-03-04  finished, exit 0"), after)
        XCTAssertEqual(after.components(separatedBy: "stopped before it finished").count, 2,
                       "only the run's row: \(after)")
    }

    /// A reader that opens the ledger while another connection holds it for a moment (here the sqlite3 shell, in
    /// exclusive locking mode, for half a second) waits for it rather than failing with "database is locked".
    func test_aLedgerHeldForAMoment_isWaitedFor() throws {
        try work.drop("inv1.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232", date: "2026-03-02",
                                                    due: "2026-03-16"))
        try work.run("2026-03-02")
        let marker = root.appendingPathComponent("held").path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [work.ledger, "PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE",
                            ".shell touch \(marker); sleep 0.5", "COMMIT"]
        try holder.run()
        for _ in 0..<250 where !FileManager.default.fileExists(atPath: marker) { usleep(20_000) }
        let listed = try runSaatava(["ledger", "invoices", "--config", work.config])
        holder.waitUntilExit()
        XCTAssertEqual(holder.terminationStatus, 0)
        XCTAssertEqual(listed.status, 0, listed.standardError)
        XCTAssertTrue(listed.standardOutput.contains("\"invoiceNumber\":\"INV1\""), listed.standardOutput)
    }

    /// A transfer to collection with no agency configured waits for a person to send its files.
    func test_aTransferWithNoAgency_waitsForAPerson() throws {
        let quiet = try Workdir(in: try temporaryDirectory("no-agency"), config: Workdir.withCreditor)
        try quiet.drop("inv3.xml", HandMade.finvoice("INV3", amount: "80.00", reference: "1261", date: "2026-01-02", due: "2026-02-01"))
        // As in the test above, the transfer waits over Easter until Tuesday 7.4.
        for day in ["2026-03-02", "2026-03-18", "2026-04-03", "2026-04-07"] { try quiet.run(day) }
        let result = try runSaatava(["status", "--config", quiet.config])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.standardOutput.contains("  1 invoice(s) transferred to collection on 2026-04-07, not delivered "
            + "(no 'agency' in the config's delivery): send outbox/2026-04-07/collection/ to the agency"), result.standardOutput)
        let prom = try metrics(quiet.root.appendingPathComponent("state/saatava.prom").path)
        XCTAssertEqual(waiting(prom), waitingKinds(["transfer_not_delivered": 1]))
    }

    /// A journal that does not balance (a line written past saatava) waits for a person, in status and in the metrics.
    func test_anUnbalancedJournal_waitsForAPerson() throws {
        let books = try Workdir(in: try temporaryDirectory("unbalanced"))
        try books.drop("camt.xml", HandMade.camt([HandMade.Entry(archiveId: "E1", bookingDate: "2026-03-02", transactions: [
            HandMade.Transaction(archiveId: "P1", amount: "30.00", reference: "1287")])], messageId: "M1"))
        try books.run("2026-03-02")
        XCTAssertTrue(try runSaatava(["status", "--config", books.config]).standardOutput.contains("Journal: balanced"))
        _ = try books.sqlite("""
            INSERT INTO journal_lines (voucher, first_run, run_id, role, account, debit, credit, currency, source, memo)
            VALUES (1, 1, 1, 'bank', '1910', 100, 0, 'EUR', 'X', 'typed in by hand')
            """)
        let result = try runSaatava(["status", "--config", books.config])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.standardOutput.contains("  the journal does not balance: "), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("Journal: NOT balanced: "), result.standardOutput)
        try books.run("2026-03-03")
        let prom = try metrics(books.root.appendingPathComponent("state/saatava.prom").path)
        XCTAssertEqual(waiting(prom), waitingKinds(["payments_to_decide": 1, "journal_unbalanced": 1]))
    }

    /// A generated day of 20,000 invoices: under systemd (JOURNAL_STREAM names stderr) every stderr line carries its
    /// priority and there is one per file and one per stage; in a shell, the same lines without priorities.
    func test_progress_oneJournalLinePerFileAndStage_withPriorities() throws {
        let generated = try runSaatava(["gen", "--invoices", "20000", "--as-of", "2026-03-02", "--out", root.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("inbox").path)
        XCTAssertGreaterThanOrEqual(files.count, 4)

        let journal = root.appendingPathComponent("journal.txt")
        XCTAssertTrue(FileManager.default.createFile(atPath: journal.path, contents: nil))
        let attributes = try FileManager.default.attributesOfItem(atPath: journal.path)
        let device = (attributes[.systemNumber] as! NSNumber).uint64Value
        let inode = (attributes[.systemFileNumber] as! NSNumber).uint64Value
        let process = Process()
        process.executableURL = Bundle.main.bundleURL.appendingPathComponent("saatava")
        process.arguments = ["run", "--config", work.config, "--as-of", "2026-03-02"]
        process.environment = ["JOURNAL_STREAM": "\(device):\(inode)"]
        let handle = try FileHandle(forWritingTo: journal)
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        XCTAssertTrue([0, 65].contains(process.terminationStatus))

        let said = lines(try String(contentsOf: journal, encoding: .utf8))
        for line in said {
            XCTAssertTrue(line.hasPrefix("<3>") || line.hasPrefix("<4>") || line.hasPrefix("<6>"), line)
        }
        for name in files {
            XCTAssertEqual(said.filter { $0.hasPrefix("<6>file \(name) (") }.count, 1, "one line for \(name)")
        }
        for stage in ["intake, parse and post", "decisions", "match", "holds", "dun", "deliver", "write", "retention"] {
            XCTAssertEqual(said.filter { $0.hasPrefix("<6>stage \(stage): ") && $0.hasSuffix(" s") }.count, 1, stage)
        }

        // The same run's lines in a shell: no priorities (JOURNAL_STREAM names another file).
        let shell = try Workdir(in: try temporaryDirectory("shell"))
        try shell.drop("inv1.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232"))
        let plain = try shell.run("2026-03-02")
        XCTAssertTrue(plain.standardError.hasPrefix("run 1 as of 2026-03-02 started"), plain.standardError)
        XCTAssertFalse(plain.standardError.contains("<6>"), plain.standardError)
    }
}
