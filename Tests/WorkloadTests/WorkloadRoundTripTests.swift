import BankFiles
import Finvoice
import Foundation
import Receivables
import TestSupport
import Workload
import XCTest

/// What the generator writes parses back to exactly the values it planned, for many seeds, every camt version
/// and both Finvoice encodings; and the same seed always gives the same bytes.
final class WorkloadRoundTripTests: XCTestCase {
    private let asOf = LocalDate(year: 2026, month: 11, day: 27)!

    func test_invoicesAndPayments_parseBackExactlyOverManySeeds() throws {
        let versions = ["02", "04", "08", "10"]
        for seed in UInt64(1)...12 {
            let plan = WorkloadPlan(invoiceCount: 60, seed: seed, asOf: asOf)
            let written = try WorkloadWriter.write(
                plan, to: try temporaryDirectory("gen").path, camtVersion: versions[Int(seed) % versions.count], encoding: .mixed,
                batchSize: 25, seed: seed)
            XCTAssertGreaterThanOrEqual(written.finvoiceFiles.count, 3)

            var invoices: [Invoice] = []
            var warnings: [Diagnostic] = []
            for file in written.finvoiceFiles {
                try FinvoiceParser.parse(file: file, diagnostic: { warnings.append($0) }) { invoices.append($0) }
            }
            XCTAssertEqual(warnings, [], "seed \(seed)")
            XCTAssertEqual(invoices.count, plan.invoices.count, "seed \(seed)")
            for (read, planned) in zip(invoices, plan.invoices) {
                XCTAssertEqual(read.invoiceNumber, planned.invoiceNumber)
                XCTAssertEqual(read.kind, planned.kind)
                XCTAssertEqual(read.amount, planned.amount)
                XCTAssertEqual(read.reference, .valid(planned.writesRFReference ? planned.reference.rfForm : planned.reference))
                XCTAssertEqual(read.invoiceDate, planned.invoiceDate)
                XCTAssertEqual(read.dueDate, planned.dueDate)
                XCTAssertEqual(read.buyerName, planned.customer.name, "seed \(seed): encodings")
                XCTAssertEqual(read.buyerId, planned.customer.businessID)
                XCTAssertEqual(read.isConsumer, planned.customer.businessID == nil)
                XCTAssertEqual(read.originalInvoiceNumber, planned.originalInvoiceNumber)
                XCTAssertEqual(read.overdueInterestPercent, planned.overdueInterestPercent)
                XCTAssertEqual(read.sellerAccount, plan.account)
                XCTAssertEqual(read.language, planned.customer.language)
                XCTAssertEqual(
                    read.buyerAddress,
                    Invoice.PostalAddress(
                        street: planned.customer.street, postCode: planned.customer.postCode,
                        town: planned.customer.town, country: "FI"))
                // The generator routes every message to MessageReceiverDetails/ToIdentifier: a business's OVT code,
                // a consumer's own e-invoice address (it names no InvoiceRecipientDetails); and states the seller's
                // number for the customer.
                XCTAssertEqual(read.eInvoiceAddress, planned.customer.eInvoiceAddress)
                XCTAssertEqual(read.eInvoiceIntermediator, "OKOYFIHH")
                XCTAssertEqual(read.sellersBuyerIdentifier, planned.customer.customerNumber)
            }

            var payments: [Payment] = []
            for file in written.camtFiles {
                try CamtParser.parse(file: file, diagnostic: { warnings.append($0) }) { payments.append($0) }
            }
            XCTAssertEqual(warnings, [], "seed \(seed): control totals add up")
            let planned = plan.payments.filter { $0.direction == .credit } + plan.payments.filter { $0.direction == .debit }
            XCTAssertEqual(payments.count, planned.count)
            for (read, planned) in zip(payments, planned) {
                XCTAssertEqual(read.archiveId, planned.archiveId)
                XCTAssertEqual(read.amount, planned.amount)
                XCTAssertEqual(read.direction, planned.direction)
                XCTAssertEqual(read.isReversal, planned.isReversal)
                XCTAssertEqual(read.reference, planned.writtenReference.flatMap { StatedReference(stated: $0) })
                XCTAssertEqual(read.remittanceText, planned.remittanceText)
                XCTAssertEqual(read.payerName, planned.payerName)
                XCTAssertEqual(read.bookingDate, asOf)
            }
        }
    }

    /// Days generated with different seeds number their invoices and references apart, so that they can be run into one
    /// ledger one after the other; seed 1 keeps the numbers it always had.
    func test_differentSeeds_numberInvoicesAndReferencesApart() throws {
        let first = WorkloadPlan(invoiceCount: 50, seed: 1, asOf: asOf)
        let second = WorkloadPlan(invoiceCount: 50, seed: 2, asOf: asOf.adding(days: 1))
        XCTAssertEqual(first.invoices.first?.invoiceNumber, "100000")
        XCTAssertEqual(second.invoices.first?.invoiceNumber, "10100000")
        XCTAssertTrue(Set(first.invoices.map(\.invoiceNumber)).isDisjoint(with: second.invoices.map(\.invoiceNumber)))
        XCTAssertTrue(Set(first.invoices.map(\.reference.canonical)).isDisjoint(with: second.invoices.map(\.reference.canonical)))
    }

    func test_sameSeed_sameBytes_andTheTruthAddsUp() throws {
        let plan = WorkloadPlan(invoiceCount: 3_000, seed: 42, asOf: asOf)
        let first = try WorkloadWriter.write(plan, to: try temporaryDirectory("gen").path, seed: 42)
        let second = try WorkloadWriter.write(
            WorkloadPlan(invoiceCount: 3_000, seed: 42, asOf: asOf), to: try temporaryDirectory("gen").path, seed: 42)
        for (a, b) in zip(first.finvoiceFiles + first.camtFiles + [first.truthFile],
                          second.finvoiceFiles + second.camtFiles + [second.truthFile]) {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)))
        }
        XCTAssertEqual(Set(plan.payments.map(\.paymentCase)), Set(WorkloadPlan.Case.allCases), "every case appears")
        XCTAssertEqual(Set(plan.payments.map(\.archiveId)).count, plan.payments.count, "archive ids are unique")
        for invoice in plan.invoices where invoice.kind == .invoice {
            let open = invoice.amount.minorUnits - invoice.credited - invoice.paid
            XCTAssertGreaterThanOrEqual(open, 0)
            XCTAssertEqual(invoice.status, open == 0 ? "paid" : (invoice.paid > 0 ? "partially_paid" : "open"))
        }
        let ratio = Double(plan.payments.count) / Double(plan.invoices.filter { $0.kind == .invoice }.count)
        XCTAssertEqual(ratio, 0.85, accuracy: 0.05)
    }
}
