import Foundation
import TestSupport
import Workload
import XCTest

/// `saatava run`, `ledger` and `resolve` end to end, on generated days whose truth is known.
final class RunCommandTests: XCTestCase {
    private let asOf = "2026-11-27"

    /// A fresh working directory with a generated day in its inbox and a config; returns the config's path.
    private func generatedDay(invoices: Int = 300, seed: Int = 5) throws -> (config: String, root: URL) {
        let root = try temporaryDirectory("run")
        let generated = try runSaatava(["gen", "--invoices", String(invoices), "--seed", String(seed), "--as-of", asOf, "--out", root.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        let config = root.appendingPathComponent("config.json")
        try "// test day\n{ \"workdir\": \".\" }\n".write(to: config, atomically: true, encoding: .utf8)
        return (config.path, root)
    }

    private func json(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// The ledger's two views and the day's two accountant outputs: what must not depend on how the day went.
    private func state(_ config: String, _ root: URL, outbox folder: String? = nil) throws -> [String] {
        let invoices = try runSaatava(["ledger", "invoices", "--config", config]).standardOutput
        let payments = try runSaatava(["ledger", "payments", "--config", config]).standardOutput
        let outbox = root.appendingPathComponent(folder ?? "outbox/\(asOf)")
        return [invoices, payments,
                try String(contentsOf: outbox.appendingPathComponent("unmatched-payments.csv"), encoding: .utf8),
                try String(contentsOf: outbox.appendingPathComponent("report.html"), encoding: .utf8)]
    }

    func test_generatedDay_everyInvoiceAndPaymentEndsAsItsTruthSays_andTheViewsAgree() throws {
        let (config, root) = try generatedDay()
        let result = try runSaatava(["run", "--config", config, "--as-of", asOf])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("Report: "))
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("truth.json"))) as! [String: Any]

        let payments = try json(try runSaatava(["ledger", "payments", "--config", config]).standardOutput)
        let byArchive = Dictionary(uniqueKeysWithValues: payments.map { ($0["archiveId"] as! String, $0) })
        for expected in truth["payments"] as! [[String: Any]] {
            let id = expected["archiveId"] as! String
            let actual = try XCTUnwrap(byArchive[id], id)
            XCTAssertEqual(actual["status"] as? String, expected["status"] as? String, id)
            XCTAssertEqual(actual["reason"] as? String, expected["reason"] as? String, id)
            XCTAssertEqual(actual["unapplied"] as? String, expected["unapplied"] as? String, id)
        }
        let invoices = try json(try runSaatava(["ledger", "invoices", "--config", config]).standardOutput)
        let byNumber = Dictionary(uniqueKeysWithValues: invoices.map { ($0["invoiceNumber"] as! String, $0) })
        for expected in (truth["invoices"] as! [[String: Any]]) where expected["type"] as? String == "invoice" {
            let number = expected["invoiceNumber"] as! String
            XCTAssertEqual(byNumber[number]?["open"] as? String, expected["open"] as? String, number)
            XCTAssertEqual(byNumber[number]?["status"] as? String, expected["status"] as? String, number)
        }

        // The CSV views say the same as the JSON ones.
        let csv = CSVRows(try runSaatava(["ledger", "payments", "--config", config, "--format", "csv"]).standardOutput)
        XCTAssertEqual(csv.column("archiveId"), payments.map { $0["archiveId"] as! String })
        XCTAssertEqual(csv.column("unapplied"), payments.map { $0["unapplied"] as! String })
        let unmatchedJSON = try json(try runSaatava(["ledger", "payments", "--config", config, "--status", "unmatched"]).standardOutput)
        let unmatchedCSV = CSVRows(try String(contentsOf: root.appendingPathComponent("outbox/\(asOf)/unmatched-payments.csv"), encoding: .utf8))
        XCTAssertEqual(unmatchedCSV.column("archiveId").sorted(), unmatchedJSON.map { $0["archiveId"] as! String }.sorted(),
                       "the same payments (the CSV in the order of the report's list)")
        XCTAssertEqual(Set(unmatchedCSV.column("reason")), ["invalid_reference", "invoice_settled", "no_reference", "overpayment", "unknown_reference"])
        let openInvoices = CSVRows(try runSaatava(["ledger", "invoices", "--config", config, "--status", "open", "--format", "csv"]).standardOutput)
        XCTAssertEqual(Set(openInvoices.column("invoiceNumber")),
                       Set(invoices.filter { $0["open"] as? String != "0.00" }.map { $0["invoiceNumber"] as! String }))
        let mode = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("outbox/\(asOf)/report.html").path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640)
        // The folders too are the company's, whatever the umask (the tests run with 022: others could list them).
        for folder in ["outbox", "outbox/\(asOf)", "archive/\(asOf)"] {
            let folderMode = try FileManager.default.attributesOfItem(
                atPath: root.appendingPathComponent(folder).path)[.posixPermissions] as? Int
            XCTAssertEqual(folderMode, 0o750, folder)
        }
    }

    func test_rerunningTheDay_withRenamedFilesAndTheSamePaymentsInANewMessage_changesNothing() throws {
        let (config, root) = try generatedDay()
        XCTAssertEqual(try runSaatava(["run", "--config", config, "--as-of", asOf]).status, 0)
        let before = try state(config, root)
        let archive = root.appendingPathComponent("archive/\(asOf)")
        // The archived copies go back as they are, gzip-compressed: the run reads them all the same.
        for name in try FileManager.default.contentsOfDirectory(atPath: archive.path) where name.hasSuffix(".gz") {
            try FileManager.default.copyItem(at: archive.appendingPathComponent(name),
                                             to: root.appendingPathComponent("inbox/again-\(name)"))
            if name.hasPrefix("camt") {
                let text = String(decoding: try archivedBytes(archive.appendingPathComponent(name)), as: UTF8.self)
                try text.replacingOccurrences(of: "GEN</MsgId>", with: "GEN-RESENT</MsgId>")
                    .write(to: root.appendingPathComponent("inbox/resent-\(name.dropLast(3))"), atomically: true, encoding: .utf8)
            }
        }
        let rerun = try runSaatava(["run", "--config", config, "--as-of", asOf])
        XCTAssertEqual(rerun.status, 0, rerun.standardError)
        XCTAssertTrue(rerun.standardOutput.contains("0 invoice(s) and 0 payment(s) booked"), rerun.standardOutput)
        XCTAssertTrue(rerun.standardOutput.hasSuffix("Report: \(root.path)/outbox/\(asOf)/run-2/report.html\n"),
                      "the second run of a day writes beside the first, never over it: \(rerun.standardOutput)")
        XCTAssertEqual(try state(config, root, outbox: "outbox/\(asOf)/run-2"), before)
        let summary = try String(contentsOf: root.appendingPathComponent("outbox/\(asOf)/run-2/run-summary.json"), encoding: .utf8)
        XCTAssertTrue(summary.contains("\"redelivered\" : 3"), summary)
    }

    /// A day far ahead of today and of the last run is a mistyped year until said otherwise: the run would remind and
    /// transfer as of then, and no later run could go back before it.
    func test_aRunFarAhead_isRefusedUnlessMeant() throws {
        let (config, root) = try generatedDay(invoices: 20)
        XCTAssertEqual(try runSaatava(["run", "--config", config, "--as-of", asOf]).status, 0)
        let typo = try runSaatava(["run", "--config", config, "--as-of", "2062-11-30"])
        XCTAssertEqual(typo.status, 64, typo.standardError)
        XCTAssertTrue(typo.standardError.contains("a run as of 2062-11-30 is more than 31 days after today ("),
                      typo.standardError)
        XCTAssertTrue(typo.standardError.contains(") and the last run (\(asOf)): it would remind and transfer"),
                      typo.standardError)
        let ledger = root.appendingPathComponent("state/saatava.sqlite").path
        XCTAssertEqual(try sqlite3(ledger, "SELECT count(*) FROM runs"), ["1"], "no run begun")
        // A dry run changes nothing, so it may look ahead; the next day is no leap; a simulation says it means it.
        XCTAssertEqual(try runSaatava(["run", "--config", config, "--as-of", "2062-11-30", "--dry-run"]).status, 0)
        XCTAssertEqual(try runSaatava(["run", "--config", config, "--as-of", "2026-11-30"]).status, 0)
        let meant = try runSaatava(["run", "--config", config, "--as-of", "2062-11-30", "--allow-far-ahead"])
        XCTAssertEqual(meant.status, 0, meant.standardError)
        // A first run so far ahead creates nothing: no ledger, no folders.
        let (fresh, freshRoot) = try generatedDay(invoices: 20)
        let first = try runSaatava(["run", "--config", fresh, "--as-of", "2062-11-30", "--init"])
        XCTAssertEqual(first.status, 64, first.standardError)
        XCTAssertTrue(first.standardError.contains("more than 31 days after today ("), first.standardError)
        for folder in ["state", "archive", "outbox", "quarantine"] {
            let path = freshRoot.appendingPathComponent(folder).path
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), folder)
        }
    }

    func test_killedAtAnyMoment_theNextRunEndsWhereAnUninterruptedRunDoes() throws {
        let (referenceConfig, referenceRoot) = try generatedDay(invoices: 400, seed: 8)
        XCTAssertEqual(try runSaatava(["run", "--config", referenceConfig, "--as-of", asOf]).status, 0)
        let expected = try state(referenceConfig, referenceRoot)
        var random = SeededRandom(seed: 99)
        for attempt in 0..<6 {
            let (config, root) = try generatedDay(invoices: 400, seed: 8)
            let process = Process()
            process.executableURL = Bundle.main.bundleURL.appendingPathComponent("saatava")
            process.arguments = ["run", "--config", config, "--as-of", asOf]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(random.next() % 600_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let again = try runSaatava(["run", "--config", config, "--as-of", asOf])
            XCTAssertEqual(again.status, 0, "attempt \(attempt): \(again.standardError)")
            XCTAssertEqual(try state(config, root), expected, "attempt \(attempt)")
        }
    }

    func test_decisionRoundTrip_fromTheCSVToAnAllocationOnTheNextRun() throws {
        let (config, root) = try generatedDay()
        XCTAssertEqual(try runSaatava(["run", "--config", config, "--as-of", asOf]).status, 0)
        let csvText = try String(contentsOf: root.appendingPathComponent("outbox/\(asOf)/unmatched-payments.csv"), encoding: .utf8)
        let rows = CSVRows(csvText)
        let typo = try XCTUnwrap(rows.rows.first { rows.value("suggestionRule", in: $0) == "reference_typo" })
        let archiveId = rows.value("archiveId", in: typo)!
        let invoice = rows.value("suggestedInvoice", in: typo)!
        XCTAssertEqual(Array(rows.header.suffix(3)), ["action", "invoiceNumber", "note"], "ready to fill in")
        // And a payment without a suggestion refunded: the page lists both, and the money to pay back.
        let refunded = try XCTUnwrap(rows.rows.first { rows.value("suggestionRule", in: $0) == "" })
        let refundedId = rows.value("archiveId", in: refunded)!
        var decisions = csvText.components(separatedBy: "\r\n")
        for index in 1..<decisions.count where decisions[index].hasPrefix(archiveId + ",") {
            XCTAssertTrue(decisions[index].hasSuffix(",,,"), decisions[index])
            decisions[index] = decisions[index].dropLast(3) + ",assign,\(invoice),"
        }
        for index in 1..<decisions.count where decisions[index].hasPrefix(refundedId + ",") {
            decisions[index] = decisions[index].dropLast(3) + ",refund,,maksettu kahdesti"
        }
        try decisions.joined(separator: "\r\n").write(to: root.appendingPathComponent("inbox/decisions/monday.csv"), atomically: true, encoding: .utf8)
        let next = try runSaatava(["run", "--config", config, "--as-of", "2026-11-28"])
        XCTAssertEqual(next.status, 0, next.standardError)
        let payment = try json(try runSaatava(["ledger", "payments", "--config", config]).standardOutput)
            .first { $0["archiveId"] as? String == archiveId }!
        XCTAssertEqual(payment["status"] as? String, "matched")
        let allocations = payment["allocations"] as! [[String: Any]]
        XCTAssertEqual(allocations.map { $0["rule"] as? String }, ["decision"])
        XCTAssertEqual(allocations.map { $0["invoiceNumber"] as? String }, [invoice])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("archive/2026-11-28/monday.csv.gz").path))
        let page = try String(contentsOf: root.appendingPathComponent("outbox/2026-11-28/report.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("<h2>Tässä ajossa sovelletut päätökset</h2>"), page)
        let assigned = "<tr><td>\(archiveId)</td><td class=\"words\">kohdistettu laskulle \(invoice)</td>"
        XCTAssertTrue(page.contains(assigned), page)
        let row = "<tr><td>\(refundedId)</td><td class=\"words\">palautetaan maksajalle</td><td class=\"money\">"
        let after = page.components(separatedBy: row).dropFirst().first
        let euros = try XCTUnwrap(after?.components(separatedBy: "</td>").first)
        XCTAssertEqual(euros.filter { $0.isNumber || $0 == "," }, rows.value("unapplied", in: refunded)?
            .replacingOccurrences(of: ".", with: ","), "what was unapplied, in Finnish")
        XCTAssertTrue(page.contains(row + euros + "</td><td>maksettu kahdesti</td>"), page)
        XCTAssertTrue(page.contains("Palautettavaa yhteensä \(euros): maksa palautukset maksajille pankista."), page)
        XCTAssertTrue(page.contains("<p>Muistutuksia ei lähetetä: asetuksissa ei ole velkojaa (creditor)"),
                      "no creditor, said in Finnish")
    }

    /// Rows of one file that clash: a payment decided on twice is refused as such, and an assignment that fails
    /// because an earlier row paid the invoice names that row (the ledger is as it was before the file).
    func test_decisionsFile_refusalsNameTheRowsThatCauseThem() throws {
        let (config, root) = try generatedDay()
        XCTAssertEqual(try runSaatava(["run", "--config", config, "--as-of", asOf]).status, 0)
        let csvText = try String(contentsOf: root.appendingPathComponent("outbox/\(asOf)/unmatched-payments.csv"),
                                 encoding: .utf8)
        let rows = CSVRows(csvText)
        let typo = try XCTUnwrap(rows.rows.first { rows.value("suggestionRule", in: $0) == "reference_typo" })
        let (archiveId, invoice) = (rows.value("archiveId", in: typo)!, rows.value("suggestedInvoice", in: typo)!)
        let other = try XCTUnwrap(rows.rows.first { rows.value("suggestionRule", in: $0) == "" })
        let otherId = rows.value("archiveId", in: other)!
        let lines = csvText.components(separatedBy: "\r\n")
        let (first, second) = (try XCTUnwrap(lines.firstIndex { $0.hasPrefix(archiveId + ",") }),
                               try XCTUnwrap(lines.firstIndex { $0.hasPrefix(otherId + ",") }))
        func file(_ name: String, _ rows: [(Int, String)]) throws {
            let text = ([lines[0]] + rows.map { lines[$0.0].dropLast(3) + $0.1 }).joined(separator: "\r\n") + "\r\n"
            try text.write(to: root.appendingPathComponent("inbox/decisions/\(name)"), atomically: true,
                           encoding: .utf8)
        }
        try file("twice.csv", [(first, ",assign,\(invoice),"), (first, ",refund,,")])
        try file("both.csv", [(first, ",assign,\(invoice),"), (second, ",assign,\(invoice),")])
        try file("bad.csv", [(first, ",pay,,")])
        let before = try runSaatava(["ledger", "payments", "--config", config]).standardOutput
        let next = try runSaatava(["run", "--config", config, "--as-of", "2026-11-28"])
        XCTAssertEqual(next.status, 65, next.standardError)
        XCTAssertTrue(next.standardError.contains("twice.csv:3: payment \(archiveId) is decided on again (row 2 "
                                                  + "decided it already): one decision per payment"), next.standardError)
        XCTAssertTrue(next.standardError.contains("both.csv:3: ") && next.standardError.contains(
            "assigning would over-apply (after row 2 of this file assigned money to it)"), next.standardError)
        XCTAssertTrue(next.standardError.contains("decisions/bad.csv:2: action 'pay' is not assign, refund or "
                                                  + "ignore"), next.standardError)
        XCTAssertFalse(next.standardError.contains(root.path + "/inbox/decisions/"), next.standardError)
        XCTAssertEqual(try runSaatava(["ledger", "payments", "--config", config]).standardOutput, before,
                       "no file changed anything")
    }

    func test_resolve_refusesWhatWouldBeWrongAndChangesNothing() throws {
        let (config, _) = try generatedDay()
        XCTAssertEqual(try runSaatava(["run", "--config", config, "--as-of", asOf]).status, 0)
        let before = try runSaatava(["ledger", "payments", "--config", config]).standardOutput
        let unknown = try runSaatava(["resolve", "--config", config, "refund", "NO-SUCH-PAYMENT"])
        XCTAssertEqual(unknown.status, 65)
        XCTAssertEqual(unknown.standardError, "Error: there is no payment with archive id NO-SUCH-PAYMENT\n")
        let payments = try json(before)
        let settled = payments.first { $0["reason"] as? String == "invoice_settled" }!
        let paidInvoice = try json(try runSaatava(["ledger", "invoices", "--config", config]).standardOutput).first { $0["status"] as? String == "paid" }!
        let overApply = try runSaatava(["resolve", "--config", config, "assign", settled["archiveId"] as! String,
                                        paidInvoice["invoiceNumber"] as! String])
        XCTAssertEqual(overApply.status, 65)
        XCTAssertTrue(overApply.standardError.contains("assigning would over-apply"), overApply.standardError)
        XCTAssertEqual(try runSaatava(["ledger", "payments", "--config", config]).standardOutput, before)
        let refund = try runSaatava(["resolve", "--config", config, "refund", settled["archiveId"] as! String, "--note", "paid twice"])
        XCTAssertEqual(refund.status, 0, refund.standardError)
        let after = try json(try runSaatava(["ledger", "payments", "--config", config]).standardOutput)
        XCTAssertEqual(after.first { $0["archiveId"] as? String == settled["archiveId"] as? String }?["status"] as? String, "refunded")
    }

    func test_brokenFile_isQuarantinedWithItsReason_andTheRestOfTheRunGoesOn() throws {
        let (config, root) = try generatedDay(invoices: 20)
        try "<Document><Ntry>\n</Document>\n".write(to: root.appendingPathComponent("inbox/broken.xml"), atomically: true, encoding: .utf8)
        try "partial".write(to: root.appendingPathComponent("inbox/upload.xml.part"), atomically: true, encoding: .utf8)
        let result = try runSaatava(["run", "--config", config, "--as-of", asOf])
        XCTAssertEqual(result.status, 65)
        let reason = try String(contentsOf: root.appendingPathComponent("quarantine/broken.xml.error.txt"), encoding: .utf8)
        XCTAssertTrue(reason.hasPrefix("\(root.path)/inbox/broken.xml:2:"), reason)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("inbox/upload.xml.part").path), "partial files wait")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("archive/\(asOf)").path)
                .filter { $0.hasSuffix(".gz") }.count, 2)
        let report = try String(contentsOf: root.appendingPathComponent("outbox/\(asOf)/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("broken.xml"))
    }

    /// Files are parsed on a second thread while the one before is booked: a file that breaks after many good
    /// records, between two good ones, leaves none of its records booked, and the files around it are posted.
    func test_fileBrokenHalfway_booksNothingOfIt_andTheFilesAroundItArePosted() throws {
        let (config, root) = try generatedDay(invoices: 200)
        let other = root.appendingPathComponent("another-day")
        let generated = try runSaatava(["gen", "--invoices", "200", "--seed", "9", "--as-of", asOf, "--out", other.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        let otherInbox = other.appendingPathComponent("inbox")
        let camt = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: otherInbox.path).first { $0.hasPrefix("camt054") })
        // Archive ids of its own, so that its records would be booked if they got through.
        let whole = try String(contentsOf: otherInbox.appendingPathComponent(camt), encoding: .utf8)
            .replacingOccurrences(of: ">GEN", with: ">OTHER")
        let halfway = root.appendingPathComponent("inbox/camt054-halfway.xml")
        try Data(whole.utf8.prefix(whole.utf8.count * 6 / 10)).write(to: halfway)
        let parsedBeforeTheBreak = try runSaatava(["parse", halfway.path])
        XCTAssertEqual(parsedBeforeTheBreak.status, 65)
        let goodRecords = parsedBeforeTheBreak.standardOutput.split(separator: "\n").count
        XCTAssertGreaterThan(goodRecords, 20, "the file breaks after many good records")
        try FileManager.default.removeItem(at: other)

        let result = try runSaatava(["run", "--config", config, "--as-of", asOf])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.standardError.contains("\(halfway.path):"), result.standardError)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("quarantine/camt054-halfway.xml").path))
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: root.appendingPathComponent("outbox/\(asOf)/run-summary.json"))) as! [String: Any]
        // Every stage's duration and peak memory are recorded.
        let stages: Set = ["intake, parse and post", "decisions", "match", "holds", "dun", "write", "deliver", "retention"]
        XCTAssertEqual(Set((summary["durationSeconds"] as? [String: Double] ?? [:]).keys), stages)
        let peaks = summary["peakResidentMegabytes"] as? [String: Double] ?? [:]
        XCTAssertEqual(Set(peaks.keys), stages)
        XCTAssertTrue(peaks.values.allSatisfy { $0 > 1 }, "\(peaks)")
        let inOrder = ["intake, parse and post", "decisions", "match", "holds", "dun", "deliver", "write", "retention"].map { peaks[$0] ?? 0 }
        XCTAssertEqual(inOrder, inOrder.sorted(), "each stage's peak is the run's peak so far: \(peaks)")
        let files = (summary["intake"] as! [String: Any])["files"] as! [[String: Any]]
        XCTAssertEqual(files.map { $0["name"] as! String }, files.map { $0["name"] as! String }.sorted())
        XCTAssertEqual(files.filter { $0["disposition"] as? String == "quarantined" }.map { $0["name"] as! String },
                       ["camt054-halfway.xml"])
        XCTAssertEqual(files.filter { $0["disposition"] as? String == "posted" }.count, files.count - 1)
        let bookedPayments = files.filter { ($0["kind"] as? String) == "camt054" }.reduce(0) { $0 + ($1["booked"] as! Int) }
        let payments = try json(try runSaatava(["ledger", "payments", "--config", config]).standardOutput)
        XCTAssertEqual(payments.count, bookedPayments, "nothing of the broken file is in the ledger")
    }

    func test_secondRunWhileTheLockIsHeld_exits75AndSaysWho() throws {
        let (config, root) = try generatedDay(invoices: 10)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("state"), withIntermediateDirectories: true)
        let lockPath = root.appendingPathComponent("state/saatava.lock").path
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o640)
        defer { close(descriptor) }
        _ = "pid 4242 on test-host, as of 2026-11-27\n".withCString { write(descriptor, $0, strlen($0)) }
        XCTAssertEqual(flock(descriptor, LOCK_EX | LOCK_NB), 0)
        let result = try runSaatava(["run", "--config", config, "--as-of", asOf])
        XCTAssertEqual(result.status, 75)
        XCTAssertEqual(result.standardError, "Error: another saatava run holds the lock (pid 4242 on test-host, as of 2026-11-27)\n")
    }

    func test_configWithAnUnknownKey_isRefused() throws {
        let (_, root) = try generatedDay(invoices: 10)
        let config = root.appendingPathComponent("typo.json")
        try "{ \"workdir\": \".\", \"autoAply\": [] }".write(to: config, atomically: true, encoding: .utf8)
        let result = try runSaatava(["run", "--config", config.path, "--as-of", asOf])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.standardError, "Error: \(config.path): unknown key 'autoAply' (known: autoApply, creditor, csv, delivery, dunning, insight, journal, language, metricsFile, referenceRates, retention, workdir)\n")
    }
}

/// A CSV text's rows, read by column name.
struct CSVRows {
    let header: [String]
    let rows: [[String]]

    init(_ text: String) {
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { line -> [String] in
            var fields: [String] = []
            var field = ""
            var quoted = false
            var previous: Character?
            for character in line {
                if character == "\"" {
                    if quoted && previous == "\"" { field.append("\"") }
                    quoted.toggle()
                } else if character == "," && !quoted {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
                previous = character
            }
            fields.append(field)
            return fields
        }
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    func column(_ name: String) -> [String] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return rows.map { index < $0.count ? $0[index] : "" }
    }

    func value(_ name: String, in row: [String]) -> String? {
        header.firstIndex(of: name).flatMap { $0 < row.count ? row[$0] : nil }
    }
}
