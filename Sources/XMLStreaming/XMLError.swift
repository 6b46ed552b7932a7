/// A problem found while reading an XML file: where it is and what is wrong.
///
/// Rendered compiler-style as `FILE:LINE:COLUMN: message`. Line and column count from 1 and refer to the file
/// as a whole, also when the file holds several documents one after another.
public struct XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or stream name) being read.
    public var file: String
    /// The line, counted from 1 in the whole file.
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

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
