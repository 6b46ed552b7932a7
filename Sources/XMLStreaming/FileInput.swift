import SystemIO

/// A file read from start to end in pieces, for the readers: the one owner of its descriptor (SystemIO's
/// `FileDescriptor`, closed when the input goes), with the file's errors as `XMLError`s (`FILE: cannot …: why`).
final class FileInput {
    let path: String
    private let file: FileDescriptor

    init(path: String) throws(XMLError) {
        self.path = path
        do throws(SystemError) {
            file = try FileDescriptor.openForReading(path)
        } catch {
            throw XMLError(error)
        }
        if (try? file.isDirectory()) == true {
            throw XMLError(file: path, line: 0, column: 0, message: "cannot read: it is a directory")
        }
    }

    /// Reads up to `buffer.count` bytes; returns 0 at the end of the file. The corresponding C function is `read`.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(XMLError) -> Int {
        do throws(SystemError) {
            return try file.read(into: buffer)
        } catch {
            throw XMLError(error)
        }
    }
}

extension XMLError {
    /// A file that cannot be opened or read: `FILE: cannot open: No such file or directory`.
    init(_ error: SystemError) {
        self.init(file: error.path ?? "", line: 0, column: 0, message: "\(error.what): \(error.errno)")
    }
}
