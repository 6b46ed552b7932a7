import BankFiles
import Foundation
import Receivables
import TestSupport
import XCTest

/// The inputs the `ktl` fuzz harness found (Fixtures/fuzz/ktl-*, docs/security.md), read through the harness's
/// contract: payments, or an error at a line and a column of the file; and the same damage met by the camt reader.
final class FuzzRegressionTests: XCTestCase {
    private var findings: [String] {
        get throws {
            let folder = URL(fileURLWithPath: fixture("fuzz"))
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                .map { folder.appendingPathComponent($0).path }
        }
    }

    /// Gzip's two magic bytes and then too little: the file is read decompressed, and the decompression's error
    /// ("unexpected end of file") had no place in the file (line 0), as if the file could not be read at all.
    func test_ktlFindings_failAtALineAndColumn() throws {
        let paths = try findings.filter { URL(fileURLWithPath: $0).lastPathComponent.hasPrefix("ktl-") }
        XCTAssertFalse(paths.isEmpty)
        for path in paths {
            XCTAssertThrowsError(try parseKTL(path), path) { error in
                XCTAssertTrue("\(error)".hasPrefix("\(path):1:1: cannot decompress: "), "\(error)")
            }
        }
    }

    /// `text` gzipped, without the last four bytes of gzip's trailer.
    private func gzippedAndCut(_ text: String, _ name: String) throws -> String {
        let plain = try temporaryFile(name, Array(text.utf8))
        let zipped = try runProgram("/bin/sh", ["-c", "gzip -c \"$0\" > \"$0.gz\"", plain])
        XCTAssertEqual(zipped.status, 0, zipped.standardError)
        return try temporaryFile(name, Array(try Data(contentsOf: URL(fileURLWithPath: plain + ".gz")).dropLast(4)))
    }

    /// Damaged gzip data after whole lines: the error is at the line where the data broke off, for the KTL reader and
    /// for the camt reader alike.
    func test_gzipCutAfterSomeLines_failsAtTheLineWhereItBroke() throws {
        // A batch of one payment (samples/bank/django-jbank__data_svm_547392460.SVM), its three records whole.
        let batch = "01802051946470208406991" + String(repeating: " ", count: 67) + "\n"
            + "34730001041631018020518020402042588WWRV021200000000000000013013KATAJAINEN J1 00000049000J \n"
            + "9000001000000049000000000000000000000000000000000000" + String(repeating: " ", count: 38) + "\n"
        let ktl = try gzippedAndCut(batch, "cut.ktl")
        XCTAssertThrowsError(try parseKTL(ktl)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(ktl):4:1: cannot decompress: "), "\(error)")
        }
        XCTAssertEqual(try parseKTL(try temporaryFile("whole.ktl", Array(batch.utf8))).payments.count, 1)
        let xml = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\">\n"
            + String(repeating: "<!-- a comment line before the cut -->\n", count: 50)
        let camt = try gzippedAndCut(xml, "cut.xml")
        XCTAssertThrowsError(try parseCamt(camt)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(camt):"), "\(error)")
            XCTAssertFalse("\(error)".hasPrefix("\(camt): "), "a place in the file: \(error)")
            XCTAssertTrue("\(error)".contains(": cannot decompress: "), "\(error)")
        }
    }
}
