import Glibc

/// The one owner of an open file descriptor: closed when the owner goes (`deinit`), or explicitly with `close()`,
/// which says whether the close failed (it can, on some file systems, report a write that did not make it).
/// `standardOutput` and `standardError` are the exceptions: the process's own, never closed here.
///
/// Reads and writes retry after interrupts (`EINTR`); writes go on after short writes until every byte is written.
/// Errors name the file: the descriptor keeps the path it was opened with.
public struct FileDescriptor: ~Copyable {
    /// The path the file was opened with, as used in errors.
    public let path: String
    private(set) var raw: Int32
    /// Whether this value closes the descriptor; false for standard output and standard error.
    private let isOwner: Bool

    private init(raw: Int32, path: String, isOwner: Bool = true) {
        self.raw = raw
        self.path = path
        self.isOwner = isOwner
    }

    deinit { if isOwner && raw >= 0 { Glibc.close(raw) } }

    /// The process's standard output (descriptor 1), for results: written unbuffered, never closed here. (Swift 6
    /// rejects the C `stdout` global.)
    public static var standardOutput: FileDescriptor {
        FileDescriptor(raw: STDOUT_FILENO, path: "standard output", isOwner: false)
    }

    /// The process's standard error (descriptor 2), for diagnostics: written unbuffered, never closed here.
    public static var standardError: FileDescriptor {
        FileDescriptor(raw: STDERR_FILENO, path: "standard error", isOwner: false)
    }

    /// Opens a file (or folder) with `flags` (`O_CLOEXEC` is always added); a failure says `what` ("cannot open").
    /// The corresponding C function is `open`.
    static func open(_ path: String, _ flags: Int32, mode: UInt32 = 0, what: String = "cannot open")
        throws(SystemError) -> FileDescriptor
    {
        let raw = retryingOnInterrupt { Glibc.open(path, flags | O_CLOEXEC, mode) }
        guard raw >= 0 else { throw SystemError(what, path: path, call: "open") }
        return FileDescriptor(raw: raw, path: path)
    }

    /// Opens a file to read it. The corresponding C function is `open`.
    /// - Throws: `SystemError` ("cannot open") when the file is missing or not readable.
    public static func openForReading(_ path: String) throws(SystemError) -> FileDescriptor {
        try open(path, O_RDONLY)
    }

