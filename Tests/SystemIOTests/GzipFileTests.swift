import Foundation
import SystemIO
import TestSupport
import XCTest

final class GzipFileTests: XCTestCase {
    /// Bytes that are not all alike, some megabytes of them: several pieces of 128 KiB each way.
    private func sample(_ count: Int) -> [UInt8] {
        var state: UInt32 = 7
        return (0..<count).map { index in
            state = state &* 1_103_515_245 &+ 12_345
            return index % 3 == 0 ? UInt8(truncatingIfNeeded: state >> 16) : UInt8(ascii: "a") + UInt8(index % 26)
        }
    }

    private func contents(_ file: borrowing InputFile) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try file.read(into: $0) }
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }

    func test_compress_restoresTheVeryBytes_withGzipToo_atMode0640_leavingNoTemporaryFile() throws {
        let folder = try temporaryDirectory("gzip").path
        let original = sample(3_000_000)
        try Data(original).write(to: URL(fileURLWithPath: folder + "/input.xml"))
        var seen: [UInt8] = []
        try GzipFile.compress(folder + "/input.xml", to: folder + "/input.xml.gz", level: 6) { seen += $0 }
        XCTAssertEqual(seen, original, "each piece of the original is handed on as it is read")
        var restored: [UInt8] = []
        try GzipFile.decompress(folder + "/input.xml.gz") { restored += $0 }
        XCTAssertEqual(restored, original)
        let input = try InputFile(path: folder + "/input.xml.gz")
        let read = try contents(input)
        XCTAssertEqual(read, original)
        let gzip = try runProgram("/bin/sh", ["-c", "gzip -dc \"$0\" | cmp - \"$1\"", folder + "/input.xml.gz", folder + "/input.xml"])
        XCTAssertEqual(gzip.status, 0, gzip.standardOutput + gzip.standardError)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/input.xml.gz")
        XCTAssertEqual(attributes[.posixPermissions] as? Int, 0o640)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["input.xml", "input.xml.gz"])
    }

    func test_inputFile_readsAPlainFileAsItIs_andTellsGzipByItsBytes_notItsName() throws {
        let folder = try temporaryDirectory("gzip").path
        try Data("<Document/>\n".utf8).write(to: URL(fileURLWithPath: folder + "/plain.gz"))
        let plain = try InputFile(path: folder + "/plain.gz")
        XCTAssertFalse(plain.isCompressed)
        let plainBytes = try contents(plain)
        XCTAssertEqual(plainBytes, Array("<Document/>\n".utf8))
        try GzipFile.compress(folder + "/plain.gz", to: folder + "/named.xml", level: 1)
        let compressed = try InputFile(path: folder + "/named.xml")
        XCTAssertTrue(compressed.isCompressed)
        let compressedBytes = try contents(compressed)
        XCTAssertEqual(compressedBytes, Array("<Document/>\n".utf8))
    }

    func test_failures_nameTheFileAndSayWhy() throws {
        let folder = try temporaryDirectory("gzip").path
        XCTAssertThrowsError(try GzipFile.compress(folder + "/missing", to: folder + "/missing.gz", level: 6)) {
            XCTAssertEqual("\($0)", "\(folder)/missing: cannot open: No such file or directory")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [], "nothing is left behind")
        try Data("not gzip".utf8).write(to: URL(fileURLWithPath: folder + "/plain"))
        XCTAssertThrowsError(try GzipFile.decompress(folder + "/plain") { _ in }) {
            XCTAssertEqual("\($0)", "\(folder)/plain: cannot decompress: not a gzip file")
        }
        try GzipFile.compress(folder + "/plain", to: folder + "/whole.gz", level: 6)
        let whole = try Data(contentsOf: URL(fileURLWithPath: folder + "/whole.gz"))
        try whole.prefix(whole.count - 6).write(to: URL(fileURLWithPath: folder + "/cut.gz"))
        XCTAssertThrowsError(try GzipFile.decompress(folder + "/cut.gz") { _ in }) {
            XCTAssertEqual("\($0)", "\(folder)/cut.gz: cannot decompress: unexpected end of file")
            XCTAssertTrue(($0 as? SystemError)?.isDamagedGzip == true)
        }
    }
}
