public import Receivables

/// A problem found while reading an XML file: where it is and what is wrong.
///
/// Rendered compiler-style as `FILE:LINE:COLUMN: message`. Line and column count from 1 and refer to the file
/// as a whole, also when the file holds several documents one after another. A problem with the file itself
/// (it cannot be opened or read) has line 0 and renders as `FILE: message`.
public struct XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or stream name) being read.
    public var file: String
    /// The line, counted from 1 in the whole file; 0 when the problem is not at a place in the file.
    public var line: Int
    /// The column, counted from 1.
    public var column: Int
    /// What is wrong, as one sentence without the location.
    public var message: String

    /// Creates an error at a location.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// Where the problem is (the file as a whole when `line` is 0).
    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    public var description: String { "\(location): \(message)" }
}
