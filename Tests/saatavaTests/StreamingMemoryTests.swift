import Foundation
import SystemIO
import TestSupport
import XCTest

/// A process streaming a 100+ MB XML file stays under 50 MB resident (its own VmHWM, sampled while it runs).
final class StreamingMemoryTests: XCTestCase {
    func test_streaming105MB_staysUnder50MBResident() throws {
        try skipMemoryFiguresUnderSanitizer()
        let url = try temporaryDirectory("big").appendingPathComponent("big.xml")
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        // Entries with a long message: few nodes per megabyte, so that the debug build reads it quickly.
        let message = String(repeating: "Lasku 100042, kiitos. ", count: 90)
        let entry = "<Ntry><Amt Ccy=\"EUR\">1165.50</Amt><Ustrd>\(message)</Ustrd></Ntry>\n"
        let chunk = Data(String(repeating: entry, count: 500).utf8)
        handle.write(Data("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:test\"><Ntfctn>\n".utf8))
        var written = 0
        while written < 105_000_000 {
            handle.write(chunk)
            written += chunk.count
        }
        handle.write(Data("</Ntfctn></Document>\n".utf8))
        try handle.close()

        let run = try ChildProcess.run(Bundle.main.bundleURL.appendingPathComponent("saatava").path, ["bench", "--scan", url.path])
        XCTAssertEqual(run.status, 0)
        XCTAssertGreaterThan(run.peakResidentBytes, 0, "VmHWM was sampled")
        XCTAssertLessThan(run.peakResidentBytes, 50 << 20, "peak resident \(run.peakResidentBytes >> 20) MB")
    }
}