    /// Creates a file to write it, with exactly `mode` whatever the umask (the mode is set again with `fchmod`
    /// after the file is opened, and that is checked).
    /// - Parameters:
    ///   - path: The file.
    ///   - mode: Its permission bits, 0640 (owner and group may read) by default.
    ///   - exclusive: Whether a file already there is an error (`O_EXCL`); else it is emptied (`O_TRUNC`).
    /// - Throws: `SystemError` ("cannot create", or "cannot set the mode of").
    /// The corresponding C functions are `open` and `fchmod`.
    public static func create(_ path: String, mode: UInt32 = 0o640, exclusive: Bool) throws(SystemError)
        -> FileDescriptor
    {
        let file = try open(path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC), mode: mode, what: "cannot create")
        try file.setMode(mode)
        return file
    }

    /// Closes the descriptor, saying whether that failed (standard output and error stay open).
    /// The corresponding C function is `close`.
    /// - Throws: `SystemError` ("cannot close"); the descriptor is closed either way (Linux never reopens it).
    public consuming func close() throws(SystemError) {
        let closing = raw
        raw = -1
        guard isOwner else { return }
        guard Glibc.close(closing) == 0 else { throw SystemError("cannot close", path: path, call: "close") }
    }

    // MARK: Reading

    /// Reads up to `buffer.count` bytes at the current offset; returns 0 at the end of the file.
    /// The corresponding C function is `read`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        let count = retryingOnInterrupt { Glibc.read(raw, buffer.baseAddress, buffer.count) }
        guard count >= 0 else { throw SystemError("cannot read", path: path, call: "read") }
        return count
    }

    /// Reads until `limit` bytes are read or the file ends, whichever comes first.
    /// The corresponding C function is `read`.
    public func read(upTo limit: Int) throws(SystemError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let count = try bytes.withUnsafeMutableBytes { buffer in
                Result { () throws(SystemError) in
                    try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                }
            }.get()
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Whether the descriptor is a folder. The corresponding C function is `fstat`.
    public func isDirectory() throws(SystemError) -> Bool {
        var status = stat()
        guard fstat(raw, &status) == 0 else { throw SystemError("cannot inspect", path: path, call: "fstat") }
        return (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether the descriptor is systemd's journal stream: the environment's `JOURNAL_STREAM` (`DEVICE:INODE`, set
    /// by systemd for a service whose output goes to the journal) names this descriptor's device and inode, so that
    /// lines may begin with an sd-daemon priority such as `<4>`. False when the variable is absent or names another
    /// file (a shell's redirection of the service's output).
    public func isJournalStream(environment: [String: String]) -> Bool {
        guard let named = environment["JOURNAL_STREAM"] else { return false }
        var status = stat()
        guard fstat(raw, &status) == 0 else { return false }
        return named == "\(status.st_dev):\(status.st_ino)"
    }

    // MARK: Writing

    /// Writes every byte, going on after interrupts and short writes. The corresponding C function is `write`.
    /// - Throws: `SystemError` ("cannot write"), e.g. with `Errno.noSpace` when the disk is full.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        try writeAll(raw, bytes, path: path)
    }

    /// Writes every byte of `bytes`. The corresponding C function is `write`.
    public func write(_ bytes: [UInt8]) throws(SystemError) {
        try writeAll(raw, bytes, path: path)
    }

    /// Writes a text as UTF-8, from the string's own storage (a big page is not copied). The corresponding C function
    /// is `write`.
    public func write(_ text: String) throws(SystemError) {
        var text = text
        try text.withUTF8 { utf8 in
            Result { () throws(SystemError) in try writeAll(raw, UnsafeRawBufferPointer(utf8), path: path) }
        }.get()
    }

    /// Writes every byte at `offset`, leaving the current offset alone. The corresponding C function is `pwrite`.
    public func write(_ bytes: [UInt8], at offset: Int) throws(SystemError) {
        try writeAll(raw, bytes, at: offset, path: path)
    }

    /// Cuts the file to `size` bytes. The corresponding C function is `ftruncate`.
    public func truncate(to size: Int) throws(SystemError) {
        guard retryingOnInterrupt({ ftruncate(raw, off_t(size)) }) == 0 else {
            throw SystemError("cannot truncate", path: path, call: "ftruncate")
        }
    }

    /// Sets the permission bits, whatever the umask. The corresponding C function is `fchmod`.
    public func setMode(_ mode: UInt32) throws(SystemError) {
        guard fchmod(raw, mode) == 0 else { throw SystemError("cannot set the mode of", path: path, call: "fchmod") }
    }

    /// Waits until what was written is on the disk (for a folder: its entries, such as a rename into it).
    /// The corresponding C function is `fsync`.
    public func sync() throws(SystemError) {
        guard retryingOnInterrupt({ fsync(raw) }) == 0 else { throw SystemError("cannot flush", path: path, call: "fsync") }
    }
}

/// Writes every byte of `bytes` to a descriptor (at `offset`, or at its current offset), going on after
/// interrupts and short writes. The corresponding C functions are `write` and `pwrite`.
func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int? = nil, path: String?)
    throws(SystemError)
{
    var done = 0
    while done < bytes.count {
        let start = bytes.baseAddress! + done
        let count = retryingOnInterrupt {
            offset.map { pwrite(descriptor, start, bytes.count - done, off_t($0 + done)) }
                ?? Glibc.write(descriptor, start, bytes.count - done)
        }
        // Neither returns 0 for a non-zero count; were it to, treat it as a failure rather than loop for ever.
        guard count > 0 else {
            throw SystemError(
                "cannot write", path: path, call: offset == nil ? "write" : "pwrite",
                errno: count == 0 ? .ioError : .current)
        }
        done += count
    }
}

/// Writes every byte of `bytes` to a descriptor, as `writeAll` for a buffer.
func writeAll(_ descriptor: Int32, _ bytes: [UInt8], at offset: Int? = nil, path: String?) throws(SystemError) {
    try bytes.withUnsafeBytes { buffer in
        Result { () throws(SystemError) in try writeAll(descriptor, buffer, at: offset, path: path) }
    }.get()
}
