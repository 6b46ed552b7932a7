import SystemIO

/// A file read from start to end in pieces, for the readers: the one owner of its descriptor (SystemIO's
/// `InputFile`, closed when the input goes; a gzip file is read decompressed), with the file's errors as
/// `XMLError`s (`FILE: cannot …: why`).
final class FileInput {
    let path: String
    private let file: InputFile

    init(path: String) throws(XMLError) {
        self.path = path
        do throws(SystemError) {
            file = try InputFile(path: path)
        } catch {
            throw XMLError(error)
        }
        if file.isDirectory {
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
    /// A file that cannot be opened or read: `FILE: cannot open: No such file or directory`. Damaged gzip data is bad
    /// data in the file, not a file that cannot be read: it is at line 1, which a reader that knows how far the data
    /// went moves there (`PushParser`).
    init(_ error: SystemError) {
        let line = error.isDamagedGzip ? 1 : 0
        self.init(file: error.path ?? "", line: line, column: line, message: "\(error.what): \(error.reason)")
    }
}
