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

    /// Whether the lock is held: while a holder has it, in this process or another, and not after it went; and a
    /// taker of the lock waits for a test of it to end rather than calling it busy.
    func test_isHeld_saysWhetherAHolderHasTheLock() throws {
        let path = try temporaryDirectory("lock").path + "/saatava.lock"
        XCTAssertEqual(RunLock.isHeld(path: path), false, "no file")
        let lock = try RunLock(path: path, holder: "saatava run")
        XCTAssertEqual(RunLock.isHeld(path: path), true)
        let other = try temporaryDirectory("lock").path + "/saatava.lock"
        try RunLock(path: other, holder: "saatava resolve").release()
        XCTAssertEqual(RunLock.isHeld(path: other), false, "another file's lock is not this one's")
        lock.release()
        XCTAssertEqual(RunLock.isHeld(path: path), false)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--no-fork", path, "sleep", "30"]
        try holder.run()
        defer { holder.terminate() }
        var held = false
        for _ in 0..<100 where !held {
            usleep(20_000)
            held = RunLock.isHeld(path: path) == true
        }
        XCTAssertTrue(held, "held by another process")
        holder.terminate()
        holder.waitUntilExit()

        // Another process tests the lock for half a second (a shared lock): the run waits for it, not calling it busy.
        let marker = path + ".tested"
        let tester = Process()
        tester.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        tester.arguments = ["--shared", "--no-fork", path, "/bin/sh", "-c", "touch \(marker); sleep 0.5"]
        try tester.run()
        for _ in 0..<250 where !FileManager.default.fileExists(atPath: marker) { usleep(20_000) }
        let start = Date()
        let taken = try RunLock(path: path, holder: "saatava run")
        XCTAssertGreaterThan(Date().timeIntervalSince(start), 0.2, "it waited for the test to end")
        taken.release()
        tester.waitUntilExit()
    }
}

