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

    /// `FILE:LINE:COL: warning: message`.
    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}
