import BankFiles
import Receivables
import XCTest

/// The KTL reference-payment file: records 0, 3, 5, 9, several batches, CRLF or LF, ISO-8859-1 names.
final class KTLParserTests: XCTestCase {
    /// A 90-character record from fields laid out by position.
    private func record(_ text: String) -> String {
        precondition(text.count <= 90, "record longer than 90: \(text.count)")
        return text + String(repeating: " ", count: 90 - text.count)
    }

    private func header(date: String = "250310") -> String { record("0\(date)1200 2123456789" + "1") }

    /// A payment record: type, archive id, 20-digit reference, 12-character name, cents, correction, feedback.
    private func payment(
        type: String = "3", archiveId: String, reference: String, name: String, cents: Int, correction: String = "0",
        feedback: String = "0"
    ) -> String {
        let paddedName = name.padding(toLength: 12, withPad: " ", startingAt: 0)
        let amount = String(format: "%010d", cents)
        let paddedArchive = archiveId.padding(toLength: 16, withPad: " ", startingAt: 0)
        let paddedReference = String(repeating: "0", count: 20 - reference.count) + reference
        return record("\(type)29501800000022250310250309\(paddedArchive)\(paddedReference)\(paddedName)1A\(amount)\(correction)A\(feedback)")
    }

    private func summary(count: Int, cents: Int, corrections: (Int, Int) = (0, 0), failed: (Int, Int) = (0, 0)) -> String {
        record("9" + String(format: "%06d%011d%06d%011d%06d%011d", count, cents, corrections.0, corrections.1, failed.0, failed.1))
    }

    func test_realNordeaFile_readsItsOnePayment() throws {
        let parsed = try parseKTL(fixture("django-jbank__data_svm_547392460.SVM"))
        XCTAssertEqual(parsed.diagnostics, [])
        let read = try XCTUnwrap(parsed.payments.first)
        XCTAssertEqual(parsed.payments.count, 1)
        XCTAssertEqual(read.summary, "02042588WWRV0212 49.00 EUR credit 13013")
        XCTAssertEqual(read.payerName, "KATAJAINEN J")
        XCTAssertEqual(read.bookingDate?.description, "2018-02-05")
        XCTAssertEqual(read.paymentDate?.description, "2018-02-04")
        XCTAssertEqual(read.format, "ktl")
        XCTAssertEqual(try IBAN(parsing: read.account!).canonical, "FI4947300010416310")
    }

    func test_severalBatchesLFAndLatin1Names() throws {
        let lines = [
            header(), payment(archiveId: "A1", reference: "1232", name: "ÄÖ OY", cents: 12000), summary(count: 1, cents: 12000),
            header(), payment(archiveId: "B1", reference: "12344", name: "VIRTANEN", cents: 4550),
            payment(archiveId: "B2", reference: "12344", name: "VIRTANEN", cents: 4550, correction: "1"),
            payment(type: "5", archiveId: "B3", reference: "20230000177", name: "LAINE", cents: 624, feedback: "7"),
            summary(count: 1, cents: 4550, corrections: (1, 4550), failed: (1, 624)),
        ]
        let latin1 = Array(lines.joined(separator: "\n").unicodeScalars.map { UInt8($0.value) })
        let parsed = try parseKTL(try temporaryFile("ktl.txt", latin1))
        XCTAssertEqual(parsed.diagnostics, [])
        XCTAssertEqual(parsed.payments.map(\.summary), [
            "A1 120.00 EUR credit 1232", "B1 45.50 EUR credit 12344", "B2 45.50 EUR debit 12344",
            "B3 6.24 EUR credit 20230000177",
        ])
        XCTAssertEqual(parsed.payments[0].payerName, "ÄÖ OY")
        XCTAssertEqual(parsed.payments.map(\.isReversal), [false, false, true, false])
        XCTAssertEqual(parsed.payments.map(\.returnReason), [nil, nil, nil, "7"])
        XCTAssertEqual(parsed.payments.map(\.isMoneyReceived), [true, true, false, false])
    }

    func test_crlfAndLF_readTheSame() throws {
        let lines = [header(), payment(archiveId: "A1", reference: "1232", name: "X", cents: 1), summary(count: 1, cents: 1)]
        let lf = try parseKTL(try temporaryFile("lf.txt", Array((lines.joined(separator: "\n") + "\n").utf8)))
        let crlf = try parseKTL(try temporaryFile("crlf.txt", Array((lines.joined(separator: "\r\n") + "\r\n").utf8)))
        XCTAssertEqual(lf.payments.map(\.summary), crlf.payments.map(\.summary))
        XCTAssertEqual(lf.payments.count, 1)
        let bom = try parseKTL(try temporaryFile("bom.txt", [0xEF, 0xBB, 0xBF] + Array(lines.joined(separator: "\r\n").utf8)))
        XCTAssertEqual(bom.payments.map(\.summary), lf.payments.map(\.summary), "a byte-order mark is not a record")
    }

    func test_summaryThatDoesNotAddUp_isAWarning() throws {
        let lines = [header(), payment(archiveId: "A1", reference: "1232", name: "X", cents: 100), summary(count: 2, cents: 300)]
        let path = try temporaryFile("ktl.txt", Array(lines.joined(separator: "\n").utf8))
        let parsed = try parseKTL(path)
        XCTAssertEqual(parsed.payments.count, 1)
        XCTAssertEqual(parsed.diagnostics, [
            "\(path):3:2: warning: the summary says 2 reference payments of 3.00 EUR, the batch holds 1 of 1.00 EUR"
        ])
    }

    func test_badField_namesLineColumnAndField() throws {
        let bad = payment(archiveId: "A1", reference: "1232", name: "X", cents: 100).replacingOccurrences(of: "0000000100", with: "00000001X0")
        let path = try temporaryFile("ktl.txt", Array([header(), bad].joined(separator: "\n").utf8))
        XCTAssertThrowsError(try parseKTL(path)) { error in
            XCTAssertEqual("\(error)", "\(path):2:78: amount (rahamäärä), positions 78–87: '00000001X0' is not 10 digits")
        }
        let unknown = try temporaryFile("ktl.txt", Array([header(), record("7abc")].joined(separator: "\n").utf8))
        XCTAssertThrowsError(try parseKTL(unknown)) { error in
            XCTAssertEqual("\(error)", "\(unknown):2:1: unknown record type '7': expected 0, 3, 5 or 9")
        }
    }

    func test_looksLikeKTL_tellsKTLFromOtherText() {
        XCTAssertTrue(KTLParser.looksLikeKTL(Array(header().utf8)))
        XCTAssertFalse(KTLParser.looksLikeKTL(Array("<?xml version=\"1.0\"?>".utf8)))
        XCTAssertFalse(KTLParser.looksLikeKTL(Array("0 hello, this is a letter to the bank and not a file".utf8)))
    }
}
