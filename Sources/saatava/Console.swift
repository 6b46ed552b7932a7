import Foundation
import Pipeline
import SystemIO

/// Unbuffered writes to standard output (results) and standard error (diagnostics), through SystemIO's
/// `FileDescriptor` (Swift 6 rejects the C `stdout`/`stderr` globals). A failed write (a closed pipe) is dropped:
/// there is nowhere left to say so.
enum Console {
    /// Whether standard error is systemd's journal: then each line begins with its sd-daemon priority (`<4>`), which
    /// the journal takes as the message's priority (`journalctl -p warning` shows warnings and errors only).
    private static let errorIsJournal = FileDescriptor.standardError.isJournalStream(environment: ProcessInfo.processInfo.environment)

    /// Writes a line (or, with an empty terminator, a text) to standard output.
    static func out(_ line: String, terminator: String = "\n") { try? FileDescriptor.standardOutput.write(line + terminator) }

    /// Writes an error to standard error, on one line.
    static func error(_ line: String) { progress(ProgressLine(.error, line)) }

    /// Writes an error to standard error on one line, then how the command is used (as it is, on lines of its own).
    static func error(_ line: String, usage: String) {
        error(line)
        try? FileDescriptor.standardError.write(usage.hasSuffix("\n") ? usage : usage + "\n")
    }

    /// Writes a progress line to standard error, with its priority when standard error is the journal.
    static func progress(_ line: ProgressLine) {
        try? FileDescriptor.standardError.write((errorIsJournal ? line.withPriority : line.text) + "\n")
    }
}
