import Foundation
import XCTest

/// The result of running the built `saatava` binary.
struct ProcessResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs the built `saatava` binary (or a copy of it at `executable`) with arguments and returns what it printed and
/// its exit status.
func runSaatava(_ arguments: [String], in directory: String? = nil,
                executable: URL = Bundle.main.bundleURL.appendingPathComponent("saatava")) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData, as: UTF8.self))
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
