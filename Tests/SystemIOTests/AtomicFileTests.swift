import Foundation
import Glibc
import SystemIO
import TestSupport
import XCTest

final class AtomicFileTests: XCTestCase {
    func test_write_leavesMode0640_whateverTheUmask() throws {
        let folder = try temporaryDirectory("atomic").path
        for mask: mode_t in [0, 0o077] {
            let previous = umask(mask)
            defer { umask(previous) }
            let path = folder + "/umask-\(String(mask, radix: 8)).csv"
            try AtomicFile.write("a;b\n", to: path)
            XCTAssertEqual(try permissions(path), 0o640, "umask \(String(mask, radix: 8))")
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "a;b\n")
        }
    }

    func test_write_withAnotherMode_leavesThatMode() throws {
        let path = try temporaryDirectory("atomic").path + "/shared.txt"
        let previous = umask(0o077)
        defer { umask(previous) }
        try AtomicFile.write([0x41], to: path, mode: 0o644)
        XCTAssertEqual(try permissions(path), 0o644)
    }

    func test_write_replacesTheFile_andLeavesNoTemporaryFile() throws {
        let folder = try temporaryDirectory("atomic").path
        try AtomicFile.write("first\n", to: folder + "/report.html")
        try AtomicFile.write("second\n", to: folder + "/report.html")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["report.html"])
        XCTAssertEqual(try String(contentsOfFile: folder + "/report.html", encoding: .utf8), "second\n")
    }

    func test_writeIntoAMissingFolder_namesTheTemporaryFileAndItsErrno() throws {
        let folder = try temporaryDirectory("atomic").path
        let path = folder + "/missing/out.csv"
        XCTAssertThrowsError(try AtomicFile.write("x", to: path)) { error in
            let failure = error as? SystemError
            XCTAssertEqual(failure?.errno, .noSuchFileOrDirectory)
            XCTAssertEqual(failure?.call, "open")
            XCTAssertEqual(
                "\(error)", "\(path).tmp-\(getpid()): cannot create: No such file or directory")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
    }

    func test_aWriteThatFailsHalfway_removesTheTemporaryFile() throws {
        let folder = try temporaryDirectory("atomic").path
        let refusal = SystemError("cannot write", path: "x", call: "write", errno: .noSpace)
        XCTAssertThrowsError(
            try AtomicFile.write(to: folder + "/big.csv") { (file) throws(SystemError) in
                try file.write("the first half\n")
                throw refusal
            }
        ) { error in
            XCTAssertEqual(error as? SystemError, refusal)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
    }

    /// A writer whose reader fails halfway is dropped uncommitted: the old file stays as it was, no temporary file.
    func test_writer_droppedWithoutCommit_leavesTheOldFile_committedReplacesIt() throws {
        let folder = try temporaryDirectory("atomic").path
        let path = folder + "/journal.csv"
        try AtomicFile.write("yesterday\n", to: path)
        struct ReaderFailed: Error {}
        func writeHalf() throws {
            let file = try AtomicFile.Writer(path)
            try file.write("the first half\n")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(),
                           ["journal.csv", "journal.csv.tmp-\(getpid())"])
            throw ReaderFailed()
        }
        XCTAssertThrowsError(try writeHalf()) { XCTAssertTrue($0 is ReaderFailed) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["journal.csv"])
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "yesterday\n")

        let previous = umask(0o077)
        defer { umask(previous) }
        let file = try AtomicFile.Writer(path)
        try file.write("one\n")
        try file.write("two\n")
        try file.commit()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["journal.csv"])
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "one\ntwo\n")
        XCTAssertEqual(try permissions(path), 0o640)
    }

    /// Small pieces are gathered and written a megabyte at a time; what the commit writes is every piece in order.
    func test_writer_gathersSmallPieces_andCommitsThemAll() throws {
        let folder = try temporaryDirectory("atomic").path
        let path = folder + "/journal.csv"
        let temporary = AtomicFile.temporaryPath(for: path)
        func size() throws -> Int { try FileManager.default.attributesOfItem(atPath: temporary)[.size] as! Int }
        let file = try AtomicFile.Writer(path)
        let line = String(repeating: "x", count: 99) + "\n"
        var expected = ""
        for _ in 0..<(AtomicFile.Writer.bufferBytes / line.utf8.count) {
            try file.write(line)
            expected += line
        }
        XCTAssertEqual(try size(), 0, "less than a megabyte is still gathered")
        for _ in 0..<20_000 {
            try file.write(line)
            expected += line
        }
        XCTAssertGreaterThanOrEqual(try size(), AtomicFile.Writer.bufferBytes)
        XCTAssertLessThan(try size(), expected.utf8.count)
        try file.commit()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), expected)
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary))
    }

    func test_aRenameThatFails_removesTheTemporaryFile() throws {
        let folder = try temporaryDirectory("atomic").path
        // A non-empty folder in the file's place: rename(2) refuses to replace it, even for root.
        try FileManager.default.createDirectory(atPath: folder + "/taken/inside", withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.write("x", to: folder + "/taken")) { error in
            XCTAssertEqual((error as? SystemError)?.call, "rename")
            XCTAssertEqual((error as? SystemError)?.errno, .isDirectory)
            XCTAssertEqual("\(error)", "\(folder)/taken: cannot rename into place: Is a directory")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["taken"])
    }

    /// A folder others may not write into: refused with EACCES, and nothing left behind. Root may write anywhere,
    /// so as root (CI) the write goes through, still whole and without a temporary file.
    func test_writeIntoAReadOnlyFolder_isRefusedForAllButRoot() throws {
        let folder = try temporaryDirectory("atomic").path + "/read-only"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        XCTAssertEqual(chmod(folder, 0o500), 0)
        defer { chmod(folder, 0o700) }
        if getuid() == 0 {
            try AtomicFile.write("x", to: folder + "/out.csv")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["out.csv"])
        } else {
            XCTAssertThrowsError(try AtomicFile.write("x", to: folder + "/out.csv")) { error in
                XCTAssertEqual((error as? SystemError)?.errno, .permissionDenied)
            }
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
        }
    }

    func test_temporaryPath_isTheNameWithThisProcessId() {
        XCTAssertEqual(AtomicFile.temporaryPath(for: "out/a.csv"), "out/a.csv.tmp-\(getpid())")
    }

    func test_createPrivateFile_hasMode0640_andRefusesAFileThatExists() throws {
        let path = try temporaryDirectory("private").path + "/saatava.sqlite"
        let previous = umask(0o077)
        defer { umask(previous) }
        try createPrivateFile(path)
        XCTAssertEqual(try permissions(path), 0o640)
        XCTAssertThrowsError(try createPrivateFile(path)) { error in
            XCTAssertEqual((error as? SystemError)?.errno, .fileExists)
            XCTAssertEqual("\(error)", "\(path): cannot create: File exists")
        }
    }

    private func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
