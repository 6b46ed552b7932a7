public import Receivables
public import SystemIO

extension SHA256 {
    /// A file's size and SHA-256 (64 lower-case hex digits), read through once in 64 KiB pieces.
    /// - Throws: `SystemError` when the file cannot be opened or read.
    public static func file(_ path: String) throws(SystemError) -> (size: Int, sha256: String) {
        let file = try FileDescriptor.openForReading(path)
        var hash = SHA256()
        var size = 0
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            var count = 0
            var failure: SystemError?
            buffer.withUnsafeMutableBytes { raw in
                do throws(SystemError) { count = try file.read(into: raw) } catch { failure = error }
            }
            if let failure { throw failure }
            if count == 0 { break }
            size += count
            buffer.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return (size, hex(digest: hash.finalize()))
    }
}
