import Glibc

/// A POSIX error number (`errno`), an open set of values: compare with the named ones, or read `rawValue`.
///
/// Its description is the system's sentence for it (`strerror`), e.g. "No such file or directory".
public struct Errno: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value.
    public let rawValue: Int32

    /// Wraps a C error number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno` now.
    static var current: Errno { Errno(rawValue: errno) }

    /// `ENOENT`.
    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    /// `EACCES`.
    public static let permissionDenied = Errno(rawValue: EACCES)
    /// `ENOSPC`: the disk is full.
    public static let noSpace = Errno(rawValue: ENOSPC)
    /// `EWOULDBLOCK` (`EAGAIN`): a non-blocking call would have had to wait, e.g. for a lock another holds.
    public static let wouldBlock = Errno(rawValue: EWOULDBLOCK)
    /// `EISDIR`.
    public static let isDirectory = Errno(rawValue: EISDIR)
    /// `ENOTDIR`.
    public static let notDirectory = Errno(rawValue: ENOTDIR)
    /// `EEXIST`.
    public static let fileExists = Errno(rawValue: EEXIST)
    /// `EINTR`: a signal interrupted the call.
    public static let interrupted = Errno(rawValue: EINTR)
    /// `EINVAL`.
    public static let invalidArgument = Errno(rawValue: EINVAL)
    /// `EIO`.
    public static let ioError = Errno(rawValue: EIO)
    /// `EROFS`.
    public static let readOnlyFileSystem = Errno(rawValue: EROFS)

    /// The system's sentence for this error. The corresponding C function is `strerror`.
    public var description: String { String(cString: strerror(rawValue)) }
}

/// A failed system call: what was being done, to which file, and the error number it gave.
///
/// Rendered as `PATH: what: reason` (or `what: reason` without a path), e.g.
/// `outbox/report.html.tmp-42: cannot write: No space left on device`.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done, as words that read well after the path (`"cannot open"`).
    public let what: String
    /// The file the call was about, or nil.
    public let path: String?
    /// The C function that failed (`"open"`, `"fsync"`).
    public let call: String
    /// The error number the call gave.
    public let errno: Errno
    /// Why, in words: the system's sentence for `errno`, or a library's own (zlib's "invalid block type").
    public let reason: String

    /// An error with every part given.
    public init(_ what: String, path: String?, call: String, errno: Errno) {
        self.init(what, path: path, call: call, errno: errno, reason: errno.description)
    }

    /// An error a library tells in its own words rather than an error number's (`errno` is then `EIO`, or `ENOMEM`).
    init(_ what: String, path: String?, call: String, errno: Errno, reason: String) {
        self.what = what
        self.path = path
        self.call = call
        self.errno = errno
        self.reason = reason
    }

    /// An error from the calling thread's `errno` now: make it right after the call that failed.
    init(_ what: String, path: String?, call: String) {
        self.init(what, path: path, call: call, errno: .current)
    }

    public var description: String {
        path.map { "\($0): \(what): \(reason)" } ?? "\(what): \(reason)"
    }
}

/// Calls `body` again while it fails with `EINTR`; returns its result (negative on another failure, `errno` set).
@inline(__always)
func retryingOnInterrupt<T: BinaryInteger>(_ body: () -> T) -> T {
    while true {
        let result = body()
        if result >= 0 || errno != EINTR { return result }
    }
}
