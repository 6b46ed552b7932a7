import Glibc

/// Writes files for others so that they appear whole or not at all: a temporary name in the same folder
/// (`NAME.tmp-<pid>`), the bytes, the mode (checked, whatever the umask), fsync, rename over `NAME`, fsync of the
/// folder. Any failure removes the temporary file; only a process killed while writing leaves one behind (whoever
/// owns the folder removes `*.tmp-*` names before writing there again).
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically with mode `mode` (0640 by default: owner and group may read).
    /// - Throws: `SystemError` naming the temporary file (create, write, mode, flush), the path (rename) or the
    ///   folder (flush). The corresponding C functions are `open`, `write`, `fchmod`, `fsync` and `rename`.
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o640) throws(SystemError) {
        try write(to: path, mode: mode) { (file) throws(SystemError) in try file.write(bytes) }
    }

    /// Writes text (UTF-8) atomically with mode `mode`. The corresponding C functions are as for bytes.
    public static func write(_ text: String, to path: String, mode: UInt32 = 0o640) throws(SystemError) {
        try write(to: path, mode: mode) { (file) throws(SystemError) in try file.write(text) }
    }

    /// Writes a file atomically whose content `body` writes, piece by piece, to the temporary file it is handed.
    /// - Throws: whatever `body` throws, or a `SystemError` as for bytes; the temporary file is removed either way.
    public static func write(
        to path: String, mode: UInt32 = 0o640, _ body: (borrowing FileDescriptor) throws(SystemError) -> Void
    ) throws(SystemError) {
        let file = try Writer(path, mode: mode)
        try body(file.temporary)
        try file.commit()
    }

    /// A file being written atomically, for a writer that cannot hand its content over in one closure (its pieces
    /// come from a reader that throws errors of its own): `write` the pieces, then `commit`. Pieces are gathered
    /// and written a megabyte at a time, so that a file of many small lines costs few system calls. Dropped without a
    /// commit, the temporary file is removed and nothing appears under the name.
    public struct Writer: ~Copyable {
        private let path: String
        private let temporaryPath: String
        fileprivate let temporary: FileDescriptor
        private let pending = Pending()
        private var committed = false

        /// What is written but not yet handed to the file.
        private final class Pending {
            var text = ""
        }

        /// How much is gathered before it is written.
        public static let bufferBytes = 1 << 20

        /// Creates the temporary file with mode `mode` (removed again when that fails halfway). The corresponding C
        /// functions are `open` and `fchmod`.
        public init(_ path: String, mode: UInt32 = 0o640) throws(SystemError) {
            self.path = path
            let temporaryPath = AtomicFile.temporaryPath(for: path)
            self.temporaryPath = temporaryPath
            do {
                temporary = try FileDescriptor.create(temporaryPath, mode: mode, exclusive: false)
            } catch {
                unlink(temporaryPath)
                throw error
            }
        }

        deinit { if !committed { unlink(temporaryPath) } }

        /// Appends text (UTF-8), written to the file once a megabyte is gathered or at `commit`. The corresponding C
        /// function is `write`.
        public func write(_ text: String) throws(SystemError) {
            pending.text += text
            if pending.text.utf8.count >= Self.bufferBytes { try flush() }
        }

        private func flush() throws(SystemError) {
            try temporary.write(pending.text)
            pending.text.removeAll(keepingCapacity: true)
        }

        /// Flushes the file and renames it into place, then flushes the folder; the descriptor is closed when the
        /// writer goes (a failure to write back surfaces in `fsync`). The corresponding C functions are `fsync` and
        /// `rename`.
        public consuming func commit() throws(SystemError) {
            try flush()
            try temporary.sync()
            guard rename(temporaryPath, path) == 0 else {
                throw SystemError("cannot rename into place", path: path, call: "rename")
            }
            committed = true
            try AtomicFile.syncFolder(of: path)
        }
    }

    /// The temporary name a write to `path` uses in this process: `path.tmp-<pid>`.
    public static func temporaryPath(for path: String) -> String {
        path + ".tmp-\(getpid())"
    }

    /// Makes a rename into the folder of `path` durable. A file system that cannot sync a folder says `EINVAL`:
    /// there is nothing more to wait for then. The corresponding C function is `fsync`.
    fileprivate static func syncFolder(of path: String) throws(SystemError) {
        let folder: String
        if let slash = path.lastIndex(of: "/") {
            folder = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            folder = "."
        }
        let directory = try FileDescriptor.open(folder, O_RDONLY | O_DIRECTORY)
        do {
            try directory.sync()
        } catch where error.errno == .invalidArgument {
            return
        }
    }
}

/// Creates an empty file with exactly `mode` (0640 by default), whatever the umask; an existing file is an error
/// (`Errno.fileExists`). The corresponding C functions are `open` (`O_CREAT | O_EXCL`) and `fchmod`.
public func createPrivateFile(_ path: String, mode: UInt32 = 0o640) throws(SystemError) {
    try FileDescriptor.create(path, mode: mode, exclusive: true).close()
}
