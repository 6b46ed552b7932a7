import Glibc

/// An exclusive lock on a file, one holder at a time across processes: an open, `flock`ed file that also says who
/// holds it (the holder's line is written into the file). Released when the lock goes (its descriptor is closed),
/// or when the process dies.
public struct RunLock: ~Copyable {
    private let file: FileDescriptor

    /// Another holder has the lock.
    public struct Busy: Error, Sendable, CustomStringConvertible {
        /// The line the holder wrote into the lock file ("unknown" when it holds none).
        public let holder: String
        public var description: String { "another saatava run holds the lock (\(holder))" }
    }

    /// The lock file cannot be opened or locked for another reason than another holder (permissions, a full disk,
    /// a folder in its place).
    public struct CannotLock: Error, Sendable, CustomStringConvertible {
        /// The call that failed.
        public let error: SystemError
        public var description: String { error.description }
    }

    /// Takes the lock at `path` (creating the file, mode 0640, if it is missing) without waiting, and writes
    /// `holder` into it. The corresponding C function is `flock` (`LOCK_EX | LOCK_NB`).
    /// - Throws: `Busy` naming the holder when another has the lock, `CannotLock` for any other failure.
    public init(path: String, holder: String) throws {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, O_RDWR | O_CREAT, mode: 0o640)
        } catch {
            throw CannotLock(error: error)
        }
        guard flock(file.raw, LOCK_EX | LOCK_NB) == 0 else {
            let failure = SystemError("cannot lock", path: path, call: "flock")
            guard failure.errno == .wouldBlock else { throw CannotLock(error: failure) }
            throw Busy(holder: Self.holder(of: file))
        }
        // The line only tells others who holds the lock: a lock whose line cannot be written is still held.
        try? file.truncate(to: 0)
        try? file.write(Array((holder + "\n").utf8), at: 0)
        self.file = file
    }

    /// Releases the lock now (else it is released when the lock goes). Call it after the work the lock guards: that
    /// also keeps the lock alive until then. The corresponding C function is `close`.
    public consuming func release() {}

    /// Whether a process holds the lock at `path` now, as the kernel's table of locks (`/proc/locks`) says: read
    /// only, so that a run taking the lock at that moment is not disturbed. False when the file is missing; nil when
    /// the table cannot be read.
    public static func isHeld(path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        guard let table = try? FileDescriptor.openForReading("/proc/locks").read(upTo: 1 << 24) else { return nil }
        // Linux's encoding of a device number (glibc's `major` and `minor`).
        let device = UInt64(info.st_dev)
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff)
        let minor = (device & 0xff) | ((device >> 12) & ~0xff)
        // "1: FLOCK  ADVISORY  WRITE 15506 fe:00:16220164 0 EOF": a lock, its process, and its file as major and
        // minor device (hexadecimal) and inode; a process waiting for a lock has "->" after the number.
        for line in String(decoding: table, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 5, fields[1] == "FLOCK" else { continue }
            let file = fields[5].split(separator: ":")
            if file.count == 3, UInt64(file[0], radix: 16) == major, UInt64(file[1], radix: 16) == minor,
               UInt64(file[2]) == UInt64(info.st_ino) {
                return true
            }
        }
        return false
    }

    /// The holder's line in a lock file, trimmed; "unknown" when the file says nothing.
    private static func holder(of file: borrowing FileDescriptor) -> String {
        // Just opened: the descriptor reads from the start.
        let text = String(decoding: (try? file.read(upTo: 512)) ?? [], as: UTF8.self)
        let trimmed = text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
        return trimmed.isEmpty ? "unknown" : String(trimmed)
    }
}
