/// A problem found in an input that does not stop it from being read (a control total that does not add up,
/// a due date given twice): reported to the user, never silently dropped.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: String, Sendable {
        case warning
        case error
    }

    /// How serious the problem is.
    public let severity: Severity
    /// The file the problem is in.
    public let file: String
    /// The line, counted from 1.
    public let line: Int
    /// The column, counted from 1.
    public let column: Int
    /// What is wrong, as one sentence.
    public let message: String

    /// Creates a diagnostic at a place in a file.
    public init(_ severity: Severity, file: String, line: Int, column: Int = 1, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// Where the problem is.
    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// `FILE:LINE:COL: warning: message`.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// A place in an input file, where a diagnostic or an error points: rendered `FILE:LINE:COL`, or `FILE` for the file
/// as a whole (line 0). Line and column count from 1.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    /// A place in a file; line 0 for the file as a whole.
    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}
