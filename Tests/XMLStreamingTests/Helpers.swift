import Foundation
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

/// Reads bytes as one document and returns the error it raises, if any.
func errorReading(_ text: String, name: String = "test.xml") -> XMLError? {
    var reader = XMLReader(name: name, bytes: Array(text.utf8))
    do {
        while try reader.read() {}
        return nil
    } catch {
        return error
    }
}
