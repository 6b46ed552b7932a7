import Foundation
import SystemIO
import TestSupport
import XCTest

final class RunLockTests: XCTestCase {
    func test_secondHolder_isBusy_andNamesTheFirst() throws {
        let path = try temporaryDirectory("lock").path + "/saatava.lock"
        let first = try RunLock(path: path, holder: "saatava run as of 2026-11-27: pid 42 on host")
        XCTAssertEqual(
            try String(contentsOfFile: path, encoding: .utf8), "saatava run as of 2026-11-27: pid 42 on host\n")
        XCTAssertThrowsError(try RunLock(path: path, holder: "saatava resolve").release()) { error in
            XCTAssertEqual((error as? RunLock.Busy)?.holder, "saatava run as of 2026-11-27: pid 42 on host")
            XCTAssertEqual(
                "\(error)", "another saatava run holds the lock (saatava run as of 2026-11-27: pid 42 on host)")
        }
        first.release()
        // Released: the next holder takes it and its line replaces the first's.
        let lock = try RunLock(path: path, holder: "saatava resolve")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "saatava resolve\n")
        lock.release()
    }

    func test_aFolderInTheLocksPlace_cannotLock_isNotBusy() throws {
        let path = try temporaryDirectory("lock").path + "/saatava.lock"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        XCTAssertThrowsError(try RunLock(path: path, holder: "saatava run").release()) { error in
            XCTAssertNil(error as? RunLock.Busy)
            let cannotLock = error as? RunLock.CannotLock
            XCTAssertEqual(cannotLock?.error.errno, .isDirectory)
            XCTAssertEqual("\(error)", "\(path): cannot open: Is a directory")
        }
    }

    func test_theLock_isReleased_whenItsOwnerGoes() throws {
        let path = try temporaryDirectory("lock").path + "/saatava.lock"
        func holdBriefly() throws { _ = try RunLock(path: path, holder: "first") }
        try holdBriefly()
        try RunLock(path: path, holder: "second").release()
    }
}
