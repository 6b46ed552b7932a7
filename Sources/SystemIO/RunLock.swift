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

    /// Takes the lock at `path` (creating the file, mode 0640, if it is missing), waiting at most about a second
    /// (`isHeld` holds it a moment), and writes `holder` into it. The corresponding C function is `flock`
    /// (`LOCK_EX | LOCK_NB`).
    /// - Throws: `Busy` naming the holder when another has the lock, `CannotLock` for any other failure.
    public init(path: String, holder: String) throws {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, O_RDWR | O_CREAT, mode: 0o640)
        } catch {
            throw CannotLock(error: error)
        }
        var tries = 1
        while flock(file.raw, LOCK_EX | LOCK_NB) != 0 {
            let failure = SystemError("cannot lock", path: path, call: "flock")
            guard failure.errno == .wouldBlock else { throw CannotLock(error: failure) }
            guard tries < Self.tries else { throw Busy(holder: Self.holder(of: file)) }
            usleep(50_000)
            tries += 1
        }
        // The line only tells others who holds the lock: a lock whose line cannot be written is still held.
        try? file.truncate(to: 0)
        try? file.write(Array((holder + "\n").utf8), at: 0)
        self.file = file
    }

    /// How many times a lock held by another is tried, 50 ms apart, before it is called busy.
    private static let tries = 20

    /// Releases the lock now (else it is released when the lock goes). Call it after the work the lock guards: that
    /// also keeps the lock alive until then. The corresponding C function is `close`.
    public consuming func release() {}

    /// Whether a process holds the lock at `path` now: a shared lock on it is tried without waiting and given back
    /// at once (a taker of the lock at that moment waits for it, see `init`). False when the file is missing; nil
    /// when it cannot be opened to read. The corresponding C function is `flock` (`LOCK_SH | LOCK_NB`).
    public static func isHeld(path: String) -> Bool? {
        guard let file = try? FileDescriptor.openForReading(path) else {
            return access(path, F_OK) == 0 ? nil : false
        }
        guard flock(file.raw, LOCK_SH | LOCK_NB) == 0 else { return errno == EWOULDBLOCK ? true : nil }
        return false
    }

    /// The line the last holder of the lock at `path` wrote into it (see `init`), trimmed; nil when the file cannot be
    /// read, "unknown" when it says nothing.
    public static func holder(path: String) -> String? {
        guard let file = try? FileDescriptor.openForReading(path) else { return nil }
        return holder(of: file)
    }

    /// The holder's line in a lock file, trimmed; "unknown" when the file says nothing.
    private static func holder(of file: borrowing FileDescriptor) -> String {
        // Just opened: the descriptor reads from the start.
        let text = String(decoding: (try? file.read(upTo: 512)) ?? [], as: UTF8.self)
        let trimmed = text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
        return trimmed.isEmpty ? "unknown" : String(trimmed)
    }
}
