import Foundation
import TestSupport
import XCTest

/// Delivery end to end (docs/delivery.md): `saatava run` and `saatava deliver` upload the day's collection files to a
/// real OpenSSH server on 127.0.0.1 (sshd started here, as root), once, with a receipt in the ledger.
final class DeliveryRunTests: XCTestCase {
    private var root: URL!
    private var server: SSHServer!
    private let day = "2026-05-04"

    override func setUpWithError() throws {
        root = try temporaryDirectory("delivery")
        server = try SSHServer(folder: root.appendingPathComponent("server"))
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    // MARK: Helpers

    /// A config whose agency is the test server (known_hosts and key given relative to the config's folder).
    private func config(knownHosts: String? = nil) throws -> String {
        let path = root.appendingPathComponent("config.json").path
        let workdir = root.appendingPathComponent("work").path
        try """
            {
              // the agency is the test's sshd
              "workdir": "\(workdir)", "language": "en",
              "delivery": {"agency": {"host": "127.0.0.1", "port": \(server.port), "user": "\(server.user)",
                          "identityFile": "server/user_key", "knownHosts": "\(knownHosts ?? "server/known_hosts")",
                          "remoteDir": "\(server.remoteDir)"}}
            }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Puts a file in the day's collection/ folder, as the dunning stage's transfer does.
    @discardableResult
    private func collectionFile(_ name: String, _ text: String) throws -> String {
        let folder = root.appendingPathComponent("work/outbox/\(day)/collection")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return "outbox/\(day)/collection/\(name)"
    }

    private func deliveries(_ config: String) throws -> [[String: Any]] {
        let result = try runSaatava(["ledger", "deliveries", "--config", config])
        XCTAssertEqual(result.status, 0, result.standardError)
        return try result.standardOutput.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    private func remoteFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: server.remoteDir).sorted()
    }

    /// A PATH whose sftp is a shell script of `body` (the real one is /usr/bin/sftp).
    private func sftpWrapper(_ body: String) throws -> String {
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let wrapper = bin.appendingPathComponent("sftp").path
        try "#!/bin/sh\n\(body)\n".write(toFile: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
        return bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    // MARK: Cases

    func test_run_deliversTheCollectionFiles_withReceipts() throws {
        try server.start()
        let config = try config()
        let file = try collectionFile("transfer-\(day).json", "{\"creditor\": {}, \"claims\": []}\n")
        try collectionFile("manifest.json", "{}\n")
        let result = try runSaatava(["run", "--config", config, "--as-of", day, "--init"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("Delivered 2 file(s); 0 waiting."), result.standardOutput)
        XCTAssertEqual(try remoteFiles(), ["\(day)-manifest.json", "\(day)-transfer-\(day).json"])
        let rows = try deliveries(config)
        XCTAssertEqual(rows.map { ($0["file"] as? String)?.split(separator: "/").last.map(String.init) },
                       ["transfer-\(day).json", "manifest.json"], "the manifest, which names the others, goes last")
        let transfer = try XCTUnwrap(rows.first { $0["file"] as? String == file })
        XCTAssertEqual(transfer["destination"] as? String, "agency")
        XCTAssertEqual(transfer["status"] as? String, "delivered")
        XCTAssertEqual(transfer["size"] as? Int, 31)
        XCTAssertEqual(transfer["sha256"] as? String, try sha256sum(text: "{\"creditor\": {}, \"claims\": []}\n"))
        XCTAssertEqual(transfer["remotePath"] as? String, server.remoteDir + "/\(day)-transfer-\(day).json")
        XCTAssertEqual(transfer["attempts"] as? Int, 1)
        XCTAssertNotNil(transfer["deliveredAt"] as? String)

        // A second try sends nothing: a delivered file is never uploaded again.
        let again = try runSaatava(["deliver", "--config", config])
        XCTAssertEqual(again.status, 0, again.standardError)
        XCTAssertTrue(again.standardOutput.contains("0 file(s) delivered, 0 waiting"), again.standardOutput)
    }

    func test_serverDown_runExits75_thenDeliverSendsOnce() throws {
        let config = try config()
        try collectionFile("transfer-\(day).csv", "invoiceNumber\n1001\n")
        let down = try runSaatava(["run", "--config", config, "--as-of", day, "--init"])
        XCTAssertEqual(down.status, 75, down.standardError)
        XCTAssertTrue(down.standardError.contains("Connection refused"), down.standardError)
        XCTAssertTrue(down.standardOutput.contains("1 waiting"), down.standardOutput)
        XCTAssertEqual(try deliveries(config).map { $0["status"] as? String }, ["failed"])
        let summary = try String(contentsOf: root.appendingPathComponent("work/outbox/\(day)/run-summary.json"), encoding: .utf8)
        XCTAssertTrue(summary.contains("Connection refused"), summary)
        let report = try String(contentsOf: root.appendingPathComponent("work/outbox/\(day)/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("<h2>Waiting to be delivered</h2>") && report.contains("Connection refused"),
                      "the report says what waits, and why")

        try server.start()
        let up = try runSaatava(["deliver", "--config", config])
        XCTAssertEqual(up.status, 0, up.standardError)
        XCTAssertEqual(try deliveries(config).map { $0["status"] as? String }, ["delivered"])
        XCTAssertEqual(try remoteFiles(), ["\(day)-transfer-\(day).csv"])
        let remote = server.remoteDir + "/\(day)-transfer-\(day).csv"
        let old = Date(timeIntervalSince1970: 946_684_800)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: remote)
        let twice = try runSaatava(["deliver", "--config", config])
        XCTAssertEqual(twice.status, 0, twice.standardError)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: remote)[.modificationDate] as? Date, old,
                       "not uploaded a second time")
    }

    /// A reminders batch that could not be uploaded on its day is overtaken before it goes: money the accountant
    /// assigns after the run (`saatava resolve`), a payment booked before that day that the bank's file brought only
    /// the next morning, a dispute. It reminds customers who had paid or disputed, so it is never uploaded while that
    /// is so; it waits for a person, saying why. A hold that begins later withholds nothing.
    func test_aWaitingBatchTheLedgerHasSinceOvertaken_isNeverUploaded() throws {
        let path = root.appendingPathComponent("config.json").path
        try Workdir.withCreditor.replacingOccurrences(of: "\"workdir\": \".\",", with: """
            "workdir": "work", "language": "en",
            "delivery": {"operator": {"host": "127.0.0.1", "port": \(server.port), "user": "\(server.user)",
                         "identityFile": "server/user_key", "knownHosts": "server/known_hosts",
                         "remoteDir": "\(server.remoteDir)"}},
            """).write(toFile: path, atomically: true, encoding: .utf8)
        func drop(_ name: String, _ text: String) throws {
            let inbox = root.appendingPathComponent("work/inbox")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            try text.write(to: inbox.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        for (number, amount, reference) in [("INV1", "100.00", "1009"), ("INV2", "100.00", "2008"), ("INV3", "120.00", "3007")] {
            try drop("\(number).xml", HandMade.finvoice(number, amount: amount, reference: reference, date: "2026-03-02",
                                                        due: "2026-03-16", eInvoice: ("003712345671", "OKOYFIHH")))
        }
        // Money no reference names, which the accountant will place on INV3.
        try drop("camt-0.xml", HandMade.camt([HandMade.Entry(archiveId: "E3", bookingDate: "2026-03-13", transactions: [
            HandMade.Transaction(archiveId: "P3", amount: "77.00", reference: nil, payer: "Someone Else")])],
                                             messageId: "M0"))
        func run(_ day: String) throws -> ProcessResult {
            try runSaatava(["run", "--config", path, "--as-of", day] + (day == "2026-03-16" ? ["--init"] : []))
        }
        func deliver() throws -> String {
            let result = try runSaatava(["deliver", "--config", path])
            XCTAssertEqual(result.status, 0, result.standardError)
            return result.standardError
        }
        XCTAssertEqual(try run("2026-03-16").status, 0)
        let down = try run("2026-03-23")
        XCTAssertEqual(down.status, 75, "the operator's server is down: \(down.standardError)")
        XCTAssertEqual(try deliveries(path).map { $0["status"] as? String }, ["failed"])
        let ledger = root.appendingPathComponent("work/state/saatava.sqlite").path
        XCTAssertEqual(try sqlite3(ledger, "SELECT i.invoice_number FROM reminders m JOIN invoices i ON i.id = m.invoice_id "
                                   + "ORDER BY 1"), ["INV1", "INV2", "INV3"], "the batch reminds all three")

        // After the run, the accountant places P3 on INV3; the server is up again.
        let assigned = try runSaatava(["resolve", "--config", path, "assign", "P3", "INV3"])
        XCTAssertEqual(assigned.status, 0, assigned.standardError)
        try server.start()
        XCTAssertTrue(try deliver().contains("withheld: the reminder of invoice INV3: 77.00 EUR placed on it since; "
                                             + "a person decides"))
        XCTAssertEqual(try remoteFiles(), [])

        // A hold on INV2 that begins next month changes nothing today.
        let later = try runSaatava(["hold", "--config", path, "add", "--invoice", "INV2", "--kind", "hold",
                                    "--from", "2026-04-01"])
        XCTAssertEqual(later.status, 0, later.standardError)
        // INV1 was paid on Friday 20.3.; its file comes with Tuesday's run.
        try drop("camt-1.xml", HandMade.camt([HandMade.Entry(archiveId: "E1", bookingDate: "2026-03-20", transactions: [
            HandMade.Transaction(archiveId: "P1", amount: "100.00", reference: "1009")])], messageId: "M1"))
        let up = try run("2026-03-24")
        XCTAssertEqual(up.status, 0, up.standardError)
        let why = "withheld: the reminder of invoice INV1: 100.00 EUR placed on it since; the reminder of invoice INV3: "
            + "77.00 EUR placed on it since; a person decides what of it to send by hand ('saatava deliver --drop' ends "
            + "its wait)"
        XCTAssertTrue(up.standardError.contains(why), up.standardError)
        XCTAssertEqual(try remoteFiles(), [], "nothing reaches the customers who paid")
        XCTAssertEqual(try deliveries(path).map { $0["status"] as? String }, ["failed"])
        let summary = try String(contentsOf: root.appendingPathComponent("work/outbox/2026-03-24/run-summary.json"),
                                 encoding: .utf8)
        XCTAssertTrue(summary.contains(why), summary)
        let status = try runSaatava(["status", "--config", path]).standardOutput
        XCTAssertTrue(status.contains("outbox/2026-03-23/reminders/reminders-finvoice.xml not delivered to operator, "
                                      + why), status)

        // INV2's customer disputes it; the batch stays withheld, and says so.
        let dispute = try runSaatava(["hold", "--config", path, "add", "--invoice", "INV2", "--kind", "dispute"])
        XCTAssertEqual(dispute.status, 0, dispute.standardError)
        XCTAssertTrue(try deliver().contains("the reminder of invoice INV2: dispute 2 in effect"))
        XCTAssertEqual(try remoteFiles(), [])
        XCTAssertEqual(try deliveries(path).map { $0["attempts"] as? Int }, [0],
                       "no upload ever begun: the server was down, then the batch was withheld")

        // The person sends the batch no further: dropped, it waits no more, and nothing ever uploads it.
        let batch = "outbox/2026-03-23/reminders/reminders-finvoice.xml"
        XCTAssertEqual(try runSaatava(["deliver", "--config", path, "--drop", batch]).status, 64, "a reason is needed")
        let twoLines = try runSaatava(["deliver", "--config", path, "--drop", batch, "--reason", "paid\n\u{1B}[2J"])
        XCTAssertEqual(twoLines.status, 64, "a reason is one line of text: \(twoLines.standardError)")
        for hidden in ["paid\u{2028}twice", "paid \u{202E}diap"] {
            let refused = try runSaatava(["deliver", "--config", path, "--drop", batch, "--reason", hidden])
            XCTAssertEqual(refused.status, 64, "a separator or a direction override hides what the reason says")
        }
        XCTAssertEqual(try deliveries(path).map { $0["status"] as? String }, ["failed"], "nothing dropped")
        let dropped = try runSaatava(["deliver", "--config", path, "--drop", "./" + batch, "--reason", "INV1, INV3 paid, INV2 "
                                      + "disputed"])
        XCTAssertEqual(dropped.status, 0, dropped.standardError)
        XCTAssertEqual(dropped.standardOutput, """
            dropped \(batch) → operator
            still recorded as issued: the reminder of invoice INV1; the reminder of invoice INV2; the reminder of \
            invoice INV3
            saatava deliver: 1 file(s) dropped; they will not be delivered.

            """)
        XCTAssertEqual(try deliveries(path).map { $0["status"] as? String }, ["dropped"])
        XCTAssertEqual(try deliveries(path).map { ($0["lastError"] as? String)?.hasSuffix(
            " by saatava deliver: INV1, INV3 paid, INV2 disputed") }, [true])
        XCTAssertEqual(try sqlite3(ledger, "SELECT action || ': ' || detail FROM audit WHERE entity = 'delivery'"),
                       ["dropped: not to be delivered to operator, by saatava deliver: INV1, INV3 paid, INV2 disputed"])
        let again = try runSaatava(["deliver", "--config", path, "--drop", batch, "--reason", "twice"])
        XCTAssertEqual(again.status, 65, again.standardError)
        XCTAssertTrue(again.standardError.contains("\(batch) waits for no delivery (to operator: dropped)"),
                      again.standardError)
        let unknown = try runSaatava(["deliver", "--config", path, "--drop", "outbox/none.xml ", "--reason", "typo"])
        XCTAssertEqual(unknown.status, 66, "no such file, as for any input missing: \(unknown.standardError)")
        XCTAssertTrue(unknown.standardError.contains("no delivery of 'outbox/none.xml ' is recorded"), unknown.standardError)
        let afterDrop = try runSaatava(["status", "--config", path]).standardOutput
        XCTAssertFalse(afterDrop.contains("reminders-finvoice.xml"), afterDrop)
        let release = try runSaatava(["hold", "--config", path, "release", "2"])
        XCTAssertEqual(release.status, 0, release.standardError)
        let next = try run("2026-03-25")
        XCTAssertEqual(next.status, 0, next.standardError)
        XCTAssertEqual(try remoteFiles(), [], "a dropped file never goes, though the dispute is released")
        XCTAssertEqual(try deliveries(path).map { $0["status"] as? String }, ["dropped"])
    }

    func test_unknownHostKey_isRefusedWith64_andNothingIsSent() throws {
        try server.start()
        let config = try config(knownHosts: "server/wrong_known_hosts")
        try collectionFile("transfer-\(day).json", "{}\n")
        let result = try runSaatava(["run", "--config", config, "--as-of", day, "--init"])
        XCTAssertEqual(result.status, 64, result.standardError)
        XCTAssertTrue(result.standardError.contains("Host key verification failed"), result.standardError)
        XCTAssertEqual(try remoteFiles(), [])
        XCTAssertFalse(server.log.contains("Accepted publickey"), server.log)
        XCTAssertEqual(try deliveries(config).map { $0["status"] as? String }, ["failed"])
    }

    /// No sftp to start: the destination is refused (64), the file waits, and the day's report is still written.
    func test_noSftpOnThePath_isRefusedWith64_andTheFileWaits() throws {
        try server.start()
        let config = try config()
        try collectionFile("transfer-\(day).json", "{}\n")
        let empty = root.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = try runSaatava(["run", "--config", config, "--as-of", day, "--init"], path: empty.path) {}
        XCTAssertEqual(result.status, 64, result.standardError)
        XCTAssertTrue(result.standardError.contains("sftp: cannot start"), result.standardError)
        XCTAssertTrue(FileManager.default.fileExists(
            atPath: root.appendingPathComponent("work/outbox/\(day)/report.html").path))
        XCTAssertEqual(try remoteFiles(), [])
        XCTAssertEqual(try deliveries(config).map { $0["status"] as? String }, ["failed"])
    }

    func test_runKilledBetweenUploadAndReceipt_theFileIsRecordedNotSentAgain() throws {
        // The first run's upload finishes on the server, but the run hears of no success (as if it had been killed
        // after the rename, before the receipt): an sftp that uploads and then fails. The next try asks the folder,
        // finds the file there with its size, records it and sends nothing.
        try server.start()
        let config = try config()
        let text = "invoiceNumber\n1001\n"
        try collectionFile("transfer-\(day).csv", text)
        let path = try sftpWrapper("""
            /usr/bin/sftp "$@" || exit $?
            prev=""; for arg in "$@"; do [ "$prev" = "-b" ] && batch="$arg"; prev="$arg"; done
            grep -q '^put' "$batch" && exit 255
            exit 0
            """)
        let cut = try runSaatava(["run", "--config", config, "--as-of", day, "--init"], path: path) {}
        XCTAssertEqual(cut.status, 75, cut.standardError)
        let remote = server.remoteDir + "/\(day)-transfer-\(day).csv"
        XCTAssertEqual(try String(contentsOfFile: remote, encoding: .utf8), text, "the upload itself went through")
        XCTAssertEqual(try deliveries(config).first?["attempts"] as? Int, 1)
        let old = Date(timeIntervalSince1970: 946_684_800)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: remote)
        let result = try runSaatava(["deliver", "--config", config])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("recorded, not sent again"), result.standardError)
        let row = try XCTUnwrap(try deliveries(config).first)
        XCTAssertEqual(row["status"] as? String, "delivered")
        XCTAssertEqual(row["remotePath"] as? String, remote)
        let modified = try FileManager.default.attributesOfItem(atPath: remote)[.modificationDate] as? Date
        XCTAssertEqual(modified, old)
    }

    /// A file of the same name already in the agency's folder, before any upload of ours began, is another's (another
    /// working directory sending there, a file put by hand): it is never overwritten, whatever its size.
    func test_aFileOfThatNameOnTheServerBeforeAnyUpload_isNeverOverwritten() throws {
        try server.start()
        let config = try config()
        let text = "invoiceNumber\n1001\n"
        try collectionFile("transfer-\(day).csv", text)
        let remote = server.remoteDir + "/\(day)-transfer-\(day).csv"
        let theirs = String(repeating: "x", count: text.utf8.count)
        try theirs.write(toFile: remote, atomically: true, encoding: .utf8)
        let result = try runSaatava(["run", "--config", config, "--as-of", day, "--init"])
        XCTAssertEqual(result.status, 64, result.standardError)
        XCTAssertEqual(try String(contentsOfFile: remote, encoding: .utf8), theirs)
        let row = try XCTUnwrap(try deliveries(config).first)
        XCTAssertEqual(row["status"] as? String, "failed")
        XCTAssertEqual(row["attempts"] as? Int, 0)
        XCTAssertTrue((row["lastError"] as? String)?.contains("another file of that name, not overwritten") == true,
                      "\(row)")
    }

    /// The file sent is the file recorded: one changed while it waited is not uploaded, and the files after it (the
    /// manifest that names it) wait too.
    func test_aFileChangedWhileItWaited_isNotSent_norTheManifestAfterIt() throws {
        let config = try config()
        let transfer = try collectionFile("transfer-\(day).json", "{\"claims\": [\"INV41\"]}\n")
        try collectionFile("manifest.json", "{}\n")
        XCTAssertEqual(try runSaatava(["run", "--config", config, "--as-of", day, "--init"]).status, 75)
        try "{\"claims\": [\"INV99\"]}\n".write(toFile: root.appendingPathComponent("work/\(transfer)").path,
                                            atomically: true, encoding: .utf8)
        try server.start()
        let result = try runSaatava(["deliver", "--config", config])
        XCTAssertEqual(result.status, 64, result.standardError)
        XCTAssertEqual(try remoteFiles(), [])
        let rows = try deliveries(config)
        XCTAssertEqual(rows.map { $0["status"] as? String }, ["failed", "pending"], "the manifest is not tried")
        XCTAssertTrue((rows[0]["lastError"] as? String)?.contains("changed since it was recorded") == true, "\(rows)")
        XCTAssertEqual(rows[0]["sha256"] as? String, try sha256sum(text: "{\"claims\": [\"INV41\"]}\n"),
                       "the ledger keeps what was recorded")
    }

    func test_connectionKilledMidUpload_noPartialFileUnderItsName_thenDeliveredOnce() throws {
        try server.start()
        let config = try config()
        // 3 MB through a client slowed to 4 Mbit/s takes some 6 seconds: long enough to cut it in the middle.
        try collectionFile("transfer-\(day).csv", String(repeating: "1001,2026-05-04,120.00\n", count: 130_000))
        // An sftp first on PATH that is the real one, slowed down.
        let path = try sftpWrapper("exec /usr/bin/sftp -l 4000 \"$@\"")
        let run = try runSaatava(["run", "--config", config, "--as-of", day, "--init"], path: path) {
            // Cut the session once the upload has begun: some bytes are under the temporary name. However slow the
            // machine (a sanitizer makes the run start slowly), never before that, so the cut is always mid-upload.
            let part = self.server.remoteDir + "/\(self.day)-transfer-\(self.day).csv.part"
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline, ((try? FileManager.default.attributesOfItem(atPath: part)[.size] as? Int) ?? 0) < 100_000 {
                usleep(20_000)
            }
            self.server.killSessions()
        }
        XCTAssertEqual(run.status, 75, run.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: server.remoteDir + "/\(day)-transfer-\(day).csv"))
        XCTAssertEqual(try deliveries(config).map { $0["status"] as? String }, ["failed"])

        let retry = try runSaatava(["deliver", "--config", config])
        XCTAssertEqual(retry.status, 0, retry.standardError)
        let remote = server.remoteDir + "/\(day)-transfer-\(day).csv"
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: remote)[.size] as? Int, 23 * 130_000)
        XCTAssertEqual(try deliveries(config).map { $0["status"] as? String }, ["delivered"])
        XCTAssertEqual(try deliveries(config).first?["attempts"] as? Int, 2)
    }

    func test_withoutADestination_filesStayInTheOutbox_andThatIsNoError() throws {
        let config = root.appendingPathComponent("plain.json").path
        try "{\"workdir\": \"work\"}\n".write(toFile: config, atomically: true, encoding: .utf8)
        try collectionFile("transfer-\(day).json", "{}\n")
        let result = try runSaatava(["run", "--config", config, "--as-of", day, "--init"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try deliveries(config).count, 0)
    }
}

/// Runs the built binary with another PATH, calling `meanwhile` while it runs.
private func runSaatava(_ arguments: [String], path: String, meanwhile: () -> Void) throws -> ProcessResult {
    let process = Process()
    process.executableURL = Bundle.main.bundleURL.appendingPathComponent("saatava")
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = path
    process.environment = environment
    let output = root(of: process, \.standardOutput)
    let error = root(of: process, \.standardError)
    try process.run()
    meanwhile()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                         standardError: String(decoding: errorData, as: UTF8.self))
}

/// A pipe set as one of a process's outputs.
private func root(of process: Process, _ output: ReferenceWritableKeyPath<Process, Any?>) -> Pipe {
    let pipe = Pipe()
    process[keyPath: output] = pipe
    return pipe
}
