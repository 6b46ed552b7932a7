import Foundation
import Glibc
@testable import SystemIO
import TestSupport
import XCTest

final class FileDescriptorTests: XCTestCase {
    func test_systemError_rendersPathWhatAndTheSystemsSentence() {
        let error = SystemError("cannot open", path: "inbox/a.xml", call: "open", errno: .noSuchFileOrDirectory)
        XCTAssertEqual(error.description, "inbox/a.xml: cannot open: No such file or directory")
        XCTAssertEqual(error.errno.rawValue, ENOENT)
        XCTAssertEqual(
            SystemError("cannot start", path: nil, call: "posix_spawnp", errno: .permissionDenied).description,
            "cannot start: Permission denied")
        XCTAssertEqual(Errno.noSpace.description, "No space left on device")
        XCTAssertEqual(Errno(rawValue: EAGAIN), .wouldBlock)
    }

    func test_openingAMissingFile_throwsENOENT_namingTheFile() {
        XCTAssertThrowsError(try FileDescriptor.openForReading("/nonexistent/file.xml").close()) { error in
            XCTAssertEqual(
                error as? SystemError,
                SystemError("cannot open", path: "/nonexistent/file.xml", call: "open", errno: .noSuchFileOrDirectory))
        }
    }

    func test_aFullDisk_isENOSPC() throws {
        let full = try FileDescriptor.open("/dev/full", O_WRONLY)
        XCTAssertThrowsError(try full.write("a line\n")) { error in
            XCTAssertEqual((error as? SystemError)?.errno, .noSpace)
            XCTAssertEqual("\(error)", "/dev/full: cannot write: No space left on device")
        }
    }

    func test_readUpTo_readsTheWholeFileInPieces_andStopsAtItsEnd() throws {
        let path = try temporaryDirectory("fd").path + "/data"
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try AtomicFile.write(bytes, to: path)
        let file = try FileDescriptor.openForReading(path)
        XCTAssertEqual(try file.read(upTo: 60_000), Array(bytes[..<60_000]))
        XCTAssertEqual(try file.read(upTo: 60_000), Array(bytes[60_000...]))
        XCTAssertEqual(try file.read(upTo: 60_000), [])
        XCTAssertFalse(try file.isDirectory())
        XCTAssertTrue(try FileDescriptor.openForReading(FileManager.default.temporaryDirectory.path).isDirectory())
    }

    /// Owned descriptors close when their owner goes or on `close()`; standard output and error stay open.
    func test_descriptors_areClosed_whenTheirOwnerGoes_orExplicitly() throws {
        let path = try temporaryDirectory("fd").path + "/data"
        try AtomicFile.write("x", to: path)
        let before = try openDescriptors()
        for _ in 0..<20 {
            let file = try FileDescriptor.openForReading(path)
            XCTAssertEqual(try file.read(upTo: 10), [UInt8(ascii: "x")])
        }
        for _ in 0..<20 {
            try FileDescriptor.openForReading(path).close()
        }
        _ = ResidentMemory.peakBytes()
        try FileDescriptor.standardError.write("")
        try FileDescriptor.standardOutput.close()
        _ = try? RunLock(path: path + ".lock", holder: "test")
        XCTAssertEqual(try openDescriptors(), before)
        XCTAssertNotEqual(fcntl(STDOUT_FILENO, F_GETFD), -1)
    }

    func test_childProcess_reportsItsExitStatus_andWhyItCannotStart() throws {
        let run = try ChildProcess.run("/bin/sh", ["-c", "echo to-dev-null; exit 3"])
        XCTAssertEqual(run.status, 3)
        XCTAssertGreaterThan(run.seconds, 0)
        XCTAssertThrowsError(try ChildProcess.run("/nonexistent/program", [])) { error in
            XCTAssertEqual("\(error)", "/nonexistent/program: cannot start: No such file or directory")
        }
        XCTAssertTrue(ChildProcess.isOnPath("sh"))
        XCTAssertFalse(ChildProcess.isOnPath("no-such-program-\(getpid())"))
    }

    /// The file descriptors this process has open, by number.
    private func openDescriptors() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").sorted()
    }
}
