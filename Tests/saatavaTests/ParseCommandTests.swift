import Foundation
import TestSupport
import XCTest

/// `saatava parse` end to end: golden JSON Lines for every bank-file sample, and the error contract.
///
/// Each golden file under Snapshots/ was checked by hand once against its XML or KTL source: for payments the
/// entry and transaction amounts and directions, archive ids, references (canonical, and `invalid` for the Swiss
/// and "ISR" references), dates, payer names, reversals, return reasons; for invoices the totals (credit notes
/// negative), types, references (20-digit SPY canonicalised, the failing RF and SPY ones `invalid`), due dates,
/// names in their encodings ("Myyjä", "yksikkö"); and the warnings on stderr.
final class ParseCommandTests: XCTestCase {
    private let fixtures = packageRoot.appendingPathComponent("Tests/BankFilesTests/Fixtures").path

    private let invoiceFixtures = packageRoot.appendingPathComponent("Tests/FinvoiceTests/Fixtures").path

    func test_everyBankFileSample_matchesItsGoldenOutput() throws {
        try assertGoldenOutputs(in: fixtures, count: 21)
    }

    func test_everyFinvoiceSample_matchesItsGoldenOutput() throws {
        try assertGoldenOutputs(in: invoiceFixtures, count: 9)
    }

    private func assertGoldenOutputs(in folder: String, count: Int) throws {
        let samples = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { ($0.hasSuffix(".xml") || $0.hasSuffix(".SVM")) && !$0.contains("invalid") }.sorted()
        XCTAssertEqual(samples.count, count)
        for sample in samples {
            let result = try runSaatava(["parse", sample], in: folder)
            XCTAssertEqual(result.status, 0, "\(sample): \(result.standardError)")
            try assertSnapshot(result.standardOutput, named: "\(sample).jsonl")
            try assertSnapshot(result.standardError, named: "\(sample).stderr")
        }
    }

    func test_badFile_isOneLineOnStderrAndTheOthersStillParse() throws {
        let invalid = "dvbern-iso20022__v00104-invalid__camt_054_Beispiel_NotificationMissing.xml"
        let good = "django-jbank__data_svm_547392460.SVM"
        let result = try runSaatava(["parse", invalid, good, "README.md"], in: fixtures)
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(lines(result.standardOutput).count, 1)
        XCTAssertEqual(lines(result.standardError), [
            "\(invalid):2:1: not a bank file or Finvoice: the root element is <Document> without a namespace",
            "README.md:1:1: not a bank file or Finvoice: it is neither XML nor a KTL reference-payment file",
        ])
    }

    func test_smallFinvoiceBatch_isToldByItsFirstDocumentOnly() throws {
        // Detection once parsed a whole small file as one document and tripped over the second declaration.
        let batch = """
            <?xml version="1.0"?>
            <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"/>
            <?xml version="1.0"?>
            <Finvoice Version="3.0"><InvoiceDetails><InvoiceTypeCode>INV01</InvoiceTypeCode>\
            <InvoiceNumber>7</InvoiceNumber><InvoiceDate Format="CCYYMMDD">20250301</InvoiceDate>\
            <InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier="EUR">1,00</InvoiceTotalVatIncludedAmount>\
            </InvoiceDetails></Finvoice>

            """
        let directory = try temporaryDirectory("parse")
        try batch.write(to: directory.appendingPathComponent("pair.xml"), atomically: true, encoding: .utf8)
        let result = try runSaatava(["parse", "pair.xml"], in: directory.path)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(lines(result.standardOutput).count, 1)
    }

    func test_missingFile_exits66() throws {
        let result = try runSaatava(["parse", "no-such-file.xml"], in: fixtures)
        XCTAssertEqual(result.status, 66)
        XCTAssertEqual(result.standardError, "no-such-file.xml: No such file or directory\n")
    }

    func test_formatOption_refusesAFileOfAnotherFormat() throws {
        let result = try runSaatava(["parse", "--format", "camt053", "genkgo-camt__camt054.v4.xml"], in: fixtures)
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.standardError, "genkgo-camt__camt054.v4.xml: expected a camt.053 file, but it is camt.054\n")
        XCTAssertEqual(try runSaatava(["parse", "--format", "ktl", "django-jbank__data_svm_547392460.SVM"], in: fixtures).status, 0)
        XCTAssertEqual(try runSaatava(["parse", "--format", "pdf", "x"], in: fixtures).status, 64)
    }

    func test_contentNotName_decidesTheFormat() throws {
        let directory = try temporaryDirectory("parse")
        try FileManager.default.copyItem(
            atPath: "\(fixtures)/django-jbank__data_svm_547392460.SVM", toPath: directory.appendingPathComponent("payments.xml").path)
        let result = try runSaatava(["parse", "payments.xml"], in: directory.path)
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.standardOutput.contains(#""format":"ktl""#))
    }
}
