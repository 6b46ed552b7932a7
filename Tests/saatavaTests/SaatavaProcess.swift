import Foundation
import TestSupport
import XCTest

/// The `saatava` binary this test run built.
let builtSaatava = Bundle.main.bundleURL.appendingPathComponent("saatava").path

/// Runs the built `saatava` binary with arguments and returns what it printed and its exit status.
func runSaatava(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
    try runProgram(builtSaatava, arguments, in: directory)
}

/// The lines a text holds (no trailing empty line).
func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}

/// Compares `actual` with the golden file `Snapshots/<name>` beside this file, recording it when it is missing
/// or when RECORD_SNAPSHOTS is set.
func assertSnapshot(_ actual: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil || !FileManager.default.fileExists(atPath: url.path) {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try actual.write(to: url, atomically: true, encoding: .utf8)
        XCTFail("recorded \(name); check it by hand and run again", file: file, line: line)
        return
    }
    XCTAssertEqual(actual, try String(contentsOf: url, encoding: .utf8), name, file: file, line: line)
}
