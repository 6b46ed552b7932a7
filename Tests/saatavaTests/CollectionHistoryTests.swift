import Foundation
import SystemIO
import TestSupport
import XCTest

/// Transfers to collection over a generated history (`gen --days`), run day by day through the built binary: every
/// claim of every transfer file agrees with the ledger on its day (amount − paid − credited is what the invoice
/// owed then), every manifest's totals are its claims' sums and its digests the files', and every payment reported
/// to the agency is for an invoice transferred before.
final class CollectionHistoryTests: XCTestCase {
    private func cents(_ value: Any?) -> Int {
        let text = value as! String
        let negative = text.hasPrefix("-")
        let parts = text.drop { $0 == "-" }.split(separator: ".")
        let magnitude = Int(parts[0])! * 100 + (parts.count > 1 ? Int(parts[1])! : 0)
        return negative ? -magnitude : magnitude
    }

    func test_aGeneratedHistory_everyClaimAgreesWithTheLedger_andEveryManifestWithItsClaims() throws {
        let root = try temporaryDirectory("collection-history")
        let history = root.appendingPathComponent("history")
        let generated = try runSaatava(["gen", "--days", "95", "--invoices", "3", "--seed", "7", "--as-of", "2025-06-02",
                                        "--out", history.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let config = work.appendingPathComponent("config.json").path
        try """
            { "workdir": ".", "creditor": { "name": "Kaukokiito Testi Oy", "businessId": "1234567-1", "iban": "FI2112345600000785",
              "eInvoiceAddress": "003712345671", "eInvoiceIntermediator": "NDEAFIHH" } }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let saatava = Bundle.main.bundleURL.appendingPathComponent("saatava").path
        let allDays = try FileManager.default.contentsOfDirectory(atPath: history.appendingPathComponent("days").path).sorted()
        for day in allDays {
            for name in try FileManager.default.contentsOfDirectory(atPath: history.appendingPathComponent("days/\(day)/inbox").path) {
                try FileManager.default.copyItem(at: history.appendingPathComponent("days/\(day)/inbox/\(name)"),
                                                 to: work.appendingPathComponent("inbox/\(name)"))
            }
            let run = try ChildProcess.run(saatava, ["run", "--config", config, "--as-of", day])
            XCTAssertTrue([0, 65].contains(run.status), "\(day): exit \(run.status)")
        }

        let database = work.appendingPathComponent("state/saatava.sqlite").path
        var claimCount = 0
        var paymentRows = 0
        var transferredOn: [String: String] = [:]
        for day in allDays {
            let folder = work.appendingPathComponent("outbox/\(day)/collection")
            guard FileManager.default.fileExists(atPath: folder.path) else { continue }
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
                as! [String: Any]
            for file in manifest["files"] as! [[String: Any]] {
                let bytes = try Data(contentsOf: folder.appendingPathComponent(file["name"] as! String))
                XCTAssertEqual(file["size"] as? Int, bytes.count, "\(day) \(file["name"]!)")
                XCTAssertEqual(file["sha256"] as? String, try sha256sum(file: folder.appendingPathComponent(file["name"] as! String).path))
            }
            let transferURL = folder.appendingPathComponent("transfer-\(day).json")
            var claims: [[String: Any]] = []
            if FileManager.default.fileExists(atPath: transferURL.path) {
                let transfer = try JSONSerialization.jsonObject(with: Data(contentsOf: transferURL)) as! [String: Any]
                claims = transfer["claims"] as! [[String: Any]]
            }
            XCTAssertEqual(manifest["claims"] as? Int, claims.count, day)
            // What each invoice owed in principal when the day's run ended: the ledger's open amount then.
            let owed = Dictionary(uniqueKeysWithValues: try sqlite3(database, separator: "\t", """
                SELECT i.invoice_number, i.amount - coalesce((SELECT sum(a.amount) FROM allocations a JOIN runs r ON r.id = a.run_id
                    WHERE a.invoice_id = i.id AND a.pays_charges = 0 AND r.as_of <= '\(day)'), 0)
                FROM invoices i WHERE i.id IN (SELECT invoice_id FROM reminders WHERE action = 'collection' AND issued_on = '\(day)')
                """).map { row in let columns = row.split(separator: "\t"); return (String(columns[0]), Int(columns[1])!) })
            XCTAssertEqual(Set(owed.keys), Set(claims.map { $0["invoiceNumber"] as! String }), "\(day): a claim per transfer")
            var sums: [String: Int] = [:]
            for claim in claims {
                let number = claim["invoiceNumber"] as! String
                let open = cents(claim["amount"]) - cents(claim["paid"]) - cents(claim["credited"])
                XCTAssertEqual(open, cents(claim["open"]), "\(day) \(number)")
                XCTAssertEqual(open, owed[number], "\(day) \(number): the ledger's open amount on the transfer day")
                XCTAssertGreaterThan(open, 0, "\(day) \(number): only what is owed is transferred")
                let interest = cents((claim["interest"] as! [String: Any])["amount"])
                XCTAssertEqual(cents(claim["total"]), open + interest + cents(claim["fees"]) + cents(claim["compensation"]))
                for key in ["amount", "paid", "credited", "open", "fees", "compensation", "total"] { sums[key, default: 0] += cents(claim[key]) }
                sums["interest", default: 0] += interest
                transferredOn[number] = day
            }
            claimCount += claims.count
            let totals = manifest["claimTotals"] as! [[String: Any]]
            if claims.isEmpty { XCTAssertTrue(totals.isEmpty) } else {
                XCTAssertEqual(totals.count, 1, day)
                XCTAssertEqual(totals[0]["count"] as? Int, claims.count)
                for (key, sum) in sums { XCTAssertEqual(cents(totals[0][key]), sum, "\(day) \(key)") }
            }
            let paymentsURL = folder.appendingPathComponent("payments-\(day).csv")
            if FileManager.default.fileExists(atPath: paymentsURL.path) {
                let rows = try String(contentsOf: paymentsURL, encoding: .utf8).components(separatedBy: "\r\n").dropFirst()
                    .filter { !$0.isEmpty }
                XCTAssertEqual(manifest["payments"] as? Int, rows.count)
                for row in rows {
                    let number = String(row.prefix { $0 != "," })
                    XCTAssertNotNil(transferredOn[number].map { $0 < day }, "\(day): \(row) is for an invoice transferred before")
                }
                paymentRows += rows.count
            }
        }
        XCTAssertGreaterThan(claimCount, 20, "the history sends many invoices to collection")
        let view = try runSaatava(["ledger", "transfers", "--config", config]).standardOutput
        XCTAssertEqual(view.split(separator: "\n").count, claimCount, "the transfers view lists each transfer once")
        let files = try sqlite3(database, "SELECT DISTINCT issued_on || ' ' || coalesce(file, '') FROM reminders WHERE action = 'collection'")
        XCTAssertTrue(files.allSatisfy { $0.hasSuffix(" collection/transfer-\($0.prefix(10)).json") }, "\(files)")
        print("collection history: \(claimCount) claims, \(paymentRows) payments reported to the agency")
    }
}
