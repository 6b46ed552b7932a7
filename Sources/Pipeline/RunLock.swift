import Foundation
import Glibc

/// The run lock: one saatava run per working directory at a time. Held by an open, `flock`ed file that also
/// says who holds it; released when the lock goes out of scope (or the process dies).
final class RunLock {
    private let descriptor: Int32

    /// Another run holds the lock.
    struct Busy: Error, CustomStringConvertible {
        let holder: String
        var description: String { "another saatava run holds the lock (\(holder))" }
    }

    /// The lock file cannot be opened or locked for another reason than another run (permissions, a full disk).
    struct CannotLock: Error, CustomStringConvertible {
        let description: String
    }

    /// Takes the lock at `path`, or throws `Busy` naming the holder (or `CannotLock`). The corresponding C
    /// function is `flock`.
    init(path: String, holder: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw CannotLock(description: "\(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            guard failure == EWOULDBLOCK else {
                close(descriptor)
                throw CannotLock(description: "\(path): \(String(cString: strerror(failure)))")
            }
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
            close(descriptor)
            let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : "unknown"
            throw Busy(holder: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        ftruncate(descriptor, 0)
        let line = holder + "\n"
        _ = line.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
