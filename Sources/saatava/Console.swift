import SystemIO

/// Unbuffered writes to standard output (results) and standard error (diagnostics), through SystemIO's
/// `FileDescriptor` (Swift 6 rejects the C `stdout`/`stderr` globals). A failed write (a closed pipe) is dropped:
/// there is nowhere left to say so.
enum Console {
    /// Writes a line (or, with an empty terminator, a text) to standard output.
    static func out(_ line: String, terminator: String = "\n") { try? FileDescriptor.standardOutput.write(line + terminator) }

    /// Writes a line to standard error.
    static func error(_ line: String) { try? FileDescriptor.standardError.write(line + "\n") }
}
