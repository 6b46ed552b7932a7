import Glibc
import Reports

/// Unbuffered writes to standard output (results) and standard error (diagnostics).
/// Swift 6 rejects the C `stdout`/`stderr` globals, so this writes to the file descriptors.
enum Console {
    /// Writes a line (or, with an empty terminator, a text) to standard output.
    static func out(_ line: String, terminator: String = "\n") { write(line + terminator, to: STDOUT_FILENO) }

    /// Writes a line to standard error.
    static func error(_ line: String) { write(line + "\n", to: STDERR_FILENO) }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { _ = writeFully(descriptor, UnsafeRawBufferPointer($0)) }
    }
}
