import CZlib
import Glibc

/// gzip files (RFC 1952, the format `gzip -dc` reads), written and read through zlib: the archive keeps each
/// processed input as one.
public enum GzipFile {
    /// The bytes every gzip file begins with.
    public static let magic: [UInt8] = [0x1F, 0x8B]

    /// How many bytes are read or written at a time.
    static let pieceSize = 128 * 1024

    /// Compresses the file `source` into a new file `path`, atomically as `AtomicFile` writes (a temporary name,
    /// the mode, fsync, rename, fsync of the folder): the compressed copy is on the disk when this returns, or not
    /// there at all. A file already at `path` is replaced: choose a free name.
    /// - Parameters:
    ///   - source: The file to compress, read as it is (a gzip file is compressed again, so that restoring it gives
    ///     the bytes that were there).
    ///   - path: The gzip file to write.
    ///   - level: zlib's compression level, 1 (fastest) to 9 (smallest).
    ///   - mode: Its permission bits, 0640 (owner and group may read) by default.
    ///   - each: Receives each piece of `source` as it is read (to hash the original on the way).
    /// - Throws: `SystemError` naming `source` (open, read) or the temporary file (write, compress, flush).
    ///   The corresponding C functions are `open`, `read`, `gzdopen`, `gzwrite`, `gzclose`, `fsync` and `rename`.
    public static func compress(
        _ source: String, to path: String, level: Int32, mode: UInt32 = 0o640,
        each: (UnsafeRawBufferPointer) -> Void = { _ in }
    ) throws(SystemError) {
        let input = try FileDescriptor.openForReading(source)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 16)
        defer { buffer.deallocate() }
        try AtomicFile.write(to: path, mode: mode) { (file) throws(SystemError) in
            let temporary = file.path
            let copy = dup(file.raw)
            guard copy >= 0 else { throw SystemError("cannot write", path: temporary, call: "dup") }
            guard let gzip = gzdopen(copy, "wb\(min(max(level, 1), 9))") else {
                Glibc.close(copy)
                throw SystemError("cannot write", path: temporary, call: "gzdopen", errno: Errno(rawValue: ENOMEM))
            }
            var isOpen = true
            defer { if isOpen { gzclose(gzip) } }
            gzbuffer(gzip, UInt32(pieceSize))
            while true {
                let count = try input.read(into: buffer)
                if count == 0 { break }
                let piece = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                each(piece)
                guard gzwrite(gzip, piece.baseAddress, UInt32(count)) == count else {
                    throw failure("cannot compress into", path: temporary, call: "gzwrite", gzip)
                }
            }
            isOpen = false
            let status = gzclose(gzip)
            guard status == Z_OK else {
                throw status == Z_ERRNO
                    ? SystemError("cannot write", path: temporary, call: "gzclose")
                    : SystemError("cannot compress into", path: temporary, call: "gzclose", errno: .ioError,
                                  reason: "zlib error \(status)")
            }
        }
    }

    /// Reads a gzip file to its end, handing each decompressed piece to `each`: as much memory as one piece,
    /// whatever the file's size.
    /// - Throws: `SystemError` when the file cannot be read, is not gzip, or its compressed data is damaged (zlib's
    ///   words: "unexpected end of file", "incorrect data check"). The corresponding C functions are `open`, `gzread`.
    public static func decompress(_ path: String, each: (UnsafeRawBufferPointer) -> Void) throws(SystemError) {
        let input = try InputFile(path: path)
        guard input.isCompressed else {
            throw SystemError("cannot decompress", path: path, call: "gzread", errno: .ioError, reason: "not a gzip file")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try input.read(into: buffer)
            if count == 0 { return }
            each(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// What zlib says went wrong with `gzip`: the system's error when it was one (`Z_ERRNO`), else zlib's own words.
    /// The corresponding C function is `gzerror`.
    static func failure(_ what: String, path: String, call: String, _ gzip: gzFile) -> SystemError {
        var status: Int32 = Z_OK
        var message = gzerror(gzip, &status).map { String(cString: $0) } ?? ""
        if status == Z_ERRNO { return SystemError(what, path: path, call: call) }
        // zlib starts its message with the name it opened, `<fd:4>: ` for a descriptor: the path says that better.
        if message.hasPrefix("<fd:"), let end = message.firstIndex(of: ">") { message = String(message[end...].dropFirst(3)) }
        return SystemError(what, path: path, call: call, errno: .ioError, reason: message.isEmpty ? "zlib error \(status)" : message)
    }
}

/// A file read from start to end in pieces: decompressed on the way when it is gzip (it begins with the bytes 1f 8b,
/// whatever its name), read as it is otherwise. The one owner of its descriptor, closed when the value goes.
public struct InputFile: ~Copyable {
    /// The path the file was opened with, as used in errors.
    public let path: String
    /// Whether the file is gzip, read decompressed.
    public let isCompressed: Bool
    /// Whether the path names a folder (which has nothing to read).
    public let isDirectory: Bool
    private let file: FileDescriptor
    private let gzip: gzFile?

    /// Opens a file to read it, decompressed when it is gzip.
    /// - Throws: `SystemError` ("cannot open") when the file is missing or not readable.
    /// The corresponding C functions are `open` and `fstat`.
    public init(path: String) throws(SystemError) {
        let opened = try FileDescriptor.openForReading(path)
        let isDirectory = try opened.isDirectory()
        let gzip = isDirectory ? nil : try Self.gzipReader(of: opened)
        self.path = path
        self.isDirectory = isDirectory
        self.gzip = gzip
        isCompressed = gzip != nil
        file = opened
    }

    /// A zlib reader on a copy of the descriptor when the file begins as gzip does, else nil.
    /// The corresponding C functions are `pread` (the first two bytes), `dup` and `gzdopen`.
    private static func gzipReader(of file: borrowing FileDescriptor) throws(SystemError) -> gzFile? {
        let raw = file.raw
        var head: [UInt8] = [0, 0]
        // A pipe cannot be read ahead (ESPIPE): it is read as it is.
        guard head.withUnsafeMutableBytes({ pread(raw, $0.baseAddress, 2, 0) }) == 2, head == GzipFile.magic else {
            return nil
        }
        let copy = dup(raw)
        guard copy >= 0 else { throw SystemError("cannot open", path: file.path, call: "dup") }
        guard let gzip = gzdopen(copy, "rb") else {
            Glibc.close(copy)
            throw SystemError("cannot open", path: file.path, call: "gzdopen", errno: Errno(rawValue: ENOMEM))
        }
        gzbuffer(gzip, UInt32(GzipFile.pieceSize))
        return gzip
    }

    deinit { if let gzip { gzclose(gzip) } }

    /// Reads up to `buffer.count` bytes (decompressed ones for a gzip file); returns 0 at the end.
    /// - Throws: `SystemError` ("cannot read"; "cannot decompress" with zlib's words for damaged gzip data).
    /// The corresponding C functions are `read` and `gzread`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        guard let gzip else { return try file.read(into: buffer) }
        let count = gzread(gzip, buffer.baseAddress, UInt32(min(buffer.count, Int(Int32.max))))
        if count > 0 { return Int(count) }
        var status: Int32 = Z_OK
        _ = gzerror(gzip, &status)
        // A file cut short ends with 0 bytes and Z_BUF_ERROR ("unexpected end of file"), not with -1.
        guard count < 0 || status != Z_OK else { return 0 }
        throw GzipFile.failure(status == Z_ERRNO ? "cannot read" : "cannot decompress", path: path, call: "gzread", gzip)
    }
}

extension SystemError {
    /// Whether the error is gzip data that cannot be decompressed (damaged or cut short): bad data, not a file that
    /// is missing or unreadable.
    public var isDamagedGzip: Bool { what == "cannot decompress" }
}
