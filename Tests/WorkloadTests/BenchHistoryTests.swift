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

    /// With dunning, each step is checked against the money that had come for its invoice by its day: payments meant
    /// for it (whatever reference they carried) less reversals, and credit notes; pending money is not yet come.
    func test_aStepForAnInvoiceWhoseMoneyHadAllCome_stopsTheBench() throws {
        let directory = try temporaryDirectory("bench-steps")
        func truth(_ day: String, invoices: [[String: Any]], payments: [[String: Any]]) throws -> String {
            let path = directory.appendingPathComponent("truth-\(day).json").path
            try JSONSerialization.data(withJSONObject: ["invoices": invoices, "payments": payments])
                .write(to: URL(fileURLWithPath: path))
            return path
        }
        func invoice(_ number: String, _ amount: String, type: String = "invoice", original: String? = nil)
            -> [String: Any] {
            ["invoiceNumber": number, "amount": amount, "type": type, "originalInvoiceNumber": original ?? NSNull()]
        }
        func payment(_ archiveId: String, _ amount: String, for number: String?, status: String = "matched",
                     reversal: Bool = false) -> [String: Any] {
            ["archiveId": archiveId, "amount": amount, "invoiceNumber": number ?? NSNull(), "status": status,
             "reversal": reversal]
        }
        var fold = TruthFold()
        let firstInvoices = [invoice("1", "100.00"), invoice("2", "50.00"), invoice("3", "80.00")]
        _ = try fold.add(try truth("d1", invoices: firstInvoices,
                                   payments: [payment("A", "60.00", for: "1"), payment("B", "50.00", for: "2"),
                                              payment("C", "80.00", for: "3", status: "pending")]), on: "2027-01-04")
        _ = try fold.add(try truth("d2", invoices: [invoice("9", "-40.00", type: "credit_note", original: "1")],
                                   payments: [payment("B", "50.00", for: "2", reversal: true)]), on: "2027-01-05")
        _ = try fold.add(try truth("d3", invoices: [],
                                   payments: [payment("C", "80.00", for: "3")]), on: "2027-01-06")
        func step(_ number: String, _ day: String) -> TruthFold.Step {
            TruthFold.Step(invoiceNumber: number, day: day, isTransfer: false)
        }

        // Part paid, reversed, or only pending: the steps stand, and two of them had money before.
        let checked = try fold.check([step("1", "2027-01-04"), step("2", "2027-01-05"), step("3", "2027-01-05")])
        XCTAssertEqual(checked.steps, 3)
        XCTAssertEqual(checked.withMoneyBefore, 2)
        // 60.00 paid and a 40.00 credit note: invoice 1's money had all come.
        XCTAssertThrowsError(try fold.check([step("1", "2027-01-05")])) { error in
            XCTAssertTrue("\(error)".contains("invoice 1 reminded on 2027-01-05"), "\(error)")
        }
        // Paid, and not yet reversed on the day of the step.
        XCTAssertThrowsError(try fold.check([step("2", "2027-01-04")]))
        // The pending money booked.
        let transfer = TruthFold.Step(invoiceNumber: "3", day: "2027-01-06", isTransfer: true)
        XCTAssertThrowsError(try fold.check([transfer])) {
            XCTAssertTrue("\($0)".contains("invoice 3 transferred on 2027-01-06"), "\($0)")
        }
    }
}
