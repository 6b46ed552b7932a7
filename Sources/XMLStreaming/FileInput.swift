import Glibc

/// The one owner of a read-only file descriptor; closes it when the last reference goes.
final class FileInput {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(XMLError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw XMLError(file: path, line: 0, column: 0, message: "cannot open: \(Self.describe(errno: errno))")
        }
        var status = stat()
        if fstat(fd, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw XMLError(file: path, line: 0, column: 0, message: "cannot read: it is a directory")
        }
        self.path = path
        self.descriptor = fd
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes; returns 0 at the end of the file. The corresponding C function is `read`.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(XMLError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw XMLError(file: path, line: 0, column: 0, message: "read failed: \(Self.describe(errno: errno))")
        }
    }

    static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }
}
