import Foundation

/// A line of a run's progress for the operator (stderr, the journal under systemd): one file booked, one stage done,
/// a warning, a refusal. Always one line: whatever text it is made from, line breaks become spaces, so that the journal
/// never holds a message split over entries (an SQL statement, a nested error); white space at its ends is dropped.
public struct ProgressLine: Sendable, Equatable, CustomStringConvertible {
    /// How much the line matters; the sd-daemon priorities of syslog(3).
    public enum Level: Int, Sendable {
        /// A person must look: a file quarantined, a decision refused, a conflicting re-delivery (priority 3).
        case error = 3
        /// Worth knowing: a located warning about a booked file, a plan ended, a delivery to try again (priority 4).
        case warning = 4
        /// Progress: a file booked, a stage done (priority 6).
        case info = 6
    }

    public let level: Level
    public let text: String

    public init(_ level: Level, _ text: String) {
        self.level = level
        self.text = String(text.map { $0.isNewline ? " " : $0 }).trimmingCharacters(in: .whitespaces)
    }

    public var description: String { text }

    /// A length of time as the lines give it: `0.42 s`.
    static func seconds(_ seconds: Double) -> String { String(format: "%.2f s", seconds) }

    /// The line with its sd-daemon priority prefix (`<4>…`), as the journal reads it from a service's stderr.
    public var withPriority: String { "<\(level.rawValue)>\(text)" }
}
