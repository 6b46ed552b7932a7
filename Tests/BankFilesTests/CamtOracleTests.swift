import BankFiles
import Foundation
import Receivables
import XCTest

/// Compares what saatava reads with the origin projects' own expected results (an independent oracle).
final class CamtOracleTests: XCTestCase {
    /// genkgo/camt's JSON: each entry (found by its AcctSvcrRef) has the same transactions with the same amounts
    /// and booking date. (Their JSON lists an entry's first transaction as `getTransactionDetail`.)
    func test_genkgoSamples_matchTheirExpectedAmountsAndDates() throws {
        for name in [
            "genkgo-camt__camt054.v2", "genkgo-camt__camt054.v4", "genkgo-camt__camt054.v8",
            "genkgo-camt__camt053.v2.multi.statement", "genkgo-camt__camt053.v4", "genkgo-camt__camt053.v8",
        ] {
            let data = try Data(contentsOf: URL(fileURLWithPath: fixture(name + ".json")))
            let oracle = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            let payments = try parseCamt(fixture(name + ".xml")).payments
            let entries = oracle["getEntries"] as! [[String: Any]]
            XCTAssertFalse(entries.isEmpty, name)
            var unreferenced = payments.filter { $0.entryArchiveId == nil }[...]
            for entry in entries {
                let reference = entry["getAccountServicerReference"] as? String
                let details = entry["getTransactionDetails"] as? [Any] ?? []
                // Entries without an archive reference are matched in order.
                let ours = reference.map { reference in payments.filter { $0.entryArchiveId == reference } }
                    ?? Array(unreferenced.prefix(max(details.count, 1)))
                if reference == nil { unreferenced = unreferenced.dropFirst(ours.count) }
                let transactions = [entry["getTransactionDetail"] as Any] + details.dropFirst()
                XCTAssertEqual(ours.count, max(details.count, 1), "\(name) \(reference ?? "-")")
                for (payment, transaction) in zip(ours, transactions) {
                    if let expected = minorUnits((transaction as? [String: Any])?["getAmount"]) {
                        XCTAssertEqual(payment.amount?.minorUnits, abs(expected), "\(name) \(payment.archiveId)")
                    }
                    XCTAssertEqual(payment.bookingDate?.description, date(entry["getBookingDate"]), name)
                }
            }
        }
    }

    /// django-jbank's expected dictionary: the entry amounts, the references and the remittance lines.
    func test_djangoJbankSample_matchesItsExpectedDictionary() throws {
        let oracle = try String(
            contentsOfFile: fixture("django-jbank__camt_054_credit_notoification_example_finland.expected-dict.txt"),
            encoding: .utf8)
        let parsed = try parseCamt(fixture("django-jbank__camt_054_credit_notoification_example_finland.xml"))
        let entryAmounts = matches(of: #""AcctSvcrRef": "[^"]+",\s*"Amt": \{"@": "([0-9.]+)""#, in: oracle)
        XCTAssertEqual(entryAmounts, ["88.16", "742.45", "6000.54", "216.85"])
        XCTAssertEqual(parsed.payments.map { $0.amount!.decimalString }, entryAmounts)
        XCTAssertEqual(matches(of: #""Ref": "([0-9]+)""#, in: oracle), ["9544208"])
        XCTAssertEqual(parsed.payments.compactMap { $0.reference?.text }, ["9544208"])
        XCTAssertEqual(parsed.payments[0].remittanceText, "9597349")
        XCTAssertNil(parsed.payments[0].reference, "a reference only in Ustrd stays in the text")
        // One payment settles invoice CINV 9580572 less two credit notes.
        let parts = parsed.payments[2].parts
        XCTAssertEqual(parts.map { $0.documentType }, ["CINV", "CREN", "CREN"])
        XCTAssertEqual(parts.map { $0.amount!.minorUnits }.reduce(0, +), parsed.payments[2].amount!.minorUnits)
        XCTAssertEqual(parsed.payments[3].instructedAmount?.description, "2082.58 SEK")
        XCTAssertEqual(parsed.diagnostics, [], "TxsSummry (4 entries, sum 7048) agrees")
    }

    private func minorUnits(_ money: Any?) -> Int64? {
        guard let money = money as? [String: Any], let amount = money["getAmount"] as? String else { return nil }
        return Int64(amount)
    }

    private func date(_ value: Any?) -> String? {
        guard let value = value as? [String: Any], let text = value["0"] as? String else { return nil }
        return String(text.prefix(10))
    }

    private func matches(of pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }
}
