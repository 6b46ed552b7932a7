import Finvoice
import Foundation
import Receivables
import TestSupport
import XCTest

/// The Finvoice INV08 reminder writer: every message valid against the official schema, read back by saatava's own
/// parser, and the batch against a golden file.
final class ReminderWriterTests: XCTestCase {
    private let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The batch of the ordinary samples and the awkward one (the English letter-only sample is refused).
    private var batch: ReminderWriter.Batch {
        ReminderWriter.batch(ReminderSamples.documents + [ReminderSamples.awkward])
    }

    func test_batch_holdsEveryReminderWithAnEInvoiceAddress_andRefusesTheOthers() {
        let batch = batch
        XCTAssertEqual(batch.included, ["1001", "2026000471", "INV/2026/0000000042X"])
        XCTAssertEqual(batch.refused.map(\.description), [
            "reminder 1 of invoice 1003 cannot be sent as a Finvoice reminder: the buyer has no e-invoice address"
        ])
        XCTAssertEqual(ReminderWriter.batch([]).bytes, [])
    }

    /// The batch written a piece at a time (as a day's run writes it to its file) is the same batch, each piece a whole
    /// frame or message.
    func test_batchWrittenAPieceAtATime_isTheWholeBatch() {
        var pieces: [String] = []
        let (included, refused) = ReminderWriter.batch(ReminderSamples.documents + [ReminderSamples.awkward]) {
            pieces.append($0)
        }
        XCTAssertEqual(Array(pieces.joined().utf8), batch.bytes)
        XCTAssertEqual(included, batch.included)
        XCTAssertEqual(refused, batch.refused)
        XCTAssertEqual(pieces.count, 2 * included.count)
        XCTAssertTrue(pieces.allSatisfy { $0.hasPrefix("<?xml") }, "each piece a whole document")
    }

