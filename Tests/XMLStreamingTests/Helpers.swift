import Foundation
import TestSupport
import XCTest
import XMLStreaming

/// The path of a file in this target's Fixtures folder.
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// Reads a whole document and returns every text value, in order (whitespace-only text skipped).
func texts(of reader: inout XMLReader) throws(XMLError) -> [String] {
    var values: [String] = []
    while try reader.read() {
        if reader.kind == .text, let value = reader.value { values.append(value) }
    }
    return values
}

/// Reads a whole file as one document and returns its text values.
func texts(ofFile path: String) throws(XMLError) -> [String] {
    var reader = try XMLReader(path: path)
    return try texts(of: &reader)
}

/// Reads text as one document and returns the error it raises, if any.
func errorReading(_ text: String, name: String = "test.xml") -> XMLError? {
    errorReading(bytes: Array(text.utf8), name: name)
}

/// Reads bytes as one document and returns the error it raises, if any.
func errorReading(bytes: [UInt8], name: String = "test.xml") -> XMLError? {
    var reader = XMLReader(name: name, bytes: bytes)
    do {
        while try reader.read() {}
        return nil
    } catch {
        return error
    }
}

/// A document declared as EUC-JP holding bytes that are not EUC-JP. Without a silenced generic error handler
/// libxml2 prints "encoding error : input conversion failed …" to stderr for it.
let invalidEUCJP: [UInt8] = {
    let start = Array("<?xml version=\"1.0\" encoding=\"EUC-JP\"?>\n<a>".utf8)
    return start + [0xFF, 0xFE, 0xFF] + Array("</a>".utf8)
}()

extension XCTestCase {
    /// Runs `body` with file descriptor 2 sent to a temporary file, and returns what was written there.
    func capturingStandardError(_ body: () throws -> Void) throws -> String {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("stderr.txt").path
        let file = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        let saved = dup(2)
        dup2(file, 2)
        defer {
            dup2(saved, 2)
            close(saved)
            close(file)
        }
        try body()
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
