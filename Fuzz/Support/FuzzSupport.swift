import Glibc

// What every harness shares: the input as a file (the readers take paths, as in a run) and the contract checks,
// which stop the process with a message so that libFuzzer reports the input as a finding.

/// A scratch folder of this process's own for the input file: under `SAATAVA_FUZZ_SCRATCH` (scripts/fuzz.sh points
/// it at a tmpfs folder it removes afterwards), else under /tmp.
private let scratchFolder: String = {
    let base = getenv("SAATAVA_FUZZ_SCRATCH").map { String(cString: $0) } ?? "/tmp"
    let folder = "\(base)/saatava-fuzz-\(getpid())"
    mkdir(folder, 0o700)
    return folder
}()

/// Writes the input to `name` in the scratch folder (replacing what the previous input left) and returns its path.
func writeInput(_ data: UnsafePointer<UInt8>, _ size: Int, name: String) -> String {
    let path = "\(scratchFolder)/\(name)"
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(descriptor >= 0, "cannot create \(path)")
    var written = 0
    while written < size {
        let count = write(descriptor, data + written, size - written)
        precondition(count > 0, "cannot write \(path)")
        written += count
    }
    close(descriptor)
    return path
}

/// The input as bytes.
func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: data, count: size)) }

/// Stops the process when a contract is broken: libFuzzer keeps the input as a crash.
func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError("contract broken: \(message())", file: file, line: line) }
}
