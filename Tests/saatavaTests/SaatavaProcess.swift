import Foundation
import XCTest

/// The result of running the built `saatava` binary.
struct ProcessResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs the built `saatava` binary with arguments and returns what it printed and its exit status.
func runSaatava(_ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = Bundle.main.bundleURL.appendingPathComponent("saatava")
    process.arguments = arguments
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