    func test_batch_everyMessageIsValidAgainstTheFinvoiceSchema() throws {
        let path = ProcessInfo.processInfo.environment["PATH", default: "/usr/bin:/bin"]
        guard
            let xmllint = path.split(separator: ":").map({ "\($0)/xmllint" })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw XCTSkip("xmllint is not installed (Debian: apt-get install libxml2-utils)") }
        let schema = folder.appendingPathComponent("Fixtures/Finvoice3.0.xsd").path
        let documents = Self.documents(in: batch.bytes)
        XCTAssertEqual(documents.count, 6, "a frame and a message per reminder")
        let directory = try temporaryDirectory("inv08")
        for (index, document) in documents.enumerated() {
            let file = directory.appendingPathComponent("\(index).xml")
            try Data(document.utf8).write(to: file)
            let isFinvoice = document.contains("<Finvoice ")
            XCTAssertEqual(isFinvoice, index % 2 == 1, "frame, message, frame, message, …")
            // A frame is checked for being well-formed XML; a message against Finance Finland's schema.
            let arguments = isFinvoice ? ["--noout", "--schema", schema, file.path] : ["--noout", file.path]
            let (status, output) = try Self.run(xmllint, arguments)
            XCTAssertEqual(status, 0, "document \(index) of the batch:\n\(output)\n\(document)")
        }
    }

    func test_batch_readsBackThroughTheFinvoiceParser() throws {
        let file = try temporaryDirectory("inv08").appendingPathComponent("reminders-finvoice.xml")
        try Data(batch.bytes).write(to: file)
        var invoices: [Invoice] = []
        var warnings: [String] = []
        try FinvoiceParser.parse(file: file.path, diagnostic: { warnings.append($0.description) }) {
            invoices.append($0)
        }
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(invoices.count, 3)
        for (invoice, document) in zip(invoices, [ReminderSamples.business, ReminderSamples.consumer]) {
            let reminder = document.reminder
            XCTAssertEqual(invoice.kind, .reminder)
            XCTAssertEqual(invoice.format, "finvoice-3.0")
            XCTAssertEqual(invoice.invoiceNumber, "\(reminder.invoiceNumber)-M\(reminder.step)")
            XCTAssertEqual(invoice.originalInvoiceNumber, reminder.invoiceNumber)
            XCTAssertEqual(invoice.invoiceDate, reminder.issuedOn)
            XCTAssertEqual(invoice.dueDate, reminder.payBy)
            XCTAssertEqual(invoice.amount, Amount(minorUnits: document.total, currency: .euro))
            XCTAssertEqual(invoice.reference, document.invoice.reference.flatMap { StatedReference(stated: $0) })
            XCTAssertEqual(invoice.reference?.matchingKey, try CreditorReference(parsing: document.invoice.reference!).matchingKey)
            XCTAssertEqual(invoice.overdueInterestPercent, reminder.interestRate)
            XCTAssertEqual(invoice.sellerId, document.creditor.businessId)
            XCTAssertEqual(invoice.sellerName, document.creditor.name)
            XCTAssertEqual(invoice.sellerAccount, document.creditor.iban)
            XCTAssertEqual(invoice.buyerId, document.customer.businessId)
            XCTAssertEqual(invoice.buyerName, document.customer.name)
            XCTAssertEqual(invoice.isConsumer, document.customer.isConsumer)
            XCTAssertEqual(invoice.buyerAddress, document.customer.address)
            XCTAssertEqual(invoice.language, document.customer.language)
            XCTAssertEqual(invoice.eInvoiceAddress, document.customer.eInvoiceAddress)
            XCTAssertEqual(invoice.eInvoiceIntermediator, document.customer.eInvoiceIntermediator)
            XCTAssertEqual(Customer(buyerOf: invoice).key, document.customer.key, "the reminder names the same customer")
        }
        XCTAssertEqual(invoices.map(\.amount.minorUnits), [1533_20, 109_09, 515_33],
                       "the Swedish sample asks its first reminder's fee again, less what was paid of charges")

        let awkward = invoices[2]
        XCTAssertEqual(awkward.invoiceNumber, "2026/0000000042X-M3", "the original's first characters give way")
        XCTAssertEqual(awkward.originalInvoiceNumber, "INV/2026/0000000042X")
        XCTAssertNil(awkward.reference)
        XCTAssertEqual(awkward.overdueInterestPercent, "10.125")
        XCTAssertEqual(
            awkward.buyerName,
            "Öljy & \"Kaasu\" <Itä> Oy, Pohjoisen ja Etelän Yhdistynyt Lämpö- ja Voimayhtiö Osakeyhtiö",
            "markup escaped, the control character and line break made spaces, written in two parts of ≤ 70")
        XCTAssertEqual(awkward.sellerName, "Saatava & Co <Demo> Oy")
        XCTAssertNil(awkward.buyerAddress, "an address without a town is left out")
        XCTAssertEqual(awkward.sellerAccount, "FI2112345600000785")
        XCTAssertEqual(awkward.language, "fi", "no texts in German: Finnish")
    }

    func test_batch_matchesItsGoldenFile() throws {
        try assertGolden(String(decoding: batch.bytes, as: UTF8.self), "reminders-finvoice.xml")
    }

    func test_frame_isTimestampedAtMidnightInHelsinki_summerTimeOrNot() throws {
        XCTAssertTrue(try ReminderWriter.message(ReminderSamples.business).frame.contains(
            "<eb:Timestamp>2026-11-27T00:00:00+02:00</eb:Timestamp>"))
        XCTAssertTrue(try ReminderWriter.message(ReminderSamples.awkward).frame.contains(
            "<eb:Timestamp>2026-06-15T00:00:00+03:00</eb:Timestamp>"))
    }

    func test_reminderNumber_isTheOriginalWithTheStep_atMostTwentyCharacters() {
        XCTAssertEqual(ReminderWriter.reminderNumber(ReminderSamples.business.reminder), "1001-M1")
        XCTAssertEqual(ReminderWriter.reminderNumber(ReminderSamples.consumer.reminder), "2026000471-M2")
        XCTAssertEqual(ReminderWriter.reminderNumber(ReminderSamples.awkward.reminder), "2026/0000000042X-M3")
    }

    func test_message_refusesWhatCannotBeWrittenValidly() {
        let sample = ReminderSamples.business
        func refusal(_ customer: Customer) -> String? {
            let document = ReminderDocument(
                reminder: sample.reminder, invoice: sample.invoice, customer: customer, creditor: sample.creditor)
            let checked: ReminderWriter.Refusal?
            do {
                try ReminderWriter.check(document)
                checked = nil
            } catch {
                checked = error
            }
            do {
                _ = try ReminderWriter.message(document)
                XCTAssertNil(checked, "check refuses only what message refuses")
                return nil
            } catch {
                XCTAssertEqual(checked, error, "check refuses what message refuses, for the same reason")
                return error.problem
            }
        }
        let nameless = Customer(
            key: "id:7654321-2", name: " ", businessId: nil, isConsumer: false, address: nil, language: nil,
            eInvoiceAddress: "003776543212", eInvoiceIntermediator: "003721291126")
        XCTAssertEqual(refusal(nameless), nil, "the invoice's customer name stands in")
        let noOperator = Customer(
            key: "id:7654321-2", name: "Virtanen Oy", businessId: nil, isConsumer: false, address: nil, language: nil,
            eInvoiceAddress: "003776543212", eInvoiceIntermediator: nil)
        XCTAssertEqual(refusal(noOperator), "the buyer's e-invoice address has no intermediator (operator)")
    }

    // MARK: Helpers

    /// The XML documents of a batch, each from its declaration to the next.
    private static func documents(in bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "<?xml ").dropFirst().map { "<?xml " + $0 }
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Compares with `Golden/<name>`; a missing golden file (or RECORD_GOLDEN set) is written and the test fails,
    /// to be checked by hand.
    private func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = folder.appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            XCTFail("recorded Golden/\(name); check it by hand and run again", file: file, line: line)
            return
        }
        XCTAssertEqual(actual, try String(contentsOf: url, encoding: .utf8), name, file: file, line: line)
    }
}
