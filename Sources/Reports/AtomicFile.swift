import Glibc

/// Writes files for others so that they appear whole or not at all: a temporary name in the same folder, fsync,
/// rename, fsync of the folder. Mode 0640: readable by owner and group only.
public enum AtomicFile {
    /// A file that could not be written.
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `bytes` to `path` atomically. The corresponding C functions are `open`, `write`, `fsync`, `rename`.
    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw failure("cannot create", temporary) }
        guard bytes.withUnsafeBytes({ writeFully(descriptor, $0) }) else {
            let error = failure("cannot write", temporary)
            close(descriptor)
            unlink(temporary)
            throw error
        }
        fchmod(descriptor, 0o640)
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            unlink(temporary)
            throw failure("cannot flush", temporary)
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename into place", path)
            unlink(temporary)
            throw error
        }
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Writes text (UTF-8) atomically.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Array(text.utf8), to: path)
    }

    private static func failure(_ what: String, _ path: String) -> WriteError {
        WriteError(description: "\(path): \(what): \(String(cString: strerror(errno)))")
    }
}

/// Writes all of `bytes` to a file descriptor, retrying after interrupts and short writes. Returns false on an
/// error (`errno` says which). The corresponding C function is `write`.
@discardableResult
public func writeFully(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return false }
        offset += written
    }
    return true
}
