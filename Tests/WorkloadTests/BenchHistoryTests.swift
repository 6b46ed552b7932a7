import Foundation
import TestSupport
@testable import Workload
import XCTest

/// What `bench --history --dunning yes` does to a generated day before its run.
final class BenchHistoryTests: XCTestCase {
    /// The accountant decides from the last run's form (its lines end in CRLF, as the run writes them): a generated
    /// decision naming a payment the form does not list (its excess went to a reminder's fee) is dropped, and a file
    /// left with no decision is not dropped in at all.
    func test_decisionsKeepOnlyThePaymentsTheLastFormLists() throws {
        let directory = try temporaryDirectory("bench-decisions")
        let form = directory.appendingPathComponent("unmatched-payments.csv").path
        try [
            "archiveId,bookingDate,amount,currency,payerName,reference,remittanceText,reason,unapplied",
            "GEN20270111H0000065,2027-01-11,10.00,EUR,\"Oy Pilkku, Ab\",,\"lasku 12, kiitos\",no_reference,10.00",
            "GEN20270112H0000007,2027-01-12,5.00,EUR,Maija,104352502,,overpayment,5.00",
        ].map { $0 + "\r\n" }.joined().write(toFile: form, atomically: true, encoding: .utf8)
        let decisions = directory.appendingPathComponent("decisions-20270118.csv").path
        try """
            archiveId,action,invoiceNumber,note
            GEN20270111H0000065,assign,1418155,paid without the invoice's reference
            GEN20270111H0000066,refund,,overpaid
            GEN20270112H0000007,refund,,overpaid

            """.write(toFile: decisions, atomically: true, encoding: .utf8)

        XCTAssertTrue(try Bench.keepDecisionsOnTheForm(decisions, form: form))
        XCTAssertEqual(try String(contentsOfFile: decisions, encoding: .utf8), """
            archiveId,action,invoiceNumber,note
            GEN20270111H0000065,assign,1418155,paid without the invoice's reference
            GEN20270112H0000007,refund,,overpaid

            """)

        let nothingLeft = directory.appendingPathComponent("decisions-20270119.csv").path
        try "archiveId,action,invoiceNumber,note\nGEN20270111H0000066,refund,,overpaid\n"
            .write(toFile: nothingLeft, atomically: true, encoding: .utf8)
        XCTAssertFalse(try Bench.keepDecisionsOnTheForm(nothingLeft, form: form))
        XCTAssertFalse(FileManager.default.fileExists(atPath: nothingLeft))
    }
}
